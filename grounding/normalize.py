"""Text normalisation shared by the hierarchy parser and the matcher.

Labels on screens and descriptions in actions differ in case, accents,
punctuation and plural (`Wi-Fi` / `wifi`, `Notifications` / `notification`);
both sides go through `words` so that they meet in one form.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["compact", "id_words", "words"]

# A label made of one symbol means the word people say for it (calculators, keypads).
_SYMBOLS = {
    "÷": "divide",
    "/": "divide",
    "\u00d7": "multiply",
    "*": "multiply",
    "\u2212": "minus",
    "-": "minus",
    "\u2013": "minus",
    "+": "plus",
    "=": "equals",
    "%": "percent",
    ".": "point",
    ",": "point",
    "⌫": "backspace",
    "←": "back",
    "√": "square root",
    "π": "pi",
    "^": "power",
    "!": "factorial",
    "(": "open parenthesis",
    ")": "close parenthesis",
    "()": "parentheses",
    "#": "pound",
}
_JOINERS = re.compile("(?<=\\w)['\u2019\\-\u2010\u2011](?=\\w)")
_AMPERSAND = re.compile(r"\s*&\s*")
_TOKEN = re.compile(r"[^\W_]+")
_ID_SPLIT = re.compile(r"[_\W]+|(?<=[a-z])(?=[A-Z])")
_KEEP_S = ("ss", "us", "is")


def _stem(token: str) -> str:
    """Light plural folding: settings -> setting, batteries -> battery, classes -> class."""
    if len(token) <= 3 or token.isdigit():
        return token
    if token.endswith("ies") and len(token) > 4:
        return token[:-3] + "y"
    if token.endswith(("sses", "xes", "ches", "shes")):
        return token[:-2]
    if token.endswith("s") and not token.endswith(_KEEP_S):
        return token[:-1]
    return token


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=8192)
def words(text: str) -> tuple[str, ...]:
    """The comparable words of a label or description: folded, joined, lightly stemmed.

    `Wi-Fi` -> ("wifi",), `Don't allow` -> ("dont", "allow"), `÷` -> ("divide",).
    """
    stripped = text.strip()
    solid = "".join(stripped.split())  # a key drawn `( )` is the `()` key
    if solid in _SYMBOLS:
        return tuple(_stem(token) for token in _SYMBOLS[solid].split())
    folded = _fold(stripped)
    folded = _JOINERS.sub("", folded)
    folded = _AMPERSAND.sub(" and ", folded)
    tokens = tuple(_stem(token) for token in _TOKEN.findall(folded))
    if not tokens and solid and all(symbol in _SYMBOLS for symbol in solid):
        # Only symbols (`+/-`, `<=`): each said in words.
        return tuple(_stem(token) for symbol in solid for token in _SYMBOLS[symbol].split())
    return tokens


def compact(tokens: tuple[str, ...]) -> str:
    """The words run together, so that `wi fi`, `wi-fi` and `wifi` compare equal."""
    return "".join(tokens)


@lru_cache(maxsize=4096)
def id_words(resource_id: str) -> tuple[str, ...]:
    """The words of a resource id: `com.x:id/search_src_text` -> ("search", "src", "text")."""
    name = resource_id.rsplit("/", 1)[-1]
    if ":id/" not in resource_id and "/" not in resource_id and ":" in name:
        name = name.rsplit(":", 1)[-1]
    parts = [part for part in _ID_SPLIT.split(name) if part]
    return tuple(_stem(_fold(part)) for part in parts)
