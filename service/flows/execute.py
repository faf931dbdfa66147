"""Running one parsed `Flow` on one phone: each step kind carried out through the `Runner`.

ACI steps go to `runner.perform`, `goal:` steps to a planner episode with their budget, and
the flow-level steps (launch, stop, clear, screenshot, waits, the keyboard) to the device.
A failing step stops the flow, except inside `retry` (which runs its block again) and
`optional` (the failure is recorded, the block passes with a warning, and the flow goes
on). A device error fails the flow with its reason; `run_flow_on` never raises for a step.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import aci
from device import AndroidDevice
from device.errors import DeviceCommandError, DeviceError
from grounding.grounded import Grounded
from service.episode import run_episode
from service.flows.capture import GroundingNote, RunShots, StepShots, keep_screenshot
from service.flows.model import (
    ActionStep,
    ClearState,
    Flow,
    GoalStep,
    HideKeyboard,
    Launch,
    OptionalBlock,
    RepeatBlock,
    RetryBlock,
    RunFlow,
    Screenshot,
    SeedData,
    Settle,
    Step,
    StopApp,
    TapRelative,
    Visible,
    WaitUntil,
    WhenBlock,
)
from service.planners import planner_for
from service.runner import Runner, StepError

__all__ = ["FailedStep", "FlowResult", "StepRecord", "describe", "run_flow_on"]

REPEAT_CAP = 50
"""Most rounds of a `repeat` bounded only by a condition: a flow must end."""
_NO_SEED = (
    "this phone takes no data seed: `setup: seed` is droidpilot's virtual phone's "
    "(`vphone seed N`); on other phones, seed the app's data before the flow"
)
_POLL_S = 0.2
_IME_SHOWN = re.compile(r"mInputShown=true")

Outcome = Literal["passed", "failed", "skipped"]


@dataclass(frozen=True)
class StepRecord:
    """One step as it ran: what, where in which file, how it ended, and how long it took."""

    line: int
    text: str
    outcome: Outcome
    detail: str = ""
    duration_s: float = 0.0
    grounding: str | None = None
    """Why grounding chose the element it acted on, when the step had a target."""
    file: Path | None = None
    depth: int = 0
    """0 for the flow's own steps, 1 inside a block or an included flow, and so on."""
    decision: GroundingNote | None = None
    """The whole grounding decision (element, bounds, confidence), for the HTML report."""
    screenshot: Path | None = None
    """The screen after the step (the one it failed on), when step pictures were asked for."""


@dataclass(frozen=True)
class FailedStep:
    """Where a flow stopped: the top-level step (1-based `index`) and the innermost step
    that failed in it (its line, text and file)."""

    index: int
    line: int
    text: str
    file: Path
    reason: str

    def message(self, flow_file: Path) -> str:
        """`step 3 (line 11): tap "X" — why`, the line CI shows for the failure."""
        where = f"line {self.line}"
        if self.file.resolve() != flow_file.resolve():
            where = f"{self.file.name}:{self.line}"
        return f"step {self.index} ({where}): `{self.text}` — {self.reason}"


@dataclass
class FlowResult:
    """How one flow went on one phone."""

    name: str
    file: Path
    serial: str
    passed: bool = False
    failed: FailedStep | None = None
    reason: str | None = None
    """Why the flow failed (the failing step's reason, or a device error)."""
    steps: list[StepRecord] = field(default_factory=list)
    wall_s: float = 0.0
    replayed: int = 0
    """Steps the replay cache carried out without grounding (`saved_s`: the time that saved)."""
    saved_s: float = 0.0

    @property
    def message(self) -> str | None:
        """The failure in one line, naming the step; None when the flow passed."""
        if self.passed:
            return None
        if self.failed is not None:
            return self.failed.message(self.file)
        return self.reason or "failed"


class _StepFailed(Exception):
    def __init__(self, step: Step, file: Path, reason: str) -> None:
        super().__init__(reason)
        self.step, self.file, self.reason = step, file, reason


def describe(step: Step) -> str:
    """A step in one line of text, as a report names it (its `label` when it has one)."""
    if step.label:
        return step.label
    match step:
        case ActionStep(action=action):
            return aci.format_action(action)
        case TapRelative(x_share=x, y_share=y, long_press=long):
            return f"{'long press' if long else 'tap'} at {x:.0%}, {y:.0%} of the screen"
        case GoalStep(goal=goal, max_steps=budget):
            return f"goal: {goal} (max {budget} steps)"
        case RetryBlock(times=times, steps=steps):
            return f"retry {times}x ({len(steps)} steps)"
        case WhenBlock(condition=condition, steps=steps):
            return f"when {condition} ({len(steps)} steps)"
        case OptionalBlock(steps=steps):
            return f"optional ({len(steps)} steps)"
        case RepeatBlock(times=times, condition=condition):
            while_ = "" if condition is None else f" while {condition}"
            return f"repeat{f' {times}x' * bool(times)}{while_}"
        case RunFlow(path=path):
            return f"run_flow {path.name}"
        case Launch(package=package, clear_state=clear):
            return f"launch {package}" + " (clear state)" * clear
        case StopApp(package=package) | ClearState(package=package):
            return f"{step.kind} {package}"
        case Screenshot(name=name):
            return f"screenshot {name}"
        case SeedData(seed=seed):
            return f"seed data {seed}"
        case WaitUntil(condition=condition, timeout_s=timeout):
            return f"wait until {condition} ({timeout:g} s)"
    return step.kind.replace("_", " ")


