"""for_each lists: which items show, in what order, under which section letters, and
what each item's actions carry."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from device.virtual.hierarchy import Node
from device.virtual.ui.schema import OpenAction, SetAction
from tests.device.virtual.test_widgets_kit import app_json, load, nodes, one, page, tap, window

PEOPLE = [
    {"id": "1", "name": "bob Stone", "group": "work", "phone": "555-0101"},
    {"id": "2", "name": "Alice Wong", "group": "home", "phone": "555-0199"},
    {"id": "3", "name": "Anna Berg", "group": "work", "phone": "555-0142"},
    {"id": "4", "name": "Carl Diaz", "group": "work", "phone": "555-0177"},
]

CONTACTS = app_json(
    {
        "list": {
            "title": "Contacts",
            "toolbar": "title",
            "widgets": [
                {"type": "text_field", "id": "query", "style": "search", "hint": "Search"},
                {
                    "type": "for_each",
                    "items": "contacts",
                    "filter": {"query": "{query}", "fields": ["name", "phone"]},
                    "sort_by": "name",
                    "sections": "name",
                    "empty_text": "No contacts",
                    "row": {
                        "type": "row",
                        "title": "{name}",
                        "avatar": "{name}",
                        "on_click": [
                            {"do": "set", "state": "contact", "value": "{id}"},
                            {"do": "open", "screen": "list"},
                        ],
                    },
                },
            ],
        },
        "work": {
            "title": "Work",
            "widgets": [
                {
                    "type": "for_each",
                    "items": "contacts",
                    "where": {"group": "{team}"},
                    "sort_by": "name",
                    "descending": True,
                    "row": {
                        "type": "radio",
                        "text": "{name}",
                        "bind": {"state": "pick"},
                        "value": "{id}",
                    },
                },
                {
                    "type": "for_each",
                    "items": "chat",
                    "row": {
                        "type": "bubble",
                        "text": "{text}",
                        "outgoing": "{out}",
                        "time": "{at}",
                    },
                },
            ],
        },
    },
    state={"query": "", "team": "work", "pick": "4", "contact": ""},
    data={
        "contacts": PEOPLE,
        "chat": [
            {"text": "Lunch?", "out": "0", "at": "12:01"},
            {"text": "Sure", "out": "1", "at": "12:02"},
        ],
    },
)


def titles(root: Node) -> list[str]:
    return [n.text for n in nodes(root, resource_id="android:id/title")]


def test_sorted_ignoring_case_under_section_letters(tmp_path: Path) -> None:
    app = load(tmp_path, CONTACTS)
    box, root = window(page(app, "list"))
    assert titles(root) == ["Alice Wong", "Anna Berg", "bob Stone", "Carl Diaz"]
    body = one(root, cls="androidx.recyclerview.widget.RecyclerView")
    texts = [n.text for n in body.walk() if n.cls == "android.widget.TextView"]
    assert texts == ["A", "Alice Wong", "Anna Berg", "B", "bob Stone", "C", "Carl Diaz"]
    anna = next(n for n in body.children if any(c.text == "Anna Berg" for c in n.children))
    first, second = tap(box, anna).on_click
    assert isinstance(first, SetAction) and first.value == "3"
    assert isinstance(second, OpenAction)


def test_filter_matches_any_field_and_empty_text_shows(tmp_path: Path) -> None:
    app = load(tmp_path, CONTACTS)
    _, root = window(page(app, "list", state={**app.state, "query": "AN"}))
    assert titles(root) == ["Anna Berg"]
    _, root = window(page(app, "list", state={**app.state, "query": "0177"}))
    assert titles(root) == ["Carl Diaz"]
    _, root = window(page(app, "list", state={**app.state, "query": "zzz"}))
    assert titles(root) == []
    caption = one(root, text="No contacts")
    middle = (caption.bounds[0] + caption.bounds[2]) // 2
    assert abs(middle - 540) <= 2


def test_where_descending_radio_and_bubble_templates(tmp_path: Path) -> None:
    app = load(tmp_path, CONTACTS)
    box, root = window(page(app, "work"))
    radios = nodes(root, cls="android.widget.RadioButton")
    assert [r.text for r in radios] == ["Carl Diaz", "bob Stone", "Anna Berg"]
    assert [r.checked for r in radios] == [True, False, False]
    action = tap(box, radios[2]).on_click[0]
    assert isinstance(action, SetAction) and action.value == "3"
    lunch, sure = one(root, text="Lunch?"), one(root, text="Sure")
    assert lunch.bounds[0] < 540 < sure.bounds[2] and sure.bounds[0] > lunch.bounds[0]
    assert one(root, text="12:02").bounds[1] >= sure.bounds[3]


def test_a_list_of_another_app(tmp_path: Path) -> None:
    raw = app_json(
        {
            "pick": {
                "widgets": [
                    {
                        "type": "for_each",
                        "items": "contacts",
                        "app": "com.example.contacts",
                        "row": {"type": "row", "title": "{name}"},
                    }
                ]
            }
        }
    )
    app = load(tmp_path, raw)
    ctx = page(app, "pick")
    scope = ctx.scope
    other = replace(scope, all_data={"com.example.contacts": {"contacts": PEOPLE}})
    _, root = window(replace(ctx, scope=other))
    assert titles(root) == [p["name"] for p in PEOPLE]
