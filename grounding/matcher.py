"""The matcher: how well each element of a screen answers a parsed `Target`, and why.

Scores are in [0, 1]: 1 for the label as written (text or content-desc), a little
less for the same words in another form (`Bookmarks` for `Bookmark`), synonyms and
icons (`lexicon.icons`: what an icon shows, its labels in many languages, the glyph
OCR reads), lower for partial and fuzzy matches, and lowest for resource-id words,
which a person never sees. A label that negates the target (`Don't allow` for
`Allow`, `Off` for `On`) scores near zero whatever else it shares.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cached_property

import aci
from grounding.target import Target
from lexicon.icons import (
    icons_led_by,
    icons_of_glyph,
    icons_of_id,
    icons_of_label,
    icons_of_phrase,
    kin_of,
)
from lexicon.synonyms import conflicts, negated, synonym_group
from lexicon.text import compact, id_words, normalise, words

__all__ = [
    "Facts",
    "Scored",
    "facts_of",
    "name_score",
    "ocr_line",
    "phrase_score",
    "role_factor",
]

_BORROWERS = frozenset(
    {aci.Role.SWITCH, aci.Role.CHECKBOX, aci.Role.RADIO, aci.Role.FIELD, aci.Role.SLIDER,
     aci.Role.ICON}
)  # fmt: skip
_STOP = frozenset({"the", "a", "an", "to", "of", "and", "in", "on", "for", "with", "my", "your"})
_R = aci.Role
_COMPATIBLE: dict[aci.Role, dict[aci.Role, float]] = {
    _R.BUTTON: {_R.ICON: 0.95, _R.CONTAINER: 0.85, _R.TEXT: 0.85, _R.TAB: 0.8, _R.MENU: 0.8,
                _R.IMAGE: 0.75},
    _R.ICON: {_R.BUTTON: 0.85, _R.IMAGE: 0.85, _R.CONTAINER: 0.75, _R.TAB: 0.7},
    _R.SWITCH: {_R.CHECKBOX: 0.8, _R.CONTAINER: 0.6},
    _R.FIELD: {_R.CONTAINER: 0.85, _R.TEXT: 0.75, _R.BUTTON: 0.75},
    _R.CHECKBOX: {_R.SWITCH: 0.8, _R.RADIO: 0.7, _R.CONTAINER: 0.6},
    _R.RADIO: {_R.CHECKBOX: 0.7, _R.CONTAINER: 0.6},
    _R.IMAGE: {_R.ICON: 0.85, _R.CONTAINER: 0.7, _R.BUTTON: 0.6},
    _R.TAB: {_R.BUTTON: 0.8, _R.TEXT: 0.8, _R.CONTAINER: 0.75},
    _R.MENU: {_R.BUTTON: 0.8, _R.ICON: 0.8, _R.TEXT: 0.8, _R.CONTAINER: 0.8},
    _R.LIST: {_R.CONTAINER: 0.7},
    _R.TEXT: {role: 0.9 for role in aci.Role},
}  # fmt: skip


@dataclass(frozen=True)
class Scored:
    """One element's score for a target, with the reason in words."""

    index: int
    score: float
    why: str


class Facts:
    """An element's words, prepared once per screen for matching; what only a description of
    an icon needs (its icons, by label, first words or resource id) is worked out on demand."""

    def __init__(self, element: aci.Element, context: str) -> None:
        self.element = element
        self.text = words(element.text) if element.text else ()
        self.desc = words(element.desc) if element.desc else ()
        self.ids = id_words(element.resource_id) if element.resource_id else ()
        self.context = words(context) if context else ()
        """A label borrowed from its row or the text beside it, for unlabelled switches and
        fields."""
        self.context_label = context
        self.seen = words(element.icon.replace("_", " ")) if element.icon else ()
        """What its pixels show, in words, when the icon recogniser named it."""

    @cached_property
    def literal(self) -> frozenset[str]:
        """The text and content-desc as written (`normalise`d), for a match on the very words."""
        return frozenset(normalise(t) for t in (self.element.text, self.element.desc) if t)

    @cached_property
    def concepts(self) -> frozenset[str]:
        """Icons its label, a translation of it, or OCR's reading of a glyph stands for."""
        found = (
            *icons_of_label(self.text),
            *icons_of_label(self.desc),
            *icons_of_glyph(self.element.text),
            *icons_of_glyph(self.element.desc),
        )
        return frozenset(icon.key for icon in found)

    @cached_property
    def led_concepts(self) -> frozenset[str]:
        """Icons whose label opens the content-desc of an element with no text of its own
        (`Close feedback`): visible words name an element as they are."""
        if self.text:
            return frozenset()
        return frozenset(icon.key for icon in icons_led_by(self.desc))

    @cached_property
    def id_concepts(self) -> frozenset[str]:
        return frozenset(icon.key for icon in icons_of_id(self.ids))


_LAST: list[tuple[tuple[aci.Element, ...], list[Facts]]] = []


