"""The step a goal's shape calls for on the screen in front, when the screen offers it.

A toggle to flip, an option to pick, a field to fill, a command to give (and its
dialog to confirm), a calculator key to press, or an interruption to answer first.
Each returns None when the screen holds nothing for it, and exploring takes over.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import aci
from lexicon.dialogs import ALLOW, CONFIRM, DENY, DISMISS, changes_data, is_destructive
from lexicon.text import tokens
from planning.appmap import main_list
from planning.base import Outcome
from planning.explorer.fields import (
    field_for,
    field_label,
    filled,
    overwrites_unasked,
    recipient_field,
)
from planning.explorer.goals import Intent
from planning.explorer.rank import match, tap_label
from planning.explorer.turn import BACK, Choice, Turn, key_names
from planning.explorer.verbs import CONFIRM_WORDS, same_verb, verb_of
from planning.screen_text import inside

__all__ = ["goal_step", "interruption", "permission"]


def interruption(turn: Turn) -> Choice | None:
    """The affirmative answer to a permission prompt (always first, whatever the goal), or to a
    small dialog or first-launch screen in the way."""
    asked = permission(turn)
    if asked is not None:
        return asked
    if turn.fields or len(turn.clickables) > 4 or turn.home():
        return None
    labels = _by_name(e.label for e in turn.clickables)
    if turn.goal.intent is Intent.ACT and any(
        same_verb(verb_of(label), turn.goal.verb) for label in labels.values()
    ):
        return None
    return _answer(turn, labels, DISMISS, "answer the interruption with")


def permission(turn: Turn) -> Choice | None:
    """A runtime permission prompt: its allowing button. Prompts come from the permission
    controller, or show an allowing and a denying button side by side."""
    labels = _by_name(turn.labels())
    package = (turn.package or "").lower()
    prompt = "permissioncontroller" in package or "packageinstaller" in package
    if not prompt and not any(deny.lower() in labels for deny in DENY):
        return None
    return _answer(turn, labels, ALLOW, "answer the permission prompt with")


def _by_name(labels: Iterable[str]) -> dict[str, str]:
    """The labels by their lower-case, single-spaced form (answers are looked up so)."""
    return {" ".join(label.split()).lower(): label for label in labels if label}


def _answer(
    turn: Turn, labels: dict[str, str], answers: Sequence[str], reason: str
) -> Choice | None:
    """A tap on the first of `answers` (best first) that shows and was not tried here."""
    for answer in answers:
        found = labels.get(answer.lower())
        if found:
            step = turn.tap(found, f"{reason} {found!r}")
            if step:
                return step
    return None


def goal_step(turn: Turn) -> Choice | None:
    """The step of the goal's own shape that this screen offers."""
    return {
        Intent.TOGGLE: _toggle_step,
        Intent.CHOOSE: _choose_step,
        Intent.ENTER: _enter_step,
        Intent.ACT: _act_step,
        Intent.CALC: _calc_step,
        Intent.OPEN: _no_step,
    }[turn.goal.intent](turn)


def _no_step(turn: Turn) -> Choice | None:
    return None


def _toggle_step(turn: Turn) -> Choice | None:
    toggle = turn.toggle()
    if toggle is None:
        return None
    wanted = "on" if turn.goal.state else "off"
    return turn.tap(toggle[1], f"{toggle[1]!r} is the setting; turn it {wanted}")


def _choose_step(turn: Turn) -> Choice | None:
    option = turn.option()
    if option is None:
        return _typed_choice(turn)
    return turn.tap(option[1], f"{option[1]!r} is the option the goal asks for")


def _typed_choice(turn: Turn) -> Choice | None:
    """A value set in a field rather than picked ("change the wake-up time to 6:15 AM"):
    typed, as the goal writes it, into the field the goal names, then confirmed."""
    goal = turn.goal
    written = re.search(re.escape(goal.choice), goal.text, re.I)
    if written is None:
        return None
    named = [f for f in turn.fields if match(goal.words, tokens(field_label(f)), related=False)]
    if len(named) != 1:
        return None
    text = written.group(0)
    if filled(text, named[0]):
        return _confirm(turn)
    action = aci.TypeText(text=text, target=field_label(named[0]) or None, quoted=True)
    return (action, f"{text!r} goes into {field_label(named[0])!r}") if turn.fresh(action) else None


