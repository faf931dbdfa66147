"""One element list from three sources: the hierarchy, OCR and the widget detector.

The hierarchy is trusted first (exact boxes, ids, states); pixels confirm it or add
what it lacks. OCR text that a hierarchy node already says only adds "ocr" to that
node's sources; OCR text inside a node with no words (a Compose button, an image
with a caption, a game) names that node when it is the node's only text, and
otherwise becomes an element of its own. A detected widget that lines up with a
hierarchy node adds "detector" to it; the rest are new elements. Duplicates are
merged, so each element is listed once with every source that saw it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from typing import Any

from aci import Element, Role
from lexicon.text import lettered

__all__ = ["fuse", "iou"]

Box = tuple[int, int, int, int]

_INSIDE = 0.7
"""Share of a pixel element's box that must fall inside a node to belong to it."""
_SAME_TEXT = 0.75
"""Similarity above which OCR's reading and a node's words are the same text."""
_SAME_BOX = 0.5
"""IoU above which two boxes are the same thing."""
_FILL_AREA = 8
"""A wordless node takes an OCR line as its text only when at most this many times larger."""
_GLYPH_PADDING = 3
"""A widget found inside a node is that node when the node is at most this many times longer."""
_UNNAMED_ROLES = (Role.SWITCH, Role.CHECKBOX, Role.RADIO, Role.SLIDER, Role.LIST)
"""Nodes whose pixels OCR may misread (a switch's thumb as "0") but never names."""
_NON_WORD = re.compile(r"[^\w]+")


def fuse(
    hierarchy: Sequence[Element],
    ocr: Sequence[Element] = (),
    detected: Sequence[Element] = (),
) -> list[Element]:
    """Hierarchy elements first (in their order, updated), then new elements from pixels
    (top to bottom)."""
    merged = list(hierarchy)
    added: list[Element] = []
    # Lines before the words inside them, so that a line that names a node covers its words.
    for element in sorted(ocr, key=lambda e: -e.area):
        _merge_text(element, merged, added, ocr)
    for element in detected:
        _merge_widget(element, merged, added)
    worded = [e for e in (*merged, *added) if e.text]
    added = [_unlabelled_toggle(e, worded) for e in added]
    added.sort(key=lambda e: (e.bounds[1], e.bounds[0]))
    return merged + added


def _unlabelled_toggle(element: Element, worded: Sequence[Element]) -> Element:
    """A ring or square the detector took for a radio button or check box, with no words on
    its line, is an icon: toggles come with a label (a list row's title), and a lone
    circle or square is a glyph, like the navigation bar's home and overview."""
    if element.role not in (Role.RADIO, Role.CHECKBOX) or element.sources != ("detector",):
        return element
    _, y1, _, y2 = element.bounds
    reach = (y2 - y1) / 2  # a two-line row's title sits a little above its toggle's centre
    if any(y1 - reach <= (o.bounds[1] + o.bounds[3]) / 2 <= y2 + reach for o in worded):
        return element
    return _changed(element, role=Role.ICON, checked=False)


def iou(a: Box, b: Box) -> float:
    """Intersection over union of two [x1, y1, x2, y2] boxes (0 when either is empty)."""
    inter = _intersection(a, b)
    union = _area(a) + _area(b) - inter
    return inter / union if union else 0.0


def _merge_text(
    element: Element, merged: list[Element], added: list[Element], ocr: Sequence[Element]
) -> None:
    owners = [i for i, node in enumerate(merged) if _within(element.bounds, node.bounds)]
    owners.sort(key=lambda i: merged[i].area)
    for i in owners:
        node = merged[i]
        if node.label and _same_text(element.text, node.label):
            merged[i] = _seen(node, "ocr")
            return
    for other in added:
        # The same reading twice (overlapping blocks read apart); a word or a line inside a
        # longer line or wrapped label is a part of its own, kept for targets that name it.
        if _alike_text(element.text, other.text) and (
            iou(element.bounds, other.bounds) > _SAME_BOX or _within(element.bounds, other.bounds)
        ):
            added[added.index(other)] = _seen(other, "ocr")
            return
    if owners:
        node = merged[owners[0]]
        if (
            not node.label
            and node.role not in _UNNAMED_ROLES
            and node.area <= _FILL_AREA * max(1, element.area)
            and _only_line(element, node, ocr)
        ):
            merged[owners[0]] = _changed(node, text=element.text, sources=(*node.sources, "ocr"))
            return
        if node.label and node.role in (Role.TEXT, Role.FIELD) and element.area < node.area:
            return  # a word of a line the node already says, read a little differently
    added.append(element)


