"""Ranking a screen's elements for a target: naming words, then role, relation, position, order.

`rank` answers with tap targets, not raw elements: a title inside a clickable
row counts as the row, so a row and its title never compete as two answers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from itertools import groupby

import aci
from grounding.matcher import Facts, Scored, facts_of, name_score, role_factor
from grounding.target import Target
from lexicon.encoder import shared_encoder
from lexicon.icons import icons_of_phrase
from lexicon.synonyms import conflicts

__all__ = ["Need", "Ranking", "rank", "reading_order", "tap_target"]

Need = str
"""What the verb needs of the element: "tap", "type" (editable), "scroll" (scrollable), or
"find" (any element, as itself: an anchor of a relation)."""

_BORROWED = "exact match on label"
_VOCABULARY = "via the icon vocabulary"
_ON_TEXT = " match on text "
_OWN_TARGETS = frozenset({aci.Role.SWITCH, aci.Role.CHECKBOX, aci.Role.RADIO, aci.Role.SLIDER})
_IMAGE_KINDS = frozenset({"photo", "picture", "image", "thumbnail", "video"})
_ROW_SCREEN_SHARE = 0.5  # a clickable area larger than this share of the screen is a backdrop
_TYPED = 0.85
"""A field matched by the text it holds, for a tap: a search box holding `Battery` is a poor
target for `tap "Battery"` when a result row says it too."""
_CAPTION_REACH = 0.25  # of the screen's height: how far below its caption a field may lie
_FOUND = 0.55  # the least score grounding acts on (`ground.FOUND_AT`)
_MERGED = 64  # most matches merged into tap targets (each merge looks at the whole screen)
_UNNAMED = 0.62
"""An unlabelled icon in the place of the one described: just above `_FOUND` when right
there, below it a little way off."""
_ICON_SHARE = 0.24  # an icon is no wider or taller than this share of the screen's width
_MEANING_LABELS = 160  # labels compared by meaning at most (about 0.3 s uncached, once)
_MEANING_CHARS = 80  # a label's meaning is in its first words
_MEANING_LEAST = 0.35
"""All-MiniLM cosine below which two short phrases share no meaning worth acting on."""
_MEANING_MARGIN = 0.08
"""How far the closest label must stand ahead of the next: close calls are no answer."""


@dataclass(frozen=True)
class Ranking:
    """Tap targets best first, with the facts they were scored on."""

    matches: list[Scored]
    note: str = ""
    """Why the list is empty or short, when it is (an anchor not found, too few items)."""


def tap_target(index: int, screen: aci.Screen) -> int:
    """The element a tap on this one should land on: itself if clickable, else the smallest
    clickable element around it (a list row around its title)."""
    elements = screen.elements
    me = elements[index]
    if me.clickable or me.editable:
        return index
    limit = screen.width * screen.height * _ROW_SCREEN_SHARE
    centre = me.center
    best: tuple[int, int] | None = None
    for other_index, other in enumerate(elements):
        if other.clickable and other.area < limit and other.contains(centre):
            x1, y1, x2, y2 = other.bounds
            mx1, my1, mx2, my2 = me.bounds
            around = mx1 >= x1 - 2 and my1 >= y1 - 2 and mx2 <= x2 + 2 and my2 <= y2 + 2
            if around and (best is None or other.area < best[0]):
                best = (other.area, other_index)
    return best[1] if best else index


def reading_order(indices: list[int], elements: tuple[aci.Element, ...]) -> list[int]:
    """Top to bottom in lines, left to right within a line."""
    ordered = sorted(indices, key=lambda i: (elements[i].center.y, elements[i].center.x))
    lines: list[list[int]] = []
    for index in ordered:
        element = elements[index]
        if lines:
            first = elements[lines[-1][0]]
            if abs(element.center.y - first.center.y) <= max(first.height, 2) / 2:
                lines[-1].append(index)
                continue
        lines.append([index])
    return [i for line in lines for i in sorted(line, key=lambda j: elements[j].center.x)]


def _needs(need: Need, element: aci.Element) -> float:
    if need == "type":
        if element.editable:
            return 1.0
        # Only a hierarchy says a thing is not editable; pixels show a hint, not a flag.
        return 0.5 if "hierarchy" in element.sources else 0.85
    if need == "scroll":
        return 1.0 if element.scrollable else 0.6
    if need == "find":
        return 1.0
    tappable = element.clickable or element.editable or element.role in _OWN_TARGETS
    return 1.0 if tappable else 0.92


def _naming(target: Target, screen: aci.Screen, facts: list[Facts], need: Need) -> list[Scored]:
    """Every element's score on words and role, unmerged."""
    out = []
    for index, element in enumerate(screen.elements):
        fit = role_factor(target.role, element)
        if target.phrase:
            score, why = name_score(target, element, facts[index])
            if target.full != target.phrase:  # the role word may belong to the name:
                whole, whole_why = name_score(  # "Search your photos" is no photo
                    replace(target, phrase=target.full), element, facts[index]
                )
                if whole >= 0.9 and whole > score:
                    score, why, fit = whole, whole_why, max(fit, 0.95)
            if score <= 0:
                continue
            if need == "tap" and target.role is None and why.startswith(_BORROWED):
                score *= 0.8  # its row answers to that label first
            if _VOCABULARY in why and target.full != target.phrase:
                fit = max(fit, 0.95)  # the role word was part of the icon's name: `overflow menu`
        elif target.role is not None:
            score, why = 0.85, _a(target.role.value)
        elif target.kind is not None or target.position is not None or target.relation:
            score, why = (0.75, "clickable") if element.clickable else (0.4, "on screen")
        else:
            continue
        if target.role is not None and element.role is not target.role and target.phrase:
            why += f" ({_a(element.role.value)}, asked for {_a(target.role.value)})"
        if element.resource_id.startswith("com.android.systemui:"):
            score *= 0.8  # the app's own control before the system bars'
        if need == "tap" and element.editable and _ON_TEXT in why:
            score *= _TYPED
        out.append(Scored(index, score * fit * _needs(need, element), why))
        # Pixels cannot tell a caption from a hint inside a field they missed: only the
        # hierarchy's captions pass their name on.
        captions = need == "type" and target.phrase and not element.editable
        if captions and "hierarchy" in element.sources:
            captioned = _captioned_field(index, screen)
            if captioned is not None:
                field, reach = captioned
                why += f", the caption of the field {_field_name(screen.elements[field])}"
                out.append(Scored(field, score * (0.95 - 0.3 * reach), why))
    if need == "tap" and not any(item.score >= _FOUND for item in out):
        out += _unnamed_icons(target, screen, facts)
    if need == "tap" and not any(item.score >= _FOUND for item in out):
        out += _by_meaning(target, screen, facts)
    return out


