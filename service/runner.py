"""The service's runner: carries out one ACI action on a phone and reports what it did.

`StepRunner` does what every step needs, whoever finds the targets: a target not on
screen is looked for by scrolling the largest list down, then back up; after each step
it waits for the screen to settle (two equal hierarchies in a row and no spinner); apps
open by launcher resolution; typing into a field clears what it held; clearing a field
focuses it and empties it; setting a slider taps its track at the level. Where a target is
comes from one hook, `_ground`. `Runner`, the one the service uses, answers it with
`grounding.ground` on the perceived settled screen, for every verb that names a target:
taps, long presses, typing, clearing, sliders, scrolls and swipes in a container,
assertions.
"""

from __future__ import annotations

import logging
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from typing import Protocol, assert_never

import aci
from device import LauncherApp
from grounding.ground import ground
from grounding.grounded import Grounded
from grounding.perceive import perceive, shared_perceiver
from planning.assertions import find_labelled
from service.app_names import is_package, resolve_app
from service.field_words import as_read
from service.ui_nodes import Rect, UiNode, largest_scrollable, parse_nodes, uncovered

__all__ = [
    "Phone",
    "Runner",
    "RunnerConfig",
    "StepError",
    "StepReport",
    "StepRunner",
    "Targeted",
    "drag",
]

logger = logging.getLogger(__name__)

Targeted = (
    aci.Tap
    | aci.LongPress
    | aci.TypeText
    | aci.ClearText
    | aci.SetSlider
    | aci.Scroll
    | aci.Swipe
    | aci.Assert
    | aci.OpenApp
)
"""The actions whose target `_ground` finds on the screen."""

_HIERARCHY: tuple[aci.Source, ...] = ("hierarchy",)
_SPINNER = "ProgressBar"
_FINGER = {
    aci.Direction.UP: (0, -1),
    aci.Direction.DOWN: (0, 1),
    aci.Direction.LEFT: (-1, 0),
    aci.Direction.RIGHT: (1, 0),
}
"""Which way a swipe of each direction moves the finger (x, y)."""


class Phone(Protocol):
    """What the runner needs of a device (`device.AndroidDevice` has it)."""

    def observe(self) -> aci.RawObservation: ...

    def hierarchy(self) -> str: ...

    def execute(self, command: aci.Command) -> None: ...


@dataclass(frozen=True)
class RunnerConfig:
    """How patient the runner is, and how sure it must be of a target."""

    max_scrolls: int = 25
    """Scrolls per direction while looking for a target."""
    settle_timeout_s: float = 4.0
    """Longest wait for the screen to stop changing after a step."""
    poll_s: float = 0.05
    """Pause between two looks while waiting."""
    find_timeout_s: float = 0.3
    """How long a missing target is waited for before scrolling (a screen still loading)."""
    min_confidence: float = 0.5
    """Below this a grounded target counts as not on screen, so the runner scrolls for it."""


@dataclass(frozen=True)
class StepReport:
    """What one step did: the grounding decision that placed it, every command it ran
    (scroll swipes included, in order) and where the time went."""

    grounding: Grounded | None
    """The last decision for the step's target (with its runners-up); None for a step
    without a target (press back, wait, open an app by package or launcher)."""
    commands: list[aci.Command] = field(default_factory=list)
    scrolls: int = 0
    """Swipes made to bring the target on screen."""
    timing_ms: dict[str, float] = field(default_factory=dict)
    """`ground` (perceiving included), `act` (the phone's commands), `settle`."""


class StepError(Exception):
    """A step that could not be carried out: its target is not on screen, or an assertion
    does not hold. `report` tells what the step did up to then, and the decision made."""

    def __init__(self, message: str, *, report: StepReport) -> None:
        super().__init__(message)
        self.report = report

    @property
    def grounding(self) -> Grounded | None:
        return self.report.grounding

    @property
    def commands(self) -> list[aci.Command]:
        return self.report.commands


@dataclass
class _Tally:
    """What the step under way has done so far."""

    commands: list[aci.Command] = field(default_factory=list)
    scrolls: int = 0
    timing_ms: dict[str, float] = field(
        default_factory=lambda: {"ground": 0.0, "act": 0.0, "settle": 0.0}
    )

    def add_time(self, stage: str, started: float) -> None:
        self.timing_ms[stage] += (time.perf_counter() - started) * 1000


