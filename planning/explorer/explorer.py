"""`ExplorerPlanner`: goal-directed exploration of an app's screens, with no model.

Each turn it reads the goal's shape (`goals`), names the screen (`memory.screen_id`),
recalls from the history what was tried there, and answers, in order: done when the
goal's observable condition holds (`done`); fail when the budget is spent; the
affirmative answer to an interruption; the step the goal's shape calls for on this
screen (`steps`: a toggle, an option, a field, a command button, a calculator key);
else exploring (`explore`: the best untried match, search, scroll, back, the next app
that may hold the topic, and fail when nothing is left). A goal that needs a value it does
not give ("Send Ann's number to Bob") first reads it where it is kept (`fetch`); a goal of
several parts (`parts`) is pursued part by part, each closed by an `assert` that proves it.
"""

from __future__ import annotations

from collections.abc import Sequence

import aci
from planning.appmap import AppMap
from planning.base import Plan, Step
from planning.explorer.apps import apps_for, in_app
from planning.explorer.done import goal_holds
from planning.explorer.explore import explore
from planning.explorer.fetch import Fetch, fetched, find_value, parse_fetch, typed
from planning.explorer.goals import Goal, parse_goal
from planning.explorer.memory import read_memory, screen_id
from planning.explorer.parts import current, parts_of, proof
from planning.explorer.recalled import Request, pending, recalled_step, requests_of
from planning.explorer.steps import goal_step, interruption, permission
from planning.explorer.turn import Choice, Turn
from planning.recall import Recall

__all__ = ["ExplorerPlanner"]


class ExplorerPlanner:
    """Explores towards a goal; all memory comes from the history, so calls are independent."""

    def __init__(self, *, max_steps: int = 30, memory: Sequence[AppMap] = ()) -> None:
        """`memory`: the maps of the apps the harness explored (`planning.appmap`)."""
        if max_steps < 1:
            raise ValueError(f"max_steps must be at least 1, got {max_steps}")
        self.max_steps = max_steps
        self.recall = Recall(memory)
        self._requests: dict[str, list[Request] | None] = {}

    def next_action(self, goal: str, screen: aci.Screen, history: Sequence[Step]) -> Plan:
        """The next step towards `goal` on `screen`, given the steps taken so far."""
        name = screen_id(screen)
        memory = read_memory(history, name)
        if goal not in self._requests:
            self._requests[goal] = requests_of(goal, self.recall) if self.recall.maps else None
        requests = self._requests[goal]
        if requests:
            turn = Turn(parse_goal(goal), screen, memory, self.recall)
            plan = self._recalled(requests, turn, name)
            if plan is not None:
                return plan
        fetch = parse_fetch(goal)
        parts = parts_of(goal) if fetch is None else []
        if len(parts) > 1:
            return self._in_parts(parts, screen, history)
        value = None if fetch is None else fetched(fetch, history)
        if fetch is not None and value is None:
            return self._fetch(fetch, Turn(fetch.seek, screen, memory, self.recall), name)
        parsed = fetch.using(value) if fetch is not None and value is not None else parse_goal(goal)
        turn = Turn(parsed, screen, memory, self.recall)
        if goal_holds(turn) and (value is None or typed(value, history)):
            return Plan(
                action=aci.Done(), reason="the goal holds on this screen", done=True, screen_id=name
            )
        if len(history) >= self.max_steps:
            reason = f"the goal is not reached after {len(history)} steps (budget {self.max_steps})"
            return Plan(action=aci.Fail(reason=reason), reason=reason, done=False, screen_id=name)
        carry = None if fetch is None else _carry(turn, fetch)
        step = carry or interruption(turn) or (None if turn.home() else goal_step(turn))
        action, reason = step or explore(turn)
        return Plan(action=action, reason=reason, done=False, screen_id=name)

    def _recalled(self, requests: list[Request], turn: Turn, name: str) -> Plan | None:
        """A step of a goal made of settings the app memory holds (`recalled`); None when
        the map leads no further and exploring takes over."""
        request = pending(requests, turn.memory.steps)
        if request is None:
            reason = "the screen showed each setting as the goal wants it"
            return Plan(action=aci.Done(), reason=reason, done=True, screen_id=name)
        step = permission(turn) or recalled_step(turn, request)
        if step is None:
            return None
        if len(turn.memory.steps) >= self.max_steps:
            reason = f"the goal is not reached after {self.max_steps} steps (budget)"
            return Plan(action=aci.Fail(reason=reason), reason=reason, done=False, screen_id=name)
        return Plan(action=step[0], reason=step[1], done=False, screen_id=name)

    def _in_parts(self, parts: list[Goal], screen: aci.Screen, history: Sequence[Step]) -> Plan:
        """A goal of several parts (`parts`), one after the other: each is done when it holds
        on its own and its proof (`parts.proof`) passed, which closes its share of the
        history."""
        name = screen_id(screen)
        index, since = current(parts, history)
        if index == len(parts):
            reason = f"each of the goal's {len(parts)} parts held and was shown"
            return Plan(action=aci.Done(), reason=reason, done=True, screen_id=name)
        turn = Turn(parts[index], screen, read_memory(since, name), self.recall)
        if goal_holds(turn):
            shown = proof(turn)
            if shown is not None and turn.fresh(shown):
                reason = f"part {index + 1} of {len(parts)} holds: prove it, then go on"
                return Plan(action=shown, reason=reason, done=False, screen_id=name)
        if len(history) >= self.max_steps:
            reason = f"the goal is not reached after {len(history)} steps (budget {self.max_steps})"
            return Plan(action=aci.Fail(reason=reason), reason=reason, done=False, screen_id=name)
        step = interruption(turn) or (None if turn.home() else goal_step(turn))
        action, reason = step or explore(turn)
        return Plan(action=action, reason=reason, done=False, screen_id=name)

    def _fetch(self, fetch: Fetch, turn: Turn, name: str) -> Plan:
        """A step of reading the value the goal needs: assert it once it shows (the history
        then keeps it), else find the record that holds it."""
        if len(turn.memory.steps) >= self.max_steps:
            reason = f"the {fetch.kind} of {fetch.owner!r} was not found in {self.max_steps} steps"
            return Plan(action=aci.Fail(reason=reason), reason=reason, done=False, screen_id=name)
        value = find_value(fetch, turn.screen)
        if value is not None:
            action = aci.Assert(target=value, condition=aci.Condition.VISIBLE)
            if turn.fresh(action):
                reason = f"{value!r} is the {fetch.kind} of {fetch.owner!r}: note it"
                return Plan(action=action, reason=reason, done=False, screen_id=name)
        step = interruption(turn) or explore(turn)
        return Plan(action=step[0], reason=step[1], done=False, screen_id=name)


def _carry(turn: Turn, fetch: Fetch) -> Choice | None:
    """Right after the value was read: open the app that takes it (a message goes to the
    messaging app, a note to the notes app), unless it is already in front."""
    steps = turn.memory.steps
    read = max(i for i, s in enumerate(steps) if isinstance(s.action, aci.Assert))
    if any(isinstance(s.action, aci.OpenApp) for s in steps[read + 1 :]):
        return None
    goal = turn.goal
    said = " ".join((goal.text, *goal.topics))
    apps = apps_for(said, turn.recall, messaging=fetch.slot == "message")
    if not apps or in_app(turn.package, apps[0]):
        return None
    name = apps[0][0][0]
    return aci.OpenApp(app=name), f"{name} takes the value read"
