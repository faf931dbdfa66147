"""The icon vocabulary: how people describe common Android icons, and how apps label them.

A planner writes `tap the back arrow`; the app's toolbar says `Navigate up`.
Each `Concept` links the phrases people use (`names`) to the content-desc and
text conventions of Android apps (`labels`) and to resource-id words (`ids`).
`SYNONYMS` holds paraphrases of ordinary labels, `ANTONYMS` the words whose
opposite must never match (`Allow` is not `Don't allow`).
"""

from __future__ import annotations

from dataclasses import dataclass

from grounding.normalize import compact, words

__all__ = [
    "ANTONYMS",
    "CONCEPTS",
    "NEGATIONS",
    "SYNONYMS",
    "Concept",
    "concepts_of_id",
    "concepts_of_label",
    "concepts_of_phrase",
    "synonym_group",
]


@dataclass(frozen=True)
class Concept:
    """One icon or action, in the words of people (`names`), apps (`labels`) and ids (`ids`)."""

    key: str
    names: tuple[str, ...]
    labels: tuple[str, ...]
    ids: tuple[str, ...] = ()


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split("|") if part.strip())


def _c(key: str, names: str, labels: str, ids: str = "") -> Concept:
    return Concept(key, _split(names), _split(labels), _split(ids))


CONCEPTS: tuple[Concept, ...] = (
    _c(
        "back",
        "back|back arrow|arrow back|left arrow|go back|navigate back|up|navigate up|"
        "back icon|return",
        "Navigate up|Back|Go back|Navigate back|Up",
        "back|up|navigate up",
    ),
    _c(
        "more",
        "three dots|three dot|3 dots|dots|overflow|overflow menu|more|more options|"
        "kebab|kebab menu|menu dots|vertical dots|options|options menu|more menu",
        "More options|More|Options|More actions|Overflow menu",
        "overflow|more|more options|menu",
    ),
    _c(
        "drawer",
        "hamburger|hamburger menu|menu|navigation drawer|drawer|side menu|nav menu|"
        "three lines|main menu",
        "Open navigation drawer|Show navigation drawer|Navigation drawer|"
        "Open menu|Menu|Open drawer",
        "drawer|hamburger|nav|navigation",
    ),
    _c(
        "search",
        "search|magnifier|magnifying glass|loupe|find|search bar|search box|lookup",
        "Search|Find|Search button|Start search",
        "search|search button|search bar|search box|find",
    ),
    _c(
        "add",
        "plus|add|new|create|fab|floating action button|plus sign|add new|compose|new item",
        "Add|Create|New|Create new|Add new|Compose|New message|New contact|"
        "New chat|Add contact|Add alarm|New note|Create contact",
        "fab|add|create|new|compose",
    ),
    _c(
        "delete",
        "trash|trash can|bin|garbage|wastebasket|delete|remove|discard|dustbin",
        "Delete|Remove|Move to trash|Trash|Discard|Move to bin|Bin",
        "delete|trash|remove|bin",
    ),
    _c("edit", "pencil|edit|pen|modify|rename", "Edit|Rename|Modify", "edit|pencil"),
    _c(
        "favorite",
        "star|favorite|favourite|bookmark|star icon",
        "Add to favorites|Favorite|"
        "Favourite|Star|Starred|Add to favourites|Bookmark|Unstarred|Not starred",
        "star|favorite|favourite|bookmark",
    ),
    _c("like", "heart|like|love|heart icon", "Like|Love|Heart", "like|heart|love"),
    _c("share", "share|share icon|send to", "Share|Share via|Share with", "share"),
    _c(
        "send",
        "send|paper plane|airplane icon|send arrow|send button",
        "Send|Send SMS|Send message|Send email|Send mail",
        "send",
    ),
    _c(
        "close",
        "close|x|cross|dismiss|cancel|exit|x icon|close button",
        "Close|Dismiss|Cancel|Close dialog|Close tab|Clear search|Exit",
        "close|dismiss|cancel",
    ),
    _c(
        "confirm",
        "check|checkmark|check mark|tick|done|save|confirm|ok|okay|accept|apply",
        "Done|Save|OK|Confirm|Apply|Accept|Finish",
        "done|save|ok|confirm|apply|check",
    ),
    _c(
        "settings",
        "gear|cog|settings|cogwheel|preferences|gear icon",
        "Settings|Preferences|Options settings",
        "setting|gear|preference",
    ),
    _c(
        "voice",
        "mic|microphone|voice|voice search|voice input|dictation",
        "Voice search|Voice input|Microphone|Speak|Search by voice|Start voice input",
        "mic|voice|microphone",
    ),
    _c(
        "camera",
        "camera|camera icon|take photo|take picture|shutter|capture",
        "Camera|Take photo|Take picture|Shutter|Capture|Open camera",
        "camera|shutter|capture",
    ),
    _c(
        "attach",
        "attach|attachment|paperclip|paper clip|clip",
        "Attach|Attach file|Attachment|Add attachment|Insert attachment",
        "attach|attachment|clip",
    ),
    _c("refresh", "refresh|reload|circular arrow|sync", "Refresh|Reload|Sync", "refresh|reload"),
    _c("home", "home|house|home icon", "Home|Go home", "home"),
    _c("divide", "divide|division|divided by|slash|obelus", "÷|Divide|Division", "div|divide"),
    _c(
        "multiply",
        "multiply|times|multiplication|x|star",
        "\u00d7|Multiply|Multiplication|Times",
        "mul|multiply|times",
    ),
    _c("minus", "minus|subtract|subtraction|dash|negative", "\u2212|Minus|Subtract", "sub|minus"),
    _c("plus", "plus|add|addition|sum", "+|Plus|Add", "add|plus"),
    _c(
        "equals",
        "equals|equal|equal sign|result|calculate|=",
        "=|Equals|Equal",
        "eq|equal|equals|result",
    ),
    _c(
        "backspace",
        "backspace|delete|del|erase|delete last|back space|remove last",
        "⌫|Backspace|Delete|Del|Erase",
        "del|delete|backspace|erase",
    ),
    _c("percent", "percent|percentage|percent sign", "%|Percent|Percentage", "pct|percent"),
    _c(
        "point",
        "point|decimal|decimal point|dot|period|comma",
        ".|Point|Decimal point|Decimal",
        "dec|decimal|point|dot",
    ),
    _c(
        "clear",
        "clear|clear all|ac|all clear|reset|c",
        "Clear|Clear all|AC|All clear|C|Reset",
        "clr|clear",
    ),
    _c("play", "play|play button|resume|triangle", "Play|Resume", "play"),
    _c("pause", "pause|pause button|two bars", "Pause", "pause"),
    _c(
        "call",
        "call|phone|dial|handset|phone icon|call button|ring",
        "Call|Dial|Phone|Voice call|Audio call|Start call",
        "call|dial|phone",
    ),
    _c(
        "message",
        "message|chat|sms|text|speech bubble|bubble|messages|conversation",
        "Message|Send message|Chat|Messages|SMS|Text",
        "message|chat|sms|conversation",
    ),
    _c("email", "email|envelope|mail|e mail|inbox", "Email|Mail|Send email|Inbox", "email|mail"),
    _c(
        "info",
        "info|information|i icon|details|about",
        "Info|Information|Details|More info|About",
        "info|detail",
    ),
    _c("download", "download|down arrow|save offline", "Download|Downloads", "download"),
    _c("filter", "filter|funnel|filters", "Filter|Filters|Show filters", "filter"),
    _c("sort", "sort|sort by|order", "Sort|Sort by|Sort order", "sort"),
    _c("copy", "copy|duplicate|copy icon", "Copy|Copy text|Copy link", "copy"),
    _c("undo", "undo|revert|curved arrow", "Undo", "undo"),
    _c("redo", "redo", "Redo", "redo"),
    _c(
        "notifications",
        "notifications|bell|notification|alerts|bell icon",
        "Notifications|Notification|Alerts",
        "notification|bell|alert",
    ),
    _c(
        "account",
        "account|avatar|profile|profile picture|user|me|account icon|person",
        "Account|Profile|Account and settings|Signed in as|Your profile|Account menu",
        "account|avatar|profile|user",
    ),
    _c(
        "location",
        "location|pin|map pin|gps|marker|my location|place",
        "Location|My location|Current location|Pin",
        "location|pin|gps|marker",
    ),
    _c(
        "expand",
        "expand|chevron down|down arrow|show more|dropdown|drop down|caret",
        "Expand|Show more|More|Dropdown|Expand more",
        "expand|chevron|dropdown",
    ),
    _c("collapse", "collapse|chevron up|show less", "Collapse|Show less", "collapse"),
    _c(
        "forward",
        "forward|next|right arrow|arrow forward|go forward|proceed|continue",
        "Next|Forward|Continue|Go forward|Navigate forward",
        "next|forward|continue",
    ),
    _c("calendar", "calendar|date|date picker", "Calendar|Pick date|Select date", "calendar|date"),
    _c("lock", "lock|padlock", "Lock", "lock"),
    _c("help", "help|question mark|support", "Help|Help and feedback|Help & feedback", "help"),
    _c("emoji", "emoji|smiley|emoticon|smiley face", "Emoji|Emoji button|Insert emoji", "emoji"),
    _c(
        "gallery",
        "gallery|photos|image picker|picture|pick image",
        "Gallery|Photos|Pick image",
        "gallery|photo",
    ),
)

