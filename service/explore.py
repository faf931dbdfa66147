"""Exploring an app once, within a budget, to keep a map of it (`planning.appmap.AppMap`).

`explore_app` starts the app fresh and goes breadth first over its screens: on each new
screen it scrolls the main list through to see every row, then taps, one at a time, what
can be tapped there (labelled buttons and icons, tabs, list rows; only a sample of a list
whose rows all lead to the same kind of screen, such as contacts), each tap grounded and
carried out by `service.runner.Runner`. After a tap it fingerprints the screen it reached,
records the edge and comes back with `press back`; when back does not lead back, the next
tap starts the app again and replays the shortest known path.

Exploring must leave the app's data as it found it, so it never taps a label whose action
cannot be taken back (`lexicon.dialogs.is_destructive`: delete, send, call, pay...) or
changes data in place (`changes_data`: pin, star, copy, mark as read...), nor one that
commits what a form holds (`CONFIRM`), nor the rows of a page that picks (`PICKING`, or
whose first row tapped went back), nor switches, checkboxes, radio buttons or sliders
(they change settings and lead nowhere: their states are recorded); it never types into
a field (fields are recorded). A dialog is answered with its negative button, a
permission prompt with its refusal; a tap that opens another app is recorded as an edge
to it and followed by back. Taps on what a screen shares with the screen it opened from
(a menu over its page, the tabs of a sibling tab) are not made again. The app is left
stopped.
"""

from __future__ import annotations

import contextlib
import logging
import re
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import aci
from device import AndroidDevice, DeviceCommandError, DeviceError, LauncherApp
from grounding.perceive import shared_perceiver
from lexicon.dialogs import CANCEL, CONFIRM, DENY, PICKING, changes_data, is_destructive
from lexicon.icons import icons_of_label
from lexicon.text import normalise, words
from planning.appmap import (
    AppMap,
    Edge,
    ScreenKind,
    ScreenNode,
    fingerprint,
    labelled,
    main_list,
    memory_path,
    screen_node,
)
from service.app_names import closest_apps, is_package, resolve_app
from service.runner import Runner, RunnerConfig, StepError

__all__ = [
    "ExploreError",
    "Explored",
    "app_version",
    "explore_and_keep",
    "explore_app",
    "resolve_package",
]

logger = logging.getLogger(__name__)

_Box = tuple[int, int, int, int]

_HIERARCHY: tuple[aci.Source, ...] = ("hierarchy",)
_TAPPABLE = frozenset({"button", "icon", "tab", "list item"})
_NOT_FORWARD = frozenset({"back", "close"})
"""Icons that go back where they came from (`Navigate up`, a full-screen dialog's X)."""
_SURVEY_SCROLLS = 6
"""Scrolls down a new screen's main list at most, to see the rows below the fold."""
_SAMPLE = 2
"""Rows of one kind tried before the rest are skipped, when all led to alike screens."""
_ALIKE = 0.5
"""Share of labels two screens hold in common (digits folded) to count as one kind."""
_FEW = 3
"""Screens with fewer labels than this are compared on all the labels of both."""
_PROMPTS = 3
"""Interruptions (permission prompts) answered in a row at most."""
_NEGATIVE_ID = ":id/button2"
"""AlertDialog's negative button, whatever its words."""
_DIGITS = re.compile(r"\d+")
_CONFIRM = frozenset(normalise(label) for label in CONFIRM)
_CANCEL = tuple(normalise(label) for label in CANCEL)
_DENY = frozenset(normalise(label) for label in DENY)
_VERSION = re.compile(r"versionName=(\S[^\r\n]*)")


class ExploreError(Exception):
    """The app cannot be explored: it is not installed or does not come to the front."""


@dataclass(frozen=True)
class _Target:
    """Something to tap on a screen, and the kind of row it is (rows of one kind lead to
    screens of one kind)."""

    label: str
    kind: tuple[str, ...]


