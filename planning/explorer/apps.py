"""Which app holds a goal's topic: the launcher names to try, and how its package is spelt.

Real phones vary (Keep Notes or Notes, Photos or Gallery), so each topic lists several
launcher names; the package words tell whether the app in front is already the right one.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["App", "apps_for", "in_app"]

App = tuple[tuple[str, ...], tuple[str, ...]]
"""(launcher names, package words)."""

_CALCULATOR: App = (("Calculator",), ("calculator",))
_NOTES: App = (("Keep Notes", "Notes", "Keep"), ("keep", "notes", "memo"))
_PHOTOS: App = (("Photos", "Gallery"), ("photos", "gallery"))
_MESSAGES: App = (("Messages", "Messaging", "SMS"), ("messaging", "mms", "message"))
_CLOCK: App = (("Clock", "Alarm"), ("clock", "alarm"))
_CONTACTS: App = (("Contacts", "Phone"), ("contacts", "dialer"))
_SETTINGS: App = (("Settings",), ("settings",))

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
            ]
        ),
        _SETTINGS,
    ),
)
_FALLBACK = (_CONTACTS, _PHOTOS, _SETTINGS)
"""For goals that name no topic (`Add Ann to favourites`): the apps that keep favourites."""


def apps_for(words: Sequence[str], *, messaging: bool = False) -> list[App]:
    """Apps to try for a goal's words, most likely first."""
    found: list[App] = [_MESSAGES] if messaging else []
    for topic, app in _TOPICS:
        if topic & set(words) and app not in found:
            found.append(app)
    for app in _FALLBACK:
        if app not in found:
            found.append(app)
    return found


def in_app(package: str | None, app: App) -> bool:
    """Whether the package in front is `app`."""
    name = (package or "").lower()
    return any(word in name for word in app[1])
