"""Words that mean the same on Android screens, words that mean the opposite, and negations.

A label and what a person calls it differ in wording (`Flight mode` for `Airplane
mode`, `Preferences` for `Settings`), British or American spelling, and in words of
opposite sense that must never match (`Allow` is not `Don't allow`, `On` is not
`Off`): a grounder that confuses the two taps the wrong answer of a dialog. Every
entry is general Android and English usage, not any one app's.
"""

from __future__ import annotations

from functools import lru_cache

from lexicon.text import compact, words

__all__ = [
    "ANTONYMS",
    "HANDSET",
    "NEGATIONS",
    "conflicts",
    "negated",
    "synonym_group",
    "synonyms_of",
    "synonyms_of_word",
]

HANDSET = frozenset({"phone", "device", "handset", "mobile", "android"})
"""Words for the phone itself and its system ("rename the phone" is the device name, "stop
Android from ..." speaks of the system). Kept apart from the synonym groups: as a label
"Phone" is an app, not the handset."""

NEGATIONS = frozenset({"dont", "not", "never", "no", "cannot", "cant", "wont", "doesnt", "without"})
"""Words that turn a label into its opposite: `Don't allow`, `Not now` (as `words` spells them)."""

_ANTONYM_PAIRS = (
    ("on", "off"),
    ("enable", "disable"),
    ("enabled", "disabled"),
    ("add", "remove"),
    ("show", "hide"),
    ("allow", "deny"),
    ("allow", "block"),
    ("accept", "decline"),
    ("accept", "reject"),
    ("yes", "no"),
    ("lock", "unlock"),
    ("mute", "unmute"),
    ("follow", "unfollow"),
    ("install", "uninstall"),
    ("connect", "disconnect"),
    ("subscribe", "unsubscribe"),
    ("pin", "unpin"),
    ("select", "deselect"),
    ("archive", "unarchive"),
    ("star", "unstar"),
    ("start", "stop"),
    ("open", "close"),
    ("play", "pause"),
    ("expand", "collapse"),
    ("increase", "decrease"),
    ("sign in", "sign out"),
    ("log in", "log out"),
    ("login", "logout"),
    ("turn on", "turn off"),
    ("max", "min"),
    ("next", "previous"),
    ("undo", "redo"),
    ("zoom in", "zoom out"),
)


def _antonyms() -> dict[tuple[str, ...], frozenset[tuple[str, ...]]]:
    table: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    for left, right in _ANTONYM_PAIRS:
        table.setdefault(words(left), set()).add(words(right))
        table.setdefault(words(right), set()).add(words(left))
    return {key: frozenset(value) for key, value in table.items()}


ANTONYMS = _antonyms()
"""Word or phrase (as `words` gives it) -> its opposites."""

_GROUPS = (
    "wifi|wi fi|wlan|wireless|wireless network|wifi network",
    "mobile data|cellular data|cellular|mobile network|data",
    "bluetooth|bt",
    "settings|preferences|setting",
    "photo|picture|image|pic|photograph",
    "email|e mail|mail",
    "sign in|log in|login|signin",
    "sign out|log out|logout|signout",
    "ok|okay",
    "contacts|people|address book|person",
    "airplane mode|aeroplane mode|flight mode|plane mode",
    "dark theme|dark mode|night mode",
    "do not disturb|dnd",
    "hotspot|tethering|hotspot and tethering",
    "location|gps",
    "display|screen",
    "sound|volume|sound and vibration",
    "apps|applications|app",
    "battery|power",
    "next|continue|proceed",
    "phone|dialer|dial",
    "messages|message|messaging|sms|texts|chat|conversation",
    "storage|disk|memory",
    "password|passcode",
    "username|user name|login name",
    "favorite|favourite|star|starred",
    "color|colour",
    "center|centre",
    "license|licence",
    "optimize|optimise",
    "customize|customise",
    "cancel|dismiss",
    "search|find|look up",
    "delete|remove|trash|discard|erase",
    "edit|modify|change",
    "create|add|new",
    "screen timeout|timeout|sleep",
    "rename|name",
    "vibrate|vibration",
    "rotate|rotation|auto rotate|autorotate",
)
"""Phrases one group apiece; the first is the usual Android wording."""


def _group_index() -> dict[str, int]:
    table: dict[str, int] = {}
    for index, group in enumerate(_GROUPS):
        for phrase in group.split("|"):
            table.setdefault(compact(words(phrase)), index)
    return table


_BY_PHRASE = _group_index()


def synonym_group(phrase: tuple[str, ...]) -> int | None:
    """The synonym group of a phrase (as `words` gives it), if it has one."""
    return _BY_PHRASE.get(compact(phrase))


@lru_cache(maxsize=4096)
def synonyms_of(word: str) -> frozenset[str]:
    """The one-word synonyms of a word as written in the table (`trash` for `delete`),
    itself excluded: for comparing words that are not stemmed."""
    group = _BY_PHRASE.get(compact(words(word)))
    if group is None:
        return frozenset()
    single = (phrase for phrase in _GROUPS[group].split("|") if " " not in phrase)
    return frozenset(single) - {word}


@lru_cache(maxsize=4096)
def synonyms_of_word(word: str) -> frozenset[str]:
    """The one-word synonyms of a word (as `words` spells it), itself excluded."""
    group = _BY_PHRASE.get(word)
    if group is None:
        return frozenset()
    single = (words(phrase) for phrase in _GROUPS[group].split("|"))
    return frozenset(tokens[0] for tokens in single if len(tokens) == 1) - {word}


def negated(tokens: tuple[str, ...]) -> bool:
    """Whether the words hold a negation (`Don't allow`, `Not now`)."""
    return any(token in NEGATIONS for token in tokens)


def _grams(tokens: tuple[str, ...]) -> set[tuple[str, ...]]:
    return {(t,) for t in tokens} | {tokens[i : i + 2] for i in range(len(tokens) - 1)}


@lru_cache(maxsize=4096)
def _opposites(target: tuple[str, ...]) -> frozenset[tuple[str, ...]]:
    """The words and pairs opposite to some of the target's, that the target does not hold."""
    grams = _grams(target)
    return frozenset(o for gram in grams for o in ANTONYMS.get(gram, ())) - grams


def conflicts(target: tuple[str, ...], label: tuple[str, ...]) -> bool:
    """Whether the label says the opposite of the target: one negates what the other says,
    or it holds an antonym of one of the target's words that the target itself lacks."""
    if negated(target) != negated(label) and set(target) & set(label) - NEGATIONS:
        return True
    opposites = _opposites(target)
    return bool(opposites) and bool(opposites & _grams(label))