def run_flow_on(
    flow: Flow,
    phone: AndroidDevice,
    *,
    runner: Runner | None = None,
    out_dir: Path | None = None,
    max_steps: int | None = None,
    data_dir: Path | None = None,
    on_failure: Callable[[StepRecord], None] | None = None,
    step_shots: StepShots | None = None,
) -> FlowResult:
    """Run the flow's setup and steps in order; the result says whether it passed and why not.

    `out_dir` receives screenshots; `max_steps` caps every `goal:` step's budget;
    `data_dir` holds the app memory the planner reads; `on_failure` hears each failing step.
    `step_shots` (else what `capture.capturing` set) pictures the screen after every step.
    """
    executor = _Executor(
        phone,
        runner or Runner(phone, apps=phone.launcher_apps),
        out_dir=out_dir,
        max_steps=max_steps,
        data_dir=data_dir,
        on_failure=on_failure,
        pictures=None if step_shots is None else step_shots.for_run(phone.serial, flow.path.stem),
    )
    result = FlowResult(name=flow.name, file=flow.path, serial=phone.serial)
    started = time.perf_counter()
    for index, step in enumerate([*flow.setup, *flow.steps], start=1):
        try:
            executor.run(step, flow.path, depth=0)
        except _StepFailed as failed:
            result.failed = FailedStep(
                index, failed.step.line, describe(failed.step), failed.file, failed.reason
            )
            result.reason = failed.reason
            break
        except DeviceError as exc:
            result.reason = f"device error: {exc}"
            result.failed = FailedStep(index, step.line, describe(step), flow.path, result.reason)
            now = time.perf_counter()  # no picture: the phone is gone
            executor.record(step, flow.path, 0, "failed", result.reason, now, picture=False)
            break
    else:
        result.passed = True
    result.steps = executor.records
    result.wall_s = time.perf_counter() - started
    return result


