"""Positioned boxes: the one layout result that both the pixels and the view tree read.

A `Box` is where a view is drawn (screen pixels, before clipping), what it paints,
the node attributes it shows in a dump and what a tap on it does. Boxes with no
class paint but are not views.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from device.virtual.ui.fonts import Weight
from device.virtual.ui.schema import Action, Ref
from device.virtual.ui.theme import Color

Rect = tuple[int, int, int, int]
"""left, top, right, bottom in screen pixels (right and bottom exclusive)."""


@dataclass(frozen=True)
class Fill:
    """A filled rectangle, rounded by radius_px (half the height makes a pill or circle)."""

    rect: Rect
    color: Color
    radius_px: int = 0
    alpha: int = 255
    """Opacity 0-255 (a dialog's scrim is black at 32%)."""


@dataclass(frozen=True)
class Stroke:
    """The outline of a rounded rectangle."""

    rect: Rect
    color: Color
    width_px: int
    radius_px: int = 0


@dataclass(frozen=True)
class Gradient:
    """A vertical gradient (the launcher's wallpaper)."""

    rect: Rect
    top: Color
    bottom: Color


@dataclass(frozen=True)
class Text:
    """One line of text starting at x on a baseline."""

    x: int
    baseline: int
    text: str
    size_px: int
    color: Color
    weight: Weight = "regular"


@dataclass(frozen=True)
class Icon:
    """A Material icon centred on (cx, cy)."""

    cx: int
    cy: int
    name: str
    size_px: int
    color: Color


@dataclass(frozen=True)
class Polygon:
    """A closed outline (the navigation bar's back triangle)."""

    points: tuple[tuple[int, int], ...]
    color: Color
    width_px: int


@dataclass(frozen=True)
class Arc:
    """A stroked circular arc centred on (cx, cy), clockwise from start_deg (0 is 3 o'clock)
    through sweep_deg (a progress spinner)."""

    cx: int
    cy: int
    radius_px: int
    start_deg: int
    sweep_deg: int
    color: Color
    width_px: int


@dataclass(frozen=True)
class Picture:
    """A generated photo (landscape or abstract art), the same for the same seed."""

    rect: Rect
    seed: str
    radius_px: int = 0


Paint = Fill | Stroke | Gradient | Text | Icon | Polygon | Arc | Picture


@dataclass(frozen=True)
class FieldInfo:
    """What makes a box an editable field: where its text lives and what Enter does."""

    ref: Ref
    on_submit: tuple[Action, ...] = ()
    keyboard: str = "text"
    """The soft keyboard's layout: text, number, phone or email."""
    multiline: bool = False
    """Enter inserts a line break instead of submitting."""
    max_value: int | None = None
    """Only whole numbers from 0 to this are accepted (`TextFieldWidget.max_value`)."""

    def accepts(self, text: str) -> bool:
        """Whether the field's input filter lets its text become `text` (empty always)."""
        if self.max_value is None or not text:
            return True
        digits = len(str(self.max_value))
        return (
            text.isascii()
            and text.isdigit()
            and len(text) <= digits
            and int(text) <= (self.max_value)
        )


@dataclass(frozen=True)
class SliderInfo:
    """What makes a box a slider: the value it sets from where the track is touched."""

    ref: Ref
    low: int
    high: int
    step: int
    track: tuple[int, int]
    """Left and right x of the track in screen pixels."""


@dataclass
class Box:
    """One laid-out view (or paint-only group when cls is None)."""

    rect: Rect
    cls: str | None = None
    resource_id: str = ""
    text: str = ""
    content_desc: str = ""
    hint: str = ""
    key: str = ""
    checkable: bool = False
    checked: bool = False
    clickable: bool = False
    long_clickable: bool = False
    focusable: bool = False
    focused: bool = False
    scrollable: bool = False
    password: bool = False
    enabled: bool = True
    selected: bool = False
    clips: bool = False
    """Children are clipped to this box (a scrolling viewport)."""
    modal: bool = False
    """A touch inside stops here even off its clickable children (a dialog card), so it
    never reaches what lies below."""
    scroll_range_px: int = 0
    """How far the content can scroll (scrollable boxes)."""
    on_click: tuple[Action, ...] = ()
    on_long_click: tuple[Action, ...] = ()
    editable: FieldInfo | None = None
    slider: SliderInfo | None = None
    paint: list[Paint] = field(default_factory=list)
    children: list[Box] = field(default_factory=list)


def intersect(a: Rect, b: Rect) -> Rect:
    """The overlap of two rects; an empty overlap has right <= left or bottom <= top."""
    return max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])


def is_empty(rect: Rect) -> bool:
    return rect[2] <= rect[0] or rect[3] <= rect[1]


def contains(rect: Rect, x: int, y: int) -> bool:
    return rect[0] <= x < rect[2] and rect[1] <= y < rect[3]


def hit(box: Box, x: int, y: int, clip: Rect, *, want: str) -> Box | None:
    """The deepest visible box under (x, y) that is `want` ("click", "long", "scroll")."""
    return _hit(box, x, y, clip, want)[0]


def _hit(box: Box, x: int, y: int, clip: Rect, want: str) -> tuple[Box | None, bool]:
    """(the box found, whether the search stops here: found, or inside a modal box)."""
    visible = intersect(box.rect, clip)
    if not contains(visible, x, y):
        return None, False
    inner = visible if box.clips else clip
    for child in reversed(box.children):
        found, stop = _hit(child, x, y, inner, want)
        if stop:
            return found, True
    wanted = {"click": box.clickable, "long": box.long_clickable, "scroll": box.scrollable}
    if wanted[want] and box.enabled:
        return box, True
    return None, box.modal


def moved(box: Box, dy: int) -> Box:
    """The box, its paint and children shifted down by dy (scrolling, bottom docking)."""
    box.rect = _shift(box.rect, dy)
    box.paint = [_moved_paint(paint, dy) for paint in box.paint]
    box.children = [moved(child, dy) for child in box.children]
    return box


def _shift(rect: Rect, dy: int) -> Rect:
    return rect[0], rect[1] + dy, rect[2], rect[3] + dy


def _moved_paint(paint: Paint, dy: int) -> Paint:
    if isinstance(paint, Fill | Stroke | Gradient | Picture):
        return replace(paint, rect=_shift(paint.rect, dy))
    if isinstance(paint, Text):
        return replace(paint, baseline=paint.baseline + dy)
    if isinstance(paint, Icon | Arc):
        return replace(paint, cy=paint.cy + dy)
    return replace(paint, points=tuple((x, y + dy) for x, y in paint.points))
