"""A command for several items ("Adam Novak and Alex Kim"), end to end on a virtual phone:
each item gets the command in turn, each ends on a proof of what the screen shows, and no
other record changes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from device import AndroidDevice
from planning.explorer import ExplorerPlanner
from planning.explorer.goals import parse_goal
from service.runner import Runner
from service.suite import load_file
from service.suite.planned import run_planned

_CONTACTS = "com.google.android.contacts"


@pytest.mark.parametrize(
    ("goal", "items"),
    [
        ("Star Adam Novak and Alex Kim", ("Adam Novak", "Alex Kim")),
        ("Delete Ann Lee, Bo Chen and Cy Diaz", ("Ann Lee", "Bo Chen", "Cy Diaz")),
        ("Trash my Lake Tahoe pictures from September", ()),  # one description, not a list
    ],
)
def test_names_written_as_a_list_are_items_of_their_own(goal: str, items: tuple[str, ...]) -> None:
    assert parse_goal(goal).items == items


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
    path = tmp_path / "contacts.json"
    path.write_text(json.dumps({"tasks": [task]}), encoding="utf-8")
    (loaded,) = load_file(path)
    runner = Runner(device, sources=["hierarchy"])
    result = run_planned(
        loaded, device.adb().shell, runner, ExplorerPlanner(), seed=0, max_steps=24
    )
    actions = [step.action for step in result.steps]
    assert result.success, f"{result.why}; steps {actions}"
    proofs = [action for action in actions if action.startswith("assert ")]
    assert proofs == [
        f'assert visible "{name}" -> succeeded' for name in ("Adam Novak", "Alex Kim")
    ]
    assert result.unrequested == [], [change.describe() for change in result.unrequested]
