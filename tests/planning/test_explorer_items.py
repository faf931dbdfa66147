"""A command for several items ("Adam Novak and Alex Kim"), end to end on a virtual phone:
each item gets the command in turn, each ends on a proof of what the screen shows, and no
other record changes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from device import AndroidDevice
from planning.explorer import ExplorerPlanner
from planning.explorer.goals import Value, parse_goal
from planning.explorer.parts import parts_of
from service.runner import Runner
from service.suite import load_file
from service.suite.planned import run_planned

_CONTACTS = "com.google.android.contacts"
_CLOCK = "com.google.android.deskclock"


@pytest.mark.parametrize(
    ("goal", "items"),
    [
        ("Star Adam Novak and Alex Kim", ("Adam Novak", "Alex Kim")),
        ("Delete Ann Lee, Bo Chen and Cy Diaz", ("Ann Lee", "Bo Chen", "Cy Diaz")),
        ("Trash my Lake Tahoe pictures from September", ()),  # one description, not a list
        ("I fly to Cairo and then Lagos. Put both cities on my world clock", ("Cairo", "Lagos")),
    ],
)
def test_names_written_as_a_list_are_items_of_their_own(goal: str, items: tuple[str, ...]) -> None:
    assert parse_goal(goal).items == items


def _run(task: dict[str, object], device: AndroidDevice, tmp_path: Path) -> list[str]:
    path = tmp_path / "tasks.json"
    path.write_text(json.dumps({"tasks": [task]}), encoding="utf-8")
    (loaded,) = load_file(path)
    runner = Runner(device, sources=["hierarchy"])
    result = run_planned(
        loaded, device.adb().shell, runner, ExplorerPlanner(), seed=0, max_steps=24
    )
    actions = [step.action for step in result.steps]
    assert result.success, f"{result.why}; steps {actions}"
    assert result.unrequested == [], [change.describe() for change in result.unrequested]
    return [action for action in actions if action.startswith("assert ")]


def test_each_listed_item_gets_the_command(device: AndroidDevice, tmp_path: Path) -> None:
    contains = [{"id": "2", "starred": "1"}, {"id": "3", "starred": "1"}]
    task = {
        "id": "contacts_star_both",
        "goal": "Adam Novak and Alex Kim are family now. Add both of them to my favourite contacts",
        "apps": [_CONTACTS],
        "kinds": ["multi-screen"],
        "difficulty": "medium",
        "check": {"all": [{"app": _CONTACTS, "list": "contacts", "contains": c} for c in contains]},
        "solution": ['open app "Contacts"'],
    }
    proofs = _run(task, device, tmp_path)
    assert proofs == [
        f'assert visible "{name}" -> succeeded' for name in ("Adam Novak", "Alex Kim")
    ]


def test_each_listed_item_is_added(device: AndroidDevice, tmp_path: Path) -> None:
    task = {
        "id": "clock_two_cities",
        "goal": "I fly to Cairo and then Lagos next week. Put both cities on my world clock",
        "apps": [_CLOCK],
        "kinds": ["multi-screen"],
        "difficulty": "medium",
        "check": {
            "all": [
                {"app": _CLOCK, "list": "cities", "contains": {"name": city}}
                for city in ("Cairo", "Lagos")
            ]
        },
        "solution": ['open app "Clock"'],
    }
    assert len(_run(task, device, tmp_path)) == 2


def test_switches_asked_in_turn_are_each_set_and_proved(
    device: AndroidDevice, tmp_path: Path
) -> None:
    """Two clauses, two switches of two items: each set, each proved, nothing else."""
    task = {
        "id": "clock_two_alarms",
        "goal": "I sleep in on weekends now. Enable the 9:00 alarm, then disable the 7:15 one",
        "apps": [_CLOCK],
        "kinds": ["multi-screen"],
        "difficulty": "medium",
        "check": {
            "all": [
                {"app": _CLOCK, "list": "alarms", "contains": {"id": "3", "on": "1"}},
                {"app": _CLOCK, "list": "alarms", "contains": {"id": "2", "on": "0"}},
            ]
        },
        "solution": ['open app "Clock"'],
    }
    proofs = _run(task, device, tmp_path)
    assert [proof.split(" -> ")[0] for proof in proofs][-2:] == [
        'assert checked "Alarm"',
        'assert not checked "Alarm"',
    ]


@pytest.mark.parametrize(
    ("goal", "count"),
    [
        ("Pause the stopwatch and set it back to zero", 2),
        ("Turn on Wi-Fi and switch Bluetooth off", 2),
        ("Start a chat with Ann Lee and say “hi”", 1),  # one message, read whole
        ("Turn on Wi-Fi", 1),
        # the sum, then a note that keeps its result
        ("Work out 12 times 7 on the calculator and note it in Keep under the title “Box”", 2),
    ],
)
def test_switches_and_commands_in_turn_are_parts_values_are_not(goal: str, count: int) -> None:
    assert len(parts_of(goal)) == count


def test_a_sum_then_a_note_of_its_result() -> None:
    goal = "Work out 12 times 7 on the calculator and note it in Keep under the title “Box”"
    _, note = parts_of(goal)
    assert Value("body", "84") in note.values and Value("title", "Box") in note.values
    assert note.names == ()  # "in Keep" is where, not which note
