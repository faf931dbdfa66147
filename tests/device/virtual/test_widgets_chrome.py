"""Screen chrome: the top app bar, overflow menu, floating button, bottom navigation,
loading spinner, dialogs over a page, and the keyboard pushing content up."""

from __future__ import annotations

from pathlib import Path

import pytest

from device.virtual.ui.boxes import hit
from device.virtual.ui.schema import BackAction, MenuAction, OpenAction
from tests.device.virtual.test_widgets_kit import (
    HEIGHT,
    WIDTH,
    app_json,
    differs,
    has_ink,
    load,
    nodes,
    one,
    page,
    shot,
    tap,
    window,
)

CLOCK = app_json(
    {
        "alarms": {
            "title": "Alarms",
            "toolbar": "title",
            "actions": [
                {"icon": "search", "desc": "Search", "on_click": {"do": "toast", "text": "s"}},
                {"icon": "star"},
            ],
            "menu": [
                {"text": "Settings", "on_click": {"do": "open", "screen": "timer"}},
                {"text": "Send feedback"},
            ],
            "fab": {"icon": "add", "desc": "Add alarm"},
            "bottom_nav": [
                {"icon": "alarm", "label": "Alarm", "screen": "alarms"},
                {"icon": "timer", "label": "Timer", "screen": "timer"},
            ],
            "widgets": [{"type": "row", "title": f"Alarm {i}"} for i in range(20)],
            "footer": [{"type": "button", "text": "Clear all"}],
        },
        "timer": {
            "title": "Timer",
            "toolbar": "up",
            "fab": {"icon": "play_arrow", "text": "Start"},
            "loading_ms": 500,
            "widgets": [{"type": "text", "text": "00:00", "style": "display"}],
        },
        "ask": {
            "title": "Delete alarm?",
            "kind": "dialog",
            "widgets": [
                {"type": "text", "text": "This alarm will be removed."},
                {"type": "text_field", "id": "note", "label": "Reason"},
            ],
            "footer": [
                {"type": "button", "text": "Cancel", "on_click": {"do": "back"}},
                {"type": "button", "text": "Delete", "on_click": {"do": "back"}},
            ],
        },
        "bare": {"toolbar": "none", "widgets": [{"type": "text", "text": "Bare"}]},
    },
    state={"note": ""},
)


def test_toolbar_kinds(tmp_path: Path) -> None:
    app = load(tmp_path, CLOCK)
    _, root = window(page(app, "alarms"))
    assert not nodes(root, content_desc="Navigate up")
    title = one(root, text="Alarms")
    assert title.bounds[0] < 100
    _, root = window(page(app, "timer"))
    up = one(root, cls="android.widget.ImageButton", content_desc="Navigate up")
    assert up.bounds[2] < one(root, text="Timer").bounds[0]
    _, root = window(page(app, "bare"))
    assert not nodes(root, resource_id="com.example.widgets:id/toolbar")


def test_toolbar_actions_and_overflow_menu(tmp_path: Path) -> None:
    app = load(tmp_path, CLOCK)
    box, root = window(page(app, "alarms"))
    buttons = [n for n in nodes(root, cls="android.widget.ImageButton") if n.bounds[1] < 400]
    assert [b.content_desc for b in buttons] == ["Search", "", "More options"]
    assert buttons[0].bounds[2] <= buttons[1].bounds[0] and buttons[2].bounds[2] > 1000
    assert isinstance(tap(box, buttons[2]).on_click[0], MenuAction)
    assert not nodes(root, text="Send feedback")

    open_box, open_root = window(page(app, "alarms", menu_open=True))
    menu = one(open_root, cls="android.widget.ListView")
    items = [n for n in menu.children if n.cls == "android.widget.TextView"]
    assert [i.text for i in items] == ["Settings", "Send feedback"]
    assert menu.bounds[2] > WIDTH - 100 and menu.bounds[1] < 400
    action = tap(open_box, items[0]).on_click[0]
    assert isinstance(action, OpenAction) and action.screen == "timer"
    assert differs(shot(box), shot(open_box), menu.bounds)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_fab_and_bottom_navigation(tmp_path: Path, theme: str) -> None:
    app = load(tmp_path, CLOCK)
    box, root = window(page(app, "alarms", theme=theme))
    image = shot(box)
    image.save(f"/tmp/widgets_chrome_{theme}.png")
    fab = one(root, content_desc="Add alarm")
    assert fab.cls == "android.widget.ImageButton" and fab.clickable
    assert fab.bounds[2] - fab.bounds[0] == fab.bounds[3] - fab.bounds[1] == 147
    alarm = one(root, content_desc="Alarm", cls="android.widget.FrameLayout")
    timer = one(root, content_desc="Timer", cls="android.widget.FrameLayout")
    assert alarm.selected and not timer.selected
    assert alarm.bounds[3] == HEIGHT - 126 and alarm.bounds[3] - alarm.bounds[1] == 210
    clear = one(root, text="Clear all")
    assert fab.bounds[3] <= clear.bounds[1] <= clear.bounds[3] <= alarm.bounds[1]
    action = tap(box, timer).on_click[0]
    assert isinstance(action, OpenAction) and action.replace and action.screen == "timer"
    body = one(root, cls="androidx.recyclerview.widget.RecyclerView")
    assert body.scrollable and body.bounds[3] <= clear.bounds[1]
    pill = (alarm.bounds[0], alarm.bounds[1], alarm.bounds[2], alarm.bounds[1] + 100)
    other = (timer.bounds[0], timer.bounds[1], timer.bounds[2], timer.bounds[1] + 100)
    assert image.crop(pill).getcolors(1 << 16) != image.crop(other).getcolors(1 << 16)


