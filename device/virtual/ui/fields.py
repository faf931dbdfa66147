"""Editable text fields (EditText): outlined with a floating label, the pill-shaped
search field, and the plain multi-line body that grows with its text."""

from __future__ import annotations

from device.virtual.ui import fonts, values
from device.virtual.ui.boxes import Box, FieldInfo, Fill, Icon, Paint, Rect, Stroke, Text
from device.virtual.ui.context import LayoutContext
from device.virtual.ui.schema import Ref, TextFieldWidget

_PLAIN_MAX_LINES = 6


def text_field(
    ctx: LayoutContext, widget: TextFieldWidget, key: str, top: int, left: int, right: int
) -> Box:
    """The field view; its node text is the text, else the hint or label, as on Android."""
    m, theme, scope = ctx.metrics, ctx.theme, ctx.scope
    ref = widget.bind or Ref(state=widget.id)
    text = values.read(ref, scope)
    hint, label = scope.text(widget.hint), scope.text(widget.label)
    focused = ctx.focused == key
    shown = "•" * len(text) if widget.password else text
    size, line_h = m.sp(16), m.sp(24)
    x0, x1 = left + m.dp(16), right - m.dp(16)
    text_x, text_right = x0 + m.dp(16), x1 - m.dp(16)
    plain = widget.style == "plain"
    if plain:
        text_x, text_right = x0 + m.dp(4), x1 - m.dp(4)
        lines = fonts.wrap(shown, text_right - text_x, size)[-_PLAIN_MAX_LINES:] if shown else []
        height = max(m.dp(56), len(lines) * line_h + m.dp(32))
    else:
        lines = [shown] if shown else []
        height = m.dp(56)
    rect: Rect = (x0, top + m.dp(8), x1, top + m.dp(8) + height)
    paint: list[Paint] = []
    if widget.style == "search":
        cy = (rect[1] + rect[3]) // 2
        paint += [
            Fill(rect, theme.container_high, m.dp(28)),
            Icon(x0 + m.dp(28), cy, "search", m.dp(24), theme.on_surface_variant),
        ]
        text_x = x0 + m.dp(52)
    elif not plain:
        paint += _outline(ctx, rect, label, floating=bool(shown) or focused, focused=focused)
    first_cy = (rect[1] + rect[3]) // 2 if not plain else rect[1] + m.dp(16) + line_h // 2
    if lines:
        paint += [
            Text(
                text_x,
                fonts.baseline(first_cy + i * line_h, size),
                fonts.ellipsize(line, text_right - text_x, size),
                size,
                theme.on_surface,
            )
            for i, line in enumerate(lines)
        ]
    else:
        placeholder = hint if (focused or not label or widget.style == "search") else label
        paint.append(
            Text(
                text_x,
                fonts.baseline(first_cy, size),
                fonts.ellipsize(placeholder, text_right - text_x, size),
                size,
                theme.on_surface_variant,
            )
        )
    if focused:
        last = lines[-1] if lines else ""
        caret_x = text_x + fonts.text_width(last, size) + m.dp(1)
        caret_cy = first_cy + max(0, len(lines) - 1) * line_h
        paint.append(
            Fill(
                (caret_x, caret_cy - m.sp(11), caret_x + m.dp(2), caret_cy + m.sp(11)),
                theme.primary,
            )
        )
    return Box(
        rect=(left, top, right, rect[3] + m.dp(8)),
        children=[
            Box(
                rect=rect,
                cls="android.widget.EditText",
                resource_id=ctx.res(widget.id),
                key=key,
                text=shown or hint or label,
                hint=hint or label,
                clickable=True,
                focusable=True,
                focused=focused,
                long_clickable=True,
                password=widget.password,
                editable=FieldInfo(
                    ref,
                    tuple(widget.on_submit),
                    keyboard=widget.keyboard,
                    multiline=plain,
                    max_value=widget.max_value,
                ),
                on_click=tuple(widget.on_click),
                paint=paint,
            )
        ],
    )


def _outline(
    ctx: LayoutContext, rect: Rect, label: str, *, floating: bool, focused: bool
) -> list[Paint]:
    """The 4dp-cornered outline; a floating label sits in a gap cut into its top edge."""
    m, theme = ctx.metrics, ctx.theme
    color = theme.primary if focused else theme.outline
    paint: list[Paint] = [Stroke(rect, color, m.dp(2 if focused else 1), m.dp(4))]
    if label and floating:
        size = m.sp(12)
        width = fonts.text_width(label, size)
        lx = rect[0] + m.dp(12)
        in_dialog = ctx.app.screens[ctx.screen].kind == "dialog"
        behind = theme.container_high if in_dialog else theme.surface
        paint += [
            Fill((lx, rect[1] - m.dp(3), lx + width + m.dp(8), rect[1] + m.dp(3)), behind),
            Text(
                lx + m.dp(4),
                fonts.baseline(rect[1], size),
                label,
                size,
                theme.primary if focused else theme.on_surface_variant,
            ),
        ]
    return paint
