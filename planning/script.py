"""The script planner: the next of a given list of ACI steps, for CI flows.

Step n of the script is planned when the history holds n-1 steps. Assertions
are checked here, against the screen, before they are handed out; a step the
history reports as failed (target not found, error, assertion failed) ends the
run with `fail "step 3: ..."`, naming the step and why.
"""

from __future__ import annotations

from collections.abc import Sequence

import aci
from planning.assertions import check
from planning.base import Outcome, Plan, Step
from planning.errors import PlannerInputError
from planning.history import describe_outcome, step_key

__all__ = ["ScriptPlanner", "read_steps"]

_STOPS = frozenset({Outcome.TARGET_NOT_FOUND, Outcome.ERROR, Outcome.ASSERTION_FAILED})
"""Outcomes that end a script. A step that left the screen unchanged is not one: a later
assertion says whether it mattered."""


def read_steps(steps: Sequence[str | aci.Action]) -> tuple[aci.Action, ...]:
    """The steps as actions; text that does not parse raises PlannerInputError naming the step."""
    actions = []
    for number, step in enumerate(steps, start=1):
        if isinstance(step, str):
            try:
                step = aci.parse_action(step)
            except aci.ActionSyntaxError as exc:
                raise PlannerInputError(f"step {number}: {step!r} does not parse: {exc}") from exc
        actions.append(step)
    if not actions:
        raise PlannerInputError('a script needs at least one step, e.g. ["tap \\"Wi-Fi\\""]')
    return tuple(actions)


class ScriptPlanner:
    """Walks a fixed list of steps; ignores the goal except to report on it."""

    def __init__(self, steps: Sequence[str | aci.Action]) -> None:
        self.steps = read_steps(steps)

    def next_action(self, goal: str, screen: aci.Screen, history: Sequence[Step]) -> Plan:
        """The step after those in `history`, an assertion's verdict, or done at the end."""
        for number, (step, planned) in enumerate(zip(history, self.steps, strict=False), start=1):
            if step_key(step.action) != step_key(planned):
                raise PlannerInputError(
                    f"history step {number} is {str(step.action)!r} but step {number} of the "
                    f"script is {str(planned)!r}; send the history of this script's run"
                )
            if step.outcome in _STOPS:
                return _fail(f"step {number}: {planned} failed: {describe_outcome(step)}")
        taken = len(history)
        total = len(self.steps)
        if taken >= total:
            return Plan(action=aci.Done(), reason=f"all {total} steps of the script ran", done=True)
        number, action = taken + 1, self.steps[taken]
        if isinstance(action, aci.Assert):
            verdict = check(action, screen)
            if not verdict.holds:
                return _fail(f"step {number}: {action} failed: {verdict.detail}")
            reason = f"step {number} of {total} holds: {verdict.detail}"
            return Plan(action=action, reason=reason, done=False)
        return Plan(action=action, reason=f"step {number} of {total}", done=False)


def _fail(reason: str) -> Plan:
    return Plan(action=aci.Fail(reason=reason), reason=reason, done=False)
