"""Behaviours every Android phone has, seen through the hierarchy: the time and date
apps show come from the phone's clock, a check box in a clickable row is its own view,
each page keeps the record it opened with, and a screen can act as it is left by back."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from device.virtual.hierarchy import Node
from device.virtual.settings import Settings
from device.virtual.ui.apps import load_app, load_apps
from device.virtual.ui.engine import UiEngine
from device.virtual.ui.errors import AppSpecError

CLOCK = "com.google.android.deskclock"
SHELF = "com.example.shelf"
BACK = 4


def nodes(engine: UiEngine) -> list[Node]:
    return [node for window in engine.windows() for node in window.walk()]


def find(engine: UiEngine, label: str) -> Node:
    """The first node whose text, content-desc or resource-id name is `label`."""
    for node in nodes(engine):
        if label in (node.text, node.content_desc, node.resource_id.split("/")[-1]):
            return node
    raise AssertionError(f"{label!r} not on screen: {[n.text for n in nodes(engine) if n.text]}")


def tap(engine: UiEngine, label: str) -> None:
    engine.tap(*find(engine, label).center)


class PhoneClock:
    """A clock the test sets: seconds since the epoch."""

    def __init__(self, moment: datetime) -> None:
        self.now = moment.timestamp()

    def __call__(self) -> float:
        return self.now


def test_clock_tab_shows_the_phones_time_and_date() -> None:
    clock = PhoneClock(datetime(2026, 11, 22, 10, 42, 5, tzinfo=UTC))
    engine = UiEngine(
        load_apps([]),
        width_px=1080,
        height_px=2400,
        density_dpi=420,
        settings=Settings(),
        now=clock,
    )
    engine.launch(CLOCK)
    tap(engine, "Allow")
    tap(engine, "Clock")
    assert find(engine, "digital_clock").text == "10:42"
    assert find(engine, "date").text == "Sun, Nov 22"
    assert find(engine, "clock").resource_id == "com.android.systemui:id/clock"
    assert find(engine, "clock").text == "10:42"
    clock.now = datetime(2026, 11, 23, 0, 5, tzinfo=UTC).timestamp()
    assert find(engine, "digital_clock").text == "00:05"
    assert find(engine, "date").text == "Mon, Nov 23"
    assert find(engine, "clock").text == "00:05"


SHELF_APP: dict[str, Any] = {
    "package": SHELF,
    "label": "Shelf",
    "activity": ".MainActivity",
    "root": "books",
    "state": {"book": "", "draft": ""},
    "data": {
        "books": [
            {"id": "1", "title": "Piranesi", "read": "0", "next": "2"},
            {"id": "2", "title": "Klara and the Sun", "read": "0", "next": "1"},
        ]
    },
    "screens": {
        "books": {
            "title": "Shelf",
            "toolbar": "title",
            "widgets": [
                {
                    "type": "for_each",
                    "items": "books",
                    "row": {
                        "type": "row",
                        "id": "book_row",
                        "title": "{title}",
                        "checkbox": {"data": "books", "id": "{id}", "field": "read"},
                        "on_click": [
                            {"do": "set", "state": "book", "value": "{id}"},
                            {"do": "open", "screen": "book"},
                        ],
                    },
                }
            ],
            "fab": {
                "icon": "add",
                "desc": "New book",
                "on_click": [
                    {"do": "set", "state": "draft", "value": ""},
                    {"do": "open", "screen": "draft"},
                ],
            },
        },
        "book": {
            "title": "{title}",
            "record": {"list": "books", "id": "{book}"},
            "widgets": [
                {
                    "type": "text_field",
                    "id": "book_title",
                    "label": "Title",
                    "bind": {"data": "books", "id": "{book}", "field": "title"},
                },
                {
                    "type": "button",
                    "id": "next_book",
                    "text": "Next book",
                    "on_click": [
                        {"do": "set", "state": "book", "value": "{next}"},
                        {"do": "open", "screen": "book"},
                    ],
                },
            ],
        },
        "draft": {
            "title": "Draft",
            "focus": "draft",
            "widgets": [{"type": "text_field", "id": "draft", "hint": "Draft"}],
            "on_back": [
                {
                    "do": "append",
                    "list": "books",
                    "fields": {"title": "{draft}", "read": "0", "next": "1"},
                    "when": {"state": "draft", "not_equals": ""},
                },
                {
                    "do": "toast",
                    "text": "Saved {draft}",
                    "when": {"state": "draft", "not_equals": ""},
                },
            ],
        },
    },
}


@pytest.fixture
def shelf(tmp_path: Path) -> UiEngine:
    """A phone with the Shelf app open on its list of books."""
    (tmp_path / "shelf.json").write_text(json.dumps(SHELF_APP), encoding="utf-8")
    engine = UiEngine(
        load_apps([tmp_path]), width_px=1080, height_px=2400, density_dpi=420, settings=Settings()
    )
    assert engine.launch(SHELF)
    return engine


def books(engine: UiEngine) -> list[dict[str, str]]:
    listed = engine.store.report(SHELF)["books"]
    assert isinstance(listed, list)
    return listed


def check_box_of(engine: UiEngine, title: str) -> Node:
    row = next(n for n in nodes(engine) if any(c.text == title for c in n.children))
    return next(c for c in row.children if c.cls == "android.widget.CheckBox")


def test_check_box_in_a_clickable_row_toggles_itself(shelf: UiEngine) -> None:
    box = check_box_of(shelf, "Piranesi")
    assert box.clickable and box.checkable and not box.checked
    shelf.tap(*box.center)
    assert check_box_of(shelf, "Piranesi").checked
    assert books(shelf)[0]["read"] == "1"
    assert shelf.foreground()[1] == f"{SHELF}.MainActivity"
    assert find(shelf, "Shelf").text == "Shelf"
    shelf.tap(*check_box_of(shelf, "Piranesi").center)
    assert books(shelf)[0]["read"] == "0"


def test_tap_elsewhere_on_the_row_runs_the_rows_action(shelf: UiEngine) -> None:
    tap(shelf, "Piranesi")
    assert find(shelf, "book_title").text == "Piranesi"
    assert books(shelf)[0]["read"] == "0"


def test_each_stacked_page_keeps_its_own_record(shelf: UiEngine) -> None:
    tap(shelf, "Piranesi")
    tap(shelf, "Next book")
    assert find(shelf, "book_title").text == "Klara and the Sun"
    shelf.key(BACK)
    assert find(shelf, "book_title").text == "Piranesi"
    titles = [n.text for n in nodes(shelf) if n.cls == "android.widget.TextView" and n.text]
    assert "Piranesi" in titles and "Klara and the Sun" not in titles
    tap(shelf, "book_title")
    shelf.type_text(" (2020)")
    assert books(shelf)[0]["title"] == "Piranesi (2020)"
    assert books(shelf)[1]["title"] == "Klara and the Sun"


def test_on_back_runs_when_back_closes_the_screen(shelf: UiEngine) -> None:
    tap(shelf, "New book")
    shelf.type_text("Dune")
    shelf.key(BACK)  # hides the keyboard: the draft stays open
    assert len(books(shelf)) == 2 and find(shelf, "draft").text == "Dune"
    shelf.key(BACK)
    assert [b["title"] for b in books(shelf)][-1] == "Dune"
    assert shelf.last_toast() == "Saved Dune"
    assert find(shelf, "Dune").resource_id == "android:id/title"


def test_on_back_runs_on_navigate_up_and_skips_what_its_conditions_rule_out(
    shelf: UiEngine,
) -> None:
    tap(shelf, "New book")
    tap(shelf, "Navigate up")
    assert len(books(shelf)) == 2 and shelf.last_toast() is None
    assert find(shelf, "Shelf").text == "Shelf"


def test_on_back_may_not_navigate(tmp_path: Path) -> None:
    app = json.loads(json.dumps(SHELF_APP))
    app["screens"]["draft"]["on_back"].append({"do": "open", "screen": "books"})
    path = tmp_path / "shelf.json"
    path.write_text(json.dumps(app), encoding="utf-8")
    with pytest.raises(AppSpecError, match=r"on_back\[2\]: 'open' cannot run"):
        load_app(path)
