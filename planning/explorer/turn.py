"""One turn of the explorer: the goal, the screen and the memory, and what they say together.

The done checks (`done`), the goal's own steps (`steps`) and exploring (`explore`) all
read the screen through this one view, so that they agree on which toggle is the goal's,
which button confirms, and whether a dialog is open.
"""

from __future__ import annotations

import aci
from lexicon.apps import known_app
from lexicon.clauses import FUNCTION_WORDS
from lexicon.dialogs import CONFIRM, changes_data, is_destructive
from lexicon.synonyms import HANDSET
from lexicon.text import OPERATORS, root, tokens
from lexicon.values.dates import MONTH_NAMES
from planning.base import Outcome, Step
from planning.explorer.apps import package_of
from planning.explorer.goals import Goal
from planning.explorer.memory import Memory
from planning.explorer.rank import match, tap_label, toggles
from planning.explorer.verbs import verb_of
from planning.recall import Recall

__all__ = ["BACK", "DOWN", "Choice", "Turn", "key_names"]

BACK = aci.PressKey(key=aci.Key.BACK)
DOWN = aci.Scroll(direction=aci.Direction.DOWN)

_CANCEL = (["cancel"], ["no"], ["not", "now"], ["keep"])
"""The refusing buttons of a confirmation dialog."""

Choice = tuple[aci.Action, str]
"""An action and the reason for it."""


