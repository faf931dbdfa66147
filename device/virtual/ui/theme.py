"""Material 3 colour roles for the light and dark themes (a Pixel-like blue scheme).

Widgets name roles, never colours, so every app, the launcher and the system bars
follow `secure/ui_night_mode` together, and a seed colour (Android 12+'s dynamic
colour, see `current_theme`) recolours all of them at once.
"""

from __future__ import annotations

import functools
import json
import math
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


PALETTE_SETTING = "theme_customization_overlay_packages"
"""The secure setting where Android 12+ keeps the wallpaper's (or the user's) seed colour,
as JSON: {"android.theme.customization.system_palette": "FF1A73E8", ...}."""

_PALETTE_KEY = "android.theme.customization.system_palette"


def current_theme(settings: Settings) -> Theme:
    """Dark when `secure/ui_night_mode` is 2 (UiModeManager.MODE_NIGHT_YES); the roles
    come from the seed colour in `secure/theme_customization_overlay_packages` when it
    names one, else from the default blue scheme."""
    dark = settings.get("secure", "ui_night_mode") == "2"
    seed = _seed_color(settings.get("secure", PALETTE_SETTING))
    if seed is None:
        return DARK if dark else LIGHT
    return seeded_theme(seed, dark=dark)


def _seed_color(value: str | None) -> Color | None:
    """The palette's seed from the setting's JSON ("FF1A73E8" or "#1A73E8"); None when
    the setting is absent or unreadable, as SystemUI falls back to its default then."""
    if not value:
        return None
    try:
        digits = str(json.loads(value).get(_PALETTE_KEY, "")).removeprefix("#")
    except (ValueError, AttributeError):
        return None
    if len(digits) == 8:
        digits = digits[2:]
    if len(digits) != 6 or any(c not in "0123456789abcdefABCDEF" for c in digits):
        return None
    return hex_color(digits)


@functools.lru_cache(maxsize=64)
def seeded_theme(seed: Color, *, dark: bool) -> Theme:
    """Material 3's tonal-spot scheme from one seed colour.

    Material derives each role from a tonal palette (one hue and chroma at tones 0-100);
    here tone is CIELAB L* and hue and chroma are CIELAB's, close to Material's HCT for
    the roles' purpose: primary keeps the seed's hue at chroma 36-48, secondary is a
    muted 16, tertiary turns the hue 60 degrees, and the neutrals carry a trace of it,
    at the tones Material's baseline scheme gives each role.
    """
    hue, chroma = _lch(seed)
    p = functools.partial(_tone, hue, max(36.0, min(48.0, chroma)))
    s = functools.partial(_tone, hue, 16.0)
    t = functools.partial(_tone, (hue + 60.0) % 360.0, 24.0)
    n = functools.partial(_tone, hue, 4.0)
    v = functools.partial(_tone, hue, 8.0)
    if dark:
        return Theme(
            dark=True,
            surface=n(6),
            on_surface=n(90),
            on_surface_variant=v(80),
            primary=p(80),
            on_primary=p(20),
            primary_container=p(30),
            on_primary_container=p(90),
            secondary_container=s(30),
            on_secondary_container=s(90),
            tertiary_container=t(30),
            on_tertiary_container=t(90),
            container_low=n(10),
            container=n(12),
            container_high=n(17),
            container_highest=n(22),
            outline=v(60),
            outline_variant=v(30),
            wallpaper_top=p(10),
            wallpaper_bottom=p(35),
        )
    return Theme(
        dark=False,
        surface=n(98),
        on_surface=n(10),
        on_surface_variant=v(30),
        primary=p(40),
        on_primary=p(100),
        primary_container=p(90),
        on_primary_container=p(30),
        secondary_container=s(90),
        on_secondary_container=s(30),
        tertiary_container=t(90),
        on_tertiary_container=t(30),
        container_low=n(96),
        container=n(94),
        container_high=n(92),
        container_highest=n(90),
        outline=v(50),
        outline_variant=v(80),
        wallpaper_top=p(35),
        wallpaper_bottom=p(75),
    )


_WHITE_XYZ = (0.95047, 1.0, 1.08883)
"""D65, the white point of sRGB."""


def _lch(color: Color) -> tuple[float, float]:
    """CIELAB hue (degrees) and chroma of an sRGB colour."""
    linear = [_to_linear(c / 255.0) for c in color]
    x = 0.4124 * linear[0] + 0.3576 * linear[1] + 0.1805 * linear[2]
    y = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    z = 0.0193 * linear[0] + 0.1192 * linear[1] + 0.9505 * linear[2]
    fx, fy, fz = (_lab_f(v / w) for v, w in zip((x, y, z), _WHITE_XYZ, strict=True))
    a, b = 500.0 * (fx - fy), 200.0 * (fy - fz)
    return math.degrees(math.atan2(b, a)) % 360.0, math.hypot(a, b)


def _tone(hue: float, chroma: float, tone: float) -> Color:
    """The sRGB colour of CIELAB L* `tone` at `hue`, with chroma lowered until it fits in
    sRGB (as Material's palettes do: a light tone of a saturated hue is paler)."""
    for step in range(41):
        c = chroma * (1.0 - step / 40.0)
        rgb = _lab_to_srgb(tone, c * math.cos(math.radians(hue)), c * math.sin(math.radians(hue)))
        if all(-0.001 <= v <= 1.001 for v in rgb):
            break
    r, g, b = (round(255.0 * min(1.0, max(0.0, v))) for v in rgb)
    return r, g, b


def _lab_to_srgb(lightness: float, a: float, b: float) -> tuple[float, float, float]:
    fy = (lightness + 16.0) / 116.0
    fx, fz = fy + a / 500.0, fy - b / 200.0
    x, y, z = (_lab_f_inverse(f) * w for f, w in zip((fx, fy, fz), _WHITE_XYZ, strict=True))
    red = 3.2406 * x - 1.5372 * y - 0.4986 * z
    green = -0.9689 * x + 1.8758 * y + 0.0415 * z
    blue = 0.0557 * x - 0.2040 * y + 1.0570 * z
    return _to_gamma(red), _to_gamma(green), _to_gamma(blue)


def _lab_f(t: float) -> float:
    return t ** (1.0 / 3.0) if t > 216.0 / 24389.0 else (24389.0 / 27.0 * t + 16.0) / 116.0


def _lab_f_inverse(f: float) -> float:
    return f**3 if f**3 > 216.0 / 24389.0 else (116.0 * f - 16.0) / (24389.0 / 27.0)


def _to_linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _to_gamma(c: float) -> float:
    if c <= 0.0031308:
        return 12.92 * c
    return 1.055 * math.copysign(abs(c) ** (1.0 / 2.4), c) - 0.055