class _Executor:
    def __init__(
        self,
        phone: AndroidDevice,
        runner: Runner,
        *,
        out_dir: Path | None,
        max_steps: int | None,
        data_dir: Path | None,
        on_failure: Callable[[StepRecord], None] | None,
        pictures: RunShots | None = None,
    ) -> None:
        self.phone, self.runner = phone, runner
        self.out_dir, self.max_steps, self.data_dir = out_dir, max_steps, data_dir
        self.on_failure, self.pictures = on_failure, pictures
        self.records: list[StepRecord] = []

    def record(
        self,
        step: Step,
        file: Path,
        depth: int,
        outcome: Outcome,
        detail: str,
        started: float,
        grounding: Grounded | None = None,
        *,
        notify: bool = True,
        picture: bool = True,
    ) -> StepRecord:
        duration_s = round(time.perf_counter() - started, 3)  # the picture is not the step's
        shot = self.pictures.take(self.phone) if picture and self.pictures else None
        note = GroundingNote.of(grounding)
        record = StepRecord(
            step.line,
            describe(step),
            outcome,
            detail,
            duration_s,
            None if note is None else note.reason,
            file,
            depth,
            note,
            shot,
        )
        self.records.append(record)
        if outcome == "failed" and notify and self.on_failure is not None:
            self.on_failure(record)
        return record

    def run(self, step: Step, file: Path, depth: int) -> None:
        """Carry out one step; raises `_StepFailed` when it fails (DeviceError passes up)."""
        started = time.perf_counter()
        try:
            detail, grounding = self._carry_out(step, file, depth)
        except _StepFailed as failed:
            # the step that failed is told of; a block around it is only recorded
            notify = failed.step is step
            self.record(step, file, depth, "failed", failed.reason, started, notify=notify)
            raise
        except StepError as exc:
            reason = str(exc)
            self.record(step, file, depth, "failed", reason, started, exc.grounding)
            raise _StepFailed(step, file, reason) from exc
        outcome: Outcome = "skipped" if detail.startswith("skipped") else "passed"
        self.record(step, file, depth, outcome, detail, started, grounding)

    def _block(self, steps: Sequence[Step], file: Path, depth: int) -> None:
        for inner in steps:  # one level deeper than the block
            self.run(inner, file, depth + 1)

    def _carry_out(self, step: Step, file: Path, depth: int) -> tuple[str, Grounded | None]:
        """(detail, grounding decision) of a step that succeeded."""
        runner, phone = self.runner, self.phone
        match step:
            case ActionStep(action=action):
                report = runner.perform(action)
                return "", report.grounding
            case TapRelative(x_share=x_share, y_share=y_share, long_press=long):
                width, height = phone.screen_size()
                x = min(int(width * x_share), width - 1)
                y = min(int(height * y_share), height - 1)
                verb = aci.LongPress if long else aci.Tap
                runner.perform(verb(point=aci.Point(x=x, y=y)))
                return f"at ({x}, {y})", None
            case GoalStep():
                return self._goal(step, file), None
            case RetryBlock(times=times, steps=steps):
                for attempt in range(times):
                    try:
                        self._block(steps, file, depth)
                        return f"passed on attempt {attempt + 1}", None
                    except _StepFailed:
                        pass  # recorded; run the block again
                self._block(steps, file, depth)  # the last try: its failure is the block's
                return f"passed on attempt {times + 1}", None
            case WhenBlock(condition=condition, steps=steps):
                if not self._holds(condition):
                    return f"skipped: {condition} does not hold", None
                self._block(steps, file, depth)  # the condition chose to run them: they count
                return f"{condition} held", None
            case OptionalBlock(steps=steps):
                try:
                    self._block(steps, file, depth)
                except _StepFailed as failed:  # recorded as failed; the flow goes on
                    return f"warned: {failed.reason}", None
                return "", None
            case RepeatBlock():
                return self._repeat(step, file, depth), None
            case RunFlow(flow=included):
                self._block([*included.setup, *included.steps], included.path, depth)
                return "", None
            case Launch(package=package, clear_state=clear, stop_first=stop):
                if clear:
                    phone.clear_app(package)
                elif stop:
                    phone.stop_app(package)
                activity = next(
                    (app.activity for app in phone.launcher_apps() if app.package == package), None
                )
                phone.start_app(package, activity)
                runner.settle()
                return f"started {package}/{activity}" if activity else f"started {package}", None
            case StopApp(package=package) | ClearState(package=package):
                (phone.stop_app if isinstance(step, StopApp) else phone.clear_app)(package)
                runner.settle()
                return "", None
            case SeedData(seed=seed):
                try:
                    phone.adb().shell(["vphone", "seed", str(seed)])
                except DeviceCommandError as exc:
                    raise _StepFailed(step, file, _NO_SEED) from exc
                return f"the apps' data regenerated from seed {seed}", None
            case Settle():
                runner.settle()
                return "", None
            case Screenshot(name=name):
                if self.out_dir is None:
                    return "not kept (no output folder)", None
                return str(keep_screenshot(phone, self.out_dir, name)), None
            case WaitUntil(condition=condition, timeout_s=timeout_s):
                waited = self._wait(condition, timeout_s)
                if waited is None:
                    raise _StepFailed(
                        step, file, f"{condition} did not hold within {timeout_s:g} s"
                    )
                return f"held after {waited:.1f} s", None
            case HideKeyboard():
                if not self._keyboard_shown():
                    return "the keyboard was hidden", None
                runner.perform(aci.PressKey(key=aci.Key.BACK))
                return "pressed back to hide the keyboard", None
        raise AssertionError(f"unknown step kind {step.kind!r}")

    def _holds(self, condition: Visible) -> bool:
        """The condition on the settled screen, with the runner's assert semantics."""
        check = aci.Assert(
            target=condition.text, condition=aci.Condition.VISIBLE, negated=condition.negated
        )
        try:
            self.runner.perform(check)
        except StepError:
            return False
        return True

    def _wait(self, condition: Visible, timeout_s: float) -> float | None:
        started = time.perf_counter()
        while True:
            if self._holds(condition):
                return time.perf_counter() - started
            if time.perf_counter() - started >= timeout_s:
                return None
            time.sleep(_POLL_S)

    def _repeat(self, step: RepeatBlock, file: Path, depth: int) -> str:
        """Rounds while the condition holds, at most `times` (a cap without one), within the
        timeout; a condition still holding when the timeout or the cap ends it fails."""
        started, rounds = time.perf_counter(), 0
        cap = step.times or REPEAT_CAP
        while rounds < cap:
            if step.condition is not None and not self._holds(step.condition):
                return f"{rounds} rounds"
            if step.timeout_s is not None and time.perf_counter() - started >= step.timeout_s:
                break
            self._block(step.steps, file, depth)
            rounds += 1
        bounded_by_times = step.times is not None and step.timeout_s is None
        if step.condition is None or bounded_by_times or not self._holds(step.condition):
            return f"{rounds} rounds"
        limit = f"{step.timeout_s:g} s" if step.timeout_s is not None else f"{cap} rounds"
        wanted = f"{step.condition.text!r} not visible" if step.condition.negated else "the end"
        raise _StepFailed(step, file, f"{wanted} after {limit} ({rounds} rounds)")

    def _goal(self, step: GoalStep, file: Path) -> str:
        budget = min(step.max_steps, self.max_steps or step.max_steps)
        with planner_for("explorer", max_steps=budget, data_dir=self.data_dir) as planner:
            episode = run_episode(step.goal, self.runner, planner, max_steps=budget)
        if not episode.done:
            raise _StepFailed(step, file, episode.failure or "the planner stopped")
        return f"done in {len(episode.turns)} steps"

    def _keyboard_shown(self) -> bool:
        """Whether the soft keyboard shows, as `dumpsys input_method` tells it."""
        try:
            return bool(_IME_SHOWN.search(self.phone.adb().shell(["dumpsys", "input_method"])))
        except DeviceError:
            return False
