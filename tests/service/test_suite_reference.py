"""Every task of the suite is solvable: its reference steps, carried out on a virtual phone
through the real adb server and uiautomator2, reach the goal, and the goal was not met
before them (so the check can fail).

Every task runs in the default suite: about two minutes on two cores.
"""

from __future__ import annotations

import pytest

from device import AndroidDevice
from service.suite import ExactLabelRunner, Kind, Task, load_tasks, run_task

SEED = 0
TASKS = load_tasks()


def test_the_suite_covers_every_kind() -> None:
    assert len(TASKS) >= 40
    assert {kind for task in TASKS for kind in task.kinds} == set(Kind)


@pytest.mark.parametrize("task", TASKS, ids=[task.id for task in TASKS])
def test_reference_solution_reaches_the_goal(task: Task, device: AndroidDevice) -> None:
    result = run_task(task, device.adb().shell, ExactLabelRunner(device), seed=SEED)
    assert result.error is None, result.error
    assert not result.already_met, f"{task.id}: the goal held before any step ({result.why})"
    assert result.success, f"{task.id} ({result.goal}): {result.why}"
    assert len(result.steps) == len(task.solution)
