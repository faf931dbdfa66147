"""Controls bound to one value: the slider (SeekBar), radio button and check box rows,
and a row of tabs."""

from __future__ import annotations

from device.virtual.ui import fonts, values
from device.virtual.ui.boxes import Box, Fill, Icon, Paint, SliderInfo, Text
from device.virtual.ui.context import LayoutContext
from device.virtual.ui.rows import TEXT_VIEW, text_line
from device.virtual.ui.schema import (
    CheckboxWidget,
    RadioWidget,
    SetAction,
    SliderWidget,
    TabsWidget,
    ToggleAction,
)
from device.virtual.ui.toggles import check_mark, radio_mark


def slider(
    ctx: LayoutContext, widget: SliderWidget, key: str, top: int, left: int, right: int
) -> Box:
    """An M3 slider: an optional label line, then a 16dp track (active part primary) with a
    4dp-wide handle standing at the value; the SeekBar spans the 48dp touch row."""
    m, theme, scope = ctx.metrics, ctx.theme, ctx.scope
    children: list[Box] = []
    label = scope.text(widget.label)
    if label:
        children.append(
            text_line(
                ctx,
                left + m.dp(20),
                top + m.dp(8),
                m.sp(24),
                right - m.dp(20),
                label,
                m.sp(16),
                theme.on_surface,
                "android:id/title",
            )
        )
    bar_top = children[-1].rect[3] if children else top + m.dp(4)
    x0 = left + m.dp(20)
    paint: list[Paint] = []
    if widget.icon:
        paint.append(
            Icon(x0 + m.dp(12), bar_top + m.dp(24), widget.icon, m.dp(24), theme.on_surface_variant)
        )
        x0 += m.dp(40)
    x1 = right - m.dp(20)
    track: tuple[int, int] = (x0 + m.dp(8), x1 - m.dp(8))
    low, high = widget.min, max(widget.max, widget.min + 1)
    try:
        value = float(values.read(widget.bind, scope) or low)
    except ValueError:
        value = low
    fraction = max(0.0, min(1.0, (value - low) / (high - low)))
    hx = track[0] + round((track[1] - track[0]) * fraction)
    cy, half, gap = bar_top + m.dp(24), m.dp(8), m.dp(6)
    if hx - gap > track[0]:
        paint.append(Fill((track[0], cy - half, hx - gap, cy + half), theme.primary, m.dp(8)))
    if hx + gap < track[1]:
        paint.append(
            Fill((hx + gap, cy - half, track[1], cy + half), theme.secondary_container, m.dp(8))
        )
        dot = m.dp(2)
        paint.append(
            Fill(
                (track[1] - m.dp(6) - dot, cy - dot, track[1] - m.dp(6) + dot, cy + dot),
                theme.primary,
                dot,
            )
        )
    paint.append(
        Fill((hx - m.dp(2), cy - m.dp(22), hx + m.dp(2), cy + m.dp(22)), theme.primary, m.dp(2))
    )
    children.append(
        Box(
            rect=(x0, bar_top, x1, bar_top + m.dp(48)),
            cls="android.widget.SeekBar",
            resource_id=ctx.res(widget.id),
            key=key,
            text=f"{value:.1f}",
            content_desc=label,
            clickable=True,
            focusable=True,
            slider=SliderInfo(widget.bind, widget.min, widget.max, widget.step, track),
            paint=paint,
        )
    )
    return Box(rect=(left, top, right, bar_top + m.dp(56)), children=children)


def _mark_row(
    ctx: LayoutContext, cls: str, text: str, key: str, top: int, left: int, right: int
) -> tuple[Box, int, int]:
    """A 56dp row view with its label after a 48dp mark slot; (box, mark cx, mark cy)."""
    m = ctx.metrics
    height = m.dp(56)
    size = m.sp(16)
    text_x = left + m.dp(20 + 48)
    shown = fonts.ellipsize(text, right - m.dp(20) - text_x, size)
    cy = top + height // 2
    box = Box(
        rect=(left, top, right, top + height),
        cls=cls,
        key=key,
        text=text,
        checkable=True,
        clickable=True,
        focusable=True,
        paint=[Text(text_x, fonts.baseline(cy, size), shown, size, ctx.theme.on_surface)],
    )
    return box, left + m.dp(20 + 12), cy


