"""Which app holds a goal: the launcher names to try, and how its package is spelt.

The app memory answers first: the app the goal names, else those whose explored screens
fit the goal best (`planning.recall`), which is how a goal finds an app no list knows.
Without a memory, or beside it, the well-known apps answer by what each kind of app holds
(`lexicon.apps.apps_holding`: alarms are in the clock app on every phone); their launcher
names differ by vendor (Keep Notes or Notes, Photos or Gallery), so each lists several,
and their package words (`lexicon.apps`) tell whether the app in front is the one.
When a screen comes without its package, the resource ids of its elements name it
(`com.android.settings:id/title`).
"""

from __future__ import annotations

import re
from collections import Counter

import aci
from lexicon.apps import (
    KnownApp,
    app_key,
    apps_holding,
    known_app,
    manages_an_app,
    package_words,
)
from lexicon.clauses import QUOTED
from planning.recall import Recall

__all__ = ["App", "app_to_open", "apps_for", "in_app", "package_of"]

App = tuple[tuple[str, ...], tuple[str, ...]]
"""(launcher names, or the package; package words and packages)."""

_FIT = 0.5
"""Lowest fit of an app's best control for the app to be tried at all: below it, the app's
screens share no more with the goal than any app's do."""
_NOT_AN_APP = frozenset({"android", "com.android.systemui"})
_OPEN_APP = re.compile(
    r"(?:please\s+)?(?:open|launch|go\s+to|switch\s+to|bring\s+up)\s+(?:up\s+)?(?:the\s+|my\s+)?"
    r"(?P<name>.+?)(?:\s+app(?:lication)?)?(?:\s+please)?[.!]?",
    re.IGNORECASE,
)
"""A request for an app and nothing more, as English puts it: a verb of opening, the app's
name, perhaps "app". Any further word ("open Clock and set an alarm", "open the Wi-Fi
settings") asks for more than the app in front."""
"""Resource-id owners that say nothing of the app in front: the framework, the system bars."""


def apps_for(goal: str, recall: Recall | None = None, *, messaging: bool = False) -> list[App]:
    """Apps to try for a goal, most likely first: the messaging app when the goal sends a
    message; the app the goal names in the memory; the well-known apps holding what the goal
    speaks of; then the explored apps whose screens fit the goal, best first."""
    goal = QUOTED.sub(" ", goal)  # a quoted title names an item, not what the app holds
    found: list[App] = []

    def add(app: App) -> None:
        if not any(set(app[0]) & set(have[0] + have[1]) for have in found):
            found.append(app)

    if messaging:
        messages = known_app("Messages")
        if messages is not None:
            add(_known(messages))
    maps = recall.maps if recall is not None else ()
    named = recall.named_app(goal) if recall is not None and maps else None
    if manages_an_app(goal):
        named = None  # the app named is the one managed, in Settings
    if named is not None:
        add(_remembered(named.package))
    for known in apps_holding(goal):
        add(_known(known))
    if recall is not None and maps:
        best: dict[str, float] = {}
        for spot in recall.spots(goal, limit=len(maps) * 20):
            best.setdefault(spot.app.package, float(spot.score))
        for package, score in sorted(best.items(), key=lambda item: -item[1]):
            if score >= _FIT:
                add(_remembered(package))
    return found


def app_to_open(goal: str) -> App | None:
    """The app `goal` asks for and nothing more ("open the Clock app", "launch Chrome"), or
    None. A well-known app is known by its names across vendors; another by its name when
    that is one word, which its package then holds (`Recorder`, `com.example.recorder`): a
    name of several words no list knows is more likely a screen's ("the display settings")."""
    match = _OPEN_APP.fullmatch(" ".join(goal.split()))
    if match is None:
        return None
    known = known_app(match.group("name"))
    if known is not None:
        return _known(known)
    words = app_key(match.group("name")).split()
    return ((), (words[0],)) if len(words) == 1 else None


def _known(app: KnownApp) -> App:
    """A well-known app: opened by its launcher names, known by its package words and its
    packages across vendors."""
    return app.names, (*app.words, *app.packages)


def _remembered(package: str) -> App:
    """An explored app: opened by its package, known by its package's words."""
    return (package,), package_words(package)


def in_app(package: str | None, app: App) -> bool:
    """Whether the package in front is `app`."""
    name = (package or "").lower()
    return name in app[0] or any(word in name for word in app[1])


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
