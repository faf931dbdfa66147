"""Characters that hardware key events type into a focused field (`input keyevent A`)."""

from __future__ import annotations

from device.keys import KEYCODES

_TYPED: dict[int, str] = {
    **{KEYCODES[chr(ord("A") + offset)]: chr(ord("a") + offset) for offset in range(26)},
    **{KEYCODES[str(digit)]: str(digit) for digit in range(10)},
    KEYCODES["SPACE"]: " ",
    KEYCODES["COMMA"]: ",",
    KEYCODES["PERIOD"]: ".",
    KEYCODES["STAR"]: "*",
    KEYCODES["POUND"]: "#",
}


def typed_char(keycode: int) -> str:
    """The character a key types, or "" for keys that type nothing."""
    return _TYPED.get(keycode, "")
