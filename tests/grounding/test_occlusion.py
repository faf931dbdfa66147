"""What a dialog, a sheet or a floating button covers cannot be tapped: never chosen."""

from __future__ import annotations

import pytest

import aci
from device.virtual.phone import PhoneConfig, VirtualPhone
from grounding import ground, parse_hierarchy
from grounding.errors import InputTooLargeError
from grounding.hierarchy import read_hierarchy
from tests.grounding.screens import screen_of


def _node(bounds: str, *, children: str = "", order: int | None = None, **attrs: str) -> str:
    fields = {"class": "android.view.View", "clickable": "false", **attrs, "bounds": bounds}
    if order is not None:
        fields["drawing-order"] = str(order)
    text = " ".join(f'{key.replace("_", "-")}="{value}"' for key, value in fields.items())
    return f"<node {text}>{children}</node>"


def _row(y: int, title: str) -> str:
    title_node = _node(
        f"[42,{y + 30}][800,{y + 90}]", text=title, **{"class": "android.widget.TextView"}
    )
    return _node(f"[0,{y}][1080,{y + 120}]", children=title_node, clickable="true")


_SENDERS = ("Alice", "Bruno", "Chiara", "Dmitri", "Elif", "Farah", "Goran", "Hana")


def _inbox(cover: str | None = None, *, order: bool = False) -> str:
    """A list of eight rows under a toolbar (with its shadow) and a floating add button, with
    a layer listed last over the middle of the list: `card` (a plain container holding a
    question and buttons), `dialog` (the same card as a dialog's content frame) or `menu`
    (a popup list of clickable rows). With `order`, uiautomator2's `drawing-order` is given,
    and the layer is listed first but drawn last."""
    rows = "".join(_row(300 + 120 * i, name) for i, name in enumerate(_SENDERS))
    layers = [
        _node(
            "[0,300][1080,1260]", children=rows, scrollable="true",
            **{"class": "androidx.recyclerview.widget.RecyclerView"},
        ),
        _node("[0,100][1080,300]", text="Inbox", **{"class": "android.widget.TextView"}),
        _node("[0,300][1080,310]"),  # the toolbar's shadow, over the first row's top edge
        _node(
            "[880,1150][1040,1250]", content_desc="Compose", clickable="true",
            **{"class": "android.widget.ImageButton"},
        ),
    ]  # fmt: skip
    if cover in ("card", "dialog"):
        card = "".join(
            [
                _node("[140,620][940,700]", text="Delete 3 messages?",
                      **{"class": "android.widget.TextView"}),
                _node("[140,720][940,820]", text="Keep a copy",
                      **{"class": "android.widget.CheckBox"}, clickable="true"),
                _node("[560,840][740,920]", text="Cancel", clickable="true",
                      **{"class": "android.widget.Button"}),
                _node("[760,840][940,920]", text="Delete", clickable="true",
                      **{"class": "android.widget.Button"}),
            ]
        )  # fmt: skip
        frame = {"resource_id": "android:id/content"} if cover == "dialog" else {}
        layers.append(_node("[100,560][980,1000]", children=card, **frame))
    if cover == "menu":
        items = "".join(
            _node(f"[400,{y}][1060,{y + 120}]", text=label, clickable="true",
                  **{"class": "android.widget.TextView"})
            for y, label in ((300, "Archive"), (420, "Mark read"), (540, "Mute"), (660, "Block"))
        )  # fmt: skip
        layers.append(_node("[400,300][1060,780]", children=items,
                            **{"class": "android.widget.ListView"}))  # fmt: skip
    if order and cover:
        layers = [layers[-1], *layers[:-1]]
        drawn = [len(layers), *range(1, len(layers))]
        layers = [
            layer.replace("<node ", f'<node drawing-order="{n}" ', 1)
            for layer, n in zip(layers, drawn, strict=True)
        ]
    window = _node("[0,0][1080,2400]", children="".join(layers), resource_id="android:id/content")
    return f'<?xml version="1.0"?><hierarchy rotation="0">{window}</hierarchy>'


