"""Goals met through the app memory: find each request's control by meaning, go there along
the map, set it by what it is, and prove it on the screen.

A request about a setting ("have the transcript show who's talking") is found among the
controls of every explored app (`recall.Recall.spots`); when the best fits well enough,
the planner opens that app, follows the map's edges to the control's screen, and acts by
the control's kind: a switch or check box is tapped only when it is not yet in the state
the request wants (`lexicon.clauses.wanted_state`), a radio button is picked (the option of
a dialog the request names, or its least or most), a slider is set to the end or the
percentage the request says, and a setting's value in words goes into its dialog's field
and is confirmed. Each request ends with the proof that it is met (an `assert` of the
control's new state or of the value shown; for a slider its move), so "done" rests on what
the screen showed, and a control already proved is never touched again (no toggling back).
Goals whose requests are not all such controls are left to the explorer's other steps.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import aci
from lexicon.apps import known_app
from lexicon.clauses import (
    QUOTED,
    Clause,
    clauses,
    extreme,
    refers_back,
    wanted_state,
)
from lexicon.dialogs import CONFIRM, changes_data, is_destructive
from lexicon.text import words
from planning.appmap import AppMap, fingerprint, labelled
from planning.base import Outcome, Step
from planning.explorer.fields import field_label
from planning.explorer.turn import BACK, DOWN, Choice, Turn
from planning.recall import Recall, Spot, app_words, of_an_item, route

__all__ = ["Request", "pending", "recalled_step", "requests_of"]

_SURE = 0.7
"""Lowest fit (cosine plus word share) at which a control is taken for the request's: below
it the encoder's nearest control is as often a neighbour of the right one as the right one."""
_SETTINGS = frozenset({"switch", "checkbox", "radio"})
"""Controls whose state the request sets, and an `assert` can read back."""
_QUOTE_MARK = re.compile(r"[“\"«„]")
"""Any quote mark: the goal gives a value as written."""
_ASIDE = 0.6
"""A clause whose best fit is below this, beside clauses that fit, is not a request."""
_BINARY = frozenset({"switch", "checkbox"})
_CANDIDATES = 8
"""How many of the best-fitting controls are weighed before the first that can be meant."""
_MAX_SCROLLS = 4
_MAX_OPENS = 2
"""Opening the control's app again after this many times would not lead anywhere new."""


@dataclass(frozen=True)
class Request:
    """One request of the goal, the control it is about and the state wanted of it."""

    clause: Clause
    spot: Spot
    wanted: bool
    value: str = ""
    """Text to type into the spot's field (a setting's value, such as the device's name)."""
    level: float | None = None
    """Where a slider goes, as a share of its range (0 its minimum, 1 its maximum)."""

    @property
    def name(self) -> str:
        """The words the control goes by (`Spot.name`)."""
        return self.spot.name

    @property
    def evidence(self) -> aci.Action:
        """The step that shows the request met: the control's state or the value shown, or
        for a slider the move itself (its runner checks that the slider was there)."""
        if self.level is not None:
            return aci.SetSlider(target=self.name, quoted=True, level=self.level)
        if self.value:
            return aci.Assert(target=self.value, condition=aci.Condition.VISIBLE)
        return aci.Assert(
            target=self.spot.label.text, condition=aci.Condition.CHECKED, negated=not self.wanted
        )


def requests_of(goal: str, recall: Recall) -> list[Request] | None:
    """The goal's requests with their controls, when every one is a setting the memory holds
    with confidence; None otherwise. A clause that fits nothing well is a reason or a story
    told beside the requests ("I want to use my wireless headphones"), when others do fit."""
    if _QUOTE_MARK.search(goal):
        return _value_request(goal, recall)
    found: list[Request] = []
    parts = clauses(goal)
    app = recall.named_app(goal)
    for clause in parts:
        if _commands(clause):
            return None  # a command for an item ("delete the 7:15 alarm"), not a state
        spot = _spot(recall, clause, app, alone=len(parts) == 1)
        level = _level(clause.text) if spot is not None and spot.label.role == "slider" else None
        settable = spot is not None and (spot.label.role in _SETTINGS or level is not None)
        if spot is None or spot.score < _SURE or not settable:
            if spot is not None and spot.score < _ASIDE and len(parts) > 1:
                continue
            return None
        if spot.label.role != "slider" and _is_value(spot.label.text):
            return None  # an item's own switch ("07:15"): the item is opened, not recalled
        if not _names_held(clause.text, spot):
            return None  # about an item the goal names ("the HomeNet network"), not a setting
        wanted = True if spot.label.role == "radio" else wanted_state(clause, spot.label.text)
        # A control two clauses reach is one request; the later clause says what to do
        # with it ("find adaptive brightness, then switch it off").
        found = [r for r in found if (r.spot.label, r.spot.screen) != (spot.label, spot.screen)]
        found.append(Request(clause, spot, wanted, level=level))
    return found or None


