"""The exact-label grounder: finds the node a step names by its exact label.

It proves the tasks solvable, nothing more: a target matches a node whose text,
content-desc, hint or resource-id name (after `:id/`) equals it, ignoring case and
surrounding spaces. Among matches it prefers nodes that can be tapped (or sit inside
one that can), then the window in front, then the node drawn last (a dialog over
its page).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from lexicon.text import normalise

Rect = tuple[int, int, int, int]

_BOUNDS = re.compile(r"-?\d+")


@dataclass(frozen=True)
class UiNode:
    """One node of a uiautomator dump, with what matching needs."""

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


def find(nodes: list[UiNode], label: str, *, editable: bool = False) -> UiNode | None:
    """The node a person would take for `label`, or None when the screen shows none."""
    wanted = normalise(label)
    matches = [
        node
        for node in nodes
        if node.area > 0 and any(normalise(text) == wanted for text in node.labels(typing=editable))
    ]
    if editable:
        fields = [node for node in matches if node.editable]
        matches = fields or matches
    if not matches:
        return None
    return max(matches, key=lambda node: (_reach(nodes, node), -node.window, node.order))


def actionable(nodes: list[UiNode], node: UiNode) -> UiNode:
    """The node itself when it can be tapped, else its nearest tappable ancestor."""
    current: UiNode | None = node
    while current is not None:
        if current.clickable or current.editable:
            return current
        current = nodes[current.parent] if current.parent is not None else None
    return node


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


def _reach(nodes: list[UiNode], node: UiNode) -> int:
    """1: tappable itself or inside something tappable, 0: plain text."""
    if node.clickable or node.editable:
        return 1
    return 1 if actionable(nodes, node) is not node else 0