def _tap(xml: str, target: str) -> aci.Element | None:
    grounded = ground(aci.parse_action(f'tap "{target}"'), screen_of(xml))
    return grounded.element if grounded.found else None


def test_without_a_cover_every_row_is_reachable_despite_shadow_and_button() -> None:
    labels = {e.label for e in parse_hierarchy(_inbox())}
    assert set(_SENDERS) <= labels
    assert read_hierarchy(_inbox()).hidden == []


@pytest.mark.parametrize("order", [False, True], ids=["document-order", "drawing-order"])
def test_a_plain_container_drawn_over_rows_hides_nothing(order: bool) -> None:
    # It consumes no touch, so a tap passes through it: no evidence of a cover.
    xml = _inbox("card", order=order)
    assert read_hierarchy(xml).hidden == []
    assert _tap(xml, "Dmitri") is not None


@pytest.mark.parametrize("order", [False, True], ids=["document-order", "drawing-order"])
def test_a_dialog_frame_over_its_activity_puts_all_of_it_out_of_reach(order: bool) -> None:
    xml = _inbox("dialog", order=order)
    hidden = {e.label for e in read_hierarchy(xml).hidden}
    assert set(_SENDERS) | {"Compose", "Inbox"} <= hidden  # modal: outside taps dismiss it
    assert not {"Delete", "Cancel", "Keep a copy"} & hidden
    assert _tap(xml, "Dmitri") is None and _tap(xml, "Hana") is None
    chosen = _tap(xml, "Delete")
    assert chosen is not None and chosen.role is aci.Role.BUTTON


def test_with_drawing_order_a_popup_list_takes_the_taps_on_what_it_covers() -> None:
    xml = _inbox("menu", order=True)
    hidden = {e.label for e in read_hierarchy(xml).hidden}
    assert {"Alice", "Bruno", "Chiara", "Dmitri"} <= hidden  # centres under the menu's rows
    assert not {"Elif", "Farah", "Goran", "Hana", "Mute", "Block"} & hidden
    assert _tap(xml, "Bruno") is None
    assert _tap(xml, "Mute") is not None


def test_without_drawing_order_the_listed_order_is_no_evidence() -> None:
    # A dump's listed order is the accessibility order, which need not be the drawing order.
    assert read_hierarchy(_inbox("menu")).hidden == []


def _window(bounds: str, children: str, **attrs: str) -> str:
    return _node(bounds, children=children, **{"class": "android.widget.FrameLayout", **attrs})


def _dump(*windows: str) -> str:
    return f'<?xml version="1.0"?><hierarchy rotation="0">{"".join(windows)}</hierarchy>'


_ACTIVITY = _window(
    "[0,0][1080,2400]",
    _node("[0,0][1080,2400]", resource_id="android:id/content",
          children="".join(_row(300 + 120 * i, name) for i, name in enumerate(_SENDERS))),
)  # fmt: skip


def test_a_popup_window_is_modal_even_when_each_of_its_rows_holds_a_content_frame() -> None:
    # Framework popup menu rows each hold an android:id/content of their own: the rows
    # must not hide each other, and the popup (a floating window) takes every touch.
    rows = "".join(
        _node(f"[600,{y}][1040,{y + 120}]", clickable="true",
              children=_node(f"[640,{y}][1000,{y + 120}]", resource_id="android:id/content",
                             children=_node(f"[640,{y + 30}][1000,{y + 90}]", text=label)))
        for y, label in ((120, "Refresh"), (240, "Settings"), (360, "Help"))
    )  # fmt: skip
    listing = _node("[600,120][1040,480]", children=rows, **{"class": "android.widget.ListView"})
    popup = _window("[600,100][1040,500]", listing, **{"class": "android.widget.PopupWindow$PopupDecorView"})  # fmt: skip  # noqa: E501
    xml = _dump(popup, _ACTIVITY)
    dump = read_hierarchy(xml)
    assert {"Refresh", "Settings", "Help"} <= {e.label for e in dump.elements}
    assert set(_SENDERS) <= {e.label for e in dump.hidden}


