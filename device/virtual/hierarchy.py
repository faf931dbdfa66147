"""The view tree of the virtual phone and its two XML forms.

`uiautomator dump` (AOSP) writes one line without indentation and only the active
window; uiautomator2's `dumpWindowHierarchy` indents with CRLF, adds
`visible-to-user`, `drawing-order`, `hint` and `display-id`, and lists every window
root (app, status bar, navigation bar, keyboard). Both are produced from the same
`Node` tree so that the pixels, the dump and the u2 dump never disagree.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

Bounds = tuple[int, int, int, int]
"""left, top, right, bottom in screen pixels (right and bottom exclusive, as on Android)."""

XmlForm = Literal["dump", "u2"]

_NAF_EXCLUDED = (
    "android.widget.GridView",
    "android.widget.GridLayout",
    "android.widget.ListView",
    "android.widget.TableLayout",
)
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
HEADER = "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>"


@dataclass
class Node:
    """One accessibility node, with the attributes of a real dump."""

    cls: str = "android.view.View"
    text: str = ""
    resource_id: str = ""
    package: str = ""
    content_desc: str = ""
    hint: str = ""
    bounds: Bounds = (0, 0, 0, 0)
    checkable: bool = False
    checked: bool = False
    clickable: bool = False
    enabled: bool = True
    focusable: bool = False
    focused: bool = False
    scrollable: bool = False
    long_clickable: bool = False
    password: bool = False
    selected: bool = False
    children: list[Node] = field(default_factory=list)
    key: str = ""
    """The engine's id of the widget behind this node (never serialised)."""

    @property
    def center(self) -> tuple[int, int]:
        left, top, right, bottom = self.bounds
        return (left + right) // 2, (top + bottom) // 2

    @property
    def visible(self) -> bool:
        left, top, right, bottom = self.bounds
        return right > left and bottom > top

    def walk(self) -> Iterator[Node]:
        """This node and its visible descendants, in document order."""
        yield self
        for child in self.children:
            if child.visible:
                yield from child.walk()

    def has_label_below(self) -> bool:
        if self.text or self.content_desc:
            return True
        return any(child.has_label_below() for child in self.children if child.visible)


def escape(value: str) -> str:
    """Escape an attribute value the way Android's XmlSerializer does."""
    value = _INVALID_XML.sub(".", value)
    return (
        value.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("\n", "&#10;")
        .replace("\r", "&#13;")
        .replace("\t", "&#9;")
    )


def _bool(flag: bool) -> str:
    return "true" if flag else "false"


def _attributes(node: Node, index: int, form: XmlForm, order: int) -> str:
    left, top, right, bottom = node.bounds
    parts: list[tuple[str, str]] = []
    if (
        form == "dump"
        and node.clickable
        and node.enabled
        and node.cls not in _NAF_EXCLUDED
        and not node.has_label_below()
    ):
        parts.append(("NAF", "true"))
    parts += [
        ("index", str(index)),
        ("text", node.text),
        ("resource-id", node.resource_id),
        ("class", node.cls),
        ("package", node.package),
        ("content-desc", node.content_desc),
        ("checkable", _bool(node.checkable)),
        ("checked", _bool(node.checked)),
        ("clickable", _bool(node.clickable)),
        ("enabled", _bool(node.enabled)),
        ("focusable", _bool(node.focusable)),
        ("focused", _bool(node.focused)),
        ("scrollable", _bool(node.scrollable)),
        ("long-clickable", _bool(node.long_clickable)),
        ("password", _bool(node.password)),
        ("selected", _bool(node.selected)),
    ]
    bounds = f"[{left},{top}][{right},{bottom}]"
    if form == "u2":
        parts += [
            ("visible-to-user", "true"),
            ("bounds", bounds),
            ("drawing-order", str(order)),
            ("hint", node.hint),
            ("display-id", "0"),
        ]
    else:
        parts.append(("bounds", bounds))
    return " ".join(f'{name}="{escape(value)}"' for name, value in parts)


def to_xml(windows: list[Node], *, form: XmlForm, rotation: int = 0) -> str:
    """Serialise window roots as a uiautomator dump (`dump`) or a u2 dump (`u2`)."""
    out: list[str] = []
    newline = "\r\n" if form == "u2" else ""

    def emit(node: Node, index: int, depth: int, order: int) -> None:
        indent = "  " * depth if form == "u2" else ""
        attrs = _attributes(node, index, form, order)
        children = [child for child in node.children if child.visible]
        if not children:
            out.append(f"{newline}{indent}<node {attrs} />")
            return
        out.append(f"{newline}{indent}<node {attrs}>")
        for position, child in enumerate(children):
            emit(child, position, depth + 1, position + 1)
        out.append(f"{newline}{indent}</node>")

    out.append(f'{HEADER}{newline}<hierarchy rotation="{rotation}">')
    for window in windows:
        if window.visible:
            emit(window, 0, 1, 0)
    out.append(f"{newline}</hierarchy>")
    return "".join(out)