class _Crawler:
    def __init__(
        self,
        device: AndroidDevice,
        package: str,
        *,
        budget_s: float,
        max_screens: int,
        on_screen: Callable[[ScreenNode], None] | None,
        runner_config: RunnerConfig | None,
    ) -> None:
        self.device = device
        self.package = package
        self.max_screens = max_screens
        self.on_screen = on_screen
        self.runner = Runner(device, config=runner_config or RunnerConfig(max_scrolls=10))
        self.started = time.monotonic()
        self.deadline = self.started + budget_s
        self.nodes: dict[str, ScreenNode] = {}
        self.paths: dict[str, list[str]] = {}
        self.edges: dict[tuple[str, str], Edge] = {}
        self.targets: dict[str, list[_Target]] = {}
        self.parents: dict[str, str] = {}
        """The screen each screen was found from."""
        self.shown: dict[str, set[tuple[str, _Box]]] = {}
        """What can be tapped on each screen as it opens, and where: a screen opened over
        another (a menu, a sibling tab) shares those of the other, not worth tapping again."""
        self.choosers: set[str] = set()
        """Screens whose rows took the app back where it came from: picking from a list."""
        self.queue: deque[str] = deque()
        """Pages whose targets are still to try, in the order they were found."""
        self.kinds: dict[tuple[str, tuple[str, ...]], list[frozenset[str]]] = {}
        """The words of the screens the tried rows of each kind on a screen led to."""
        self.here: str | None = None
        """The id of the screen in front, None when not known."""
        self.start = ""
        self.complete = True

    # -- the crawl ----------------------------------------------------------------------

    def run(self) -> str:
        """Explore; the id of the start screen."""
        try:
            screen = self._restart()
        except (StepError, DeviceCommandError) as exc:
            raise ExploreError(f"{self.package} cannot be started: {exc}") from exc
        if screen.package != self.package:
            raise ExploreError(
                f"{self.package} did not come to the front (the phone shows "
                f"{screen.package or 'nothing known'})"
            )
        self.start = self._discover(screen, None, "", "page")
        while self.queue:
            here = self.queue.popleft()
            for target in self.targets[here]:
                if self._out_of_time() or len(self.nodes) >= self.max_screens:
                    self.complete = False
                    return self.start
                if self._alike_enough(here, target) or (here in self.choosers and target.kind):
                    continue
                if not self._go_to(here):
                    self.complete = False  # what is left of this screen stays untried
                    break
                self._tap(here, target)
        return self.start

    def _tap(self, here: str, target: _Target) -> None:
        """Tap the target on screen `here`, record where it led, and come back."""
        tap = aci.Tap(target=target.label, quoted=True)
        action = aci.format_action(tap)
        try:
            self.runner.perform(tap)
        except StepError as exc:
            logger.debug("%s on %s: %s", action, here, exc)
            self.here = None
            return
        screen = self._answer_prompts(self._look())
        if screen.package != self.package:
            reached = self._discover(screen, here, action, "other app")
            self._edge(here, action, reached)
            self._back()
            return
        reached = self._node_of(screen, here, action)
        self._edge(here, action, reached)
        if reached in self._ancestors(here):
            self.choosers.add(here)
        self.kinds.setdefault((here, target.kind), []).append(_words_of(self.nodes[reached]))
        if reached == here:
            self.here = here
        elif self.nodes[reached].kind == "dialog":
            self._dismiss(reached, screen)
        else:
            self._back()

    def _node_of(self, screen: aci.Screen, parent: str, action: str) -> str:
        """The id of the screen in front, discovering it when it is new."""
        found = fingerprint(screen)
        if found in self.nodes:
            return found
        kind: ScreenKind = "dialog" if _negative(screen) is not None else "page"
        return self._discover(screen, parent, action, kind)

    def _discover(
        self, screen: aci.Screen, parent: str | None, action: str, kind: ScreenKind
    ) -> str:
        """Record a new screen found by `action` on `parent` (its list scrolled through),
        and what can be tapped on it."""
        views = [screen]
        if kind == "page" and (listed := main_list(screen)) is not None and listed.scrollable:
            views += self._scroll_through()
        node = screen_node(views, kind=kind)
        if node.id in self.nodes:
            return node.id
        self.nodes[node.id] = node
        self.paths[node.id] = [] if parent is None else [*self.paths[parent], action]
        if parent is not None:
            self.parents[node.id] = parent
        self.here = node.id
        self.shown[node.id] = _shown(screen)
        if node.title is not None and normalise(node.title).startswith(PICKING):
            self.choosers.add(node.id)
        if kind == "page":
            shared = self.shown[parent] if parent is not None else set()
            self.targets[node.id] = _targets(views, shared)
            self.queue.append(node.id)
        logger.debug("screen %s %r via %s", node.id, node.title, self.paths[node.id])
        if self.on_screen is not None:
            self.on_screen(node)
        return node.id

    def _scroll_through(self) -> list[aci.Screen]:
        """The views further down the main list, to its end or `_SURVEY_SCROLLS` scrolls."""
        views: list[aci.Screen] = []
        before = self.runner.hierarchy()
        for _ in range(_SURVEY_SCROLLS):
            if self._out_of_time():
                break
            self.runner.perform(aci.Scroll(direction=aci.Direction.DOWN))
            if self.runner.hierarchy() == before:
                break
            before = self.runner.hierarchy()
            views.append(self._look())
        return views

    def _alike_enough(self, here: str, target: _Target) -> bool:
        """Whether rows of the target's kind were tried enough: `_SAMPLE` of them led to
        screens holding mostly the same words (one contact's page is like another's)."""
        reached = self.kinds.get((here, target.kind), [])
        if len(reached) < _SAMPLE or not target.kind:
            return False
        return all(_overlap(a, b) >= _ALIKE for i, a in enumerate(reached) for b in reached[:i])

    def _ancestors(self, screen_id: str) -> set[str]:
        found = {screen_id}
        while screen_id in self.parents:
            screen_id = self.parents[screen_id]
            found.add(screen_id)
        return found

    # -- moving about -------------------------------------------------------------------

    def _go_to(self, screen_id: str) -> bool:
        """Bring screen `screen_id` to the front: it is there, or start the app again and
        replay the path to it. False when that does not lead there."""
        if self.here == screen_id:
            return True
        self._restart()
        try:
            for step in self.paths[screen_id]:
                self.runner.perform(aci.parse_action(step))
        except StepError as exc:
            logger.debug("cannot reach %s again: %s", screen_id, exc)
            return False
        self.here = fingerprint(self._answer_prompts(self._look()))
        return self.here == screen_id

    def _restart(self) -> aci.Screen:
        self.device.stop_app(self.package)
        self.runner.perform(aci.OpenApp(app=self.package))
        screen = self._answer_prompts(self._look())
        self.here = fingerprint(screen)
        return screen

    def _back(self) -> None:
        self.runner.perform(aci.PressKey(key=aci.Key.BACK))
        self.here = fingerprint(self._answer_prompts(self._look()))

    def _dismiss(self, dialog: str, screen: aci.Screen) -> None:
        """Close a dialog with its negative button (back when it has none)."""
        negative = _negative(screen)
        if negative is None:
            self._back()
            return
        tap = aci.Tap(target=negative, quoted=True)
        try:
            self.runner.perform(tap)
        except StepError:
            self._back()
            return
        after = self._look()
        self.here = fingerprint(after)
        if after.package == self.package and self.here in self.nodes:
            self._edge(dialog, aci.format_action(tap), self.here)

    def _answer_prompts(self, screen: aci.Screen) -> aci.Screen:
        """Refuse the permission prompts in front (an app asks on its first start)."""
        for _ in range(_PROMPTS):
            refusal = next(
                (e.label for e in screen.elements if e.clickable and normalise(e.label) in _DENY),
                None,
            )
            if refusal is None or screen.package == self.package:
                return screen
            self.runner.perform(aci.Tap(target=refusal, quoted=True))
            screen = self._look()
        return screen

    def _look(self) -> aci.Screen:
        """The settled screen, with the app and activity in front."""
        self.runner.settle()
        package, activity = self.device.adb().current_app()
        return (
            shared_perceiver()
            .perceive(
                hierarchy=self.runner.hierarchy(),
                sources=_HIERARCHY,
                package=package,
                activity=activity,
            )
            .screen
        )

    # -- bookkeeping --------------------------------------------------------------------

    def _edge(self, here: str, action: str, reached: str) -> None:
        self.edges.setdefault(
            (here, action), Edge(from_screen=here, action=action, to_screen=reached)
        )

    def _out_of_time(self) -> bool:
        return time.monotonic() >= self.deadline

    def app_map(self, version: str, budget_s: float) -> AppMap:
        return AppMap(
            package=self.package,
            version=version,
            explored_at=datetime.now(UTC),
            budget_s=budget_s,
            elapsed_s=round(time.monotonic() - self.started, 2),
            complete=self.complete,
            start=self.start,
            screens=tuple(self.nodes.values()),
            edges=tuple(self.edges.values()),
        )


