"""Whether the goal's observable condition holds on the screen in front.

Conservative on purpose: the check that counts is the phone's real state, so a done
claimed early fails the task, while one more step costs little.
"""

from __future__ import annotations

import aci
from lexicon.text import tokens
from planning.base import Outcome
from planning.explorer.apps import app_to_open, in_app, package_of
from planning.explorer.fields import filled, visible_as_text
from planning.explorer.goals import Intent
from planning.explorer.turn import Turn
from planning.explorer.verbs import same_verb, verb_of

__all__ = ["goal_holds"]

_TOGGLES = (aci.Role.SWITCH, aci.Role.CHECKBOX, aci.Role.RADIO)


def goal_holds(turn: Turn) -> bool:
    """Whether the goal is reached, as far as this screen and the history show."""
    intent = turn.goal.intent
    if intent is Intent.TOGGLE:
        toggle = turn.toggle()
        return toggle is not None and toggle[0].checked == turn.goal.state
    if intent is Intent.CHOOSE:
        return _chosen(turn)
    if intent is Intent.ENTER:
        return _entered(turn)
    if intent is Intent.ACT:
        return _acted(turn)
    if intent is Intent.CALC:
        return turn.calc_progress() >= len(turn.goal.keys) and _calc_shown(turn)
    return _opened(turn)


def _opened(turn: Turn) -> bool:
    """A goal that asks for an app and nothing more holds once that app is in front."""
    app = app_to_open(turn.goal.text)
    package = package_of(turn.screen)
    return app is not None and package is not None and in_app(package, app)


def _chosen(turn: Turn) -> bool:
    option = turn.option()
    if option is not None and option[0].role in _TOGGLES:
        return option[0].checked
    typed = [
        s.action.text
        for _, s in turn.memory.succeeded()
        if isinstance(s.action, aci.TypeText) and s.action.text.lower() == turn.goal.choice
    ]
    if typed and not turn.fields and visible_as_text(typed[-1], turn.screen):
        return True  # a value typed in its field, kept, and shown where it is set
    last = turn.last_success()
    if last is None:
        return False
    index, step = last
    if not isinstance(step.action, aci.Tap):
        return False
    target = step.action.target or ""
    named = turn.choice_match(target) or turn.names_option(target)
    return named and turn.memory.led_to(index) != step.screen_id


def _entered(turn: Turn) -> bool:
    steps = turn.memory.steps
    typed = [
        i
        for i, s in enumerate(steps)
        if isinstance(s.action, aci.TypeText | aci.ClearText) and s.outcome is Outcome.SUCCEEDED
    ]
    if not typed:
        return False
    later = steps[typed[-1] + 1 :]
    after = [
        s
        for s in later
        if s.outcome is Outcome.SUCCEEDED and isinstance(s.action, aci.Tap | aci.PressKey)
    ]
    if not after or any(isinstance(s.action, aci.OpenApp) for s in later):
        return False
    if turn.goal.searches:
        # A search keeps its words in the field; it is done once they were submitted.
        return any(s.action == aci.PressKey(key=aci.Key.ENTER) for s in after)
    values = turn.goal.values
    if any(field.text and any(filled(v.text, field) for v in values) for field in turn.fields):
        return False
    if any(not v.text for v in values) and not any(
        isinstance(steps[i].action, aci.ClearText) for i in typed
    ):
        return False  # a value to take off is gone only once its field was emptied
    shown = all(_value_shown(turn, v.slot, v.text) for v in values if v.text)
    confirmed = any(
        isinstance(s.action, aci.Tap) and turn.is_confirm(s.action.target or "") for s in after
    )
    return shown or (confirmed and not turn.fields)


def _value_shown(turn: Turn, slot: str, text: str) -> bool:
    values = turn.goal.values
    if slot in ("hour", "minute"):
        hour = next((v.text for v in values if v.slot == "hour"), "")
        minute = next((v.text for v in values if v.slot == "minute"), "")
        clock = f"{int(hour)}:{minute}" if hour.isdigit() else ""
        return any(clock in tokens(e.label) for e in turn.screen.elements if not e.editable)
    if slot == "append":
        return any(e.label.rstrip().endswith(text) for e in turn.screen.elements)
    return visible_as_text(text, turn.screen)


def _acted(turn: Turn) -> bool:
    acted = [
        s
        for _, s in turn.memory.succeeded()
        if isinstance(s.action, aci.Tap)
        and same_verb(verb_of(s.action.target or ""), turn.goal.verb)
    ]
    if not acted or turn.dialog():
        return False
    removes = same_verb("delete", turn.goal.verb) or turn.goal.verb in ("forget", "uninstall")
    return not (removes and turn.shows_entity())


def _calc_shown(turn: Turn) -> bool:
    result = turn.goal.result
    return any(e.label.replace(",", "").strip().endswith(result) for e in turn.screen.elements)
