"""Which nodes of a UI dump a person cannot reach: covered by something drawn over them.

A dump keeps the nodes under a dialog, a bottom sheet, a drawer or a keyboard, but a
tap there lands on whatever is on top. Siblings are drawn in `drawing-order`
(uiautomator2's dump), else in document order (`uiautomator dump`); a later sibling
lies over the earlier ones and over everything inside them. Of the top-level windows,
a smaller one floats over a larger one (bars, keyboards, popups over the activity),
and of two the same size the one listed first, the active window, is on top.

A node is hidden when a layer drawn over it holds, at the node's centre, something
solid that covers at least half of the node: a clickable view (it takes the tap), a
view with nothing inside it (a scrim, an image), a panel its children fill (a dialog's
card), or a whole window that takes touches. A small button floating over a list row
hides only what it covers; a container that is mostly empty (a full-screen frame that
only places a floating button) hides nothing by itself.

A dialog is modal: a tap anywhere outside it dismisses it. A dialog's window has its
own content frame (`android:id/content`), so a layer drawn after another that holds
one, or a floating window (clear of the screen's top-left edges) that holds one, puts
everything drawn before it out of reach, wherever it lies.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

__all__ = ["Drawn", "hidden_nodes"]

Box = tuple[int, int, int, int]

_COVERED_SHARE = 0.5
"""Share of a node's area a solid layer must cover, at its centre, to hide it."""
_FILLED_SHARE = 0.3
"""A container whose children's areas add up to this share of its own is an opaque panel."""
_CONTENT = "android:id/content"
_INTERACTIVE = ("clickable", "long-clickable", "scrollable", "checkable", "editable")


class Drawn(Protocol):
    """A node of the dump as drawn: its clipped bounds, attributes and children."""

    @property
    def attrs(self) -> dict[str, str]: ...

    @property
    def bounds(self) -> Box: ...

    @property
    def children(self) -> Sequence[Drawn]: ...


def hidden_nodes(windows: Sequence[Drawn]) -> set[int]:
    """The `id()`s of the nodes whose centre lies under a solid layer drawn after them."""
    hidden: set[int] = set()
    # Bottom first: larger windows, then, among equals, the later listed (the active
    # window, whose input a person is giving, is listed first).
    stacked = sorted(enumerate(windows), key=lambda item: (-_area(item[1].bounds), -item[0]))
    for position, (_, window) in enumerate(stacked):
        above = [w for _, w in stacked[position + 1 :] if _takes_touches(w)]
        if any(_floating(w) and _holds_content(w) for w in above):
            _hide_all(window, hidden)
        else:
            _walk(window, [(w, True) for w in above], hidden)
    return hidden


def _walk(node: Drawn, covers: list[tuple[Drawn, bool]], hidden: set[int]) -> None:
    """Mark `node` and its subtree; `covers` are the layers drawn over it (True: a window)."""
    if _area(node.bounds) and any(_hides(layer, node.bounds, whole) for layer, whole in covers):
        hidden.add(id(node))
    ordered = [
        child
        for _, child in sorted(
            enumerate(node.children), key=lambda item: (_drawing_order(item[1]), item[0])
        )
    ]
    for position, child in enumerate(ordered):
        after = ordered[position + 1 :]
        if _holds_content(child) and any(_holds_content(sibling) for sibling in after):
            _hide_all(child, hidden)  # a dialog's window drawn over this one: modal
            continue
        later = [
            (sibling, False)
            for sibling in after
            if not _area(sibling.bounds) or _overlap(sibling.bounds, child.bounds)
        ]
        _walk(child, covers + later if later else covers, hidden)


def _hide_all(node: Drawn, hidden: set[int]) -> None:
    hidden.add(id(node))
    for child in node.children:
        _hide_all(child, hidden)


def _holds_content(node: Drawn) -> bool:
    """Whether the subtree is (or holds) a window's content frame."""
    return node.attrs.get("resource-id") == _CONTENT or any(
        _holds_content(child) for child in node.children
    )


def _floating(window: Drawn) -> bool:
    return window.bounds[0] > 0 and window.bounds[1] > 0


def _hides(layer: Drawn, target: Box, whole: bool) -> bool:
    """Whether something solid in `layer` sits on the centre of `target` and covers most of it."""
    centre = ((target[0] + target[2]) // 2, (target[1] + target[3]) // 2)
    if _area(layer.bounds):
        if not _contains(layer.bounds, centre):
            return False
        solid = whole or _flag(layer, "clickable") or _filled(layer)
        if solid and _overlap(layer.bounds, target) >= _COVERED_SHARE * _area(target):
            return True
    return any(_hides(child, target, False) for child in layer.children)


def _filled(node: Drawn) -> bool:
    """A view with nothing inside it draws itself; a container is opaque when children fill it."""
    if not node.children:
        return True
    inside = sum(_overlap(child.bounds, node.bounds) for child in node.children)
    return inside >= _FILLED_SHARE * _area(node.bounds)


def _takes_touches(window: Drawn) -> bool:
    """A window that offers nothing to touch and floats clear of the screen's edges (a toast)
    lets touches through; bars and keyboards sit on an edge."""
    x1, y1, _, _ = window.bounds
    return x1 <= 0 or y1 <= 0 or _interactive(window)


def _interactive(node: Drawn) -> bool:
    return any(_flag(node, name) for name in _INTERACTIVE) or any(
        _interactive(child) for child in node.children
    )


def _flag(node: Drawn, name: str) -> bool:
    return node.attrs.get(name) == "true"


def _drawing_order(node: Drawn) -> int:
    value = node.attrs.get("drawing-order", "")
    return int(value) if value.isdigit() else 0


def _contains(box: Box, point: tuple[int, int]) -> bool:
    return box[0] <= point[0] < box[2] and box[1] <= point[1] < box[3]


def _overlap(a: Box, b: Box) -> int:
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return width * height if width > 0 and height > 0 else 0


def _area(box: Box) -> int:
    return max(0, box[2] - box[0]) * max(0, box[3] - box[1])