def _merge_widget(element: Element, merged: list[Element], added: list[Element]) -> None:
    for i, node in enumerate(merged):
        lined_up = iou(element.bounds, node.bounds) > _SAME_BOX or (
            # A glyph drawn inside its view's padding: an icon in its ImageView.
            _within(element.bounds, node.bounds)
            and _side(node.bounds) <= _GLYPH_PADDING * _side(element.bounds)
        )
        if lined_up and _compatible(element, node):
            merged[i] = _seen(node, "detector")
            return
    if element.role is Role.ICON and any(
        _overlap_share(element.bounds, other.bounds) > 0.3
        for other in (*merged, *added)
        # symbols alone are glyphs OCR took for characters: the icons outlined there stand
        if lettered(other.text) and other.role in (Role.TEXT, Role.BUTTON, Role.FIELD)
    ):
        return  # ink of a word, not an icon
    for i, other in enumerate(added):
        if iou(element.bounds, other.bounds) > _SAME_BOX:
            added[i] = _seen(other, "detector")
            return
    if element.role is Role.FIELD:
        element = _named_field(element, added)
    added.append(element)


def _named_field(field: Element, added: list[Element]) -> Element:
    """A detected field takes the OCR line read inside it (its hint or its value) as its
    text. One line goes into the field: the field is the thing to type into or tap. Of
    several, the field takes the one nearest its middle (a hint under a floating label) and
    all stay elements of their own: a box of several lines may be a row of buttons."""
    inside = [
        other
        for other in added
        if other.text and "ocr" in other.sources and _within(other.bounds, field.bounds)
    ]
    lines = [other for other in inside if "\n" not in other.text]
    if not lines:
        return field
    middle = (field.bounds[1] + field.bounds[3]) / 2
    nearest = min(lines, key=lambda line: abs((line.bounds[1] + line.bounds[3]) / 2 - middle))
    if len(lines) == 1:
        for other in inside:  # the line, and any wrapped label it starts
            added.remove(other)
    return _changed(field, text=nearest.text, sources=(*field.sources, "ocr"))


def _compatible(widget: Element, node: Element) -> bool:
    """Whether a detected widget can be this hierarchy node (whose role wins)."""
    if widget.role is node.role:
        return True
    if widget.role in (Role.SWITCH, Role.CHECKBOX, Role.RADIO):
        return node.role in (Role.SWITCH, Role.CHECKBOX, Role.RADIO, Role.OTHER)
    if widget.role is Role.ICON:
        return node.role in (Role.ICON, Role.IMAGE, Role.BUTTON, Role.OTHER, Role.CONTAINER)
    if widget.role is Role.FIELD:
        return node.editable or node.role is Role.OTHER
    return False


def _only_line(element: Element, node: Element, ocr: Sequence[Element]) -> bool:
    """Whether `element` is the only OCR text in `node` apart from the words inside it."""
    return not any(
        other is not element
        and _within(other.bounds, node.bounds)
        and not _within(other.bounds, element.bounds)
        for other in ocr
    )


def _same_text(read: str, said: str) -> bool:
    a, b = _words(read), _words(said)
    if not a or not b:
        return False
    if a == b or a in b:
        return True
    return difflib.SequenceMatcher(None, a, b).ratio() >= _SAME_TEXT


def _alike_text(a: str, b: str) -> bool:
    """Whether two readings are the same text, give or take a misread glyph: as long as each
    other, both one line or both a wrapped label, and nearly the same letters."""
    x, y = _words(a), _words(b)
    if not (x and y) or ("\n" in a) != ("\n" in b):
        return False
    alike = min(len(x), len(y)) >= _SAME_TEXT * max(len(x), len(y))
    return alike and difflib.SequenceMatcher(None, x, y).ratio() >= _SAME_TEXT


def _words(text: str) -> str:
    return _NON_WORD.sub(" ", text.casefold()).strip()


def _seen(element: Element, source: str) -> Element:
    if source in element.sources:
        return element
    return _changed(element, sources=(*element.sources, source))


def _changed(element: Element, **changes: Any) -> Element:
    # Validated anew, so that the sources come out in their canonical order.
    return Element.model_validate({**element.model_dump(), **changes})


def _within(inner: Box, outer: Box) -> bool:
    area = _area(inner)
    return area > 0 and _intersection(inner, outer) >= _INSIDE * area


def _overlap_share(inner: Box, outer: Box) -> float:
    area = _area(inner)
    return _intersection(inner, outer) / area if area else 0.0


def _intersection(a: Box, b: Box) -> int:
    return max(0, min(a[2], b[2]) - max(a[0], b[0])) * max(0, min(a[3], b[3]) - max(a[1], b[1]))


def _side(box: Box) -> int:
    return max(box[2] - box[0], box[3] - box[1])


def _area(box: Box) -> int:
    return max(0, box[2] - box[0]) * max(0, box[3] - box[1])
