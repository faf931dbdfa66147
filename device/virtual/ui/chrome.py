"""The fixed parts of an app page around its body: the top app bar with its action and
overflow buttons, the overflow menu popup, the floating action button, the bottom
navigation bar and the loading spinner."""

from __future__ import annotations

from device.virtual.ui import fonts, values
from device.virtual.ui.boxes import Arc, Box, Fill, Icon, Paint, Text
from device.virtual.ui.buttons import BUTTON, icon_button_view
from device.virtual.ui.context import LayoutContext
from device.virtual.ui.rows import IMAGE_BUTTON, IMAGE_VIEW, TEXT_VIEW
from device.virtual.ui.schema import BackAction, MenuAction, OpenAction, Screen
from device.virtual.ui.theme import BLACK

TOOLBAR_DP = 64
BOTTOM_NAV_DP = 80


def toolbar(ctx: LayoutContext, screen: Screen, top: int, width: int) -> Box:
    """An M3 small top app bar: 'Navigate up' (toolbar "up"), the title, action buttons
    and the 'More options' overflow button when the screen has a menu."""
    m, theme, scope = ctx.metrics, ctx.theme, ctx.scope
    height = m.dp(TOOLBAR_DP)
    cy = top + height // 2
    half = m.dp(24)
    children: list[Box] = []
    title_x = m.dp(16)
    if screen.toolbar == "up":
        children.append(
            icon_button_view(
                ctx,
                (m.dp(4), cy - half, m.dp(4) + 2 * half, cy + half),
                "arrow_back",
                desc="Navigate up",
                key=ctx.key("navigate_up"),
                on_click=(BackAction(do="back"),),
                color=theme.on_surface,
            )
        )
        title_x = m.dp(64)
    right = width - m.dp(4)
    buttons: list[Box] = []
    if screen.menu:
        buttons.append(
            icon_button_view(
                ctx,
                (right - 2 * half, cy - half, right, cy + half),
                "more_vert",
                desc="More options",
                key=ctx.key("overflow"),
                on_click=(MenuAction(do="menu"),),
            )
        )
        right -= 2 * half
    for index, action in reversed(list(enumerate(screen.actions))):
        if not values.holds(action.visible_if, scope):
            continue
        buttons.insert(
            0,
            icon_button_view(
                ctx,
                (right - 2 * half, cy - half, right, cy + half),
                action.icon,
                desc=scope.text(action.desc or ""),
                key=ctx.key(action.id or f"action{index}"),
                on_click=tuple(action.on_click),
                on_long_click=tuple(action.on_long_click),
                res=ctx.res(action.id),
            ),
        )
        right -= 2 * half
    title = scope.text(screen.title)
    if title:
        size = m.sp(22)
        title_right = max(title_x + 1, right - m.dp(8))
        shown = fonts.ellipsize(title, title_right - title_x, size)
        children.append(
            Box(
                rect=(title_x, cy - m.sp(14), title_right, cy + m.sp(14)),
                cls=TEXT_VIEW,
                text=title,
                paint=[Text(title_x, fonts.baseline(cy, size), shown, size, theme.on_surface)],
            )
        )
    return Box(
        rect=(0, top, width, top + height),
        cls="android.view.ViewGroup",
        resource_id=ctx.res("toolbar"),
        children=children + buttons,
    )


