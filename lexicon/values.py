"""Values in text: phone numbers, times, dates, durations, numbers, amounts and percentages.

A planner carries values from one app to another and a checker compares what a screen
shows with what was asked, so both read values here, the same way. `parse_*` reads a whole
text as one value (None when it is not one); `find_*` picks values out of a sentence with
where each was written. The language read is English, in the forms Android's English
locales write; where the written forms of countries disagree, each parser says which it
assumes and why. Nothing here guesses past what the text says: an ambiguous or impossible
value (`25:00`, `February 30`) is refused rather than repaired.
"""

from __future__ import annotations

import calendar
import datetime
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Generic, TypeVar

from lexicon.text import fold

__all__ = [
    "Amount",
    "Date",
    "Found",
    "Phone",
    "Time",
    "find_amounts",
    "find_phones",
    "find_times",
    "parse_amount",
    "parse_date",
    "parse_duration",
    "parse_number",
    "parse_percent",
    "parse_phone",
    "parse_time",
    "parse_weekday",
    "resolve_date",
    "same_date",
    "same_phone",
    "same_time",
]

V = TypeVar("V")


@dataclass(frozen=True)
class Found(Generic[V]):
    """A value found in a text: `text[start:end]` is `written`."""

    value: V
    written: str
    start: int
    end: int


# -- numbers ------------------------------------------------------------------------------

_SMALL = {
    word: value
    for value, word in enumerate(
        (
            *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"),
            *("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen"),
            *("seventeen", "eighteen", "nineteen"),
        )
    )
}
_TENS = {
    word: 10 * value
    for value, word in enumerate(
        ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"), start=2
    )
}
_SAID = _SMALL | _TENS
_DASHES = "\u2010\u2011\u2012\u2013\u2212"
_SPACES = " \u00a0\u202f"
_EN_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_PLAIN_DIGITS = re.compile(r"\d+(?:\.\d+)?|\.\d+")
_DOT_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_SPACE_GROUPED = re.compile(rf"\d{{1,3}}(?:[{_SPACES}]\d{{3}})+(?:[.,]\d+)?")
_DECIMAL_COMMA = re.compile(r"\d+,\d+")
_WORD_SPLIT = re.compile(rf"[\s\-{_DASHES}]+")


def _said_number(words: Sequence[str]) -> int | None:
    """The whole number `words` say, up to the hundreds of thousands: `twenty five`,
    `a hundred and five`, `fifteen hundred`, `two thousand three hundred`."""
    if list(words) == ["zero"]:
        return 0
    total, group, last = 0, 0, ""
    for i, word in enumerate(words):
        following = words[i + 1] if i + 1 < len(words) else ""
        value = _SMALL.get(word, 0)
        if word in ("a", "an") and i == 0 and following in ("hundred", "thousand"):
            group, last = 1, "unit"
        elif word == "and" and last in ("hundred", "thousand") and following in _SAID:
            last = "and"
        elif 1 <= value <= 9 and last not in ("unit", "teen"):
            group, last = group + value, "unit"
        elif value >= 10 and last not in ("unit", "teen", "ten"):
            group, last = group + value, "teen"
        elif word in _TENS and last not in ("unit", "teen", "ten"):
            group, last = group + _TENS[word], "ten"
        elif word == "hundred" and 1 <= group <= 99 and last != "hundred":
            group, last = group * 100, "hundred"
        elif word == "thousand" and group and not total:
            total, group, last = group * 1000, 0, "thousand"
        else:
            return None
    return total + group if last else None


