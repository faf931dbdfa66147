"""Reading the history: how a step is told back to a planner, and which step just failed."""

from __future__ import annotations

from collections.abc import Sequence

import aci
from planning.base import FAILED, Step

__all__ = ["describe_outcome", "describe_step", "last_failure", "step_key"]


def describe_outcome(step: Step) -> str:
    """The outcome in words, with the harness's detail: `target not found (no "Wi-Fi" here)`."""
    words = step.outcome.value.replace("_", " ")
    return f"{words} ({step.detail})" if step.detail else words


def describe_step(number: int, step: Step) -> str:
    """One history line: `2. tap "Bluetooth" -> target_not_found: no element reads that`."""
    detail = f": {step.detail}" if step.detail else ""
    return f"{number}. {step.action} -> {step.outcome.value}{detail}"


def last_failure(history: Sequence[Step]) -> Step | None:
    """The last step when it failed (any outcome but succeeded), else None."""
    if history and history[-1].outcome in FAILED:
        return history[-1]
    return None


def step_key(action: aci.Action) -> str:
    """The action's text with its target quoted: `tap "OK"` from a script and `tap OK` (or
    `{"type": "tap", "target": "OK"}`) from a client are one step."""
    if getattr(action, "target", None) is not None and not getattr(action, "quoted", True):
        action = action.model_copy(update={"quoted": True})
    return str(action)
