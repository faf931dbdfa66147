"""Laying out one widget: spec + values -> a positioned Box with its paint and node.

Each builder gets the top edge and horizontal extent and returns a box whose
height is its own; the screen layout stacks them. Sizes are Material 3's, in dp/sp.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from device.virtual.ui import fonts, values
from device.virtual.ui.boxes import Box, FieldInfo, Fill, Icon, Paint, Rect, Stroke, Text
from device.virtual.ui.context import LayoutContext
from device.virtual.ui.rows import TEXT_VIEW, for_each, row, text_line
from device.virtual.ui.schema import (
    AppGridWidget,
    ButtonWidget,
    CategoryWidget,
    DividerWidget,
    ForEachWidget,
    HeaderWidget,
    LaunchAction,
    Ref,
    RowWidget,
    SpacerWidget,
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


def _text_field(
    ctx: LayoutContext, widget: TextFieldWidget, key: str, top: int, left: int, right: int
) -> Box:
    m, theme = ctx.metrics, ctx.theme
    ref = widget.bind or Ref(state=widget.id)
    text = values.read(ref, ctx.scope)
    focused = ctx.focused == key
    x0, x1 = left + m.dp(16), right - m.dp(16)
    rect: Rect = (x0, top + m.dp(8), x1, top + m.dp(8 + 56))
    cy, size = (rect[1] + rect[3]) // 2, m.sp(16)
    paint: list[Paint] = []
    text_x = x0 + m.dp(16)
    if widget.style == "search":
        paint += [
            Fill(rect, theme.container_high, m.dp(28)),
            Icon(x0 + m.dp(28), cy, "search", m.dp(24), theme.on_surface_variant),
        ]
        text_x = x0 + m.dp(52)
    else:
        paint.append(
            Stroke(
                rect,
                theme.primary if focused else theme.outline,
                m.dp(2 if focused else 1),
                m.dp(4),
            )
        )
    shown = "•" * len(text) if widget.password else text
    line = fonts.ellipsize(shown or widget.hint, x1 - m.dp(16) - text_x, size)
    color = theme.on_surface if shown else theme.on_surface_variant
    paint.append(Text(text_x, fonts.baseline(cy, size), line, size, color))
    if focused:
        caret_x = text_x + (fonts.text_width(line, size) if shown else 0) + m.dp(1)
        paint.append(
            Fill((caret_x, cy - m.sp(11), caret_x + m.dp(2), cy + m.sp(11)), theme.primary)
        )
    return Box(
        rect=(left, top, right, rect[3] + m.dp(8)),
        children=[
            Box(
                rect=rect,
                cls="android.widget.EditText",
                resource_id=ctx.res(widget.id),
                key=key,
                text=shown or widget.hint,
                hint=widget.hint,
                clickable=True,
                focusable=True,
                focused=focused,
                long_clickable=True,
                password=widget.password,
                editable=FieldInfo(ref, tuple(widget.on_submit)),
                on_click=tuple(widget.on_click),
                paint=paint,
            )
        ],
    )


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
        widget.text,
        size,
        ctx.theme.on_surface,
        ctx.res(widget.id),
    )
    title.key = key
    return Box(rect=(left, top, right, top + height), children=[title])


def _text(ctx: LayoutContext, widget: TextWidget, key: str, top: int, left: int, right: int) -> Box:
    m = ctx.metrics
    size = m.sp(16 if widget.style == "body" else 14)
    line_h = m.sp(24 if widget.style == "body" else 20)
    x, x1 = left + m.dp(20), right - m.dp(20)
    lines = fonts.wrap(widget.text, x1 - x, size)
    text_top = top + m.dp(16)
    paint: list[Paint] = [
        Text(
            x,
            fonts.baseline(text_top + i * line_h + line_h // 2, size),
            line,
            size,
            ctx.theme.on_surface_variant,
        )
        for i, line in enumerate(lines)
    ]
    return Box(
        rect=(left, top, right, text_top + line_h * len(lines) + m.dp(16)),
        children=[
            Box(
                rect=(x, text_top, x1, text_top + line_h * len(lines)),
                cls=TEXT_VIEW,
                resource_id=ctx.res(widget.id),
                key=key,
                text=widget.text,
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
        widget.text,
        m.sp(14),
        ctx.theme.primary,
        "android:id/title",
        "medium",
    )
    title.key = key
    return Box(rect=(left, top, right, top + m.dp(16 + 8) + m.sp(24)), children=[title])


def _button(
    ctx: LayoutContext, widget: ButtonWidget, key: str, top: int, left: int, right: int
) -> Box:
    m, theme = ctx.metrics, ctx.theme
    size = m.sp(14)
    icon_w = m.dp(18 + 8) if widget.icon else 0
    width = min(
        right - left - m.dp(40), fonts.text_width(widget.text, size, "medium") + icon_w + m.dp(48)
    )
    x0 = left + m.dp(20)
    rect: Rect = (x0, top + m.dp(8), x0 + width, top + m.dp(48))
    cy = (rect[1] + rect[3]) // 2
    fill, ink = {
        "filled": (theme.primary, theme.on_primary),
        "tonal": (theme.secondary_container, theme.on_surface),
        "outlined": (None, theme.primary),
        "text": (None, theme.primary),
    }[widget.style]
    paint: list[Paint] = []
    if fill is not None:
        paint.append(Fill(rect, fill, m.dp(20)))
    if widget.style == "outlined":
        paint.append(Stroke(rect, theme.outline, m.dp(1), m.dp(20)))
    if widget.icon:
        paint.append(Icon(x0 + m.dp(24 + 9), cy, widget.icon, m.dp(18), ink))
    paint.append(
        Text(x0 + m.dp(24) + icon_w, fonts.baseline(cy, size), widget.text, size, ink, "medium")
    )
    return Box(
        rect=(left, top, right, rect[3] + m.dp(8)),
        children=[
            Box(
                rect=rect,
                cls="android.widget.Button",
                resource_id=ctx.res(widget.id),
                key=key,
                text=widget.text,
                clickable=True,
                focusable=True,
                on_click=tuple(widget.on_click),
                long_clickable=bool(widget.on_long_click),
                on_long_click=tuple(widget.on_long_click),
                paint=paint,
            )
        ],
    )


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
    TextFieldWidget: _text_field,
    ButtonWidget: _button,
    DividerWidget: _divider,
    SpacerWidget: _spacer,
    AppGridWidget: _app_grid,
}
