"""UiSelector matching, as uiautomator2 sends selectors: a dict whose `mask` names the keys set.

Matching runs over every window root's visible nodes in document order (the
same order as the u2 hierarchy dump), so `instance` and `index` agree with
what `d.dump_hierarchy()` shows.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from device.virtual.hierarchy import Node

MASKS: dict[str, int] = {
    "text": 0x01,
    "textContains": 0x02,
    "textMatches": 0x04,
    "textStartsWith": 0x08,
    "className": 0x10,
    "classNameMatches": 0x20,
    "description": 0x40,
    "descriptionContains": 0x80,
    "descriptionMatches": 0x100,
    "descriptionStartsWith": 0x200,
    "checkable": 0x400,
    "checked": 0x800,
    "clickable": 0x1000,
    "longClickable": 0x2000,
    "scrollable": 0x4000,
    "enabled": 0x8000,
    "focusable": 0x10000,
    "focused": 0x20000,
    "selected": 0x40000,
    "packageName": 0x80000,
    "packageNameMatches": 0x100000,
    "resourceId": 0x200000,
    "resourceIdMatches": 0x400000,
    "index": 0x800000,
    "instance": 0x1000000,
}

_STRINGS: dict[str, Callable[[Node], str]] = {
    "text": lambda node: node.text,
    "description": lambda node: node.content_desc,
    "className": lambda node: node.cls,
    "packageName": lambda node: node.package,
    "resourceId": lambda node: node.resource_id,
}
_FLAGS: dict[str, Callable[[Node], bool]] = {
    "checkable": lambda node: node.checkable,
    "checked": lambda node: node.checked,
    "clickable": lambda node: node.clickable,
    "longClickable": lambda node: node.long_clickable,
    "scrollable": lambda node: node.scrollable,
    "enabled": lambda node: node.enabled,
    "focusable": lambda node: node.focusable,
    "focused": lambda node: node.focused,
    "selected": lambda node: node.selected,
}


class SelectorError(ValueError):
    """A selector that cannot be evaluated; `java_class` is what the real server would throw."""

    def __init__(self, message: str, java_class: str = "java.lang.IllegalArgumentException"):
        super().__init__(message)
        self.java_class = java_class


@dataclass(frozen=True)
class Located:
    """A node with its parent and its position among the parent's visible children."""

    node: Node
    parent: Node | None
    index: int
    depth: int


def locate(windows: list[Node]) -> list[Located]:
    """Every visible node of every window, in document order."""
    found: list[Located] = []

    def visit(node: Node, parent: Node | None, index: int, depth: int) -> None:
        found.append(Located(node, parent, index, depth))
        for position, child in enumerate(c for c in node.children if c.visible):
            visit(child, node, position, depth + 1)

    for window in windows:
        if window.visible:
            visit(window, None, 0, 0)
    return found


def _active_keys(selector: Mapping[str, Any]) -> Iterator[str]:
    mask = selector.get("mask")
    for key, bit in MASKS.items():
        if key in selector and (not isinstance(mask, int) or mask & bit):
            yield key


def _regex(pattern: object, value: str) -> bool:
    try:
        return re.fullmatch(str(pattern), value) is not None
    except re.error as exc:
        raise SelectorError(
            f"bad regex {pattern!r}: {exc}", "java.util.regex.PatternSyntaxException"
        ) from exc


def _key_matches(key: str, expected: object, located: Located) -> bool:
    node = located.node
    if key in _STRINGS:
        return _STRINGS[key](node) == expected
    if key in _FLAGS:
        return _FLAGS[key](node) == bool(expected)
    if key == "index":
        return located.index == expected
    for name, attribute in _STRINGS.items():
        if key.startswith(name):
            value, op = attribute(node), key[len(name) :]
            if op == "Contains":
                return str(expected) in value
            if op == "StartsWith":
                return value.startswith(str(expected))
            return _regex(expected, value)
    return True


def _matches(selector: Mapping[str, Any], located: Located) -> bool:
    return all(
        _key_matches(key, selector[key], located)
        for key in _active_keys(selector)
        if key != "instance"
    )


def _within(candidates: list[Located], roots: list[Node]) -> list[Located]:
    """The candidates that are strict descendants of any of `roots`."""
    inside: set[int] = set()
    for root in roots:
        for node in root.walk():
            if node is not root:
                inside.add(id(node))
    return [located for located in candidates if id(located.node) in inside]


def _instance(selector: Mapping[str, Any], matches: list[Located]) -> list[Located]:
    if "instance" not in set(_active_keys(selector)):
        return matches
    instance = int(selector["instance"])
    return matches[instance : instance + 1] if instance >= 0 else []


def find(selector: Mapping[str, Any], windows: list[Node]) -> list[Node]:
    """Nodes matching a u2 selector, in document order (`instance` picks one of them)."""
    if not isinstance(selector, Mapping):
        raise SelectorError(f"selector must be an object, got {type(selector).__name__}")
    everything = locate(windows)
    parents = {id(located.node): located.parent for located in everything}
    matches = [located for located in everything if _matches(selector, located)]
    relations = selector.get("childOrSibling") or []
    sub_selectors = selector.get("childOrSiblingSelector") or []
    for relation, sub in zip(relations, sub_selectors, strict=False):
        if relation == "child":
            roots = [located.node for located in matches]
        elif relation == "sibling":
            roots = [
                parent
                for located in matches
                if (parent := parents.get(id(located.node))) is not None
            ]
        else:
            raise SelectorError(f"childOrSibling must be 'child' or 'sibling', got {relation!r}")
        candidates = [located for located in _within(everything, roots) if _matches(sub, located)]
        matches = _instance(sub, candidates)
    return [located.node for located in _instance(selector, matches)]
