"""The buttons that answer Android's dialogs: which commit what was entered, which grant or
refuse a permission, which get an interruption out of the way, which back out; and the
words that mark an action that cannot be taken back.

The wording is Android's own (AOSP and Material strings, the permission controller's
buttons) and that of the apps that follow it, most specific first.
"""

from __future__ import annotations

import re

from lexicon.text import fold

__all__ = [
    "ALLOW",
    "CANCEL",
    "CONFIRM",
    "DENY",
    "DESTRUCTIVE",
    "DISMISS",
    "EDITING",
    "PICKING",
    "changes_data",
    "is_destructive",
]

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

CANCEL = (
    "Cancel",
    "No",
    "Not now",
    "No thanks",
    "Keep editing",
    "Keep",
    "Dismiss",
    "Close",
)
"""Negative answers: buttons that close a dialog without doing what it asks (AlertDialog's
negative button, `android:id/button2`, says one of these), most specific first."""

DESTRUCTIVE = (
    "delete",
    "remove",
    "trash",
    "discard",
    "erase",
    "wipe",
    "clear",
    "reset",
    "uninstall",
    "disable",
    "force stop",
    "forget",
    "unpair",
    "archive",
    "empty",
    "sign out",
    "log out",
    "logout",
    "send",
    "reply",
    "post",
    "submit",
    "share",
    "call",
    "dial",
    "pay",
    "buy",
    "purchase",
    "checkout",
    "place order",
    "subscribe",
    "block",
    "report",
)
"""Words of a label whose action loses data, reaches other people or spends money: it
cannot be taken back. Apps in general keep these words for such actions because people
must be able to tell them apart before tapping (Material's guidelines name the action on
the button: "Delete", "Send", "Buy"; Android's own strings do the same), so a program that
taps what it does not understand stays harmless by never tapping a label holding one."""

EDITING = (
    "pin",
    "unpin",
    "star",
    "unstar",
    "favorite",
    "favourite",
    "unfavorite",
    "add to",
    "copy",
    "make a copy",
    "duplicate",
    "move",
    "mark",
    "mute",
    "unmute",
    "snooze",
    "hide",
    "unhide",
    "restore",
    "import",
    "export",
    "download",
    "upload",
    "install",
    "update",
    "sync",
)
"""Words of a label whose action changes what the app holds in place, though it could be
undone: pins, stars, copies, moves, marks as read, imports. Apps name such actions with
their verb (`Pin`, `Add to favorites`, `Make a copy`, `Mark all as read`) for the same
reason as the destructive ones, so a program that only looks at an app leaves them alone
too. Names of pages are nouns (`Favorites`, `Updates`) and hold none of these words."""

PICKING = ("select", "choose", "pick")
"""First words of the title of a page that picks one thing (`Select a city`, `Choose an
account`): tapping one of its rows picks it, and the app goes back with it."""

_WORD = re.compile(r"[^\W_]+")


def _plain_words(text: str) -> tuple[str, ...]:
    """Folded words, not stemmed: `Calls` (a page of call settings) is not `Call`."""
    return tuple(_WORD.findall(fold(text)))


_DESTRUCTIVE = tuple(_plain_words(phrase) for phrase in DESTRUCTIVE)


def is_destructive(label: str) -> bool:
    """Whether the label holds a word or phrase of `DESTRUCTIVE` as a whole word
    (`Delete contact`, `Sign out`, `Send feedback`; not `Calls` nor `Deleted items`)."""
    return _holds(_plain_words(label), _DESTRUCTIVE)


_EDITING = tuple(_plain_words(phrase) for phrase in EDITING)


def changes_data(label: str) -> bool:
    """Whether the label holds a word or phrase of `EDITING` as a whole word (`Pin`,
    `Add to Home screen`, `Mark all as read`; not `Favorites`)."""
    return _holds(_plain_words(label), _EDITING)


def _holds(found: tuple[str, ...], phrases: tuple[tuple[str, ...], ...]) -> bool:
    return any(
        found[start : start + len(phrase)] == phrase
        for phrase in phrases
        for start in range(len(found) - len(phrase) + 1)
    )
