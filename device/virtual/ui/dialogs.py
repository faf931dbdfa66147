"""A screen of kind dialog: a scrim over the page below and a centred M3 dialog card
(headline, body widgets, footer buttons in a right-aligned row).

The scrim is no view (a dialog window reports only its own views) but takes every
tap outside the card and goes back, as a dialog that is cancelable on touch outside."""

from __future__ import annotations

from device.virtual.ui import fonts
from device.virtual.ui.boxes import Box, Fill, Rect, Text, moved
from device.virtual.ui.buttons import button_view, button_width
from device.virtual.ui.context import LayoutContext
from device.virtual.ui.schema import BackAction, ButtonWidget, Screen
from device.virtual.ui.theme import BLACK, SCRIM_ALPHA
from device.virtual.ui.widgets import stack

_BUTTON_IDS = ("android:id/button1", "android:id/button2", "android:id/button3")


def dialog_window(ctx: LayoutContext, area: Rect, width: int, height: int) -> Box:
    """The scrim over the whole screen and the card centred in `area` (the space between
    the system bars and above the keyboard)."""
    m, theme = ctx.metrics, ctx.theme
    screen = ctx.app.screens[ctx.screen]
    card_w = min(m.dp(560), area[2] - area[0] - m.dp(48))
    x0 = (area[0] + area[2] - card_w) // 2
    x1 = x0 + card_w
    pad = m.dp(24)
    children: list[Box] = []
    y = pad
    title = ctx.scope.text(screen.title)
    if title:
        size, line_h = m.sp(24), m.sp(32)
        lines = fonts.wrap(title, card_w - 2 * pad, size)
        children.append(
            Box(
                rect=(x0 + pad, y, x1 - pad, y + line_h * len(lines)),
                cls="android.widget.TextView",
                resource_id="android:id/alertTitle",
                text=title,
                paint=[
                    Text(
                        x0 + pad,
                        fonts.baseline(y + i * line_h + line_h // 2, size),
                        line,
                        size,
                        theme.on_surface,
                    )
                    for i, line in enumerate(lines)
                ],
            )
        )
        y += line_h * len(lines) + m.dp(8)
    body = stack(ctx, screen.widgets, "", y, x0 + m.dp(4), x1 - m.dp(4))
    y = body[-1].rect[3] if body else y
    footer = _footer(ctx, screen, y + m.dp(8), x0, x1)
    content_h = (footer.rect[3] if footer.children else y) + pad - m.dp(8)
    room = area[3] - area[1] - m.dp(48)
    card_h = min(content_h, room)
    top = (area[1] + area[3] - card_h) // 2
    # A card taller than the room scrolls its body; the footer stays at its bottom.
    overflow = max(0, content_h - card_h)
    offset = min(max(0, ctx.scroll_px), overflow)
    footer_h = footer.rect[3] - footer.rect[1] if footer.children else 0
    body_rect: Rect = (x0, top, x1, top + card_h - footer_h - (pad - m.dp(8) if footer_h else 0))
    scroller = Box(
        rect=body_rect,
        cls="android.widget.ScrollView" if overflow else None,
        key=ctx.key("dialog_body"),
        clips=True,
        scrollable=overflow > 0,
        scroll_range_px=overflow,
        children=[moved(box, top - offset) for box in children + body],
    )
    parts = [scroller]
    if footer.children:
        parts.append(moved(footer, top + card_h - content_h))
    card = Box(
        rect=(x0, top, x1, top + card_h),
        cls="android.widget.FrameLayout",
        resource_id="android:id/content",
        key=ctx.key("dialog"),
        modal=True,
        paint=[Fill((x0, top, x1, top + card_h), theme.container_high, m.dp(28))],
        children=parts,
    )
    return Box(
        rect=(0, 0, width, height),
        clickable=True,
        on_click=(BackAction(do="back"),),
        paint=[Fill((0, 0, width, height), BLACK, 0, SCRIM_ALPHA)],
        children=[card],
    )


def _footer(ctx: LayoutContext, screen: Screen, top: int, x0: int, x1: int) -> Box:
    """Footer buttons as text buttons in a row at the card's right (the positive action
    last, android:id/button1); other footer widgets stack above that row."""
    m = ctx.metrics
    pad = m.dp(24)
    buttons = [w for w in screen.footer if isinstance(w, ButtonWidget)]
    others = [w for w in screen.footer if not isinstance(w, ButtonWidget)]
    children = stack(ctx, others, "footer", top, x0 + m.dp(4), x1 - m.dp(4))
    y = children[-1].rect[3] if children else top
    right = x1 - pad + m.dp(12)
    for order, widget in enumerate(reversed(buttons)):
        index = screen.footer.index(widget)
        styled = widget.model_copy(update={"style": "text"})
        width = button_width(ctx, styled)
        view = button_view(
            ctx,
            styled,
            ctx.key(widget.id or f"footer{index}"),
            (right - width, y, right, y + m.dp(40)),
        )
        if not widget.id and order < len(_BUTTON_IDS):
            view.resource_id = _BUTTON_IDS[order]
        children.append(view)
        right -= width + m.dp(8)
    bottom = max((box.rect[3] for box in children), default=top)
    return Box(rect=(x0, top, x1, bottom), children=children)