def radio(
    ctx: LayoutContext, widget: RadioWidget, key: str, top: int, left: int, right: int
) -> Box:
    """A RadioButton row: checked when the bound value is this one's; a tap stores it."""
    scope = ctx.scope
    value = scope.text(widget.value)
    box, cx, cy = _mark_row(
        ctx, "android.widget.RadioButton", scope.text(widget.text), key, top, left, right
    )
    box.resource_id = ctx.res(widget.id)
    box.checked = values.read(widget.bind, scope) == value
    box.on_click = (
        SetAction(do="set", value=value, **widget.bind.model_dump(exclude_none=True)),
        *widget.on_click,
    )
    box.paint += radio_mark(ctx, cx, cy, box.checked)
    return box


def checkbox(
    ctx: LayoutContext, widget: CheckboxWidget, key: str, top: int, left: int, right: int
) -> Box:
    """A CheckBox row toggling its value, then running `on_click`."""
    box, cx, cy = _mark_row(
        ctx, "android.widget.CheckBox", ctx.scope.text(widget.text), key, top, left, right
    )
    box.resource_id = ctx.res(widget.id)
    box.checked = values.is_on(widget.bind, ctx.scope)
    box.on_click = (ToggleAction(do="toggle", **widget.bind.model_dump()), *widget.on_click)
    box.paint += check_mark(ctx, cx, cy, box.checked)
    return box


def tabs(ctx: LayoutContext, widget: TabsWidget, key: str, top: int, left: int, right: int) -> Box:
    """Fixed tabs sharing the width: the selected one in primary over a 3dp indicator."""
    m, theme, scope = ctx.metrics, ctx.theme, ctx.scope
    height, size = m.dp(48), m.sp(14)
    current = values.read(widget.bind, scope)
    count = max(1, len(widget.tabs))
    children: list[Box] = []
    bottom = top + height
    for index, tab in enumerate(widget.tabs):
        x0 = left + (right - left) * index // count
        x1 = left + (right - left) * (index + 1) // count
        text, value = scope.text(tab.text), scope.text(tab.value)
        selected = value == current
        color = theme.primary if selected else theme.on_surface_variant
        shown = fonts.ellipsize(text, x1 - x0 - m.dp(16), size, "medium")
        width = fonts.text_width(shown, size, "medium")
        cx = (x0 + x1) // 2
        paint: list[Paint] = []
        if selected:
            half = max(width, m.dp(24)) // 2
            paint.append(
                Fill((cx - half, bottom - m.dp(3), cx + half, bottom), theme.primary, m.dp(1))
            )
        label = Box(
            rect=(
                cx - width // 2,
                top + m.dp(14),
                cx - width // 2 + max(1, width),
                bottom - m.dp(14),
            ),
            cls=TEXT_VIEW,
            text=text,
            selected=selected,
            paint=[
                Text(
                    cx - width // 2,
                    fonts.baseline(top + height // 2, size),
                    shown,
                    size,
                    color,
                    "medium",
                )
            ],
        )
        children.append(
            Box(
                rect=(x0, top, x1, bottom),
                cls="android.widget.LinearLayout",
                content_desc=text,
                key=f"{key}/{index}",
                clickable=True,
                focusable=True,
                selected=selected,
                on_click=(
                    SetAction(do="set", value=value, **widget.bind.model_dump(exclude_none=True)),
                ),
                paint=paint,
                children=[label],
            )
        )
    return Box(
        rect=(left, top, right, bottom + max(1, m.dp(1))),
        cls="android.widget.HorizontalScrollView",
        resource_id=ctx.res(widget.id or "tabs"),
        key=key,
        paint=[Fill((left, bottom, right, bottom + max(1, m.dp(1))), theme.outline_variant)],
        children=children,
    )
