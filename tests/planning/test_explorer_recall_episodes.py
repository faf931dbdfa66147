"""App memory end to end: the Clock app explored on a virtual phone through the real adb
server, then goals about its settings, worded as a person would, reached through the map and
checked on the phone's state, each ending on an assert of what the screen shows."""

from __future__ import annotations

import json
from pathlib import Path

from device import AndroidDevice
from planning.explorer import ExplorerPlanner
from service.explore import explore_app
from service.runner import Runner
from service.suite import load_file
from service.suite.planned import run_planned

_CLOCK = "com.google.android.deskclock"


def _task(goal: str, value: str, equals: str) -> dict[str, object]:
    return {
        "id": f"clock_{value}",
        "goal": goal,
        "apps": [_CLOCK],
        "kinds": ["multi-screen"],
        "difficulty": "easy",
        "check": {"app": _CLOCK, "value": value, "equals": equals},
        "solution": ['open app "Clock"'],
    }


def test_settings_described_in_other_words_are_reached_through_the_map(
    device: AndroidDevice, tmp_path: Path
) -> None:
    clock = explore_app(device, _CLOCK, budget_s=60)
    tasks = [
        _task(
            "Stop the Clock app from adding a home time clock while I'm abroad",
            "auto_home_clock",
            "0",
        ),
        _task("Turn on the clock's night mode screen saver", "night_mode", "1"),
    ]
    path = tmp_path / "clock.json"
    path.write_text(json.dumps({"tasks": tasks}), encoding="utf-8")
    runner = Runner(device, sources=["hierarchy"])
    for task in load_file(path):
        planner = ExplorerPlanner(memory=[clock])
        result = run_planned(task, device.adb().shell, runner, planner, seed=0, max_steps=12)
        actions = [step.action for step in result.steps]
        assert result.success, f"{task.goal}: {result.why}; steps {actions}"
        assert actions[-1].startswith("assert "), actions  # done rests on what was shown
        assert result.unrequested == [], [change.describe() for change in result.unrequested]
