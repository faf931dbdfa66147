"""Sliders: which one a label names, and where a tap puts one at a level of its range.

A slider is usually named by the label above or beside it ("Call volume"), which is not
the slider itself; `nearest_slider` finds the slider that label belongs to. Android's
SeekBar (like the virtual phone's slider) jumps to where its track is tapped, so a level
is set by one tap: `slider_point`.
"""

from __future__ import annotations

from collections.abc import Sequence

import aci

__all__ = ["SLIDER_CLASSES", "is_slider_class", "nearest_slider", "slider_point"]

Rect = tuple[int, int, int, int]

SLIDER_CLASSES = ("SeekBar", "Slider", "RatingBar")
"""Words in a widget's class name that make it a slider (as `grounding.hierarchy` reads
roles): android.widget.SeekBar, Material's Slider, RatingBar."""
SLIDER_INSET_PX = 4
"""How far inside the slider's ends `min` and `max` tap, so the touch lands on the slider."""


def is_slider_class(class_name: str) -> bool:
    """Whether a widget class is a slider's."""
    return any(word in class_name for word in SLIDER_CLASSES)


def nearest_slider(anchor: Rect, sliders: Sequence[Rect], *, reach: int) -> int | None:
    """The index of the slider `anchor` (a label, or the slider itself) names: one that
    overlaps it, else the nearest one below it (sharing some of its width) or to its right
    on the same row, at most `reach` pixels away; None when there is none."""
    ax1, ay1, ax2, ay2 = anchor
    centre_x, centre_y = (ax1 + ax2) // 2, (ay1 + ay2) // 2
    best: tuple[int, int, int] | None = None
    for index, (sx1, sy1, sx2, sy2) in enumerate(sliders):
        slider_x, slider_y = (sx1 + sx2) // 2, (sy1 + sy2) // 2
        if (sx1 <= centre_x <= sx2 and sy1 <= centre_y <= sy2) or (
            ax1 <= slider_x <= ax2 and ay1 <= slider_y <= ay2
        ):
            gap = 0
        elif sy1 >= centre_y and sx1 < ax2 and sx2 > ax1:
            gap = max(0, sy1 - ay2)  # below, under the label
        elif sy1 < ay2 and sy2 > ay1 and sx1 >= centre_x:
            gap = max(0, sx1 - ax2)  # to the right, on the label's row
        else:
            continue
        if gap > reach:
            continue
        distance = abs(slider_x - centre_x) + abs(slider_y - centre_y)
        if best is None or (gap, distance) < best[:2]:
            best = (gap, distance, index)
    return None if best is None else best[2]


def slider_point(bounds: Rect, level: float) -> aci.Point:
    """Where on the slider a tap sets it to `level` (0: its minimum, 1: its maximum): that
    share of its width, a few pixels in from each end, on its vertical centre."""
    x1, y1, x2, y2 = bounds
    inset = min(SLIDER_INSET_PX, (x2 - x1) // 4)
    span = max(0, x2 - x1 - 2 * inset)
    return aci.Point(x=x1 + inset + round(level * span), y=(y1 + y2) // 2)
