"""Non-text widgets from pixels: switches, check boxes, radio buttons, icons, text fields.

`Detector` is the seam: anything that turns a frame into elements. `ShapeDetector`
is the first implementation, with no model: OpenCV outlines the shapes on the
screen and each is classified by its geometry in density-independent pixels
(a switch is a pill about 52 x 32 dp with a round thumb; a check box an 18 dp
square; a radio button a 20 dp circle; an icon a compact blob of ink; a text field
a wide rounded box with little ink). Colours are only compared with each other
(track against thumb, inside against outside), never with a theme's values, so
that it works on any app's look. A trained ONNX detector can replace it behind
the same protocol.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Protocol

import cv2
import numpy as np

from aci import Element, Role

__all__ = ["Detector", "ShapeDetector", "dp_scale", "same_widget", "toggle_state"]

_REFERENCE_WIDTH_DP = 411
"""A typical phone is 360-430 dp wide: the frame's short side in dp, when no density is known."""


class Detector(Protocol):
    """Finds widgets in a frame (H x W x 3 BGR), in frame pixels, `sources=("detector",)`."""

    def detect(self, frame: np.ndarray) -> list[Element]: ...


def dp_scale(width_px: int, height_px: int) -> float:
    """Pixels per dp, estimated from the screen's short side."""
    return min(width_px, height_px) / _REFERENCE_WIDTH_DP


@dataclass(frozen=True)
class _Shape:
    box: tuple[int, int, int, int]
    fill: float
    """Contour area over box area: 1 for a rectangle, pi/4 for a circle."""
    circularity: float
    """4 pi area / perimeter^2: 1 for a circle."""


class ShapeDetector:
    """Widgets from outlines and ink, classified by shape; no model, no colours assumed."""

    def detect(self, frame: np.ndarray) -> list[Element]:
        """Widgets found in `frame`, each once, largest first where they nest."""
        if frame.ndim != 3 or frame.shape[2] != 3:
            raise ValueError(f"frame must be H x W x 3 (BGR), got shape {frame.shape}")
        height, width = frame.shape[:2]
        dp = dp_scale(width, height)
        gray = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
        shapes = _outlines(gray)
        found: list[Element] = []
        for shape in shapes:  # switches first: their thumbs are circles too
            switch = _switch(frame, shape, shapes, dp)
            if switch is not None and not any(same_widget(switch, other) for other in found):
                found.append(switch)
        switches = [element.bounds for element in found]
        for shape in shapes:
            element = _classify(gray, shape, dp)
            if (
                element is not None
                and not any(_inside(element.bounds, box) for box in switches)
                and not any(same_widget(element, other) for other in found)
            ):
                found.append(element)
        controls = [element.bounds for element in found]
        for box in _ink_blobs(gray, dp):
            if not any(_overlaps(box, other) for other in controls):
                found.append(Element(bounds=box, role=Role.ICON, sources=("detector",)))
        return found


