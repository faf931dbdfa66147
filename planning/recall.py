"""Reading the app memory for a request: the app, screen and control that fit it by meaning.

The harness keeps a map of each app it explored (`planning.appmap`). A request names a
control the way a person thinks of it ("have the transcript show who's talking"), and
the control reads as the app words it ("Speaker labels", with its summary "Show who is
speaking in transcripts"). Each control of every map becomes a row, its label with the
text that describes it and the page it is on, and rows are ranked by the sentence
encoder's cosine with the request (the better of the label alone and the whole row), plus
a share for the words and clock times they have in common. The app the request names, if
any, is the only one searched; when it names none, a setting the phone's Settings app has
too is the phone's. Routes between screens come from the map's edges.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

import aci
from lexicon.apps import known_app_of_package, package_words
from lexicon.encoder import SentenceEncoder, shared_encoder
from lexicon.synonyms import HANDSET
from lexicon.text import FILLER_WORDS, words
from lexicon.values import find_times
from planning.appmap import AppMap, Label, ScreenNode

__all__ = ["Recall", "Spot", "app_words", "of_an_item", "route"]

_CONTROLS = frozenset({"switch", "checkbox", "radio", "slider", "field", "list item", "button"})
"""Roles a request can be about; plain text describes a control, icons are for the grounder."""
_WORD_SHARE = 0.25
"""Weight of the share of a row's words the request says, beside the encoder's cosine: an
exact word ("Bluetooth") is strong evidence the encoder may blur."""
_SYSTEM_MARGIN = 0.1
"""How much less a control of the Settings app may fit and still be preferred to another
app's, when the request names no app."""
_SUMMARY_LINES = 1
_ALIKE = 0.5
"""Share of their controls two screens must have in common to be one screen shown for two
items (the same page opened from two rows of a list)."""
"""Plain text lines after a control that describe it (Android's summary under a title)."""


@dataclass(frozen=True)
class Spot:
    """A control of an app's map, and how well it fits a request."""

    app: AppMap
    screen: ScreenNode
    label: Label
    row: str
    """What was compared: the label, its summary and its page's title."""
    score: float
    share: float = 0.0
    """The share of the control's words (and values) the request says."""

    @property
    def name(self) -> str:
        """The words the control goes by (for a slider, whose label is its value, the text
        by it)."""
        return _named(self.label, self.row)


@dataclass(frozen=True)
class _Row:
    app: AppMap
    screen: ScreenNode
    label: Label
    text: str


class Recall:
    """The maps a planner remembers, searched by meaning."""

    def __init__(self, maps: Sequence[AppMap], encoder: SentenceEncoder | None = None) -> None:
        self.maps = tuple(maps)
        self._encoder = encoder

    @cached_property
    def _rows(self) -> list[_Row]:
        rows = []
        for app in self.maps:
            for screen in app.screens:
                if screen.kind == "other app":
                    continue
                rows += [_Row(app, screen, label, text) for label, text in _described(screen)]
        return rows

    @cached_property
    def _vectors(self) -> tuple[np.ndarray, np.ndarray]:
        """The rows' vectors: of the label alone, and of the label with its description."""
        encoder = self._encoder or shared_encoder()
        labels = encoder.encode([_named(row.label, row.text) for row in self._rows])
        return labels, encoder.encode([row.text for row in self._rows])

    def spots(self, request: str, *, app: AppMap | None = None, limit: int = 5) -> list[Spot]:
        """The controls that best fit `request`, best first (only `app`'s when given)."""
        if not self._rows:
            return []
        encoder = self._encoder or shared_encoder()
        query = encoder.encode([request])[0]
        labels, rows = self._vectors
        # A label may say it all ("Dark theme") or need its summary ("Speaker labels":
        # "Show who is speaking"): the better of the two readings counts.
        cosines = np.maximum(labels @ query, rows @ query)
        said = _content(request)
        ranked = []
        for row, cosine in zip(self._rows, cosines, strict=True):
            if app is not None and row.app is not app:
                continue
            own = _content(_named(row.label, row.text))
            # A one-word label is not all said by a request that merely holds its word.
            share = len(own & said) / max(len(own), 2)
            ranked.append(
                Spot(row.app, row.screen, row.label, row.text, cosine + _WORD_SHARE * share, share)
            )
        ranked.sort(key=lambda spot: -spot.score)
        if app is None and ranked and not _is_settings(ranked[0].app):
            # A setting the phone's Settings app and another app both have ("Dark theme"
            # and a calculator's "Dark"): a request that names no app means the phone's,
            # unless it says more of the other app's words ("the 6:30 alarm").
            best = ranked[0]
            system = next((s for s in ranked if _is_settings(s.app)), None)
            if (
                system is not None
                and system.score >= best.score - _SYSTEM_MARGIN
                and system.share >= best.share
            ):
                ranked.remove(system)
                ranked.insert(0, system)
        return ranked[:limit]

    def named_app(self, request: str) -> AppMap | None:
        """The app the request names ("in the Clock app", "Recorder's trash", "on the
        calculator"): an app's name written as a name is, capitalised and not only because a
        sentence starts with it, or after "the" or "my", or before "app". "Keep my phone
        awake" names no app; "a note in Keep" does; "the phone" is the handset."""
        named = _names(request)
        for app in self.maps:
            if any(name and name in named for name in _app_names(app.package)):
                return app
        return None

    def map_of(self, package: str | None) -> AppMap | None:
        """The map of the app in front, if it was explored."""
        return next((app for app in self.maps if app.package == package), None)

    def hints(self, request: str, *, limit: int = 5) -> list[str]:
        """What the memory knows that may serve the request, one line per control: the app,
        the screen, the control with its state, and the steps from the app's start screen."""
        lines = []
        for spot in self.spots(request, app=self.named_app(request), limit=limit):
            state = "" if spot.label.checked is None else (" on" if spot.label.checked else " off")
            where = spot.screen.title or ("a dialog" if spot.screen.kind == "dialog" else "a page")
            path = route(spot.app, spot.app.start, spot.screen.id)
            steps = ", ".join(aci.format_action(step) for step in path or [])
            reach = f"; from its start: {steps}" if steps else ""
            lines.append(
                f'{spot.app.package} > {where}: {spot.label.role} "{spot.label.text}"{state}{reach}'
            )
        return lines


