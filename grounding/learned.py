"""Widgets from the trained element detector, beside the shape detector's.

The shape detector (`grounding.widgets`) knows Material's geometry: it is exact on the
switches, check boxes and icons it outlines, and blind to what it cannot outline (a
button with no border, an icon button on a photo, a tab). The element model
(`grounding.element_model`) learnt widgets from many themes and layouts and finds
those, with a box and a kind but no state. `LearnedDetector` keeps every shape the
shape detector found and adds what only the model saw, reading a toggle's state from
its pixels. The model's text lines are left to OCR, which also reads their words.
"""

from __future__ import annotations

import cv2
import numpy as np

from aci import Element, Role
from grounding.element_model import Detection, ElementDetector, shared_detector
from grounding.widgets import Detector, ShapeDetector, same_widget, toggle_state

__all__ = ["LearnedDetector"]

_ROLES: dict[str, tuple[Role, bool]] = {
    "button": (Role.BUTTON, True),
    "icon_button": (Role.ICON, True),
    "icon": (Role.ICON, False),
    "image": (Role.IMAGE, False),
    "switch": (Role.SWITCH, True),
    "checkbox": (Role.CHECKBOX, True),
    "radio": (Role.RADIO, True),
    "tab": (Role.TAB, True),
}
"""The model's kinds as roles, and whether a tap on one does something: an icon button
does, a bare glyph (a row's leading icon) and a picture only through their row. Its text
fields are left to the shape detector, which asks a field to be empty inside: fusion gives
a field the words read in it (its hint), so a label's box taken for a field would lose its
words to a box that is not the label."""


_TOGGLES = (Role.SWITCH, Role.CHECKBOX, Role.RADIO)

_INK_CONTRAST = 40
"""Grey levels by which a mark's stroke differs from the background around it: disabled
marks (38% opacity) still differ by ~70 on white, JPEG noise by under 10."""

_MODEL_ASPECT = (0.4, 0.7)
"""Width over height of the frames the model reads: it learnt portrait phones and tablets
(9:22 to 10:16) squeezed to its 9:20 input; a landscape frame would be squeezed several
times over, so there the shape detector works alone."""


class LearnedDetector:
    """The shape detector's widgets plus those only the element model found."""

    def __init__(
        self, model: ElementDetector | None = None, shapes: Detector | None = None
    ) -> None:
        self.model = model or shared_detector()
        self.shapes = shapes or ShapeDetector()

    def detect(self, frame: np.ndarray) -> list[Element]:
        """Widgets in `frame` (H x W x 3 BGR), in frame pixels, each once."""
        found = list(self.shapes.detect(frame))
        height, width = frame.shape[:2]
        if not _MODEL_ASPECT[0] <= width / height <= _MODEL_ASPECT[1]:
            return found
        gray = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
        for detection in self.model.detect(frame):
            element = _element(detection, gray)
            if element is not None and not any(same_widget(element, seen) for seen in found):
                found.append(element)
        return found


def _element(detection: Detection, gray: np.ndarray) -> Element | None:
    kind = _ROLES.get(detection.kind)
    if kind is None:
        return None
    role, clickable = kind
    height, width = gray.shape
    x1, y1, x2, y2 = detection.box
    box = (max(0, x1), max(0, y1), min(width, x2), min(height, y2))
    if box[2] - box[0] < 2 or box[3] - box[1] < 2:
        return None
    if role in (Role.CHECKBOX, Role.RADIO):
        role = _mark_role(gray, box, role)
    checked = toggle_state(gray, box, role) if role in _TOGGLES else False
    return Element(
        bounds=box,
        role=role,
        checked=checked,
        clickable=clickable,
        sources=("detector",),
    )


_ROUND_FILL = 0.84
"""A mark whose outline fills less of its box than this is round: a circle fills pi/4
(0.79) of its square, a check box's rounded square 0.9 and more."""


def _mark_role(gray: np.ndarray, box: tuple[int, int, int, int], guess: Role) -> Role:
    """A radio button when the mark's outline is round, a check box when it is square, as
    every Android theme draws them; the model's guess when no outline stands out."""
    x1, y1, x2, y2 = box
    if x2 - x1 < 6 or y2 - y1 < 6:
        return guess
    # With a margin: the model's box hugs the mark, whose edge must not be its background.
    margin = max(2, (x2 - x1) // 4)
    crop = gray[max(0, y1 - margin) : y2 + margin, max(0, x1 - margin) : x2 + margin]
    border = np.concatenate([crop[0], crop[-1], crop[:, 0], crop[:, -1]])
    ink = np.abs(crop.astype(np.int16) - int(np.median(border))) > _INK_CONTRAST
    contours, _ = cv2.findContours(ink.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return guess
    outline = max(contours, key=cv2.contourArea)
    _, _, w, h = cv2.boundingRect(outline)
    if w < 6 or h < 6 or not 0.75 <= w / h <= 1.33:
        return guess
    fill = cv2.contourArea(outline) / (w * h)
    return Role.RADIO if fill < _ROUND_FILL else Role.CHECKBOX
