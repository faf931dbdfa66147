"""Laying out one widget: spec + values -> a positioned Box with its paint and node.

Each builder gets the top edge and horizontal extent and returns a box whose
height is its own; the screen layout stacks them. Sizes are Material 3's, in dp/sp.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from device.virtual.ui import fonts, values
from device.virtual.ui.boxes import Box, Fill, Icon, Paint, Text
from device.virtual.ui.bubbles import bubble
from device.virtual.ui.buttons import button, icon_button
from device.virtual.ui.context import LayoutContext
from device.virtual.ui.controls import checkbox, radio, slider, tabs
from device.virtual.ui.fields import text_field
from device.virtual.ui.grid import grid
from device.virtual.ui.lists import for_each
from device.virtual.ui.rows import TEXT_VIEW, row, text_line
from device.virtual.ui.schema import (
    AppGridWidget,
    BubbleWidget,
    ButtonWidget,
    CategoryWidget,
    CheckboxWidget,
    DividerWidget,
    ForEachWidget,
    GridWidget,
    HeaderWidget,
    IconButtonWidget,
    LaunchAction,
    RadioWidget,
    RowWidget,
    SliderWidget,
    SpacerWidget,
    TabsWidget,
    TextFieldWidget,
    TextWidget,
    Widget,
)
from device.virtual.ui.theme import WHITE, hex_color


def build(
    ctx: LayoutContext, widget: Widget, key: str, top: int, left: int, right: int
) -> list[Box]:
    """Boxes for one widget (none when hidden; a for_each gives one per item)."""
    if not values.holds(widget.visible_if, ctx.scope):
        return []
    if isinstance(widget, ForEachWidget):
        return for_each(ctx, widget, key, top, left, right)
    builder: Callable[[LayoutContext, Any, str, int, int, int], Box] = _BUILDERS[type(widget)]
    return [builder(ctx, widget, key, top, left, right)]


def stack(
    ctx: LayoutContext, widgets: Sequence[Widget], prefix: str, top: int, left: int, right: int
) -> list[Box]:
    """Widgets one below the other; node keys are the widget id or prefix + position."""
    boxes: list[Box] = []
    for index, widget in enumerate(widgets):
        name = widget.id or f"{prefix}{index}"
        for box in build(ctx, widget, ctx.key(name), top, left, right):
            boxes.append(box)
            top = box.rect[3]
    return boxes


def _header(
    ctx: LayoutContext, widget: HeaderWidget, key: str, top: int, left: int, right: int
) -> Box:
    m = ctx.metrics
    size, height = m.sp(36), m.dp(112)
    x = left + m.dp(24)
    title = text_line(
        ctx,
        x,
        top + height - m.dp(72),
        m.dp(56),
        right - m.dp(24),
        ctx.scope.text(widget.text),
        size,
        ctx.theme.on_surface,
        ctx.res(widget.id),
    )
    title.key = key
    return Box(rect=(left, top, right, top + height), children=[title])


_TEXT_STYLES: dict[str, tuple[float, float, fonts.Weight]] = {
    "body": (16, 24, "regular"),
    "caption": (14, 20, "regular"),
    "headline": (24, 32, "regular"),
    "display": (57, 64, "regular"),
}
"""style -> (size sp, line height sp, weight), Material 3's type scale."""


