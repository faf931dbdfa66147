"""Material 3 colour roles for the light and dark themes (a Pixel-like blue scheme).

Widgets name roles, never colours, so every app, the launcher and the system bars
follow `secure/ui_night_mode` together.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

from device.virtual.settings import Settings

Color = tuple[int, int, int]


def hex_color(value: str) -> Color:
    """'#1A73E8' -> (26, 115, 232)."""
    digits = value.removeprefix("#")
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


@dataclass(frozen=True)
class Theme:
    """The colour roles the widgets use."""

    dark: bool
    surface: Color
    on_surface: Color
    on_surface_variant: Color
    primary: Color
    on_primary: Color
    primary_container: Color
    on_primary_container: Color
    secondary_container: Color
    on_secondary_container: Color
    tertiary_container: Color
    on_tertiary_container: Color
    container_low: Color
    container: Color
    container_high: Color
    container_highest: Color
    outline: Color
    outline_variant: Color
    wallpaper_top: Color
    wallpaper_bottom: Color


LIGHT = Theme(
    dark=False,
    surface=hex_color("#F9F9FF"),
    on_surface=hex_color("#191C20"),
    on_surface_variant=hex_color("#44474E"),
    primary=hex_color("#415F91"),
    on_primary=hex_color("#FFFFFF"),
    primary_container=hex_color("#D6E3FF"),
    on_primary_container=hex_color("#284777"),
    secondary_container=hex_color("#DAE2F9"),
    on_secondary_container=hex_color("#3E4759"),
    tertiary_container=hex_color("#FDD7FA"),
    on_tertiary_container=hex_color("#633B63"),
    container_low=hex_color("#F3F3FA"),
    container=hex_color("#EDEDF4"),
    container_high=hex_color("#E7E8EE"),
    container_highest=hex_color("#E2E2E9"),
    outline=hex_color("#74777F"),
    outline_variant=hex_color("#C4C6D0"),
    wallpaper_top=hex_color("#3B5BA9"),
    wallpaper_bottom=hex_color("#A7C4F2"),
)

DARK = Theme(
    dark=True,
    surface=hex_color("#111318"),
    on_surface=hex_color("#E2E2E9"),
    on_surface_variant=hex_color("#C4C6D0"),
    primary=hex_color("#AAC7FF"),
    on_primary=hex_color("#0A305F"),
    primary_container=hex_color("#284777"),
    on_primary_container=hex_color("#D6E3FF"),
    secondary_container=hex_color("#3E4759"),
    on_secondary_container=hex_color("#DAE2F9"),
    tertiary_container=hex_color("#633B63"),
    on_tertiary_container=hex_color("#FDD7FA"),
    container_low=hex_color("#191C20"),
    container=hex_color("#1D2024"),
    container_high=hex_color("#282A2F"),
    container_highest=hex_color("#33353A"),
    outline=hex_color("#8E9099"),
    outline_variant=hex_color("#44474E"),
    wallpaper_top=hex_color("#0E1B3D"),
    wallpaper_bottom=hex_color("#35507F"),
)

WHITE: Color = (255, 255, 255)
BLACK: Color = (0, 0, 0)
SCRIM_ALPHA = 82
"""Black at 32%, Material 3's scrim behind dialogs."""

_AVATAR_COLORS = tuple(
    hex_color(value)
    for value in ("#1A73E8", "#D93025", "#188038", "#E37400", "#9334E6", "#007B83", "#C5221F")
)


def avatar_color(text: str) -> Color:
    """A stable colour for a name's letter avatar (the same name, the same colour)."""
    return _AVATAR_COLORS[zlib.crc32(text.encode()) % len(_AVATAR_COLORS)]


def current_theme(settings: Settings) -> Theme:
    """Dark when `secure/ui_night_mode` is 2 (UiModeManager.MODE_NIGHT_YES)."""
    return DARK if settings.get("secure", "ui_night_mode") == "2" else LIGHT
