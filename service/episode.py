"""The episode loop: observe, plan, ground and act, verify, until the planner stops.

One episode pursues one goal on one phone. Each turn the settled screen is perceived
and handed to the planner with the history so far; the planned action is carried out
by the runner (which grounds its target and waits for the screen to settle); the
outcome (succeeded, target not found, screen unchanged, error) goes back into the
history, so that the next plan can take a different route. The loop ends when the
planner says done or fail, when the step or time budget is spent, when the caller
cancels, or when the phone fails: a device error ends the episode, it never raises.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Literal

import aci
from device.errors import DeviceError
from grounding.perceive import perceive
from planning import Outcome, Plan, Planner, PlannerError, Step
from service.runner import StepError, StepReport, StepRunner

__all__ = ["Episode", "Turn", "run_episode"]

logger = logging.getLogger(__name__)

_HIERARCHY: tuple[aci.Source, ...] = ("hierarchy",)
_NO_EFFECT_EXPECTED = (aci.Wait, aci.Assert)
"""Actions whose success does not show as a change of screen."""
_CANCELLED = "cancelled"


@dataclass(frozen=True)
class Turn:
    """One planned and performed step: what the planner saw, what it chose and why, what
    the runner did, and where the time went."""

    index: int
    """0-based, in the order the steps were taken."""
    screen: aci.Screen
    """The screen the plan was made on."""
    screenshot: bytes | None = field(repr=False)
    """The observation's screenshot the planner's screen came from."""
    image_format: Literal["png", "jpeg"] | None
    step: Step
    reason: str
    """The planner's reason for the step."""
    report: StepReport | None
    """What the runner did, with the grounding decision; None when the step failed
    before anything was grounded (the phone went away)."""
    timing_ms: dict[str, float]
    """`observe` (perceiving included), `plan`, `perform`."""
    wall_s: float


@dataclass
class Episode:
    """How an episode went: its turns, and whether the planner said done or gave up."""

    goal: str
    turns: list[Turn] = field(default_factory=list)
    done: bool = False
    """The planner said the goal is reached (a task check may still disagree)."""
    failure: str | None = None
    """Why the episode stopped without done: the planner's fail reason, an exhausted
    step or time budget, a cancellation, a planner error or a lost device."""
    cancelled: bool = False
    """The caller's `should_stop` ended the episode (`failure` is "cancelled")."""
    wall_s: float = 0.0

    @property
    def history(self) -> list[Step]:
        return [turn.step for turn in self.turns]


def run_episode(
    goal: str,
    runner: StepRunner,
    planner: Planner,
    *,
    sources: Collection[aci.Source] = _HIERARCHY,
    max_steps: int = 30,
    on_turn: Callable[[Turn], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    time_budget_s: float | None = None,
) -> Episode:
    """Pursue `goal` on the runner's phone with `planner`, at most `max_steps` actions.

    `should_stop` is asked before each step (and again before carrying out a plan, which
    may have taken a while): True cancels the episode. `time_budget_s` bounds its wall
    time; a step under way when it runs out is finished, not cut short.
    """
    started = time.perf_counter()
    episode = Episode(goal=goal)

    def stop_reason() -> str | None:
        if should_stop is not None and should_stop():
            return _CANCELLED
        if time_budget_s is not None and time.perf_counter() - started >= time_budget_s:
            return f"the time budget of {time_budget_s:g} s ran out"
        return None

    try:
        runner.settle()
        for index in range(max_steps):
            if stop := stop_reason():
                episode.failure, episode.cancelled = stop, stop == _CANCELLED
                break
            turn_started = time.perf_counter()
            raw = runner.phone.observe()
            screen = perceive(raw, sources)
            observed = time.perf_counter()
            plan = planner.next_action(goal, screen, episode.history)
            planned = time.perf_counter()
            if plan.done or isinstance(plan.action, aci.Done):
                episode.done = True
                break
            if isinstance(plan.action, aci.Fail):
                episode.failure = plan.action.reason or plan.reason
                break
            if stop := stop_reason():
                episode.failure, episode.cancelled = stop, stop == _CANCELLED
                break
            step, report = _perform(runner, plan)
            finished = time.perf_counter()
            turn = Turn(
                index=index,
                screen=screen,
                screenshot=raw.screenshot or None,
                image_format=raw.image_format if raw.screenshot else None,
                step=step,
                reason=plan.reason,
                report=report,
                timing_ms={
                    "observe": _ms(observed - turn_started),
                    "plan": _ms(planned - observed),
                    "perform": _ms(finished - planned),
                },
                wall_s=finished - turn_started,
            )
            episode.turns.append(turn)
            if on_turn is not None:
                on_turn(turn)
            if step.outcome is Outcome.ERROR:
                episode.failure = step.detail
                break
        else:
            episode.failure = f"the step budget of {max_steps} actions ran out"
    except PlannerError as exc:
        episode.failure = f"planner error: {exc}"
    except DeviceError as exc:
        episode.failure = f"device error: {exc}"
    episode.wall_s = time.perf_counter() - started
    return episode


def _perform(runner: StepRunner, plan: Plan) -> tuple[Step, StepReport | None]:
    """Carry out one plan and tell what came of it. A device error is the step's outcome
    (the caller ends the episode on it), so the turn that met it is still recorded."""
    report: StepReport | None = None
    outcome, detail = Outcome.SUCCEEDED, ""
    try:
        before = runner.hierarchy()
        report = runner.perform(plan.action)
    except StepError as exc:
        failed_assertion = isinstance(plan.action, aci.Assert)
        outcome = Outcome.ASSERTION_FAILED if failed_assertion else Outcome.TARGET_NOT_FOUND
        detail, report = str(exc), exc.report
    except DeviceError as exc:
        outcome, detail = Outcome.ERROR, f"device error: {exc}"
    else:
        unchanged = runner.hierarchy() == before
        if unchanged and not isinstance(plan.action, _NO_EFFECT_EXPECTED):
            outcome, detail = Outcome.SCREEN_UNCHANGED, "the screen looks the same as before"
    step = Step(action=plan.action, outcome=outcome, detail=detail, screen_id=plan.screen_id)
    logger.info("%s -> %s %s", plan.action, outcome.value, detail)
    return step, report


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)