def test_loading_shows_only_a_spinner_and_extended_fab_is_a_button(tmp_path: Path) -> None:
    app = load(tmp_path, CLOCK)
    box, root = window(page(app, "timer", loading=True))
    spinner = one(root, cls="android.widget.ProgressBar")
    assert not nodes(root, text="00:00")
    assert has_ink(shot(box), spinner.bounds)
    center = (
        (spinner.bounds[0] + spinner.bounds[2]) // 2,
        (spinner.bounds[1] + spinner.bounds[3]) // 2,
    )
    assert abs(center[0] - WIDTH // 2) <= 2
    _, root = window(page(app, "timer"))
    assert one(root, text="00:00")
    start = one(root, cls="android.widget.Button", text="Start")
    assert start.bounds[2] - start.bounds[0] > start.bounds[3] - start.bounds[1]


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_dialog_card_over_the_page(tmp_path: Path, theme: str) -> None:
    app = load(tmp_path, CLOCK)
    under = page(app, "alarms", theme=theme)
    plain_box, _ = window(under)
    box, root = window(under, page(app, "ask", theme=theme))
    image = shot(box)
    image.save(f"/tmp/widgets_dialog_{theme}.png")
    walk = list(root.walk())
    title = one(root, text="Delete alarm?")
    assert title.resource_id == "android:id/alertTitle"
    assert walk.index(title) > walk.index(one(root, text="Alarm 0"))
    card = one(root, key="com.example.widgets/ask/dialog")
    assert abs((card.bounds[0] + card.bounds[2]) // 2 - WIDTH // 2) <= 1
    delete = one(root, cls="android.widget.Button", text="Delete")
    cancel = one(root, cls="android.widget.Button", text="Cancel")
    assert delete.resource_id == "android:id/button1" and cancel.resource_id == "android:id/button2"
    assert cancel.bounds[2] <= delete.bounds[0] and delete.bounds[2] > card.bounds[2] - 100
    assert delete.bounds[1] == cancel.bounds[1]
    assert one(root, cls="android.widget.EditText").text == "Reason"
    screen = (0, 0, WIDTH, HEIGHT)
    outside = hit(box, 40, HEIGHT // 2, screen, want="click")
    assert outside is not None and isinstance(outside.on_click[0], BackAction)
    inside = hit(box, card.bounds[0] + 10, card.bounds[1] + 10, screen, want="click")
    assert inside is None
    assert tap(box, delete).on_click[0].do == "back"
    before, after = shot(plain_box), image
    corner = (0, 0, 60, 60)
    assert differs(before, after, corner) and differs(before, after, card.bounds)
    scrim = after.getpixel((5, 1200))
    page_pixel = before.getpixel((5, 1200))
    assert isinstance(scrim, tuple) and isinstance(page_pixel, tuple)
    assert sum(scrim) < sum(page_pixel) or sum(page_pixel) == 0


def test_keyboard_lifts_footer_and_dialog(tmp_path: Path) -> None:
    app = load(tmp_path, CLOCK)
    _, root = window(page(app, "alarms"))
    _, raised = window(page(app, "alarms", ime_px=900))
    low, high = one(root, text="Clear all"), one(raised, text="Clear all")
    assert high.bounds[3] <= HEIGHT - 900 < low.bounds[1]
    assert one(raised, cls="androidx.recyclerview.widget.RecyclerView").bounds[3] <= HEIGHT - 900
    assert not nodes(raised, content_desc="Timer")
    under = page(app, "alarms")
    _, lifted = window(under, page(app, "ask", ime_px=900))
    card = one(lifted, key="com.example.widgets/ask/dialog")
    assert card.bounds[3] <= HEIGHT - 900