def _spot(recall: Recall, clause: Clause, app: AppMap | None, *, alone: bool) -> Spot | None:
    """The control that best fits the clause: read alone, else (when it says "it" or "that"
    or fits nothing well) with the whole goal; an option of a dialog rather than the row
    that opens it. A control of one item of a list is no setting (`of_an_item`), and a
    request for the least or the most of something is not about an on/off switch."""
    names = frozenset(app_words(app.package)) if app is not None else frozenset()
    request = clause.context if alone or refers_back(clause, names=names) else clause.text
    graded = extreme(request) is not None
    spots = [
        spot
        for spot in recall.spots(request, app=app, limit=_CANDIDATES)
        if not of_an_item(spot) and not (graded and spot.label.role in _BINARY)
    ]
    if not spots:
        return None
    return _option(recall, spots[0], request) or spots[0]


def _value_request(goal: str, recall: Recall) -> list[Request] | None:
    """A goal that gives one setting a value in words ("make it show up as “Road Trip”"): the
    field of a dialog the memory holds, that names no item of a list (a dialog that comes in
    many copies, one per recording or per contact, edits that item: not for guessing)."""
    parts = clauses(goal)
    values = [v for clause in parts for v in _quoted(clause.text)]
    if len(values) != 1 or any(_commands(clause) for clause in parts):
        return None
    app = recall.named_app(goal)
    # The value to type says nothing of where it goes; a value quoted as what a screen
    # shows now ("shows this phone as “VirtualPhone”") says exactly where.
    query = QUOTED.sub(lambda m: " " if m.group(0)[1:-1].strip() == values[0] else m.group(0), goal)
    spots = recall.spots(query, app=app, limit=1)
    if not spots or spots[0].score < _SURE:
        return None
    field = _field_of(spots[0])
    if field is None or _per_item(field):
        return None
    clause = next(c for c in parts if values[0] in c.text)
    return [Request(clause, field, True, value=values[0])]


def _field_of(spot: Spot) -> Spot | None:
    """The one field of the dialog `spot` is in, or opens."""
    screens = [spot.screen] if spot.label.role == "field" else []
    tap = f'tap "{spot.label.text}"'
    screens += [
        spot.app.screen(edge.to_screen)
        for edge in spot.app.edges
        if edge.from_screen == spot.screen.id and edge.action == tap
    ]
    for screen in screens:
        fields = [label for label in screen.labels if label.role == "field"]
        if screen.kind == "dialog" and len(fields) == 1:
            return Spot(spot.app, screen, fields[0], spot.row, spot.score, spot.share)
    return None


def _per_item(spot: Spot) -> bool:
    """Whether the spot's dialog is one of several alike (same title): one per item."""
    title = spot.screen.heading
    return sum(1 for screen in spot.app.screens if screen.heading == title) > 1


def _quoted(text: str) -> list[str]:
    """The quoted values of `text`, as written inside the quotes."""
    return [m.group(0)[1:-1].strip() for m in QUOTED.finditer(text)]


def _commands(clause: Clause) -> bool:
    """Whether the clause starts with a verb that deletes, sends or edits an item (the
    words apps put on such buttons, `lexicon.dialogs`); "disable" sets a state."""
    first = clause.text.split()[0].lower() if clause.text.split() else ""
    return first != "disable" and (is_destructive(first) or changes_data(first))


def _names_held(text: str, spot: Spot) -> bool:
    """Whether each name the clause gives (capitalised words after its first: "Wi-Fi",
    "Do Not Disturb", "HomeNet") is in the control's row; an app's name only says where."""
    runs: list[list[str]] = [[]]
    for word in text.split()[1:]:
        clean = word.strip(".,;:!?\"“”'")
        if clean[:1].isupper():
            runs[-1].append(clean)
        elif runs[-1]:
            runs.append([])
    row = set(words(spot.row))
    app = app_words(spot.app.package)
    for run in runs:
        name = " ".join(run)
        known = known_app(name)
        if not run or (known and spot.app.package in known.packages) or set(words(name)) <= app:
            continue
        if not set(words(name)) <= row:
            return False
    return True


def _level(text: str) -> float | None:
    """Where the clause puts a slider: its least or most ("at its maximum", "lowest"), or a
    percentage ("40%"); None when it says neither."""
    percent = re.search(r"(\d{1,3}(?:\.\d+)?)\s?(?:%|percent\b)", text)
    if percent and float(percent.group(1)) <= 100:
        return float(percent.group(1)) / 100
    end = extreme(text)
    return None if end is None else float(end == -1)