def facts_of(elements: tuple[aci.Element, ...]) -> list[Facts]:
    """The `Facts` of every element of a screen, in order; the last screen's are reused (a
    target and its anchor, or one target tried twice, are ranked on the same screen)."""
    last = _LAST[-1] if _LAST else None
    if last is not None and last[0] is elements:
        return last[1]
    facts = [
        Facts(element, _borrowed_label(index, elements) if _borrows(element) else "")
        for index, element in enumerate(elements)
    ]
    _LAST[:] = [(elements, facts)]
    return facts


def _borrows(element: aci.Element) -> bool:
    return element.role in _BORROWERS and (not element.label or element.role is aci.Role.FIELD)


def _borrowed_label(index: int, elements: tuple[aci.Element, ...]) -> str:
    """The label of the smallest labelled element around this one, else of the text to its
    left on the same line, else of the text just above it (a form field's caption)."""
    me = elements[index]
    x1, y1, x2, y2 = me.bounds
    best: tuple[int, str] | None = None
    for other in elements:
        if other is me or not other.label or other.scrollable:
            continue
        ox1, oy1, ox2, oy2 = other.bounds
        around = ox1 <= x1 and oy1 <= y1 and ox2 >= x2 and oy2 >= y2 and other.area > me.area
        if around and (best is None or other.area < best[0]):
            best = (other.area, other.label)
    if best is not None:
        return best[1]
    height = max(1, y2 - y1)
    beside: tuple[float, str] | None = None
    for other in elements:
        if other is me or not other.text or other.role is not aci.Role.TEXT:
            continue
        ox1, oy1, ox2, oy2 = other.bounds
        cy = (oy1 + oy2) / 2
        if ox2 <= x1 + height // 2 and y1 <= cy <= y2:
            gap = x1 - ox2
        elif 0 <= y1 - oy2 <= 1.5 * height and ox1 < x2 and ox2 > x1:
            gap = (y1 - oy2) * 2
        else:
            continue
        if beside is None or gap < beside[0]:
            beside = (gap, other.text)
    return beside[1] if beside else ""


def ocr_line(element: aci.Element) -> bool:
    """Whether the element's text is OCR's reading of one line (not a hierarchy label, and not
    a label wrapped over lines): words inside it may be only a part of it."""
    return (
        "ocr" in element.sources
        and "hierarchy" not in element.sources
        and ("\n" not in element.text)
    )


def _runs_within(target: tuple[str, ...], line: tuple[str, ...]) -> bool:
    """Whether the words occur in a row inside a longer line, not right after a negation
    (`allow` inside `dont allow` is its opposite)."""
    size = len(target)
    if not size or size >= len(line):
        return False
    return any(
        line[start : start + size] == target and not (start and negated(line[start - 1 : start]))
        for start in range(len(line) - size + 1)
    )


def role_factor(want: aci.Role | None, element: aci.Element) -> float:
    """How well an element's role fits the role word of the target (1 when none is asked)."""
    if want is None or element.role is want:
        return 1.0
    if want is aci.Role.SWITCH and element.role is aci.Role.CONTAINER and element.checked:
        return 0.7
    return _COMPATIBLE.get(want, {}).get(element.role, 0.5)


def phrase_score(target: tuple[str, ...], label: tuple[str, ...]) -> tuple[float, str]:
    """How well a label's words answer the target's words, and the kind of match."""
    if not target or not label:
        return 0.0, ""
    t_text, l_text = compact(target), compact(label)
    shorter, longer = sorted((len(t_text), len(l_text)))
    fuzzy = shorter >= 4 and shorter >= 0.8 * longer  # typos keep the length
    if conflicts(target, label):
        return 0.05, "negated"
    if not fuzzy and t_text != l_text and not set(target) & set(label):
        return 0.0, ""  # nothing shared
    if target == label or t_text == l_text:
        return 1.0, "exact"
    group = synonym_group(target)
    if group is not None and group == synonym_group(label):
        return 0.88, "synonym"
    score, kind = 0.0, ""
    t_set = set(target) - _STOP or set(target)
    l_set = set(label) - _STOP or set(label)
    if t_set <= l_set:
        score, kind = 0.45 + 0.45 * len(t_set) / len(l_set), "part"
    elif l_set <= t_set:
        score, kind = 0.35 + 0.45 * len(l_set) / len(t_set), "part"
    elif t_set & l_set:
        score, kind = 0.6 * len(t_set & l_set) / len(t_set | l_set), "part"
    if score < 0.8 and fuzzy:
        matcher = SequenceMatcher(None, t_text, l_text)
        if matcher.real_quick_ratio() >= 0.8 and matcher.quick_ratio() >= 0.8:
            ratio = matcher.ratio()
            if ratio >= 0.8 and ratio * 0.85 > score:
                score, kind = ratio * 0.85, "fuzzy"
    return score, kind


_FIELDS = (("text", 1.0, "text"), ("desc", 0.97, "content-desc"), ("context", 0.9, "label"),
           ("ids", 0.6, "resource-id"))  # fmt: skip
