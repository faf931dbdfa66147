"""The planner interface: `Planner.next_action(goal, screen, history) -> Plan`.

A planner reads the goal, what is on the screen (words and boxes, `aci.Screen`)
and the steps taken so far with their outcomes, and answers one ACI action.
Failed steps are in the history so that the planner can choose something else:
replanning is the planner's job, retrying a step is the harness's.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Protocol

from pydantic import BaseModel, ConfigDict

import aci

__all__ = ["FAILED", "Outcome", "Plan", "Planner", "Step"]


class Outcome(StrEnum):
    """What happened when the harness carried out a step."""

    SUCCEEDED = "succeeded"
    TARGET_NOT_FOUND = "target_not_found"
    """Grounding found nothing on the screen that matches the action's target."""
    SCREEN_UNCHANGED = "screen_unchanged"
    """The command ran but the screen looks the same: the step had no visible effect."""
    ERROR = "error"
    """The device or the harness failed while carrying out the step."""
    ASSERTION_FAILED = "assertion_failed"
    """An `assert` step did not hold on the screen."""


FAILED = frozenset(
    {Outcome.TARGET_NOT_FOUND, Outcome.SCREEN_UNCHANGED, Outcome.ERROR, Outcome.ASSERTION_FAILED}
)
"""Outcomes after which the same action should not simply be planned again."""


class Step(BaseModel):
    """One step taken: the action, how it went, and what the harness said about it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    action: aci.Action
    outcome: Outcome
    detail: str = ""
    """Free text from the harness, e.g. why the target was not found."""
    screen_id: str = ""
    """The `Plan.screen_id` of the plan this step carried out: where it was taken. A planner
    that names screens (the explorer) reads its memory of visited screens from these."""


class Plan(BaseModel):
    """A planner's answer: one action, a short reason, and whether the goal is reached."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    action: aci.Action
    reason: str
    done: bool
    screen_id: str = ""
    """The planner's name for the screen it planned on, when it names screens (the
    explorer does); the caller hands it back in the step's `Step.screen_id`."""


class Planner(Protocol):
    """Anything that picks the next action towards a goal."""

    def next_action(self, goal: str, screen: aci.Screen, history: Sequence[Step]) -> Plan:
        """The next step towards `goal` on `screen`, given the steps taken so far."""
        ...