def _outlines(gray: np.ndarray) -> list[_Shape]:
    """Closed outlines in the frame: edges of any contrast, as shapes with their geometry."""
    edges = cv2.Canny(cv2.GaussianBlur(gray, (3, 3), 0), 12, 36)
    edges = cv2.dilate(edges, np.ones((3, 3), np.uint8))
    contours, _ = cv2.findContours(edges, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    shapes = []
    # Outermost first: an outline's inner edge repeats it, a little smaller.
    for contour in sorted(contours, key=cv2.contourArea, reverse=True):
        x, y, w, h = cv2.boundingRect(contour)
        if w < 8 or h < 8:
            continue
        area = cv2.contourArea(contour)
        perimeter = cv2.arcLength(contour, True)
        if area <= 0 or perimeter <= 0:
            continue
        shapes.append(
            _Shape(
                (x, y, x + w, y + h),
                area / (w * h),
                4 * math.pi * area / (perimeter * perimeter),
            )
        )
    return shapes


def _classify(gray: np.ndarray, shape: _Shape, dp: float) -> Element | None:
    x1, y1, x2, y2 = shape.box
    w_dp, h_dp = (x2 - x1) / dp, (y2 - y1) / dp
    ratio = w_dp / h_dp
    if 0.8 <= ratio <= 1.25:
        # Material sizes: a radio's ring is 20 dp, a check box 18 dp; smaller outlines
        # (a navigation bar's circle and square) are icons.
        if 16 <= h_dp <= 26 and shape.circularity >= 0.8 and shape.fill <= 0.83:
            return _toggle(gray, shape.box, Role.RADIO)
        if 15 <= h_dp <= 24 and shape.fill >= 0.85:
            return _toggle(gray, shape.box, Role.CHECKBOX)
    if ratio >= 3 and 36 <= h_dp <= 72 and shape.fill >= 0.85 and _quiet(gray, shape.box):
        return Element(bounds=shape.box, role=Role.FIELD, editable=True, sources=("detector",))
    return None


def _switch(frame: np.ndarray, track: _Shape, shapes: list[_Shape], dp: float) -> Element | None:
    """A pill-shaped track holding a round thumb; on when the thumb sits at the end (right)."""
    x1, y1, x2, y2 = track.box
    w, h = x2 - x1, y2 - y1
    if not (1.35 <= w / h <= 2.3 and 18 <= h / dp <= 40 and track.fill >= 0.75):
        return None
    thumbs = [
        shape
        for shape in shapes
        if shape.circularity >= 0.75
        and _inside(shape.box, track.box)
        and 0.35 * h <= shape.box[3] - shape.box[1] <= h
        and 0.75 <= (shape.box[2] - shape.box[0]) / (shape.box[3] - shape.box[1]) <= 1.33
    ]
    if not thumbs:
        return None
    thumb = max(thumbs, key=lambda shape: shape.box[3] - shape.box[1])
    centre = (thumb.box[0] + thumb.box[2]) / 2
    return Element(
        bounds=track.box,
        role=Role.SWITCH,
        checked=bool(centre > (x1 + x2) / 2),
        clickable=True,
        sources=("detector",),
    )


def _toggle(gray: np.ndarray, box: tuple[int, int, int, int], role: Role) -> Element:
    """A check box or radio button, with its state from its pixels."""
    checked = toggle_state(gray, box, role)
    return Element(bounds=box, role=role, checked=checked, clickable=True, sources=("detector",))


def toggle_state(gray: np.ndarray, box: tuple[int, int, int, int], role: Role) -> bool:
    """Whether the toggle in `box` is on: a check box filled, a dot inside a radio's ring, a
    switch's thumb past the middle of its track (on is to the end, in every Android theme)."""
    x1, y1, x2, y2 = box
    w, h = x2 - x1, y2 - y1
    if role is Role.SWITCH:
        return _thumb_at_end(gray[y1:y2, x1:x2])
    outside = int(np.median(gray[max(0, y1 - 3), x1:x2]))
    if role is Role.RADIO:
        centre = int(
            np.median(gray[y1 + h * 2 // 5 : y2 - h * 2 // 5, x1 + w * 2 // 5 : x2 - w * 2 // 5])
        )
        cy, r = (y1 + y2) // 2, w / 2
        between = [int(gray[cy, min(x2 - 1, round(x1 + r + side * 0.68 * r))]) for side in (-1, 1)]
        return all(abs(centre - value) > 30 for value in between)
    inner = gray[y1 + h // 5 : y2 - h // 5, x1 + w // 5 : x2 - w // 5].astype(np.int16)
    return bool(np.mean(np.abs(inner - outside) > 30) > 0.35)


def _thumb_at_end(track: np.ndarray) -> bool:
    """Whether a switch's thumb sits in the end half of its track: the thumb is the part of
    the middle rows that differs most from the track's own colour (a light disc on a filled
    track when on, a dark one on a pale track when off)."""
    h, w = track.shape[:2]
    if w < 4 or h < 4:
        return False
    band = track[h // 3 : h - h // 3, w // 10 : w - w // 10].astype(np.int16)
    if band.size == 0:
        return False
    columns = np.abs(band - int(np.median(band))).mean(axis=0)
    if float(columns.sum()) == 0.0:
        return False
    centre = float((columns * np.arange(len(columns))).sum() / columns.sum())
    return centre > (len(columns) - 1) / 2


def _quiet(gray: np.ndarray, box: tuple[int, int, int, int]) -> bool:
    """Whether a box is mostly one colour inside (a field awaiting text, not a picture)."""
    x1, y1, x2, y2 = box
    h = y2 - y1
    inside = gray[y1 + h // 6 : y2 - h // 6, x1 + h // 2 : x2 - h // 2]
    if inside.size == 0:
        return False
    background = np.median(inside)
    return bool(np.mean(np.abs(inside.astype(np.int16) - background) > 24) < 0.25)


_GLYPH_DP = 30
"""The most an icon's ink spans inside its 24 dp cell, padding and a badge included. Ink that
small may be any shape (three dots, an arrow, a bar); larger ink is an icon only when it is
about square (a line of text is wider than tall)."""


def _ink_blobs(gray: np.ndarray, dp: float) -> list[tuple[int, int, int, int]]:
    """Islands of ink the size of an icon: 12-30 dp of any shape, or up to 56 dp and about
    square. Ink within 4 dp is one island, as an icon's parts are (a hamburger's bars are
    3-4 dp apart; a label sits 8 dp or more from its icon)."""
    edges = cv2.Canny(gray, 40, 120)
    merged = cv2.dilate(edges, np.ones((3, 3), np.uint8), iterations=max(1, round(2 * dp)))
    # Outer boundaries, also those inside another shape's hole: an icon sits inside a
    # button's outline, a search bar or a toolbar as often as on the bare background.
    contours, tree = cv2.findContours(merged, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    links = tree[0] if contours else []
    outer = [contour for contour, link in zip(contours, links, strict=True) if link[3] < 0]
    boxes = []
    for contour in outer:
        x, y, w, h = cv2.boundingRect(contour)
        boxes.append((x, y, x + w, y + h))
    blobs = []
    for x1, y1, x2, y2 in _stacked(boxes, dp):
        w, h = x2 - x1, y2 - y1
        side, aspect = max(w, h), w / h
        glyph = 12 * dp <= side <= _GLYPH_DP * dp and 0.2 <= aspect <= 5
        if glyph or (16 * dp <= side <= 56 * dp and 0.6 <= aspect <= 1.6):
            blobs.append((x1, y1, x2, y2))
    return blobs


_PART_DP = 8
"""The thickest part of an icon drawn in separate strokes: a hamburger's or a list's bars,
a grid's squares, a menu's dots are 2-7 dp thick, 3-6 dp apart."""


def _stacked(boxes: list[tuple[int, int, int, int]], dp: float) -> list[tuple[int, int, int, int]]:
    """The boxes, with thin parts lined up one above the other (or side by side) within 6 dp
    of each other joined into one: large hamburger and list icons draw their bars further
    apart than the ink merge bridges. A group grows only by thin parts or groups of them,
    and never past an icon's size (56 dp)."""
    gap, most = 6 * dp, 56 * dp
    groups = [(box, min(box[2] - box[0], box[3] - box[1]) <= _PART_DP * dp) for box in boxes]
    joined = True
    while joined:
        joined = False
        for i, (a, a_parts) in enumerate(groups):
            for j in range(i + 1, len(groups)):
                b, b_parts = groups[j]
                union = (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))
                if not (a_parts and b_parts and _lined_up(a, b, gap)):
                    continue
                if max(union[2] - union[0], union[3] - union[1]) > most:
                    continue
                groups[i] = (union, True)
                del groups[j]
                joined = True
                break
            if joined:
                break
    return [box for box, _ in groups]


def _lined_up(a: tuple[int, int, int, int], b: tuple[int, int, int, int], gap: float) -> bool:
    """Two parts of one drawing: the same span across (80%), and near along the other axis."""

    def shared(lo1: int, hi1: int, lo2: int, hi2: int) -> float:
        return (min(hi1, hi2) - max(lo1, lo2)) / max(1, min(hi1 - lo1, hi2 - lo2))

    vertical = shared(a[0], a[2], b[0], b[2]) >= 0.8 and max(a[1], b[1]) - min(a[3], b[3]) <= gap
    across = shared(a[1], a[3], b[1], b[3]) >= 0.8 and max(a[0], b[0]) - min(a[2], b[2]) <= gap
    return vertical or across


def same_widget(a: Element, b: Element) -> bool:
    """Two finds of one widget: boxes that mostly overlap, or one inside another of its role."""
    return _iou(a.bounds, b.bounds) > 0.5 or (a.role is b.role and _inside(a.bounds, b.bounds))


def _overlaps(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return _iou(a, b) > 0.2 or _inside(b, a) or _inside(a, b)


def _inside(inner: tuple[int, int, int, int], outer: tuple[int, int, int, int]) -> bool:
    return (
        inner[0] >= outer[0]
        and inner[1] >= outer[1]
        and inner[2] <= outer[2]
        and inner[3] <= outer[3]
    )


def _iou(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> float:
    ix = max(0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union else 0.0
