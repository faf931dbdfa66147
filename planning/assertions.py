"""Checking an `aci.Assert` against a screen: does it hold, and what the screen shows instead.

Words are compared normalised (Unicode compatibility forms, case, runs of
space, the many hyphens): `assert visible "wi-fi"` holds for an element that
spells "Wi-Fi" with a non-breaking hyphen. An element matches a target when
its text or content-desc equals it, or holds it as whole words ("Error" is
visible in "Error: no network").
A checked target is the element's own switch, checkbox or radio button, or the
one in its row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import aci
from lexicon.text import normalise
from planning.screen_text import TOGGLES, position

__all__ = ["Verdict", "check", "find_labelled"]


@dataclass(frozen=True)
class Verdict:
    """Whether an assertion holds, and what the screen showed, in words for a report."""

    holds: bool
    detail: str


def find_labelled(target: str, screen: aci.Screen) -> list[aci.Element]:
    """Elements that read `target`: exact matches first, then those holding it as words."""
    wanted = normalise(target)
    if not wanted:
        return []
    within = re.compile(rf"(?<!\w){re.escape(wanted)}(?!\w)")
    exact: list[aci.Element] = []
    partial: list[aci.Element] = []
    for element in screen.elements:
        words = {normalise(element.text), normalise(element.desc)} - {""}
        if wanted in words:
            exact.append(element)
        elif any(within.search(word) for word in words):
            partial.append(element)
    return exact + partial


def check(assertion: aci.Assert, screen: aci.Screen) -> Verdict:
    """Evaluate the assertion on the screen; the detail says what was seen either way."""
    if assertion.condition is aci.Condition.VISIBLE:
        seen, detail = _visible(assertion.target, screen)
    else:
        checked, detail = _checked(assertion.target, screen)
        if checked is None:  # no such element, or no state to read: neither form holds
            return Verdict(holds=False, detail=detail)
        seen = checked
    return Verdict(holds=seen != assertion.negated, detail=detail)


def _visible(target: str, screen: aci.Screen) -> tuple[bool, str]:
    matches = find_labelled(target, screen)
    if not matches:
        return False, f"nothing on the screen reads {_q(target)}"
    element = matches[0]
    return True, f"{_q(target)} is visible: {_shown(element, screen)}"


def _checked(target: str, screen: aci.Screen) -> tuple[bool | None, str]:
    matches = find_labelled(target, screen)
    if not matches:
        return None, f"nothing on the screen reads {_q(target)}"
    # The target's own toggle first (a switch whose desc is "Wi-Fi"), then its row's.
    for element in sorted(matches, key=lambda element: element.role not in TOGGLES):
        toggle = element if element.role in TOGGLES else _row_toggle(element, screen)
        if toggle is not None:
            return toggle.checked, f"{target} is {_state(toggle)}"
        if element.checked:
            return True, f"{target} is checked"
    return None, (
        f"no switch, checkbox or radio button for {_q(target)} on the screen, "
        f"so its state cannot be read ({_shown(matches[0], screen)})"
    )


def _row_toggle(label: aci.Element, screen: aci.Screen) -> aci.Element | None:
    """The toggle level with the label (its box spans the label's centre line), nearest first."""
    centre = label.center
    level = [
        element
        for element in screen.elements
        if element.role in TOGGLES and element.bounds[1] <= centre.y <= element.bounds[3]
    ]
    if not level:
        return None
    return min(level, key=lambda element: abs(element.center.x - centre.x))


def _state(toggle: aci.Element) -> str:
    if toggle.role is aci.Role.SWITCH:
        return "on" if toggle.checked else "off"
    return "checked" if toggle.checked else "not checked"


def _shown(element: aci.Element, screen: aci.Screen) -> str:
    return f"{element.role.value} {_q(element.label)} ({position(element, screen)})"


def _q(text: str) -> str:
    return '"' + text.replace('"', '\\"') + '"'
