"""How an app's search box decides that an item matches what was typed.

Android's own apps do not search by raw substring. `matches` follows what they do
(each rule says which app behaviour it copies):

* letters compare folded: case and accents are ignored ("cafe" finds "Café");
* every query word must start some word of the item, in any order ("carter ben" finds
  "Ben Carter");
* a month is the same month however it is written ("november" finds "Nov 28"), and a
  date matches the same date in another wording ("22 Nov" finds "Nov 22, 2026");
* a number typed as digits finds a stored phone number with those digits, however
  either is punctuated ("5550100" finds "(650) 555-0100");
* and, so that nothing that matched before stops matching, the folded query as a plain
  substring of a field still matches ("en" finds "Ben Carter").

Device code may not import `lexicon` (ARCHITECTURE.md), so the month table is local.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import NamedTuple

__all__ = ["matches"]

_MONTH_NAMES = (
    *("january", "february", "march", "april", "may", "june", "july", "august"),
    *("september", "october", "november", "december"),
)
_MONTHS = {
    **{name: number for number, name in enumerate(_MONTH_NAMES, start=1)},
    **{name[:3]: number for number, name in enumerate(_MONTH_NAMES, start=1)},
    "sept": 9,
}
"""English month names and the cut forms screens write ("Nov 22", "Sept 3")."""
_MONTH = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")"
_DATE = re.compile(
    rf"\b(?:(?P<month_a>{_MONTH})\.?\s+(?P<day_a>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"|(?P<day_b>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month_b>{_MONTH})\.?)"
    r"(?!\w)(?:,?\s+(?P<year>\d{4})\b)?"
)
"""A day and month in either order ("Nov 22", "22nd of November"), maybe with a year."""
_WORD = re.compile(r"[^\W_]+")
"""Letters and digits; `_`, `-` and `.` separate words ("PXL_2026", "Wi-Fi")."""
_NUMBER_QUERY = re.compile(r"\+?[\d\s().\-]+")
_PHONE_SPAN = re.compile(r"\d[\d\s().\-]*")
_MIN_DIGITS = 4
"""Fewer typed digits are a number in a text ("12"), not a phone number being looked up."""
_MIN_MATCH = 7
"""Digits two numbers must share at their end to be one number (`PhoneNumberUtils.MIN_MATCH`)."""
_MIN_MONTH_PREFIX = 3
"""Letters that name one month unambiguously ("jun", "jul"; "ju" does not)."""


class _Date(NamedTuple):
    month: int
    day: int
    year: int | None


def matches(query: str, texts: Iterable[str]) -> bool:
    """Whether an item whose searched fields are `texts` is a result for `query`.

    An empty (or blank) query keeps every item, as a list with an empty search box
    shows everything. Otherwise one rule is enough:

    1. The folded query is a substring of a folded field. This was the whole rule before;
       keeping it means no item stops matching, and partial typing such as "en" still
       finds "Ben Carter", as Contacts does for a fragment of a name.
    2. The query is a phone number (only digits and `+ ( ) - .` and spaces, at least 4
       digits) and its digits are among the digits of a number in a field, or the two
       numbers end alike over at least 7 digits once a country code or trunk `0` is
       dropped. Dialer and Contacts look numbers up by digits (`PhoneNumberUtils`), so
       "555 0100", "(650) 555-0100" and "+1 650 555 0100" all find "(650) 555-0100".
    3. Every word of the query starts a word of some field, in any order, and every date
       it names is a date of the item. Contacts, Keep, Messages and Photos search by
       word prefix across an item's fields ("carter ben" finds "Ben Carter", "ben 650"
       finds him by name and number), and read a month however it is written.
    """
    folded = _fold(query).strip()
    if not folded:
        return True
    fields = [_fold(text) for text in texts]
    if any(folded in field for field in fields):
        return True
    if _is_number(folded) and any(_has_number(field, _digits(folded)) for field in fields):
        return True
    return _words_match(folded, fields)


def _fold(text: str) -> str:
    """Lower case without accents: Android's search collators compare at primary
    strength, where "É", "é" and "e" are one letter."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def _is_number(folded: str) -> bool:
    """A query that can only be a phone number being looked up."""
    return _NUMBER_QUERY.fullmatch(folded) is not None and len(_digits(folded)) >= _MIN_DIGITS


def _has_number(field: str, digits: str) -> bool:
    """Whether a number written in the field holds the typed digits, or is the same
    number with or without its country code / trunk prefix."""
    for span in _PHONE_SPAN.findall(field):
        stored = _digits(span)
        if digits in stored:
            return True
        typed, kept = digits.removeprefix("0"), stored.removeprefix("0")
        if min(len(typed), len(kept)) >= _MIN_MATCH and (
            typed.endswith(kept) or kept.endswith(typed)
        ):
            return True
    return False


def _words_match(folded: str, fields: list[str]) -> bool:
    """Every date of the query is a date of the item, and every other query word starts
    a word of the item (or names the same month as one)."""
    wanted = [_date_of(found) for found in _DATE.finditer(folded)]
    words = _WORD.findall(_DATE.sub(" ", folded))
    if not wanted and not words:
        return False
    dates = [_date_of(found) for field in fields for found in _DATE.finditer(field)]
    if not all(any(_same_date(want, date) for date in dates) for want in wanted):
        return False
    item_words = {word for field in fields for word in _WORD.findall(field)}
    return all(any(_word_matches(word, other) for other in item_words) for word in words)


def _date_of(found: re.Match[str]) -> _Date:
    month = found.group("month_a") or found.group("month_b")
    day = found.group("day_a") or found.group("day_b")
    year = found.group("year")
    return _Date(_MONTHS[month], int(day), int(year) if year else None)


def _same_date(wanted: _Date, date: _Date) -> bool:
    """Same day of the same month; a year counts only when both give one (a date shown
    without a year is this year's)."""
    same_year = wanted.year is None or date.year is None or wanted.year == date.year
    return wanted.month == date.month and wanted.day == date.day and same_year


def _word_matches(typed: str, word: str) -> bool:
    """`typed` starts `word`, or both name one month ("nove" and "nov", "sep" and
    "september"): Photos and Keep find "Nov 28" from "november"."""
    if word.startswith(typed):
        return True
    month = _MONTHS.get(word)
    return month is not None and _month_of_prefix(typed) == month


def _month_of_prefix(typed: str) -> int | None:
    """The month a typed word begins to name ("nove" is November), if it names one."""
    if len(typed) < _MIN_MONTH_PREFIX or not typed.isalpha():
        return None
    found = {number for name, number in _MONTHS.items() if name.startswith(typed)}
    return found.pop() if len(found) == 1 else None
