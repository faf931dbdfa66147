"""Boxes -> accessibility nodes, with bounds clipped to the screen and scroll viewports.

Paint-only boxes (no class) are not views: their children join the nearest view.
A view scrolled fully out of sight is left out, as uiautomator leaves out views
that are not visible to the user; so is a text less than half visible, whose
visible sliver would show no ink (its line box has padding above the glyphs) and
would mislead a reader matching text to pixels.
"""

from __future__ import annotations

from device.virtual.hierarchy import Node
from device.virtual.ui.boxes import Box, Rect, intersect, is_empty


def to_node(box: Box, package: str, screen: Rect) -> Node:
    """The node of a window root box (a box with a class)."""
    nodes = _nodes(box, package, screen)
    return nodes[0] if nodes else Node(cls=box.cls or "android.widget.FrameLayout", package=package)


def _nodes(box: Box, package: str, clip: Rect) -> list[Node]:
    visible = intersect(box.rect, clip)
    if is_empty(visible) or _sliver(box, visible):
        return []
    inner = visible if box.clips else clip
    if box.cls is not None:
        inner = intersect(inner, visible)
    children = [node for child in box.children for node in _nodes(child, package, inner)]
    if box.cls is None:
        return children
    return [
        Node(
            cls=box.cls,
            text=box.text,
            resource_id=box.resource_id,
            package=package,
            content_desc=box.content_desc,
            hint=box.hint,
            bounds=visible,
            checkable=box.checkable,
            checked=box.checked,
            clickable=box.clickable,
            enabled=box.enabled,
            focusable=box.focusable,
            focused=box.focused,
            scrollable=box.scrollable,
            long_clickable=box.long_clickable,
            password=box.password,
            selected=box.selected,
            children=children,
            key=box.key,
        )
    ]


def _sliver(box: Box, visible: Rect) -> bool:
    """A clipped text leaf showing less than half its height."""
    shown, full = visible[3] - visible[1], box.rect[3] - box.rect[1]
    return bool(box.text) and not box.children and shown * 2 < full
