"""Running one task on one phone: start state, steps, success check.

`run_task` puts the phone in the task's start state (seeded data, cleared apps,
settings, data patches, the app to start), draws the parameters, checks that the goal
is not already met, performs the steps and reads the phone's state again.
"""

from __future__ import annotations

import json
import logging
import shlex
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from aci import parse_action
from device.errors import DeviceError
from service.runner import StepError, StepRunner
from service.suite.changes import Change, Snapshot, snapshot, unrequested_since
from service.suite.checks import PhoneState, Shell, Verdict, evaluate
from service.suite.errors import SuiteError
from service.suite.model import Task
from service.suite.params import draw_params
from service.suite.template import ParamValue, fill, fill_all

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class StepRecord:
    """One performed step: its text and how long it took, settling included."""

    action: str
    wall_s: float


@dataclass
class TaskResult:
    """What happened when a task ran."""

    id: str
    goal: str
    params: dict[str, ParamValue]
    success: bool = False
    already_met: bool = False
    """The check held before any step: the task proves nothing on this phone."""
    why: str = ""
    error: str | None = None
    steps: list[StepRecord] = field(default_factory=list)
    wall_s: float = 0.0
    unrequested: list[Change] = field(default_factory=list)
    """What the run changed on the phone that the check does not ask for
    (`service.suite.changes`), read even when a step failed."""


def prepare(task: Task, shell: Shell, *, seed: int) -> dict[str, ParamValue]:
    """Put the phone in the task's start state; the parameters drawn for it."""
    start = task.start
    if start.seed:
        shell(f"vphone seed {seed}")
    for package in start.clear:
        shell(f"pm clear {shlex.quote(package)}")
    for package, permission in start.grant.items():
        shell(f"pm grant {shlex.quote(package)} {shlex.quote(permission)}")
    state = PhoneState(shell)
    params = draw_params(task, seed, state.data)
    for key, value in start.settings.items():
        namespace, _, name = key.partition("/")
        shell(f"settings put {namespace} {shlex.quote(name)} {shlex.quote(fill(value, params))}")
    for package, patch in start.data.items():
        payload = json.dumps(fill_all(patch, params), ensure_ascii=False)
        shell(f"vphone load {shlex.quote(package)} {shlex.quote(payload)}")
    for package in {*start.stop, *task.apps}:
        shell(f"am force-stop {shlex.quote(package)}")
    if start.launch == "home":
        shell("input keyevent HOME")
    elif "/" in start.launch:
        shell(f"am start -n {shlex.quote(start.launch)}")
    else:
        shell(f"monkey -p {shlex.quote(start.launch)} -c android.intent.category.LAUNCHER 1")
    return params


def solution(task: Task, params: dict[str, ParamValue]) -> list[str]:
    """The reference steps with the parameters filled in."""
    return [fill(step, params) for step in task.solution]


def begin(task: Task, shell: Shell, result: TaskResult, *, seed: int) -> PhoneState:
    """Put the phone in the task's start state and fill in the result's parameters, goal
    and whether the goal already held; the phone's state, to check the outcome with."""
    result.params = prepare(task, shell, seed=seed)
    result.goal = fill(task.goal, result.params)
    state = PhoneState(shell)
    result.already_met = evaluate(task.check, result.params, state).ok
    return state


def run_task(
    task: Task,
    shell: Shell,
    runner: StepRunner,
    *,
    seed: int,
    steps: Callable[[Task, dict[str, ParamValue]], list[str]] = solution,
) -> TaskResult:
    """Run the task's steps (the reference solution by default) and check the outcome."""
    started = time.perf_counter()
    result = TaskResult(id=task.id, goal=task.goal, params={})
    start: tuple[PhoneState, Snapshot] | None = None
    try:
        state = begin(task, shell, result, seed=seed)
        runner.settle()
        start = state, snapshot(state)
        for text in steps(task, result.params):
            step_started = time.perf_counter()
            runner.perform(parse_action(text))
            result.steps.append(StepRecord(text, time.perf_counter() - step_started))
        after: Verdict = evaluate(task.check, result.params, state)
        result.success, result.why = after.ok, after.why
    except (SuiteError, StepError, DeviceError) as exc:
        result.error = f"{type(exc).__name__}: {exc}"
        logger.info("task %s failed: %s", task.id, exc)
    if start is not None:
        record_unrequested(task, result, *start)
    result.wall_s = time.perf_counter() - started
    return result


def record_unrequested(task: Task, result: TaskResult, state: PhoneState, before: Snapshot) -> None:
    """Fill in the result's unrequested changes since `before`; a phone that cannot be read
    any more leaves them empty and says so in `error` when nothing else did."""
    try:
        result.unrequested = unrequested_since(before, state, task.check, result.params)
    except (SuiteError, DeviceError) as exc:
        logger.info("task %s: cannot read the changes: %s", task.id, exc)
        result.error = result.error or f"reading the changes: {type(exc).__name__}: {exc}"
