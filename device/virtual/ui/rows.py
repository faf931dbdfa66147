"""Laying out list rows (icon, title, summary, switch), the heart of Settings-like screens,
and `for_each` lists of rows filled from a list state variable."""

from __future__ import annotations

import re
from typing import Any

from device.virtual.ui import fonts, values
from device.virtual.ui.boxes import Box, Fill, Icon, Paint, Rect, Stroke, Text
from device.virtual.ui.context import LayoutContext
from device.virtual.ui.schema import ForEachWidget, RowWidget, ToggleAction
from device.virtual.ui.theme import WHITE, Color, hex_color

TEXT_VIEW = "android.widget.TextView"


def dim(ctx: LayoutContext, color: Color, enabled: bool) -> Color:
    """Disabled content is drawn at 38% over the surface, as Material does."""
    if enabled:
        return color
    base = ctx.theme.surface
    return (
        round(base[0] + (color[0] - base[0]) * 0.38),
        round(base[1] + (color[1] - base[1]) * 0.38),
        round(base[2] + (color[2] - base[2]) * 0.38),
    )


def text_line(
    ctx: LayoutContext,
    x: int,
    top: int,
    height: int,
    right: int,
    text: str,
    size: int,
    color: Color,
    res: str,
    weight: fonts.Weight = "regular",
) -> Box:
    """A single-line TextView filling [x, right), text vertically centred."""
    shown = fonts.ellipsize(text, right - x, size, weight)
    baseline = fonts.baseline(top + height // 2, size)
    return Box(
        rect=(x, top, right, top + height),
        cls=TEXT_VIEW,
        resource_id=res,
        text=text,
        paint=[Text(x, baseline, shown, size, color, weight)],
    )


def for_each(
    ctx: LayoutContext, widget: ForEachWidget, key: str, top: int, left: int, right: int
) -> list[Box]:
    boxes: list[Box] = []
    for index, item in enumerate(ctx.scope.items(widget.items, widget.app)):
        filled = _fill(widget.row, {**item, "index": str(index)})
        if not values.holds(filled.visible_if, ctx.scope):
            continue
        box = row(ctx, filled, f"{key}[{index}]", top, left, right)
        boxes.append(box)
        top = box.rect[3]
    return boxes


def _fill(template: RowWidget, item: dict[str, str]) -> RowWidget:
    """The row template with `{field}` placeholders replaced by the item's values."""

    def sub(value: Any) -> Any:
        if isinstance(value, str):
            return re.sub(r"\{(\w+)\}", lambda m: item.get(m.group(1), m.group(0)), value)
        if isinstance(value, dict):
            return {name: sub(inner) for name, inner in value.items()}
        if isinstance(value, list):
            return [sub(inner) for inner in value]
        return value

    return RowWidget.model_validate(sub(template.model_dump(exclude_none=True)))


def row(ctx: LayoutContext, widget: RowWidget, key: str, top: int, left: int, right: int) -> Box:
    m, theme = ctx.metrics, ctx.theme
    pad = m.dp(20)
    text_x = left + pad + (m.dp(56) if widget.icon else 0)
    text_right = right - pad
    if widget.switch is not None:
        text_right -= m.dp(52 + 16)
    if widget.trailing_icon:
        text_right -= m.dp(24 + 16)
    title_size, summary_size = m.sp(18), m.sp(14)
    title_h, summary_h = m.sp(24), m.sp(20)
    summary = (
        fonts.wrap(widget.summary, text_right - text_x, summary_size, max_lines=2)
        if widget.summary
        else []
    )
    text_h = title_h + summary_h * len(summary)
    height = max(m.dp(72) if summary else m.dp(56), text_h + 2 * m.dp(16))
    bottom = top + height
    text_top = top + (height - text_h) // 2
    on = widget.switch is not None and values.is_on(widget.switch, ctx.scope)
    children: list[Box] = []
    if widget.icon:
        cx, cy, slot = left + pad + m.dp(20), top + height // 2, m.dp(20)
        paint: list[Paint]
        if widget.icon_color:
            paint = [
                Fill(
                    (cx - slot, cy - slot, cx + slot, cy + slot), hex_color(widget.icon_color), slot
                ),
                Icon(cx, cy, widget.icon, m.dp(24), WHITE),
            ]
        else:
            paint = [
                Icon(
                    cx,
                    cy,
                    widget.icon,
                    m.dp(24),
                    dim(ctx, theme.on_surface_variant, widget.enabled),
                )
            ]
        children.append(
            Box(
                rect=(cx - slot, cy - slot, cx + slot, cy + slot),
                cls="android.widget.ImageView",
                resource_id="android:id/icon",
                paint=paint,
            )
        )
    children.append(
        text_line(
            ctx,
            text_x,
            text_top,
            title_h,
            text_right,
            widget.title,
            title_size,
            dim(ctx, theme.on_surface, widget.enabled),
            "android:id/title",
        )
    )
    if summary:
        color = dim(ctx, theme.on_surface_variant, widget.enabled)
        lines_top = text_top + title_h
        children.append(
            Box(
                rect=(text_x, lines_top, text_right, lines_top + summary_h * len(summary)),
                cls=TEXT_VIEW,
                resource_id="android:id/summary",
                text=widget.summary,
                paint=[
                    Text(
                        text_x,
                        fonts.baseline(lines_top + summary_h * i + summary_h // 2, summary_size),
                        line,
                        summary_size,
                        color,
                    )
                    for i, line in enumerate(summary)
                ],
            )
        )
    trailing_right = right - pad
    if widget.switch is not None:
        switch_box = _switch(ctx, trailing_right, top + height // 2, on, widget.enabled)
        if widget.on_click:
            switch_box.clickable = True
            switch_box.on_click = (ToggleAction(do="toggle", **widget.switch.model_dump()),)
        children.append(switch_box)
        trailing_right -= m.dp(52 + 16)
    if widget.trailing_icon:
        cy = top + height // 2
        children.append(
            Box(
                rect=(trailing_right - m.dp(24), cy - m.dp(12), trailing_right, cy + m.dp(12)),
                cls="android.widget.ImageView",
                paint=[
                    Icon(
                        trailing_right - m.dp(12),
                        cy,
                        widget.trailing_icon,
                        m.dp(24),
                        theme.on_surface_variant,
                    )
                ],
            )
        )
    actions = tuple(widget.on_click)
    if not actions and widget.switch is not None:
        actions = (ToggleAction(do="toggle", **widget.switch.model_dump()),)
    return Box(
        rect=(left, top, right, bottom),
        cls="android.widget.LinearLayout",
        resource_id=ctx.res(widget.id),
        key=key,
        clickable=bool(actions),
        focusable=True,
        enabled=widget.enabled,
        on_click=actions,
        long_clickable=bool(widget.on_long_click),
        on_long_click=tuple(widget.on_long_click),
        children=children,
    )


def _switch(ctx: LayoutContext, right: int, cy: int, on: bool, enabled: bool) -> Box:
    """An M3 switch: 52x32dp track; a 24dp thumb with a check when on, 16dp when off."""
    m, theme = ctx.metrics, ctx.theme
    rect: Rect = (right - m.dp(52), cy - m.dp(16), right, cy + m.dp(16))
    radius = m.dp(16)
    paint: list[Paint]
    if on:
        thumb_x, thumb_r = rect[2] - m.dp(16), m.dp(12)
        paint = [
            Fill(rect, dim(ctx, theme.primary, enabled), radius),
            Fill(
                (thumb_x - thumb_r, cy - thumb_r, thumb_x + thumb_r, cy + thumb_r),
                theme.on_primary,
                thumb_r,
            ),
            Icon(thumb_x, cy, "check", m.dp(16), theme.on_primary_container),
        ]
    else:
        thumb_x, thumb_r = rect[0] + m.dp(16), m.dp(8)
        paint = [
            Fill(rect, theme.container_highest, radius),
            Stroke(rect, dim(ctx, theme.outline, enabled), m.dp(2), radius),
            Fill(
                (thumb_x - thumb_r, cy - thumb_r, thumb_x + thumb_r, cy + thumb_r),
                dim(ctx, theme.outline, enabled),
                thumb_r,
            ),
        ]
    return Box(
        rect=rect,
        cls="android.widget.Switch",
        resource_id="android:id/switch_widget",
        checkable=True,
        checked=on,
        enabled=enabled,
        paint=paint,
    )
