"""System windows drawn over apps: the toast pill and the runtime permission dialog.

Both are code rather than app data: Android draws them itself (SystemUI shows a
toast for the app; the permission controller owns the dialog), with their own
packages and resource ids that test scripts match on.
"""

from __future__ import annotations

from device.virtual.ui import fonts
from device.virtual.ui.boxes import Box, Fill, Icon, Paint, Text
from device.virtual.ui.context import Metrics
from device.virtual.ui.schema import AppSpec, PermissionSpec
from device.virtual.ui.theme import BLACK, SCRIM_ALPHA, WHITE, Theme, hex_color

PERMISSION_CONTROLLER = "com.google.android.permissioncontroller"
GRANT_ACTIVITY = "com.android.permissioncontroller.permission.ui.GrantPermissionsActivity"
_PC = "com.android.permissioncontroller:id"


def toast(m: Metrics, theme: Theme, app: AppSpec, text: str, width: int, bottom: int) -> Box:
    """An Android 12+ toast: a pill with the app's icon and at most two lines of text."""
    size, icon = m.sp(14), m.dp(24)
    pad, gap = m.dp(16), m.dp(8)
    max_text = min(width - m.dp(48), m.dp(320)) - 2 * pad - icon - gap
    lines = fonts.wrap(text, max_text, size, max_lines=2)
    line_h = m.sp(20)
    text_w = max(fonts.text_width(line, size) for line in lines)
    box_w = 2 * pad + icon + gap + text_w
    box_h = max(m.dp(48), len(lines) * line_h + m.dp(24))
    left = (width - box_w) // 2
    top = bottom - box_h
    cy = top + box_h // 2
    background = theme.container_highest if theme.dark else WHITE
    paint: list[Paint] = [
        Fill((left, top, left + box_w, bottom), theme.outline_variant, box_h // 2),
        Fill((left + 1, top + 1, left + box_w - 1, bottom - 1), background, box_h // 2),
        Fill(
            (left + pad, cy - icon // 2, left + pad + icon, cy + icon // 2),
            hex_color(app.icon.color),
            icon // 2,
        ),
        Icon(left + pad + icon // 2, cy, app.icon.name, m.dp(16), WHITE),
    ]
    text_x = left + pad + icon + gap
    first = cy - (len(lines) - 1) * line_h // 2
    for index, line in enumerate(lines):
        paint.append(
            Text(text_x, fonts.baseline(first + index * line_h, size), line, size, theme.on_surface)
        )
    return Box(
        rect=(left, top, left + box_w, bottom),
        cls="android.widget.TextView",
        resource_id="android:id/message",
        text=text,
        key="toast/message",
        paint=paint,
    )


def permission_dialog(
    m: Metrics, theme: Theme, permission: PermissionSpec, size: tuple[int, int]
) -> Box:
    """The permission controller's grant dialog: a scrim, then a card with the
    permission's icon, the question and stacked Allow / Don't allow buttons."""
    width, height = size
    card_w = min(width - 2 * m.dp(24), m.dp(560))
    left = (width - card_w) // 2
    pad = m.dp(24)
    size_px = m.sp(22)
    lines = fonts.wrap(permission.message, card_w - 2 * pad, size_px)
    line_h = m.sp(30)
    button_h, button_gap = m.dp(48), m.dp(8)
    card_h = pad + m.dp(32) + m.dp(16) + len(lines) * line_h + m.dp(24)
    card_h += 2 * button_h + button_gap + pad
    top = (height - card_h) // 2
    y = top + pad
    icon_box = Box(
        rect=(width // 2 - m.dp(16), y, width // 2 + m.dp(16), y + m.dp(32)),
        cls="android.widget.ImageView",
        resource_id=f"{_PC}/permission_icon",
        paint=[Icon(width // 2, y + m.dp(16), permission.icon, m.dp(28), theme.primary)],
    )
    y += m.dp(32) + m.dp(16)
    message_paint: list[Paint] = []
    for index, line in enumerate(lines):
        cy = y + index * line_h + line_h // 2
        line_w = fonts.text_width(line, size_px)
        message_paint.append(
            Text(
                width // 2 - line_w // 2,
                fonts.baseline(cy, size_px),
                line,
                size_px,
                theme.on_surface,
            )
        )
    message = Box(
        rect=(left + pad, y, left + card_w - pad, y + len(lines) * line_h),
        cls="android.widget.TextView",
        resource_id=f"{_PC}/permission_message",
        text=permission.message,
        paint=message_paint,
    )
    y += len(lines) * line_h + m.dp(24)
    buttons = []
    for name, label in (
        ("permission_allow_button", "Allow"),
        ("permission_deny_button", "Don't allow"),
    ):
        rect = (left + pad, y, left + card_w - pad, y + button_h)
        label_size = m.sp(14)
        label_w = fonts.text_width(label, label_size, "medium")
        cy = y + button_h // 2
        buttons.append(
            Box(
                rect=rect,
                cls="android.widget.Button",
                resource_id=f"{_PC}/{name}",
                text=label,
                key=f"permission/{name}",
                clickable=True,
                focusable=True,
                paint=[
                    Fill(rect, theme.secondary_container, button_h // 2),
                    Text(
                        width // 2 - label_w // 2,
                        fonts.baseline(cy, label_size),
                        label,
                        label_size,
                        theme.on_secondary_container,
                        "medium",
                    ),
                ],
            )
        )
        y += button_h + button_gap
    card = Box(
        rect=(left, top, left + card_w, top + card_h),
        cls="android.widget.LinearLayout",
        resource_id=f"{_PC}/grant_singleton",
        modal=True,
        paint=[Fill((left, top, left + card_w, top + card_h), theme.container_high, m.dp(28))],
        children=[icon_box, message, *buttons],
    )
    return Box(
        rect=(0, 0, width, height),
        cls="android.widget.FrameLayout",
        modal=True,
        paint=[Fill((0, 0, width, height), BLACK, alpha=SCRIM_ALPHA)],
        children=[card],
    )
