"""The UI engine: apps, their tasks and input, and the cached frame of the screen.

One frame (the laid-out boxes of every window) is built per change and shared by
`render` and `windows`, so pixels and nodes always agree. A frame is keyed by the
engine's own change counter, a snapshot of the settings store (so a shell
`settings put` shows at once), the status bar clock's minute, and what ends by
itself (a toast, a page's loading spinner), so the screen changes when they end.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from PIL import Image

from device.keys import KEYCODES, parse_keycode
from device.virtual.hierarchy import Node
from device.virtual.settings import NAMESPACES, Settings
from device.virtual.ui import edits, values
from device.virtual.ui.boxes import Box, Rect, contains, hit
from device.virtual.ui.clock import clock_text
from device.virtual.ui.frame import Frame, FrameInputs, build_frame, find_at, find_box
from device.virtual.ui.ime import ImeMode, Key
from device.virtual.ui.keyboard import typed_char
from device.virtual.ui.navigation import Navigator
from device.virtual.ui.render import render
from device.virtual.ui.schema import (
    Action,
    AppSpec,
    BackAction,
    KeyAction,
    LaunchAction,
    MenuAction,
    OpenAction,
    RequestPermissionAction,
    ToastAction,
)
from device.virtual.ui.tasks import Page, page
from device.virtual.ui.tree import to_node
from device.virtual.ui.values import Scope

HOME, BACK, ENTER, DEL, APP_SWITCH = (
    KEYCODES[name] for name in ("HOME", "BACK", "ENTER", "DEL", "APP_SWITCH")
)


class UiEngine(Navigator):
    """The phone's screen: which app is in front, what it shows, and what input does."""

    def __init__(
        self,
        apps: list[AppSpec],
        *,
        width_px: int,
        height_px: int,
        density_dpi: int,
        settings: Settings,
        seed: int | None = None,
        now: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(apps, settings, seed, now=now)
        self._size = (width_px, height_px)
        self._density_dpi = density_dpi
        self._ime = ImeMode()
        self._frame: Frame | None = None
        self._image: tuple[tuple[object, ...], Image.Image] | None = None

    # -- what is on screen -------------------------------------------------------------

    def windows(self) -> list[Node]:
        """Window roots: the active window first (the app, or a system dialog over it),
        then the others bottom to top (status bar, navigation bar, keyboard, toast)."""
        width, height = self._size
        screen: Rect = (0, 0, width, height)
        frame = self._current()
        ordered = [frame.windows[frame.active]]
        ordered += [w for i, w in enumerate(frame.windows) if i != frame.active]
        return [to_node(box, package, screen) for box, package in ordered]

    def render(self) -> Image.Image:
        """The screenshot (RGB); re-drawn only when the frame changed."""
        frame = self._current()
        if self._image is None or self._image[0] != frame.key:
            self._image = (frame.key, render([box for box, _ in frame.windows], *self._size))
        return self._image[1].copy()

    def ime_shown(self) -> bool:
        return self._current().keyboard is not None

    # -- touch -------------------------------------------------------------------------

    def tap(self, x: int, y: int) -> None:
        frame = self._current()
        if frame.keyboard is not None and contains(frame.keyboard.box.rect, x, y):
            key = frame.keyboard.key_at(x, y)
            if key is not None:
                self._press(key)
            return
        box = self._hit(x, y, "click")
        if frame.asking:  # only the dialog's buttons and the navigation bar answer
            if box is not None and box.key.startswith("permission/"):
                self._answer("granted" if box.key.endswith("allow_button") else "denied")
            elif box is not None:
                self._run(box.on_click)
            return
        top = self._task.top
        if top.menu_open:
            top.menu_open = False
            self._changed()
            items = self._task.app.screens[top.screen].menu
            if box is not None and box.on_click in [tuple(item.on_click) for item in items]:
                self._run(box.on_click)
            return
        slider = self._slider_at(x, y)
        if slider is not None:
            self._slide(slider, x)
            return
        if box is None:
            return
        if box.editable is not None:
            self._focus(box.key)
        self._run(box.on_click)

    def long_press(self, x: int, y: int) -> None:
        box = self._hit(x, y, "long")
        if box is not None:
            if box.editable is not None:
                self._focus(box.key)
            self._run(box.on_long_click)

    def swipe(self, x1: int, y1: int, x2: int, y2: int, duration_ms: int) -> None:
        """A vertical drag scrolls the container under the start point; a horizontal one
        that starts on a slider moves it to the end point."""
        top = self._task.top
        if self._current().asking:
            return
        if top.menu_open:
            top.menu_open = False
            self._changed()
            return
        if abs(x2 - x1) > abs(y2 - y1):
            slider = self._slider_at(x1, y1)
            if slider is not None:
                self._slide(slider, x2)
            return
        box = self._hit(x1, y1, "scroll")
        if box is None:
            return
        target = self._page_of(box.key)
        start = min(target.scroll_px, box.scroll_range_px)
        target.scroll_px = max(0, min(box.scroll_range_px, start + y1 - y2))
        self._changed()

    # -- keys and text -----------------------------------------------------------------

    def key(self, keycode: int) -> None:
        if keycode == HOME:
            self._go_home()
        elif keycode == BACK:
            self._back(key=True)
        elif keycode == APP_SWITCH:
            self._overview()
        elif keycode == ENTER:
            field = self._focused_box()
            if field is not None and field.editable is not None:
                if field.editable.multiline:
                    self.type_text("\n")
                else:
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
        self._focus(key)
        # as TextView.setText: what the input filter refuses is dropped, leaving the field empty
        shown = text if box.editable.accepts(text) else ""
        values.write(box.editable.ref, shown, self._scope(self._page_of(key)))
        self._changed()
        return True

    def clear_text(self) -> bool:
        return self._edit(lambda _: "")

    # -- internals ---------------------------------------------------------------------

    def _run(self, actions: Sequence[Action]) -> None:
        for action in actions:
            scope = self._scope()
            if not values.holds(action.when, scope):
                continue
            if isinstance(action, OpenAction):
                self._open(action, scope)
            elif isinstance(action, BackAction):
                self._back(key=False)
            elif isinstance(action, KeyAction):
                self.key(parse_keycode(action.key) or 0)
            elif isinstance(action, LaunchAction):
                self._launch(action, scope)
            elif isinstance(action, ToastAction):
                self.show_toast(scope.text(action.text))
            elif isinstance(action, MenuAction):
                self._task.top.menu_open = bool(self._task.app.screens[self._task.top.screen].menu)
            elif isinstance(action, RequestPermissionAction):
                self._request_permission()
            else:
                edits.apply(action, scope)
                self._data_changed()
            self._changed()

    def _open(self, action: OpenAction, scope: Scope) -> None:
        task = self._task
        name = scope.text(action.screen)
        spec = task.app.screens.get(name)
        if spec is None or (action.replace and task.top.screen == name):
            return
        opened = page(task.app, name)
        task.open(opened, replace=action.replace)
        opened.had_record = bool(self._scope(opened).record)
        self._run(spec.on_open)  # the schema keeps these from opening another on_open

    def _launch(self, action: LaunchAction, scope: Scope) -> None:
        """Start another app as an intent does: the extras, filled in with the sender's
        values, become the app's state variables before `screen` opens on its task."""
        extras = {name: scope.text(value) for name, value in action.extras.items()}
        screen = scope.text(action.screen) if action.screen is not None else None
        if not self.launch(action.package, action.activity):
            return
        self._task.state.update(extras)
        if screen is not None:
            self._open(OpenAction(do="open", screen=screen), self._scope())

    def _press(self, key: Key) -> None:
        """A tap on a key of the soft keyboard."""
        if key.kind == "char":
            self.type_text(key.char)
            self._ime.shifted = False
        elif key.kind == "shift":
            self._ime.shifted = not self._ime.shifted
        elif key.kind in ("symbols", "letters"):
            self._ime.symbols = key.kind == "symbols"
        elif key.kind == "backspace":
            self.key(DEL)
        elif key.kind == "enter":
            self.key(ENTER)
        self._changed()

    def _slide(self, box: Box, x: int) -> None:
        """Set a slider from where its track was touched, rounded to its step."""
        info = box.slider
        if info is None:
            return
        left, right = info.track
        fraction = max(0.0, min(1.0, (x - left) / max(1, right - left)))
        steps = round(fraction * (info.high - info.low) / info.step)
        value = max(info.low, min(info.high, info.low + steps * info.step))
        values.write(info.ref, str(value), self._scope(self._page_of(box.key)))
        self._changed()

    def _focus(self, key: str) -> None:
        if self._task.top.focused != key:
            self._ime = ImeMode()  # a newly focused field starts on the letters
        for shown in self._task.stack:
            shown.focused = None
        self._page_of(key).focused = key
        self._changed()

    def _edit(self, change: Callable[[str], str]) -> bool:
        box = self._focused_box()
        if box is None or box.editable is None:
            return False
        scope = self._scope()
        text = change(values.read(box.editable.ref, scope))
        if box.editable.accepts(text):  # an input filter drops what it refuses
            values.write(box.editable.ref, text, scope)
        self._changed()
        return True

    def _focused_box(self) -> Box | None:
        key = self._task.top.focused
        return self._find(key) if key else None

    def _find(self, key: str) -> Box | None:
        return find_box(self._current().windows[0][0], key)

    def _hit(self, x: int, y: int, want: str) -> Box | None:
        """The box a touch lands on, searching windows top to bottom; a modal window
        (a system dialog) stops the search."""
        screen = self._screen_rect()
        for box, _ in reversed(self._current().windows):
            found = hit(box, x, y, screen, want=want)
            if found is not None:
                return found
            if box.modal and contains(box.rect, x, y):
                return None
        return None

    def _slider_at(self, x: int, y: int) -> Box | None:
        """The slider a touch lands on, unless something above it (a dialog's scrim, a
        button) takes the touch."""
        frame = self._current()
        if frame.keyboard is not None and contains(frame.keyboard.box.rect, x, y):
            return None
        found = find_at(frame.windows[0][0], x, y, self._screen_rect(), _takes_touch)
        return found if found is not None and found.slider is not None else None

    def _screen_rect(self) -> Rect:
        return (0, 0, *self._size)

    def _current(self) -> Frame:
        now = time.monotonic()
        clock = clock_text(self._now())
        snapshot = tuple(tuple(self._settings.items(ns)) for ns in NAMESPACES)
        task = self._task
        toast = self._toast if self._toast is not None and now < self._toast.until else None
        loading = tuple(_loading(task.app, shown, now) for shown in task.shown())
        key = (self._version, snapshot, clock, toast, loading)
        if self._frame is None or self._frame.key != key:
            inputs = FrameInputs(
                size=self._size,
                density_dpi=self._density_dpi,
                settings=self._settings,
                task=task,
                scopes=[self._scope(shown) for shown in task.shown()],
                loading=loading,
                installed=tuple(
                    sorted(
                        (app for app in self._apps.values() if app.role == "app"),
                        key=lambda app: app.label.lower(),
                    )
                ),
                recent=tuple(self._tasks[p].app for p in reversed(self._recency)),
                asking=self._asking(),
                toast=toast,
                ime=self._ime,
                clock=clock,
            )
            self._frame = build_frame(key, inputs)
        return self._frame


def _loading(app: AppSpec, shown: Page, now: float) -> bool:
    return now < shown.opened_at + app.screens[shown.screen].loading_ms / 1000


def _takes_touch(box: Box) -> bool:
    return box.slider is not None or box.clickable or box.modal
