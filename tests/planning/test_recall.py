"""The app memory read by meaning: the control a request is about, the app it names, the way
there, and the explorer acting on it (open, go, set, prove, done; never toggle back)."""

from __future__ import annotations

from datetime import UTC, datetime

import aci
from planning import Outcome, Step
from planning.appmap import AppMap, Edge, Label, ScreenNode, screen_node
from planning.explorer import ExplorerPlanner
from planning.explorer.recalled import requests_of
from planning.recall import Recall, of_an_item, route

_SETTINGS = "com.android.settings"
_CALCULATOR = "com.google.android.calculator"
_CLOCK = "com.google.android.deskclock"
_KEEP = "com.google.android.keep"
_RECORDER = "com.google.android.apps.recorder"


def _element(bounds: tuple[int, int, int, int], **fields: object) -> aci.Element:
    return aci.Element(bounds=bounds, sources=("hierarchy",), **fields)  # type: ignore[arg-type]


def _page(package: str, *elements: aci.Element) -> aci.Screen:
    return aci.Screen(
        width=1080, height=2400, package=package, activity=f"{package}.Main", elements=elements
    )


def _switch_row(top: int, text: str, *, on: bool) -> tuple[aci.Element, ...]:
    return (
        _element((0, top, 1080, top + 150), text=text, clickable=True, role=aci.Role.CONTAINER),
        _element((900, top + 40, 1040, top + 110), role=aci.Role.SWITCH, checked=on),
    )


MAIN = _page(
    _SETTINGS,
    _element((0, 200, 1080, 2400), scrollable=True, role=aci.Role.LIST),
    _element((0, 300, 1080, 450), text="Network & internet", clickable=True),
    _element((0, 450, 1080, 600), text="Display", clickable=True),
)


def _internet(*, wifi: bool) -> aci.Screen:
    return _page(
        _SETTINGS,
        _element((0, 0, 120, 120), desc="Navigate up", role=aci.Role.ICON, clickable=True),
        _element((140, 20, 900, 110), text="Internet", role=aci.Role.TEXT),
        *_switch_row(300, "Wi-Fi", on=wifi),
        *_switch_row(450, "Bluetooth", on=False),
    )


def _map(
    package: str, start: ScreenNode, *others: ScreenNode, edges: tuple[Edge, ...] = ()
) -> AppMap:
    return AppMap(
        package=package,
        version="1",
        explored_at=datetime(2026, 1, 2, tzinfo=UTC),
        budget_s=120,
        elapsed_s=10,
        complete=True,
        start=start.id,
        screens=(start, *others),
        edges=edges,
    )


def _settings_map() -> AppMap:
    main, internet = screen_node([MAIN]), screen_node([_internet(wifi=False)])
    display = ScreenNode(
        id="display",
        package=_SETTINGS,
        title="Display",
        labels=(
            Label(text="Dark theme", role="switch", checked=False),
            Label(text="Battery percentage", role="switch", checked=False),
            Label(text="Show battery percentage in status bar", role="text"),
        ),
    )
    return _map(
        _SETTINGS,
        main,
        internet,
        display,
        edges=(
            Edge(from_screen=main.id, action='tap "Network & internet"', to_screen=internet.id),
            Edge(from_screen=main.id, action='tap "Display"', to_screen="display"),
        ),
    )


def _calculator_map() -> AppMap:
    keys = ScreenNode(
        id="keys", package=_CALCULATOR, labels=(Label(text="Choose theme", role="button"),)
    )
    theme = ScreenNode(
        id="theme",
        package=_CALCULATOR,
        kind="dialog",
        labels=(
            Label(text="Choose theme", role="text"),
            Label(text="Light", role="radio", checked=True),
            Label(text="Dark", role="radio", checked=False),
        ),
    )
    edge = Edge(from_screen="keys", action='tap "Choose theme"', to_screen="theme")
    return _map(_CALCULATOR, keys, theme, edges=(edge,))


def _named_map(package: str) -> AppMap:
    node = ScreenNode(id="start", package=package, labels=(Label(text="Settings", role="button"),))
    return _map(package, node)


def test_a_control_is_found_by_what_it_does_not_by_its_name() -> None:
    recall = Recall([_settings_map()])
    (best,) = recall.spots("show how much charge is left in the status bar", limit=1)
    assert best.label.text == "Battery percentage"


def test_the_app_a_request_names_is_the_app_searched() -> None:
    recall = Recall([_named_map(_CLOCK), _named_map(_KEEP), _named_map(_CALCULATOR)])
    assert recall.named_app("Set that up in the Clock app") is recall.maps[0]
    assert recall.named_app("Put it on the calculator") is recall.maps[2]
    assert recall.named_app("Jot it down in Keep") is recall.maps[1]
    assert recall.named_app("Keep my screen awake longer") is None  # a verb at the start


def test_a_setting_both_the_phone_and_an_app_have_is_the_phones_unless_the_app_is_named() -> None:
    recall = Recall([_calculator_map(), _settings_map()])
    assert recall.spots("make my phone dark", limit=1)[0].label.text == "Dark theme"
    calculator = recall.named_app("make the calculator dark")
    assert calculator is not None
    assert recall.spots("make the calculator dark", app=calculator, limit=1)[0].label.text == "Dark"


