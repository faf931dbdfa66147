"""Controls as a user meets them: sliders, radio buttons, check boxes, tabs, grids, rows,
fields and bubbles, their nodes and what a tap on them does."""

from __future__ import annotations

from pathlib import Path

import pytest

from device.virtual.ui.schema import SetAction, ToggleAction
from tests.device.virtual.test_widgets_kit import (
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

CONTROLS = app_json(
    {
        "main": {
            "title": "Controls",
            "widgets": [
                {
                    "type": "slider",
                    "id": "brightness",
                    "bind": {"state": "level"},
                    "label": "Brightness",
                    "min": 0,
                    "max": 10,
                    "step": 2,
                },
                {
                    "type": "radio",
                    "text": "Light",
                    "bind": {"state": "mode"},
                    "value": "light",
                    "on_click": {"do": "back"},
                },
                {"type": "radio", "text": "Dark", "bind": {"state": "mode"}, "value": "dark"},
                {"type": "checkbox", "text": "Vibrate", "bind": {"state": "vibrate"}},
                {
                    "type": "tabs",
                    "bind": {"state": "tab"},
                    "tabs": [
                        {"text": "Alarm", "value": "alarm"},
                        {"text": "Timer", "value": "timer"},
                    ],
                },
            ],
        }
    },
    state={"level": "5", "mode": "dark", "vibrate": "0", "tab": "alarm"},
)


def test_slider_is_a_seekbar_with_its_track(tmp_path: Path) -> None:
    app = load(tmp_path, CONTROLS)
    box, root = window(page(app, "main"))
    bar = one(root, cls="android.widget.SeekBar")
    assert bar.content_desc == "Brightness"
    info = tap(box, bar).slider
    assert info is not None
    assert (info.low, info.high, info.step) == (0, 10, 2)
    assert bar.bounds[0] <= info.track[0] < info.track[1] <= bar.bounds[2]
    low = page(app, "main", state={**app.state, "level": "0"})
    assert differs(shot(box), shot(window(low)[0]), bar.bounds)


def test_radio_buttons_show_the_bound_choice_and_store_theirs(tmp_path: Path) -> None:
    app = load(tmp_path, CONTROLS)
    box, root = window(page(app, "main"))
    light = one(root, cls="android.widget.RadioButton", text="Light")
    dark = one(root, cls="android.widget.RadioButton", text="Dark")
    assert light.checkable and light.clickable and not light.checked and dark.checked
    actions = tap(box, light).on_click
    assert isinstance(actions[0], SetAction) and actions[0].value == "light"
    assert actions[0].state == "mode" and actions[1].do == "back"


def test_checkbox_row_toggles_its_value(tmp_path: Path) -> None:
    app = load(tmp_path, CONTROLS)
    box, root = window(page(app, "main"))
    check = one(root, cls="android.widget.CheckBox", text="Vibrate")
    assert check.checkable and not check.checked
    action = tap(box, check).on_click[0]
    assert isinstance(action, ToggleAction) and action.state == "vibrate"
    on = page(app, "main", state={**app.state, "vibrate": "1"})
    on_box, on_root = window(on)
    assert one(on_root, cls="android.widget.CheckBox").checked
    assert differs(shot(box), shot(on_box), check.bounds)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_tabs_mark_the_selected_tab(tmp_path: Path, theme: str) -> None:
    app = load(tmp_path, CONTROLS)
    box, root = window(page(app, "main", theme=theme))
    alarm = one(root, content_desc="Alarm")
    timer = one(root, content_desc="Timer")
    assert alarm.selected and not timer.selected
    assert one(root, cls="android.widget.TextView", text="Alarm").selected
    action = tap(box, timer).on_click[0]
    assert isinstance(action, SetAction) and action.value == "timer"
    other = window(page(app, "main", theme=theme, state={**app.state, "tab": "timer"}))[0]
    before, after = shot(box), shot(other)
    assert differs(before, after, alarm.bounds) and differs(before, after, timer.bounds)


GRID = app_json(
    {
        "keys": {
            "title": "Calculator",
            "toolbar": "none",
            "widgets": [
                {
                    "type": "grid",
                    "id": "pad",
                    "columns": 4,
                    "cells": [
                        {"text": "7", "on_click": {"do": "set", "state": "x", "value": "7"}},
                        {"icon": "backspace", "desc": "Backspace"},
                        {"icon": "percent"},
                        {"text": "=", "style": "accent"},
                    ],
                }
            ],
        },
        "photos": {
            "title": "Photos",
            "widgets": [
                {
                    "type": "grid",
                    "columns": 3,
                    "items": "photos",
                    "cell": {
                        "image": "{seed}",
                        "on_click": {"do": "set", "state": "open", "value": "{id}"},
                    },
                }
            ],
        },
    },
    state={"x": ""},
    data={"photos": [{"id": str(i), "seed": f"photo-{i}"} for i in range(5)]},
)


def test_grid_cells_are_buttons_image_buttons_and_pictures(tmp_path: Path) -> None:
    app = load(tmp_path, GRID)
    box, root = window(page(app, "keys"))
    seven = one(root, cls="android.widget.Button", text="7")
    assert seven.clickable
    assert one(root, cls="android.widget.ImageButton", content_desc="Backspace")
    buttons = nodes(root, cls="android.widget.ImageButton")
    assert [b.content_desc for b in buttons] == ["Backspace", ""]
    equals = one(root, text="=")
    assert equals.bounds[1] == seven.bounds[1] and equals.bounds[0] > seven.bounds[2]
    assert equals.bounds[3] - equals.bounds[1] == seven.bounds[3] - seven.bounds[1]
    image = shot(box)
    assert image.getpixel(equals.center) != image.getpixel(seven.center)

    box, root = window(page(app, "photos"))
    pictures = nodes(root, cls="android.widget.ImageView")
    assert len(pictures) == 5 and all(not p.text and not p.content_desc for p in pictures)
    action = tap(box, pictures[3]).on_click[0]
    assert isinstance(action, SetAction) and action.value == "3"
    image = shot(box)
    assert has_ink(image, pictures[0].bounds)
    assert differs(image, image.transpose(0), pictures[0].bounds)
    crops = [image.crop(p.bounds).tobytes() for p in pictures[:2]]
    assert crops[0] != crops[1]
    again = shot(window(page(app, "photos"))[0])
    assert not differs(image, again, pictures[0].bounds)


ROWS = app_json(
    {
        "main": {
            "title": "Rows",
            "widgets": [
                {"type": "row", "title": "Ada Lovelace", "avatar": "Ada Lovelace"},
                {
                    "type": "row",
                    "title": "7:30 AM",
                    "title_style": "large",
                    "summary": "Mon, Tue",
                    "switch": {"state": "alarm"},
                    "trailing_icon": "delete",
                    "trailing_desc": "Delete alarm",
                    "on_trailing_click": {"do": "toast", "text": "Deleted"},
                },
                {"type": "row", "title": "Buy milk", "checkbox": {"state": "done"}},
                {"type": "text_field", "id": "title", "label": "Title"},
                {"type": "text_field", "id": "body", "style": "plain", "hint": "Note"},
            ],
        }
    },
    state={"alarm": "1", "done": "0", "title": "Groceries", "body": "one two three " * 12},
)


def test_rows_with_avatar_large_title_checkbox_and_trailing_button(tmp_path: Path) -> None:
    app = load(tmp_path, ROWS)
    box, root = window(page(app, "main"))
    image = shot(box)
    avatar = one(root, resource_id="android:id/icon")
    assert has_ink(image, avatar.bounds)
    normal = one(root, text="Ada Lovelace")
    large = one(root, text="7:30 AM")
    assert large.bounds[3] - large.bounds[1] > 1.8 * (normal.bounds[3] - normal.bounds[1])
    trailing = one(root, cls="android.widget.ImageButton", content_desc="Delete alarm")
    assert trailing.clickable and tap(box, trailing).on_click[0].do == "toast"
    milk_row = next(
        n for n in root.walk() if n.clickable and any(c.text == "Buy milk" for c in n.children)
    )
    assert one(milk_row, cls="android.widget.CheckBox").checked is False
    action = tap(box, milk_row).on_click[0]
    assert isinstance(action, ToggleAction) and action.state == "done"


def test_outlined_field_floats_its_label_and_plain_field_grows(tmp_path: Path) -> None:
    app = load(tmp_path, ROWS)
    box, root = window(page(app, "main"))
    fields = nodes(root, cls="android.widget.EditText")
    assert [f.text for f in fields[:1]] == ["Groceries"] and fields[0].hint == "Title"
    outlined, plain = fields
    assert plain.bounds[3] - plain.bounds[1] > 2 * (outlined.bounds[3] - outlined.bounds[1])
    empty = page(app, "main", state={**app.state, "title": "", "body": ""})
    empty_box, empty_root = window(empty)
    empty_fields = nodes(empty_root, cls="android.widget.EditText")
    assert empty_fields[0].text == "Title" and empty_fields[1].text == "Note"
    assert empty_fields[1].bounds[3] - empty_fields[1].bounds[1] < plain.bounds[3] - plain.bounds[1]
    label_strip = (
        outlined.bounds[0],
        outlined.bounds[1] - 20,
        outlined.bounds[2],
        outlined.bounds[1] + 20,
    )
    assert differs(shot(box), shot(empty_box), label_strip)