"""Where an element's words come from, and how much each counts: what a person reads on it
first, its accessibility label, a label borrowed from its row, and last its resource id,
which no person sees (a word inside an id must never outrank the element a person names)."""
_OTHER_FORM = 0.96
"""The same words in another form (`Bookmarks` for `Bookmark`, `wifi` for `Wi-Fi`) count a
little less than the words as written, so that a screen holding both answers with the latter."""
_IN_LINE = 0.8
"""The target's words in a row inside a longer OCR line: that part of the line."""
_ICON = 0.92
"""A label, translation or OCR glyph of the icon the description names (`Navigate up`,
`返回` or `←` for `the back arrow`)."""
_ICON_LEADING = 0.8
"""A label that opens with the icon's (`Close feedback` for `the X button`)."""
_ICON_KIN = 0.7
"""The label of an icon drawn in the same place for the same job (`Navigate up` for `the X
button`: full-screen dialogs draw their up button as an X)."""
_ICON_SEEN = 0.85
"""The icon its pixels show (`Element.icon`, named by the icon recogniser) is the one the
description names: below the app's own label for it, since a recogniser can be wrong."""
_BY_ID = "via the icon words of its resource-id"
_ID_UNLABELLED = 0.8
"""Resource-id words of an element with no label at all: then its only name."""


def led_by(phrase: tuple[str, ...]) -> frozenset[str]:
    """Icons whose label opens the target's words (`Search for topics`, `Close feedback`):
    an action's content-desc names the action, then its object, as `icons_led_by` reads."""
    return frozenset(icon.key for icon in icons_led_by(phrase))


def name_score(target: Target, element: aci.Element, facts: Facts) -> tuple[float, str]:
    """How well an element answers the target's naming words (no role, position or order)."""
    if target.literal and target.literal in facts.literal:
        field = "text" if normalise(element.text) == target.literal else "content-desc"
        return 1.0, f"exact match on {field} {element.text if field == 'text' else element.desc!r}"
    best, why = 0.0, ""
    if ocr_line(element) and _runs_within(target.phrase, facts.text):
        # OCR joins neighbours into one line ("Yes No", "2 hours ago Middle East"): words
        # found in a row inside a line are that part of it.
        best, why = _IN_LINE, f"the words in a row inside the text {element.text!r}"
    unlabelled = not (element.text or element.desc)
    for field, weight, name in _FIELDS:
        label = getattr(facts, field)
        if field == "ids" and unlabelled:
            weight = _ID_UNLABELLED
        score, kind = phrase_score(target.phrase, label)
        if kind == "exact":
            score *= _OTHER_FORM
        if score * weight > best:
            best = score * weight
            shown = facts.context_label if field == "context" else _shown(element, field)
            why = f"{_KIND_WORDS[kind]} match on {name} {shown!r}"
    if facts.seen:
        score, kind = phrase_score(target.phrase, facts.seen)
        if score * _ICON_SEEN > best:
            best = score * _ICON_SEEN
            why = f"{_KIND_WORDS[kind]} match on the icon its pixels show {element.icon!r}"
    wanted = {icon.key for icon in icons_of_phrase(target.phrase)} | {
        icon.key for icon in icons_of_phrase(target.full)
    }
    led = led_by(target.phrase) if facts.seen else frozenset()
    if not (wanted or led) or best >= _ICON:
        return best, why
    described = " ".join(target.full or target.phrase)
    field = "content-desc" if element.desc else "text"
    if conflicts(target.phrase, facts.desc or facts.text):
        return best, why
    by_id = _ID_UNLABELLED * 0.9 if unlabelled else _FIELDS[-1][1]
    for score, found, how in (
        (_ICON, wanted & facts.concepts, "via the icon vocabulary"),
        (_ICON_LEADING, wanted & facts.led_concepts, "via the icon vocabulary (its first words)"),
        (
            _ICON_KIN,
            kin_of(frozenset(wanted)) & (facts.concepts | facts.led_concepts),
            "drawn in the same place",
        ),
        (
            _ICON_KIN * 0.9,
            kin_of(frozenset(wanted)) & facts.id_concepts if unlabelled else set(),
            "by the icon words of its resource-id, drawn in the same place",
        ),
        (by_id, wanted & facts.id_concepts if element.clickable else set(), _BY_ID),
        (_ICON_SEEN, wanted & {element.icon}, "by what its pixels show"),
        (
            _ICON_SEEN * _ICON_LEADING,
            led & {element.icon},
            "by what its pixels show (the words open with the icon's action)",
        ),
        (
            _ICON_SEEN * _ICON_KIN,
            kin_of(frozenset(wanted)) & {element.icon},
            "by what its pixels show, drawn in the same place",
        ),
    ):
        if found and score > best:
            by_id_words = "resource-id" in how
            shown = element.resource_id if by_id_words else element.label or element.icon
            where = "resource-id" if by_id_words else field if element.label else "icon"
            return score, f"{where} {shown!r} matches {described!r} {how}"
    return best, why


_KIND_WORDS = {
    "exact": "exact", "synonym": "synonym", "part": "partial", "fuzzy": "fuzzy",
    "negated": "negated (opposite meaning)", "": "no",
}  # fmt: skip


def _shown(element: aci.Element, field: str) -> str:
    if field == "text":
        return element.text
    if field == "desc":
        return element.desc
    return element.resource_id
