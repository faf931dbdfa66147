"""Boxes -> pixels with Pillow. Shapes are anti-aliased through cached supersampled
masks; text and icons through FreeType. Scroll viewports draw into their own
layer so content never spills outside them."""

from __future__ import annotations

from functools import lru_cache

from PIL import Image, ImageDraw

from device.virtual.ui import fonts
from device.virtual.ui.boxes import (
    Arc,
    Box,
    Fill,
    Gradient,
    Icon,
    Paint,
    Picture,
    Rect,
    Stroke,
    Text,
    intersect,
    is_empty,
)
from device.virtual.ui.pictures import picture
from device.virtual.ui.theme import Color

_SUPERSAMPLE = 4


def render(windows: list[Box], width: int, height: int) -> Image.Image:
    """Draw window roots bottom to top (the app first, system bars over it)."""
    image = Image.new("RGB", (width, height))
    screen: Rect = (0, 0, width, height)
    for window in windows:
        _draw(image, window, screen, 0, 0)
    return image


def _draw(image: Image.Image, box: Box, clip: Rect, dx: int, dy: int) -> None:
    visible = intersect(box.rect, clip)
    if is_empty(visible):
        return
    target, ox, oy = image, dx, dy
    if box.clips:
        ox, oy = dx - visible[0], dy - visible[1]
        target = image.crop((visible[0] + dx, visible[1] + dy, visible[2] + dx, visible[3] + dy))
    for paint in box.paint:
        _paint(target, paint, ox, oy)
    for child in box.children:
        _draw(target, child, visible if box.clips else clip, ox, oy)
    if box.clips:
        image.paste(target, (visible[0] + dx, visible[1] + dy))


def _paint(image: Image.Image, paint: Paint, dx: int, dy: int) -> None:
    if isinstance(paint, Fill):
        _shape(image, _offset(paint.rect, dx, dy), paint.color, paint.radius_px, 0, paint.alpha)
    elif isinstance(paint, Stroke):
        _shape(image, _offset(paint.rect, dx, dy), paint.color, paint.radius_px, paint.width_px)
    elif isinstance(paint, Text):
        _text(image, paint, dx, dy)
    elif isinstance(paint, Icon):
        ImageDraw.Draw(image).text(
            (paint.cx + dx, paint.cy + dy),
            fonts.icon_char(paint.name),
            font=fonts.icon_font(paint.size_px),
            fill=paint.color,
            anchor="mm",
        )
    elif isinstance(paint, Gradient):
        _gradient(image, _offset(paint.rect, dx, dy), paint.top, paint.bottom)
    elif isinstance(paint, Arc):
        r = paint.radius_px
        mask = _arc_mask(r, paint.start_deg, paint.sweep_deg, paint.width_px)
        image.paste(paint.color, (paint.cx + dx - r, paint.cy + dy - r), mask)
    elif isinstance(paint, Picture):
        _picture(image, _offset(paint.rect, dx, dy), paint.seed, paint.radius_px)
    else:
        points = [(x + dx, y + dy) for x, y in paint.points]
        ImageDraw.Draw(image).line(
            [*points, points[0], points[1]], fill=paint.color, width=paint.width_px, joint="curve"
        )


def _offset(rect: Rect, dx: int, dy: int) -> Rect:
    return rect[0] + dx, rect[1] + dy, rect[2] + dx, rect[3] + dy


def _text(image: Image.Image, paint: Text, dx: int, dy: int) -> None:
    draw = ImageDraw.Draw(image)
    x = paint.x + dx
    for piece, font in fonts.runs(paint.text, paint.size_px, paint.weight):
        draw.text((x, paint.baseline + dy), piece, font=font, fill=paint.color, anchor="ls")
        x += round(font.getlength(piece))


def _shape(
    image: Image.Image, rect: Rect, color: Color, radius: int, width: int, alpha: int = 255
) -> None:
    """A filled (width 0) or outlined rounded rectangle, anti-aliased, alpha 0-255."""
    w, h = rect[2] - rect[0], rect[3] - rect[1]
    if w <= 0 or h <= 0 or alpha <= 0:
        return
    if radius == 0 and width == 0 and alpha >= 255:
        image.paste(color, rect)
        return
    if radius == 0 and width == 0 and rect == (0, 0, *image.size):
        # A full-screen scrim: one lookup table is several times faster than a mask.
        image.paste(image.point(_blend_table(color, alpha)))
        return
    image.paste(color, rect, _mask(w, h, radius, width, min(255, alpha)))


@lru_cache(maxsize=512)
def _mask(w: int, h: int, radius: int, width: int, alpha: int = 255) -> Image.Image:
    if radius == 0 and width == 0:
        return Image.new("L", (w, h), alpha)
    if alpha < 255:
        return _mask(w, h, radius, width).point(lambda v: v * alpha // 255)
    s = _SUPERSAMPLE
    big = Image.new("L", (w * s, h * s), 0)
    ImageDraw.Draw(big).rounded_rectangle(
        (0, 0, w * s - 1, h * s - 1),
        radius=min(radius, w // 2, h // 2) * s,
        fill=255 if width == 0 else None,
        outline=255 if width else None,
        width=width * s,
    )
    return big.resize((w, h), Image.Resampling.BOX)


@lru_cache(maxsize=4)
def _gradient_image(w: int, h: int, top: Color, bottom: Color) -> Image.Image:
    strip = Image.new("RGB", (1, h))
    for y in range(h):
        t = y / max(1, h - 1)
        strip.putpixel(
            (0, y),
            (
                round(top[0] + (bottom[0] - top[0]) * t),
                round(top[1] + (bottom[1] - top[1]) * t),
                round(top[2] + (bottom[2] - top[2]) * t),
            ),
        )
    return strip.resize((w, h))


def _gradient(image: Image.Image, rect: Rect, top: Color, bottom: Color) -> None:
    w, h = rect[2] - rect[0], rect[3] - rect[1]
    if w > 0 and h > 0:
        image.paste(_gradient_image(w, h, top, bottom), rect[:2])


@lru_cache(maxsize=8)
def _blend_table(color: Color, alpha: int) -> list[int]:
    """Per-band lookup that lays `color` at `alpha` over any value."""
    return [round(v + (c - v) * alpha / 255) for c in color for v in range(256)]


@lru_cache(maxsize=64)
def _arc_mask(radius: int, start_deg: int, sweep_deg: int, width: int) -> Image.Image:
    s, size = _SUPERSAMPLE, 2 * radius
    big = Image.new("L", (size * s, size * s), 0)
    half = width * s / 2
    ImageDraw.Draw(big).arc(
        (half, half, size * s - half, size * s - half),
        start_deg,
        start_deg + sweep_deg,
        fill=255,
        width=width * s,
    )
    return big.resize((size, size), Image.Resampling.BOX)


def _picture(image: Image.Image, rect: Rect, seed: str, radius: int) -> None:
    w, h = rect[2] - rect[0], rect[3] - rect[1]
    if w <= 0 or h <= 0:
        return
    image.paste(picture(w, h, seed), rect[:2], _mask(w, h, radius, 0) if radius else None)
