"""Ranking what is on the screen by how well it matches the goal's words.

Each clickable element is read with the words of its row (a settings row carries its
title and summary; a list item its lines), then scored by goal-word overlap: the same
word counts most, then the same word form, a synonym, and last a related topic word
(`brightness` is found under `Display`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import aci
from lexicon.clauses import FUNCTION_WORDS
from lexicon.synonyms import NEGATIONS, synonyms_of
from lexicon.text import root, tokens
from planning.explorer.sections import RELATED
from planning.screen_text import inside

__all__ = ["Candidate", "candidates", "match", "row_words", "tap_label", "toggles"]

_TOGGLES = frozenset({aci.Role.SWITCH, aci.Role.CHECKBOX, aci.Role.RADIO})
_COMMANDS = (["add"], ["create"], ["new"], ["delete"], ["remove"], ["scan"])
"""First words of buttons that give a command rather than open a section."""


@dataclass(frozen=True)
class Candidate:
    """An element worth tapping, the words to tap it by, and its score."""

    element: aci.Element
    label: str
    score: float


def match(goal_words: Iterable[str], words: Iterable[str], *, related: bool = True) -> float:
    """How well `words` (of an element) answer `goal_words`: 1 a word, 0.8 a form, 0.6 a synonym,
    0.3 a related topic."""
    have = set(words)
    for word in list(have):
        have.update(part for part in word.split("-") if len(part) > 1)
    # "Do Not Disturb" is not about a note: `root("note")` is "not", a word naming nothing.
    stems = {root(word) for word in have - FUNCTION_WORDS - NEGATIONS}
    total = 0.0
    for word in goal_words:
        if word in have:
            total += 1.0
        elif root(word) in stems:
            total += 0.8
        elif synonyms_of(word) & have or any(root(other) in stems for other in synonyms_of(word)):
            total += 0.6
        elif related and RELATED.get(word, frozenset()) & (have | stems):
            total += 0.3
    return total



def row_words(element: aci.Element, screen: aci.Screen) -> list[str]:
    """The words of the element and of the labelled elements inside it."""
    texts = [element.text, element.desc]
    if element.role in (aci.Role.CONTAINER, aci.Role.OTHER, aci.Role.LIST) or not element.label:
        texts += [
            other.label
            for other in screen.elements
            if other is not element and other.label and inside(other, element)
        ]
    return tokens(" ".join(texts))


def tap_label(element: aci.Element, screen: aci.Screen) -> str:
    """The words to tap `element` by: its own label, else its first labelled child's."""
    if element.label:
        return " ".join(element.label.split())
    for other in screen.elements:
        if other is not element and other.label and inside(other, element):
            return " ".join(other.label.split())
    return ""


def candidates(
    goal_words: Iterable[str], screen: aci.Screen, *, related: bool = True
) -> list[Candidate]:
    """Clickable elements that match the goal's words, best first (ties: top of the screen)."""
    words = list(goal_words)
    found = []
    for element in screen.elements:
        if not element.clickable or not element.enabled or element.editable:
            continue
        if element.role is aci.Role.LIST:
            continue
        label = tap_label(element, screen)
        if not label:
            continue
        row = row_words(element, screen)
        own_words = tokens(label)
        score = match(words, row, related=False)
        if related and own_words[:1] not in _COMMANDS:
            # A related topic word names a section by its title ("Display" for brightness);
            # in a summary ("Connected") or a command ("Add network") it says nothing.
            unmatched = [word for word in words if not match([word], row, related=False)]
            score += match(unmatched, own_words)
        own = match(words, own_words, related=False)
        if score > 0:
            found.append(Candidate(element, label, score + 0.25 * own))
    found.sort(key=lambda c: (-c.score, c.element.bounds[1]))
    return found


def toggles(screen: aci.Screen) -> list[tuple[aci.Element, str, list[str]]]:
    """Each switch, check box or radio with its label and the words of its row."""
    found = []
    for element in screen.elements:
        if element.role not in _TOGGLES:
            continue
        rows = [
            other
            for other in screen.elements
            if other.clickable and other is not element and inside(element, other)
        ]
        row = min(rows, key=lambda other: other.area) if rows else None
        if row is not None and row.area < screen.width * screen.height // 3:
            label = tap_label(row, screen)
            words = row_words(row, screen)
        else:
            label = element.label or _same_line_label(element, screen)
            words = tokens(label)
        if label:
            found.append((element, label, words))
    return found


def _same_line_label(element: aci.Element, screen: aci.Screen) -> str:
    """The text to the left of a bare toggle on the same line."""
    top, bottom = element.bounds[1], element.bounds[3]
    for other in screen.elements:
        middle = (other.bounds[1] + other.bounds[3]) // 2
        if other.text and top <= middle <= bottom and other.bounds[2] <= element.bounds[0]:
            return other.text
    return ""
