"""The exact-label grounder: finds the node a step names by its exact label.

It proves the tasks solvable, nothing more: a target matches a node whose text,
content-desc, hint or resource-id name (after `:id/`) equals it, ignoring case and
surrounding spaces. Among matches it prefers nodes that can be tapped (or sit inside
one that can), then the window in front, then the node drawn last (a dialog over
its page).
"""

from __future__ import annotations

from lexicon.text import normalise
from service.ui_nodes import UiNode


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


def _reach(nodes: list[UiNode], node: UiNode) -> int:
    """1: tappable itself or inside something tappable, 0: plain text."""
    if node.clickable or node.editable:
        return 1
    return 1 if actionable(nodes, node) is not node else 0
