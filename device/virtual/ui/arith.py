"""The calculator's arithmetic: a small recursive-descent parser (never `eval`).

Grammar: expr = term (("+" | "-") term)*; term = unary (("*" | "/") unary)*;
unary = "-" unary | postfix; postfix = atom "%"*; atom = number | "(" expr ")".
The calculator's glyphs (times U+00D7, divide U+00F7, minus U+2212) are the same
operators. Results read as Android's
Calculator shows them: "12", "0.5", "3.3333333333", "Can't divide by 0", "Error".

`%` reads as Google's Calculator reads it: on its own, or beside a multiplication or
a division, `x%` is x/100 (`15%` = 0.15, `50*10%` = 5); as the whole right operand of
a plus or a minus it is that percentage of what stands to its left (`80+15%` = 92,
`80-15%` = 68, `10*5+20%` = 60).
"""

from __future__ import annotations

import re
from decimal import Decimal, DivisionByZero, InvalidOperation, localcontext

DIVIDE_BY_ZERO = "Can't divide by 0"
ERROR = "Error"
_TOKEN = re.compile(r"\s*(?:(\d+\.?\d*|\.\d+)|(.))")
_GLYPHS = str.maketrans({"\u00d7": "*", "\u00f7": "/", "\u2212": "-", "\u2013": "-", ",": ""})
_DIGITS = 10
"""Digits after the point the display shows."""


class _Malformed(ValueError):
    pass


def evaluate(expression: str) -> str:
    """The result of an expression as the calculator displays it."""
    tokens = _tokens(expression.translate(_GLYPHS))
    if not tokens:
        return ERROR
    try:
        with localcontext() as context:
            context.prec = 34
            context.traps[DivisionByZero] = True
            parser = _Parser(tokens)
            value = parser.expr()
            if parser.position != len(tokens):
                return ERROR
    except (DivisionByZero, ZeroDivisionError):
        return DIVIDE_BY_ZERO
    except (_Malformed, InvalidOperation, OverflowError):
        return ERROR
    return format_number(value)


def format_number(value: Decimal) -> str:
    """Up to ten digits after the point, trailing zeros dropped; "-0" reads "0"."""
    rounded = value.quantize(Decimal(1).scaleb(-_DIGITS))
    text = format(rounded, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _tokens(text: str) -> list[str]:
    tokens: list[str] = []
    for match in _TOKEN.finditer(text):
        number, other = match.groups()
        if number is not None:
            tokens.append(number)
        elif other is not None and not other.isspace():
            tokens.append(other)
    return tokens


class _Parser:
    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.position = 0

    def _peek(self) -> str | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def _take(self) -> str:
        token = self._peek()
        if token is None:
            raise _Malformed("unexpected end")
        self.position += 1
        return token

    def expr(self) -> Decimal:
        value = self.term()
        while self._peek() in ("+", "-"):
            plus = self._take() == "+"
            operand, percent = self._term()
            if percent:  # 80+15% adds 15% of 80
                operand *= value
            value = value + operand if plus else value - operand
        return value

    def term(self) -> Decimal:
        return self._term()[0]

    def _term(self) -> tuple[Decimal, bool]:
        """The term's value, and whether it is one percentage alone (`15%`, `-(2)%`)."""
        value, percent = self._unary()
        while self._peek() in ("*", "/"):
            percent = False
            if self._take() == "*":
                value *= self._unary()[0]
            else:
                divisor = self._unary()[0]
                if divisor == 0:
                    raise ZeroDivisionError
                value /= divisor
        return value, percent

    def _unary(self) -> tuple[Decimal, bool]:
        if self._peek() == "-":
            self._take()
            value, percent = self._unary()
            return -value, percent
        if self._peek() == "+":
            self._take()
            return self._unary()
        return self._postfix()

    def _postfix(self) -> tuple[Decimal, bool]:
        value = self.atom()
        percent = False
        while self._peek() == "%":
            self._take()
            value /= 100
            percent = True
        return value, percent

    def atom(self) -> Decimal:
        token = self._take()
        if token == "(":
            value = self.expr()
            if self._take() != ")":
                raise _Malformed("missing )")
            return value
        if token[0].isdigit() or token[0] == ".":
            return Decimal(token)
        raise _Malformed(f"unexpected {token!r}")
