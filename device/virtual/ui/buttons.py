"""Material 3 buttons: the common button (filled, tonal, outlined, text) and the 48dp
icon button."""

from __future__ import annotations

from device.virtual.ui import fonts
from device.virtual.ui.boxes import Box, Fill, Icon, Paint, Rect, Stroke, Text
from device.virtual.ui.context import LayoutContext
from device.virtual.ui.rows import IMAGE_BUTTON
from device.virtual.ui.schema import Action, ButtonWidget, IconButtonWidget
from device.virtual.ui.theme import Color

BUTTON = "android.widget.Button"


def button_width(ctx: LayoutContext, widget: ButtonWidget) -> int:
    """The natural width of a button: its label, icon and padding."""
    m = ctx.metrics
    icon_w = m.dp(18 + 8) if widget.icon else 0
    pad = m.dp(24 if widget.style == "text" else 48)
    return fonts.text_width(ctx.scope.text(widget.text), m.sp(14), "medium") + icon_w + pad


def button_view(ctx: LayoutContext, widget: ButtonWidget, key: str, rect: Rect) -> Box:
    """The 40dp button view itself, placed at rect."""
    m, theme = ctx.metrics, ctx.theme
    text = ctx.scope.text(widget.text)
    size = m.sp(14)
    cy = (rect[1] + rect[3]) // 2
    fill, ink = {
        "filled": (theme.primary, theme.on_primary),
        "tonal": (theme.secondary_container, theme.on_secondary_container),
        "outlined": (None, theme.primary),
        "text": (None, theme.primary),
    }[widget.style]
    paint: list[Paint] = []
    if fill is not None:
        paint.append(Fill(rect, fill, m.dp(20)))
    if widget.style == "outlined":
        paint.append(Stroke(rect, theme.outline, m.dp(1), m.dp(20)))
    icon_w = m.dp(18 + 8) if widget.icon else 0
    content_w = fonts.text_width(text, size, "medium") + icon_w
    x = (rect[0] + rect[2] - content_w) // 2
    if widget.icon:
        paint.append(Icon(x + m.dp(9), cy, widget.icon, m.dp(18), ink))
    shown = fonts.ellipsize(text, rect[2] - rect[0] - m.dp(16) - icon_w, size, "medium")
    paint.append(
        Text(
            max(rect[0] + m.dp(8), x + icon_w), fonts.baseline(cy, size), shown, size, ink, "medium"
        )
    )
    return Box(
        rect=rect,
        cls=BUTTON,
        resource_id=ctx.res(widget.id),
        key=key,
        text=text,
        clickable=True,
        focusable=True,
        on_click=tuple(widget.on_click),
        long_clickable=bool(widget.on_long_click),
        on_long_click=tuple(widget.on_long_click),
        paint=paint,
    )


def button(
    ctx: LayoutContext, widget: ButtonWidget, key: str, top: int, left: int, right: int
) -> Box:
    """A button at the start of its line, as wide as its label."""
    m = ctx.metrics
    width = min(right - left - m.dp(40), button_width(ctx, widget))
    x0 = left + m.dp(20)
    view = button_view(ctx, widget, key, (x0, top + m.dp(8), x0 + width, top + m.dp(48)))
    return Box(rect=(left, top, right, view.rect[3] + m.dp(8)), children=[view])


def icon_button_view(
    ctx: LayoutContext,
    rect: Rect,
    icon: str,
    *,
    desc: str,
    key: str,
    on_click: tuple[Action, ...],
    on_long_click: tuple[Action, ...] = (),
    color: Color | None = None,
    res: str = "",
) -> Box:
    """A borderless ImageButton with a 24dp icon centred in rect (48dp square)."""
    m = ctx.metrics
    ink = color or ctx.theme.on_surface_variant
    return Box(
        rect=rect,
        cls=IMAGE_BUTTON,
        resource_id=res,
        content_desc=desc,
        key=key,
        clickable=True,
        focusable=True,
        on_click=on_click,
        long_clickable=bool(on_long_click),
        on_long_click=on_long_click,
        paint=[Icon((rect[0] + rect[2]) // 2, (rect[1] + rect[3]) // 2, icon, m.dp(24), ink)],
    )


def icon_button(
    ctx: LayoutContext, widget: IconButtonWidget, key: str, top: int, left: int, right: int
) -> Box:
    """A 48dp icon button placed at the start, centre or end of its line."""
    m = ctx.metrics
    size = m.dp(48)
    x0 = {
        "start": left + m.dp(8),
        "center": (left + right - size) // 2,
        "end": right - m.dp(8) - size,
    }[widget.align]
    view = icon_button_view(
        ctx,
        (x0, top + m.dp(4), x0 + size, top + m.dp(4) + size),
        widget.icon,
        desc=ctx.scope.text(widget.desc or ""),
        key=key,
        on_click=tuple(widget.on_click),
        on_long_click=tuple(widget.on_long_click),
        res=ctx.res(widget.id),
    )
    return Box(rect=(left, top, right, view.rect[3] + m.dp(4)), children=[view])