class Turn:
    """The goal, the screen in front and the memory of the history, with the queries on them."""

    def __init__(
        self, goal: Goal, screen: aci.Screen, memory: Memory, recall: Recall | None = None
    ) -> None:
        self.goal = goal
        self.screen = screen
        self.memory = memory
        self.recall = recall
        """The app memory, when the harness kept one: which apps may hold the goal."""
        self.clickables = [e for e in screen.elements if e.clickable and e.enabled]
        self.fields = [e for e in screen.elements if e.editable]
        self.package = package_of(screen)

    def fresh(self, action: aci.Action) -> bool:
        """Whether `action` was not yet taken on this screen."""
        return not self.memory.tried(action)

    def tap(self, label: str, reason: str) -> Choice | None:
        """A tap on `label` unless it is empty or was already tried here."""
        action = aci.Tap(target=label, quoted=True)
        return (action, reason) if label and self.fresh(action) else None

    def labels(self) -> list[str]:
        """The tap label of each clickable element, in screen order ('' when it has none)."""
        return [tap_label(e, self.screen) for e in self.clickables]

    def home(self) -> bool:
        """Whether the launcher is in front."""
        package = (self.package or "").lower()
        return "launcher" in package or package.endswith(".home")

    def toggle(self) -> tuple[aci.Element, str] | None:
        """The switch or check box the goal names, with the label to tap it by."""
        words = self.goal.focus or self.goal.words
        best: tuple[float, aci.Element, str] | None = None
        in_front = None  # computed once, when a row does not hold the goal's names
        for element, label, row in toggles(self.screen):
            if not self._names_in(row):
                # "auto-connect for the HomeNet Wi-Fi network" is not the "Wi-Fi" switch,
                # unless HomeNet's own page is in front.
                in_front = self.holds_entity_surely() if in_front is None else in_front
                if not in_front:
                    continue
            score = match(words, row, related=False)
            if not _says_what_sets_it_apart(words, label):
                continue
            if score >= 0.8 and (best is None or score > best[0]):
                best = (score, element, label)
        return (best[1], best[2]) if best else None

    def _names_app_in_front(self, name: str) -> bool:
        """Whether `name` is the name of the app in front: it says where, not which item
        ("in Keep" while Keep is open; "YouTube Music" in Settings' list of apps is an item)."""
        known = known_app(name)
        return known is not None and self.package in known.packages

    def _names_in(self, row: list[str]) -> bool:
        """Whether every name the goal gives (not the app's in front, not the phone's) is in
        `row`."""
        have = {root(word) for word in row}
        for name in self.goal.names:
            if self._names_app_in_front(name):
                continue
            words = {root(word) for word in tokens(name)} - {root(w) for w in HANDSET}
            if not words <= have:
                return False
        return True

    def choice_match(self, label: str) -> bool:
        """Whether `label` names the option the goal asks to pick."""
        choice = [w for w in tokens(self.goal.choice) if w not in ("its", "the")]
        have = {root(w) for w in tokens(label)}
        if not choice or not have:
            return False
        # The whole choice in the label, or a label of two or more of its words ("5 minutes"
        # for "5 minutes of inactivity"); one shared word ("Cities" for "Mexico City") is not it.
        return all(root(w) in have for w in choice) or (
            have <= {root(w) for w in choice} and len(choice) <= 3 and len(have) >= 2
        )

    def names_option(self, label: str) -> bool:
        """Whether a one-word label is a word that picks among options in the choice ("Dark"
        for "its dark theme"): a modifier, not the choice's head noun, its last word, which
        names the kind of thing ("Cities" is no option for "Mexico City")."""
        have = [root(w) for w in tokens(label)]
        choice = [root(w) for w in tokens(self.goal.choice)]
        return len(have) == 1 and have[0] in choice[:-1]

    def option(self) -> tuple[aci.Element, str] | None:
        """The option the goal asks to pick, as shown on the screen."""
        options = [
            (e, label)
            for e, label, _ in toggles(self.screen)
            if self.choice_match(label) or self.names_option(label)
        ]
        if options:
            return options[0]
        for element in self.clickables:
            label = tap_label(element, self.screen)
            if label and self.choice_match(label) and not element.editable:
                return element, label
        return None

    def dialog(self) -> bool:
        """Whether a dialog that asks to confirm or cancel is in front."""
        return bool(self.dialog_buttons())

    def dialog_buttons(self) -> list[str]:
        """The other buttons of a dialog in front: those on the line of its Cancel button
        (a dialog's buttons sit side by side), or all of a screen that has only a few."""
        cancels = [e for e in self.clickables if tokens(e.label) in _CANCEL]
        if not cancels:
            return []
        if len(self.clickables) <= 4:
            return [e.label for e in self.clickables if e not in cancels and e.label]
        line = cancels[0]
        return [
            e.label
            for e in self.clickables
            if e.label
            and e not in cancels
            and e.role is aci.Role.BUTTON
            and abs(e.center.y - line.center.y) <= max(line.height, 1)
        ]

    def is_confirm(self, label: str) -> bool:
        """Whether `label` is a button that commits what was entered (`Save`, `Add city`)."""
        words = tokens(label)
        confirm = {w for c in CONFIRM for w in tokens(c)}
        if self.goal.verb:
            confirm.add(self.goal.verb)
        return bool(words) and words[0] in confirm and len(words) <= 2

    def in_context(self) -> bool:
        """Whether the item the goal names shows here, or was opened since the app was."""
        entity = tokens(self.goal.entity)
        if not entity:
            return True
        shown = {w for e in self.screen.elements for w in tokens(e.label)}
        return match(entity, shown, related=False) >= 0.8 * len(entity) or self.opened_entity()

    def opened_entity(self) -> bool:
        """Whether the item the goal names was tapped (opened) since the app was opened."""
        entity = tokens(self.goal.entity)
        start = self.memory.last_open() + 1
        return bool(entity) and any(
            isinstance(s.action, aci.Tap)
            and s.outcome is Outcome.SUCCEEDED
            and match(entity, tokens(s.action.target or ""), related=False) >= 0.8
            for s in self.memory.steps[start:]
        )

    def holds_entity_surely(self) -> bool:
        """Whether the item in front is, beyond doubt, the one the goal names: every word of
        the name (numbers exactly) is in the last item tapped since the app was opened (taps
        on commands and navigation aside), or in a text of the screen. A command that
        deletes or changes an item waits for this; so do the goal's other names."""
        entity = self.goal.entity
        # Every other name the goal gives holds too ("Lake Tahoe ... from September"),
        # except the name of the app in front: it says where, not which item.
        others = [n for n in self.goal.names if n != entity and not self._names_app_in_front(n)]
        names = [_name_words(name) for name in (entity, *others)]
        if not names[0]:
            return False
        start = self.memory.last_open() + 1
        items = [
            s.action.target or ""
            for s in self.memory.steps[start:]
            if isinstance(s.action, aci.Tap)
            and s.outcome is Outcome.SUCCEEDED
            and not _is_command(s.action.target or "")
        ]
        shown = [e.label for e in self.screen.elements if e.label and not e.clickable]
        said = [_name_words(text) for text in items[-1:] + shown]
        return self.noted_entity() or all(
            any(name <= words for words in said) for name in names if name
        )

    def noted_entity(self) -> bool:
        """Whether the item in front was proved to be the goal's: an `assert` that its name
        shows passed, and the explorer has not left it since (no back, no other app); a
        dialog opened over it ("Rename") shows the name no more."""
        steps = self.memory.steps[self.memory.last_open() + 1 :]
        for step in reversed(steps):
            if isinstance(step.action, aci.PressKey | aci.OpenApp):
                return False
            if (
                isinstance(step.action, aci.Assert)
                and step.action.condition is aci.Condition.VISIBLE
                and not step.action.negated
                and step.action.target == self.goal.entity
                and step.outcome is Outcome.SUCCEEDED
            ):
                return bool(self.goal.entity)
        return False

    def shows_entity(self) -> bool:
        """Whether the item the goal names shows as the whole text of an element (a list row or
        a title; not a field, nor a sentence such as "Uninstalled X")."""
        entity = " ".join(self.goal.entity.split()).lower()
        return bool(entity) and any(
            entity == " ".join(e.label.split()).lower()
            for e in self.screen.elements
            if not e.editable
        )

    def calc_progress(self) -> int:
        """How many of the calculation's keys were pressed, in order, since the app opened."""
        keys = self.goal.keys
        done = 0
        for step in self.memory.steps[self.memory.last_open() + 1 :]:
            if done >= len(keys) or step.outcome is not Outcome.SUCCEEDED:
                continue
            if isinstance(step.action, aci.Tap) and step.action.target in key_names(keys[done]):
                done += 1
        return done

    def last_success(self) -> tuple[int, Step] | None:
        """The last step that worked, with its index."""
        done = self.memory.succeeded()
        return done[-1] if done else None


