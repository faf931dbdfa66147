"""Laying out an app window: toolbar, scrolling body (a RecyclerView) and footer.

The window covers the whole screen (edge to edge, as on Android 15); its content
sits between the status bar and the navigation bar insets. The body is built
once at its natural height, then shifted by the page's scroll offset, clamped.
"""

from __future__ import annotations

from collections.abc import Sequence

from device.virtual.ui import fonts
from device.virtual.ui.boxes import Box, Fill, Gradient, Icon, Paint, Text, moved
from device.virtual.ui.context import LayoutContext
from device.virtual.ui.schema import BackAction, Screen, Widget
from device.virtual.ui.widgets import build

STATUS_BAR_DP = 24
NAV_BAR_DP = 48


def app_window(pages: Sequence[LayoutContext], width: int, height: int) -> Box:
    """The window root of an app: its full-screen page (pages[0]) with the dialogs
    opened over it (pages[1:]) on top."""
    ctx = pages[0]
    scroll_px = ctx.scroll_px
    m, theme = ctx.metrics, ctx.theme
    screen = ctx.app.screens[ctx.screen]
    top, bottom = m.dp(STATUS_BAR_DP), height - m.dp(NAV_BAR_DP)
    background: Paint = Fill((0, 0, width, height), theme.surface)
    if screen.background == "wallpaper":
        background = Gradient((0, 0, width, height), theme.wallpaper_top, theme.wallpaper_bottom)
    children: list[Box] = []
    if screen.toolbar == "up":
        children.append(_toolbar(ctx, screen, top, width))
        top = children[-1].rect[3]
    footer = _stack(ctx, screen.footer, "footer", 0, width)
    footer_h = sum(box.rect[3] - box.rect[1] for box in footer)
    footer_top = bottom - footer_h
    body = _body(ctx, screen, (0, top, width, footer_top), scroll_px)
    children.append(body)
    if footer:
        children.append(
            Box(
                rect=(0, footer_top, width, bottom),
                cls="android.widget.LinearLayout",
                children=[moved(box, footer_top) for box in footer],
            )
        )
    content = Box(
        rect=(0, 0, width, height),
        cls="android.widget.FrameLayout",
        resource_id="android:id/content",
        children=children,
    )
    return Box(
        rect=(0, 0, width, height),
        cls="android.widget.FrameLayout",
        paint=[background],
        children=[content],
    )


def _body(
    ctx: LayoutContext, screen: Screen, rect: tuple[int, int, int, int], scroll_px: int
) -> Box:
    boxes = _stack(ctx, screen.widgets, "", rect[1], rect[2])
    content_bottom = boxes[-1].rect[3] if boxes else rect[1]
    scroll_range = max(0, content_bottom + ctx.metrics.dp(8) - rect[3])
    offset = max(0, min(scroll_px, scroll_range))
    cls = (
        "android.view.ViewGroup"
        if screen.background == "wallpaper"
        else "androidx.recyclerview.widget.RecyclerView"
    )
    name = "workspace_page" if screen.background == "wallpaper" else "recycler_view"
    return Box(
        rect=rect,
        cls=cls,
        resource_id=ctx.res(name),
        key=ctx.key(name),
        scrollable=scroll_range > 0,
        focusable=scroll_range > 0,
        clips=True,
        scroll_range_px=scroll_range,
        children=[moved(box, -offset) for box in boxes] if offset else boxes,
    )


def _stack(
    ctx: LayoutContext, widgets: Sequence[Widget], prefix: str, top: int, width: int
) -> list[Box]:
    """Widgets one below the other; node keys are the widget id or its position."""
    boxes: list[Box] = []
    for index, widget in enumerate(widgets):
        name = widget.id or f"{prefix}{index}"
        for box in build(ctx, widget, ctx.key(name), top, 0, width):
            boxes.append(box)
            top = box.rect[3]
    return boxes


def _toolbar(ctx: LayoutContext, screen: Screen, top: int, width: int) -> Box:
    """An M3 small top app bar: 'Navigate up' arrow and the title."""
    m, theme = ctx.metrics, ctx.theme
    height = m.dp(64)
    cy = top + height // 2
    up = Box(
        rect=(m.dp(4), cy - m.dp(24), m.dp(52), cy + m.dp(24)),
        cls="android.widget.ImageButton",
        content_desc="Navigate up",
        clickable=True,
        focusable=True,
        key=ctx.key("navigate_up"),
        on_click=(BackAction(do="back"),),
        paint=[Icon(m.dp(28), cy, "arrow_back", m.dp(24), theme.on_surface)],
    )
    size = m.sp(22)
    title_x = m.dp(64)
    shown = fonts.ellipsize(screen.title, width - title_x - m.dp(16), size)
    title = Box(
        rect=(title_x, cy - m.sp(14), width - m.dp(16), cy + m.sp(14)),
        cls="android.widget.TextView",
        text=screen.title,
        paint=[Text(title_x, fonts.baseline(cy, size), shown, size, theme.on_surface)],
    )
    return Box(
        rect=(0, top, width, top + height),
        cls="android.view.ViewGroup",
        resource_id=ctx.res("action_bar"),
        children=[up, title],
    )
