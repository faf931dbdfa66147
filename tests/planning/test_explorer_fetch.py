"""Goals that carry a value from one app to another: the value is read where it is kept,
noted in the history by an assertion, then typed and committed in the other app."""

from __future__ import annotations

import pytest

import aci
from device import AndroidDevice
from planning import Outcome, Step
from planning.explorer import ExplorerPlanner
from planning.explorer.fetch import fetched, find_value, parse_fetch
from planning.explorer.goals import Value
from planning.explorer.memory import screen_id
from service.runner import Runner
from service.suite import load_tasks, select
from service.suite.planned import run_planned
from tests.planning.screens import element

SHARE = "Send Ben Carter's phone number to Alex Kim"
NOTE = "Write a note titled “Zoë Adams” holding their email address"
ALARM = "Tell Alex Kim by text at what time your Gym alarm rings"

CONTACT_PAGE = aci.Screen(
    width=1080,
    height=2400,
    package="com.google.android.contacts",
    elements=(
        element((0, 0, 120, 120), desc="Navigate up", role=aci.Role.ICON, clickable=True),
        element((40, 400, 1040, 500), text="Ben Carter", role=aci.Role.TEXT),
        element((0, 900, 1080, 1050), text="(312) 555-0190", clickable=True),
        element((40, 920, 700, 980), text="(312) 555-0190", role=aci.Role.TEXT),
        element((40, 980, 700, 1040), text="Mobile", role=aci.Role.TEXT),
        element((40, 1100, 700, 1160), text="ben.carter@example.com", role=aci.Role.TEXT),
    ),
)
"""A contact's page: its name, its number and its email address."""

ALARMS = aci.Screen(
    width=1080,
    height=2400,
    package="com.google.android.deskclock",
    elements=(
        element((900, 10, 1040, 60), text="12:04", role=aci.Role.TEXT),
        element((0, 300, 1080, 500), text="06:30", role=aci.Role.CONTAINER, clickable=True),
        element((40, 320, 400, 420), text="06:30", role=aci.Role.TEXT),
        element((40, 420, 400, 480), text="Wake up", role=aci.Role.TEXT),
        element((0, 500, 1080, 700), text="07:45", role=aci.Role.CONTAINER, clickable=True),
        element((40, 520, 400, 620), text="07:45", role=aci.Role.TEXT),
        element((40, 620, 400, 680), text="Gym", role=aci.Role.TEXT),
    ),
)
"""Two labelled alarms under a status bar that shows its own time."""


def test_the_value_to_fetch_its_owner_and_what_it_is_for_are_read_from_the_goal() -> None:
    share = parse_fetch(SHARE)
    assert share is not None
    assert (share.kind, share.owner, share.slot) == ("phone", "Ben Carter", "message")
    assert share.using("555").entity == "Alex Kim"
    note = parse_fetch(NOTE)
    assert note is not None
    assert (note.kind, note.owner, note.slot) == ("email", "Zoë Adams", "body")
    assert note.using("z@x.org").values == (Value("title", "Zoë Adams"), Value("body", "z@x.org"))
    alarm = parse_fetch(ALARM)
    assert alarm is not None
    assert (alarm.kind, alarm.owner, alarm.slot) == ("time", "Gym", "message")


def test_goals_that_give_their_values_fetch_nothing() -> None:
    assert parse_fetch("Change Ann Lee's phone number to 555-0199") is None
    assert parse_fetch("Add a contact named Ann Lee with phone 555-0101") is None
    assert parse_fetch("Text Bob “hi”") is None


def test_the_value_is_found_on_its_owners_record_only() -> None:
    share = parse_fetch(SHARE)
    alarm = parse_fetch(ALARM)
    other = parse_fetch("Send Ann Lee's email address to Bob")
    assert share is not None and alarm is not None and other is not None
    assert find_value(share, CONTACT_PAGE) == "(312) 555-0190"
    assert find_value(other, CONTACT_PAGE) is None
    assert find_value(alarm, ALARMS) == "07:45"
    assert find_value(alarm, CONTACT_PAGE) is None