def test_routes_follow_the_edges_from_any_screen() -> None:
    app_map = _settings_map()
    main = app_map.start
    assert route(app_map, main, "display") == [aci.Tap(target="Display", quoted=True)]
    assert route(app_map, main, main) == []
    assert route(app_map, "display", main) is None  # the map knows no way back up


def test_hints_name_the_control_its_state_and_the_way_there() -> None:
    (line,) = Recall([_settings_map()]).hints("use a dark theme", limit=1)
    assert line == f'{_SETTINGS} > Display: switch "Dark theme" off; from its start: tap "Display"'


def test_each_request_of_a_compound_goal_gets_its_control_and_state() -> None:
    requests = requests_of("Turn on Wi-Fi, and switch Bluetooth off", Recall([_settings_map()]))
    assert requests is not None
    assert [(r.spot.label.text, r.wanted) for r in requests] == [
        ("Wi-Fi", True),
        ("Bluetooth", False),
    ]


def test_commands_and_unknown_requests_are_left_to_exploring() -> None:
    recall = Recall([_settings_map()])
    assert requests_of("Delete the Wi-Fi network", recall) is None  # a command for an item
    assert requests_of("Order a pizza for tonight", recall) is None  # nothing fits


def test_the_planner_opens_the_app_goes_there_sets_it_proves_it_and_stops() -> None:
    planner = ExplorerPlanner(memory=[_settings_map()])
    goal = "Switch Wi-Fi on"
    home = _page("com.google.android.apps.nexuslauncher", _element((0, 0, 200, 200), text="Clock"))
    history: list[Step] = []

    def step(screen: aci.Screen) -> aci.Action:
        plan = planner.next_action(goal, screen, history)
        history.append(
            Step(action=plan.action, outcome=Outcome.SUCCEEDED, screen_id=plan.screen_id)
        )
        return plan.action

    assert step(home) == aci.OpenApp(app=_SETTINGS)
    assert step(MAIN) == aci.Tap(target="Network & internet", quoted=True)
    assert step(_internet(wifi=False)) == aci.Tap(target="Wi-Fi", quoted=True)
    proof = aci.Assert(target="Wi-Fi", condition=aci.Condition.CHECKED)
    assert step(_internet(wifi=True)) == proof
    assert planner.next_action(goal, _internet(wifi=True), history).done


def test_a_setting_already_as_wanted_is_proved_not_tapped() -> None:
    planner = ExplorerPlanner(memory=[_settings_map()])
    plan = planner.next_action("Turn off Bluetooth", _internet(wifi=True), [])
    assert plan.action == aci.Assert(
        target="Bluetooth", condition=aci.Condition.CHECKED, negated=True
    )


def test_a_slider_is_set_to_the_end_the_goal_asks_for_then_done() -> None:
    sound = ScreenNode(
        id="sound",
        package=_SETTINGS,
        title="Sound & vibration",
        labels=(Label(text="Call volume", role="text"), Label(text="4.0", role="slider")),
    )
    app_map = _map(_SETTINGS, sound)
    page = _page(
        _SETTINGS,
        _element((40, 300, 700, 380), text="Call volume", role=aci.Role.TEXT),
        _element((40, 400, 1040, 480), text="4.0", role=aci.Role.SLIDER),
    )
    planner = ExplorerPlanner(memory=[app_map])
    goal = "People sound quiet on calls: put the call volume at its maximum"
    plan = planner.next_action(goal, page, [])
    assert plan.action == aci.SetSlider(target="Call volume", quoted=True, level=1.0)
    moved = Step(action=plan.action, outcome=Outcome.SUCCEEDED, screen_id=plan.screen_id)
    assert planner.next_action(goal, page, [moved]).done
    lowest = planner.next_action("Turn the call volume down to the lowest", page, [])
    assert lowest.action == aci.SetSlider(target="Call volume", quoted=True, level=0.0)


def test_a_control_on_each_items_page_is_no_setting() -> None:
    """Each recording's page has a "Transcript" button: it belongs to that item, so a request
    for a setting is never routed to it, and the app's own switch is taken instead."""

    def recording(title: str) -> ScreenNode:
        labels = (Label(text="Transcript", role="list item"), Label(text="Share", role="button"))
        return ScreenNode(id=title, package=_RECORDER, title=title, labels=labels)

    settings = ScreenNode(
        id="settings",
        package=_RECORDER,
        title="Settings",
        labels=(
            Label(text="Speaker labels", role="switch", checked=False),
            Label(text="Show who is speaking in transcripts", role="text"),
        ),
    )
    recorder = _map(_RECORDER, recording("Team meeting"), recording("Call with Sam"), settings)
    recall = Recall([recorder])
    spots = recall.spots("make the transcript show who is talking", limit=3)
    assert [of_an_item(spot) for spot in spots if spot.label.text == "Transcript"] == [True, True]
    assert not of_an_item(next(s for s in spots if s.label.text == "Speaker labels"))
    (request,) = requests_of("Make the transcript show who is talking", recall) or []
    assert request.spot.label.text == "Speaker labels" and request.wanted
