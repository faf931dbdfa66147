r"""The one-line text form of an `Action`: `parse_action` and `format_action`.

This is the language planners speak (and LLMs write), so it reads like an
instruction. Canonical forms, one per line::

    tap "Wi-Fi"                  tap (540, 1210)
    long press "Photo 3"         long press (540, 1210)
    type "hello" into "Search"   type "hi"                 (the focused field)
    scroll down                  scroll up in "Alarms"     (up, down, left, right)
    swipe left                   swipe right in "Photos"
    set "Call volume" to max     set "Brightness" to 40%   (min, max or 0-100%)
    clear "Title"                clear                     (the focused field)
    press back                   (back, home, enter, recents, delete, ...)
    open app "Clock"
    wait 2s                      wait 0.5s
    done
    fail "no Wi-Fi switch on this screen"
    assert visible "Wi-Fi"       assert not visible "Error"
    assert checked "Wi-Fi"       assert not checked "Wi-Fi"

Strings are double-quoted; inside them `\"`, `\\`, `\n`, `\r`, `\t` and
`\uXXXX` (other control characters) are the escapes, so the form stays on one
line. `format_action` prints exactly that form and `parse_action` reads it
back: `format_action(parse_action(s)) == s` for canonical `s`, and
`parse_action(format_action(a)) == a` for every action.

`parse_action` is tolerant where that costs no ambiguity: surrounding
whitespace, keyword case (`Tap "x"`), `long_press`/`open_app` spellings,
`type "x" in ...`, `wait 2 seconds`, `to minimum`/`to maximum`/`to 40 %`, and
an unquoted description wherever a target goes (`tap the search icon`,
`type "x" into the Name field`), which runs to the end of the line (for `set`,
to its last word `to`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from typing import assert_never

from pydantic import ValidationError

from aci.actions import (
    Action,
    Assert,
    ClearText,
    Condition,
    Direction,
    Done,
    Fail,
    LongPress,
    OpenApp,
    PressKey,
    Scroll,
    SetSlider,
    Swipe,
    Tap,
    TypeText,
    Wait,
)
from aci.command import Key
from aci.errors import ActionSyntaxError
from aci.screen import Point

__all__ = ["format_action", "parse_action"]

_ESCAPE = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_UNESCAPE = {'"': '"', "\\": "\\", "n": "\n", "r": "\r", "t": "\t"}
# Characters that would break the line or hide in it; printed as \uXXXX.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Zl", "Zp"})

_VERB = re.compile(r"long[\s_-]*press\b|open[\s_-]*app\b|[A-Za-z]+", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z_]+")
_INT = re.compile(r"[0-9]+")
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]*)?|\.[0-9]+")
_SECONDS_UNIT = re.compile(r"(?:seconds|second|secs|sec|s)\b", re.IGNORECASE)
_SEPARATORS = re.compile(r"[\s_-]+")
_LAST_TO = re.compile(r"(?<=\s)to\b", re.IGNORECASE)
"""The word `to` after a space: the last one ends an unquoted slider description."""
_EXTREMES = {"min": 0.0, "minimum": 0.0, "max": 1.0, "maximum": 1.0}

_EXAMPLES = {
    "tap": 'tap "Wi-Fi"',
    "long press": 'long press "Photo 3"',
    "type": 'type "hello" into "Search"',
    "scroll": 'scroll down in "Alarms"',
    "swipe": "swipe left",
    "set": 'set "Call volume" to max',
    "clear": 'clear "Title"',
    "press": "press back",
    "open app": 'open app "Clock"',
    "wait": "wait 2s",
    "done": "done",
    "fail": 'fail "no Wi-Fi switch on this screen"',
    "assert": 'assert checked "Wi-Fi"',
}
_DIRECTIONS = ", ".join(direction.value for direction in Direction)
_KEYS = ", ".join(key.value for key in Key)
_CONDITIONS = " or ".join(repr(condition.value) for condition in Condition)


def format_action(action: Action) -> str:
    """The canonical one-line text of an action; `str(action)` gives the same."""
    match action:
        case Tap() | LongPress():
            verb = "tap" if isinstance(action, Tap) else "long press"
            if action.point is not None:
                return f"{verb} ({action.point.x}, {action.point.y})"
            return f"{verb} {_target(_present(action.target), action.quoted)}"
        case TypeText():
            into = ""
            if action.target is not None:
                into = f" into {_target(action.target, action.quoted)}"
            return f"type {_quote(action.text)}{into}"
        case Scroll() | Swipe():
            within = ""
            if action.target is not None:
                within = f" in {_target(action.target, action.quoted)}"
            return f"{action.type} {action.direction.value}{within}"
        case SetSlider():
            return f"set {_target(action.target, action.quoted)} to {_format_level(action.level)}"
        case ClearText():
            if action.target is None:
                return "clear"
            return f"clear {_target(action.target, action.quoted)}"
        case PressKey():
            return f"press {action.key.value}"
        case OpenApp():
            return f"open app {_quote(action.app)}"
        case Wait():
            return f"wait {_format_seconds(action.seconds)}s"
        case Done():
            return "done"
        case Fail():
            return f"fail {_quote(action.reason)}"
        case Assert():
            negation = "not " if action.negated else ""
            return f"assert {negation}{action.condition.value} {_quote(action.target)}"
        case _:
            assert_never(action)


def parse_action(text: str) -> Action:
    """Read one action from its text form; raises `ActionSyntaxError` saying where and what."""
    return _Parser(text).action()


def _present(value: str | None) -> str:
    if value is None:  # pragma: no cover - the models' validators rule this out
        raise AssertionError("a pointing action without target or point")
    return value


def _target(value: str, quoted: bool) -> str:
    """A label in quotes; a description as it is (the models ensure it reads back)."""
    return _quote(value) if quoted else value


def _quote(value: str) -> str:
    parts = ['"']
    for char in value:
        if char in _ESCAPE:
            parts.append(_ESCAPE[char])
        elif unicodedata.category(char) in _HIDDEN_CATEGORIES:
            parts.append(f"\\u{ord(char):04x}")
        else:
            parts.append(char)
    parts.append('"')
    return "".join(parts)


def _format_seconds(seconds: float) -> str:
    # repr is the shortest text that reads back to the same float; Decimal
    # spells it without an exponent (1e-05 -> 0.00001) and drops a trailing .0.
    return format(Decimal(repr(seconds)).normalize(), "f")


def _format_level(level: float) -> str:
    """`min`, `max`, or the percentage that reads back to the very same float."""
    if level == 0:
        return "min"
    if level == 1:
        return "max"
    return format((Decimal(repr(level)) * 100).normalize(), "f") + "%"


class _Parser:
    """A cursor over one action's text; every error carries the 1-based column."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def action(self) -> Action:
        self._skip_space()
        start = self.pos
        match = _VERB.match(self.text, self.pos)
        verb = _SEPARATORS.sub("", match.group().lower()) if match else ""
        rule = self._rules().get(verb)
        if match is None or rule is None:
            raise self._error(
                "an action (tap, long press, type, scroll, swipe, set, clear, press, open app, "
                "wait, done, fail, assert)",
                'tap "Wi-Fi"',
                at=start,
            )
        self.pos = match.end()
        return rule()

    def _rules(self) -> dict[str, Callable[[], Action]]:
        return {
            "tap": lambda: self._pointing(Tap, "tap"),
            "longpress": lambda: self._pointing(LongPress, "long press"),
            "type": self._type,
            "scroll": lambda: self._directed(Scroll, "scroll"),
            "swipe": lambda: self._directed(Swipe, "swipe"),
            "set": self._set,
            "clear": self._clear,
            "press": self._press,
            "open": self._open_app,
            "openapp": self._open_app,
            "wait": self._wait,
            "done": self._done,
            "fail": self._fail,
            "assert": self._assert,
        }

    # -- the verbs ------------------------------------------------------------

    def _pointing(self, model: type[Tap] | type[LongPress], verb: str) -> Action:
        example = _EXAMPLES[verb]
        self._skip_space()
        start = self.pos
        if self._peek() == "(":
            example = f"{verb} (540, 1210)"
            point = self._point(example)
            self._end(example)
            return self._build(verb, start, lambda: model(point=point))
        target, quoted = self._target(
            f"a quoted target, \"(x, y)\" or a description after '{verb}'", example
        )
        self._end(example)
        return self._build(verb, start, lambda: model(target=target, quoted=quoted))

    def _type(self) -> Action:
        example = _EXAMPLES["type"]
        self._skip_space()
        start = self.pos
        if self._peek() != '"':
            raise self._error("the text to type in quotes after 'type'", example)
        text = self._quoted(example)
        target, quoted = None, False
        if not self._at_end():
            keyword = self.pos
            if self._word() not in ("into", "in"):
                raise self._error(
                    "'into' and a target, or the end of the action", example, at=keyword
                )
            target, quoted = self._target("a quoted target or a description after 'into'", example)
        self._end(example)
        return self._build("type", start, lambda: TypeText(text=text, target=target, quoted=quoted))

    def _directed(self, model: type[Scroll] | type[Swipe], verb: str) -> Action:
        example = _EXAMPLES[verb]
        self._skip_space()
        start = self.pos
        word = self._word()
        if word not in {direction.value for direction in Direction}:
            raise self._error(f"a direction ({_DIRECTIONS}) after '{verb}'", example, at=start)
        target, quoted = None, False
        if not self._at_end():
            keyword = self.pos
            if self._word() != "in":
                raise self._error(
                    "'in' and a target, or the end of the action", example, at=keyword
                )
            target, quoted = self._target("a quoted target or a description after 'in'", example)
        self._end(example)
        return self._build(
            verb,
            start,
            lambda: model(direction=Direction(word), target=target, quoted=quoted),
        )

    def _set(self) -> Action:
        example = _EXAMPLES["set"]
        self._skip_space()
        start = self.pos
        expected_to = "'to' and a level (min, max or a percentage such as 40%) after the slider"
        if self._peek() == '"':
            target, quoted = self._quoted(example), True
            self._skip_space()
            keyword = self.pos
            if self._word() != "to":
                raise self._error(expected_to, example, at=keyword)
        else:
            expected_slider = "a quoted slider label or a description after 'set'"
            if self._at_end():
                raise self._error(expected_slider, example)
            found = list(_LAST_TO.finditer(self.text, self.pos))
            if not found:
                raise self._error(expected_to, example, at=len(self.text))
            target, quoted = self.text[self.pos : found[-1].start()].strip(), False
            if not target:
                raise self._error(expected_slider, example)
            self.pos = found[-1].end()
        level = self._level(example)
        self._end(example)
        return self._build(
            "set", start, lambda: SetSlider(target=target, quoted=quoted, level=level)
        )

    def _level(self, example: str) -> float:
        """`min`, `max` or a percentage of the range (`40%`), as a share from 0 to 1."""
        self._skip_space()
        start = self.pos
        word = self._word()
        if word in _EXTREMES:
            return _EXTREMES[word]
        number = _NUMBER.match(self.text, start)
        if word or number is None:
            raise self._error(
                "a level after 'to': min, max or a percentage such as 40%", example, at=start
            )
        self.pos = number.end()
        self._skip_space()
        if self._peek() != "%":
            raise self._error("'%' after the number (a percentage of the slider's range)", example)
        self.pos += 1
        percent = Decimal(number.group())
        if percent > 100:
            raise self._error("a percentage from 0% to 100%", example, at=start)
        return float(percent / 100)

    def _clear(self) -> Action:
        example = _EXAMPLES["clear"]
        self._skip_space()
        start = self.pos
        if self._at_end():
            return ClearText()
        target, quoted = self._target("a quoted field or a description after 'clear'", example)
        self._end(example)
        return self._build("clear", start, lambda: ClearText(target=target, quoted=quoted))

    def _press(self) -> Action:
        example = _EXAMPLES["press"]
        self._skip_space()
        start = self.pos
        word = self._word()
        if word not in {key.value for key in Key}:
            raise self._error(f"a key ({_KEYS}) after 'press'", example, at=start)
        self._end(example)
        return self._build("press", start, lambda: PressKey(key=Key(word)))

    def _open_app(self) -> Action:
        example = _EXAMPLES["open app"]
        self._skip_space()
        start = self.pos
        app = self._words("a quoted app name or a description after 'open app'", example)
        self._end(example)
        return self._build("open app", start, lambda: OpenApp(app=app))

    def _wait(self) -> Action:
        example = _EXAMPLES["wait"]
        self._skip_space()
        start = self.pos
        number = _NUMBER.match(self.text, self.pos)
        if number is None:
            raise self._error("a duration in seconds after 'wait'", example)
        self.pos = number.end()
        self._skip_space()
        unit = _SECONDS_UNIT.match(self.text, self.pos)
        if unit is None:
            raise self._error("'s' (seconds) after the number", example)
        self.pos = unit.end()
        self._end(example)
        return self._build("wait", start, lambda: Wait(seconds=float(number.group())))

    def _done(self) -> Action:
        self._end(_EXAMPLES["done"])
        return Done()

    def _fail(self) -> Action:
        example = _EXAMPLES["fail"]
        self._skip_space()
        start = self.pos
        reason = self._words("a quoted reason or a description after 'fail'", example)
        self._end(example)
        return self._build("fail", start, lambda: Fail(reason=reason))

    def _assert(self) -> Action:
        example = _EXAMPLES["assert"]
        self._skip_space()
        start = self.pos
        word = self._word()
        negated = word == "not"
        if negated:
            self._skip_space()
            start = self.pos
            word = self._word()
        if word not in {condition.value for condition in Condition}:
            after = "'assert not'" if negated else "'assert' (or 'not' and one)"
            raise self._error(f"a condition ({_CONDITIONS}) after {after}", example, at=start)
        target = self._words(f"a quoted target or a description after '{word}'", example)
        self._end(example)
        return self._build(
            "assert",
            start,
            lambda: Assert(target=target, condition=Condition(word), negated=negated),
        )

    # -- the pieces -----------------------------------------------------------

    def _target(self, expected: str, example: str) -> tuple[str, bool]:
        """A quoted label or an unquoted description, and which of the two it was."""
        self._skip_space()
        quoted = self._peek() == '"'
        return self._words(expected, example), quoted

    def _words(self, expected: str, example: str) -> str:
        """A quoted string, or an unquoted description that runs to the end of the line."""
        self._skip_space()
        if self._peek() == '"':
            return self._quoted(example)
        if self.pos >= len(self.text):
            raise self._error(expected, example)
        description = self.text[self.pos :].strip()
        self.pos = len(self.text)
        return description

    def _quoted(self, example: str) -> str:
        opened = self.pos
        self.pos += 1
        chars: list[str] = []
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char == '"':
                self.pos += 1
                return "".join(chars)
            if char == "\\":
                chars.append(self._escape(example))
            else:
                chars.append(char)
                self.pos += 1
        raise self._error(
            f"'\"' to close the string opened at column {opened + 1}", example, at=len(self.text)
        )

    def _escape(self, example: str) -> str:
        backslash = self.pos
        code = self.text[self.pos + 1 : self.pos + 2]
        if code in _UNESCAPE:
            self.pos += 2
            return _UNESCAPE[code]
        digits = self.text[self.pos + 2 : self.pos + 6]
        if code == "u" and re.fullmatch(r"[0-9A-Fa-f]{4}", digits):
            self.pos += 6
            return chr(int(digits, 16))
        raise self._error(
            'an escape (\\" \\\\ \\n \\r \\t or \\uXXXX) after a backslash in a string',
            example,
            at=backslash,
        )

    def _point(self, example: str) -> Point:
        self.pos += 1  # the "("
        x = self._int("an integer x in pixels after '('", example)
        self._expect(",", "',' between x and y", example)
        y = self._int("an integer y in pixels after ','", example)
        self._expect(")", "')' after y", example)
        return Point(x=x, y=y)

    def _int(self, expected: str, example: str) -> int:
        self._skip_space()
        match = _INT.match(self.text, self.pos)
        if match is None:
            raise self._error(expected, example)
        self.pos = match.end()
        return int(match.group())

    def _expect(self, literal: str, expected: str, example: str) -> None:
        self._skip_space()
        if not self.text.startswith(literal, self.pos):
            raise self._error(expected, example)
        self.pos += len(literal)

    def _word(self) -> str:
        """The next keyword, lower-cased; empty when none is there."""
        self._skip_space()
        match = _WORD.match(self.text, self.pos)
        if match is None:
            return ""
        self.pos = match.end()
        return match.group().lower()

    def _end(self, example: str) -> None:
        if not self._at_end():
            raise self._error("the end of the action", example)

    def _at_end(self) -> bool:
        self._skip_space()
        return self.pos >= len(self.text)

    def _skip_space(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def _peek(self) -> str:
        return self.text[self.pos : self.pos + 1]

    def _build(self, verb: str, start: int, make: Callable[[], Action]) -> Action:
        """Construct the action; a value the model rejects is reported at its column."""
        try:
            return make()
        except ValidationError as exc:
            raise ActionSyntaxError(
                self.text, start + 1, f"invalid {verb}: {_describe(exc)}"
            ) from exc

    def _error(self, expected: str, example: str, *, at: int | None = None) -> ActionSyntaxError:
        pos = self.pos if at is None else at
        rest = self.text[pos:].split(maxsplit=1)
        found = f"{rest[0][:24]!r}" if rest else "the end of the text"
        return ActionSyntaxError(
            self.text, pos + 1, f"expected {expected}, e.g. {example}; found {found}"
        )


def _describe(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors():
        field = ".".join(str(part) for part in error["loc"])
        if error["type"] == "value_error":
            message = f"{field} {error['ctx']['error']}"
        else:
            said = error["msg"]
            said = f"{field}{said[5:]}" if said.startswith("Input") else f"{field}: {said.lower()}"
            message = f"{said}, got {error['input']!r}"
        parts.append(message.strip())
    return "; ".join(parts)
