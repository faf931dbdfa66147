"""The script planner: walking the steps, checking assertions on the screen, reporting failures."""

from __future__ import annotations

import pytest

import aci
from planning import Outcome, PlannerInputError, ScriptPlanner, Step, check
from tests.planning.screens import SETTINGS_LIST, element, internet_page, observe, screen

GOAL = "turn on Wi-Fi"
STEPS = ['tap "Internet"', 'tap "Wi-Fi"', 'assert checked "Wi-Fi"']


def step(text: str, outcome: Outcome = Outcome.SUCCEEDED, detail: str = "") -> Step:
    return Step(action=aci.parse_action(text), outcome=outcome, detail=detail)


def test_plans_the_step_after_those_taken() -> None:
    planner = ScriptPlanner(STEPS)
    first = planner.next_action(GOAL, SETTINGS_LIST, [])
    assert (str(first.action), first.done, first.reason) == ('tap "Internet"', False, "step 1 of 3")
    second = planner.next_action(GOAL, SETTINGS_LIST, [step('tap "Internet"')])
    assert str(second.action) == 'tap "Wi-Fi"'
    assert second.reason == "step 2 of 3"


def test_steps_may_be_actions_as_well_as_text() -> None:
    planner = ScriptPlanner([aci.Tap(target="Wi-Fi", quoted=True), "press back"])
    history = [Step(action=aci.Tap(target="Wi-Fi", quoted=True), outcome=Outcome.SUCCEEDED)]
    assert planner.next_action(GOAL, SETTINGS_LIST, history).action == aci.PressKey(
        key=aci.Key.BACK
    )


def test_done_after_the_last_step() -> None:
    planner = ScriptPlanner(['tap "Wi-Fi"'])
    plan = planner.next_action(GOAL, SETTINGS_LIST, [step('tap "Wi-Fi"')])
    assert plan.action == aci.Done()
    assert plan.done
    assert plan.reason == "all 1 steps of the script ran"


def test_a_checked_assertion_that_fails_names_the_step_and_what_the_screen_shows() -> None:
    _, internet = internet_page()  # Wi-Fi is off on a fresh phone
    planner = ScriptPlanner(['tap "Wi-Fi"', "wait 1s", 'assert checked "Wi-Fi"'])
    history = [step('tap "Wi-Fi"', Outcome.SCREEN_UNCHANGED), step("wait 1s")]
    plan = planner.next_action(GOAL, internet, history)
    assert str(plan.action) == 'fail "step 3: assert checked \\"Wi-Fi\\" failed: Wi-Fi is off"'
    assert plan.reason == 'step 3: assert checked "Wi-Fi" failed: Wi-Fi is off'
    assert not plan.done


def test_the_same_assertion_holds_once_the_switch_is_on() -> None:
    phone, internet = internet_page()
    switch = next(e for e in internet.elements if e.role is aci.Role.SWITCH)
    phone.tap(switch.center.x, switch.center.y)
    after = observe(phone)
    planner = ScriptPlanner(['tap "Wi-Fi"', 'assert checked "Wi-Fi"', 'assert not checked "Wi-Fi"'])
    plan = planner.next_action(GOAL, after, [step('tap "Wi-Fi"')])
    assert plan.action == aci.Assert(target="Wi-Fi", condition=aci.Condition.CHECKED)
    assert plan.reason == "step 2 of 3 holds: Wi-Fi is on"
    assert not plan.done
    history = [step('tap "Wi-Fi"'), step('assert checked "Wi-Fi"')]
    failed = planner.next_action(GOAL, after, history)
    assert failed.action == aci.Fail(
        reason='step 3: assert not checked "Wi-Fi" failed: Wi-Fi is on'
    )


