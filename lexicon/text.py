"""Text as droidpilot compares it: folded, tokenised (Latin and CJK), in light word forms.

Labels on screens and words in actions differ in case, accents, punctuation, width
and plural (`Wi-Fi` / `wifi`, `Notifications` / `notification`, `ＯＫ` / `OK`); both
sides go through `words` so that they meet in one form. Chinese, Japanese and Korean
are written without spaces between words, so each of their characters is a token of
its own: `音乐馆` and `音乐` then share two tokens, as Latin words share words.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = [
    "APPEARANCE",
    "FILLER_WORDS",
    "FOLDS",
    "OPERATORS",
    "SYMBOL_NAMES",
    "canonical",
    "compact",
    "fold",
    "id_words",
    "is_cjk",
    "lettered",
    "normalise",
    "root",
    "stem",
    "tokens",
    "words",
]

SYMBOL_NAMES: dict[str, str] = {
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
"""A label made of one symbol means the word people say for it (calculators, keypads)."""

OPERATORS: dict[str, str] = {
    "divide": "÷",
    "multiply": "\u00d7",
    "minus": "\u2212",
    "plus": "+",
    "equals": "=",
}
"""An arithmetic operation -> the sign calculators draw on its key."""

FILLER_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "to",
        "of",
        "on",
        "off",
        "in",
        "into",
        "for",
        "with",
        "and",
        "or",
        "at",
        "by",
        "from",
        "my",
        "your",
        "its",
        "it",
        "their",
        "them",
        "this",
        "that",
        "these",
        "those",
        "is",
        "are",
        "be",
        "as",
        "so",
        "than",
        "then",
        "me",
        "i",
        "you",
        "we",
        "please",
        "phone",
        "device",
        "app",
        "named",
        "called",
        "titled",
        "says",
        "say",
        "text",
    ]
)
"""Words of a request that say nothing about which element is meant: articles,
prepositions, pronouns, politeness, and the nouns every request about a phone shares
(`phone`, `app`, `device`) or that only introduce a name (`named`, `called`)."""

APPEARANCE = frozenset(
    [
        *("red", "green", "blue", "yellow", "orange", "purple", "pink", "black", "white"),
        *("grey", "gray", "brown", "golden", "silver", "dark", "light", "bright", "colored"),
        *("coloured", "small", "big", "large", "little", "tiny", "huge", "round", "circular"),
        *("square", "rounded", "empty", "filled", "outlined", "solid", "hollow", "blank"),
        "highlighted",
    ]
)
"""Words that say how an element looks, not what it is called (`the red x` is an x):
colours, sizes, shapes and fills, as `words` spells them."""

_JOINERS = re.compile("(?<=\\w)['\u2019\\-\u2010\u2011](?=\\w)")
_AMPERSAND = re.compile(r"\s*&\s*")
_TOKEN = re.compile(r"[^\W_]+")
_ID_SPLIT = re.compile(r"[_\W]+|(?<=[a-z])(?=[A-Z])")
_KEEP_S = ("ss", "us", "is")
_NOT_PLURALS = frozenset(
    [
        "news",
        "series",
        "species",
        "lens",
        "yes",
        "gas",
        "always",
        "perhaps",
        "across",
        "towards",
        "whereas",
        "sometimes",
        "afterwards",
        "upwards",
        "downwards",
        "forwards",
        "backwards",
        "besides",
        "means",
        "does",
        "goes",
    ]
)
"""English words that end in s but are no plural: `News` is not `New`."""
_HYPHENS = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212", "-"))
_CJK = (
    "\u3040-\u30ff"  # Hiragana, Katakana
    "\u3400-\u4dbf"  # CJK Extension A
    "\u4e00-\u9fff"  # CJK Unified Ideographs
    "\uac00-\ud7af"  # Hangul syllables
    "\uf900-\ufaff"  # CJK Compatibility Ideographs
    "\U00020000-\U0002ffff"  # CJK Extensions B and later
)
_CJK_CHAR = re.compile(f"[{_CJK}]")


def is_cjk(char: str) -> bool:
    """Whether a character belongs to a script written without spaces between words."""
    return _CJK_CHAR.match(char) is not None


def lettered(text: str) -> bool:
    """Whether the text holds a letter or digit of any script; symbols alone (`☆ ⋮`, `←`)
    are what OCR makes of drawings, not words."""
    return any(unicodedata.category(char)[0] in "LN" for char in text)


def fold(text: str) -> str:
    """Compatibility forms (full width, ligatures), accents dropped, case-folded."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def normalise(text: str) -> str:
    """Text for an exact comparison: compatibility forms, one hyphen, case-folded, single
    spaces. `wi‑fi` (a non-breaking hyphen) and `Wi-Fi` compare equal; accents stay."""
    folded = unicodedata.normalize("NFKC", text).translate(_HYPHENS).casefold()
    return " ".join(folded.split())


def stem(token: str) -> str:
    """Light plural folding: settings -> setting, batteries -> battery, classes -> class.

    Plurals are the one inflection labels and descriptions disagree on all the time
    (`Notifications`, `the notification`); deeper stemming merges words that differ.
    """
    if len(token) <= 3 or not token.isalpha() or token in _NOT_PLURALS or is_cjk(token[0]):
        return token
    if token.endswith("ies") and len(token) > 4:
        return token[:-3] + "y"
    if token.endswith(("sses", "xes", "ches", "shes")):
        return token[:-2]
    if token.endswith("s") and not token.endswith(_KEEP_S):
        return token[:-1]
    return token


