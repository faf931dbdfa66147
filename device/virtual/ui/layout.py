"""Laying out an app window: toolbar, scrolling body (a RecyclerView), footer, floating
button, bottom navigation and overflow menu, with dialogs stacked over the page.

The window covers the whole screen (edge to edge, as on Android 15); its content
sits between the status bar and the navigation bar insets, and above the soft
keyboard when it shows (adjustResize). The body is built once at its natural
height, then shifted by the page's scroll offset, clamped.
"""

from __future__ import annotations

from collections.abc import Sequence

from device.virtual.ui import values
from device.virtual.ui.boxes import Box, Fill, Gradient, Paint, Rect, moved
from device.virtual.ui.chrome import bottom_nav, fab, menu_popup, spinner, toolbar
from device.virtual.ui.context import LayoutContext
from device.virtual.ui.dialogs import dialog_window
from device.virtual.ui.schema import Screen
from device.virtual.ui.widgets import stack

STATUS_BAR_DP = 24
NAV_BAR_DP = 48


def app_window(pages: Sequence[LayoutContext], width: int, height: int) -> Box:
    """The window root of an app: its full-screen page (pages[0]) with the dialogs
    opened over it (pages[1:]) on top; the dialogs' views come after the page's."""
    ctx = pages[0]
    theme = ctx.theme
    screen = ctx.app.screens[ctx.screen]
    background: Paint = Fill((0, 0, width, height), theme.surface)
    if screen.background == "wallpaper":
        background = Gradient((0, 0, width, height), theme.wallpaper_top, theme.wallpaper_bottom)
    children: list[Box] = [_page(ctx, screen, width, height)]
    for dialog in pages[1:]:
        children.append(dialog_window(dialog, _content_area(dialog, width, height), width, height))
    return Box(
        rect=(0, 0, width, height),
        cls="android.widget.FrameLayout",
        paint=[background],
        children=children,
    )


def _content_area(ctx: LayoutContext, width: int, height: int) -> Rect:
    """Between the status bar and the navigation bar or the keyboard, whichever is taller."""
    m = ctx.metrics
    return 0, m.dp(STATUS_BAR_DP), width, height - max(m.dp(NAV_BAR_DP), ctx.ime_px)


def _page(ctx: LayoutContext, screen: Screen, width: int, height: int) -> Box:
    area = _content_area(ctx, width, height)
    top, bottom = area[1], area[3]
    children: list[Box] = []
    if screen.toolbar != "none":
        children.append(toolbar(ctx, screen, top, width))
        top = children[-1].rect[3]
    nav: Box | None = None
    if screen.bottom_nav and ctx.ime_px == 0:
        nav = bottom_nav(ctx, screen, bottom, width, height)
        bottom = nav.rect[1]
    footer = stack(ctx, screen.footer, "footer", 0, 0, width)
    footer_h = sum(box.rect[3] - box.rect[1] for box in footer)
    footer_top = bottom - footer_h
    children.append(_body(ctx, screen, (0, top, width, footer_top)))
    if footer:
        children.append(
            Box(
                rect=(0, footer_top, width, bottom),
                cls="android.widget.LinearLayout",
                children=[moved(box, footer_top) for box in footer],
            )
        )
    shows_fab = screen.fab is not None and values.holds(screen.fab.visible_if, ctx.scope)
    if shows_fab and not ctx.loading:
        children.append(fab(ctx, screen, width, footer_top))
    if nav is not None:
        children.append(nav)
    if ctx.menu_open and screen.menu:
        children.append(menu_popup(ctx, screen, area[1], width))
    return Box(
        rect=(0, 0, width, height),
        cls="android.widget.FrameLayout",
        resource_id="android:id/content",
        children=children,
    )


def _body(ctx: LayoutContext, screen: Screen, rect: Rect) -> Box:
    wallpaper = screen.background == "wallpaper"
    cls = "android.view.ViewGroup" if wallpaper else "androidx.recyclerview.widget.RecyclerView"
    name = "workspace_page" if wallpaper else "recycler_view"
    if ctx.loading:
        return Box(
            rect=rect,
            cls="android.widget.FrameLayout",
            resource_id=ctx.res(name),
            children=[spinner(ctx, rect)],
        )
    boxes = stack(ctx, screen.widgets, "", rect[1], 0, rect[2])
    content_bottom = boxes[-1].rect[3] if boxes else rect[1]
    scroll_range = max(0, content_bottom + ctx.metrics.dp(8) - rect[3])
    offset = max(0, min(ctx.scroll_px, scroll_range))
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
