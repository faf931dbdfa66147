"""A `Screen` as compact text, one element a line, for prompts and for messages to people.

`[3] switch "Wi-Fi" on, clickable (top-right)`: the element's index on the
screen, its role, its words, its state and where it sits, in words rather than
pixels. Elements with neither words nor a use (bare layout containers) are left out.
"""

from __future__ import annotations

import aci

__all__ = ["TOGGLES", "describe_element", "inside", "position", "screen_lines"]

TOGGLES = frozenset({aci.Role.SWITCH, aci.Role.CHECKBOX, aci.Role.RADIO})
"""Roles whose `checked` state is the point of the element."""

_ROWS = ("top", "middle", "bottom")
_COLUMNS = ("left", "center", "right")


def inside(inner: aci.Element, outer: aci.Element) -> bool:
    """Whether `inner`'s box lies within `outer`'s (a label in its row, a row in its list)."""
    x1, y1, x2, y2 = inner.bounds
    a1, b1, a2, b2 = outer.bounds
    return a1 <= x1 and b1 <= y1 and x2 <= a2 and y2 <= b2


def position(element: aci.Element, screen: aci.Screen) -> str:
    """Where the element's centre falls on a 3x3 grid of the screen: `top-left` ... `center`."""
    centre = element.center
    row = _ROWS[min(2, centre.y * 3 // screen.height)]
    column = _COLUMNS[min(2, centre.x * 3 // screen.width)]
    if row == "middle":
        return "center" if column == "center" else f"middle-{column}"
    return f"{row}-{column}"


def describe_element(index: int, element: aci.Element, screen: aci.Screen) -> str:
    """`[3] switch "Wi-Fi" on, clickable (top-right)`."""
    words = [f"[{index}]", element.role.value]
    if element.text:
        words.append(_quoted(element.text))
    if element.desc and element.desc != element.text:
        words.append(f"desc {_quoted(element.desc)}")
    if element.resource_id and not element.label:
        words.append(f"id {element.resource_id.rsplit('/', 1)[-1]}")
    state = _state(element)
    line = " ".join(words)
    if state:
        line += " " + ", ".join(state)
    return f"{line} ({position(element, screen)})"


def screen_lines(screen: aci.Screen, *, limit: int) -> list[str]:
    """The header and the element lines, at most `limit` elements (the rest counted)."""
    header = f"Screen {screen.width}x{screen.height} px"
    if screen.package:
        header += f", app {screen.package}"
        if screen.activity:
            header += f" / {screen.activity}"
    lines = [header]
    shown = [
        (index, element) for index, element in enumerate(screen.elements) if _worth_showing(element)
    ]
    lines += [describe_element(index, element, screen) for index, element in shown[:limit]]
    if len(shown) > limit:
        lines.append(f"... and {len(shown) - limit} more elements not shown")
    if not shown:
        lines.append("(no elements with text or a use on this screen)")
    return lines


def _worth_showing(element: aci.Element) -> bool:
    return bool(
        element.label
        or element.clickable
        or element.editable
        or element.scrollable
        or element.role in TOGGLES
        or element.role in (aci.Role.FIELD, aci.Role.BUTTON, aci.Role.ICON, aci.Role.SLIDER)
    )


def _state(element: aci.Element) -> list[str]:
    state = []
    if element.role is aci.Role.SWITCH:
        state.append("on" if element.checked else "off")
    elif element.role in TOGGLES:
        state.append("checked" if element.checked else "unchecked")
    elif element.checked:
        state.append("checked")
    if element.selected:
        state.append("selected")
    if not element.enabled:
        state.append("disabled")
    if element.focused:
        state.append("focused")
    if element.editable:
        state.append("editable")
    if element.scrollable:
        state.append("scrollable")
    if element.clickable:
        state.append("clickable")
    return state


def _quoted(text: str) -> str:
    return '"' + " ".join(text.split()).replace('"', '\\"') + '"'
