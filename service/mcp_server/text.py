"""Screens and action results as the few lines of text an agent reads cheaply."""

from __future__ import annotations

import json

from aci import Element
from service.phones import ActResult, CompactElement, Observation

__all__ = ["act_text", "screen_text"]


def screen_text(observation: Observation) -> str:
    """The screen in a few lines an agent reads cheaply: the app, then one element a line."""
    where = observation.package or "unknown app"
    if observation.activity:
        where += f" ({observation.activity})"
    lines = [
        f"{observation.serial}: {where}, {observation.width}x{observation.height} px, "
        f"{len(observation.elements)} elements"
    ]
    for element in observation.elements:
        if isinstance(element, CompactElement):
            label, role, center, state = element.label, element.role, element.center, element.state
        else:
            label, role, state = element.label, element.role.value, _state_of(element)
            center = (element.center.x, element.center.y)
        named = json.dumps(label, ensure_ascii=False) if label else "(no label)"
        held = f" [{', '.join(state)}]" if state else ""
        lines.append(f"- {role} {named} at {center[0]},{center[1]}{held}")
    return "\n".join(lines)


def _state_of(element: Element) -> list[str]:
    flags = (("checked", element.checked), ("editable", element.editable))
    return [name for name, holds in flags if holds]


def act_text(result: ActResult) -> str:
    """The outcome, the element hit, the commands run, then the new screen."""
    why = f" ({result.detail})" if result.detail else ""
    lines = [f"{result.action}: {result.outcome}{why}"]
    grounding = result.grounding
    if grounding is not None and grounding.element is not None:
        hit = grounding.element
        lines.append(
            f"element: {hit.role.value} {json.dumps(hit.label, ensure_ascii=False)} at "
            f"{hit.center.x},{hit.center.y} (confidence {grounding.confidence:.2f})"
        )
    elif grounding is not None:
        lines.append(f"grounding: {grounding.reason}")
    commands = [
        json.dumps(command.model_dump(mode="json", exclude_none=True), separators=(",", ":"))
        for command in result.commands
    ]
    lines.append(f"commands: {'; '.join(commands) or 'none'}")
    lines.append("screen now: " + screen_text(result.screen))
    return "\n".join(lines)