NEGATIONS = frozenset({"dont", "not", "never", "no", "cannot", "cant", "wont", "doesnt", "without"})
"""Words that turn a label into its opposite: `Don't allow`, `Not now`."""

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
)


def _antonyms() -> dict[tuple[str, ...], frozenset[tuple[str, ...]]]:
    table: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    for left, right in _ANTONYM_PAIRS:
        table.setdefault(words(left), set()).add(words(right))
        table.setdefault(words(right), set()).add(words(left))
    return {key: frozenset(value) for key, value in table.items()}


ANTONYMS = _antonyms()
"""Word (as `words` gives it) -> its opposites."""

_SYNONYM_GROUPS = (
    "wifi|wi fi|wlan|wireless|wireless network|wifi network",
    "mobile data|cellular data|cellular|mobile network|data",
    "bluetooth|bt",
    "settings|preferences|setting",
    "photo|picture|image|pic|photograph",
    "email|e mail|mail",
    "sign in|log in|login|signin",
    "sign out|log out|logout|signout",
    "ok|okay",
    "contacts|people|address book",
    "airplane mode|aeroplane mode|flight mode|plane mode",
    "dark theme|dark mode|night mode",
    "do not disturb|dnd",
    "hotspot|tethering|hotspot and tethering|hotspot & tethering",
    "location|gps",
    "display|screen",
    "sound|volume|sound and vibration",
    "apps|applications|app",
    "battery|power",
    "next|continue|proceed",
    "phone|dialer|dial",
    "messages|messaging|sms|texts",
    "storage|disk|memory",
    "password|passcode",
    "username|user name|login name",
)


