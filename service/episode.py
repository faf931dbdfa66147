"""The episode loop: observe, plan, ground and act, verify, until the planner stops.

One episode pursues one goal on one phone. Each turn the settled screen is perceived
and handed to the planner with the history so far; the planned action is carried out
by a `StepRunner` (which grounds its target and waits for the screen to settle); the
outcome (succeeded, target not found, screen unchanged, error) goes back into the
history, so that the next plan can take a different route. The loop ends when the
planner says done or fail, or when the step budget is spent.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field

import aci
from device.errors import DeviceError
from grounding.perceive import perceive
from planning import Outcome, Plan, Planner, PlannerError, Step
from service.suite.errors import StepError
from service.suite.oracle import StepRunner

logger = logging.getLogger(__name__)

_HIERARCHY: tuple[aci.Source, ...] = ("hierarchy",)
_NO_EFFECT_EXPECTED = (aci.Wait, aci.Assert)
"""Actions whose success does not show as a change of screen."""


@dataclass(frozen=True)
class Turn:
    """One planned and performed step, with the plan's reason and how long it took."""

    step: Step
    reason: str
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
    step budget, a planner error or a lost device."""
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
) -> Episode:
    """Pursue `goal` on the runner's phone with `planner`, at most `max_steps` actions."""
    started = time.perf_counter()
    episode = Episode(goal=goal)
    try:
        runner.settle()
        for _ in range(max_steps):
            screen = perceive(runner.phone.observe(), sources)
            plan = planner.next_action(goal, screen, episode.history)
            if plan.done or isinstance(plan.action, aci.Done):
                episode.done = True
                break
            if isinstance(plan.action, aci.Fail):
                episode.failure = plan.action.reason or plan.reason
                break
            turn = _perform(runner, plan)
            episode.turns.append(turn)
            if on_turn is not None:
                on_turn(turn)
        else:
            episode.failure = f"the step budget of {max_steps} actions ran out"
    except PlannerError as exc:
        episode.failure = f"planner error: {exc}"
    except DeviceError as exc:
        episode.failure = f"device error: {exc}"
    episode.wall_s = time.perf_counter() - started
    return episode


def _perform(runner: StepRunner, plan: Plan) -> Turn:
    """Carry out one plan and tell what came of it."""
    started = time.perf_counter()
    before = runner.hierarchy()
    outcome, detail = Outcome.SUCCEEDED, ""
    try:
        runner.perform(plan.action)
    except StepError as exc:
        failed_assertion = isinstance(plan.action, aci.Assert)
        outcome = Outcome.ASSERTION_FAILED if failed_assertion else Outcome.TARGET_NOT_FOUND
        detail = str(exc)
    else:
        unchanged = runner.hierarchy() == before
        if unchanged and not isinstance(plan.action, _NO_EFFECT_EXPECTED):
            outcome, detail = Outcome.SCREEN_UNCHANGED, "the screen looks the same as before"
    step = Step(action=plan.action, outcome=outcome, detail=detail, screen_id=plan.screen_id)
    logger.info("%s -> %s %s", plan.action, outcome.value, detail)
    return Turn(step=step, reason=plan.reason, wall_s=time.perf_counter() - started)