def _by_meaning(target: Target, screen: aci.Screen, facts: list[Facts]) -> list[Scored]:
    """For a description no words match: the labelled tap target whose label means most
    nearly the same (the sentence encoder), when it stands clear of the rest. A last resort,
    scored just over the line: words and icons were tried first, and pixels may settle it."""
    if target.literal or not target.text or not target.phrase:
        return []
    labelled = [
        i
        for i, e in enumerate(screen.elements)
        if e.label and (e.clickable or e.editable) and not conflicts(target.phrase, facts[i].text)
    ][:_MEANING_LABELS]
    if not labelled:
        return []
    labels = [screen.elements[i].label[:_MEANING_CHARS] for i in labelled]
    cosines = shared_encoder().similarities(target.text, labels)
    order = sorted(range(len(labelled)), key=lambda k: -float(cosines[k]))
    best = float(cosines[order[0]])
    runner_up = float(cosines[order[1]]) if len(order) > 1 else 0.0
    if best < _MEANING_LEAST or best - runner_up < _MEANING_MARGIN:
        return []
    index = labelled[order[0]]
    why = f"{screen.elements[index].label!r} means nearly {target.text!r} (cosine {best:.2f})"
    return [Scored(index, _FOUND + 0.05, why)]


def _unnamed_icons(target: Target, screen: aci.Screen, facts: list[Facts]) -> list[Scored]:
    """For an icon that nothing on the screen names: the icons with no name of an icon in the
    place the description gives, else where Material puts that icon (the navigation button
    at the start of the top bar, the overflow menu at its end). Unnamed are those with no
    label, or only a content-desc that names no icon (`Open`). A guess, scored so that only
    an icon right in that place is acted on, and never sure enough to skip the pixels."""
    icons = icons_of_phrase(target.phrase) or icons_of_phrase(target.full)
    place = next((icon.place for icon in icons if icon.place), None)
    if not icons or (place is None and target.position is None):
        return []
    limit = screen.width * _ICON_SHARE
    out = []
    for index, element in enumerate(screen.elements):
        small = 0 < element.width <= limit and 0 < element.height <= limit
        if element.text or not element.clickable or not small:
            continue
        if facts[index].concepts or facts[index].led_concepts:
            continue  # a named icon: the matcher weighed its name
        if element.resource_id.startswith("com.android.systemui:"):
            continue
        if target.position is not None:  # `_placed` weighs the place the description gives
            out.append(Scored(index, _UNNAMED, f"an unnamed icon, as {icons[0].key!r}?"))
            continue
        assert place is not None
        x, y = place
        dx = element.center.x / screen.width - x
        dy = element.center.y / screen.height - y
        closeness = max(0.0, 1.0 - math.hypot(dx, dy))
        score = _UNNAMED * (0.6 + 0.4 * closeness**2)
        why = f"an unnamed icon where {icons[0].key!r} usually sits ({closeness:.0%} there)"
        out.append(Scored(index, score, why))
    return out


