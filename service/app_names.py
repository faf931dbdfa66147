"""Which installed app a name means: `open app "Clock"` on a phone that has a clock app.

Phones do not tell app labels over adb, so a name is matched against a launcher app's
label when one is known, then against the usual packages of well-known Android apps,
then against the words of the package name (`deskclock` holds `clock`).
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from device import LauncherApp
from lexicon.apps import (
    VENDOR_WORDS,
    app_key,
    is_package,
    known_app,
    known_app_of_package,
    package_words,
)

__all__ = ["InstalledApp", "closest_apps", "is_package", "resolve_app"]

_FILLER_WORDS = frozenset({"app", "application", "the"})
"""Words people put around an app's name (`the Clock app`) that are no part of it."""


class InstalledApp(BaseModel):
    """An app installed on the phone, as `open app` could start it."""

    model_config = ConfigDict(use_attribute_docstrings=True)

    name: str
    """Its label when the phone tells it, else its well-known or package-derived name."""
    package: str
    """Its Android package name, e.g. com.google.android.deskclock."""
    activity: str
    """Full class name of the activity its launcher icon opens."""


def _display_name(app: LauncherApp) -> str:
    """The app's label, else its well-known name, else the last telling word of its package."""
    if app.label:
        return app.label
    known = known_app_of_package(app.package)
    if known is not None:
        return known.names[0]
    segments = [part for part in app.package.split(".") if part.lower() not in VENDOR_WORDS]
    return (segments or [app.package])[-1]


def resolve_app(name: str, apps: Sequence[LauncherApp]) -> tuple[LauncherApp, str] | None:
    """The installed app `name` means, and how it was told; None when none fits.

    Tried in order: the app's label; the well-known app of that name
    (`lexicon.apps.KNOWN_APPS`) when one of its packages is installed; every word of the
    name inside the package name (`deskclock` holds `clock`).
    """
    words = app_key(name).split()
    query = " ".join(word for word in words if word not in _FILLER_WORDS) or " ".join(words)
    if not query:
        return None
    for app in apps:
        if app.label is not None and app_key(app.label) == query:
            return app, f"the launcher app labelled {app.label!r}"
    installed = {app.package: app for app in apps}
    known = known_app(query)
    if known is not None:
        for package in known.packages:
            if package in installed:
                return installed[package], f"the usual package of the {known.names[0]!r} app"
    best: tuple[int, int, LauncherApp] | None = None
    for app in apps:
        segments = package_words(app.package)
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
    query = app_key(name)
    named = [(_display_name(app), app) for app in apps]
    named.sort(
        key=lambda pair: (-difflib.SequenceMatcher(None, query, app_key(pair[0])).ratio(), pair[0])
    )
    return [
        InstalledApp(name=shown, package=app.package, activity=app.activity)
        for shown, app in named[:limit]
    ]
