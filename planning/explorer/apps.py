"""Which app holds a goal's topic: the launcher names to try, and how its package is spelt.

Real phones vary (Keep Notes or Notes, Photos or Gallery), so each topic lists several
launcher names of well-known apps; their package words (`lexicon.apps`) tell whether the
app in front is already the right one.
When a screen comes without its package, the resource ids of its elements name it
(`com.android.settings:id/title`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import pairwise

import aci
from lexicon.apps import known_app

__all__ = ["App", "apps_for", "in_app", "package_of"]

App = tuple[tuple[str, ...], tuple[str, ...]]
"""(launcher names, package words)."""


def _app(*names: str) -> App:
    """The launcher names to try, in this order, with the package words of the well-known
    apps they name (`lexicon.apps`)."""
    words: dict[str, None] = {}
    for name in names:
        known = known_app(name)
        if known is None:
            raise LookupError(f"{name!r} is not a well-known app of lexicon.apps")
        words.update(dict.fromkeys(known.words))
    return names, tuple(words)


_CALCULATOR = _app("Calculator")
_NOTES = _app("Keep Notes", "Notes", "Keep")
_PHOTOS = _app("Photos", "Gallery")
_MESSAGES = _app("Messages", "Messaging", "SMS")
_CLOCK = _app("Clock", "Alarm")
_CONTACTS = _app("Contacts", "Phone")
_SETTINGS = _app("Settings")

_TOPICS: tuple[tuple[frozenset[str], App], ...] = (
    (frozenset({"calculator"}), _CALCULATOR),
    (frozenset({"note", "notes"}), _NOTES),
    (frozenset({"photo", "photos", "picture", "gallery"}), _PHOTOS),
    (frozenset({"message", "chat", "conversation", "text", "sms"}), _MESSAGES),
    (frozenset({"alarm", "timer", "stopwatch", "clock", "world", "city"}), _CLOCK),
    (frozenset({"contact", "contacts", "number", "email"}), _CONTACTS),
    (
        frozenset(
            [
                "wi-fi",
                "bluetooth",
                "airplane",
                "hotspot",
                "display",
                "brightness",
                "dark",
                "theme",
                "rotate",
                "auto-rotate",
                "rotating",
                "timeout",
                "battery",
                "saver",
                "sound",
                "volume",
                "disturb",
                "location",
                "network",
                "app",
                "apps",
                "android",
                "uninstall",
                "phone",
                "device",
                "internet",
                "settings",
                "pausing",
                "unused",
                "screen",
                "mobile data",
                "mobile network",
                "data",
                "cellular",
                "roaming",
                "sim",
                "nfc",
                "tethering",
                "vpn",
                "storage",
                "accessibility",
                "wallpaper",
                "ringtone",
                "font",
            ]
        ),
        _SETTINGS,
    ),
)
_FALLBACK = (_CONTACTS, _PHOTOS, _SETTINGS)
"""For goals that name no topic (`Add Ann to favourites`): the apps that keep favourites."""
_NOT_AN_APP = frozenset({"android", "com.android.systemui"})
"""Resource-id owners that say nothing of the app in front: the framework, the system bars."""


def apps_for(words: Sequence[str], *, messaging: bool = False) -> list[App]:
    """Apps to try for a goal's words, most likely first; those that keep favourites when the
    words name no topic."""
    found: list[App] = [_MESSAGES] if messaging else []
    terms = set(words) | {f"{a} {b}" for a, b in pairwise(words)}
    for topic, app in _TOPICS:
        if topic & terms and app not in found:
            found.append(app)
    if len(found) == int(messaging):
        found += [app for app in _FALLBACK if app not in found]
    return found


def in_app(package: str | None, app: App) -> bool:
    """Whether the package in front is `app`."""
    name = (package or "").lower()
    return any(word in name for word in app[1])


def package_of(screen: aci.Screen) -> str | None:
    """The package in front: the screen's own, else the one most of its resource ids name."""
    if screen.package:
        return screen.package
    owners = Counter(
        element.resource_id.split(":", 1)[0]
        for element in screen.elements
        if ":" in element.resource_id
    )
    for owner in _NOT_AN_APP:
        owners.pop(owner, None)
    return owners.most_common(1)[0][0] if owners else None