class StepRunner(ABC):
    """Executes one action at a time: `perform(action)` returns once the screen settled."""

    def __init__(
        self,
        phone: Phone,
        *,
        config: RunnerConfig | None = None,
        apps: Callable[[], Sequence[LauncherApp]] | None = None,
    ) -> None:
        self.phone = phone
        self.config = config or RunnerConfig()
        self.apps = apps
        """The phone's launcher apps (`AndroidDevice.launcher_apps`): with them `open app`
        starts the app its name resolves to, as on a real phone whose apps are not all on
        the home screen; without, it taps the icon on the home screen."""
        self._nodes: list[UiNode] | None = None
        self._xml = ""
        """The hierarchy of the last settled screen."""
        self._tally = _Tally()

    def perform(self, action: aci.Action) -> StepReport:
        """Carry out the action and tell how; raises `StepError` when its target cannot be
        found or an assertion does not hold."""
        logger.debug("step: %s", action)
        self._tally = _Tally()
        grounding: Grounded | None = None
        match action:
            case aci.Tap(point=point) | aci.LongPress(point=point) if point is not None:
                grounding = self._ground_timed(action)
                self._execute(self._command(grounding))
            case aci.Tap() | aci.LongPress():
                grounding = self._locate(action)
                self._execute(self._command(grounding))
            case aci.TypeText(target=None, text=text):
                self._execute(aci.TypeTextCommand(text=text))
            case aci.TypeText(text=text):
                grounding = self._locate(action)
                self._type(self._command(grounding), text)
            case aci.ClearText(target=None):
                self._clear(aci.ClearTextCommand(), None)
            case aci.ClearText():
                grounding = self._locate(action)
                self._clear(self._command(grounding), grounding)
            case aci.SetSlider():
                grounding = self._locate(action)
                self._execute(self._command(grounding))
            case aci.Scroll(target=None, direction=direction):
                if not self._scroll_once(direction):
                    self._execute(drag(self._screen_rect(), direction, scroll=True))
            case aci.Swipe(target=None, direction=direction):
                self._execute(drag(self._screen_rect(), direction, scroll=False))
            case aci.Scroll() | aci.Swipe():
                grounding = self._wait_for(action)
                if not self._accepts(grounding):
                    why = self._why_not(grounding)
                    raise self._error(
                        f"no {action.target!r} on screen to drag in ({why})", grounding
                    )
                self._execute(self._command(grounding))
            case aci.PressKey(key=key):
                self._execute(aci.KeyCommand(name=key))
            case aci.OpenApp():
                grounding = self._open_app(action)
            case aci.Wait(seconds=seconds):
                time.sleep(seconds)
            case aci.Assert():
                return self._report(self._check(action))
            case aci.Done() | aci.Fail():
                return self._report(None)
            case _:
                assert_never(action)
        self.settle()
        return self._report(grounding)

    def settle(self) -> list[UiNode]:
        """Look until two hierarchies in a row agree and no spinner shows; the nodes."""
        started = time.perf_counter()
        deadline = started + self.config.settle_timeout_s
        previous = self.phone.hierarchy()
        while True:
            time.sleep(self.config.poll_s)
            current = self.phone.hierarchy()
            steady = current == previous and _SPINNER not in current
            if steady or time.perf_counter() > deadline:
                self._xml, self._nodes = current, parse_nodes(current)
                self._tally.add_time("settle", started)
                return self._nodes
            previous = current

    def hierarchy(self) -> str:
        """The XML of the settled screen (looks again when nothing was read yet)."""
        if self._nodes is None:
            self.settle()
        return self._xml

    def nodes(self) -> list[UiNode]:
        """The nodes of the settled screen (looks again when nothing was read yet)."""
        return self._nodes if self._nodes is not None else self.settle()

    @abstractmethod
    def _ground(self, action: Targeted) -> Grounded:
        """Where the action's target is on the settled screen and the command that acts on
        it, or why it is not there: the one place targets are found."""

    @abstractmethod
    def _screen(self) -> aci.Screen:
        """The settled screen as grounding sees it."""

    # -- finding targets ----------------------------------------------------------------

    def _ground_timed(self, action: Targeted) -> Grounded:
        started = time.perf_counter()
        grounded = self._ground(action)
        self._tally.add_time("ground", started)
        return grounded

    def _accepts(self, grounded: Grounded) -> bool:
        return grounded.found and grounded.confidence >= self.config.min_confidence

    def _locate(self, action: Targeted) -> Grounded:
        """The grounded target, scrolling the largest list to bring it on screen."""
        grounded = self._wait_for(action)
        if self._accepts(grounded):
            return grounded
        for direction in (aci.Direction.DOWN, aci.Direction.UP):
            for _ in range(self.config.max_scrolls):
                before = self._xml
                if not self._scroll_once(direction):
                    break
                self._tally.scrolls += 1
                self.settle()
                grounded = self._ground_timed(action)
                if self._accepts(grounded):
                    return grounded
                if self._xml == before:
                    break  # the end of the list
        why = self._why_not(grounded)
        if isinstance(action, aci.SetSlider):
            raise self._error(
                f"no slider near {action.target!r} on screen, even after scrolling ({why})",
                grounded,
            )
        raise self._error(
            f"{_target(action)!r} is not on screen, even after scrolling ({why})", grounded
        )

    def _wait_for(self, action: Targeted) -> Grounded:
        """The grounded target, giving a screen still loading a moment to show it."""
        deadline = time.perf_counter() + self.config.find_timeout_s
        while True:
            grounded = self._ground_timed(action)
            if self._accepts(grounded) or time.perf_counter() > deadline:
                return grounded
            time.sleep(self.config.poll_s * 2)
            self.settle()

    def _command(self, grounded: Grounded) -> aci.Command:
        """The grounded command; a tap at a point off the screen has none."""
        if grounded.command is None:
            raise self._error(grounded.reason, grounded)
        return grounded.command

    def _why_not(self, grounded: Grounded) -> str:
        """Why a grounded target was not taken, for the planner and the user."""
        if not grounded.found or grounded.element is None:
            return grounded.reason
        return (
            f"the best match, {grounded.element.label or grounded.element.resource_id!r}, "
            f"has confidence {grounded.confidence:.2f} < {self.config.min_confidence}"
        )

    # -- steps --------------------------------------------------------------------------

    def _execute(self, command: aci.Command) -> None:
        started = time.perf_counter()
        self._tally.commands.append(command)
        self.phone.execute(command)
        self._tally.add_time("act", started)
        if isinstance(command, aci.SwipeCommand):
            self._nodes = None

    def _type(self, command: aci.Command, text: str) -> None:
        """Focus the field, clear what it holds (not its hint), then type."""
        if (
            isinstance(command, aci.TypeTextCommand)
            and command.x is not None
            and command.y is not None
        ):
            self._execute(aci.TapCommand(x=command.x, y=command.y))
            field = next((n for n in self.settle() if n.editable and n.focused), None)
            if field is not None and field.text != field.hint:
                for _ in field.text:
                    self._execute(aci.KeyCommand(name=aci.Key.DELETE))
        self._execute(aci.TypeTextCommand(text=text))

    def _clear(self, command: aci.Command, grounded: Grounded | None) -> None:
        """Focus the field (a tap where the command says), then empty the focused one."""
        if (
            isinstance(command, aci.ClearTextCommand)
            and command.x is not None
            and command.y is not None
        ):
            self._execute(aci.TapCommand(x=command.x, y=command.y))
        if not any(n.editable and n.focused for n in self.settle()):
            element = grounded.element if grounded is not None else None
            where = "" if element is None else f" after tapping {element.label or 'it'!r}"
            raise self._error(f"no focused field to clear{where}", grounded)
        self._execute(aci.ClearTextCommand())

    def _check(self, action: aci.Assert) -> Grounded:
        """An assertion on the settled screen (no scrolling: it is about what shows)."""
        self.settle()
        grounded = self._ground_timed(action)
        element = grounded.element if self._accepts(grounded) else None
        if element is None and action.condition == aci.Condition.VISIBLE:
            grounded = self._held_in_words(action, grounded)
            element = grounded.element
        if action.condition == aci.Condition.VISIBLE:
            holds = element is not None
        else:
            holds = element is not None and element.checked
        if holds == action.negated:
            state = "not " * (not action.negated) + action.condition.value
            seen = (
                self._why_not(grounded)
                if element is None
                else f"grounded to {element.label or element.resource_id!r}, confidence "
                f"{grounded.confidence:.2f}"
            )
            raise self._error(f"assertion failed: {action.target!r} is {state} ({seen})", grounded)
        return grounded

    def _held_in_words(self, action: aci.Assert, grounded: Grounded) -> Grounded:
        """A text the screen holds as whole words ("Nov 18" in "Nov 18 · 7:15 AM · Park"):
        visible as the ACI says (`planning.assertions`), where grounding, which weighs a
        short target against a long label as a tap target, may not accept it."""
        shown = find_labelled(action.target or "", as_read(self._screen(), self.nodes()))
        if not shown:
            return grounded
        reason = f"{action.target!r} shows as words of {shown[0].label!r}"
        return grounded.model_copy(
            update={"found": True, "element": shown[0], "confidence": 1.0, "reason": reason}
        )

    def _scroll_once(self, direction: aci.Direction) -> bool:
        """Drag the largest list by 60% of its height; False when the screen has none."""
        nodes = self.nodes()
        container = largest_scrollable(nodes)
        if container is None:
            return False
        self._execute(drag(uncovered(nodes, container), direction, scroll=True))
        return True

    def _open_app(self, action: aci.OpenApp) -> Grounded | None:
        """Start the app a package or name resolves to; else tap its icon on the home screen
        (the grounded icon: the step's only grounding)."""
        if is_package(action.app):
            self._execute(aci.StartAppCommand(package=action.app))
            return None
        resolved = resolve_app(action.app, self.apps()) if self.apps is not None else None
        if resolved is not None:
            launcher, _ = resolved
            self._execute(aci.StartAppCommand(package=launcher.package, activity=launcher.activity))
            return None
        self._execute(aci.KeyCommand(name=aci.Key.HOME))
        self.settle()
        grounded = self._locate(action)
        self._execute(self._command(grounded))
        return grounded

    def _screen_rect(self) -> Rect:
        nodes = self.nodes()
        return nodes[0].bounds if nodes else (0, 0, 1080, 2400)

    def _report(self, grounding: Grounded | None) -> StepReport:
        tally = self._tally
        return StepReport(
            grounding=grounding,
            commands=list(tally.commands),
            scrolls=tally.scrolls,
            timing_ms={stage: round(ms, 1) for stage, ms in tally.timing_ms.items()},
        )

    def _error(self, message: str, grounded: Grounded | None) -> StepError:
        return StepError(message, report=self._report(grounded))


