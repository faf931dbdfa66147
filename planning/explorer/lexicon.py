"""Words of Android goals and screens: word forms, synonyms, and which app holds a topic.

General knowledge of current Android phones (Pixel and AOSP wording, British and
American spelling), not of any one app's screens.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "ALLOW",
    "CONFIRM",
    "DENY",
    "DISMISS",
    "RELATED",
    "STOPWORDS",
    "SYNONYMS",
    "canonical",
    "stem",
    "tokens",
]

STOPWORDS = frozenset(
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
"""Words that say nothing about which element to pick (slot words are handled apart)."""

_SPELLING = {
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

SYNONYMS: dict[str, frozenset[str]] = {
    key: frozenset(values)
    for key, values in {
        "delete": {"remove", "trash", "discard", "erase", "forget", "uninstall"},
        "remove": {"delete", "trash", "discard"},
        "trash": {"delete", "remove"},
        "favorite": {"star", "starred", "favorites"},
        "star": {"favorite", "favorites"},
        "message": {"chat", "conversation", "sms", "text"},
        "chat": {"message", "conversation"},
        "conversation": {"chat", "message"},
        "contact": {"people", "person"},
        "photo": {"picture", "image", "photos"},
        "picture": {"photo", "image"},
        "dark": {"night"},
        "rotate": {"auto-rotate", "rotation"},
        "auto-rotate": {"rotate", "rotation"},
        "create": {"add", "new"},
        "add": {"create", "new"},
        "new": {"create", "add"},
        "search": {"find"},
        "find": {"search"},
        "settings": {"setting", "preferences"},
        "vibrate": {"vibration", "vibrating"},
        "vibration": {"vibrate"},
        "timeout": {"sleep"},
        "name": {"rename"},
        "rename": {"name"},
        "edit": {"change"},
        "change": {"edit"},
        "email": {"mail"},
        "mail": {"email"},
        "city": {"cities"},
        "cities": {"city"},
    }.items()
}
"""Words Android screens use for the same thing (after `canonical`)."""

RELATED: dict[str, frozenset[str]] = {
    key: frozenset(values)
    for key, values in {
        "wi-fi": {"network", "internet"},
        "airplane": {"network", "internet"},
        "hotspot": {"network", "internet"},
        "mobile": {"network", "internet"},
        "bluetooth": {"connected", "devices", "pairing"},
        "brightness": {"display"},
        "dark": {"display", "theme"},
        "theme": {"display"},
        "timeout": {"display"},
        "auto-rotate": {"display"},
        "rotate": {"display"},
        "font": {"display"},
        "volume": {"sound"},
        "disturb": {"sound", "notifications"},
        "ringtone": {"sound"},
        "battery": {"power"},
        "saver": {"battery"},
        "location": {"privacy", "security"},
        "uninstall": {"apps", "app", "all"},
        "pausing": {"apps", "app", "all"},
        "unused": {"apps", "app", "all"},
        "name": {"about", "connected", "devices"},
        "rename": {"about", "device"},
        "seconds": {"settings", "options"},
        "world": {"clock", "cities", "city"},
        "stopwatch": {"stopwatch"},
        "timer": {"timer"},
        "automatically": {"internet", "network"},
        "joining": {"internet", "network"},
    }.items()
}
"""Where a topic usually lives one level up (Settings sections, overflow menus)."""

CONFIRM = (
    "Save",
    "Done",
    "OK",
    "Send",
    "Send SMS",
    "Send message",
    "Add",
    "Create",
    "Set",
    "Apply",
    "Confirm",
    "Start",
)
"""Labels of buttons that commit what was entered, most specific first."""

ALLOW = ("While using the app", "Allow", "Only this time", "Allow all the time", "Allow access")
"""Buttons that grant a runtime permission, the one that keeps the app working first."""

DENY = ("Don't allow", "Don\u2019t allow", "Deny", "Deny & don't ask again")
"""Buttons that refuse a runtime permission: with one of them, the screen is a permission prompt."""

DISMISS = (
    "Allow",
    "While using the app",
    "Only this time",
    "Got it",
    "OK",
    "Continue",
    "Skip",
    "Next",
    "Not now",
    "Dismiss",
    "No thanks",
    "Close",
)
"""Affirmative answers to interruptions (permissions, first-launch screens, tips)."""

_CLOCK = re.compile(r"(\d{1,2}):(\d{2})")
_WORD = re.compile(r"[\w\-+./@'\u2019:%]+")


def canonical(word: str) -> str:
    """The word lower-cased, accents kept, British spelling and common aliases folded."""
    word = unicodedata.normalize("NFC", word.lower().strip(".,!?;:“”\"'\u2019()"))
    word = re.sub(r"['\u2019]s$", "", word)
    clock = _CLOCK.fullmatch(word)
    if clock:
        return f"{int(clock.group(1))}:{clock.group(2)}"
    return _SPELLING.get(word, word)


def stem(word: str) -> str:
    """A rough word form: `alarms`/`alarm`, `vibrating`/`vibrate`, `pinned`/`pin`."""
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
    """The canonical words of `text` (`Wi-Fi` and `wifi` both give `wi-fi`)."""
    text = text.replace("\u2011", "-").replace("&", " ")
    words = [canonical(word) for word in _WORD.findall(text)]
    return [word for word in words if word and word not in ("-", ".")]