def _is_value(label: str) -> bool:
    """Whether a label is data (a time, a number) rather than a setting's name: the switch of
    an alarm is labelled by its time."""
    return not any(char.isalpha() for char in label)


def _option(recall: Recall, spot: Spot, request: str) -> Spot | None:
    """When `spot` is a row that opens a dialog of options (a radio list), the option the
    request asks for: the one it names, else the least or the most when it says so."""
    if spot.label.role not in ("list item", "button"):
        return None
    tap = f'tap "{spot.label.text}"'
    dialogs = [
        spot.app.screen(edge.to_screen)
        for edge in spot.app.edges
        if edge.from_screen == spot.screen.id and edge.action == tap
    ]
    for dialog in dialogs:
        options = [label for label in dialog.labels if label.role == "radio"]
        if not options:
            continue
        named = [s for s in recall.spots(request, app=spot.app, limit=50) if s.screen == dialog]
        named = [s for s in named if s.label.role == "radio" and s.score >= _SURE]
        if named:
            return named[0]
        end = extreme(request)
        if end is not None:
            return Spot(spot.app, dialog, options[end], spot.row, spot.score)
    return None


def pending(requests: Sequence[Request], steps: Sequence[Step]) -> Request | None:
    """The first request the screen has not yet been seen to meet; None when all are met."""
    return next((r for r in requests if not _shown(r, steps)), None)


def _shown(request: Request, steps: Sequence[Step]) -> bool:
    return any(s.action == request.evidence and s.outcome is Outcome.SUCCEEDED for s in steps)


def recalled_step(turn: Turn, request: Request) -> Choice | None:
    """The next step towards the request's control; None when the map no longer leads
    anywhere (the app opened twice without the control showing): the caller explores."""
    spot = request.spot
    name = request.name
    package = spot.app.package
    opened = sum(1 for app in turn.memory.opened_apps() if app == package)
    if turn.package != package:
        if opened >= _MAX_OPENS:
            return None
        return aci.OpenApp(app=package), f"{name!r} is in {package}"
    if request.value:
        entered = _value_step(turn, request)
        if entered is not None:
            return entered
    if request.level is not None and any(e.label == name for e in turn.screen.elements):
        action = request.evidence
        if turn.fresh(action):
            return action, f"the slider by {name!r} fits {request.clause.text!r}"
        return None
    state = _state_on_screen(turn.screen, name) if not request.value else None
    if state is not None:
        if state == request.wanted:
            return request.evidence, f"{name!r} is as the goal wants it"
        action = aci.Tap(target=name, quoted=True)
        if turn.fresh(action):
            wanted = "on" if request.wanted else "off"
            verb = "pick" if spot.label.role == "radio" else f"turn {wanted}"
            return action, f"{name!r} fits {request.clause.text!r}: {verb}"
        return None
    path = route(spot.app, fingerprint(turn.screen), spot.screen.id)
    if path and (turn.fresh(path[0]) or not turn.memory.failed(path[0])):
        return path[0], f"on the way to {spot.screen.title or 'the screen'} holding {name!r}"
    scrollable = any(e.scrollable for e in turn.screen.elements)
    more = scrollable and turn.memory.scrolls_in_a_row() < _MAX_SCROLLS
    if path == [] and more and (not turn.memory.failed(DOWN) or turn.fresh(DOWN)):
        return DOWN, f"{name!r} is further down this list"
    if turn.fresh(BACK) or turn.memory.only_refocused(BACK):
        return BACK, f"back towards a screen the map knows, on the way to {name!r}"
    return None


def _value_step(turn: Turn, request: Request) -> Choice | None:
    """On the request's dialog: type the value, then confirm; back on the page: show it."""
    value = request.value
    fields = turn.fields
    title = request.spot.screen.heading
    on_dialog = len(fields) == 1 and any(e.label == title for e in turn.screen.elements)
    if on_dialog:
        field = fields[0]
        if " ".join(field.text.split()) != value:
            action = aci.TypeText(text=value, target=field_label(field) or None, quoted=True)
            return (action, f"{value!r} goes into {title!r}") if turn.fresh(action) else None
        for label in CONFIRM:
            if any(e.label == label for e in turn.clickables):
                step = turn.tap(label, f"{label!r} keeps {value!r}")
                if step:
                    return step
        return None
    typed = any(
        isinstance(s.action, aci.TypeText) and s.action.text == value for s in turn.memory.steps
    )
    if typed and any(e.label == value and not e.editable for e in turn.screen.elements):
        return request.evidence, f"{value!r} shows as {title!r}"
    return None


def _state_on_screen(screen: aci.Screen, name: str) -> bool | None:
    """The on/off state the screen shows for the control labelled `name`, if it shows it."""
    for _, label in labelled(screen):
        if label.text == name and label.checked is not None:
            return label.checked
    return None