def explore_app(
    device: AndroidDevice,
    package: str,
    *,
    budget_s: float = 120.0,
    max_screens: int = 60,
    version: str = "unknown",
    on_screen: Callable[[ScreenNode], None] | None = None,
    runner_config: RunnerConfig | None = None,
) -> AppMap:
    """Explore the app breadth first for at most `budget_s` seconds and `max_screens`
    screens, and return its map; `on_screen` hears of each new screen as it is found.
    The app is started fresh and left stopped. Raises ExploreError when it does not open."""
    if budget_s <= 0 or max_screens < 1:
        raise ValueError(
            f"budget_s {budget_s} and max_screens {max_screens}: use more than 0 and 1 or more"
        )
    crawler = _Crawler(
        device,
        package,
        budget_s=budget_s,
        max_screens=max_screens,
        on_screen=on_screen,
        runner_config=runner_config,
    )
    try:
        crawler.run()
    finally:
        with contextlib.suppress(DeviceError):
            device.stop_app(package)
    return crawler.app_map(version, budget_s)


@dataclass(frozen=True)
class Explored:
    """An app explored and its map kept."""

    app_map: AppMap
    path: Path
    """Where the map was written."""
    version_told: bool
    """Whether the phone told the app's version (else the map's version is `unknown`)."""

    def summary(self) -> dict[str, str | int | float | bool]:
        app_map = self.app_map
        return {
            "package": app_map.package,
            "version": app_map.version,
            "path": str(self.path),
            "screens": len(app_map.screens),
            "edges": len(app_map.edges),
            "elapsed_s": app_map.elapsed_s,
            "complete": app_map.complete,
        }

    def describe(self) -> str:
        """Where the map went, and a line of what it holds."""
        app_map = self.app_map
        cut = "" if app_map.complete else " (stopped by the budget or the screen limit)"
        return (
            f"wrote {self.path}\n{app_map.package} {app_map.version}: {len(app_map.screens)} "
            f"screens, {len(app_map.edges)} edges in {app_map.elapsed_s:.1f} s{cut}"
        )