def _digits_number(text: str) -> Decimal | None:
    """A number written in digits. A comma followed by groups of three digits separates
    thousands and a dot marks decimals, as in English (`1,234.5`); the other convention
    (`1.234,5`, `5,50`, `1 234,5`) is read where the text can only mean it."""
    if _EN_DIGITS.fullmatch(text):
        return Decimal(text.replace(",", ""))
    if _PLAIN_DIGITS.fullmatch(text):
        return Decimal(text)
    if _DOT_GROUPED.fullmatch(text):
        return Decimal(text.replace(".", "").replace(",", "."))
    if _SPACE_GROUPED.fullmatch(text):
        return Decimal(re.sub(f"[{_SPACES}]", "", text).replace(",", "."))
    if _DECIMAL_COMMA.fullmatch(text):
        return Decimal(text.replace(",", "."))
    return None


def parse_number(text: str) -> Decimal | None:
    """A number in digits (`1,234.5`, `-3`, `5,50`) or in words up to the hundreds of
    thousands (`twenty-five`, `a hundred and five`); None for anything else."""
    plain = " ".join(unicodedata.normalize("NFKC", text).split())
    sign = -1 if plain[:1] in ("-", "\u2212") else 1
    body = plain[1:].lstrip() if plain[:1] in ("-", "\u2212", "+") else plain
    number = _digits_number(body)
    if number is None:
        said = _said_number([word for word in _WORD_SPLIT.split(fold(body)) if word])
        number = None if said is None else Decimal(said)
    return None if number is None else sign * number


def parse_percent(text: str) -> Decimal | None:
    """A percentage as its number: `15%`, `15 %` (the French spacing), `12.5 percent`,
    `fifteen per cent`."""
    found = re.fullmatch(r"(.+?)\s*(?:%|per\s?cent)", " ".join(text.split()), re.IGNORECASE)
    return parse_number(found.group(1)) if found else None


# -- amounts ------------------------------------------------------------------------------

