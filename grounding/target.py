"""`Target`: an action's description of an element, taken apart into what the matcher needs.

`the second contact`, `the search icon at the top right`, `the switch next to
"Wi-Fi"` are read into the naming words, a role, an ordinal, a screen position
and a relation to an anchor element. Whatever is not recognised stays in the
naming words, so a label such as `Sign in` or `Add to favorites` is never torn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import aci
from lexicon.icons import icons_of_phrase
from lexicon.text import APPEARANCE, normalise, words

__all__ = ["KINDS", "ROLE_WORDS", "Relation", "Target", "parse_target"]

Relation = str
"""One of below, above, left, right, near, in."""

ROLE_WORDS: dict[str, aci.Role] = {
    "button": aci.Role.BUTTON, "btn": aci.Role.BUTTON, "key": aci.Role.BUTTON,
    "switch": aci.Role.SWITCH, "toggle": aci.Role.SWITCH,
    "checkbox": aci.Role.CHECKBOX, "check box": aci.Role.CHECKBOX,
    "radio": aci.Role.RADIO, "radio button": aci.Role.RADIO,
    "field": aci.Role.FIELD, "text field": aci.Role.FIELD, "input": aci.Role.FIELD,
    "input field": aci.Role.FIELD, "text box": aci.Role.FIELD, "textbox": aci.Role.FIELD,
    "edit text": aci.Role.FIELD, "box": aci.Role.FIELD, "bar": aci.Role.FIELD,
    "icon": aci.Role.ICON, "image": aci.Role.IMAGE, "picture": aci.Role.IMAGE,
    "photo": aci.Role.IMAGE, "thumbnail": aci.Role.IMAGE, "tab": aci.Role.TAB,
    "list": aci.Role.LIST, "menu": aci.Role.MENU, "dropdown": aci.Role.MENU,
    "slider": aci.Role.SLIDER, "seekbar": aci.Role.SLIDER, "seek bar": aci.Role.SLIDER,
    "link": aci.Role.TEXT, "label": aci.Role.TEXT, "text": aci.Role.TEXT,
}  # fmt: skip
"""Head nouns that say what kind of widget the target is, as `words` spells them."""

_KIND_WORDS = (
    "item row entry option card result contact photo picture image thumbnail message email "
    "mail conversation chat thread song track video app file folder note alarm notification "
    "suggestion tile product listing post story link setting element one"
)
KINDS = frozenset(_KIND_WORDS.split(" "))
"""Generic nouns for counted items: `the second contact` means the second row of the list."""

_ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "fifth": 5, "5th": 5, "sixth": 6, "6th": 6, "seventh": 7, "7th": 7, "eighth": 8, "8th": 8,
    "ninth": 9, "9th": 9, "tenth": 10, "10th": 10, "last": -1, "final": -1, "bottommost": -1,
    "topmost": 1, "penultimate": -2,
}  # fmt: skip
_ORDINAL = re.compile(
    r"\b(?:(second|2nd|third|3rd)[\s-]+(?:to[\s-]+)?last|next[\s-]+to[\s-]+last|("
    + "|".join(sorted(_ORDINALS, key=len, reverse=True))
    + r"))\b",
    re.IGNORECASE,
)
_POSITION = re.compile(
    r"\s*\b(?:(?:at|in|on|near|from)\s+(?:the\s+)?)?(?:(top|upper|bottom|lower)[\s-]*(left|right)?"
    r"|(left|right|middle|center|centre))(?:\s+(?:corner|side|edge|of the screen|of screen))?"
    r"(?:\s+corner)?\s*$",
    re.IGNORECASE,
)
_SPATIAL = re.compile(
    r"^(?P<head>.*?)\s*\b(?P<rel>below|under|underneath|beneath|above|over|next to|beside|"
    r"near|close to|(?:to the )?right of|(?:to the )?left of)\s+(?P<anchor>.+)$",
    re.IGNORECASE,
)
_BELONGING = re.compile(
    r"^(?P<head>.+?)\s+\b(?P<rel>for|of|in|inside|within|on)\s+(?P<anchor>.+)$", re.IGNORECASE
)
_NAMED = re.compile(r"^(?:.*?\b)?(?:labell?ed|called|named|that says|saying|with text)\s+(.+)$")
_ARTICLE = re.compile(r"^(?:the|a|an|this|that)\s+", re.IGNORECASE)
_WITH = re.compile(r"^(?P<head>.+?)\s+with\s+(?:the\s+|a\s+|an\s+)?(?P<held>.+)$", re.IGNORECASE)

_RELATIONS = {
    "below": "below", "under": "below", "underneath": "below", "beneath": "below",
    "above": "above", "over": "above", "next to": "near", "beside": "near", "near": "near",
    "close to": "near", "right of": "right", "to the right of": "right", "left of": "left",
    "to the left of": "left", "for": "in", "of": "in", "in": "in", "inside": "in",
    "within": "in", "on": "in",
}  # fmt: skip


@dataclass(frozen=True)
class Target:
    """A described element: naming words, role, ordinal, screen position, relation to an anchor."""

    raw: str
    phrase: tuple[str, ...]
    """The naming words, as `lexicon.text.words` gives them (`Wi-Fi` -> ("wifi",))."""
    full: tuple[str, ...]
    """The naming words with the role noun kept (`overflow menu`), for the icon vocabulary."""
    role: aci.Role | None = None
    kind: str | None = None
    ordinal: int | None = None
    """1-based from the start; -1 the last, -2 the one before it."""
    position: tuple[float | None, float | None] | None = None
    """Where on the screen, x and y in [0, 1]; None on an axis the description leaves open."""
    relation: Relation | None = None
    anchor: Target | None = None
    literal: str = ""
    """The naming text as written (`lexicon.text.normalise`d) when the target is nothing but
    a label, for a match on the very words; "" for a description."""
    text: str = ""
    """The naming part as written (`list view icon`), for the sentence encoder."""


def parse_target(description: str, *, quoted: bool = False) -> Target:
    """Take a target apart; never fails (unknown words stay naming words).

    A `quoted` target is the very text on the screen: never read as a role, a position, an
    ordinal or a relation (a button labelled "Top" or "Deals Near Me" is that label).
    """
    text = " ".join(description.split())
    inner = text if quoted else _strip_quotes(text)
    if inner is not None:
        return _label(inner, description)
    position = None
    place = _POSITION.search(text)
    if place and place.start() > 0:  # "the menu icon in the top left corner"
        position = _position(place)
        text = text[: place.start()].strip()
    target = _parse_relation(text, description) or _parse_head(text, description)
    if position is not None and target.position is None:
        target = replace(target, position=position)
    return target


def _label(text: str, raw: str) -> Target:
    tokens = words(text)
    return Target(raw=raw, phrase=tokens, full=tokens, literal=normalise(text))


def _parse_relation(text: str, raw: str) -> Target | None:
    """`the switch next to "Wi-Fi"`, `the X in the search bar`: a head and its anchor."""
    spatial = _SPATIAL.match(text)
    if spatial and spatial.group("head").strip():
        head = _parse_head(spatial.group("head"), raw)
        anchor = parse_target(spatial.group("anchor"))
        return _with_relation(head, _RELATIONS[spatial.group("rel").lower()], anchor)
    belonging = _BELONGING.match(text)
    if belonging:
        head = _parse_head(belonging.group("head"), raw)
        anchor_text = belonging.group("anchor")
        # "Sign in with Google" and "Terms of service" are labels; a head that is a widget
        # or an icon ("the X in the search bar") has an anchor.
        named_icon = bool(icons_of_phrase(head.phrase) or icons_of_phrase(head.full))
        if head.role is not None or named_icon or _strip_quotes(anchor_text) is not None:
            anchor = parse_target(anchor_text)
            return _with_relation(head, _RELATIONS[belonging.group("rel").lower()], anchor)
    return None


def _with_relation(head: Target, relation: Relation, anchor: Target) -> Target:
    return replace(head, relation=relation, anchor=anchor, literal="")


def _strip_quotes(text: str) -> str | None:
    stripped = text.strip()
    for left, right in (('"', '"'), ("'", "'"), ("\u201c", "\u201d"), ("\u2018", "\u2019")):
        if len(stripped) >= 2 and stripped[0] == left and stripped[-1] == right:
            inner = stripped[1:-1]
            if left not in inner and right not in inner:
                return inner
    return None


def _parse_head(text: str, raw: str) -> Target:
    ordinal = None
    position = None
    rest = text.strip()
    quoted = _strip_quotes(rest)
    if quoted is not None:
        return _label(quoted, raw)
    match = _POSITION.search(rest)
    if match:
        position = _position(match)
        rest = rest[: match.start()]
    match = _ORDINAL.search(rest)
    if match:
        if match.group(1):
            ordinal = -2 if match.group(1).lower() in ("second", "2nd") else -3
        elif match.group(2):
            ordinal = _ORDINALS[match.group(2).lower()]
        else:
            ordinal = -2
        rest = rest[: match.start()] + " " + rest[match.end() :]
    had_article = _ARTICLE.match(rest.strip()) is not None
    rest = _ARTICLE.sub("", rest.strip())
    named = _NAMED.match(rest)
    role = None
    if named:
        head = words(rest[: named.start(1)])
        role = next((ROLE_WORDS[w] for w in head if w in ROLE_WORDS), None)
        inner = named.group(1)
        phrase = words(_strip_quotes(inner) or inner)
        return Target(raw=raw, phrase=phrase, full=phrase, role=role, ordinal=ordinal,
                      position=position)  # fmt: skip
    with_part = ""
    holding = _WITH.match(rest)
    if holding:  # "the button with three dots": the part after "with" names it
        rest, with_part = holding.group("head"), holding.group("held")
    tokens = words(rest)
    kept = tuple(token for token in tokens if token not in APPEARANCE)
    # Nothing taken off (article, order, place, look, `with`): it may be a label as written.
    plain = kept == tokens == words(text) and not (ordinal or position or had_article)
    tokens = kept or tokens  # "the red x" is an x; a label "Red" stays a label
    full = tokens
    kind = None
    for size in (2, 1):
        tail = " ".join(tokens[-size:]) if len(tokens) >= size else ""
        if tail in ROLE_WORDS and (len(tokens) >= size or ordinal or position):
            role = ROLE_WORDS[tail]
            tokens = tokens[:-size]
            break
    if len(tokens) == 1 and tokens[0] in KINDS and (ordinal is not None or position is not None):
        kind, tokens = tokens[0], ()
    elif not tokens and role is not None and full and full[-1] in KINDS:
        kind = full[-1]
    if len(full) == 1 and role is not None and not (had_article or ordinal or position):
        tokens, role, kind = full, None, None  # a bare `Photos` or `Menu` is a label, not a role
    if not tokens and with_part:
        tokens = words(with_part)
        full = tokens
    literal = normalise(text) if plain else ""
    return Target(raw=raw, phrase=tokens, full=full, role=role, kind=kind, ordinal=ordinal,
                  position=position, literal=literal, text=rest.strip())  # fmt: skip


def _position(match: re.Match[str]) -> tuple[float | None, float | None]:
    vertical, horizontal, single = (g.lower() if g else None for g in match.groups())
    y = {"top": 0.0, "upper": 0.0, "bottom": 1.0, "lower": 1.0}.get(vertical or "")
    x = {"left": 0.0, "right": 1.0}.get(horizontal or single or "")
    if single in ("middle", "center", "centre"):
        return 0.5, 0.5
    return x, y