def _text(ctx: LayoutContext, widget: TextWidget, key: str, top: int, left: int, right: int) -> Box:
    m, theme = ctx.metrics, ctx.theme
    text = ctx.scope.text(widget.text)
    size_sp, line_sp, weight = _TEXT_STYLES[widget.style]
    size, line_h = m.sp(size_sp), m.sp(line_sp)
    x, x1 = left + m.dp(20), right - m.dp(20)
    if widget.style == "display":
        # One line that shrinks to fit, as the calculator's auto-sizing display does.
        while size > m.sp(24) and fonts.text_width(text, size, weight) > x1 - x:
            size = round(size * 0.9)
        lines = [fonts.ellipsize(text, x1 - x, size, weight)]
    else:
        lines = fonts.wrap(text, x1 - x, size, weight)
    color = (
        theme.on_surface if widget.style in ("headline", "display") else theme.on_surface_variant
    )
    text_top = top + m.dp(16 if widget.style != "display" else 8)
    paint: list[Paint] = []
    for i, line in enumerate(lines):
        width = fonts.text_width(line, size, weight)
        line_x = {"start": x, "center": (x + x1 - width) // 2, "end": x1 - width}[widget.align]
        baseline = fonts.baseline(text_top + i * line_h + line_h // 2, size)
        paint.append(Text(line_x, baseline, line, size, color, weight))
    bottom = text_top + line_h * len(lines)
    return Box(
        rect=(left, top, right, bottom + m.dp(16 if widget.style != "display" else 8)),
        children=[
            Box(
                rect=(x, text_top, x1, bottom),
                cls=TEXT_VIEW,
                resource_id=ctx.res(widget.id),
                key=key,
                text=text,
                paint=paint,
            )
        ],
    )


def _category(
    ctx: LayoutContext, widget: CategoryWidget, key: str, top: int, left: int, right: int
) -> Box:
    m = ctx.metrics
    title = text_line(
        ctx,
        left + m.dp(20),
        top + m.dp(16),
        m.sp(24),
        right - m.dp(20),
        ctx.scope.text(widget.text),
        m.sp(14),
        ctx.theme.primary,
        "android:id/title",
        "medium",
    )
    title.key = key
    return Box(rect=(left, top, right, top + m.dp(16 + 8) + m.sp(24)), children=[title])


def _divider(
    ctx: LayoutContext, widget: DividerWidget, key: str, top: int, left: int, right: int
) -> Box:
    m = ctx.metrics
    line_top = top + m.dp(8)
    return Box(
        rect=(left, top, right, line_top + max(1, m.dp(1)) + m.dp(8)),
        paint=[
            Fill((left, line_top, right, line_top + max(1, m.dp(1))), ctx.theme.outline_variant)
        ],
    )


def _spacer(
    ctx: LayoutContext, widget: SpacerWidget, key: str, top: int, left: int, right: int
) -> Box:
    return Box(rect=(left, top, right, top + ctx.metrics.dp(widget.height_dp)))


def _app_grid(
    ctx: LayoutContext, widget: AppGridWidget, key: str, top: int, left: int, right: int
) -> Box:
    m = ctx.metrics
    x0, x1 = left + m.dp(8), right - m.dp(8)
    cell_w, cell_h = (x1 - x0) // widget.columns, m.dp(104)
    icon_r, size = m.dp(28), m.sp(13)
    label_color = WHITE
    cells: list[Box] = []
    apps = ctx.installed if widget.source == "installed" else ctx.recent
    for index, app in enumerate(apps):
        row, column = divmod(index, widget.columns)
        cx0, cy0 = x0 + column * cell_w, top + m.dp(8) + row * cell_h
        cx, cy = cx0 + cell_w // 2, cy0 + m.dp(8) + icon_r
        label = fonts.ellipsize(app.label, cell_w - m.dp(8), size)
        label_y = cy + icon_r + m.dp(8) + m.sp(10)
        cells.append(
            Box(
                rect=(cx0, cy0, cx0 + cell_w, cy0 + cell_h),
                cls=TEXT_VIEW,
                resource_id=ctx.res("icon"),
                text=app.label,
                content_desc=app.label,
                key=f"{key}/{app.package}",
                clickable=True,
                long_clickable=True,
                focusable=True,
                on_click=(LaunchAction(do="launch", package=app.package),),
                paint=[
                    Fill(
                        (cx - icon_r, cy - icon_r, cx + icon_r, cy + icon_r),
                        hex_color(app.icon.color),
                        icon_r,
                    ),
                    Icon(cx, cy, app.icon.name, m.dp(30), WHITE),
                    Text(
                        cx - fonts.text_width(label, size) // 2,
                        fonts.baseline(label_y, size),
                        label,
                        size,
                        label_color,
                    ),
                ],
            )
        )
    rows = -(-len(apps) // widget.columns)
    return Box(
        rect=(left, top, right, top + m.dp(16) + rows * cell_h),
        cls="android.view.ViewGroup",
        resource_id=ctx.res(widget.id),
        children=cells,
    )


_BUILDERS: dict[type, Callable[[LayoutContext, Any, str, int, int, int], Box]] = {
    HeaderWidget: _header,
    TextWidget: _text,
    CategoryWidget: _category,
    RowWidget: row,
    TextFieldWidget: text_field,
    ButtonWidget: button,
    IconButtonWidget: icon_button,
    SliderWidget: slider,
    RadioWidget: radio,
    CheckboxWidget: checkbox,
    TabsWidget: tabs,
    GridWidget: grid,
    BubbleWidget: bubble,
    DividerWidget: _divider,
    SpacerWidget: _spacer,
    AppGridWidget: _app_grid,
}
