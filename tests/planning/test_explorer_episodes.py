"""The explorer reaches real goals end to end: a virtual phone, the real adb server, the
grounder, and the suite's check of the phone's state (not the planner's word)."""

from __future__ import annotations

import pytest

from device import AndroidDevice
from planning.explorer import ExplorerPlanner
from service.runner import Runner
from service.suite import load_tasks, select
from service.suite.planned import run_planned


@pytest.mark.parametrize("task_id", ["bluetooth_on", "calc_divide", "contact_add"])
def test_explorer_reaches_the_goal(task_id: str, device: AndroidDevice) -> None:
    (task,) = select(load_tasks(), [task_id])
    runner = Runner(device, sources=["hierarchy"])
    result = run_planned(task, device.adb().shell, runner, ExplorerPlanner(), seed=0, max_steps=20)
    assert result.error is None, result.error
    assert not result.already_met
    assert result.success, f"{result.goal}: {result.why}; steps {[s.action for s in result.steps]}"
    assert len(result.steps) <= 10