class Runner(StepRunner):
    """Finds every target with `grounding.ground` on the perceived settled screen."""

    def __init__(
        self,
        phone: Phone,
        *,
        config: RunnerConfig | None = None,
        sources: Collection[aci.Source] = _HIERARCHY,
        apps: Callable[[], Sequence[LauncherApp]] | None = None,
    ) -> None:
        super().__init__(phone, config=config, apps=apps)
        self.sources = tuple(sources)

    def _ground(self, action: Targeted) -> Grounded:
        screen = self._screen()
        if not (isinstance(action, aci.Assert) and action.condition is aci.Condition.VISIBLE):
            return ground(action, screen)
        # what shows in fields is what was typed, never a hint (see `service.field_words`)
        grounded = ground(action, as_read(screen, self.nodes()))
        found = grounded.element
        if found is not None and found not in screen.elements:  # report the field itself
            fields = (e for e in screen.elements if e.editable and e.bounds == found.bounds)
            original = next(fields, found)
            grounded = grounded.model_copy(update={"element": original})
        return grounded

    def _screen(self) -> aci.Screen:
        """The settled screen as grounding sees it. With the hierarchy alone that is the
        dump settling just read: looking at the phone again would only repeat it."""
        if self.sources == _HIERARCHY:
            return (
                shared_perceiver().perceive(hierarchy=self.hierarchy(), sources=_HIERARCHY).screen
            )
        return perceive(self.phone.observe(), self.sources)


def drag(bounds: Rect, direction: aci.Direction, *, scroll: bool) -> aci.SwipeCommand:
    """A swipe over 60% of the bounds through their middle. Scrolling reveals what lies
    that way, so the finger moves the other way; a swipe moves it as told."""
    left, top, right, bottom = bounds
    cx, cy = (left + right) // 2, (top + bottom) // 2
    unit_x, unit_y = _FINGER[direction]
    if scroll:
        unit_x, unit_y = -unit_x, -unit_y
    dx, dy = unit_x * (right - left) * 3 // 10, unit_y * (bottom - top) * 3 // 10
    return aci.SwipeCommand(x1=cx - dx, y1=cy - dy, x2=cx + dx, y2=cy + dy, duration_ms=300)


def _target(action: Targeted) -> str:
    """What the action names on the screen, for messages."""
    return action.app if isinstance(action, aci.OpenApp) else action.target or ""
