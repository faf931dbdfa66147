"""The matcher: how well each element of a screen answers a parsed `Target`, and why.

Scores are in [0, 1]: 1 for the exact label, a little less for the
content-desc, synonyms, the icon vocabulary and resource-id words, lower for
partial and fuzzy matches. A label that negates the target (`Don't allow` for
`Allow`, `Off` for `On`) scores near zero whatever else it shares.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

import aci
from grounding.normalize import compact, id_words, words
from grounding.target import Target
from grounding.vocabulary import (
    ANTONYMS,
    NEGATIONS,
    concepts_of_id,
    concepts_of_label,
    concepts_of_phrase,
    synonym_group,
)

__all__ = ["Facts", "Scored", "facts_of", "name_score", "phrase_score", "role_factor"]

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


@dataclass(frozen=True)
class Facts:
    """An element's words, prepared once per screen for matching."""

    text: tuple[str, ...]
    desc: tuple[str, ...]
    ids: tuple[str, ...]
    context: tuple[str, ...]
    """A label borrowed from its row or the text beside it, for unlabelled switches and fields."""
    context_label: str
    concepts: frozenset[str]
    id_concepts: frozenset[str]


def facts_of(elements: tuple[aci.Element, ...]) -> list[Facts]:
    """The `Facts` of every element of a screen, in order."""
    out = []
    for index, element in enumerate(elements):
        label = words(element.text) if element.text else ()
        desc = words(element.desc) if element.desc else ()
        ids = id_words(element.resource_id) if element.resource_id else ()
        context = ""
        if element.role in _BORROWERS and (not element.label or element.role is aci.Role.FIELD):
            context = _borrowed_label(index, elements)
        concepts = {c.key for c in concepts_of_label(label)} | {
            c.key for c in concepts_of_label(desc)
        }
        out.append(
            Facts(
                text=label,
                desc=desc,
                ids=ids,
                context=words(context) if context else (),
                context_label=context,
                concepts=frozenset(concepts),
                id_concepts=frozenset(c.key for c in concepts_of_id(ids)),
            )
        )
    return out


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


def role_factor(want: aci.Role | None, element: aci.Element) -> float:
    """How well an element's role fits the role word of the target (1 when none is asked)."""
    if want is None or element.role is want:
        return 1.0
    if want is aci.Role.SWITCH and element.role is aci.Role.CONTAINER and element.checked:
        return 0.7
    return _COMPATIBLE.get(want, {}).get(element.role, 0.5)


def _negated(tokens: tuple[str, ...]) -> bool:
    return any(token in NEGATIONS for token in tokens)


def _grams(tokens: tuple[str, ...]) -> set[tuple[str, ...]]:
    return {(t,) for t in tokens} | {tokens[i : i + 2] for i in range(len(tokens) - 1)}


def _conflict(target: tuple[str, ...], label: tuple[str, ...]) -> bool:
    """Whether the label says the opposite of the target (negation or an antonym)."""
    if _negated(target) != _negated(label) and set(target) & set(label) - NEGATIONS:
        return True
    target_grams, label_grams = _grams(target), _grams(label)
    return any(
        gram not in label_grams and ANTONYMS.get(gram, frozenset()) & label_grams
        for gram in target_grams
    )


def phrase_score(target: tuple[str, ...], label: tuple[str, ...]) -> tuple[float, str]:
    """How well a label's words answer the target's words, and the kind of match."""
    if not target or not label:
        return 0.0, ""
    if _conflict(target, label):
        return 0.05, "negated"
    if target == label or compact(target) == compact(label):
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
    t_text, l_text = compact(target), compact(label)
    shorter, longer = sorted((len(t_text), len(l_text)))
    if score < 0.8 and shorter >= 4 and shorter >= 0.8 * longer:  # typos keep the length
        matcher = SequenceMatcher(None, t_text, l_text)
        if matcher.real_quick_ratio() >= 0.8 and matcher.quick_ratio() >= 0.8:
            ratio = matcher.ratio()
            if ratio >= 0.8 and ratio * 0.85 > score:
                score, kind = ratio * 0.85, "fuzzy"
    return score, kind


_FIELDS = (("text", 1.0, "text"), ("desc", 0.97, "content-desc"), ("context", 0.9, "label"),
           ("ids", 0.8, "resource-id"))  # fmt: skip


def name_score(target: Target, element: aci.Element, facts: Facts) -> tuple[float, str]:
    """How well an element answers the target's naming words (no role, position or order)."""
    best, why = 0.0, ""
    for field, weight, name in _FIELDS:
        label = getattr(facts, field)
        score, kind = phrase_score(target.phrase, label)
        if score * weight > best:
            best = score * weight
            shown = facts.context_label if field == "context" else _shown(element, field)
            why = f"{_KIND_WORDS[kind]} match on {name} {shown!r}"
    wanted = {c.key for c in concepts_of_phrase(target.phrase)} | {
        c.key for c in concepts_of_phrase(target.full)
    }
    if wanted and best < 0.92:
        described = " ".join(target.full or target.phrase)
        if wanted & facts.concepts and not _conflict(target.phrase, facts.desc or facts.text):
            best = 0.92
            field = "content-desc" if element.desc else "text"
            why = f"{field} {element.label!r} matches {described!r} via the icon vocabulary"
        elif wanted & facts.id_concepts and best < 0.75:
            best = 0.75
            why = f"resource-id {element.resource_id!r} matches {described!r} via the icon words"
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
