"""The app memory as data: screen fingerprints that survive clocks, counts and scrolling,
labels with their roles and states, shortest paths, and JSON that round-trips."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

import aci
from planning import PlannerInputError
from planning.appmap import (
    AppMap,
    Edge,
    Label,
    ScreenNode,
    fingerprint,
    memory_path,
    screen_node,
    title_of,
)

_SETTINGS = "com.android.settings"


def _element(bounds: tuple[int, int, int, int], **fields: object) -> aci.Element:
    return aci.Element.model_validate({"bounds": bounds, "sources": ["hierarchy"], **fields})


def _page(
    *rows: aci.Element,
    title: str = "Network & internet",
    clock: str = "11:20",
    activity: str = ".SubSettings",
) -> aci.Screen:
    """A Settings sub-page: status bar, a top bar with its title, a list of rows."""
    return aci.Screen(
        width=1080,
        height=2400,
        package=_SETTINGS,
        activity=activity,
        elements=(
            _element((42, 0, 136, 63), text=clock, resource_id="com.android.systemui:id/clock"),
            _element((10, 84, 136, 210), desc="Navigate up", role="icon", clickable=True),
            _element((168, 110, 1049, 184), text=title, role="text"),
            _element(
                (0, 231, 1080, 2274),
                role="list",
                scrollable=True,
                resource_id="com.android.settings:id/recycler_view",
            ),
            *rows,
        ),
    )


def _row(top: int, text: str, **fields: object) -> aci.Element:
    return _element((0, top, 1080, top + 200), text=text, role="container", **fields)


def _switch_row(top: int, text: str, *, on: bool) -> tuple[aci.Element, aci.Element]:
    row = _row(top, text, clickable=True)
    switch = _element((892, top + 30, 1028, top + 114), role="switch", checked=on)
    return row, switch


def test_the_fingerprint_ignores_the_clock_the_rows_and_the_switch_states() -> None:
    first = _page(
        _row(300, "Internet", clickable=True), *_switch_row(500, "Airplane mode", on=False)
    )
    later = _page(
        _row(300, "VPN", clickable=True),  # scrolled: other rows show
        *_switch_row(500, "Airplane mode", on=True),
        clock="23:59",
    )
    assert fingerprint(first) == fingerprint(later)


def test_the_fingerprint_tells_pages_by_title_and_selected_tab() -> None:
    assert fingerprint(_page(title="Display")) != fingerprint(_page(title="Battery"))

    def tabs(selected: str) -> aci.Screen:
        return aci.Screen(
            width=1080,
            height=2400,
            package="com.google.android.deskclock",
            elements=tuple(
                _element(
                    (i * 216, 2064, (i + 1) * 216, 2274),
                    desc=name,
                    role="icon",
                    clickable=True,
                    selected=name == selected,
                    class_name="android.widget.FrameLayout",
                )
                for i, name in enumerate(("Alarm", "Clock", "Timer"))
            ),
        )

    assert fingerprint(tabs("Alarm")) != fingerprint(tabs("Timer"))
    assert fingerprint(tabs("Alarm")) == fingerprint(tabs("Alarm"))


def test_counts_in_the_title_do_not_count() -> None:
    assert fingerprint(_page(title="2 selected")) == fingerprint(_page(title="3 selected"))


def test_a_node_keeps_labels_with_roles_and_switch_states() -> None:
    top = _page(_row(300, "Internet", clickable=True), *_switch_row(500, "Airplane mode", on=True))
    below = _page(
        _row(300, "Private DNS", clickable=True),
        _element((42, 600, 1038, 700), text="Search", role="field", editable=True),
    )
    node = screen_node([top, below])
    assert node.id == fingerprint(top)
    assert node.title == "Network & internet" == title_of(top)
    assert node.activity == ".SubSettings"
    labels = {label.text: label for label in node.labels}
    assert labels["Internet"].role == "list item"
    assert labels["Private DNS"].role == "list item"  # from the scrolled view
    assert labels["Airplane mode"] == Label(text="Airplane mode", role="switch", checked=True)
    assert labels["Search"].role == "field"
    assert labels["Navigate up"].role == "icon"
    assert "11:20" not in labels  # the status bar is no part of the app


def _map() -> AppMap:
    def node(screen_id: str, title: str, *labels: Label) -> ScreenNode:
        return ScreenNode(id=screen_id, package=_SETTINGS, title=title, labels=labels)

    return AppMap(
        package=_SETTINGS,
        version="15",
        explored_at=datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC),
        budget_s=120,
        elapsed_s=21.5,
        complete=True,
        start="main",
        screens=(
            node("main", "Settings", Label(text="Network & internet", role="list item")),
            node("network", "Network & internet", Label(text="Internet", role="list item")),
            node("internet", "Internet", Label(text="Wi-Fi", role="switch", checked=False)),
            node("about", "About phone", Label(text="Device name", role="list item")),
            ScreenNode(id="dialer", package="com.google.android.dialer", kind="other app"),
        ),
        edges=(
            Edge(from_screen="main", action='tap "Network & internet"', to_screen="network"),
            Edge(from_screen="network", action='tap "Internet"', to_screen="internet"),
            Edge(from_screen="main", action='tap "About phone"', to_screen="about"),
            Edge(from_screen="about", action='tap "Call"', to_screen="dialer"),
            Edge(from_screen="about", action='tap "Shortcut"', to_screen="internet"),
        ),
    )


def test_path_to_gives_the_fewest_steps_from_the_start() -> None:
    app_map = _map()
    assert app_map.path_to("main") == []
    assert app_map.path_to("internet") == ['tap "Network & internet"', 'tap "Internet"']
    assert app_map.path_to("dialer") == ['tap "About phone"', 'tap "Call"']
    with pytest.raises(PlannerInputError, match="no screen 'nowhere'"):
        app_map.path_to("nowhere")


def test_find_names_the_screens_showing_the_words() -> None:
    hits = _map().find("wifi")
    assert [(screen.id, label.text) for screen, label in hits] == [("internet", "Wi-Fi")]
    assert _map().find("the") == []


def test_the_map_round_trips_through_json(tmp_path: Path) -> None:
    app_map = _map()
    path = memory_path(tmp_path, _SETTINGS, "8.6 (685617067)")
    assert path == tmp_path / "memory" / _SETTINGS / "8.6_685617067_.json"
    app_map.save(path)
    assert AppMap.load(path) == app_map
    assert not list(path.parent.glob("*.tmp"))


def test_a_file_that_is_no_map_is_named(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"package": "x"}')
    with pytest.raises(PlannerInputError, match=r"broken.json: not an app map"):
        AppMap.load(path)
    with pytest.raises(PlannerInputError, match="cannot read the app map"):
        AppMap.load(tmp_path / "missing.json")


def test_edges_must_join_known_screens() -> None:
    data = _map().model_dump()
    ghost = {"from_screen": "main", "action": 'tap "X"', "to_screen": "ghost"}
    data["edges"] = [*data["edges"], ghost]
    with pytest.raises(ValueError, match="no screen 'ghost'"):
        AppMap.model_validate(data)