def _captioned_field(index: int, screen: aci.Screen) -> tuple[int, float] | None:
    """The editable field an element captions, with how far it lies in [0, 1]: the nearest
    field below it (a form's label, a dialog's title) or on its right on the same line."""
    me = screen.elements[index]
    reach = screen.height * _CAPTION_REACH
    best: tuple[float, int] | None = None
    for other_index, other in enumerate(screen.elements):
        if not other.editable or other_index == index:
            continue
        ox1, oy1, ox2, oy2 = other.bounds
        x1, y1, x2, y2 = me.bounds
        if oy1 >= me.center.y and min(x2, ox2) > max(x1, ox1):
            gap = float(max(0, oy1 - y2))
        elif ox1 >= me.center.x and min(y2, oy2) > max(y1, oy1):
            gap = float(max(0, ox1 - x2))
        else:
            continue
        if gap <= reach and (best is None or gap < best[0]):
            best = (gap, other_index)
    return (best[1], best[0] / reach) if best else None


def _field_name(field: aci.Element) -> str:
    return repr(field.label) if field.label else f"at {field.bounds}"


def _a(noun: str) -> str:
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


def _merge(
    scored: list[Scored], screen: aci.Screen, need: Need, role: aci.Role | None
) -> list[Scored]:
    """One entry per tap target (the best of its parts), best first. Switches and the like
    stay themselves, and so does an element of the role asked for."""
    best: dict[int, Scored] = {}
    for item in scored:
        element = screen.elements[item.index]
        own = element.role in _OWN_TARGETS or element.role is role
        target_index = tap_target(item.index, screen) if need == "tap" and not own else item.index
        if target_index != item.index:
            row = screen.elements[target_index]
            why = item.why + f" inside a clickable {row.role.value}"
            item = Scored(target_index, max(item.score, min(item.score, 1.0)), why)
        current = best.get(target_index)
        if current is None or item.score > current.score:
            best[target_index] = item
    return sorted(best.values(), key=lambda s: (-s.score, s.index))


def rank(target: Target, screen: aci.Screen, *, need: Need = "tap") -> Ranking:
    """The tap targets for `target`, best first, scores in [0, 1]."""
    facts = facts_of(screen.elements)
    named = _naming(target, screen, facts, need)
    if target.ordinal is None and len(named) > _MERGED:
        # Only the best can be chosen or listed: the long tail of a huge list (partial matches
        # on a word every row shares) is not merged into tap targets one by one.
        named = sorted(named, key=lambda s: -s.score)[:_MERGED]
    matches = _merge(named, screen, need, target.role)
    note = ""
    if target.relation and target.anchor is not None:
        matches, note = _related(target, matches, screen, need)
    if target.position is not None:
        matches = _placed(target.position, matches, screen)
    if target.ordinal is not None:
        matches, note = _counted(target, matches, screen)
    return Ranking(matches, note)


