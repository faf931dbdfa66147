"""Well-known Android apps: what people call them, their packages across vendors, and the
words of a package name.

Phones do not tell app labels over adb and vendors ship the same kind of app under
different packages (`com.google.android.deskclock`, `com.sec.android.app.clockpackage`),
so a name such as "Clock" is known here with the packages it usually has. Package names
are reverse domain names: their first segments say who made the app (`com`, `google`,
`sec`), the last ones what it is (`deskclock`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from aci.command import PACKAGE_NAME
from lexicon.synonyms import HANDSET
from lexicon.text import FILLER_WORDS, fold, tokens

__all__ = [
    "KNOWN_APPS",
    "VENDOR_WORDS",
    "KnownApp",
    "app_key",
    "apps_holding",
    "is_package",
    "known_app",
    "known_app_of_package",
    "manages_an_app",
    "package_words",
    "topic_words",
]


@dataclass(frozen=True)
class KnownApp:
    """A well-known Android app."""

    names: tuple[str, ...]
    """What people call it, its usual launcher label first."""
    packages: tuple[str, ...]
    """Its packages across vendors, the most common first."""
    words: tuple[str, ...] = ()
    """Words that, inside a package name, say that an app is of this kind (`clock` in
    `deskclock` and `clockpackage`); they also catch vendors not listed in `packages`."""
    holds: tuple[str, ...] = ()
    """What people ask this kind of app about, in their words (a clock app keeps alarms,
    timers and the world clock): how a request that names no app finds one."""


_SYSTEM = (
    "wi-fi", "wifi", "bluetooth", "airplane mode", "flight mode", "hotspot", "tethering",
    "mobile data", "network", "internet", "nfc", "vpn", "display", "screen", "brightness",
    "dark theme", "night light", "wallpaper", "font", "screen timeout", "auto-rotate",
    "rotation", "sound", "volume", "ringtone", "vibration", "do not disturb", "battery",
    "storage", "location", "apps", "notifications", "accessibility", "security", "privacy",
    "password", "screen lock", "language", "keyboard", "date", "backup", "system update",
    "device name", "build number", "android", "uninstall", "app info", "permissions",
)
"""What the system Settings app holds: the sections and switches of Android's Settings, the
same on every phone (vendors move them, they do not rename them), and Android itself."""

# fmt: off
KNOWN_APPS: tuple[KnownApp, ...] = (
    KnownApp(("Settings",), ("com.android.settings",), ("settings",), _SYSTEM),
    KnownApp(("Clock", "Alarm", "Alarms", "Alarm clock"),
             ("com.google.android.deskclock", "com.android.deskclock",
              "com.sec.android.app.clockpackage"),
             ("clock", "alarm"),
             ("alarm", "timer", "stopwatch", "world clock", "city", "time zone", "bedtime")),
    KnownApp(("Contacts", "People"),
             ("com.google.android.contacts", "com.android.contacts",
              "com.samsung.android.app.contacts"),
             ("contacts",),
             ("contact", "address book", "phone number", "email address")),
    KnownApp(("Phone", "Dialer"),
             ("com.google.android.dialer", "com.android.dialer", "com.samsung.android.dialer"),
             ("dialer",), ("voicemail", "call history", "missed call")),
    KnownApp(("Messages", "Messaging", "SMS", "Text messages", "Google Messages"),
             ("com.google.android.apps.messaging", "com.samsung.android.messaging",
              "com.android.messaging", "com.android.mms"),
             ("messaging", "mms", "message"),
             ("message", "text", "sms", "chat", "conversation")),
    KnownApp(("Camera",),
             ("com.google.android.GoogleCamera", "com.sec.android.app.camera",
              "com.android.camera2", "com.android.camera"),
             ("camera",), ("selfie", "panorama")),
    KnownApp(("Chrome", "Google Chrome"), ("com.android.chrome",), ("chrome",)),
    KnownApp(("Browser", "Internet", "Web browser"),
             ("com.android.chrome", "com.sec.android.app.sbrowser", "com.android.browser"),
             ("browser",), ("website", "web page", "bookmark", "url")),
    KnownApp(("Photos", "Google Photos"),
             ("com.google.android.apps.photos", "com.sec.android.gallery3d",
              "com.android.gallery3d"),
             ("photos",), ("photo", "picture", "album", "video")),
    KnownApp(("Gallery", "Pictures"),
             ("com.sec.android.gallery3d", "com.miui.gallery", "com.android.gallery3d",
              "com.google.android.apps.photos"),
             ("gallery",)),
    KnownApp(("Calculator",),
             ("com.google.android.calculator", "com.sec.android.app.popupcalculator",
              "com.miui.calculator", "com.android.calculator2"),
             ("calculator",), ("calculation", "sum", "total")),
    KnownApp(("Calendar", "Google Calendar"),
             ("com.google.android.calendar", "com.samsung.android.calendar",
              "com.android.calendar"),
             ("calendar",), ("event", "meeting", "appointment", "schedule")),
    KnownApp(("Files", "Files by Google", "My Files", "File manager"),
             ("com.google.android.apps.nbu.files", "com.sec.android.app.myfiles",
              "com.google.android.documentsui", "com.android.documentsui"),
             ("files", "documentsui"), ("file", "download", "document", "folder")),
    KnownApp(("Keep Notes", "Keep", "Google Keep"), ("com.google.android.keep",), ("keep",),
             ("note", "checklist", "list")),
    KnownApp(("Notes", "Samsung Notes"),
             ("com.google.android.keep", "com.samsung.android.app.notes", "com.miui.notes"),
             ("notes", "memo"), ("note", "memo", "checklist")),
    KnownApp(("Play Store", "Google Play", "Google Play Store"), ("com.android.vending",),
             ("vending",), ("install", "app update")),
    KnownApp(("Gmail", "Email", "Mail"),
             ("com.google.android.gm", "com.samsung.android.email.provider"), ("mail",),
             ("email", "inbox", "mail")),
    KnownApp(("Maps", "Google Maps"), ("com.google.android.apps.maps",), ("maps",),
             ("directions", "route", "navigation", "address", "place")),
    KnownApp(("YouTube",), ("com.google.android.youtube",), ("youtube",)),
    KnownApp(("YouTube Music", "Music"), ("com.google.android.apps.youtube.music",),
             ("music",), ("song", "playlist", "album", "music")),
    KnownApp(("Google", "Google Search"), ("com.google.android.googlequicksearchbox",),
             ("quicksearchbox",)),
    KnownApp(("Drive", "Google Drive"), ("com.google.android.apps.docs",)),
    KnownApp(("Recorder", "Voice recorder"), ("com.google.android.apps.recorder",),
             ("recorder",), ("recording", "voice memo", "transcript", "audio")),
    KnownApp(("Translate", "Google Translate"), ("com.google.android.apps.translate",),
             ("translate",), ("translation",)),
    KnownApp(("Wallet", "Google Wallet"), ("com.google.android.apps.walletnfcrel",),
             ("wallet",), ("card", "payment", "pass")),
)
# fmt: on
"""The well-known apps; each name belongs to one app. Vendors name the same kind of app
differently (Photos or Gallery, Keep Notes or Samsung Notes), so a generic name lists the
vendors' apps too, the Google or AOSP one first (the one a stock Android phone has)."""