_CURRENCY_SIGNS = {
    **dict.fromkeys(("US$", "U.S.$"), "USD"),
    "€": "EUR",
    "£": "GBP",
    "₹": "INR",
    "₩": "KRW",
    "₽": "RUB",
    "₺": "TRY",
    "₪": "ILS",
    "₫": "VND",
    "₱": "PHP",
    "฿": "THB",
    "₴": "UAH",
    "₦": "NGN",
    "A$": "AUD",
    "C$": "CAD",
    "NZ$": "NZD",
    "HK$": "HKD",
    "R$": "BRL",
}
"""Currency signs, as ISO 4217 codes where they name one currency. `$` (the dollars and
pesos of many countries) and `¥` (yen and yuan) stay signs: the text does not say which."""
_CURRENCY_WORDS = {
    **dict.fromkeys(("euro", "euros"), "EUR"),
    **dict.fromkeys(("dollar", "dollars"), "$"),
}
"""Currency names that follow a number (`12 dollars`); a dollar is any country's."""
_CURRENCY_CODES = frozenset(
    [
        *("USD", "EUR", "GBP", "JPY", "CNY", "INR", "CAD", "AUD", "NZD", "CHF", "SEK", "NOK"),
        *("DKK", "PLN", "CZK", "HUF", "KRW", "BRL", "MXN", "RUB", "TRY", "ZAR", "HKD", "SGD"),
        *("ILS", "AED", "SAR", "THB", "PHP", "VND", "IDR", "MYR", "UAH", "NGN", "EGP", "ARS"),
        *("CLP", "COP"),
    ]
)
"""The ISO 4217 codes of the currencies most traded and most used on phones."""
_CURRENCY = (
    "(?:"
    + "|".join(re.escape(sign) for sign in sorted(_CURRENCY_SIGNS, key=len, reverse=True))
    + r"|[$¥]|\b(?:"
    + "|".join(sorted(_CURRENCY_CODES))
    + r")\b)"
)
_AMOUNT_NUMBER = rf"\d{{1,3}}(?:[{_SPACES}]\d{{3}})+(?:[.,]\d+)?|\d(?:[\d.,]*\d)?"
_AMOUNT = re.compile(
    rf"(?<![\w.,])(?P<minus>[-\u2212]\s?)?"
    rf"(?:(?P<before>{_CURRENCY})[{_SPACES}]?(?P<first>{_AMOUNT_NUMBER})"
    rf"|(?P<second>{_AMOUNT_NUMBER})[{_SPACES}]?"
    rf"(?P<after>{_CURRENCY}|(?:{'|'.join(sorted(_CURRENCY_WORDS, reverse=True))})\b))"
    r"(?![^\W_]|[.,]\d)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Amount:
    """A sum of money: `value` in `currency`."""

    value: Decimal
    currency: str
    """The ISO 4217 code (`EUR`), or the sign as written (`$`, `¥`) when it names several
    currencies."""


def _currency(written: str) -> str:
    sign = written if written in ("$", "¥") else written.upper()
    for known, code in (_CURRENCY_SIGNS | _CURRENCY_WORDS).items():
        if known.upper() == sign:
            return code
    return sign


def _amount(match: re.Match[str]) -> Amount | None:
    number = parse_number(match.group("first") or match.group("second"))
    if number is None:
        return None
    currency = _currency(match.group("before") or match.group("after"))
    return Amount(-number if match.group("minus") else number, currency)


def parse_amount(text: str) -> Amount | None:
    """A sum of money, the currency before or after the number: `$5.50`, `5,50 €`,
    `-€3`, `EUR 12`, `12 dollars`."""
    found = _AMOUNT.fullmatch(" ".join(text.split()))
    return _amount(found) if found else None


def find_amounts(text: str) -> list[Found[Amount]]:
    """The sums of money written in `text`, in order."""
    found = []
    for match in _AMOUNT.finditer(text):
        amount = _amount(match)
        if amount is not None:
            found.append(Found(amount, match.group(), match.start(), match.end()))
    return found


# -- phone numbers ------------------------------------------------------------------------

_PHONE_GROUP = r"(?:\(\d{1,5}\)|\d{1,15})"
_PHONE_SEPARATOR = rf"(?:[ \u00a0]?[.\-{_DASHES}][ \u00a0]?|[ \u00a0]|(?<=\))|(?=\())"
_PHONE = re.compile(
    rf"(?<![\w+.,/:\-{_DASHES}])(?:\+[ \u00a0]?)?"
    rf"{_PHONE_GROUP}(?:{_PHONE_SEPARATOR}{_PHONE_GROUP})*"
    rf"(?![\w]|[.,/:\-{_DASHES}]?\d)"
)
_GROUP_DIGITS = re.compile(r"\((\d+)\)|\d+")
_MOST_DIGITS = 16
"""E.164's fifteen digits, and the `(0)` of a number written like `+44 (0)20 ...`."""


@dataclass(frozen=True)
class Phone:
    """A phone number, by the digits dialled."""

    digits: str
    """Its digits (ASCII), without the `+` or `00` that mark an international number."""
    international: bool
    """Written with its country code (`+1 650 ...`, `00 44 20 ...`): `digits` begin with it."""


def _ascii_digits(text: str) -> str:
    return "".join(str(unicodedata.decimal(char)) for char in re.findall(r"\d", text))


def _dated(groups: list[str]) -> bool:
    """Whether three groups of digits are a date (`2026-11-22`, `22.11.2026`), which phone
    numbers are never grouped like."""
    sizes = [len(group) for group in groups]
    numbers = [int(group) for group in groups]
    if sizes[0] == 4 and max(sizes[1:]) <= 2:
        return _valid(numbers[0], numbers[1], numbers[2])
    if sizes[2] == 4 and max(sizes[:2]) <= 2:
        day_first = _valid(numbers[2], numbers[1], numbers[0])
        return day_first or _valid(numbers[2], numbers[0], numbers[1])
    return False


def _phone(written: str) -> Phone | None:
    """The phone number `written` is, when it is written like one: 7 to 15 digits (E.164
    allows 15), in groups separated by spaces, hyphens or dots, the area code perhaps in
    parentheses, perhaps after `+` and a country code. Numbering plans group subscriber
    numbers in twos to fours, so a lone digit ends no phone number (`650 555 0100 2`).
    Dots are the only separator where they are used (`650.555.0100`); grouped in
    thousands (`1.234.567`) or as a date (`2026-11-22`) the digits are a number or a date
    instead."""
    international = written.startswith("+")
    body = written[1:].lstrip() if international else written
    parts = re.findall(r"\((\d+)\)|(\d+)", body)
    groups = [inside or bare for inside, bare in parts]
    quoted = [i for i, (inside, _) in enumerate(parts) if inside]
    separators = set(re.sub(r"[\d()]", "", body).replace("\u00a0", " ").replace(" ", ""))
    if not groups or len(groups[-1]) < 2:
        return None
    if len(quoted) > 1 or (quoted and quoted[0] > int(international)):
        return None  # only an area code, or a trunk prefix after the country code, is bracketed
    if "." in separators and len(separators) > 1:
        return None
    if not quoted and "." in separators and all(len(group) == 3 for group in groups[1:]):
        return None
    if not international and not quoted and len(groups) == 3 and _dated(groups):
        return None
    if international and quoted and groups[quoted[0]] == "0":
        del groups[quoted[0]]  # +44 (0)20 ...: the 0 is dialled only from inside the country
    digits = _ascii_digits("".join(groups))
    if not international and digits.startswith("00") and len(digits) > 9:
        international, digits = True, digits[2:]  # 00: the ITU's international call prefix
    if not 7 <= len(digits) <= 15:
        return None
    return Phone(digits, international)


def parse_phone(text: str) -> Phone | None:
    """The phone number `text` is (`(650) 555-0100`, `+1 650-555-0100`, `650.555.0100`),
    or None."""
    plain = text.strip()
    return _phone(plain) if _PHONE.fullmatch(plain) else None


def find_phones(text: str) -> list[Found[Phone]]:
    """The phone numbers written in `text`, in order, each whole (`(650) 555-0100`, never
    `(650)`). A number that runs into more digits (`650 555 0100 2`) is the longest
    phone number it starts with."""
    found: list[Found[Phone]] = []
    for match in _PHONE.finditer(text):
        ends, digits = [], 0
        for group in _GROUP_DIGITS.finditer(match.group()):
            digits += len(group.group(1) or group.group())
            if digits > _MOST_DIGITS:
                break
            ends.append(group.end())
        for end in reversed(ends):
            phone = _phone(match.group()[:end])
            if phone is not None:
                written = match.group()[:end]
                found.append(Found(phone, written, match.start(), match.start() + end))
                break
    return found


def same_phone(a: str | Phone, b: str | Phone) -> bool:
    """Whether `a` and `b` are one phone number, however each is written. A national number
    is its international form when the digits agree after the country code (1 to 3 digits)
    and the national trunk prefix (a leading 0, dropped when dialling from abroad)."""
    first = parse_phone(a) if isinstance(a, str) else a
    second = parse_phone(b) if isinstance(b, str) else b
    if first is None or second is None:
        return False
    if first.international == second.international:
        return first.digits == second.digits
    national, full = (second, first) if first.international else (first, second)
    significant = national.digits.removeprefix("0")
    return full.digits.endswith(significant) and len(full.digits) - len(significant) <= 3


# -- times --------------------------------------------------------------------------------

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


# -- dates --------------------------------------------------------------------------------

_MONTH_NAMES = (
    *("january", "february", "march", "april", "may", "june", "july", "august"),
    *("september", "october", "november", "december"),
)
_MONTHS = {
    **{name: number for number, name in enumerate(_MONTH_NAMES, start=1)},
    **{name[:3]: number for number, name in enumerate(_MONTH_NAMES, start=1)},
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


# -- durations ----------------------------------------------------------------------------

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
