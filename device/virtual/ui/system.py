"""System UI windows (package com.android.systemui): the status bar and the 3-button
navigation bar. They are code, not app data, because they show the phone's state."""

from __future__ import annotations

from dataclasses import dataclass

from device.virtual.ui import fonts
from device.virtual.ui.boxes import Box, Icon, Paint, Polygon, Stroke, Text
from device.virtual.ui.context import Metrics
from device.virtual.ui.layout import NAV_BAR_DP, STATUS_BAR_DP
from device.virtual.ui.schema import KeyAction
from device.virtual.ui.theme import Color

SYSTEMUI = "com.android.systemui"


@dataclass(frozen=True)
class SystemState:
    """What the bars show."""

    clock: str
    """HH:MM, local time."""
    wifi_on: bool
    airplane_on: bool
    battery_percent: int = 100
    show_battery_percent: bool = False
    """`system/status_bar_show_battery_percent`: the percentage beside the icon."""


def status_bar(m: Metrics, width: int, state: SystemState, ink: Color) -> Box:
    """Clock on the left; Wi-Fi, cellular and battery icons on the right."""
    height, pad, icon = m.dp(STATUS_BAR_DP), m.dp(16), m.dp(17)
    cy = height // 2
    size = m.sp(14)
    clock_w = fonts.text_width(state.clock, size, "medium")
    clock = Box(
        rect=(pad, 0, pad + clock_w, height),
        cls="android.widget.TextView",
        resource_id=f"{SYSTEMUI}:id/clock",
        text=state.clock,
        key="systemui/clock",
        paint=[Text(pad, fonts.baseline(cy, size), state.clock, size, ink, "medium")],
    )
    icons: list[tuple[str, str, str]] = []
    if state.wifi_on:
        icons.append(("wifi_combo", "wifi", "Wifi signal full."))
    if state.airplane_on:
        icons.append(("airplane", "airplanemode_active", "Airplane mode."))
    else:
        icons.append(("mobile_combo", "signal_cellular_4_bar", "Phone signal full."))
    icons.append(("battery", "battery_full", f"Battery {state.battery_percent} percent."))
    children = [clock]
    x = width - pad
    for name, glyph, description in reversed(icons):
        children.insert(
            1,
            Box(
                rect=(x - icon, cy - icon // 2, x, cy - icon // 2 + icon),
                cls="android.widget.FrameLayout"
                if name != "battery"
                else "android.widget.LinearLayout",
                resource_id=f"{SYSTEMUI}:id/{name}",
                content_desc=description,
                key=f"systemui/{name}",
                paint=[Icon(x - icon // 2, cy, glyph, icon, ink)],
            ),
        )
        x -= icon + m.dp(4)
        if name == "battery" and state.show_battery_percent:
            label = f"{state.battery_percent}%"
            label_w = fonts.text_width(label, size, "medium")
            children.insert(
                1,
                Box(
                    rect=(x - label_w, 0, x, height),
                    cls="android.widget.TextView",
                    resource_id=f"{SYSTEMUI}:id/battery_percentage_view",
                    text=label,
                    key="systemui/battery_percentage_view",
                    paint=[Text(x - label_w, fonts.baseline(cy, size), label, size, ink, "medium")],
                ),
            )
            x -= label_w + m.dp(4)
    return Box(
        rect=(0, 0, width, height),
        cls="android.widget.FrameLayout",
        resource_id=f"{SYSTEMUI}:id/status_bar_container",
        children=children,
    )


def navigation_bar(
    m: Metrics, width: int, height: int, ink: Color, *, ime_shown: bool = False
) -> Box:
    """Back (a triangle), Home (a ring) and Overview (a rounded square), acting as keys.
    While the keyboard shows, Back is a down chevron: it hides the keyboard."""
    top = height - m.dp(NAV_BAR_DP)
    cy = (top + height) // 2
    button_w = min(width // 4, m.dp(96))
    stroke = max(1, m.dp(2))
    children: list[Box] = []
    for fraction, name, description, key in (
        (0.25, "back", "Back", "BACK"),
        (0.5, "home", "Home", "HOME"),
        (0.75, "recent_apps", "Overview", "APP_SWITCH"),
    ):
        cx = round(width * fraction)
        paint: list[Paint]
        r = m.dp(9)
        if name == "back" and ime_shown:
            paint = [Icon(cx, cy, "keyboard_arrow_down", m.dp(26), ink)]
        elif name == "back":
            paint = [
                Polygon(
                    ((cx - r, cy), (cx + r - m.dp(2), cy - r), (cx + r - m.dp(2), cy + r)),
                    ink,
                    stroke,
                )
            ]
        elif name == "home":
            paint = [Stroke((cx - r, cy - r, cx + r, cy + r), ink, stroke, r)]
        else:
            s = m.dp(8)
            paint = [Stroke((cx - s, cy - s, cx + s, cy + s), ink, stroke, m.dp(2))]
        children.append(
            Box(
                rect=(cx - button_w // 2, top, cx + button_w // 2, height),
                cls="android.widget.ImageView",
                resource_id=f"{SYSTEMUI}:id/{name}",
                content_desc=description,
                key=f"systemui/{name}",
                clickable=True,
                long_clickable=True,
                focusable=True,
                on_click=(KeyAction(do="key", key=key),),
                paint=paint,
            )
        )
    return Box(
        rect=(0, top, width, height),
        cls="android.widget.FrameLayout",
        resource_id=f"{SYSTEMUI}:id/navigation_bar_frame",
        children=children,
    )