def _synonyms() -> dict[str, int]:
    table: dict[str, int] = {}
    for index, group in enumerate(_SYNONYM_GROUPS):
        for phrase in group.split("|"):
            table.setdefault(compact(words(phrase)), index)
    return table


SYNONYMS = _synonyms()
"""Phrase (`compact` of its `words`) -> its synonym group."""


def _index(field: str) -> dict[str, tuple[Concept, ...]]:
    table: dict[str, list[Concept]] = {}
    for concept in CONCEPTS:
        for phrase in getattr(concept, field):
            key = compact(words(phrase))
            if key and concept not in table.setdefault(key, []):
                table[key].append(concept)
    return {key: tuple(value) for key, value in table.items()}


_BY_NAME = _index("names")
_BY_LABEL = _index("labels")
_BY_ID = _index("ids")


def concepts_of_phrase(phrase: tuple[str, ...]) -> tuple[Concept, ...]:
    """The concepts a description names (`back arrow` -> back), from `words` of it."""
    key = compact(phrase)
    named = _BY_NAME.get(key, ())
    return named + tuple(c for c in _BY_LABEL.get(key, ()) if c not in named)


def concepts_of_label(label: tuple[str, ...]) -> tuple[Concept, ...]:
    """The concepts an app's content-desc or text stands for (`Navigate up` -> back)."""
    return _BY_LABEL.get(compact(label), ())


def concepts_of_id(id_tokens: tuple[str, ...]) -> tuple[Concept, ...]:
    """The concepts a resource id's words name, whole (`search_button`) or by one word (`fab`)."""
    found = list(_BY_ID.get(compact(id_tokens), ()))
    for token in id_tokens:
        found += [c for c in _BY_ID.get(token, ()) if c not in found]
    return tuple(found)


def synonym_group(phrase: tuple[str, ...]) -> int | None:
    """The synonym group of a phrase, if the table has it."""
    return SYNONYMS.get(compact(phrase))
