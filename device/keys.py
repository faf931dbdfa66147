"""Android key codes by name, for `input keyevent`, `pressKey` and the device layer."""

from __future__ import annotations

KEYCODES: dict[str, int] = {
    "HOME": 3,
    "BACK": 4,
    "CALL": 5,
    "ENDCALL": 6,
    **{str(digit): 7 + digit for digit in range(10)},
    "STAR": 17,
    "POUND": 18,
    "DPAD_UP": 19,
    "DPAD_DOWN": 20,
    "DPAD_LEFT": 21,
    "DPAD_RIGHT": 22,
    "DPAD_CENTER": 23,
    "VOLUME_UP": 24,
    "VOLUME_DOWN": 25,
    "POWER": 26,
    "CAMERA": 27,
    "CLEAR": 28,
    **{chr(ord("A") + offset): 29 + offset for offset in range(26)},
    "COMMA": 55,
    "PERIOD": 56,
    "TAB": 61,
    "SPACE": 62,
    "ENTER": 66,
    "DEL": 67,
    "MENU": 82,
    "SEARCH": 84,
    "MOVE_HOME": 122,
    "MOVE_END": 123,
    "FORWARD_DEL": 112,
    "ESCAPE": 111,
    "VOLUME_MUTE": 164,
    "APP_SWITCH": 187,
    "SLEEP": 223,
    "WAKEUP": 224,
}
"""Names without the `KEYCODE_` prefix. Digits map to KEYCODE_0..9 (7..16)."""

KEYCODE_NAMES: dict[int, str] = {code: name for name, code in KEYCODES.items()}

PRESS_KEY_NAMES: dict[str, int] = {
    "home": 3,
    "back": 4,
    "left": 21,
    "right": 22,
    "up": 19,
    "down": 20,
    "center": 23,
    "menu": 82,
    "search": 84,
    "enter": 66,
    "delete": 67,
    "del": 67,
    "recent": 187,
    "volume_up": 24,
    "volume_down": 25,
    "volume_mute": 164,
    "camera": 27,
    "power": 26,
}
"""The names uiautomator's `pressKey` understands (lower case)."""


def parse_keycode(token: str) -> int | None:
    """`HOME`, `KEYCODE_HOME`, `3` -> 3; None for an unknown name."""
    name = token.strip().upper()
    if name.isdigit():
        return int(name)
    name = name.removeprefix("KEYCODE_")
    if len(name) == 1 and name.isdigit():
        return KEYCODES[name]
    return KEYCODES.get(name)