def _related(
    target: Target, matches: list[Scored], screen: aci.Screen, need: Need
) -> tuple[list[Scored], str]:
    assert target.anchor is not None and target.relation is not None
    anchors = rank(target.anchor, screen, need="find").matches
    if not anchors or anchors[0].score < 0.55:
        return [], f"no element matches the anchor {target.anchor.raw!r}"
    anchor_index = anchors[0].index
    anchor = screen.elements[anchor_index]
    row_index = tap_target(anchor_index, screen)
    row = screen.elements[row_index]
    scale = max(screen.height * 0.02, 1.0)
    out = []
    for item in matches:
        element = screen.elements[item.index]
        if item.index in (anchor_index, row_index) or _encloses(element, row):
            continue
        same_row = row.area > element.area and row.contains(element.center)
        gap = 0.0 if same_row and target.relation in ("near", "in") else None
        if gap is None:
            gap = _gap(target.relation, element, anchor)
        if gap is None:
            continue
        closeness = 1.0 / (1.0 + gap / scale)
        why = f"{item.why}, {target.relation} {anchor.label or anchor.resource_id!r}"
        out.append(Scored(item.index, item.score * (0.5 + 0.5 * closeness), why))
    return sorted(out, key=lambda s: (-s.score, s.index)), ""


def _gap(relation: str, element: aci.Element, anchor: aci.Element) -> float | None:
    """How far the element lies from the anchor in the relation's sense; None if it does not."""
    ex1, ey1, ex2, ey2 = element.bounds
    ax1, ay1, ax2, ay2 = anchor.bounds
    overlap_x = min(ex2, ax2) - max(ex1, ax1) > 0
    overlap_y = min(ey2, ay2) - max(ey1, ay1) > min(element.height, anchor.height) / 3
    if relation == "below" and element.center.y > anchor.bounds[3] - 1 and overlap_x:
        return max(0, ey1 - ay2)
    if relation == "above" and element.center.y < anchor.bounds[1] + 1 and overlap_x:
        return max(0, ay1 - ey2)
    if relation == "right" and element.center.x > ax2 and overlap_y:
        return max(0, ex1 - ax2)
    if relation == "left" and element.center.x < ax1 and overlap_y:
        return max(0, ax1 - ex2)
    if relation == "in":
        inside = ax1 <= element.center.x <= ax2 and ay1 <= element.center.y <= ay2
        if inside or overlap_y:  # inside it, or on its line (an X at the end of a search bar)
            return 0.0 if inside else max(0, ax1 - ex2, ex1 - ax2) / 4
        return None
    if relation == "near":
        dx = max(0, ax1 - ex2, ex1 - ax2)
        dy = max(0, ay1 - ey2, ey1 - ay2)
        return math.hypot(dx, dy * 2)
    return None


def _placed(
    position: tuple[float | None, float | None], matches: list[Scored], screen: aci.Screen
) -> list[Scored]:
    want_x, want_y = position
    out = []
    for item in matches:
        centre = screen.elements[item.index].center
        distances = []
        if want_x is not None:
            distances.append(abs(centre.x / screen.width - want_x))
        if want_y is not None:
            distances.append(abs(centre.y / screen.height - want_y))
        closeness = 1.0 - math.sqrt(sum(d * d for d in distances) / max(len(distances), 1))
        score = item.score * (0.6 + 0.4 * closeness**2)
        out.append(Scored(item.index, score, f"{item.why}, {closeness:.0%} towards the place"))
    return sorted(out, key=lambda s: (-s.score, s.index))


def _items(target: Target, screen: aci.Screen) -> list[int]:
    """The counted items of a screen: clickable elements of its main list, outermost only."""
    elements = screen.elements
    lists = [i for i, e in enumerate(elements) if e.scrollable or e.role is aci.Role.LIST]
    main = max(lists, key=lambda i: elements[i].area) if lists else None
    limit = screen.width * screen.height * _ROW_SCREEN_SHARE
    inside = [
        i
        for i, e in enumerate(elements)
        if e.clickable
        and e.area < limit
        and not e.resource_id.startswith("com.android.systemui:")
        and (main is None or elements[main].contains(e.center))
    ]
    outermost = set(_outermost(inside, elements))
    outer_list = _alike([i for i in inside if i in outermost], elements)
    if target.kind in _IMAGE_KINDS or target.role is aci.Role.IMAGE:
        pictured = [i for i in outer_list if _has_image(elements[i], elements)]
        outer_list = pictured or outer_list
    return outer_list


