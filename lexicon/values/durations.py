"""Lengths of time in text, in seconds.

Durations are read as English says them, the units from the largest down, each once
(`1 hour, 20 minutes and 5 seconds`, `an hour and a half`), and in the clock forms of
Android's timer and stopwatch (`1:30:00` is h:mm:ss, `1:30` is m:ss). The counts are the
numbers `lexicon.values.numbers` reads, in digits or in words.
"""

from __future__ import annotations

import re

from lexicon.text import fold
from lexicon.values.numbers import _digits_number, _said_number

__all__ = ["parse_duration"]

_UNIT_SECONDS = {
    **dict.fromkeys(("s", "sec", "secs", "second", "seconds"), 1),
    **dict.fromkeys(("m", "min", "mins", "minute", "minutes"), 60),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), 3600),
    **dict.fromkeys(("d", "day", "days"), 86400),
    **dict.fromkeys(("week", "weeks"), 604800),
}
_DURATION_TOKEN = re.compile(r"\d+(?:[.,]\d+)?|[^\W\d_]+|[,&\-]")
_WORD_HYPHEN = re.compile(r"(?<=[^\W\d_])-(?=[^\W\d_])")
"""A hyphen inside words (`twenty-five`, `half-hour`), a space to the words it joins."""
_CLOCK_DURATION = re.compile(r"(\d+):([0-5]\d)(?::([0-5]\d))?")
_FRACTIONS = {
    ("half", "a"): 0.5,
    ("half", "an"): 0.5,
    ("a", "half"): 0.5,
    ("a", "quarter", "of", "a"): 0.25,
    ("a", "quarter", "of", "an"): 0.25,
    ("quarter", "of", "an"): 0.25,
    ("quarter", "of", "a"): 0.25,
    ("three", "quarters", "of", "an"): 0.75,
    ("three", "quarters", "of", "a"): 0.75,
}


def _count(tokens: list[str], start: int) -> tuple[float, int] | None:
    """How many of a unit the tokens from `start` say, and where the unit word is."""
    for fraction, value in _FRACTIONS.items():
        if tuple(tokens[start : start + len(fraction)]) == fraction:
            return value, start + len(fraction)
    count: float | None = None
    end = start
    if tokens[start][0].isdigit():
        number = _digits_number(tokens[start])
        count, end = (None, start) if number is None else (float(number), start + 1)
    else:
        for stop in range(len(tokens), start, -1):
            said = _said_number(tokens[start:stop])
            if said is not None:
                count, end = float(said), stop
                break
        if count is None and tokens[start] in ("a", "an"):
            count, end = 1.0, start + 1
    if count is None:
        return None
    if tokens[end : end + 3] == ["and", "a", "half"]:
        count, end = count + 0.5, end + 3  # one and a half hours
    return count, end


def parse_duration(text: str) -> float | None:
    """The length of time `text` says, in seconds, or None: `90 seconds`, `5 min`, `1h 30m`,
    `two minutes`, `half an hour`, `an hour and a half`, `1 hour, 20 minutes and 5 seconds`,
    `13-minute`, and the clock forms of Android's timer and stopwatch: `1:30:00` (h:mm:ss)
    and `1:30` (m:ss). Units go from the largest down, each once, as English says them."""
    plain = _WORD_HYPHEN.sub(" ", fold(text).strip())
    clock = _CLOCK_DURATION.fullmatch(plain)
    if clock:
        numbers = [int(part) for part in clock.groups() if part is not None]
        if len(numbers) == 2:
            return float(numbers[0] * 60 + numbers[1])
        return float(numbers[0] * 3600 + numbers[1] * 60 + numbers[2])
    tokens = _DURATION_TOKEN.findall(plain)
    if not tokens or "".join(tokens) != "".join(plain.split()):
        return None  # something in the text is not part of a duration
    total, largest, i = 0.0, float("inf"), 0
    while i < len(tokens):
        if largest < float("inf") and tokens[i] in (",", "and", "&"):
            i += 2 if tokens[i : i + 2] == [",", "and"] else 1
        if i >= len(tokens):
            return None
        counted = _count(tokens, i)
        if counted is None:
            return None
        count, i = counted
        if tokens[i : i + 1] == ["-"]:
            i += 1
        unit = _UNIT_SECONDS.get(tokens[i]) if i < len(tokens) else None
        if unit is None or unit >= largest:
            return None
        i += 1
        if tokens[i : i + 3] == ["and", "a", "half"]:
            count, i = count + 0.5, i + 3  # an hour and a half
        total, largest = total + count * unit, unit
    return total