VENDOR_WORDS = frozenset(
    [
        *("com", "org", "net", "io"),
        *("android", "google", "apps", "app"),
        *("sec", "samsung", "miui", "xiaomi", "huawei", "lge", "motorola", "oneplus"),
        *("oppo", "coloros", "htc", "sonymobile"),
    ]
)
"""Package words that say who made an app, not what it is: top-level domains, the
platform and its generic words, and the segments phone makers put first in their own
apps (`com.sec.android.app.camera` is Samsung's camera)."""

_WORD = re.compile(r"[^\W_]+")
_MANAGING = ("uninstall", "force stop", "app info", "clear storage", "clear cache")
"""Managing an app happens in Settings, whatever app is named."""


def is_package(name: str) -> bool:
    """Whether `name` is a package name (`com.android.settings`) rather than an app's name;
    app names have no dots between letters, packages always do."""
    return PACKAGE_NAME.fullmatch(name) is not None


def app_key(name: str) -> str:
    """`name` in the form app names compare in: case, accents and punctuation dropped, so
    that `Réglages` is `reglages` and `Files by Google` is `files by google`."""
    return " ".join(_WORD.findall(fold(name)))


def package_words(package: str) -> tuple[str, ...]:
    """The words of a package name that say what the app is, lower case, in order:
    `com.sec.android.app.clockpackage` -> ("clockpackage",), `com.example.my_notes` ->
    ("example", "my", "notes")."""
    return tuple(word for word in _WORD.findall(fold(package)) if word not in VENDOR_WORDS)


