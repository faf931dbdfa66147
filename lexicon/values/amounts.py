"""Sums of money in text: a number and its currency, the currency before or after it.

A currency is kept as its ISO 4217 code where the text names one currency (`€`, `EUR`,
`euros`), and as the sign written where it names several: `$` is the dollar and peso of
many countries and `¥` both yen and yuan, and the text does not say which, so nothing here
picks one. The number is read as `lexicon.values.numbers` reads numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from lexicon.values.found import Found
from lexicon.values.numbers import _SPACES, parse_number

__all__ = ["Amount", "find_amounts", "parse_amount"]

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
