"""Which command a button gives (`Move to trash` deletes, `Remove from favorites` unstars)."""

from __future__ import annotations

from lexicon.text import root, tokens

__all__ = ["CONFIRM_WORDS", "same_verb", "verb_of"]

CONFIRM_WORDS = frozenset({"ok", "yes", "confirm", "continue", "uninstall", "delete", "forget"})
"""Words of the affirmative button of a confirmation dialog."""

_FIRST = {
    "delete": "delete",
    "remove": "delete",
    "trash": "delete",
    "discard": "delete",
    "erase": "delete",
    "forget": "forget",
    "uninstall": "uninstall",
    "pin": "pin",
    "unpin": "unpin",
    "favorite": "favorite",
    "star": "favorite",
    "unfavorite": "unfavorite",
    "unstar": "unfavorite",
    "start": "start",
    "play": "start",
    "resume": "start",
    "stop": "stop",
    "reset": "reset",
    "restore": "restore",
    "undelete": "restore",
    "recover": "restore",
    "pause": "stop",
}


def verb_of(label: str) -> str:
    """The command a button's label gives, or '' when it is not a command."""
    words = tokens(label)
    if not words:
        return ""
    stems = {root(word) for word in words}
    first = words[0]
    if first == "move" and "trash" in words:
        return "delete"
    if root("favorites") in stems or "star" in words:
        if first in ("remove", "unfavorite", "unstar", "delete"):
            return "unfavorite"
        if first in ("add", "favorite", "star", "mark"):
            return "favorite"
    return _FIRST.get(first, "")


def same_verb(label_verb: str, goal_verb: str) -> bool:
    """Whether a button's command does the goal's (`trash` and `delete` are one)."""
    wanted = "delete" if goal_verb == "trash" else goal_verb
    return bool(label_verb) and label_verb == wanted
