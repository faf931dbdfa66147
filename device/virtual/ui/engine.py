"""The UI engine: apps, their tasks and input, and the cached frame of the screen.

One frame (the laid-out boxes of every window) is built per change and shared by
`render` and `windows`, so pixels and nodes always agree. A frame is keyed by the
engine's own change counter, a snapshot of the settings store (so a shell
`settings put` shows at once) and the status bar clock's minute.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image

from device.keys import KEYCODES, parse_keycode
from device.virtual.hierarchy import Node
from device.virtual.settings import NAMESPACES, Settings
from device.virtual.ui import values
from device.virtual.ui.apps import AppInfo, app_info
from device.virtual.ui.boxes import Box, Rect, hit
from device.virtual.ui.context import LayoutContext, Metrics
from device.virtual.ui.errors import UiError
from device.virtual.ui.keyboard import typed_char
from device.virtual.ui.layout import app_window
from device.virtual.ui.render import render
from device.virtual.ui.schema import (
    Action,
    AppSpec,
    BackAction,
    KeyAction,
    LaunchAction,
    OpenAction,
    SetAction,
    ToggleAction,
)
from device.virtual.ui.system import SYSTEMUI, SystemState, navigation_bar, status_bar
from device.virtual.ui.tasks import Task, resolve
from device.virtual.ui.theme import WHITE, current_theme
from device.virtual.ui.tree import to_node
from device.virtual.ui.values import AppState, Scope

HOME, BACK, ENTER, DEL, APP_SWITCH = (
    KEYCODES[name] for name in ("HOME", "BACK", "ENTER", "DEL", "APP_SWITCH")
)


@dataclass(frozen=True)
class Frame:
    """The laid-out screen: window roots bottom to top, each with its package."""

    key: tuple[object, ...]
    windows: tuple[tuple[Box, str], ...]


class UiEngine:
    """The phone's screen: which app is in front, what it shows, and what input does."""

    def __init__(
        self,
        apps: list[AppSpec],
        *,
        width_px: int,
        height_px: int,
        density_dpi: int,
        settings: Settings,
    ) -> None:
        homes = [app for app in apps if app.role == "home"]
        if not homes:
            raise UiError("no app with role 'home': the phone needs a launcher")
        self._apps = {app.package: app for app in apps}
        self._home = homes[-1].package
        self._size = (width_px, height_px)
        self._density_dpi = density_dpi
        self._settings = settings
        self._data: dict[str, AppState] = {app.package: copy.deepcopy(app.data) for app in apps}
        """Each app's persistent data; it outlives the app's task."""
        self._tasks: dict[str, Task] = {self._home: Task.start(homes[-1])}
        self._recency: list[str] = []
        """Running apps other than the launcher, least recent first."""
        self._front = self._home
        self._version = 0
        self._frame: Frame | None = None
        self._image: tuple[tuple[object, ...], Image.Image] | None = None

    # -- what is on screen -------------------------------------------------------------

    def windows(self) -> list[Node]:
        """Window roots: the active app window first, then the status and navigation bars."""
        width, height = self._size
        screen: Rect = (0, 0, width, height)
        frame = self._current()
        return [to_node(box, package, screen) for box, package in frame.windows]

    def render(self) -> Image.Image:
        """The screenshot (RGB); re-drawn only when the frame changed."""
        frame = self._current()
        if self._image is None or self._image[0] != frame.key:
            self._image = (frame.key, render([box for box, _ in frame.windows], *self._size))
        return self._image[1].copy()

    # -- touch -------------------------------------------------------------------------

    def tap(self, x: int, y: int) -> None:
        box = self._hit(x, y, "click")
        if box is None:
            return
        if box.editable is not None:
            self._task.focused = box.key
            self._changed()
        self._run(box.on_click)

    def long_press(self, x: int, y: int) -> None:
        box = self._hit(x, y, "long")
        if box is not None:
            if box.editable is not None:
                self._task.focused = box.key
                self._changed()
            self._run(box.on_long_click)

    def swipe(self, x1: int, y1: int, x2: int, y2: int, duration_ms: int) -> None:
        """Drag the scrollable container under the start point by the vertical distance."""
        if abs(x2 - x1) > abs(y2 - y1):
            return
        box = self._hit(x1, y1, "scroll")
        if box is None:
            return
        page = self._task.top
        start = min(page.scroll_px, box.scroll_range_px)
        page.scroll_px = max(0, min(box.scroll_range_px, start + y1 - y2))
        self._changed()

    # -- keys and text -----------------------------------------------------------------

    def key(self, keycode: int) -> None:
        if keycode == HOME:
            self._go_home()
        elif keycode == BACK:
            self._back()
        elif keycode == APP_SWITCH:
            self._overview()
        elif keycode == ENTER:
            field = self._focused_box()
            if field is not None and field.editable is not None:
                self._run(field.editable.on_submit)
        elif keycode == DEL:
            self._edit(lambda text: text[:-1])
        else:
            char = typed_char(keycode)
            if char:
                self.type_text(char)

    def type_text(self, text: str) -> bool:
        return self._edit(lambda current: current + text)

    def set_text(self, key: str, text: str) -> bool:
        box = self._find(key)
        if box is None or box.editable is None:
            return False
        self._task.focused = key
        values.write(box.editable.ref, text, self._scope())
        self._changed()
        return True

    def clear_text(self) -> bool:
        return self._edit(lambda _: "")

    # -- apps --------------------------------------------------------------------------

    def apps(self) -> list[AppInfo]:
        return [app_info(app) for app in self._apps.values()]

    def launch(self, package: str, activity: str | None = None) -> bool:
        app = self._apps.get(package)
        screen = resolve(app, activity) if app is not None else None
        if app is None or screen is None:
            return False
        task = self._tasks.get(package)
        if task is None:
            task = self._tasks[package] = Task.start(app)
        if package == self._home and activity is None:
            task.reset()
        elif screen != app.root and task.top.screen != screen:
            task.open(screen)
        self._bring_to_front(package)
        return True

    def stop(self, package: str) -> None:
        if package == self._home:
            self._tasks[package].reset()
        elif self._tasks.pop(package, None) is not None:
            self._recency.remove(package)
        if package == self._front or self._front not in self._tasks:
            self._go_home()
        self._changed()

    def foreground(self) -> tuple[str, str]:
        return self._front, self._task.activity()

    def running(self) -> list[str]:
        return [self._home, SYSTEMUI, *self._recency]

    # -- internals ---------------------------------------------------------------------

    @property
    def _task(self) -> Task:
        return self._tasks[self._front]

    def _scope(self) -> Scope:
        """The values the front app's top screen sees."""
        task = self._task
        return Scope(
            settings=self._settings,
            state=task.state,
            data=self._data[task.app.package],
            all_data=self._data,
        )

    def _changed(self) -> None:
        self._version += 1

    def _bring_to_front(self, package: str) -> None:
        if package != self._home:
            if package in self._recency:
                self._recency.remove(package)
            self._recency.append(package)
        if package != self._front:
            leaving = self._tasks.get(self._front)
            if leaving is not None:
                leaving.focused = None
            self._front = package
        self._changed()

    def _go_home(self) -> None:
        self._tasks[self._home].reset()
        self._bring_to_front(self._home)

    def _overview(self) -> None:
        """Recents: the launcher's overview screen, if the launcher defines one."""
        home = self._tasks[self._home]
        self._go_home()
        if "overview" in home.app.screens:
            home.open("overview")

    def _back(self) -> None:
        task = self._task
        if task.focused is not None:
            task.focused = None
        elif not task.pop() and self._front != self._home:
            self._go_home()
        self._changed()

    def _run(self, actions: tuple[Action, ...]) -> None:
        for action in actions:
            if isinstance(action, OpenAction):
                self._task.open(action.screen)
            elif isinstance(action, BackAction):
                self._back()
            elif isinstance(action, KeyAction):
                self.key(parse_keycode(action.key) or 0)
            elif isinstance(action, LaunchAction):
                self.launch(action.package, action.activity)
            elif isinstance(action, SetAction):
                values.write(action, self._scope().text(action.value), self._scope())
            elif isinstance(action, ToggleAction):
                values.toggle(action, self._scope())
            self._changed()

    def _edit(self, change: Callable[[str], str]) -> bool:
        box = self._focused_box()
        if box is None or box.editable is None:
            return False
        scope = self._scope()
        values.write(box.editable.ref, change(values.read(box.editable.ref, scope)), scope)
        self._changed()
        return True

    def _focused_box(self) -> Box | None:
        key = self._task.focused
        return self._find(key) if key else None

    def _find(self, key: str) -> Box | None:
        app_box = self._current().windows[0][0]
        stack = [app_box]
        while stack:
            box = stack.pop()
            if box.key == key:
                return box
            stack.extend(box.children)
        return None

    def _hit(self, x: int, y: int, want: str) -> Box | None:
        width, height = self._size
        for box, _ in reversed(self._current().windows):
            found = hit(box, x, y, (0, 0, width, height), want=want)
            if found is not None:
                return found
        return None

    def _current(self) -> Frame:
        clock = time.strftime("%H:%M")
        snapshot = tuple(tuple(self._settings.items(ns)) for ns in NAMESPACES)
        key = (self._version, snapshot, clock)
        if self._frame is None or self._frame.key != key:
            self._frame = Frame(key, self._build(clock))
        return self._frame

    def _build(self, clock: str) -> tuple[tuple[Box, str], ...]:
        settings = self._settings
        try:
            font_scale = float(settings.get("system", "font_scale") or 1.0)
        except ValueError:
            font_scale = 1.0
        metrics = Metrics(self._density_dpi, max(0.5, min(2.0, font_scale)))
        theme = current_theme(settings)
        task = self._task
        installed = sorted(
            (app for app in self._apps.values() if app.role == "app"),
            key=lambda app: app.label.lower(),
        )
        recent = tuple(self._tasks[package].app for package in reversed(self._recency))
        ctx = LayoutContext(
            metrics=metrics,
            theme=theme,
            scope=self._scope(),
            app=task.app,
            screen=task.top.screen,
            focused=task.focused,
            installed=tuple(installed),
            recent=recent,
            scroll_px=task.top.scroll_px,
        )
        width, height = self._size
        app_box = app_window([ctx], width, height)
        wallpaper = task.app.screens[task.top.screen].background == "wallpaper"
        ink = WHITE if wallpaper or theme.dark else theme.on_surface
        system = SystemState(
            clock=clock,
            wifi_on=settings.flag("global", "wifi_on"),
            airplane_on=settings.flag("global", "airplane_mode_on"),
        )
        return (
            (app_box, task.app.package),
            (status_bar(metrics, width, system, ink), SYSTEMUI),
            (navigation_bar(metrics, width, height, ink), SYSTEMUI),
        )