def _recipient_step(turn: Turn) -> Choice | None:
    """For a message: whom it goes to, typed into the "To" or name search field."""
    goal = turn.goal
    if not goal.entity or not any(v.slot == "message" for v in goal.values):
        return None
    field = recipient_field(turn.fields)
    if field is None or filled(goal.entity, field):
        return None
    action = aci.TypeText(text=goal.entity, target=field_label(field) or None, quoted=True)
    if turn.memory.failed(action) and not turn.fresh(action):
        return None
    return action, f"the message goes to {goal.entity!r}"


def _enter_step(turn: Turn) -> Choice | None:
    recipient = _recipient_step(turn)
    if recipient is not None:
        return recipient
    noted = _note_the_item(turn)
    if noted is not None:
        return noted
    pending: list[tuple[str, aci.Element, bool]] = []
    placed = 0
    for value in turn.goal.values:
        field = field_for(value, turn.fields)
        if field is None:
            continue
        text = value.text
        if not text:  # a value taken off: the field emptied
            if field.text and field.text != field.desc:
                pending.append((text, field, False))
            else:
                placed += 1
            continue
        if value.slot == "append":
            if field.text.rstrip().endswith(text):
                placed += 1
                continue
            joint = "\n" if "\n" in field.text else " "  # a list of lines gets a new line
            text = f"{field.text.rstrip()}{joint}{text}".strip()
        if filled(text, field):
            placed += 1
            continue
        pending.append((text, field, value.slot == "append"))
    named = turn.holds_entity_surely()
    for text, field, appends in pending:
        if appends and turn.goal.edits and not named:
            continue  # added to an item that may not be the one the goal names
        if not appends and overwrites_unasked(field, turn.goal.text, item_named=named):
            continue  # the field holds data the goal does not speak of
        if not text:
            if not named:
                continue  # only the item the goal names loses a value
            cleared = aci.ClearText(target=field_label(field) or None, quoted=True)
            if turn.fresh(cleared):
                return cleared, f"empty {field_label(field)!r}, as the goal asks"
            continue
        action = aci.TypeText(text=text, target=field_label(field) or None, quoted=True)
        if not turn.memory.failed(action) or turn.fresh(action):
            return action, f"type the value into {field_label(field)!r}"
    if placed and turn.goal.searches:
        enter = aci.PressKey(key=aci.Key.ENTER)
        return (enter, "run the search") if turn.fresh(enter) else None
    if placed:
        return _confirm(turn)
    return None


def _note_the_item(turn: Turn) -> Choice | None:
    """On the page of the item a goal edits, shown beyond doubt and with nothing to type
    yet: prove which item it is, so the editor opened over it (a "Rename" dialog that shows
    only its field) is known to be that item's."""
    goal = turn.goal
    if not goal.edits or turn.fields or turn.noted_entity() or not turn.holds_entity_surely():
        return None
    proof = aci.Assert(target=goal.entity, condition=aci.Condition.VISIBLE)
    return (proof, f"{goal.entity!r} is the item in front: note it") if turn.fresh(proof) else None


def _confirm(turn: Turn) -> Choice | None:
    labels = turn.labels()
    exact = {label.lower(): label for label in labels if label}
    ordered = [exact[c.lower()] for c in CONFIRM if c.lower() in exact]
    ordered += [label for label in labels if label and turn.is_confirm(label)]
    for label in ordered:
        step = turn.tap(label, f"{label!r} commits what was entered")
        if step:
            return step
    if turn.fresh(BACK):
        return BACK, "nothing to confirm with: leave the editor to keep the values"
    return None


def _ranked_item(turn: Turn) -> Choice | None:
    """For "my latest photo": open the first item of the list in front (Android lists dated
    things newest first), or the last one shown for the oldest; once since the app opened."""
    goal = turn.goal
    if goal.rank is None or goal.entity:
        return None
    since = turn.memory.steps[turn.memory.last_open() + 1 :]
    if any(isinstance(s.action, aci.Tap) and s.outcome is Outcome.SUCCEEDED for s in since):
        return None
    area = main_list(turn.screen)
    if area is None or not turn.package or turn.home():
        return None
    items = sorted(
        (e for e in turn.clickables if e is not area and inside(e, area) and e.label),
        key=lambda e: (e.bounds[1], e.bounds[0]),
    )
    if not items:
        return None
    label = items[goal.rank].label
    return turn.tap(label, f"{label!r} is the {'newest' if goal.rank == 0 else 'oldest'} item")



