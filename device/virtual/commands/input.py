"""`input`: taps, swipes, text and key events sent to the virtual phone's UI.

`input swipe x y x y 1000` is how scripts long-press on Android, so a swipe
that does not move becomes a long press (or a tap when it is short).
"""

from __future__ import annotations

from device.keys import parse_keycode
from device.virtual.commands.context import Command, Context

_SOURCES = {
    "touchscreen",
    "touchpad",
    "touchnavigation",
    "stylus",
    "mouse",
    "keyboard",
    "gamepad",
    "dpad",
    "trackball",
    "joystick",
    "rotaryencoder",
    "gesture",
}
_LONG_PRESS_MS = 400
_USAGE = "Usage: input [<source>] [-d DISPLAY_ID] <command> [<arg>...]"


class _BadArgs(ValueError):
    pass


def _coords(args: list[str], count: int) -> list[int]:
    if len(args) < count:
        raise _BadArgs
    try:
        return [int(float(arg)) for arg in args[:count]]
    except ValueError as exc:
        raise _BadArgs from exc


def _duration_ms(args: list[str], default: int) -> int:
    try:
        return int(float(args[0])) if args else default
    except ValueError as exc:
        raise _BadArgs from exc


def input_(ctx: Context) -> int:
    args = list(ctx.args)
    while args and (args[0] in _SOURCES or args[0] == "-d"):
        args = args[2:] if args[0] == "-d" else args[1:]
    if not args:
        return ctx.fail(_USAGE)
    verb, rest = args[0], args[1:]
    try:
        return _run(ctx, verb, rest)
    except _BadArgs:
        return ctx.fail(f"Error: Invalid arguments for command: {verb}\n{_USAGE}")


def _run(ctx: Context, verb: str, rest: list[str]) -> int:
    phone = ctx.phone
    if verb == "tap":
        x, y = _coords(rest, 2)
        phone.tap(x, y)
    elif verb in ("swipe", "draganddrop"):
        x1, y1, x2, y2 = _coords(rest, 4)
        duration = _duration_ms(rest[4:], 300)
        if abs(x2 - x1) <= 8 and abs(y2 - y1) <= 8:
            (phone.long_press if duration >= _LONG_PRESS_MS else phone.tap)(x1, y1)
        else:
            phone.swipe(x1, y1, x2, y2, duration_ms=duration)
    elif verb == "text":
        if not rest:
            raise _BadArgs
        phone.type_text(" ".join(rest).replace("%s", " "))
    elif verb == "keyevent":
        codes = [arg for arg in rest if not arg.startswith("--")]
        if not codes:
            raise _BadArgs
        for token in codes:
            code = parse_keycode(token)
            if code is None:
                return ctx.fail(f"Error: Unknown keycode: {token}")
            phone.press_key(code)
    elif verb == "press":
        phone.press_key(23)
    else:
        return ctx.fail(f"Error: Unknown command: {verb}\n{_USAGE}")
    return 0


COMMANDS: dict[str, Command] = {"input": input_}