def explore_and_keep(
    device: AndroidDevice,
    app: str,
    data_dir: Path,
    *,
    budget_s: float = 120.0,
    max_screens: int = 60,
    on_screen: Callable[[ScreenNode], None] | None = None,
) -> Explored:
    """Explore the app a package or name means and write its map under `data_dir`
    (`memory_path`)."""
    package = resolve_package(app, device.launcher_apps())
    version = app_version(device, package)
    app_map = explore_app(
        device,
        package,
        budget_s=budget_s,
        max_screens=max_screens,
        version=version or "unknown",
        on_screen=on_screen,
    )
    path = memory_path(data_dir, package, app_map.version)
    try:
        app_map.save(path)
    except OSError as exc:
        raise ExploreError(f"cannot write the map to {path}: {exc.strerror or exc}") from exc
    return Explored(app_map=app_map, path=path, version_told=version is not None)


def resolve_package(app: str, apps: Sequence[LauncherApp]) -> str:
    """The package `app` names: a package as it is, else the launcher app of that name."""
    if is_package(app):
        if apps and app not in {launcher.package for launcher in apps}:
            raise ExploreError(f"no app {app!r} with a launcher icon on the phone")
        return app
    resolved = resolve_app(app, apps)
    if resolved is None:
        near = ", ".join(f"{a.name} ({a.package})" for a in closest_apps(app, apps, limit=3))
        raise ExploreError(f"no app called {app!r} on the phone (closest: {near or 'none'})")
    return resolved[0].package