def _act_step(turn: Turn) -> Choice | None:
    ranked = _ranked_item(turn)
    if ranked is not None:
        return ranked
    done = [
        index
        for index, s in turn.memory.succeeded()
        if isinstance(s.action, aci.Tap)
        and same_verb(verb_of(s.action.target or ""), turn.goal.verb)
    ]
    acted = bool(done)
    if acted:
        for label in turn.dialog_buttons():
            if set(tokens(label)) & CONFIRM_WORDS or same_verb(verb_of(label), turn.goal.verb):
                step = turn.tap(label, f"confirm with {label!r}")
                if step:
                    return step
    since = turn.memory.steps[done[-1] + 1 :] if done else ()
    once = not any(isinstance(s.action, aci.PressKey | aci.OpenApp) for s in since)
    gone = acted and _removes(turn) and not turn.dialog()
    if gone and once and turn.shows_entity() and turn.fresh(BACK):
        return BACK, f"back to the list, to see that {turn.goal.entity!r} is gone"
    if acted or not turn.in_context():
        return None
    labels = [tap_label(element, turn.screen) for element in turn.clickables]
    asked = [label for label in labels if same_verb(verb_of(label), turn.goal.verb)]
    # A goal that names no item may only mean the one thing on the screen the command is
    # for ("reset the stopwatch"): one such button, and a command that keeps the thing.
    only_thing = not turn.goal.entity and len(asked) == 1 and not _removes(turn)
    for label in labels:
        risky = is_destructive(label) or changes_data(label)
        if risky and not (turn.holds_entity_surely() or only_thing):
            continue  # it would delete or change an item that may not be the goal's
        if same_verb(verb_of(label), turn.goal.verb):
            step = turn.tap(label, f"{label!r} does what the goal asks")
            if step:
                return step
    return None


def _removes(turn: Turn) -> bool:
    """Whether the goal's command takes its item away (delete, forget, uninstall)."""
    return same_verb("delete", turn.goal.verb) or turn.goal.verb in ("forget", "uninstall")


_CLEAR_KEYS = ("AC", "clear", "All clear", "C")
"""What calculators label the key that empties the display."""


def _clear_key(turn: Turn) -> Choice | None:
    """A sum that starts with a number starts on an empty display: keys pressed after a
    formula already shown ("125+8") would extend it. Once per opening of the app."""
    keys = {e.label for e in turn.clickables}
    own = f"{turn.package}:" if turn.package else "\0"
    shown = any(  # in the app's own display, not the status bar's clock
        not e.clickable
        and e.resource_id.startswith(own)
        and any(ch.isdigit() for ch in e.label)
        and e.label.strip() != "0"
        for e in turn.screen.elements
    )
    since = turn.memory.steps[turn.memory.last_open() + 1 :]
    cleared = any(isinstance(s.action, aci.Tap) and s.action.target in _CLEAR_KEYS for s in since)
    label = next((key for key in _CLEAR_KEYS if key in keys), None)
    if not shown or cleared or label is None:
        return None
    return aci.Tap(target=label, quoted=True), "start the sum on an empty display"


def _calc_step(turn: Turn) -> Choice | None:
    if not any(tokens(e.label) == ["equals"] or e.label == "=" for e in turn.clickables):
        return None
    progress = turn.calc_progress()
    if progress >= len(turn.goal.keys):
        return None
    if progress == 0 and turn.goal.keys[0][:1].isdigit():
        clear = _clear_key(turn)
        if clear is not None:
            return clear
    for name in key_names(turn.goal.keys[progress]):
        action = aci.Tap(target=name, quoted=True)
        if not turn.memory.failed(action) or turn.fresh(action):
            return action, f"key {progress + 1} of {len(turn.goal.keys)}"
    return None