def menu_popup(ctx: LayoutContext, screen: Screen, top: int, width: int) -> Box:
    """The overflow menu: an elevated card at the top right listing the menu items."""
    m, theme, scope = ctx.metrics, ctx.theme, ctx.scope
    size, item_h, pad = m.sp(16), m.dp(48), m.dp(12)
    shown_items = [item for item in screen.menu if values.holds(item.visible_if, scope)]
    texts = [scope.text(item.text) for item in shown_items]
    widest = max((fonts.text_width(text, size) for text in texts), default=0)
    card_w = min(width - m.dp(16), max(m.dp(112), widest + 2 * pad + m.dp(24)))
    x1 = width - m.dp(8)
    x0 = x1 - card_w
    y0 = top + m.dp(4)
    y1 = y0 + m.dp(8) * 2 + item_h * len(texts)
    radius = m.dp(4)
    items: list[Box] = []
    for index, (item, text) in enumerate(zip(shown_items, texts, strict=True)):
        iy = y0 + m.dp(8) + index * item_h
        shown = fonts.ellipsize(text, card_w - 2 * pad, size)
        items.append(
            Box(
                rect=(x0, iy, x1, iy + item_h),
                cls=TEXT_VIEW,
                resource_id="android:id/title",
                key=ctx.key(item.id or f"menu{index}"),
                text=text,
                clickable=True,
                focusable=True,
                on_click=tuple(item.on_click),
                long_clickable=bool(item.on_long_click),
                on_long_click=tuple(item.on_long_click),
                paint=[
                    Text(
                        x0 + pad,
                        fonts.baseline(iy + item_h // 2, size),
                        shown,
                        size,
                        theme.on_surface,
                    )
                ],
            )
        )
    shadow = m.dp(2)
    return Box(
        rect=(x0, y0, x1, y1),
        cls="android.widget.ListView",
        modal=True,
        paint=[
            Fill((x0 - shadow, y0, x1 + shadow, y1 + 2 * shadow), BLACK, radius + shadow, 24),
            Fill((x0, y0, x1, y1 + shadow), BLACK, radius, 30),
            Fill((x0, y0, x1, y1), theme.container, radius),
        ],
        children=items,
    )


def fab(ctx: LayoutContext, screen: Screen, right: int, bottom: int) -> Box:
    """The 56dp floating action button (ImageButton), or an extended one with a label
    (Button), its bottom right corner 16dp in from (right, bottom)."""
    m, theme, scope = ctx.metrics, ctx.theme, ctx.scope
    spec = screen.fab
    assert spec is not None
    text = scope.text(spec.text or "")
    size = m.sp(16)
    height = m.dp(56)
    width = height if not text else m.dp(16 + 24 + 12 + 20) + fonts.text_width(text, size, "medium")
    x1, y1 = right - m.dp(16), bottom - m.dp(16)
    rect = (x1 - width, y1 - height, x1, y1)
    cy = y1 - height // 2
    shadow = m.dp(2)
    paint: list[Paint] = [
        Fill((rect[0], rect[1] + shadow, rect[2], rect[3] + shadow), BLACK, m.dp(16), 40),
        Fill(rect, theme.primary_container, m.dp(16)),
    ]
    if text:
        paint += [
            Icon(rect[0] + m.dp(16 + 12), cy, spec.icon, m.dp(24), theme.on_primary_container),
            Text(
                rect[0] + m.dp(16 + 24 + 12),
                fonts.baseline(cy, size),
                text,
                size,
                theme.on_primary_container,
                "medium",
            ),
        ]
    else:
        paint.append(
            Icon((rect[0] + rect[2]) // 2, cy, spec.icon, m.dp(24), theme.on_primary_container)
        )
    return Box(
        rect=rect,
        cls=BUTTON if text else IMAGE_BUTTON,
        resource_id=ctx.res(spec.id or "fab"),
        key=ctx.key(spec.id or "fab"),
        text=text,
        content_desc=scope.text(spec.desc or ""),
        clickable=True,
        focusable=True,
        on_click=tuple(spec.on_click),
        long_clickable=bool(spec.on_long_click),
        on_long_click=tuple(spec.on_long_click),
        paint=paint,
    )


def bottom_nav(ctx: LayoutContext, screen: Screen, bottom: int, width: int, height: int) -> Box:
    """An M3 navigation bar (80dp) ending at `bottom`; its surface runs on under the system
    navigation bar to the screen's edge. The current screen's item wears the pill."""
    m, theme, scope = ctx.metrics, ctx.theme, ctx.scope
    top = bottom - m.dp(BOTTOM_NAV_DP)
    count = max(1, len(screen.bottom_nav))
    items: list[Box] = []
    size = m.sp(12)
    for index, item in enumerate(screen.bottom_nav):
        x0, x1 = width * index // count, width * (index + 1) // count
        cx = (x0 + x1) // 2
        selected = scope.text(item.screen) == ctx.screen
        label = scope.text(item.label)
        icon_cy = top + m.dp(12 + 16)
        ink = theme.on_secondary_container if selected else theme.on_surface_variant
        pill: list[Paint] = []
        if selected:
            pill.append(
                Fill(
                    (cx - m.dp(32), icon_cy - m.dp(16), cx + m.dp(32), icon_cy + m.dp(16)),
                    theme.secondary_container,
                    m.dp(16),
                )
            )
        shown = fonts.ellipsize(label, x1 - x0 - m.dp(8), size, "medium")
        label_w = fonts.text_width(shown, size, "medium")
        label_cy = icon_cy + m.dp(16 + 4 + 8)
        items.append(
            Box(
                rect=(x0, top, x1, bottom),
                cls="android.widget.FrameLayout",
                resource_id=ctx.res(f"nav_{item.screen}"),
                key=ctx.key(f"nav_{item.screen}"),
                content_desc=label,
                clickable=True,
                focusable=True,
                selected=selected,
                on_click=(OpenAction(do="open", screen=item.screen, replace=True),),
                paint=pill,
                children=[
                    Box(
                        rect=(cx - m.dp(12), icon_cy - m.dp(12), cx + m.dp(12), icon_cy + m.dp(12)),
                        cls=IMAGE_VIEW,
                        resource_id=ctx.res("navigation_bar_item_icon_view"),
                        paint=[Icon(cx, icon_cy, item.icon, m.dp(24), ink)],
                    ),
                    Box(
                        rect=(
                            cx - label_w // 2,
                            label_cy - m.sp(8),
                            cx - label_w // 2 + max(1, label_w),
                            label_cy + m.sp(8),
                        ),
                        cls=TEXT_VIEW,
                        resource_id=ctx.res("navigation_bar_item_large_label_view"),
                        text=label,
                        selected=selected,
                        paint=[
                            Text(
                                cx - label_w // 2,
                                fonts.baseline(label_cy, size),
                                shown,
                                size,
                                theme.on_surface if selected else theme.on_surface_variant,
                                "medium",
                            )
                        ],
                    ),
                ],
            )
        )
    return Box(
        rect=(0, top, width, bottom),
        cls="android.widget.FrameLayout",
        resource_id=ctx.res("navigation_bar"),
        paint=[Fill((0, top, width, height), theme.container)],
        children=items,
    )


def spinner(ctx: LayoutContext, rect: tuple[int, int, int, int]) -> Box:
    """An M3 circular progress indicator (a 48dp ProgressBar) centred in rect."""
    m = ctx.metrics
    cx, cy = (rect[0] + rect[2]) // 2, (rect[1] + rect[3]) // 2
    r = m.dp(24)
    return Box(
        rect=(cx - r, cy - r, cx + r, cy + r),
        cls="android.widget.ProgressBar",
        resource_id=ctx.res("progress"),
        key=ctx.key("progress"),
        paint=[Arc(cx, cy, r - m.dp(4), -90, 270, ctx.theme.primary, m.dp(4))],
    )
