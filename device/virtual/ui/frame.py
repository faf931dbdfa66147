"""Composing one frame: the app window (its shown pages), the system dialog, the soft
keyboard, the bars and a toast, bottom to top, from a snapshot of the engine's state."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from device.virtual.settings import Settings
from device.virtual.ui.boxes import Box, Rect, contains, intersect
from device.virtual.ui.context import LayoutContext, Metrics
from device.virtual.ui.ime import IME, KEYBOARD_DP, ImeMode, Keyboard, Layout, keyboard
from device.virtual.ui.layout import NAV_BAR_DP, app_window
from device.virtual.ui.overlays import PERMISSION_CONTROLLER, permission_dialog, toast
from device.virtual.ui.schema import AppSpec, PermissionSpec
from device.virtual.ui.system import SYSTEMUI, SystemState, navigation_bar, status_bar
from device.virtual.ui.tasks import Task
from device.virtual.ui.theme import WHITE, current_theme
from device.virtual.ui.values import Scope


@dataclass(frozen=True)
class Toast:
    """A toast on screen until `until` (time.monotonic)."""

    text: str
    package: str
    until: float


@dataclass(frozen=True)
class Frame:
    """The laid-out screen: window roots bottom to top, each with its package."""

    key: tuple[object, ...]
    windows: tuple[tuple[Box, str], ...]
    active: int = 0
    """Index of the window that has focus (the app, or the permission dialog)."""
    keyboard: Keyboard | None = None
    asking: bool = False
    """The permission dialog shows."""


@dataclass(frozen=True)
class FrameInputs:
    """What the frame shows."""

    size: tuple[int, int]
    density_dpi: int
    settings: Settings
    task: Task
    """The front app's task."""
    scopes: list[Scope]
    """One per shown page (the topmost full page, then the dialogs over it)."""
    loading: tuple[bool, ...]
    installed: tuple[AppSpec, ...]
    recent: tuple[AppSpec, ...]
    asking: PermissionSpec | None
    toast: Toast | None
    ime: ImeMode
    clock: str


def build_frame(key: tuple[object, ...], inputs: FrameInputs) -> Frame:
    settings, task = inputs.settings, inputs.task
    try:
        font_scale = float(settings.get("system", "font_scale") or 1.0)
    except ValueError:
        font_scale = 1.0
    m = Metrics(inputs.density_dpi, max(0.5, min(2.0, font_scale)))
    theme = current_theme(settings)
    width, height = inputs.size
    nav_top = height - m.dp(NAV_BAR_DP)
    focused = task.top.focused if inputs.asking is None else None
    ime_px = height - (nav_top - m.dp(KEYBOARD_DP)) if focused else 0
    app_box = _app_window(inputs, m, ime_px)
    board: Keyboard | None = None
    if focused:
        field = find_box(app_box, focused)
        if field is not None and field.editable is not None:
            board = keyboard(
                m,
                theme,
                inputs.size,
                nav_top,
                layout=_layout(field.editable.keyboard),
                mode=inputs.ime,
                search="search" in f"{field.resource_id} {field.hint}".lower(),
            )
        else:
            app_box = _app_window(inputs, m, 0)
    windows: list[tuple[Box, str]] = [(app_box, task.app.package)]
    if inputs.asking is not None:
        windows.append(
            (permission_dialog(m, theme, inputs.asking, inputs.size), PERMISSION_CONTROLLER)
        )
    if board is not None:
        windows.append((board.box, IME))
    wallpaper = task.app.screens[task.shown()[0].screen].background == "wallpaper"
    ink = WHITE if wallpaper or theme.dark or inputs.asking else theme.on_surface
    system = SystemState(
        clock=inputs.clock,
        wifi_on=settings.flag("global", "wifi_on"),
        airplane_on=settings.flag("global", "airplane_mode_on"),
        show_battery_percent=settings.flag("system", "status_bar_show_battery_percent"),
    )
    windows.append((status_bar(m, width, system, ink), SYSTEMUI))
    windows.append((navigation_bar(m, width, height, ink, ime_shown=board is not None), SYSTEMUI))
    if inputs.toast is not None:
        bottom = (board.box.rect[1] if board is not None else nav_top) - m.dp(48)
        app = next(
            (a for a in (task.app, *inputs.installed) if a.package == inputs.toast.package),
            task.app,
        )
        windows.append(
            (toast(m, theme, app, inputs.toast.text, width, bottom), inputs.toast.package)
        )
    return Frame(
        key=key,
        windows=tuple(windows),
        active=1 if inputs.asking is not None else 0,
        keyboard=board,
        asking=inputs.asking is not None,
    )


def _app_window(inputs: FrameInputs, m: Metrics, ime_px: int) -> Box:
    task = inputs.task
    theme = current_theme(inputs.settings)
    pages = [
        LayoutContext(
            metrics=m,
            theme=theme,
            scope=scope,
            app=task.app,
            screen=shown.screen,
            focused=shown.focused,
            installed=inputs.installed,
            recent=inputs.recent,
            scroll_px=shown.scroll_px,
            menu_open=shown.menu_open,
            loading=loading,
            ime_px=ime_px,
        )
        for shown, scope, loading in zip(task.shown(), inputs.scopes, inputs.loading, strict=True)
    ]
    return app_window(pages, *inputs.size)


def _layout(name: str) -> Layout:
    layouts: dict[str, Layout] = {"number": "number", "phone": "phone", "email": "email"}
    return layouts.get(name, "text")


def find_box(root: Box, key: str) -> Box | None:
    """The box with this node key in a window."""
    stack = [root]
    while stack:
        box = stack.pop()
        if box.key == key:
            return box
        stack.extend(box.children)
    return None


def find_at(box: Box, x: int, y: int, clip: Rect, wanted: Callable[[Box], bool]) -> Box | None:
    """The deepest visible box under (x, y) that is `wanted` (clipped as drawn)."""
    visible = intersect(box.rect, clip)
    if not contains(visible, x, y):
        return None
    inner = visible if box.clips else clip
    for child in reversed(box.children):
        found = find_at(child, x, y, inner, wanted)
        if found is not None:
            return found
    return box if wanted(box) else None
