"""Word lists for reading goals: the verbs of requests, the words before a value, the topics.

None of them is any one goal's: `VERBS` are the verbs people ask a phone with (they name the
change, not the thing changed), `SLOTS` the English words that introduce a value and say
what it is ("named", "titled"), and `TOPICS` the words that name a kind of thing an app
keeps, from the well-known apps (`lexicon.apps`). English function words (`its`,
`when`, `without`) are `lexicon.clauses.FUNCTION_WORDS`.
"""

from __future__ import annotations

from lexicon.apps import topic_words
from lexicon.clauses import FUNCTION_WORDS

__all__ = ["NOT_TARGET", "SLOTS", "TOPICS", "VERBS"]

VERBS = frozenset(
    [
        *("turn", "switch", "flip", "toggle", "enable", "disable", "activate", "deactivate"),
        *("put", "set", "change", "make", "stop", "open", "go", "show", "use", "let", "keep"),
        *("add", "create", "write", "delete", "remove", "erase", "move", "mark", "pin", "unpin"),
        *("find", "search", "label", "rename", "call", "text", "message", "tell", "send"),
        *("ask", "reply", "answer", "remind"),
        *("start", "begin", "run", "forget", "uninstall", "compute", "calculate", "on", "off"),
        "back",
    ]
)
"""The verbs (and the particles of phrasal verbs: "turn on") people ask a phone with: they
say what to do, never which thing to do it to."""

NOT_TARGET = VERBS | FUNCTION_WORDS
"""Words of a goal that never name its target."""

SLOTS = {
    "phone": "phone",
    "number": "phone",
    "email": "email",
    "titled": "title",
    "title": "title",
    "says": "body",
    "text": "body",
    "saying": "body",
    "label": "label",
    "labelled": "label",
    "labeled": "label",
    "named": "name",
    "called": "name",
    "name": "name",
}
"""The word before a quoted value, and the kind of field it goes into."""

TOPICS = topic_words()
"""Words that name a kind of thing an app keeps, and so say which app holds the target."""
