"""App data through the engine: records appended, updated and removed from the screen,
conditions, arithmetic, record pages, force-stop versus `pm clear`, and seeds."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from device.virtual.hierarchy import Node
from device.virtual.phone import PhoneConfig, VirtualPhone

PKG = "com.example.chores"
CHORES: dict[str, Any] = {
    "package": PKG,
    "label": "Chores",
    "activity": ".Main",
    "root": "main",
    "state": {"draft": "", "sel": "", "sum": "", "result": "", "mode": "list"},
    "data": {
        "items": [
            {"id": "1", "title": "Milk", "done": "0"},
            {"id": "2", "title": "Bread", "done": "1"},
        ],
        "counter": "0",
    },
    "screens": {
        "main": {
            "title": "Chores",
            "toolbar": "title",
            "menu": [
                {
                    "text": "Reset counter",
                    "on_click": {"do": "set", "data": "counter", "value": "0"},
                }
            ],
            "widgets": [
                {
                    "type": "for_each",
                    "items": "items",
                    "row": {
                        "type": "row",
                        "title": "{title}",
                        "summary": "done={done}",
                        "on_click": [
                            {"do": "set", "state": "sel", "value": "{id}"},
                            {"do": "open", "screen": "detail"},
                        ],
                    },
                },
                {
                    "type": "button",
                    "id": "add",
                    "text": "Add",
                    "on_click": {"do": "open", "screen": "add"},
                },
                {
                    "type": "button",
                    "id": "bump",
                    "text": "Bump",
                    "on_click": [
                        {
                            "do": "evaluate",
                            "expression": "{counter}+1",
                            "into": {"data": "counter"},
                        },
                        {
                            "do": "toast",
                            "text": "Counter is {counter}",
                            "when": {"data": "counter", "not_equals": "3"},
                        },
                    ],
                },
                {"type": "text", "id": "counter_text", "text": "Counter {counter}, chore {sel}"},
                {
                    "type": "text_field",
                    "id": "sum",
                    "hint": "Sum",
                    "keyboard": "number",
                    "on_submit": {
                        "do": "evaluate",
                        "expression": "{sum}",
                        "into": {"state": "result"},
                    },
                },
                {"type": "text", "id": "result_text", "text": "= {result}"},
                {"type": "button", "id": "more", "text": "More", "on_click": {"do": "menu"}},
                {
                    "type": "button",
                    "id": "go",
                    "text": "Go",
                    "on_click": {"do": "open", "screen": "{mode}", "replace": True},
                },
                {"type": "text_field", "id": "mode", "hint": "Mode"},
                {
                    "type": "slider",
                    "id": "volume",
                    "bind": {"data": "volume"},
                    "min": 0,
                    "max": 10,
                    "step": 2,
                },
            ],
        },
        "list": {"title": "List", "widgets": [{"type": "text", "text": "The list"}]},
        "add": {
            "title": "New chore",
            "kind": "dialog",
            "focus": "draft",
            "widgets": [{"type": "text_field", "id": "draft", "hint": "Chore"}],
            "footer": [
                {
                    "type": "button",
                    "id": "save",
                    "text": "Save",
                    "style": "text",
                    "on_click": [
                        {
                            "do": "append",
                            "list": "items",
                            "fields": {"title": "{draft}", "done": "0"},
                            "select": "sel",
                        },
                        {"do": "set", "state": "draft", "value": ""},
                        {"do": "back"},
                    ],
                }
            ],
        },
        "detail": {
            "title": "{title}",
            "record": {"list": "items", "id": "{sel}"},
            "widgets": [
                {"type": "text", "id": "name", "text": "Chore: {title}"},
                {
                    "type": "row",
                    "id": "done_row",
                    "title": "Done",
                    "switch": {"data": "items", "id": "{id}", "field": "done"},
                },
                {
                    "type": "button",
                    "id": "rename",
                    "text": "Rename",
                    "on_click": {
                        "do": "update",
                        "list": "items",
                        "id": "{id}",
                        "fields": {"title": "{title}!"},
                    },
                },
                {
                    "type": "button",
                    "id": "delete",
                    "text": "Delete",
                    "on_click": {"do": "remove", "list": "items", "id": "{id}"},
                },
            ],
        },
    },
}


def make_phone(tmp_path: Path, app: dict[str, Any] = CHORES, **config: Any) -> VirtualPhone:
    (tmp_path / f"{app['package']}.json").write_text(json.dumps(app), encoding="utf-8")
    phone = VirtualPhone(PhoneConfig(apps_dirs=(tmp_path,), **config))
    assert phone.start_app(app["package"])
    return phone


def nodes(phone: VirtualPhone) -> list[Node]:
    return [node for window in phone.windows() for node in window.walk()]


def texts(phone: VirtualPhone) -> list[str]:
    return [node.text for node in nodes(phone) if node.text]


def find(phone: VirtualPhone, text: str) -> Node:
    for node in nodes(phone):
        if text in (node.text, node.content_desc):
            return node
    raise AssertionError(f"{text!r} not on screen: {texts(phone)}")


def tap(phone: VirtualPhone, text: str) -> None:
    phone.tap(*find(phone, text).center)


def data(phone: VirtualPhone) -> dict[str, Any]:
    with phone.lock:
        return phone.ui.store.report(PKG)


@pytest.fixture
def phone(tmp_path: Path) -> VirtualPhone:
    return make_phone(tmp_path)


def test_a_dialog_appends_a_record_with_the_next_id(phone: VirtualPhone) -> None:
    tap(phone, "Add")
    assert find(phone, "New chore")
    assert "Milk" in texts(phone)  # the page below still shows under the dialog
    assert phone.type_text("Eggs")  # the dialog's field has focus on opening
    tap(phone, "Save")
    assert data(phone)["items"][-1] == {"id": "3", "title": "Eggs", "done": "0"}
    assert find(phone, "Counter 0, chore 3")
    assert "New chore" not in texts(phone)
    assert "Eggs" in texts(phone)


def test_a_record_page_updates_toggles_and_removes_its_record(phone: VirtualPhone) -> None:
    tap(phone, "Milk")
    assert find(phone, "Chore: Milk")
    tap(phone, "Rename")
    assert find(phone, "Chore: Milk!")
    tap(phone, "Done")
    assert data(phone)["items"][0]["done"] == "1"
    tap(phone, "Delete")
    assert [item["id"] for item in data(phone)["items"]] == ["2"]
    assert "Chore: Milk!" not in texts(phone)  # the page of a deleted record closes
    assert find(phone, "Bread")


def test_when_skips_an_action_and_evaluate_counts(phone: VirtualPhone) -> None:
    for _ in range(3):
        tap(phone, "Bump")
    assert data(phone)["counter"] == "3"
    assert find(phone, "Counter 3, chore ")
    with phone.lock:
        assert phone.ui.last_toast() == "Counter is 2"  # the third toast's `when` failed


def test_evaluate_formats_like_the_calculator(phone: VirtualPhone) -> None:
    for expression, shown in (
        ("10÷3", "3.3333333333"),
        ("1/0", "Can't divide by 0"),
        ("2\u00d7(3", "Error"),
    ):
        assert phone.set_text(f"{PKG}/main/sum", expression)
        phone.press_key(66)  # Enter submits
        assert find(phone, f"= {shown}")


def test_open_replace_with_a_templated_screen(phone: VirtualPhone) -> None:
    phone.set_text(f"{PKG}/main/mode", "nowhere")
    phone.press_key(4)  # hide the keyboard
    tap(phone, "Go")  # {mode} names no screen: nothing happens
    assert find(phone, "Chores")
    phone.set_text(f"{PKG}/main/mode", "list")
    phone.press_key(4)  # hide the keyboard
    tap(phone, "Go")
    assert find(phone, "The list")
    phone.press_key(4)  # the list replaced the root: Back leaves the app
    assert phone.foreground()[0] == "com.android.launcher3"


def test_force_stop_keeps_data_and_pm_clear_restores_it(phone: VirtualPhone) -> None:
    tap(phone, "Bump")
    phone.set_text(f"{PKG}/main/sum", "half typed")
    phone.stop_app(PKG)
    phone.start_app(PKG)
    assert data(phone)["counter"] == "1"
    assert "half typed" not in texts(phone)  # UI state starts afresh
    with phone.lock:
        phone.ui.clear(PKG)
    assert data(phone)["counter"] == "0"
    assert phone.foreground()[0] == "com.android.launcher3"


def test_slider_follows_taps_and_horizontal_swipes(phone: VirtualPhone) -> None:
    with phone.lock:
        slider = next(
            box for box in _boxes(phone.ui._current().windows[0][0]) if box.slider is not None
        )
    assert slider.slider is not None
    left, right = slider.slider.track
    y = (slider.rect[1] + slider.rect[3]) // 2
    phone.tap(right - 1, y)
    assert data(phone)["volume"] == "10"
    phone.tap(left + (right - left) * 3 // 10, y)  # 3 -> rounded to the step of 2
    assert data(phone)["volume"] in ("2", "4")
    phone.swipe(left + 2, y, left - 50, y)
    assert data(phone)["volume"] == "0"


def _boxes(root: Any) -> list[Any]:
    out, stack = [], [root]
    while stack:
        box = stack.pop()
        out.append(box)
        stack.extend(box.children)
    return out


def test_seed_replaces_lists_deterministically(tmp_path: Path) -> None:
    app = json.loads(json.dumps(CHORES))
    app["seed"] = {
        "items": {
            "count": 5,
            "fields": {"title": "{words}", "done": "0", "who": "{first_name} {last_name}"},
        }
    }
    one = make_phone(tmp_path, app, seed=7)
    two = make_phone(tmp_path, app, seed=7)
    other = make_phone(tmp_path, app, seed=8)
    items = data(one)["items"]
    assert [item["id"] for item in items] == ["1", "2", "3", "4", "5"]
    assert items == data(two)["items"] != data(other)["items"]
    assert len({item["who"] for item in items}) == 5
    assert data(one)["counter"] == "0"  # lists without a seed keep their data
    assert find(one, items[0]["title"])
