"""Arithmetic as people say it: "divide 84 by 3", "12 times 7", "split $84.60 between the 3
of us", "4 coffees at $3.75 each", "37 rows of 12 tiles", "halve it".

A calculation is two numbers and one of the four operations. English says each operation in
a few fixed ways, whatever is counted: an operator word between the numbers ("plus",
"minus", "times", "divided by"), an imperative before them ("add A and B", "subtract B
from A", "multiply A by B", "divide A by B"), sharing ("split A between N", "share A
among N") for division, and for multiplication a count of groups ("N rows of M", "N <things>
at P each"). "Halve" and "double" take one number. A number the sentence leaves out ("halve
it" with nothing before) is the one already shown: the calculation continues from it.
Numbers are digits, with a currency sign or thousands commas ("$1,204.50").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

__all__ = ["Calculation", "find_calculation"]

_NUM = r"[$€£¥₹]?\s?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_IT = r"(?:it|that|this|the (?:total|amount|bill|result|number|sum))"
"""A pronoun or a noun phrase standing for a number said before (or shown)."""
_SHOWN = r"(?:whatever|what(?:ever)? number|the number|the result)\b[^.]*\b(?:show|display|screen)"
"""Words that point at the number the calculator already shows."""
_THINGS = r"(?:[a-z]+\s+){0,2}?"
"""Up to two words naming what is counted ("rows", "cups of coffee")."""

_PATTERNS: tuple[tuple[str, str], ...] = (
    (rf"{_NUM}\s*(?:\+|plus)\s*{_NUM}(?=\s*(?:=|$|[.?!]|\s+on\b|\s+with\b))", "plus"),
    (rf"\badd\s+{_NUM}\s+(?:and|to)\s+{_NUM}", "plus"),
    (rf"{_NUM}\s*(?:-|−|minus)\s*{_NUM}", "minus"),
    (rf"\b(?:subtract|take)\s+{_NUM}\s+(?:from|away from)\s+{_NUM}", "minus-reversed"),
    (rf"{_NUM}\s*(?:×|\*|x|times|multiplied by)\s*{_NUM}", "multiply"),
    (rf"\bmultiply\s+{_NUM}\s+(?:by|and|with)\s+{_NUM}", "multiply"),
    (rf"{_NUM}\s+{_THINGS}(?:of|at)\s+{_NUM}(?:\s+{_THINGS}each|\s+[a-z]+s\b)", "multiply"),
    (rf"{_NUM}\s*(?:÷|/|divided by|over)\s*{_NUM}", "divide"),
    (rf"\bdivide\s+{_NUM}\s+(?:by|between|among|into)\s+{_NUM}", "divide"),
    (
        rf"\b(?:split|share|divide)\s+{_NUM}\s+[^.]*?\b(?:between|among|across|by)\s+(?:the\s+)?{_NUM}",
        "divide",
    ),
)
_ONE = (
    (
        rf"\b(?:split|share|divide)\s+{_IT}\s+[^.]*?\b(?:between|among|across|by)\s+(?:the\s+)?{_NUM}",
        "divide",
        None,
    ),
    (rf"\bhalve\s+{_NUM}|\bhalf\s+of\s+{_NUM}", "divide", "2"),
    (rf"\bdouble\s+{_NUM}", "multiply", "2"),
)
_EITHER = ((r"\bhalve\b|\bhalf\b", "divide", "2"), (r"\bdouble\b", "multiply", "2"))


@dataclass(frozen=True)
class Calculation:
    """`left operator right`; `left` None: the number already shown."""

    left: Decimal | None
    operator: str
    """`plus`, `minus`, `multiply` or `divide` (the calculator keys' names)."""
    right: Decimal

    @property
    def result(self) -> Decimal | None:
        """The answer, when both numbers are known (and the division is by a number)."""
        if self.left is None:
            return None
        a, b = self.left, self.right
        if self.operator == "divide":
            return a / b if b else None
        return {"plus": a + b, "minus": a - b, "multiply": a * b}[self.operator]


def _number(written: str) -> Decimal | None:
    try:
        return Decimal(written.replace(",", ""))
    except InvalidOperation:
        return None


def find_calculation(text: str) -> Calculation | None:
    """The calculation `text` asks for, or None when it asks none."""
    lower = " ".join(text.lower().split())
    for pattern, operator in _PATTERNS:
        match = re.search(pattern, lower)
        if match:
            a, b = (_number(group) for group in match.groups())
            if a is None or b is None:
                continue
            if operator == "minus-reversed":
                return Calculation(b, "minus", a)
            return Calculation(a, operator, b)
    earlier = re.findall(_NUM, lower)
    for pattern, operator, fixed in _ONE:
        match = re.search(pattern, lower)
        if match is None:
            continue
        written = next(group for group in match.groups() if group is not None)
        number = _number(written)
        if number is None:
            continue
        if fixed is not None:
            return Calculation(number, operator, Decimal(fixed))
        before = re.findall(_NUM, lower[: match.start()])
        left = _number(before[-1]) if before else None
        return Calculation(left, operator, number)
    for pattern, operator, fixed in _EITHER:
        if re.search(pattern, lower):
            left = (
                _number(earlier[0]) if len(earlier) == 1 and not re.search(_SHOWN, lower) else None
            )
            return Calculation(left, operator, Decimal(fixed))
    return None