def _outermost(indices: list[int], elements: tuple[aci.Element, ...]) -> list[int]:
    """The elements no larger one of `indices` encloses. Largest first, each checked against
    the larger ones kept so far only (whatever encloses an element is itself enclosed by a
    kept one), found through a grid of their boxes: near-linear on long lists, whose rows
    are all one size and never looked at against each other."""
    right = max((elements[i].bounds[2] for i in indices), default=0)
    bottom = max((elements[i].bounds[3] for i in indices), default=0)
    cell = max(128, max(right, bottom) // 64 + 1)  # at most 64 cells a side, whatever the size
    kept: dict[tuple[int, int], list[tuple[int, int, int, int]]] = {}
    out: list[int] = []
    ordered = sorted(indices, key=lambda i: -elements[i].area)
    for _, group in groupby(ordered, key=lambda i: elements[i].area):
        level = []
        for i in group:
            x1, y1, x2, y2 = elements[i].bounds
            key = ((x1 + x2) // 2 // cell, (y1 + y2) // 2 // cell)
            if not any(
                a1 <= x1 and b1 <= y1 and a2 >= x2 and b2 >= y2
                for a1, b1, a2, b2 in kept.get(key, ())
            ):
                level.append(i)
        for i in level:
            x1, y1, x2, y2 = box = elements[i].bounds
            for cx in range(x1 // cell, max(x1, x2 - 1) // cell + 1):
                for cy in range(y1 // cell, max(y1, y2 - 1) // cell + 1):
                    kept.setdefault((cx, cy), []).append(box)
        out += level
    return out


def _alike(indices: list[int], elements: tuple[aci.Element, ...]) -> list[int]:
    """The items of the most common width: list rows or grid cells, not a button floating
    over them."""
    if not indices:
        return indices
    buckets: dict[int, list[int]] = {}
    for index in indices:
        width = max(elements[index].width, 1)
        buckets.setdefault(round(math.log(width) / math.log(1.15)), []).append(index)
    largest = max(buckets.values(), key=lambda group: (len(group), elements[group[0]].width))
    common = set(largest)
    return [i for i in indices if i in common]


def _encloses(outer: aci.Element, inner: aci.Element) -> bool:
    x1, y1, x2, y2 = outer.bounds
    a1, b1, a2, b2 = inner.bounds
    return x1 <= a1 and y1 <= b1 and x2 >= a2 and y2 >= b2


def _has_image(item: aci.Element, elements: tuple[aci.Element, ...]) -> bool:
    if item.role is aci.Role.IMAGE:
        return True
    return any(e.role is aci.Role.IMAGE and _encloses(item, e) for e in elements)


def _counted(target: Target, matches: list[Scored], screen: aci.Screen) -> tuple[list[Scored], str]:
    assert target.ordinal is not None
    if target.phrase or target.relation:
        pool = [m.index for m in matches if m.score >= 0.6]
        what = "matching elements"
    else:
        pool = _items(target, screen)
        if target.role is not None and target.kind is None:
            pool = [i for i in pool if role_factor(target.role, screen.elements[i]) >= 0.85]
        what = f"{target.kind or (target.role.value if target.role else 'item')}s"
    ordered = reading_order(pool, screen.elements)
    n = target.ordinal
    if not ordered or (n > 0 and n > len(ordered)) or (n < 0 and -n > len(ordered)):
        return [], f"asked for item {n} but the screen shows {len(ordered)} {what}"
    chosen = ordered[n - 1] if n > 0 else ordered[n]
    count = f"{len(ordered)} {what}"
    place = f"number {n} of {count}" if n > 0 else f"number {-n} from the end of {count}"
    if n == -1:
        place = f"the last of {count}"
    rest = [Scored(i, 0.5, f"another of the {what}") for i in ordered if i != chosen]
    return [Scored(chosen, 0.9, f"{place} in reading order"), *rest[:5]], ""
