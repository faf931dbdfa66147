"""The uiautomator dump as the runner reads it: nodes with their window, parent and state.

Grounding reads the same dump into `aci.Element`s for matching; the runner needs what
those leave out: which window a node belongs to (a keyboard over a list), its parent
(a field's row) and whether a field shows its hint, to scroll and to clear fields.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

__all__ = ["Rect", "UiNode", "largest_scrollable", "parse_nodes", "uncovered"]

Rect = tuple[int, int, int, int]

_BOUNDS = re.compile(r"-?\d+")


@dataclass(frozen=True)
class UiNode:
    """One node of a uiautomator dump."""

    order: int
    """Position in document order (later nodes are drawn above earlier ones)."""
    window: int
    """Index of its window in the dump (0: the window in front)."""
    parent: int | None
    text: str
    desc: str
    hint: str
    resource_name: str
    cls: str
    package: str
    bounds: Rect
    clickable: bool
    long_clickable: bool
    scrollable: bool
    focused: bool
    checked: bool

    @property
    def center(self) -> tuple[int, int]:
        left, top, right, bottom = self.bounds
        return (left + right) // 2, (top + bottom) // 2

    @property
    def area(self) -> int:
        left, top, right, bottom = self.bounds
        return max(0, right - left) * max(0, bottom - top)

    @property
    def editable(self) -> bool:
        return self.cls.endswith("EditText")

    def labels(self, *, typing: bool = False) -> tuple[str, ...]:
        """What names the node. A field's typed text names it only for a step that types
        (a person does not tap the search box to open the result it shows)."""
        text = self.text if typing or not self.editable or self.text == self.hint else ""
        return tuple(label for label in (text, self.desc, self.hint, self.resource_name) if label)


def parse_nodes(xml: str) -> list[UiNode]:
    """Every node of the dump, in document order."""
    root = ET.fromstring(xml.encode("utf-8"))
    nodes: list[UiNode] = []

    def walk(element: ET.Element, window: int, parent: int | None) -> None:
        bounds = tuple(int(n) for n in _BOUNDS.findall(element.get("bounds", "")))
        rid = element.get("resource-id", "")
        node = UiNode(
            order=len(nodes),
            window=window,
            parent=parent,
            text=element.get("text", ""),
            desc=element.get("content-desc", ""),
            hint=element.get("hint", ""),
            resource_name=rid.split(":id/", 1)[1] if ":id/" in rid else "",
            cls=element.get("class", ""),
            package=element.get("package", ""),
            bounds=bounds if len(bounds) == 4 else (0, 0, 0, 0),
            clickable=element.get("clickable") == "true",
            long_clickable=element.get("long-clickable") == "true",
            scrollable=element.get("scrollable") == "true",
            focused=element.get("focused") == "true",
            checked=element.get("checked") == "true",
        )
        nodes.append(node)
        for child in element:
            if child.tag == "node":
                walk(child, window, node.order)

    for window, top in enumerate(child for child in root if child.tag == "node"):
        walk(top, window, None)
    return nodes


def largest_scrollable(nodes: list[UiNode]) -> UiNode | None:
    """The biggest scrolling container of the window in front."""
    scrollables = [node for node in nodes if node.scrollable and node.area > 0]
    if not scrollables:
        return None
    front = min(node.window for node in scrollables)
    return max((n for n in scrollables if n.window == front), key=lambda node: node.area)


def uncovered(nodes: list[UiNode], node: UiNode) -> Rect:
    """The part of the node's bounds no other window covers from above or below (the
    keyboard over the lower half of a list, the status bar over its top)."""
    left, top, right, bottom = node.bounds
    for root in nodes:
        if root.parent is not None or root.window == node.window or root.area == 0:
            continue
        r_left, r_top, r_right, r_bottom = root.bounds
        if r_right <= left or r_left >= right or r_bottom <= top or r_top >= bottom:
            continue
        if r_top > top:
            bottom = min(bottom, r_top)
        else:
            top = max(top, r_bottom)
    return left, top, right, max(top, bottom)
