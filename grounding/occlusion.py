"""Which nodes of a UI dump a person cannot reach: something that takes the tap lies over them.

A dump keeps the nodes under a dialog, a popup menu or a keyboard, but a tap there
lands on whatever is on top. A node is hidden only on evidence, never because some
layer could be opaque: transparent ViewPagers, React Native roots, background masks,
zero-size wrappers and toolbar containers are everywhere in real apps, and a
container says nothing about its pixels. The evidence, each true of Android's input
dispatch in general:

- **Windows.** A touch inside a window goes to that window, never to one below it,
  whether or not a view of it wants the touch (unless the window takes no touches, as
  a toast). Of the top-level windows a smaller one lies over a larger one (bars,
  keyboards, dialogs, popups over the activity); of two the same size, the one listed
  first is the active one, on top.
- **Modal windows.** A dialog or popup window takes every touch: one outside it
  dismisses it. A window is one when it floats clear of the screen's edges and holds a
  window's content frame (`android:id/content`, outside any list, where a popup menu's
  rows keep theirs) or is a popup's decor. Its frame may also be listed inside the
  activity's window (one root for both), floating over the full-screen frame: then it
  is on top of the rest of that window whatever the listed order.
- **Drawing order.** Where the dump gives each node's `drawing-order` (uiautomator2's
  dump), a view drawn later over a node's centre that consumes touches (clickable,
  long-clickable, checkable, editable or scrollable) and covers most of the node takes
  its tap. A view that consumes no touches lets them through to what lies beneath it,
  so it hides nothing. Without `drawing-order`, a dump's listed order is the
  accessibility order, which need not be the drawing order: it is no evidence.

Work is near-linear in the number of nodes: each node is checked once against an
index of the touch consumers drawn after it, bucketed on a coarse grid.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Protocol

__all__ = ["Drawn", "hidden_nodes"]

Box = tuple[int, int, int, int]

_COVERED_SHARE = 0.5
"""Share of a node's area a consumer drawn over its centre must cover to take its tap:
less is a neighbour whose edge overlaps (a badge, a shadow), not a cover."""
_CONTENT = "android:id/content"
_CONSUMES = ("clickable", "long-clickable", "checkable", "editable", "scrollable")
_POPUP_DECOR = ("PopupDecorView", "PopupViewContainer")
"""Class names of the root of a `PopupWindow` (menus, dropdowns, spinners' lists)."""
_LISTS = ("ListView", "RecyclerView", "GridView", "ScrollView", "ViewPager")
_CELL = 96
"""Pixels per side of a cell of the consumer index: a few dozen cells on a phone."""
_CELLS = 64
"""Most cells a side: on a larger screen (or bounds claiming one) the cells grow instead."""


class Drawn(Protocol):
    """A node of the dump as drawn: its clipped bounds, attributes and children."""

    @property
    def attrs(self) -> dict[str, str]: ...

    @property
    def bounds(self) -> Box: ...

    @property
    def children(self) -> Sequence[Drawn]: ...


def hidden_nodes(windows: Sequence[Drawn], *, screen: Box) -> set[int]:
    """The `id()`s of the nodes a tap cannot reach, given the window roots of a dump."""
    ordered = any("drawing-order" in node.attrs for window in windows for node in _walk(window))
    hidden: set[int] = set()
    above = _Index(screen)  # the roots of the windows over the one being read
    modal_above = False
    # Top first: smaller windows, then, among equals, the first listed (the active one).
    stacked = sorted(enumerate(windows), key=lambda item: (_area(item[1].bounds), item[0]))
    for _, window in stacked:
        if modal_above:
            hidden.update(id(node) for node in _walk(window))
            continue
        _read_window(window, above, hidden, ordered=ordered, screen=screen)
        if _takes_touches(window, screen):
            above.add(window.bounds)
            modal_above = _modal_window(window, screen)
    return hidden


@dataclass
class _Index:
    """Boxes bucketed by the grid cells they touch, for point queries. The cells grow with
    the screen, so that no box spans more than `_CELLS` of them a side, whatever bounds a
    dump claims."""

    screen: Box
    cells: dict[tuple[int, int], list[Box]] = field(default_factory=dict)

    @property
    def cell(self) -> int:
        x1, y1, x2, y2 = self.screen
        return max(_CELL, max(x2 - x1, y2 - y1) // _CELLS + 1)

    def add(self, box: Box) -> None:
        x1, y1, x2, y2 = box
        if x2 <= x1 or y2 <= y1:
            return
        cell = self.cell
        for cx in range(x1 // cell, (x2 - 1) // cell + 1):
            for cy in range(y1 // cell, (y2 - 1) // cell + 1):
                self.cells.setdefault((cx, cy), []).append(box)

    def covers(self, target: Box) -> bool:
        """Whether a box holds the target's centre and covers most of it."""
        cx, cy = (target[0] + target[2]) // 2, (target[1] + target[3]) // 2
        need = _COVERED_SHARE * _area(target)
        cell = self.cell
        return any(
            box[0] <= cx < box[2] and box[1] <= cy < box[3] and _overlap(box, target) >= need
            for box in self.cells.get((cx // cell, cy // cell), ())
        )


def _read_window(
    window: Drawn, above: _Index, hidden: set[int], *, ordered: bool, screen: Box
) -> None:
    """Mark the window's nodes that the windows above or its own later views cover."""
    painted = list(_paint_order(window))  # (node, index of the last node of its subtree)
    dialog = _inner_dialog(window, screen)
    if dialog is not None:
        # The dialog's frame floats over the rest of its window: all but it is out of reach.
        inside = {id(node) for node in _walk(dialog)}
        hidden.update(id(node) for node, _ in painted if id(node) not in inside)
        painted = [(node, end) for node, end in painted if id(node) in inside]
    later = _Index(screen)
    pending = sorted(range(len(painted)), key=lambda i: -painted[i][1])
    cursor = len(painted) - 1
    for i in pending:
        node, end = painted[i]
        while ordered and cursor > end:  # every node drawn after this one's subtree
            drawn = painted[cursor][0]
            if _consumes(drawn):
                later.add(drawn.bounds)
            cursor -= 1
        if _area(node.bounds) and (above.covers(node.bounds) or later.covers(node.bounds)):
            hidden.add(id(node))


def _paint_order(root: Drawn) -> Iterator[tuple[Drawn, int]]:
    """Every node in the order it is drawn (a node, then its children by `drawing-order`),
    each with the index of the last node drawn within its subtree. Iterative: dumps may be
    nested deeper than Python's recursion allows."""
    order: list[Drawn] = []
    ends: list[int] = []
    stack: list[tuple[Drawn, bool]] = [(root, False)]
    opened: list[int] = []
    while stack:
        node, closing = stack.pop()
        if closing:
            ends[opened.pop()] = len(order) - 1
            continue
        opened.append(len(order))
        order.append(node)
        ends.append(-1)
        stack.append((node, True))
        children = sorted(
            enumerate(node.children), key=lambda item: (_drawing_order(item[1]), item[0])
        )
        stack.extend((child, False) for _, child in reversed(children))
    yield from zip(order, ends, strict=True)


def _walk(root: Drawn) -> Iterator[Drawn]:
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(node.children)


def _window_frames(root: Drawn) -> list[Drawn]:
    """The window content frames under `root`: `android:id/content` nodes outside any list
    (the rows of a framework popup menu each hold one of their own)."""
    frames: list[Drawn] = []
    stack = [root]
    while stack:
        node = stack.pop()
        if node.attrs.get("resource-id") == _CONTENT:
            frames.append(node)
        if any(kind in node.attrs.get("class", "") for kind in _LISTS):
            continue
        stack.extend(node.children)
    return frames


def _inner_dialog(window: Drawn, screen: Box) -> Drawn | None:
    """A dialog's content frame listed inside the activity's window, floating over it."""
    frames = _window_frames(window)
    if len(frames) < 2:
        return None
    floating = [frame for frame in frames if _floating(frame.bounds, screen)]
    if not floating or len(floating) == len(frames):
        return None
    return min(floating, key=lambda frame: _area(frame.bounds))


def _modal_window(window: Drawn, screen: Box) -> bool:
    """A dialog or popup window: floating, with a content frame or a popup's decor."""
    if not _floating(window.bounds, screen):
        return False
    popup = any(window.attrs.get("class", "").endswith(name) for name in _POPUP_DECOR)
    return popup or bool(_window_frames(window))


def _floating(box: Box, screen: Box) -> bool:
    """Clear of the screen's left and top edges and smaller than it (a dialog, a popup)."""
    return box[0] > screen[0] and box[1] > screen[1] and _area(box) < _area(screen)


def _takes_touches(window: Drawn, screen: Box) -> bool:
    """A window that offers nothing to touch and floats clear of the screen's edges (a
    toast) lets touches through; bars and keyboards sit on an edge."""
    x1, y1, _, _ = window.bounds
    return x1 <= screen[0] or y1 <= screen[1] or any(_consumes(n) for n in _walk(window))


def _consumes(node: Drawn) -> bool:
    return any(node.attrs.get(name) == "true" for name in _CONSUMES)


def _drawing_order(node: Drawn) -> int:
    value = node.attrs.get("drawing-order", "")
    return int(value) if value.isdigit() else 0


def _overlap(a: Box, b: Box) -> int:
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return width * height if width > 0 and height > 0 else 0


def _area(box: Box) -> int:
    return max(0, box[2] - box[0]) * max(0, box[3] - box[1])
