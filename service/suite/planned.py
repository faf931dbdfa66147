"""Running a task with a planner instead of its reference steps (`bench/tasks.py --planner`).

Kept apart from `service.suite.runner`: it drives the service's episode loop
(`service.episode`) rather than a list of steps.
"""

from __future__ import annotations

import logging
import time

from device.errors import DeviceError
from planning import Planner
from service.episode import run_episode
from service.runner import StepRunner
from service.suite.changes import Snapshot, snapshot
from service.suite.checks import PhoneState, Shell, evaluate
from service.suite.errors import SuiteError
from service.suite.model import Task
from service.suite.runner import StepRecord, TaskResult, begin, record_unrequested

logger = logging.getLogger(__name__)


def run_planned(
    task: Task, shell: Shell, runner: StepRunner, planner: Planner, *, seed: int, max_steps: int
) -> TaskResult:
    """Pursue the task's goal with a planner (no reference steps) and check the outcome."""
    started = time.perf_counter()
    result = TaskResult(id=task.id, goal=task.goal, params={})
    start: tuple[PhoneState, Snapshot] | None = None
    try:
        state = begin(task, shell, result, seed=seed)
        start = state, snapshot(state)
        episode = run_episode(result.goal, runner, planner, max_steps=max_steps)
        result.steps = [
            StepRecord(f"{turn.step.action} -> {turn.step.outcome.value}", turn.wall_s)
            for turn in episode.turns
        ]
        after = evaluate(task.check, result.params, state)
        result.success, result.why = after.ok, after.why
        if not after.ok and episode.failure:
            result.why = f"{after.why}; the planner stopped: {episode.failure}"
        elif not after.ok and episode.done:
            result.why = f"{after.why}; the planner said done"
    except (SuiteError, DeviceError) as exc:
        result.error = f"{type(exc).__name__}: {exc}"
        logger.info("task %s failed: %s", task.id, exc)
    if start is not None:
        record_unrequested(task, result, *start)
    result.wall_s = time.perf_counter() - started
    return result