def _by_name() -> dict[str, KnownApp]:
    index: dict[str, KnownApp] = {}
    for app in KNOWN_APPS:
        for name in app.names:
            index.setdefault(app_key(name), app)
    return index


_BY_NAME = _by_name()


def known_app(name: str) -> KnownApp | None:
    """The well-known app called `name` (case, accents and punctuation aside), or None."""
    return _BY_NAME.get(app_key(name))


def apps_holding(text: str) -> list[KnownApp]:
    """The well-known apps that hold what `text` speaks of, those it says more of first:
    "set a timer" -> Clock, "turn on Wi-Fi" -> Settings, a goal naming an app -> that app."""
    said = _spoken(text)
    managed = _manages(said)
    scored = []
    for index, app in enumerate(KNOWN_APPS):
        # An app named as what is managed ("uninstall YouTube") is not where it is done.
        named = not managed and any(
            f" {app_key(name)} " in said for name in app.names if app_key(name) not in HANDSET
        )
        held = sum(1 for thing in app.holds if f" {app_key(thing)} " in said or
                   f" {app_key(thing)}s " in said)
        if named or held:
            scored.append((-(10 * named + held), index, app))
    found = [app for _, _, app in sorted(scored)]
    if not found and HANDSET & set(said.split()):
        # Of the phone itself ("rename the phone"), with nothing else: the system's settings.
        found = [KNOWN_APPS[0]]
    return found


def topic_words() -> frozenset[str]:
    """The words that name a kind of thing a well-known app holds, as a goal's words are
    spelt (`lexicon.text.tokens`), with their plurals: "alarm", "alarms", "wi-fi", "note".
    Not the apps' names: "YouTube Music" in a goal is the item named, not a topic."""
    found: set[str] = set()
    for app in KNOWN_APPS:
        for phrase in app.holds:
            for word in tokens(phrase):
                if word not in FILLER_WORDS and word not in HANDSET and len(word) > 2:
                    found.update((word, word if word.endswith("s") else f"{word}s"))
    return frozenset(found)


def manages_an_app(text: str) -> bool:
    """Whether `text` asks to manage an app (uninstall it, force stop it): that is done in
    Settings, whatever app it names."""
    return _manages(_spoken(text))


def _spoken(text: str) -> str:
    """`text` as phrases are looked up in it: folded words, a space on each side."""
    return f" {' '.join(_WORD.findall(fold(text)))} "


def _manages(said: str) -> bool:
    return any(f" {app_key(phrase)} " in said for phrase in _MANAGING)


def known_app_of_package(package: str) -> KnownApp | None:
    """The first well-known app that `package` is one of, or None. A package listed under
    several names (Chrome is the Browser too) gives the app it is best known as, listed
    first."""
    return next((app for app in KNOWN_APPS if package in app.packages), None)
