"""The explorer's memory, read from the history alone: screens seen, what was tried on each.

The planner is stateless between calls; each `Step` carries the `screen_id` of the
screen it was taken on, so the history is a walk through a graph of screens whose
edges are actions (the next step's screen id, or the current screen's, says where
an action led).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

import aci
from planning.base import FAILED, Outcome, Step
from planning.history import step_key

__all__ = ["Memory", "read_memory", "screen_id"]

_STATUS_BAR = 0.04
"""Fraction of the screen height at the top where the clock, battery and signal sit."""
_VOLATILE = re.compile(r"^\d{1,2}:\d{2}(\s?[AaPp][Mm])?$|^\d{1,3}%$")


def screen_id(screen: aci.Screen) -> str:
    """A short hash of the screen's stable structure: app, and each element's role, words, id
    and state; the status bar's clock and battery figures are left out."""
    parts = [screen.package or ""]
    bar = screen.height * _STATUS_BAR
    for element in screen.elements:
        if element.bounds[3] <= bar and _VOLATILE.match(element.label.strip()):
            continue
        parts.append(
            f"{element.role.value}|{element.text}|{element.desc}|{element.resource_id}|"
            f"{int(element.checked)}{int(element.selected)}"
        )
    return hashlib.sha1("\n".join(parts).encode()).hexdigest()[:12]


@dataclass(frozen=True)
class Memory:
    """The history seen as a walk through screens; `current` is the id of the screen now."""

    steps: tuple[Step, ...]
    current: str

    def led_to(self, index: int) -> str:
        """The id of the screen that step `index` led to."""
        if index + 1 < len(self.steps):
            return self.steps[index + 1].screen_id
        return self.current

    def on(self, screen: str) -> list[Step]:
        """The steps taken on `screen`."""
        return [step for step in self.steps if step.screen_id == screen]

    def tried(self, action: aci.Action, screen: str | None = None) -> bool:
        """Whether `action` was already taken on `screen` (the current one by default)."""
        where = self.current if screen is None else screen
        text = step_key(action)
        return any(step_key(step.action) == text for step in self.on(where))

    def only_refocused(self, action: aci.Action) -> bool:
        """Whether `action` was taken here exactly once and led back to this same screen (a
        back that only hid the keyboard): worth one more try."""
        text = step_key(action)
        taken = [i for i, step in enumerate(self.steps) if step_key(step.action) == text]
        here = [i for i in taken if self.steps[i].screen_id == self.current]
        return (
            len(here) == 1
            and self.steps[here[0]].outcome is Outcome.SUCCEEDED
            and self.led_to(here[0]) == self.current
        )

    def failed(self, action: aci.Action) -> bool:
        """Whether `action` failed anywhere (its target was missing or it changed nothing)."""
        text = step_key(action)
        return any(step_key(step.action) == text and step.outcome in FAILED for step in self.steps)

    def succeeded(self) -> list[tuple[int, Step]]:
        """The steps that worked, with their index."""
        return [
            (index, step)
            for index, step in enumerate(self.steps)
            if step.outcome is Outcome.SUCCEEDED
        ]

    def last_open(self) -> int:
        """Index of the last successful `open app` step, or -1."""
        opened = [index for index, step in self.succeeded() if isinstance(step.action, aci.OpenApp)]
        return opened[-1] if opened else -1

    def opened_apps(self) -> list[str]:
        """Apps already opened (or tried), in order."""
        return [step.action.app for step in self.steps if isinstance(step.action, aci.OpenApp)]

    def visits(self, screen: str | None = None) -> int:
        """How many steps were taken on `screen` (the current one by default)."""
        return len(self.on(self.current if screen is None else screen))

    def scrolls_in_a_row(self) -> int:
        """How many of the last steps were scrolls."""
        count = 0
        for step in reversed(self.steps):
            if not isinstance(step.action, aci.Scroll):
                break
            count += 1
        return count


def read_memory(history: Sequence[Step], current: str) -> Memory:
    """The memory of `history`, standing on the screen `current`."""
    return Memory(steps=tuple(history), current=current)
