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
from lexicon.text import fold

__all__ = [
    "KNOWN_APPS",
    "VENDOR_WORDS",
    "KnownApp",
    "app_key",
    "is_package",
    "known_app",
    "known_app_of_package",
    "package_words",
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


# fmt: off
KNOWN_APPS: tuple[KnownApp, ...] = (
    KnownApp(("Settings",), ("com.android.settings",), ("settings",)),
    KnownApp(("Clock", "Alarm", "Alarms", "Alarm clock"),
             ("com.google.android.deskclock", "com.android.deskclock",
              "com.sec.android.app.clockpackage"),
             ("clock", "alarm")),
    KnownApp(("Contacts", "People"),
             ("com.google.android.contacts", "com.android.contacts",
              "com.samsung.android.app.contacts"),
             ("contacts",)),
    KnownApp(("Phone", "Dialer"),
             ("com.google.android.dialer", "com.android.dialer", "com.samsung.android.dialer"),
             ("dialer",)),
    KnownApp(("Messages", "Messaging", "SMS", "Text messages", "Google Messages"),
             ("com.google.android.apps.messaging", "com.samsung.android.messaging",
              "com.android.messaging", "com.android.mms"),
             ("messaging", "mms", "message")),
    KnownApp(("Camera",),
             ("com.google.android.GoogleCamera", "com.sec.android.app.camera",
              "com.android.camera2", "com.android.camera"),
             ("camera",)),
    KnownApp(("Chrome", "Google Chrome"), ("com.android.chrome",), ("chrome",)),
    KnownApp(("Browser", "Internet", "Web browser"),
             ("com.android.chrome", "com.sec.android.app.sbrowser", "com.android.browser"),
             ("browser",)),
    KnownApp(("Photos", "Google Photos"),
             ("com.google.android.apps.photos", "com.sec.android.gallery3d",
              "com.android.gallery3d"),
             ("photos",)),
    KnownApp(("Gallery", "Pictures"),
             ("com.sec.android.gallery3d", "com.miui.gallery", "com.android.gallery3d",
              "com.google.android.apps.photos"),
             ("gallery",)),
    KnownApp(("Calculator",),
             ("com.google.android.calculator", "com.sec.android.app.popupcalculator",
              "com.miui.calculator", "com.android.calculator2"),
             ("calculator",)),
    KnownApp(("Calendar", "Google Calendar"),
             ("com.google.android.calendar", "com.samsung.android.calendar",
              "com.android.calendar"),
             ("calendar",)),
    KnownApp(("Files", "Files by Google", "My Files", "File manager"),
             ("com.google.android.apps.nbu.files", "com.sec.android.app.myfiles",
              "com.google.android.documentsui", "com.android.documentsui"),
             ("files", "documentsui")),
    KnownApp(("Keep Notes", "Keep", "Google Keep"), ("com.google.android.keep",), ("keep",)),
    KnownApp(("Notes", "Samsung Notes"),
             ("com.google.android.keep", "com.samsung.android.app.notes", "com.miui.notes"),
             ("notes", "memo")),
    KnownApp(("Play Store", "Google Play", "Google Play Store"), ("com.android.vending",),
             ("vending",)),
    KnownApp(("Gmail", "Email", "Mail"),
             ("com.google.android.gm", "com.samsung.android.email.provider"), ("mail",)),
    KnownApp(("Maps", "Google Maps"), ("com.google.android.apps.maps",), ("maps",)),
    KnownApp(("YouTube",), ("com.google.android.youtube",), ("youtube",)),
    KnownApp(("YouTube Music", "Music"), ("com.google.android.apps.youtube.music",),
             ("music",)),
    KnownApp(("Google", "Google Search"), ("com.google.android.googlequicksearchbox",),
             ("quicksearchbox",)),
    KnownApp(("Drive", "Google Drive"), ("com.google.android.apps.docs",)),
    KnownApp(("Recorder", "Voice recorder"), ("com.google.android.apps.recorder",),
             ("recorder",)),
    KnownApp(("Translate", "Google Translate"), ("com.google.android.apps.translate",),
             ("translate",)),
    KnownApp(("Wallet", "Google Wallet"), ("com.google.android.apps.walletnfcrel",),
             ("wallet",)),
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


def known_app_of_package(package: str) -> KnownApp | None:
    """The first well-known app that `package` is one of, or None. A package listed under
    several names (Chrome is the Browser too) gives the app it is best known as, listed
    first."""
    return next((app for app in KNOWN_APPS if package in app.packages), None)
