"""Phone numbers in text, by the digits dialled.

A number is read as numbering plans write it: 7 to 15 digits (E.164 allows 15), grouped by
spaces, hyphens or dots, the area code perhaps in parentheses, perhaps after `+` or `00`
(the ITU's international call prefix) and a country code. Digits grouped as a date or in
thousands are a date or a number instead, so a screen's dates and counts are not taken for
phone numbers. A national number and its international form are one number when they agree
past the country code and the trunk prefix dropped when dialling from abroad.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from lexicon.values.dates import _valid
from lexicon.values.found import Found
from lexicon.values.numbers import _DASHES

__all__ = ["Phone", "find_phones", "parse_phone", "same_phone"]

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
