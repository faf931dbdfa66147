"""Numbers in text, in digits or in words, and percentages.

The other values are read on these: amounts read their numbers here, times and durations
their spoken counts. Digits are read as English writes them (a comma groups thousands, a
dot marks decimals, `1,234.5`), since the language read is English; the other convention
(`1.234,5`, `5,50`, `1 234,5`) is read only where the text can mean nothing else, so no
English number is misread. Words go up to the hundreds of thousands (`a hundred and five`,
`fifteen hundred`), and anything past what the words say is refused.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal

from lexicon.text import fold

__all__ = ["parse_number", "parse_percent"]

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