def test_a_keyboard_window_hides_only_what_it_covers() -> None:
    keys = _node("[0,1500][1080,2400]", clickable="true", content_desc="Keyboard")
    keyboard = _window("[0,1500][1080,2400]", keys)
    dump = read_hierarchy(_dump(_ACTIVITY, keyboard))
    assert {e.label for e in dump.hidden} == set()  # the rows end at y 1260, above the keys
    tall = _dump(_ACTIVITY, _window("[0,700][1080,2400]", keys))
    hidden = {e.label for e in read_hierarchy(tall).hidden}
    assert hidden == {"Dmitri", "Elif", "Farah", "Goran", "Hana"}  # centres at y 720 and below


def test_a_full_screen_layer_that_takes_no_touch_and_a_zero_size_wrapper_hide_nothing() -> None:
    # Real apps list transparent roots, masks and zero-size Compose/WebView wrappers last.
    rows = "".join(_row(300 + 120 * i, name) for i, name in enumerate(_SENDERS))
    content = _node("[0,0][1080,2400]", children=rows)
    mask = _node("[0,0][1080,2400]", **{"class": "android.widget.FrameLayout"})
    wrapper = _node("[0,0][0,0]", children=_node("[0,2000][1080,2100]", text="Footer"))
    xml = _dump(_window("[0,0][1080,2400]", content + mask + wrapper))
    assert read_hierarchy(xml).hidden == []


def test_a_deep_hierarchy_is_read_without_recursion_and_an_absurd_one_is_refused() -> None:
    deep = _node("[0,0][1080,200]", text="Bottom", clickable="true")
    for _ in range(200):
        deep = _node("[0,0][1080,2400]", children=deep)
    assert "Bottom" in {e.label for e in parse_hierarchy(_dump(deep))}
    for _ in range(400):
        deep = _node("[0,0][1080,2400]", children=deep)
    with pytest.raises(InputTooLargeError, match="nested more than 256 levels"):
        parse_hierarchy(_dump(deep))


def _open(device: VirtualPhone, *labels: str) -> str:
    for label in labels:
        element = next(e for e in parse_hierarchy(device.hierarchy_xml(form="u2"))
                       if e.label == label)  # fmt: skip
        device.tap(element.center.x, element.center.y)
    return device.hierarchy_xml(form="u2")


@pytest.mark.parametrize("form", ["u2", "dump"])
def test_calculator_theme_dialog_hides_the_keypad(form: str) -> None:
    device = VirtualPhone(PhoneConfig())
    device.start_app("com.google.android.calculator")
    _open(device, "More options", "Choose theme")
    xml = device.hierarchy_xml(form="u2" if form == "u2" else "dump")
    labels = {e.label for e in parse_hierarchy(xml)}
    assert {"Light", "Dark", "System default", "Cancel"} <= labels
    assert not {"7", "AC", "More options"} & labels  # under the dialog or its scrim
    screen = screen_of(xml)
    for hidden in ("7", "AC", "More options"):
        assert not ground(aci.parse_action(f'tap "{hidden}"'), screen).found, hidden
    assert ground(aci.parse_action('tap "Dark"'), screen).found


def test_a_permission_prompt_hides_the_app_then_the_enter_time_dialog_hides_the_alarms() -> None:
    device = VirtualPhone(PhoneConfig())
    device.start_app("com.google.android.deskclock")
    prompt = screen_of(device.hierarchy_xml(form="u2"))
    assert not ground(aci.parse_action('tap "Add alarm"'), prompt).found  # the app is under it
    assert ground(aci.parse_action('tap "Allow"'), prompt).found
    before = {e.label for e in parse_hierarchy(_open(device, "Allow"))}
    xml = _open(device, "Add alarm")
    screen = screen_of(xml)
    assert any(e.editable for e in screen.elements)  # the dialog's fields
    assert "Add alarm" in before and "Add alarm" not in {e.label for e in screen.elements}
    assert not ground(aci.parse_action('tap "Add alarm"'), screen).found
