"""The reference runner: carries out ACI steps on a phone, as a scripted person would.

`StepRunner` does what every step needs whoever finds the targets: a target not on
screen is looked for by scrolling the largest list down, then back up; after each step
it waits for the screen to settle (two equal hierarchies in a row and no spinner); apps
open from the launcher by their label. `ExactLabelRunner` finds targets by exact label
(`labels.find`): it exists to prove every task solvable, not to ground well.
`service.suite.grounded.GroundedRunner` finds them with droidpilot's grounder.
"""

from __future__ import annotations

import logging
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol, assert_never

from aci import (
    Action,
    Assert,
    Condition,
    Direction,
    Done,
    Fail,
    Key,
    KeyCommand,
    LongPress,
    LongPressCommand,
    OpenApp,
    PressKey,
    Scroll,
    StartAppCommand,
    Swipe,
    SwipeCommand,
    Tap,
    TapCommand,
    TypeText,
    TypeTextCommand,
    Wait,
)
from aci.command import Command
from aci.observation import RawObservation
from device import LauncherApp
from service.app_names import is_package, resolve_app
from service.suite.errors import StepError
from service.suite.labels import (
    UiNode,
    actionable,
    find,
    largest_scrollable,
    parse_nodes,
    uncovered,
)

logger = logging.getLogger(__name__)

_SPINNER = "ProgressBar"
_UNIT = {
    Direction.UP: (0, -1),
    Direction.DOWN: (0, 1),
    Direction.LEFT: (-1, 0),
    Direction.RIGHT: (1, 0),
}
_OPPOSITE = {
    Direction.UP: Direction.DOWN,
    Direction.DOWN: Direction.UP,
    Direction.LEFT: Direction.RIGHT,
    Direction.RIGHT: Direction.LEFT,
}


class Phone(Protocol):
    """What the runner needs of a device (`device.AndroidDevice` has it)."""

    def observe(self) -> RawObservation: ...

    def hierarchy(self) -> str: ...

    def execute(self, command: Command) -> None: ...


