"""Unrequested changes: what a task's run changed on the phone beyond what its check asks.

Reference solutions on a virtual phone change nothing else; a run that also deletes a
record, overwrites a field or flips a setting reports it as destructive; the diff itself
is checked on small snapshots without a phone.
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Callable

import pytest

from device import AndroidDevice
from service.suite import ExactLabelRunner, Task, load_tasks, run_task, select, solution
from service.suite.changes import Snapshot, diff, unrequested
from service.suite.checks import PhoneState
from service.suite.model import ListCheck, SettingCheck, ValueCheck
from service.suite.template import ParamValue

SEED = 0
TASKS = load_tasks()
KEEP = "com.google.android.keep"
CONTACTS = "com.google.android.contacts"

Steps = Callable[[Task, dict[str, ParamValue]], list[str]]


def _run(task_id: str, device: AndroidDevice, steps: Steps = solution) -> list[str]:
    (task,) = select(TASKS, [task_id])
    result = run_task(task, device.adb().shell, ExactLabelRunner(device), seed=SEED, steps=steps)
    assert result.error is None, result.error
    assert result.success, result.why
    return [
        change.describe() + (" !" if change.destructive else "") for change in result.unrequested
    ]


def _also(device: AndroidDevice, command: Callable[[PhoneState], str]) -> Steps:
    """The reference steps, with a shell command run on the phone once the run has begun
    (after the first snapshot), as a careless planner's extra action."""

    def steps(task: Task, params: dict[str, ParamValue]) -> list[str]:
        shell = device.adb().shell
        shell(command(PhoneState(shell)))
        return solution(task, params)

    return steps


def _without(records: object, record_id: str) -> list[object]:
    assert isinstance(records, list)
    return [r for r in records if not (isinstance(r, dict) and r.get("id") == record_id)]


@pytest.mark.parametrize(
    "task_id",
    # a setting, a record deleted, a field set, a record added (and the thread it opens),
    # a setting Settings keeps a copy of
    ["wifi_on", "note_delete", "alarm_label", "contact_add", "message_new_chat", "device_name"],
)
def test_a_reference_solution_changes_nothing_unrequested(
    task_id: str, device: AndroidDevice
) -> None:
    assert _run(task_id, device) == []


def test_deleting_an_unrelated_note_is_reported_as_destructive(device: AndroidDevice) -> None:
    removed: list[str] = []

    def delete_note(state: PhoneState) -> str:
        notes = state.data(KEEP)["notes"]
        assert isinstance(notes, list)
        victim = next(n for n in notes if n["pinned"] == "1")  # note_pin picks an unpinned one
        removed.append(f"{KEEP}/notes[id={victim['id']}]: removed (title=")
        payload = json.dumps({"notes": _without(notes, victim["id"])}, ensure_ascii=False)
        return f"vphone load {KEEP} {shlex.quote(payload)}"

    changes = _run("note_pin", device, _also(device, delete_note))
    assert len(changes) == 1, changes
    assert changes[0].startswith(removed[0]), changes
    assert changes[0].endswith(" !")


def test_a_setting_the_goal_does_not_name_is_reported_as_destructive(
    device: AndroidDevice,
) -> None:
    changes = _run("wifi_on", device, _also(device, lambda _: "settings put global zen_mode 1"))
    assert changes == ["settings/global/zen_mode: 0 -> 1 !"]


def test_the_asked_field_is_not_reported_but_the_same_field_of_another_record_is(
    device: AndroidDevice,
) -> None:
    def change_another(state: PhoneState) -> str:
        contacts = state.data(CONTACTS)["contacts"]
        assert isinstance(contacts, list)
        contacts[0]["phone"] = "(555) 555-0199"  # the task picks by name at random, not 1
        return f"vphone load {CONTACTS} {shlex.quote(json.dumps({'contacts': contacts}))}"

    changes = _run("contact_change_phone", device, _also(device, change_another))
    assert changes == [f'{CONTACTS}/contacts[id=1].phone: "(415) 555-0132" -> "(555) 555-0199" !']


# -- the diff, on snapshots ----------------------------------------------------------------


def _snapshot(settings: dict[str, str] | None = None, **apps: dict[str, object]) -> Snapshot:
    return Snapshot(settings=settings or {}, apps={f"com.x.{k}": v for k, v in apps.items()})


def test_records_are_matched_by_id_else_by_position() -> None:
    before = _snapshot(
        notes={"notes": [{"id": "1", "t": "a"}, {"id": "2", "t": "b"}]},
        calc={"steps": [{"prev": ""}, {"prev": "1"}]},
    )
    after = _snapshot(
        notes={"notes": [{"id": "2", "t": "b"}, {"id": "3", "t": "c"}]},
        calc={"steps": [{"prev": ""}]},
    )
    assert [(c.describe(), c.destructive) for c in diff(before, after)] == [
        ("com.x.calc/steps[1]: removed (prev=1)", True),
        ("com.x.notes/notes[id=1]: removed (t=a)", True),
        ("com.x.notes/notes[id=3]: added (t=c)", False),
    ]