def of_an_item(spot: Spot) -> bool:
    """Whether the control belongs to one item of a list rather than to the app: a screen
    built alike (same controls) under another heading holds it for another item too
    ("Transcript" on each recording's page, titled by the recording). Changing it changes
    that item, never a setting. The same page seen twice (scrolled) has one heading."""
    mine, control = _controls(spot.screen), (spot.label.role, spot.label.text)
    for screen in spot.app.screens:
        theirs = _controls(screen)
        if screen.heading == spot.screen.heading or control not in theirs:
            continue
        if len(mine & theirs) >= _ALIKE * len(mine | theirs):
            return True
    return False


def _controls(screen: ScreenNode) -> set[tuple[str, str]]:
    return {(label.role, label.text) for label in screen.labels if label.role in _CONTROLS}


def route(app: AppMap, here: str, there: str) -> list[aci.Action] | None:
    """The fewest steps along the map's edges from screen `here` to `there` ([] when they are
    the same, None when the map knows no way)."""
    steps = app.steps_between(here, there)
    return None if steps is None else [aci.parse_action(step) for step in steps]


def _described(screen: ScreenNode) -> list[tuple[Label, str]]:
    """Each control of the screen with the words that describe it: its label, the plain
    text lines under it (its summary), the text above a slider (a slider's label is its
    value), and the title of its page or dialog."""
    labels = screen.labels
    title = screen.heading
    found = []
    for index, label in enumerate(labels):
        if label.role not in _CONTROLS:
            continue
        text = label.text
        if label.role == "slider":
            above = [lab.text for lab in labels[:index] if lab.role == "text"]
            text = above[-1] if above else ""
        summary = []
        for later in labels[index + 1 : index + 1 + _SUMMARY_LINES]:
            if later.role != "text":
                break
            summary.append(later.text)
        parts = [text, *summary] + ([title] if title and title != text else [])
        if text:
            found.append((label, ". ".join(parts)))
    return found


def _names(text: str) -> set[tuple[str, ...]]:
    """Runs of one or two words of `text` written as a name: capitalised inside a sentence,
    or before the word "app"."""
    found: set[tuple[str, ...]] = set()
    tokens = re.findall(r"[\w'\u2019-]+|[.!?:;]", text)
    for index, token in enumerate(tokens):
        start = index == 0 or tokens[index - 1] in ".!?:;"
        before_app = index + 1 < len(tokens) and tokens[index + 1].lower() in ("app", "apps")
        after_the = index > 0 and tokens[index - 1].lower() in ("the", "my")
        handset = token.lower() in HANDSET  # "the phone" is no app
        if (token[:1].isupper() and not start) or before_app or (after_the and not handset):
            found.add(words(token))
            if index + 1 < len(tokens) and tokens[index + 1][:1].isupper():
                found.add(words(f"{token} {tokens[index + 1]}"))
    return found


def _app_names(package: str) -> list[tuple[str, ...]]:
    """The words of each name the app goes by: a well-known app's names, the words of its
    package."""
    known = known_app_of_package(package)
    names = [words(name) for name in known.names] if known else []
    return names + [(word,) for word in package_words(package)]


def app_words(package: str) -> set[str]:
    """Words that name the app, and the word "app" itself: they say where, not what."""
    return {word for name in _app_names(package) for word in name} | {"app", "apps"}


def _is_settings(app: AppMap) -> bool:
    known = known_app_of_package(app.package)
    return known is not None and known.names[0] == "Settings"


def _named(label: Label, row: str) -> str:
    """What names the control: its label, or for a slider (whose label is its value) the
    text its row was given."""
    return row.split(". ")[0] if label.role == "slider" else label.text


def _content(text: str) -> set[str]:
    """The words that carry meaning, with each time of day written one way ("7:15" and
    "07:15" are one time)."""
    found = {word for word in words(text) if word not in FILLER_WORDS}
    for time in find_times(text):
        found.add(f"{time.value.hour:02d}:{time.value.minute:02d}")
    return found
