"""The soft keyboard (Gboard's look), shown while a text field has focus.

Like Gboard, its window is one InputMethod view with no key nodes: a dump shows a
single FrameLayout, yet taps on the drawn keys type. So the layout returns the key
rectangles beside the box, and the engine maps a tap to a key.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from device.virtual.ui import fonts
from device.virtual.ui.boxes import Box, Fill, Icon, Paint, Rect, Text
from device.virtual.ui.context import Metrics
from device.virtual.ui.theme import WHITE, Theme

IME = "com.google.android.inputmethod.latin"
KEYBOARD_DP = 280
"""Suggestion strip and four rows of keys, above the navigation bar."""
KeyKind = Literal["char", "shift", "symbols", "letters", "backspace", "enter", "none"]
Layout = Literal["text", "number", "phone", "email"]


@dataclass(frozen=True)
class Key:
    """A key's rectangle on screen and what it does."""

    rect: Rect
    kind: KeyKind
    char: str = ""


@dataclass
class ImeMode:
    """The keyboard's own state: one-shot shift and the symbols page."""

    shifted: bool = False
    symbols: bool = False


@dataclass(frozen=True)
class Keyboard:
    """The laid-out keyboard window and its keys."""

    box: Box
    keys: tuple[Key, ...]

    def key_at(self, x: int, y: int) -> Key | None:
        for key in self.keys:
            left, top, right, bottom = key.rect
            if left <= x < right and top <= y < bottom:
                return key
        return None


_LETTERS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_SYMBOLS = ("1234567890", "@#$_&-+()/", "*\"':;!?")
_Row = list[tuple[str, KeyKind, str, float]]
"""(label, kind, char, width in key units)."""


def keyboard(
    m: Metrics,
    theme: Theme,
    size: tuple[int, int],
    nav_top: int,
    *,
    layout: Layout,
    mode: ImeMode,
    search: bool,
) -> Keyboard:
    """The keyboard over the bottom of the screen, ending at the navigation bar."""
    width, height = size
    top = nav_top - m.dp(KEYBOARD_DP)
    background = theme.container_high
    paint: list[Paint] = [Fill((0, top, width, height), background)]
    strip_h = m.dp(48)
    for index, name in enumerate(("apps", "sentiment_satisfied", "content_paste", "settings")):
        cx = m.dp(32) + index * m.dp(56)
        paint.append(Icon(cx, top + strip_h // 2, name, m.dp(22), theme.on_surface_variant))
    paint.append(Icon(width - m.dp(32), top + strip_h // 2, "mic", m.dp(22), theme.on_surface))
    rows = _number_rows(layout) if layout in ("number", "phone") else _text_rows(mode, search)
    keys: list[Key] = []
    row_top, row_h = top + strip_h + m.dp(4), m.dp(56)
    for row in rows:
        units = 4.0 if layout in ("number", "phone") else 10.0
        unit = (width - m.dp(8)) / units
        used = sum(w for *_, w in row)
        x = m.dp(4) + (units - used) * unit / 2
        for label, kind, char, span in row:
            rect = (round(x), row_top, round(x + span * unit), row_top + row_h)
            x += span * unit
            if kind == "none" and not label:
                continue
            keys.append(Key(rect, kind, char))
            paint.extend(_key_paint(m, theme, rect, label, kind, mode))
        row_top += row_h
    box = Box(
        rect=(0, top, width, nav_top),
        cls="android.widget.FrameLayout",
        key="ime/keyboard",
        paint=paint,
    )
    return Keyboard(box, tuple(keys))


def _text_rows(mode: ImeMode, search: bool) -> list[_Row]:
    enter = "search" if search else "keyboard_return"
    if mode.symbols:
        first, second, third = _SYMBOLS
        shift: tuple[str, KeyKind, str, float] = ("=\\<", "none", "", 1.5)
        switch: tuple[str, KeyKind, str, float] = ("ABC", "letters", "", 1.5)
    else:
        first, second, third = (row.upper() if mode.shifted else row for row in _LETTERS)
        shift = ("keyboard_capslock" if mode.shifted else "arrow_upward", "shift", "", 1.5)
        switch = ("?123", "symbols", "", 1.5)
    return [
        [_char(c) for c in first],
        [_char(c) for c in second],
        [shift, *(_char(c) for c in third), ("backspace", "backspace", "", 1.5)],
        [
            switch,
            (",", "char", ",", 1.0),
            ("English", "char", " ", 5.0),
            (".", "char", ".", 1.0),
            (enter, "enter", "", 1.5),
        ],
    ]


def _number_rows(layout: Layout) -> list[_Row]:
    last = ("+", "0", "#") if layout == "phone" else (",", "0", ".")
    digits = [[_char(c) for c in row] for row in ("123", "456", "789", last)]
    ends: list[tuple[str, KeyKind, str, float]] = [
        ("-", "char", "-", 1.0),
        ("space_bar", "char", " ", 1.0),
        ("backspace", "backspace", "", 1.0),
        ("keyboard_return", "enter", "", 1.0),
    ]
    return [[*row, end] for row, end in zip(digits, ends, strict=True)]


def _char(char: str) -> tuple[str, KeyKind, str, float]:
    return (char, "char", char, 1.0)


_ICON_KEYS = {"arrow_upward", "keyboard_capslock", "backspace", "search", "keyboard_return"}


def _key_paint(
    m: Metrics, theme: Theme, rect: Rect, label: str, kind: KeyKind, mode: ImeMode
) -> list[Paint]:
    """A rounded key with its label or icon, Gboard's colours: light letter keys,
    tinted function keys and a filled action key."""
    gap = m.dp(3)
    face = (rect[0] + gap, rect[1] + m.dp(4), rect[2] - gap, rect[3] - m.dp(4))
    ink = theme.on_surface
    color = theme.container_highest if theme.dark else WHITE
    if kind == "enter":
        color, ink = theme.primary, theme.on_primary
    elif kind != "char" or label == "space_bar":
        color = theme.secondary_container
        if kind == "shift" and mode.shifted:
            color, ink = theme.primary_container, theme.on_primary_container
    cx, cy = (face[0] + face[2]) // 2, (face[1] + face[3]) // 2
    paint: list[Paint] = [Fill(face, color, m.dp(6))]
    if label in _ICON_KEYS or label == "space_bar":
        paint.append(Icon(cx, cy, label, m.dp(22), ink))
    else:
        size = m.sp(14) if len(label) > 1 else m.sp(22)
        weight: fonts.Weight = "medium" if len(label) > 1 else "regular"
        text_w = fonts.text_width(label, size, weight)
        paint.append(Text(cx - text_w // 2, fonts.baseline(cy, size), label, size, ink, weight))
    return paint
