"""The marks of two-state controls: the M3 switch, check box and radio button.

Each is the view a real app reports (Switch, CheckBox) or the paint of a mark
drawn inside a larger row view (RadioButton, CheckBox rows), so rows, dialogs and
lists all draw them alike.
"""

from __future__ import annotations

from device.virtual.ui.boxes import Box, Fill, Icon, Paint, Rect, Stroke
from device.virtual.ui.context import LayoutContext
from device.virtual.ui.theme import Color


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


def switch(ctx: LayoutContext, right: int, cy: int, on: bool, enabled: bool) -> Box:
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


def check_mark(ctx: LayoutContext, cx: int, cy: int, on: bool, enabled: bool = True) -> list[Paint]:
    """An 18dp check box: an outline when off, a filled primary square with a tick when on."""
    m, theme = ctx.metrics, ctx.theme
    half = m.dp(9)
    rect: Rect = (cx - half, cy - half, cx + half, cy + half)
    if on:
        return [
            Fill(rect, dim(ctx, theme.primary, enabled), m.dp(2)),
            Icon(cx, cy, "check", m.dp(16), theme.on_primary),
        ]
    return [Stroke(rect, dim(ctx, theme.on_surface_variant, enabled), m.dp(2), m.dp(2))]


def radio_mark(ctx: LayoutContext, cx: int, cy: int, on: bool) -> list[Paint]:
    """A 20dp radio circle; the selected one is primary with a 10dp dot."""
    m, theme = ctx.metrics, ctx.theme
    r, dot = m.dp(10), m.dp(5)
    ring = theme.primary if on else theme.on_surface_variant
    paint: list[Paint] = [Stroke((cx - r, cy - r, cx + r, cy + r), ring, m.dp(2), r)]
    if on:
        paint.append(Fill((cx - dot, cy - dot, cx + dot, cy + dot), theme.primary, dot))
    return paint
