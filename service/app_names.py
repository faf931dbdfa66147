"""Which installed app a name means: `open app "Clock"` on a phone that has a clock app.

Phones do not tell app labels over adb, so a name is matched against a launcher app's
label when one is known, then against the usual packages of well-known Android apps,
then against the words of the package name (`deskclock` holds `clock`).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence

from pydantic import BaseModel

from device import LauncherApp

__all__ = ["KNOWN_APPS", "InstalledApp", "closest_apps", "is_package", "resolve_app"]

# fmt: off
KNOWN_APPS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("Settings",), ("com.android.settings",)),
    (("Clock", "Alarm", "Alarms", "Alarm clock"),
     ("com.google.android.deskclock", "com.android.deskclock", "com.sec.android.app.clockpackage")),
    (("Contacts", "People"),
     ("com.google.android.contacts", "com.android.contacts", "com.samsung.android.app.contacts")),
    (("Phone", "Dialer"),
     ("com.google.android.dialer", "com.android.dialer", "com.samsung.android.dialer")),
    (("Messages", "Messaging", "SMS", "Text messages", "Google Messages"),
     ("com.google.android.apps.messaging", "com.samsung.android.messaging",
      "com.android.messaging", "com.android.mms")),
    (("Camera",), ("com.google.android.GoogleCamera", "com.sec.android.app.camera",
                   "com.android.camera2", "com.android.camera")),
    (("Chrome", "Google Chrome"), ("com.android.chrome",)),
    (("Browser", "Internet", "Web browser"),
     ("com.android.chrome", "com.sec.android.app.sbrowser", "com.android.browser")),
    (("Photos", "Google Photos"),
     ("com.google.android.apps.photos", "com.sec.android.gallery3d", "com.android.gallery3d")),
    (("Gallery", "Pictures"), ("com.sec.android.gallery3d", "com.miui.gallery",
                               "com.android.gallery3d", "com.google.android.apps.photos")),
    (("Calculator",), ("com.google.android.calculator", "com.sec.android.app.popupcalculator",
                       "com.miui.calculator", "com.android.calculator2")),
    (("Calendar", "Google Calendar"),
     ("com.google.android.calendar", "com.samsung.android.calendar", "com.android.calendar")),
    (("Files", "Files by Google", "My Files", "File manager"),
     ("com.google.android.apps.nbu.files", "com.sec.android.app.myfiles",
      "com.google.android.documentsui", "com.android.documentsui")),
    (("Keep Notes", "Keep", "Google Keep"), ("com.google.android.keep",)),
    (("Notes", "Samsung Notes"),
     ("com.google.android.keep", "com.samsung.android.app.notes", "com.miui.notes")),
    (("Play Store", "Google Play", "Google Play Store"), ("com.android.vending",)),
    (("Gmail", "Email", "Mail"), ("com.google.android.gm", "com.samsung.android.email.provider")),
    (("Maps", "Google Maps"), ("com.google.android.apps.maps",)),
    (("YouTube",), ("com.google.android.youtube",)),
    (("YouTube Music", "Music"), ("com.google.android.apps.youtube.music",)),
    (("Google", "Google Search"), ("com.google.android.googlequicksearchbox",)),
    (("Drive", "Google Drive"), ("com.google.android.apps.docs",)),
    (("Recorder", "Voice recorder"), ("com.google.android.apps.recorder",)),
    (("Translate", "Google Translate"), ("com.google.android.apps.translate",)),
    (("Wallet", "Google Wallet"), ("com.google.android.apps.walletnfcrel",)),
)
# fmt: on
"""Common names of well-known Android apps (the usual label first), and their packages
across vendors (most common first)."""

_PACKAGE = re.compile(r"[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+")
_FILLER_WORDS = frozenset({"app", "application", "the"})
_VENDOR_SEGMENTS = frozenset({"com", "org", "net", "android", "google", "apps", "app", "sec"})
"""Package segments that say who made an app, not what it is."""


class InstalledApp(BaseModel):
    """An app installed on the phone, as `open app` could start it."""

    name: str
    """Its label when the phone tells it, else its well-known or package-derived name."""
    package: str
    activity: str


def is_package(name: str) -> bool:
    """Whether `open app` was given a package name (`com.android.settings`), not a name."""
    return _PACKAGE.fullmatch(name) is not None


def _normal(text: str) -> str:
    """Words in a form names compare in: case, accents and punctuation dropped."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.findall(r"[^\W_]+", plain.casefold()))


def _display_name(app: LauncherApp) -> str:
    """The app's label, else its well-known name, else the last telling word of its package."""
    if app.label:
        return app.label
    for names, packages in KNOWN_APPS:
        if app.package in packages:
            return names[0]
    segments = [part for part in app.package.split(".") if part.lower() not in _VENDOR_SEGMENTS]
    return (segments or [app.package])[-1]


def resolve_app(name: str, apps: Sequence[LauncherApp]) -> tuple[LauncherApp, str] | None:
    """The installed app `name` means, and how it was told; None when none fits.

    Tried in order: the app's label; the well-known apps of `KNOWN_APPS` that are
    installed; every word of the name inside the package name (`deskclock` holds `clock`).
    """
    words = _normal(name).split()
    query = " ".join(word for word in words if word not in _FILLER_WORDS) or " ".join(words)
    if not query:
        return None
    for app in apps:
        if app.label is not None and _normal(app.label) == query:
            return app, f"the launcher app labelled {app.label!r}"
    installed = {app.package: app for app in apps}
    for names, packages in KNOWN_APPS:
        if query in {_normal(known) for known in names}:
            for package in packages:
                if package in installed:
                    return installed[package], f"the usual package of the {names[0]!r} app"
    best: tuple[int, int, LauncherApp] | None = None
    for app in apps:
        segments = [
            part for part in _normal(app.package.replace(".", " ")).split()
            if part not in _VENDOR_SEGMENTS
        ]  # fmt: skip
        if not all(
            word in segments or (len(word) >= 3 and any(word in part for part in segments))
            for word in query.split()
        ):
            continue
        exact = sum(word in segments for word in query.split())
        if best is None or (exact, -len(app.package)) > best[:2]:
            best = (exact, -len(app.package), app)
    if best is not None:
        return best[2], f"its package name holds {query!r}"
    return None


def closest_apps(name: str, apps: Sequence[LauncherApp], *, limit: int = 5) -> list[InstalledApp]:
    """The installed apps whose names look most like `name`, closest first."""
    query = _normal(name)
    named = [(_display_name(app), app) for app in apps]
    named.sort(
        key=lambda pair: (-difflib.SequenceMatcher(None, query, _normal(pair[0])).ratio(), pair[0])
    )
    return [
        InstalledApp(name=shown, package=app.package, activity=app.activity)
        for shown, app in named[:limit]
    ]