@lru_cache(maxsize=16384)
def words(text: str) -> tuple[str, ...]:
    """The comparable words of a label or description: folded, joined, lightly stemmed.

    `Wi-Fi` -> ("wifi",), `Don't allow` -> ("dont", "allow"), `÷` -> ("divide",),
    `视频` -> ("视", "频").
    """
    stripped = text.strip()
    solid = "".join(stripped.split())  # a key drawn `( )` is the `()` key
    if solid in SYMBOL_NAMES:
        return tuple(stem(token) for token in SYMBOL_NAMES[solid].split())
    folded = _JOINERS.sub("", fold(stripped))
    folded = _AMPERSAND.sub(" and ", folded)
    if _CJK_CHAR.search(folded):
        folded = _CJK_CHAR.sub(r" \g<0> ", folded)  # each CJK character a word of its own
    tokens = tuple(stem(token) for token in _TOKEN.findall(folded))
    if not tokens and solid and all(symbol in SYMBOL_NAMES for symbol in solid):
        # Only symbols (`+/-`, `<=`): each said in words.
        return tuple(stem(token) for symbol in solid for token in SYMBOL_NAMES[symbol].split())
    return tokens


def compact(tokens: tuple[str, ...]) -> str:
    """The words run together, so that `wi fi`, `wi-fi` and `wifi` compare equal."""
    return "".join(tokens)


@lru_cache(maxsize=8192)
def id_words(resource_id: str) -> tuple[str, ...]:
    """The words of a resource id: `com.x:id/search_src_text` -> ("search", "src", "text")."""
    name = resource_id.rsplit("/", 1)[-1]
    if ":id/" not in resource_id and "/" not in resource_id and ":" in name:
        name = name.rsplit(":", 1)[-1]
    parts = [piece for part in _ID_SPLIT.split(name) if part for piece in _unglued(fold(part))]
    return tuple(stem(part) for part in parts)


_VIEW_AFFIXES = ("btn", "button", "icon", "img", "image", "view", "menu")
"""View-kind words developers glue to an id's word (`backbtn`, `searchicon`, `sidemenu`)."""


def _unglued(word: str) -> tuple[str, ...]:
    """An id word with a view kind glued to its end split off: `backbtn` -> (back, btn)."""
    for affix in _VIEW_AFFIXES:
        head = word[: -len(affix)]
        if word.endswith(affix) and len(head) >= 3 and head.isalpha():
            return head, affix
    return (word,)


FOLDS = {
    "favourite": "favorite",
    "favourites": "favorites",
    "colour": "color",
    "colours": "colors",
    "optimise": "optimize",
    "centre": "center",
    "licence": "license",
    "wifi": "wi-fi",
    "sms": "message",
    "texts": "message",
    "sms/mms": "message",
    "bin": "trash",
    "rubbish": "trash",
    "autorotate": "auto-rotate",
    "rotating": "rotate",
    "rotates": "rotate",
    "aeroplane": "airplane",
    "flight": "airplane",
}
"""Words folded to the one form requests and screens are compared in: British spellings to
the American ones Android's English strings use, and the everyday names of one thing
(`flight` mode is `airplane` mode, a `bin` is the `trash`, `SMS` and `texts` are
messages)."""


_CLOCK = re.compile(r"(\d{1,2}):(\d{2})")
_GOAL_WORD = re.compile(r"[\w\-+./@'\u2019:%]+")


def canonical(word: str) -> str:
    """A word of a goal or a label as planning compares it: lower-cased, accents kept, outer
    punctuation and a possessive `'s` dropped, a clock time without its leading zero, and
    spelling variants folded (`FOLDS`)."""
    word = unicodedata.normalize("NFC", word.lower().strip(".,!?;:\u201c\u201d\"'\u2019()"))
    word = re.sub(r"['\u2019]s$", "", word)
    clock = _CLOCK.fullmatch(word)
    if clock:
        return f"{int(clock.group(1))}:{clock.group(2)}"
    return FOLDS.get(word, word)


def root(word: str) -> str:
    """A rough root shared by a word's forms (`alarms`/`alarm`, `vibrating`/`vibrate`,
    `pinned`/`pin`): English inflection, for comparing a request's words with a screen's."""
    if len(word) <= 3 or not word.isalpha():
        return word
    base = word
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", "e"), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)] + keep
            if suffix in ("ing", "ed") and base[-1] == base[-2]:
                base = base[:-1]
            break
    return base[:-1] if base.endswith("e") and len(base) > 3 else base


def tokens(text: str) -> list[str]:
    """The `canonical` words of a request or a label, hyphenated words, times, numbers and
    addresses kept whole (`Wi-Fi` and `wifi` both give `wi-fi`)."""
    text = text.replace("\u2011", "-").replace("&", " ")
    found = [canonical(word) for word in _GOAL_WORD.findall(text)]
    return [word for word in found if word and word not in ("-", ".")]
