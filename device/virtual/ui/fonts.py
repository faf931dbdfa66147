"""Fonts loaded once per process: Roboto text with a per-character CJK fallback, and icons.

Pillow fonts are costly to open, so every (face, size) is cached at module level.
Roboto lacks CJK glyphs; text is split into runs so each run is drawn with a font
that has its glyphs, all on Roboto's baseline.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

from PIL import Image, ImageDraw, ImageFont

Weight = Literal["regular", "medium"]
FreeTypeFont = ImageFont.FreeTypeFont

_FONTS = Path(__file__).resolve().parent.parent / "assets" / "fonts"
_FACES = {"regular": "Roboto-Regular.ttf", "medium": "Roboto-Medium.ttf"}
_FALLBACK = "DroidSansFallback-GB2312.ttf"
_ICONS = "MaterialIcons-Regular.ttf"
_PROBE_PX = 32


@cache
def text_font(size_px: int, weight: Weight = "regular") -> FreeTypeFont:
    return ImageFont.truetype(str(_FONTS / _FACES[weight]), max(1, size_px))


@cache
def fallback_font(size_px: int) -> FreeTypeFont:
    return ImageFont.truetype(str(_FONTS / _FALLBACK), max(1, size_px))


@cache
def icon_font(size_px: int) -> FreeTypeFont:
    return ImageFont.truetype(str(_FONTS / _ICONS), max(1, size_px))


@cache
def icon_codepoints() -> dict[str, str]:
    """Material icon name -> the character that draws it in the icon font."""
    table: dict[str, str] = {}
    for line in (_FONTS / "MaterialIcons-codepoints.txt").read_text().splitlines():
        name, _, code = line.partition(" ")
        if code:
            table[name] = chr(int(code, 16))
    return table


def icon_char(name: str) -> str:
    """The glyph of a Material icon; unknown names draw the 'help' icon rather than fail."""
    table = icon_codepoints()
    return table.get(name, table["help_outline"])


def _glyph_pixels(char: str) -> bytes:
    image = Image.new("L", (_PROBE_PX * 2, _PROBE_PX * 2))
    ImageDraw.Draw(image).text(
        (_PROBE_PX // 2, _PROBE_PX // 2), char, fill=255, font=text_font(_PROBE_PX)
    )
    return image.tobytes()


@cache
def _notdef_pixels() -> bytes:
    return _glyph_pixels("\U0010fffd")


@cache
def _roboto_has(char: str) -> bool:
    """Whether Roboto draws this character (rather than its 'missing glyph' box)."""
    if char.isspace() or ord(char) < 0x250:
        return True
    return _glyph_pixels(char) != _notdef_pixels()


def runs(text: str, size_px: int, weight: Weight) -> list[tuple[str, FreeTypeFont]]:
    """Split text into (piece, font) runs: Roboto where it has the glyph, the CJK font elsewhere."""
    out: list[tuple[str, FreeTypeFont]] = []
    current = ""
    current_is_roboto = True
    for char in text:
        is_roboto = _roboto_has(char)
        if current and is_roboto != current_is_roboto:
            out.append((current, _pick(current_is_roboto, size_px, weight)))
            current = ""
        current += char
        current_is_roboto = is_roboto
    if current:
        out.append((current, _pick(current_is_roboto, size_px, weight)))
    return out


def _pick(is_roboto: bool, size_px: int, weight: Weight) -> FreeTypeFont:
    return text_font(size_px, weight) if is_roboto else fallback_font(size_px)


@cache
def text_width(text: str, size_px: int, weight: Weight = "regular") -> int:
    """Advance width of a single line in pixels (cached: labels repeat on every frame)."""
    return round(sum(font.getlength(piece) for piece, font in runs(text, size_px, weight)))


def baseline(center_y: int, size_px: int) -> int:
    """The baseline that centres a line of Roboto text of this size on center_y."""
    ascent, descent = text_font(size_px).getmetrics()
    return center_y + (ascent - descent) // 2


def ellipsize(text: str, max_px: int, size_px: int, weight: Weight = "regular") -> str:
    """Cut text to fit max_px, ending in '…', as TextView does with ellipsize=end."""
    if text_width(text, size_px, weight) <= max_px:
        return text
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if text_width(text[:middle] + "…", size_px, weight) <= max_px:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "…"


def wrap(
    text: str, max_px: int, size_px: int, weight: Weight = "regular", *, max_lines: int = 0
) -> list[str]:
    """Greedy word wrap (per character for CJK); the last allowed line is ellipsized."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for token in _tokens(paragraph):
            candidate = line + token
            if line and text_width(candidate.rstrip(), size_px, weight) > max_px:
                lines.append(line.rstrip())
                line = token.lstrip()
            else:
                line = candidate
        lines.append(line.rstrip())
    if max_lines and len(lines) > max_lines:
        rest = " ".join(lines[max_lines - 1 :])
        lines = [*lines[: max_lines - 1], ellipsize(rest, max_px, size_px, weight)]
    return [ellipsize(line, max_px, size_px, weight) for line in lines]


def _tokens(text: str) -> list[str]:
    tokens: list[str] = []
    word = ""
    for char in text:
        if char == " " or not _roboto_has(char):
            if word:
                tokens.append(word)
            tokens.append(char)
            word = ""
        else:
            word += char
    if word:
        tokens.append(word)
    return tokens