@pytest.mark.parametrize(
    ("assertion", "holds", "detail"),
    [
        ('assert visible "Wi-Fi"', True, '"Wi-Fi" is visible: text "Wi-Fi" (top-left)'),
        ('assert visible "  wi-fi "', True, '"  wi-fi " is visible'),
        ('assert visible "Wi\u2011Fi"', True, "is visible"),
        ('assert visible "use location"', True, "is visible"),
        ('assert visible "Airplane"', True, 'text "Airplane mode"'),
        ('assert visible "Airp"', False, 'nothing on the screen reads "Airp"'),
        ('assert not visible "Error"', True, 'nothing on the screen reads "Error"'),
        ('assert not visible "Bluetooth"', False, '"Bluetooth" is visible'),
        ('assert checked "Wi-Fi"', True, "Wi-Fi is on"),
        ('assert checked "Bluetooth"', False, "Bluetooth is off"),
        ('assert not checked "Bluetooth"', True, "Bluetooth is off"),
        ('assert checked "Use location"', True, "Use location is checked"),
        ('assert not checked "Use location"', False, "Use location is checked"),
        ('assert checked "Airplane mode"', False, "no switch, checkbox or radio button"),
        ('assert not checked "Airplane mode"', False, "so its state cannot be read"),
        ('assert checked "Hotspot"', False, 'nothing on the screen reads "Hotspot"'),
        ('assert not checked "Hotspot"', False, 'nothing on the screen reads "Hotspot"'),
    ],
)
def test_assertions_read_the_screen(assertion: str, holds: bool, detail: str) -> None:
    action = aci.parse_action(assertion)
    assert isinstance(action, aci.Assert)
    verdict = check(action, SETTINGS_LIST)
    assert verdict.holds is holds
    assert detail in verdict.detail


def test_a_checked_element_without_a_toggle_counts() -> None:
    tabs = screen(element((0, 0, 300, 100), text="Alarms", role=aci.Role.TAB, checked=True))
    assert check(aci.Assert(target="Alarms", condition=aci.Condition.CHECKED), tabs).holds


def test_a_failed_visible_assertion_reports_at_its_step() -> None:
    planner = ScriptPlanner(['assert not visible "Bluetooth"'])
    plan = planner.next_action(GOAL, SETTINGS_LIST, [])
    assert isinstance(plan.action, aci.Fail)
    assert plan.action.reason == (
        'step 1: assert not visible "Bluetooth" failed: '
        '"Bluetooth" is visible: text "Bluetooth" (top-left)'
    )


@pytest.mark.parametrize(
    ("outcome", "detail", "reason"),
    [
        (
            Outcome.TARGET_NOT_FOUND,
            'no element matches "Bluetoth"',
            'step 2: tap "Bluetoth" failed: target not found (no element matches "Bluetoth")',
        ),
        (Outcome.ERROR, "device offline", 'step 2: tap "Bluetoth" failed: error (device offline)'),
        (Outcome.ASSERTION_FAILED, "", 'step 2: tap "Bluetoth" failed: assertion failed'),
    ],
)
def test_a_failed_step_in_the_history_ends_the_script_naming_it(
    outcome: Outcome, detail: str, reason: str
) -> None:
    planner = ScriptPlanner(['tap "Wi-Fi"', 'tap "Bluetoth"', 'tap "OK"'])
    history = [step('tap "Wi-Fi"'), step('tap "Bluetoth"', outcome, detail)]
    plan = planner.next_action(GOAL, SETTINGS_LIST, history)
    assert plan.action == aci.Fail(reason=reason)
    assert not plan.done


def test_a_step_that_left_the_screen_unchanged_does_not_stop_the_script() -> None:
    planner = ScriptPlanner(['tap "Wi-Fi"', 'tap "OK"'])
    plan = planner.next_action(GOAL, SETTINGS_LIST, [step('tap "Wi-Fi"', Outcome.SCREEN_UNCHANGED)])
    assert str(plan.action) == 'tap "OK"'


def test_a_history_of_another_script_is_refused() -> None:
    planner = ScriptPlanner(['tap "Wi-Fi"', 'tap "OK"'])
    with pytest.raises(PlannerInputError) as caught:
        planner.next_action(GOAL, SETTINGS_LIST, [step('tap "Bluetooth"')])
    assert str(caught.value) == (
        "history step 1 is 'tap \"Bluetooth\"' but step 1 of the script is 'tap \"Wi-Fi\"'; "
        "send the history of this script's run"
    )


def test_a_step_that_does_not_parse_is_named_with_its_column() -> None:
    with pytest.raises(PlannerInputError) as caught:
        ScriptPlanner(['tap "Wi-Fi"', "tap"])
    assert str(caught.value).startswith(
        "step 2: 'tap' does not parse: column 4: expected a quoted target"
    )
    with pytest.raises(PlannerInputError, match="at least one step"):
        ScriptPlanner([])
