"""The reference runner with droidpilot's own grounder in place of the exact-label one.

Steps, scrolling and settling are the reference runner's; only where a target is comes
from `grounding` (perceive the screen, ground the step on it). Running the suite with it
measures the grounder on every task: a miss shows as a failed task.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

from aci import Screen, Source, Tap, TapCommand, TypeText, TypeTextCommand
from device import LauncherApp
from grounding.ground import ground
from grounding.perceive import perceive, shared_perceiver
from service.suite.oracle import Phone, RunnerConfig, StepRunner

_HIERARCHY: tuple[Source, ...] = ("hierarchy",)


class GroundedRunner(StepRunner):
    """Finds targets with `grounding.ground` on the perceived screen."""

    def __init__(
        self,
        phone: Phone,
        *,
        config: RunnerConfig | None = None,
        sources: Collection[Source] = _HIERARCHY,
        min_confidence: float = 0.5,
        apps: Callable[[], Sequence[LauncherApp]] | None = None,
    ) -> None:
        super().__init__(phone, config=config, apps=apps)
        self.sources = tuple(sources)
        self.min_confidence = min_confidence
        """Below this the target counts as not on screen, so the runner scrolls for it."""

    def _point(self, target: str, *, editable: bool) -> tuple[int, int] | None:
        action = (
            TypeText(text="x", target=target, quoted=True)
            if editable
            else Tap(target=target, quoted=True)
        )
        grounded = ground(action, self._screen())
        command = grounded.command
        if not grounded.found or grounded.confidence < self.min_confidence:
            return None
        if isinstance(command, TapCommand):
            return command.x, command.y
        if isinstance(command, TypeTextCommand) and command.x is not None and command.y is not None:
            return command.x, command.y
        return None

    def _screen(self) -> Screen:
        """The settled screen as grounding sees it. With the hierarchy alone that is the
        dump settling just read: looking at the phone again would only repeat it."""
        if self.sources == _HIERARCHY:
            perception = shared_perceiver().perceive(hierarchy=self.hierarchy(), sources=_HIERARCHY)
            return perception.screen
        return perceive(self.phone.observe(), self.sources)
