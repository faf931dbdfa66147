"""Goals made of parts, done one part after the other.

A goal may ask the same thing of several items ("star Dana and Ryan", "add Berlin and Mumbai
to the world clock") or ask for several switches or commands in turn ("stop the stopwatch
and set it back to zero", "switch on the 6:30 alarm and turn off the 7:15 one"); values
typed across clauses ("start a chat with Ann and say hi") make one record, read whole.
Each part is a goal of its own; when it holds, the explorer proves it with an `assert` of
what the screen shows (the item gone, the switch's state, the option shown), and that
proof closes the part: the history after it belongs to the next one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import aci
from lexicon.clauses import clauses
from lexicon.text import tokens
from planning.base import Outcome, Step
from planning.explorer.goals import Goal, Intent, Value, parse_goal
from planning.explorer.turn import Turn
from planning.explorer.verbs import same_verb, verb_of

__all__ = ["current", "parts_of", "proof"]


def parts_of(goal: str) -> list[Goal]:
    """The parts of `goal`, in order; one part when it has no parts."""
    parsed = parse_goal(goal)
    if len(parsed.items) > 1:
        return [_alone(parsed, item) for item in parsed.items]
    said = [parse_goal(clause.text) for clause in clauses(goal)]
    if parsed.intent is Intent.CALC and parsed.result:
        # "work it out on the calculator, and note the number in Keep": the sum, then a
        # record that keeps its result.
        kept = [part for part in said if part.intent is Intent.ENTER]
        if kept:
            result = Value("body", parsed.result)
            return [parsed, replace(kept[-1], values=(*kept[-1].values, result))]
        return [parsed]
    # Values typed across clauses make one record ("start a chat with Ann and say hi"): the
    # goal read whole. Switches and commands each stand alone.
    if len(said) < 2 or parsed.intent is Intent.ENTER:
        return [parsed]
    if any(part.intent not in (Intent.TOGGLE, Intent.ACT) for part in said):
        return [parsed]
    # A later part that says no topic ("set it back to zero", "the 7:15 one") is about the
    # same thing as the part before it.
    for index in range(1, len(said)):
        if not said[index].topics:
            before = said[index - 1].topics
            words = said[index].words + tuple(w for w in before if w not in said[index].words)
            said[index] = replace(said[index], topics=before, words=words)
    return said


def current(parts: Sequence[Goal], history: Sequence[Step]) -> tuple[int, Sequence[Step]]:
    """Which part is being worked on (the count of parts proved) and its share of the
    history (the steps after the last proof)."""
    proved = [
        index
        for index, step in enumerate(history)
        if isinstance(step.action, aci.Assert) and step.outcome is Outcome.SUCCEEDED
    ]
    since = history[proved[-1] + 1 :] if proved else history
    return min(len(proved), len(parts)), since


def proof(turn: Turn) -> aci.Assert | None:
    """The assert that shows the part `turn` works on holds: the item gone, the switch in
    its state, the option or value shown, the command's button gone (a started stopwatch
    shows "Stop" no more); None when nothing on the screen can show it."""
    goal = turn.goal
    if goal.intent is Intent.TOGGLE:
        toggle = turn.toggle()
        if toggle is None or goal.state is None:
            return None
        return aci.Assert(target=toggle[1], condition=aci.Condition.CHECKED, negated=not goal.state)
    if goal.intent is Intent.ACT:
        removes = same_verb("delete", goal.verb) or goal.verb in ("forget", "uninstall")
        if goal.entity and (removes or turn.shows_entity()):
            return aci.Assert(target=goal.entity, condition=aci.Condition.VISIBLE, negated=removes)
        commands = [
            step.action.target
            for _, step in turn.memory.succeeded()
            if isinstance(step.action, aci.Tap)
            and step.action.target
            and same_verb(verb_of(step.action.target), goal.verb)
        ]
        if commands:
            return aci.Assert(target=commands[-1], condition=aci.Condition.VISIBLE, negated=True)
        return None
    if goal.intent is Intent.CALC and goal.result:
        return aci.Assert(target=goal.result, condition=aci.Condition.VISIBLE)
    if goal.intent is Intent.CHOOSE and goal.choice:
        return aci.Assert(target=goal.entity or goal.choice, condition=aci.Condition.VISIBLE)
    shown = [value.text for value in goal.values if value.slot in ("message", "title", "name")]
    if shown:
        return aci.Assert(target=shown[0], condition=aci.Condition.VISIBLE)
    return None


def _alone(goal: Goal, item: str) -> Goal:
    """The goal for one of its listed items: that item's name, none of the others' words."""
    others = tuple(n for n in goal.names if n not in goal.items)
    elsewhere = {word for other in goal.items if other != item for word in tokens(other)}
    words = tuple(word for word in goal.words if word not in elsewhere)
    choice = item.lower() if goal.intent is Intent.CHOOSE else goal.choice
    return replace(goal, words=words, entity=item, names=(item, *others), items=(), choice=choice)
