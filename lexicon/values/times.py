"""Times of day in text: clock forms, `noon` and `midnight`, and spoken forms.

A time is kept on the 24-hour clock. An hour said without am or pm is kept as said
(`half past seven` is 07:30), since English leaves the half of the day to the listener;
`o'clock` and am/pm count the hours of a 12-hour clock (12 am is midnight). Impossible
times (`25:00`, `7:61`, `13 pm`) are refused rather than repaired.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lexicon.values.found import Found
from lexicon.values.numbers import _SMALL, _said_number

__all__ = ["Time", "find_times", "parse_time", "same_time"]

_HOURS_SAID = "|".join(
    sorted((word for word, value in _SMALL.items() if 1 <= value <= 12), key=len, reverse=True)
)
_MINUTES_SAID = "|".join(
    sorted(
        [word for word, value in _SMALL.items() if value >= 1]
        + ["twenty"]
        + [rf"twenty[\s\-]{unit}" for unit, value in _SMALL.items() if 1 <= value <= 9],
        key=len,
        reverse=True,
    )
)
_MERIDIEM = r"(?:[ \u00a0]?(?P<{0}>[ap])(?:\.[ \u00a0]?m\.|[ \u00a0]?m\b))"
_TIME = re.compile(
    r"(?<![\w:.,])(?:"
    rf"(?P<hour>\d{{1,2}}):(?P<minute>\d{{2}})(?!\d|:\d){_MERIDIEM.format('m1')}?"
    rf"|(?P<dot_hour>\d{{1,2}})\.(?P<dot_minute>\d{{2}}){_MERIDIEM.format('m2')}"
    rf"|(?P<whole>\d{{1,2}}|{_HOURS_SAID})(?:{_MERIDIEM.format('m3')}|[ \u00a0]o['’]clock\b)"
    rf"|(?P<part>half|(?:a[ \u00a0])?quarter|{_MINUTES_SAID}|\d{{1,2}})(?:[ \u00a0]minutes?)?"
    rf"[ \u00a0](?P<way>past|after|to)[ \u00a0](?P<of>{_HOURS_SAID}|\d{{1,2}})"
    rf"{_MERIDIEM.format('m4')}?"
    r"|(?P<named>noon|midday|midnight)"
    r")(?![\w]|[:.,]\d)",
    re.IGNORECASE,
)


@dataclass(frozen=True, order=True)
class Time:
    """A time of day on the 24-hour clock."""

    hour: int
    minute: int

    def __str__(self) -> str:
        return f"{self.hour:02}:{self.minute:02}"


def _hour_number(said: str) -> int:
    return int(said) if said.isdigit() else _SMALL[said.lower()]


def _on_clock(hour: int, minute: int, meridiem: str | None) -> Time | None:
    """The time `hour:minute` means; with a meridiem the hour is 1-12 (12 am is midnight)."""
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem.lower() == "p" else 0)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return Time(hour, minute)


def _time(match: re.Match[str]) -> Time | None:
    named = match.group("named")
    if named:
        return Time(0, 0) if named.lower() == "midnight" else Time(12, 0)
    if match.group("hour"):
        return _on_clock(int(match.group("hour")), int(match.group("minute")), match.group("m1"))
    if match.group("dot_hour"):
        hour, minute = int(match.group("dot_hour")), int(match.group("dot_minute"))
        return _on_clock(hour, minute, match.group("m2"))
    if match.group("whole"):
        hour = _hour_number(match.group("whole"))
        if not match.group("m3") and not 1 <= hour <= 12:
            return None  # "o'clock" counts the hours of a 12-hour clock
        return _on_clock(hour, 0, match.group("m3"))
    part = " ".join(match.group("part").lower().replace("-", " ").split())
    minutes = {"half": 30, "quarter": 15, "a quarter": 15}.get(part)
    if minutes is None:
        said = int(part) if part.isdigit() else _said_number(part.split())
        if said is None or not 1 <= said <= 30:
            return None
        minutes = said
    hour = _hour_number(match.group("of"))
    if not 1 <= hour <= 12:
        return None
    base = _on_clock(hour, 0, match.group("m4"))
    if base is None:
        return None
    offset = minutes if match.group("way").lower() in ("past", "after") else -minutes
    total = (base.hour * 60 + offset) % (24 * 60)
    return Time(total // 60, total % 60)


def find_times(text: str) -> list[Found[Time]]:
    """The times of day written in `text`, in order: clock forms (`7:05`, `19:30`,
    `7:05 pm`, `7.30pm`, `7 am`, `7 o'clock`), `noon` and `midnight`, and the spoken
    `half past seven`, `quarter to eight`, `ten past six`. An hour said without am or pm
    is kept as said (`half past seven` is 07:30): English leaves the half of the day to
    the listener. Impossible times (`25:00`, `7:61`, `13 pm`) are not times."""
    found = []
    for match in _TIME.finditer(text):
        time = _time(match)
        if time is not None:
            found.append(Found(time, match.group(), match.start(), match.end()))
    return found


def parse_time(text: str) -> Time | None:
    """The time of day `text` is, in any form `find_times` reads, or None."""
    found = _TIME.fullmatch(" ".join(text.split()))
    return _time(found) if found else None


def same_time(a: str | Time, b: str | Time) -> bool:
    """Whether `a` and `b` are one time of day, however each is written (`7:05 pm`, `19:05`)."""
    first = parse_time(a) if isinstance(a, str) else a
    second = parse_time(b) if isinstance(b, str) else b
    return first is not None and first == second
