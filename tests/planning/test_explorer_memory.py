"""The explorer remembers screens and tries: a failed step leads elsewhere, an exhausted screen
leads back, a spent budget to fail, and a reached goal to done."""

from __future__ import annotations

import aci
from planning import Outcome, Step
from planning.explorer import ExplorerPlanner
from planning.explorer.memory import screen_id
from tests.planning.screens import SETTINGS_LIST, element, internet_page, screen


def test_a_toggle_in_the_wanted_state_is_done() -> None:
    plan = ExplorerPlanner().next_action("Turn on Wi-Fi", SETTINGS_LIST, [])
    assert plan.done
    assert isinstance(plan.action, aci.Done)


def test_a_toggle_in_the_other_state_is_tapped() -> None:
    _, page = internet_page()
    plan = ExplorerPlanner().next_action("Turn on Wi-Fi", page, [])
    assert plan.action == aci.Tap(target="Wi-Fi", quoted=True)
    assert plan.screen_id == screen_id(page)


def test_a_failed_tap_is_not_repeated() -> None:
    planner = ExplorerPlanner()
    first = planner.next_action("Turn on Bluetooth", SETTINGS_LIST, [])
    assert first.action == aci.Tap(target="Bluetooth", quoted=True)
    failed = Step(action=first.action, outcome=Outcome.SCREEN_UNCHANGED, screen_id=first.screen_id)
    second = planner.next_action("Turn on Bluetooth", SETTINGS_LIST, [failed])
    assert second.action != first.action


def test_an_exhausted_screen_goes_back_then_fails() -> None:
    page = aci.Screen(
        width=1080,
        height=2400,
        package="com.android.settings",
        elements=(element((0, 300, 1080, 450), text="Storage", clickable=True),),
    )
    planner = ExplorerPlanner()
    here = screen_id(page)
    plan = planner.next_action("Turn on Bluetooth", page, [])
    assert plan.action == aci.PressKey(key=aci.Key.BACK)
    stuck = Step(action=plan.action, outcome=Outcome.SCREEN_UNCHANGED, screen_id=here)
    plan = planner.next_action("Turn on Bluetooth", page, [stuck])
    assert plan.action == aci.OpenApp(app="Settings")


def test_the_budget_ends_in_fail() -> None:
    planner = ExplorerPlanner(max_steps=2)
    _, page = internet_page()
    history = [Step(action=aci.Scroll(direction=aci.Direction.DOWN), outcome=Outcome.SUCCEEDED)] * 2
    plan = planner.next_action("Turn on Bluetooth", page, history)
    assert isinstance(plan.action, aci.Fail)
    assert "2 steps" in plan.action.reason


def test_the_status_bar_clock_does_not_change_the_screen_id() -> None:
    clock = element((20, 10, 120, 60), text="06:21", role=aci.Role.TEXT)
    later = element((20, 10, 120, 60), text="06:22", role=aci.Role.TEXT)
    row = element((0, 300, 1080, 450), text="Wi-Fi", clickable=True)
    assert screen_id(screen(clock, row)) == screen_id(screen(later, row))
    assert screen_id(screen(clock, row)) != screen_id(screen(clock))