def test_the_fetch_starts_in_the_app_that_keeps_the_value() -> None:
    home = aci.Screen(width=1080, height=2400, package="com.android.launcher3", elements=())
    assert ExplorerPlanner().next_action(SHARE, home, []).action == aci.OpenApp(app="Contacts")
    assert ExplorerPlanner().next_action(ALARM, home, []).action == aci.OpenApp(app="Clock")


def test_a_value_read_is_asserted_then_carried_to_the_other_app() -> None:
    planner = ExplorerPlanner()
    plan = planner.next_action(SHARE, CONTACT_PAGE, [])
    assert plan.action == aci.Assert(target="(312) 555-0190", condition=aci.Condition.VISIBLE)
    assert not plan.done
    history = [Step(action=plan.action, outcome=Outcome.SUCCEEDED, screen_id=plan.screen_id)]
    share = parse_fetch(SHARE)
    assert share is not None and fetched(share, history) == "(312) 555-0190"
    after = planner.next_action(SHARE, CONTACT_PAGE, history)
    assert after.action == aci.OpenApp(app="Messages")
    assert not after.done


def test_a_failed_assertion_is_no_value() -> None:
    share = parse_fetch(SHARE)
    assert share is not None
    failed = aci.Assert(target="(312) 555-0190", condition=aci.Condition.VISIBLE)
    history = [Step(action=failed, outcome=Outcome.ASSERTION_FAILED, screen_id="x")]
    assert fetched(share, history) is None


def test_the_value_is_typed_into_the_message_and_only_then_done() -> None:
    read = aci.Assert(target="07:45", condition=aci.Condition.VISIBLE)
    history = [Step(action=read, outcome=Outcome.SUCCEEDED, screen_id=screen_id(ALARMS))]
    thread = aci.Screen(
        width=1080,
        height=2400,
        package="com.google.android.apps.messaging",
        elements=(
            element((40, 100, 800, 200), text="Alex Kim", role=aci.Role.TEXT),
            element((40, 2200, 900, 2300), desc="Text message", editable=True),
            element((920, 2200, 1040, 2300), desc="Send SMS", clickable=True),
        ),
    )
    planner = ExplorerPlanner()
    plan = planner.next_action(ALARM, thread, history)
    assert plan.action == aci.TypeText(text="07:45", target="Text message", quoted=True)
    history.append(Step(action=plan.action, outcome=Outcome.SUCCEEDED, screen_id=plan.screen_id))
    typed = thread.model_copy(
        update={
            "elements": (
                *thread.elements[:1],
                thread.elements[1].model_copy(update={"text": "07:45"}),
                thread.elements[2],
            )
        }
    )
    plan = planner.next_action(ALARM, typed, history)
    assert plan.action == aci.Tap(target="Send SMS", quoted=True)
    history.append(Step(action=plan.action, outcome=Outcome.SUCCEEDED, screen_id=plan.screen_id))
    sent = thread.model_copy(
        update={
            "elements": (
                *thread.elements,
                element((300, 1800, 1040, 1900), text="07:45", role=aci.Role.TEXT),
            )
        }
    )
    assert planner.next_action(ALARM, sent, history).done


@pytest.mark.parametrize(
    "task_id", ["message_alarm_time", "message_share_phone", "note_contact_email"]
)
def test_a_value_is_carried_between_real_apps(task_id: str, device: AndroidDevice) -> None:
    (task,) = select(load_tasks(), [task_id])
    runner = Runner(device, sources=["hierarchy"])
    result = run_planned(task, device.adb().shell, runner, ExplorerPlanner(), seed=0, max_steps=25)
    assert result.error is None, result.error
    assert result.success, f"{result.goal}: {result.why}; steps {[s.action for s in result.steps]}"
    assert any(step.action.startswith("assert visible") for step in result.steps)
    assert len(result.steps) <= 15
