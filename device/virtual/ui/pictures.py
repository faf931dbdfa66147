"""Generated photos for gallery thumbnails: a landscape or an abstract composition.

A picture is a pure function of its seed and size (crc32, never Python's salted
hash), so the same record shows the same photo on every run and every phone, and
two records rarely look alike. Pictures are cached: a grid draws the same ones on
every frame.
"""

from __future__ import annotations

import random
import zlib
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFilter

from device.virtual.ui.theme import Color

_SKIES: tuple[tuple[Color, Color], ...] = (
    ((86, 150, 222), (196, 226, 248)),
    ((250, 140, 90), (255, 214, 150)),
    ((40, 52, 110), (210, 120, 140)),
    ((120, 190, 230), (235, 245, 250)),
    ((18, 24, 60), (70, 90, 150)),
)
_LANDS: tuple[Color, ...] = ((52, 110, 70), (90, 130, 60), (70, 80, 96), (150, 120, 80))
_ART: tuple[Color, ...] = (
    (233, 84, 74),
    (250, 188, 60),
    (62, 160, 140),
    (66, 110, 220),
    (156, 90, 200),
    (240, 240, 230),
    (30, 40, 60),
)


@lru_cache(maxsize=256)
def picture(width: int, height: int, seed: str) -> Image.Image:
    """The RGB picture of this seed at this size."""
    rng = random.Random(zlib.crc32(seed.encode()))
    image = Image.new("RGB", (max(1, width), max(1, height)))
    if rng.random() < 0.6:
        _landscape(image, rng)
    else:
        _abstract(image, rng)
    return image


def _mix(a: Color, b: Color, t: float) -> Color:
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def _vertical(image: Image.Image, top: Color, bottom: Color) -> None:
    w, h = image.size
    strip = Image.new("RGB", (1, h))
    for y in range(h):
        strip.putpixel((0, y), _mix(top, bottom, y / max(1, h - 1)))
    image.paste(strip.resize((w, h)))


def _landscape(image: Image.Image, rng: random.Random) -> None:
    """Sky, a sun or moon, two mountain ranges and the ground."""
    w, h = image.size
    sky_top, sky_bottom = rng.choice(_SKIES)
    _vertical(image, sky_top, sky_bottom)
    draw = ImageDraw.Draw(image)
    r = rng.uniform(0.06, 0.12) * w
    sx, sy = rng.uniform(0.15, 0.85) * w, rng.uniform(0.12, 0.4) * h
    draw.ellipse((sx - r, sy - r, sx + r, sy + r), fill=_mix(sky_bottom, (255, 250, 230), 0.8))
    land = rng.choice(_LANDS)
    for layer, (base, depth) in enumerate(((0.55, 0.45), (0.7, 0.0))):
        color = _mix(land, sky_bottom, depth)
        points = [(0.0, float(h))]
        steps = rng.randint(3, 6)
        for i in range(steps + 1):
            peak = base - rng.uniform(0.0, 0.2 - layer * 0.08)
            points.append((w * i / steps, h * peak))
        points.append((float(w), float(h)))
        draw.polygon(points, fill=color)
    ground = round(h * rng.uniform(0.8, 0.88))
    draw.rectangle((0, ground, w, h), fill=_mix(land, (0, 0, 0), 0.25))


def _abstract(image: Image.Image, rng: random.Random) -> None:
    """A soft two-colour gradient with a few circles and bars over it."""
    w, h = image.size
    first, second = rng.sample(_ART, 2)
    _vertical(image, first, second)
    draw = ImageDraw.Draw(image)
    for _ in range(rng.randint(2, 4)):
        color = rng.choice(_ART)
        x, y = rng.uniform(0, w), rng.uniform(0, h)
        if rng.random() < 0.5:
            r = rng.uniform(0.12, 0.35) * min(w, h)
            draw.ellipse((x - r, y - r, x + r, y + r), fill=color)
        else:
            bw, bh = rng.uniform(0.2, 0.6) * w, rng.uniform(0.05, 0.2) * h
            draw.rectangle((x - bw / 2, y - bh / 2, x + bw / 2, y + bh / 2), fill=color)
    image.paste(image.filter(ImageFilter.GaussianBlur(max(1, min(w, h) // 60))))