@dataclass(frozen=True)
class RunnerConfig:
    """How patient the runner is."""

    max_scrolls: int = 25
    """Scrolls per direction while looking for a target."""
    settle_timeout_s: float = 4.0
    """Longest wait for the screen to stop changing after a step."""
    poll_s: float = 0.05
    """Pause between two looks while waiting."""
    find_timeout_s: float = 0.3
    """How long a missing target is waited for before scrolling (a screen still loading)."""


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
        the home screen; without, it taps the label on the home screen."""
        self._nodes: list[UiNode] | None = None
        self._xml = ""
        """The hierarchy of the last settled screen."""

    def perform(self, action: Action) -> None:
        """Carry out the action; raises `StepError` when its target cannot be found."""
        logger.debug("step: %s", action)
        match action:
            case Tap(target=target, point=point) | LongPress(target=target, point=point):
                x, y = (point.x, point.y) if point is not None else self._locate(_present(target))
                if isinstance(action, Tap):
                    self.phone.execute(TapCommand(x=x, y=y))
                else:
                    self.phone.execute(LongPressCommand(x=x, y=y))
            case TypeText(text=text, target=target):
                self._type(text, target)
            case Scroll(direction=direction, target=target):
                self._drag(direction, target, scroll=True)
            case Swipe(direction=direction, target=target):
                self._drag(direction, target, scroll=False)
            case PressKey(key=key):
                self.phone.execute(KeyCommand(name=key))
            case OpenApp(app=app):
                self._open_app(app)
            case Wait(seconds=seconds):
                time.sleep(seconds)
            case Assert(target=target, condition=condition, negated=negated):
                self._check(target, condition, negated=negated)
                return
            case Done() | Fail():
                return
            case _:
                assert_never(action)
        self.settle()

    def settle(self) -> list[UiNode]:
        """Look until two hierarchies in a row agree and no spinner shows; the nodes."""
        deadline = time.monotonic() + self.config.settle_timeout_s
        previous = self._dump()
        while True:
            time.sleep(self.config.poll_s)
            current = self._dump()
            steady = current == previous and _SPINNER not in current
            if steady or time.monotonic() > deadline:
                self._xml, self._nodes = current, parse_nodes(current)
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

    # -- finding targets ----------------------------------------------------------------

    def _locate(self, target: str, *, editable: bool = False) -> tuple[int, int]:
        """Where to tap for `target`, scrolling the largest list to bring it on screen."""
        point = self._wait_for(target, editable=editable)
        if point is not None:
            return point
        for direction in (Direction.DOWN, Direction.UP):
            for _ in range(self.config.max_scrolls):
                before = self._xml
                if not self._scroll_once(direction):
                    break
                self.settle()
                point = self._point(target, editable=editable)
                if point is not None:
                    return point
                if self._xml == before:
                    break  # the end of the list
        raise StepError(f"{target!r} is not on screen, even after scrolling")

    @abstractmethod
    def _point(self, target: str, *, editable: bool) -> tuple[int, int] | None:
        """Where `target` is on the settled screen, or None: the one place targets are
        grounded (`editable`: the step types into it)."""

    def _wait_for(self, target: str, *, editable: bool) -> tuple[int, int] | None:
        deadline = time.monotonic() + self.config.find_timeout_s
        while True:
            point = self._point(target, editable=editable)
            if point is not None or time.monotonic() > deadline:
                return point
            time.sleep(self.config.poll_s * 2)
            self.settle()

    # -- steps --------------------------------------------------------------------------

    def _type(self, text: str, target: str | None) -> None:
        if target is not None:
            x, y = self._locate(target, editable=True)
            self.phone.execute(TapCommand(x=x, y=y))
            field = next((n for n in self.settle() if n.editable and n.focused), None)
            if field is not None and field.text != field.hint:
                for _ in field.text:
                    self.phone.execute(KeyCommand(name=Key.DELETE))
        self.phone.execute(TypeTextCommand(text=text))

    def _check(self, target: str, condition: Condition, *, negated: bool) -> None:
        """An assertion on the settled screen (no scrolling: it is about what shows)."""
        nodes = self.settle()
        node = find(nodes, target)
        if condition == Condition.VISIBLE:
            holds = node is not None
        else:
            holds = node is not None and any(
                n.checked for n in nodes if n.order == node.order or _inside(nodes, n, node)
            )
        if holds == negated:
            state = "not " * (not negated) + condition.value
            raise StepError(f"assertion failed: {target!r} is {state}")

    def _drag(self, direction: Direction, target: str | None, *, scroll: bool) -> None:
        if target is not None:
            node = find(self.nodes(), target)
            if node is None:
                raise StepError(f"no element labelled {target!r} on screen to drag in")
            self._swipe_in(node.bounds, direction, scroll=scroll)
        elif scroll:
            if not self._scroll_once(direction):
                self._swipe_in(self._screen_rect(), direction, scroll=True)
        else:
            self._swipe_in(self._screen_rect(), direction, scroll=False)

    def _scroll_once(self, direction: Direction) -> bool:
        """Drag the largest list by 60% of its height; False when the screen has none."""
        nodes = self.nodes()
        container = largest_scrollable(nodes)
        if container is None:
            return False
        self._swipe_in(uncovered(nodes, container), direction, scroll=True)
        return True

    def _swipe_in(
        self, bounds: tuple[int, int, int, int], direction: Direction, *, scroll: bool
    ) -> None:
        left, top, right, bottom = bounds
        cx, cy = (left + right) // 2, (top + bottom) // 2
        # scrolling reveals what lies that way, so the finger moves the other way
        finger = _OPPOSITE[direction] if scroll else direction
        unit_x, unit_y = _UNIT[finger]
        dx, dy = unit_x * (right - left) * 3 // 10, unit_y * (bottom - top) * 3 // 10
        self.phone.execute(
            SwipeCommand(x1=cx - dx, y1=cy - dy, x2=cx + dx, y2=cy + dy, duration_ms=300)
        )
        self._nodes = None

    def _open_app(self, app: str) -> None:
        """Start the app a package or name resolves to; else tap its label on the home screen."""
        if is_package(app):
            self.phone.execute(StartAppCommand(package=app))
            return
        resolved = resolve_app(app, self.apps()) if self.apps is not None else None
        if resolved is not None:
            launcher, _ = resolved
            self.phone.execute(
                StartAppCommand(package=launcher.package, activity=launcher.activity)
            )
            return
        self.phone.execute(KeyCommand(name=Key.HOME))
        self.settle()
        x, y = self._locate(app)
        self.phone.execute(TapCommand(x=x, y=y))

    def _screen_rect(self) -> tuple[int, int, int, int]:
        nodes = self.nodes()
        return nodes[0].bounds if nodes else (0, 0, 1080, 2400)

    def _dump(self) -> str:
        return self.phone.hierarchy()


def _inside(nodes: list[UiNode], node: UiNode, ancestor: UiNode) -> bool:
    """Whether `node` lies inside `ancestor`'s clickable row (a row's switch)."""
    row = actionable(nodes, ancestor)
    current = node.parent
    while current is not None:
        if current == row.order:
            return True
        current = nodes[current].parent
    return False


def _present(target: str | None) -> str:
    if target is None:  # pragma: no cover - Tap and LongPress have a target or a point
        raise StepError("a tap without target or point")
    return target


class ExactLabelRunner(StepRunner):
    """Finds a target by its exact label in the hierarchy (see `labels.find`)."""

    def _point(self, target: str, *, editable: bool) -> tuple[int, int] | None:
        nodes = self.nodes()
        node = find(nodes, target, editable=editable)
        if node is None:
            return None
        return (node if editable else actionable(nodes, node)).center
