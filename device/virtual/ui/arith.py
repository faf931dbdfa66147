"""The calculator's arithmetic: a small recursive-descent parser (never `eval`).

Grammar: expr = term (("+" | "-") term)*; term = unary (("*" | "/") unary)*;
unary = "-" unary | postfix; postfix = atom "%"*; atom = number | "(" expr ")".
The calculator's glyphs (times U+00D7, divide U+00F7, minus U+2212) are the same
operators. Results read as Android's
Calculator shows them: "12", "0.5", "3.3333333333", "Can't divide by 0", "Error".
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
            if self._take() == "+":
                value += self.term()
            else:
                value -= self.term()
        return value

    def term(self) -> Decimal:
        value = self.unary()
        while self._peek() in ("*", "/"):
            if self._take() == "*":
                value *= self.unary()
            else:
                divisor = self.unary()
                if divisor == 0:
                    raise ZeroDivisionError
                value /= divisor
        return value

    def unary(self) -> Decimal:
        if self._peek() == "-":
            self._take()
            return -self.unary()
        if self._peek() == "+":
            self._take()
            return self.unary()
        return self.postfix()

    def postfix(self) -> Decimal:
        value = self.atom()
        while self._peek() == "%":
            self._take()
            value /= 100
        return value

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
