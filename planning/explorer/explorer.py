"""`ExplorerPlanner`: goal-directed exploration of an app's screens, with no model.

Each turn it reads the goal's shape (`goals`), names the screen (`memory.screen_id`),
recalls from the history what was tried there, and answers, in order: done when the
goal's observable condition holds (`done`); fail when the budget is spent; the
affirmative answer to an interruption; the step the goal's shape calls for on this
screen (`steps`: a toggle, an option, a field, a command button, a calculator key);
else exploring (`explore`: the best untried match, search, scroll, back, the next app
that may hold the topic, and fail when nothing is left).
"""

from __future__ import annotations

from collections.abc import Sequence

import aci
from planning.base import Plan, Step
from planning.explorer.done import goal_holds
from planning.explorer.explore import explore
from planning.explorer.goals import parse_goal
from planning.explorer.memory import read_memory, screen_id
from planning.explorer.steps import goal_step, interruption
from planning.explorer.turn import Turn

__all__ = ["ExplorerPlanner"]


class ExplorerPlanner:
    """Explores towards a goal; all memory comes from the history, so calls are independent."""

    def __init__(self, *, max_steps: int = 30) -> None:
        if max_steps < 1:
            raise ValueError(f"max_steps must be at least 1, got {max_steps}")
        self.max_steps = max_steps

    def next_action(self, goal: str, screen: aci.Screen, history: Sequence[Step]) -> Plan:
        """The next step towards `goal` on `screen`, given the steps taken so far."""
        name = screen_id(screen)
        turn = Turn(parse_goal(goal), screen, read_memory(history, name))
        if goal_holds(turn):
            return Plan(
                action=aci.Done(), reason="the goal holds on this screen", done=True, screen_id=name
            )
        if len(history) >= self.max_steps:
            reason = f"the goal is not reached after {len(history)} steps (budget {self.max_steps})"
            return Plan(action=aci.Fail(reason=reason), reason=reason, done=False, screen_id=name)
        step = interruption(turn) or (None if turn.home() else goal_step(turn))
        action, reason = step or explore(turn)
        return Plan(action=action, reason=reason, done=False, screen_id=name)