_NAVIGATION = frozenset({"edit", "more", "navigate", "back", "search", "menu", "open", "show"})
"""First words of buttons that go somewhere or change mode rather than name an item."""


def _says_what_sets_it_apart(words: tuple[str, ...], label: str) -> bool:
    """Whether the goal says a word of the switch's label beyond the thing it is about: in an
    English compound the head noun comes last and the words before it set it apart ("auto-
    rotate" of "Auto-rotate screen"), so a goal about when the screen switches off is not
    about every switch of the screen; and it says at least half the label's words ("screen"
    alone is not "Screen locking sound")."""
    own = [word for word in tokens(label) if word not in FUNCTION_WORDS]
    if len(own) < 2:
        return True
    said = [word for word in own if match(words, [word], related=False) > 0]
    return len(said) * 2 >= len(own) and any(word in said for word in own[:-1])


def _name_words(text: str) -> set[str]:
    """The roots of a name's words, a month as its three-letter form ("September" is the
    "Sep" a screen writes), the phone's own names left out."""
    found = set()
    for word in tokens(text):
        if word not in HANDSET:  # "Android", "the Phone": the system, no item's name
            found.add(word[:3] if word in MONTH_NAMES else root(word))
    return found


_BUTTON_WORDS = 5
"""The most words a button's label has ("Remove from favorites", "Add to home screen")."""


def _is_command(label: str) -> bool:
    """Whether a tapped label is a command or a way somewhere, not an item of the app. A
    button says what it does in a few words; a longer label is content (a note's text)."""
    words = tokens(label)
    if len(words) > _BUTTON_WORDS:
        return False
    return (
        not words
        or words[0] in _NAVIGATION
        or bool(verb_of(label))
        or is_destructive(label)
        or changes_data(label)
        or label in CONFIRM
    )


def key_names(key: str) -> tuple[str, ...]:
    """The labels a calculator key goes by (`divide` or `÷`)."""
    return (key, OPERATORS[key]) if key in OPERATORS else (key,)
