"""Chat bubbles (Messages): incoming on the left in a neutral container, outgoing on the
right in the primary container, each with its time below."""

from __future__ import annotations

from device.virtual.ui import fonts
from device.virtual.ui.boxes import Box, Fill, Paint, Text
from device.virtual.ui.context import LayoutContext
from device.virtual.ui.rows import TEXT_VIEW
from device.virtual.ui.schema import BubbleWidget


def bubble(
    ctx: LayoutContext, widget: BubbleWidget, key: str, top: int, left: int, right: int
) -> Box:
    """The bubble (a TextView, at most 3/4 of the width) and its time caption."""
    m, theme, scope = ctx.metrics, ctx.theme, ctx.scope
    text, time = scope.text(widget.text), scope.text(widget.time)
    outgoing = scope.text(widget.outgoing) == "1"
    size, line_h, pad_x, pad_y = m.sp(16), m.sp(22), m.dp(16), m.dp(10)
    max_w = (right - left) * 3 // 4 - 2 * pad_x
    lines = fonts.wrap(text, max_w, size)
    width = max(fonts.text_width(line, size) for line in lines) + 2 * pad_x
    height = line_h * len(lines) + 2 * pad_y
    y0 = top + m.dp(6)
    if outgoing:
        x0 = right - m.dp(16) - width
        fill, ink = theme.primary_container, theme.on_primary_container
    else:
        x0 = left + m.dp(16)
        fill, ink = theme.container_high, theme.on_surface
    rect = (x0, y0, x0 + width, y0 + height)
    paint: list[Paint] = [Fill(rect, fill, m.dp(20))]
    paint += [
        Text(
            x0 + pad_x, fonts.baseline(y0 + pad_y + i * line_h + line_h // 2, size), line, size, ink
        )
        for i, line in enumerate(lines)
    ]
    children = [
        Box(
            rect=rect,
            cls=TEXT_VIEW,
            resource_id=ctx.res(widget.id or "message_text"),
            key=key,
            text=text,
            long_clickable=True,
            paint=paint,
        )
    ]
    bottom = rect[3]
    if time:
        caption_size, caption_h = m.sp(12), m.sp(16)
        caption_w = fonts.text_width(time, caption_size)
        cx0 = rect[2] - m.dp(4) - caption_w if outgoing else x0 + m.dp(4)
        caption_top = bottom + m.dp(2)
        children.append(
            Box(
                rect=(cx0, caption_top, cx0 + max(1, caption_w), caption_top + caption_h),
                cls=TEXT_VIEW,
                resource_id=ctx.res("message_time"),
                text=time,
                paint=[
                    Text(
                        cx0,
                        fonts.baseline(caption_top + caption_h // 2, caption_size),
                        time,
                        caption_size,
                        theme.on_surface_variant,
                    )
                ],
            )
        )
        bottom = caption_top + caption_h
    return Box(rect=(left, top, right, bottom + m.dp(6)), children=children)
