"""Calendar dates and weekdays in text, and the days relative words mean.

Month and day names are English, written here because `calendar`'s follow the process
locale. Slashes put the month first, as Android's US English locale does, unless the first
number cannot be a month; dots put the day first, as everywhere dots are used; two-digit
years are of this century, as phones write them. A date without a year is in this year,
since Android leaves the current year out of the dates it shows, and a weekday is the next
such day after today, since screens say "Today" for today. Impossible dates
(`February 30`) and self-contradicting ones (a weekday that is not the date's) are refused.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

from lexicon.text import fold

__all__ = ["MONTH_NAMES", "Date", "parse_date", "parse_weekday", "resolve_date", "same_date"]

MONTH_NAMES = (
    *("january", "february", "march", "april", "may", "june", "july", "august"),
    *("september", "october", "november", "december"),
)
"""English month names; screens write them cut to three letters ("Sep 3")."""
_MONTHS = {
    **{name: number for number, name in enumerate(MONTH_NAMES, start=1)},
    **{name[:3]: number for number, name in enumerate(MONTH_NAMES, start=1)},
    "sept": 9,
}
"""English month names and their abbreviations (`calendar`'s follow the process locale)."""
_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAYS = {
    **{name: number for number, name in enumerate(_DAY_NAMES)},
    **{name[:3]: number for number, name in enumerate(_DAY_NAMES)},
    **{"tues": 1, "thur": 3, "thurs": 3},
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?P<weekday>" + "|".join(sorted(_WEEKDAYS, key=len, reverse=True)) + r")\.?,?\s)?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s(?P<year>\d{4}))?"
_DATES = (
    re.compile(rf"{_WEEKDAY}{_MONTH}\s{_DAY}{_YEAR}", re.IGNORECASE),
    re.compile(rf"{_WEEKDAY}(?:the\s)?{_DAY}(?:\sof)?\s{_MONTH}{_YEAR}", re.IGNORECASE),
    re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"),
    re.compile(r"(?P<first>\d{1,2})/(?P<second>\d{1,2})(?:/(?P<year>\d{4}|\d{2}))?"),
    re.compile(r"(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})"),
)
_AHEAD = {
    "today": 0,
    "tonight": 0,
    "tomorrow": 1,
    "yesterday": -1,
    "the day after tomorrow": 2,
    "day after tomorrow": 2,
    "the day before yesterday": -2,
    "day before yesterday": -2,
}


@dataclass(frozen=True)
class Date:
    """A calendar date; `year` is None where the text does not give it (`November 22`)."""

    month: int
    day: int
    year: int | None = None

    def on(self, year: int) -> datetime.date | None:
        """This date, in `year` when it has none of its own; None for February 29 in a
        common year."""
        year = self.year or year
        if not _valid(year, self.month, self.day):
            return None
        return datetime.date(year, self.month, self.day)


def _valid(year: int | None, month: int, day: int) -> bool:
    """Whether the day exists: in `year`, or in some year (February 29) when it is None."""
    if not 1 <= month <= 12 or day < 1:
        return False
    return day <= calendar.monthrange(year if year else 2024, month)[1]


def _date(match: re.Match[str]) -> Date | None:
    fields = match.groupdict()
    year = int(fields["year"]) if fields.get("year") else None
    if year is not None and len(fields["year"]) == 2:
        year += 2000  # phones write two-digit years of this century
    if "first" in fields:
        first, second = int(fields["first"]), int(fields["second"])
        month, day = (second, first) if first > 12 >= second else (first, second)
    else:
        raw = fields["month"].lower()
        month = int(raw) if raw.isdigit() else _MONTHS[raw]
        day = int(fields["day"])
    if not _valid(year, month, day):
        return None
    weekday = fields.get("weekday")
    if weekday and year and datetime.date(year, month, day).weekday() != _WEEKDAYS[weekday.lower()]:
        return None  # "Monday, November 22, 2026" contradicts itself
    return Date(month, day, year)


def parse_date(text: str) -> Date | None:
    """The calendar date `text` writes, or None: `November 22`, `Nov. 22nd, 2026`,
    `Sunday, 22 Nov 2026`, `the 22nd of November`, `2026-11-22` (ISO 8601), `22.11.2026`
    (day first, as everywhere dots are used), `11/22` and `11/22/26`. Slashes put the month
    first, as Android's US English locale does, unless the first number cannot be a month
    (`22/11` is November 22). Two-digit years are of this century."""
    plain = " ".join(text.split()).rstrip(",")
    for pattern in _DATES:
        found = pattern.fullmatch(plain)
        if found:
            return _date(found)
    return None


def parse_weekday(text: str) -> int | None:
    """The day of the week `text` names (`Monday`, `Tue`, `thurs.`) as 0 for Monday to 6
    for Sunday, as `datetime.date.weekday` counts, or None."""
    return _WEEKDAYS.get(fold(text).strip().rstrip("."))


def resolve_date(text: str, *, today: datetime.date) -> datetime.date | None:
    """The day `text` means, seen from `today`: `today`, `tomorrow`, `yesterday`, `the day
    after tomorrow`; a weekday (`Monday`, `next Monday`) is the next such day after today
    and `last Monday` the one before, since screens say "Today" for today; a date without
    a year is in this year, as Android leaves the current year out of dates it shows."""
    words = " ".join(fold(text).replace(",", " ").split())
    if words in _AHEAD:
        return today + datetime.timedelta(days=_AHEAD[words])
    direction, _, name = words.rpartition(" ")
    weekday = parse_weekday(name)
    if weekday is not None and direction in ("", "on", "next", "this", "last"):
        if direction == "last":
            return today - datetime.timedelta(days=(today.weekday() - weekday - 1) % 7 + 1)
        return today + datetime.timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)
    date = parse_date(text)
    return date.on(today.year) if date else None


def same_date(a: str | Date, b: str | Date, *, today: datetime.date | None = None) -> bool:
    """Whether `a` and `b` are one calendar day, however each is written. A date without a
    year agrees with the same day of any year; with `today`, relative words (`tomorrow`,
    `Monday`) count too."""
    if today is not None:
        first = resolve_date(a, today=today) if isinstance(a, str) else a.on(today.year)
        second = resolve_date(b, today=today) if isinstance(b, str) else b.on(today.year)
        return first is not None and first == second
    one = parse_date(a) if isinstance(a, str) else a
    two = parse_date(b) if isinstance(b, str) else b
    if one is None or two is None:
        return False
    years_agree = one.year is None or two.year is None or one.year == two.year
    return (one.month, one.day) == (two.month, two.day) and years_agree