def test_text_extended_or_filled_is_not_destructive_but_emptied_or_overwritten_is() -> None:
    before = _snapshot(a={"body": "Milk", "title": "", "label": "Gym", "name": "Bo", "n": "5"})
    after = _snapshot(
        a={"body": "Milk, eggs", "title": "New", "label": "", "name": "Al", "n": "50"}
    )
    assert {c.path: c.destructive for c in diff(before, after)} == {
        "com.x.a/body": False,
        "com.x.a/title": False,
        "com.x.a/label": True,
        "com.x.a/name": True,
        "com.x.a/n": True,
    }


def test_incidental_fields_and_asked_settings_are_dropped() -> None:
    before = _snapshot(
        {"global/wifi_on": "0", "global/auto_time": "1"},
        sms={
            "threads": [{"id": "1", "time": "9:00", "snippet": "hi", "rank": "1"}],
            "permissions": {"android.permission.X": "not asked"},
            "next_number": "15",
        },
    )
    after = _snapshot(
        {"global/wifi_on": "1", "global/auto_time": "0"},
        sms={
            "threads": [{"id": "1", "time": "9:05", "snippet": "yo", "rank": "2"}],
            "permissions": {"android.permission.X": "allowed"},
            "next_number": "16",
        },
    )
    changes = diff(before, after)
    left = unrequested(changes, SettingCheck(setting="global/wifi_on", equals="1"), {})
    # a setting is never incidental, even when its name looks like a timestamp's
    assert [change.describe() for change in left] == ["settings/global/auto_time: 1 -> 0"]


def test_a_record_added_for_the_asked_one_is_not_reported_but_a_number_is_no_link() -> None:
    before = _snapshot(
        sms={"threads": [], "messages": [], "drafts": []},
    )
    after = _snapshot(
        sms={
            "threads": [{"id": "(650) 555-0100", "contact": "Mom"}],
            "messages": [{"id": "7", "thread": "(650) 555-0100", "text": "hi", "n": "3"}],
            "drafts": [{"id": "3", "text": "later"}],
        },
    )
    check = ListCheck.model_validate(
        {"app": "com.x.sms", "list": "messages", "contains": {"text": "hi"}}
    )
    left = unrequested(diff(before, after), check, {})
    assert [change.describe() for change in left] == ["com.x.sms/drafts[id=3]: added (text=later)"]


def test_a_value_the_app_produced_brings_its_input_but_not_other_data() -> None:
    """Computing a sum types over the formula the display held: that is the result's input;
    a note deleted on the way is still lost data."""
    before = _snapshot(
        calc={"formula": "125+8", "result": ""}, notes={"notes": [{"id": "1", "t": "a"}]}
    )
    after = _snapshot(calc={"formula": "125+9", "result": "134"}, notes={"notes": []})
    check = ValueCheck(app="com.x.calc", value="result", equals="134")
    left = unrequested(diff(before, after), check, {})
    assert [(change.describe(), change.destructive) for change in left] == [
        ("com.x.notes/notes[id=1]: removed (t=a)", True)
    ]


def test_a_new_result_brings_its_input_but_a_switch_brings_nothing() -> None:
    """Halving the number shown replaces the formula that made it; turning one of an app's
    switches on explains no other change of that app."""
    before = _snapshot(calc={"formula": "7*14", "result": "98", "sound": "1"})
    halved = _snapshot(calc={"formula": "98÷2", "result": "49", "sound": "1"})
    result = ValueCheck(app="com.x.calc", value="result", equals="49")
    assert unrequested(diff(before, halved), result, {}) == []
    muted = _snapshot(calc={"formula": "98÷2", "result": "49", "sound": "0"})
    sound = ValueCheck(app="com.x.calc", value="sound", equals="0")
    assert sorted(change.describe() for change in unrequested(diff(before, muted), sound, {})) == [
        "com.x.calc/formula: 7*14 -> 98÷2",
        "com.x.calc/result: 98 -> 49",
    ]


def test_a_value_carried_into_the_asked_record_brings_the_app_that_made_it() -> None:
    """A sum worked out on the calculator and noted: the calculator's display came with the
    note. When no value of the calculator's went into the note, its changes are its own."""
    before = _snapshot(calc={"formula": "", "result": "", "done": "0"}, notes={"notes": []})
    noted = _snapshot(
        calc={"formula": "37*12", "result": "444", "done": "1"},
        notes={"notes": [{"id": "1", "title": "Tiles", "body": "444"}]},
    )
    check = ListCheck(app="com.x.notes", list="notes", contains={"title": "Tiles"})
    assert unrequested(diff(before, noted), check, {}) == []
    other = _snapshot(
        calc={"formula": "37*12", "result": "444", "done": "1"},
        notes={"notes": [{"id": "1", "title": "Tiles", "body": "a lot"}]},
    )
    left = unrequested(diff(before, other), check, {})
    assert sorted((change.describe(), change.destructive) for change in left) == [
        ("com.x.calc/done: 0 -> 1", True),
        ('com.x.calc/formula: "" -> 37*12', False),
        ('com.x.calc/result: "" -> 444', False),
    ]
