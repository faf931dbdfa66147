"""Laying out list rows (icon or avatar, title, summary, switch or check box, trailing
button), the heart of Settings-, Contacts- and Clock-like screens."""

from __future__ import annotations

from device.virtual.ui import fonts, values
from device.virtual.ui.boxes import Box, Fill, Icon, Paint, Text
from device.virtual.ui.context import LayoutContext
from device.virtual.ui.schema import RowWidget, ToggleAction
from device.virtual.ui.theme import WHITE, Color, avatar_color, hex_color
from device.virtual.ui.toggles import check_mark, dim, switch

TEXT_VIEW = "android.widget.TextView"
IMAGE_VIEW = "android.widget.ImageView"
IMAGE_BUTTON = "android.widget.ImageButton"


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


def letter_avatar(ctx: LayoutContext, name: str, cx: int, cy: int, radius: int) -> list[Paint]:
    """The first letter of a name, white on a circle whose colour the name picks."""
    letter = name.strip()[:1].upper() or "?"
    size = round(radius * 0.9)
    return [
        Fill((cx - radius, cy - radius, cx + radius, cy + radius), avatar_color(name), radius),
        Text(
            cx - fonts.text_width(letter, size, "medium") // 2,
            fonts.baseline(cy, size),
            letter,
            size,
            WHITE,
            "medium",
        ),
    ]


def row(ctx: LayoutContext, widget: RowWidget, key: str, top: int, left: int, right: int) -> Box:
    """A list item; a switch or check box without `on_click` toggles from the whole row.
    With `on_click` (or both a switch and a check box) they are views of their own, as
    on Android: a tap on one toggles it and a tap elsewhere on the row runs the row's."""
    m, theme, scope = ctx.metrics, ctx.theme, ctx.scope
    pad = m.dp(20)
    leading = bool(widget.icon or widget.avatar)
    text_x = left + pad + (m.dp(56) if leading else 0)
    text_right = right - pad
    if widget.switch is not None:
        text_right -= m.dp(52 + 16)
    if widget.checkbox is not None:
        text_right -= m.dp(48)
    if widget.trailing_icon:
        text_right -= m.dp(48 if widget.on_trailing_click else 24 + 16)
    title, summary_text = scope.text(widget.title), scope.text(widget.summary)
    large = widget.title_style == "large"
    title_size, summary_size = m.sp(44 if large else 18), m.sp(14)
    title_h, summary_h = m.sp(52 if large else 24), m.sp(20)
    summary = (
        fonts.wrap(summary_text, text_right - text_x, summary_size, max_lines=2)
        if summary_text
        else []
    )
    text_h = title_h + summary_h * len(summary)
    height = max(m.dp(72) if summary else m.dp(56), text_h + 2 * m.dp(16 if not large else 12))
    bottom = top + height
    text_top = top + (height - text_h) // 2
    cy = top + height // 2
    children: list[Box] = []
    if leading:
        children.append(_leading(ctx, widget, left + pad + m.dp(20), cy))
    children.append(
        text_line(
            ctx,
            text_x,
            text_top,
            title_h,
            text_right,
            title,
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
                text=summary_text,
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
    toggle: ToggleAction | None = None
    if widget.switch is not None:
        on = values.is_on(widget.switch, scope)
        toggle = ToggleAction(do="toggle", **widget.switch.model_dump())
        switch_box = switch(ctx, trailing_right, cy, on, widget.enabled)
        if widget.on_click:
            switch_box.clickable = True
            switch_box.on_click = (toggle,)
        children.append(switch_box)
        trailing_right -= m.dp(52 + 16)
    if widget.checkbox is not None:
        on = values.is_on(widget.checkbox, scope)
        tick = ToggleAction(do="toggle", **widget.checkbox.model_dump())
        toggle = toggle or tick
        half = m.dp(24)
        check_box = Box(
            rect=(trailing_right - 2 * half, cy - half, trailing_right, cy + half),
            cls="android.widget.CheckBox",
            resource_id="android:id/checkbox",
            checkable=True,
            checked=on,
            enabled=widget.enabled,
            paint=check_mark(ctx, trailing_right - half, cy, on, widget.enabled),
        )
        if widget.on_click or widget.switch is not None:
            check_box.key = f"{key}/checkbox"
            check_box.clickable = check_box.focusable = True
            check_box.on_click = (tick,)
        children.append(check_box)
        trailing_right -= 2 * half
    if widget.trailing_icon:
        children.append(_trailing(ctx, widget, key, trailing_right, cy))
    actions = tuple(widget.on_click)
    if not actions and toggle is not None:
        actions = (toggle,)
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


def _leading(ctx: LayoutContext, widget: RowWidget, cx: int, cy: int) -> Box:
    """The 40dp leading slot: a letter avatar, an icon on a colour circle, or a plain icon."""
    m, theme = ctx.metrics, ctx.theme
    slot = m.dp(20)
    paint: list[Paint]
    if widget.avatar is not None:
        paint = letter_avatar(ctx, ctx.scope.text(widget.avatar), cx, cy, slot)
    elif widget.icon_color:
        paint = [
            Fill((cx - slot, cy - slot, cx + slot, cy + slot), hex_color(widget.icon_color), slot),
            Icon(cx, cy, widget.icon or "", m.dp(24), WHITE),
        ]
    else:
        color = dim(ctx, theme.on_surface_variant, widget.enabled)
        paint = [Icon(cx, cy, widget.icon or "", m.dp(24), color)]
    return Box(
        rect=(cx - slot, cy - slot, cx + slot, cy + slot),
        cls=IMAGE_VIEW,
        resource_id="android:id/icon",
        paint=paint,
    )


def _trailing(ctx: LayoutContext, widget: RowWidget, key: str, right: int, cy: int) -> Box:
    """The trailing icon: an ImageButton with its own action (delete, call), else an image."""
    m = ctx.metrics
    desc = ctx.scope.text(widget.trailing_desc or "")
    color = dim(ctx, ctx.theme.on_surface_variant, widget.enabled)
    if widget.on_trailing_click:
        half = m.dp(24)
        return Box(
            rect=(right - 2 * half, cy - half, right, cy + half),
            cls=IMAGE_BUTTON,
            content_desc=desc,
            key=f"{key}/trailing",
            clickable=True,
            focusable=True,
            enabled=widget.enabled,
            on_click=tuple(widget.on_trailing_click),
            paint=[Icon(right - half, cy, widget.trailing_icon or "", m.dp(24), color)],
        )
    return Box(
        rect=(right - m.dp(24), cy - m.dp(12), right, cy + m.dp(12)),
        cls=IMAGE_VIEW,
        content_desc=desc,
        paint=[Icon(right - m.dp(12), cy, widget.trailing_icon or "", m.dp(24), color)],
    )