def app_version(device: AndroidDevice, package: str) -> str | None:
    """The app's versionName as `dumpsys package` tells it; None when it does not."""
    try:
        output = device.adb().shell(["dumpsys", "package", package])
    except DeviceError as exc:
        logger.debug("dumpsys package %s: %s", package, exc)
        return None
    match = _VERSION.search(output)
    return match[1].strip() if match else None


# -- what a screen offers -----------------------------------------------------------------


def _negative(screen: aci.Screen) -> str | None:
    """The label of the button that backs out of the dialog in front, if it is one."""
    buttons = [e for e in screen.elements if e.clickable and e.label]
    for element in buttons:
        if element.resource_id.endswith(_NEGATIVE_ID):
            return element.label
    for wanted in _CANCEL:
        for element in buttons:
            if normalise(element.label) == wanted:
                return element.label
    return None


def _shown(screen: aci.Screen) -> set[tuple[str, _Box]]:
    """The labels of what can be tapped on the screen, with where they are."""
    return {(label.text, element.bounds) for element, label in labelled(screen)}


def _targets(views: Sequence[aci.Screen], shared: set[tuple[str, _Box]]) -> list[_Target]:
    """What to tap on a screen seen in `views`, top to bottom, each label once, but for
    what the screen it opened from shows in the same place (`shared`)."""
    found: dict[str, _Target] = {}
    for view in views:
        for element, label in labelled(view):
            if label.role not in _TAPPABLE or label.text in found or not _safe(label.text):
                continue
            if (label.text, element.bounds) in shared:
                continue
            if label.role == "tab" and element.selected:
                continue
            kind = _row_kind(element, view) if label.role == "list item" else ()
            found[label.text] = _Target(label=label.text, kind=kind)
    return list(found.values())


def _safe(label: str) -> bool:
    """Whether tapping the label only looks: not destructive, not a commit, not back."""
    if is_destructive(label) or changes_data(label):
        return False
    if normalise(label) in _CONFIRM or normalise(label) in _CANCEL:
        return False
    return not any(icon.key in _NOT_FORWARD for icon in icons_of_label(words(label)))


def _row_kind(row: aci.Element, screen: aci.Screen) -> tuple[str, ...]:
    """A row's make: its class and id, and the ids of what it holds."""
    x1, y1, x2, y2 = row.bounds
    inner = sorted(
        {
            e.resource_id
            for e in screen.elements
            if e is not row and x1 <= e.bounds[0] and y1 <= e.bounds[1]
            and e.bounds[2] <= x2 and e.bounds[3] <= y2
        }
    )  # fmt: skip
    return (row.class_name, row.resource_id, *inner)


def _words_of(node: ScreenNode) -> frozenset[str]:
    return frozenset(_DIGITS.sub("#", normalise(label.text)) for label in node.labels)


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """How much of the smaller set the larger holds (of the union, for very small sets)."""
    smaller = min(len(a), len(b))
    if smaller < _FEW:
        return len(a & b) / len(a | b) if a | b else 1.0
    return len(a & b) / smaller
