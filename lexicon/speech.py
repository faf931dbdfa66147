"""Reported speech made direct: what a message says when a request only tells of it.

"Ask Carlos whether he's free for lunch" sends Carlos "Are you free for lunch?"; "Tell her
yes, and that they look amazing" sends "Yes, and they look amazing." English reports speech
with a verb of saying, the person spoken to, and the words said in the third person; the
message is those words addressed to the person: third-person singular pronouns become "you"
(the one person a message goes to), and a yes/no question puts its verb first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Reported", "reported"]

_ASKING = frozenset({"ask", "asks"})
_PERSON = r"(?P<person>(?i:him|her|them)|[A-Z][\w'\u2019.-]*(?:\s+[A-Z][\w'\u2019.-]*){0,2})"
_LEAD = re.compile(  # verbs of saying that take the person spoken to as their object
    rf"^(?P<verb>(?i:ask|tell|remind|inform|warn|answer|reply\s+to|let))\s+{_PERSON}\s+"
    r"(?:(?i:know)\s+)?(?P<rest>.+)$"
)
_YOU = {
    "he": "you",
    "she": "you",
    "him": "you",
    "her": "your",
    "his": "your",
    "hers": "yours",
    "himself": "yourself",
    "herself": "yourself",
    "he's": "you're",
    "she's": "you're",
    "he'd": "you'd",
    "she'd": "you'd",
    "he'll": "you'll",
    "she'll": "you'll",
}
"""The person spoken to, in the second person. "her" is read as a possessive ("her photos"):
a message rarely names its reader as an object."""
_WH = re.compile(r"^(?:at\s+|on\s+|in\s+)?(?:what|when|where|who|why|how|which)\b", re.I)
"""An indirect question: "what time ...", "at what time ...", "where ..."."""
_AGREE = {
    ("you", "is"): "are",
    ("you", "was"): "were",
    ("you", "has"): "have",
    ("you", "does"): "do",
}
_INVERTED = frozenset(
    {"are", "were", "have", "can", "could", "will", "would", "do", "did", "should", "might"}
)
"""Auxiliaries a yes/no question puts before its subject ("are you free?")."""


@dataclass(frozen=True)
class Reported:
    """A message a request tells of: to whom (a name, or a pronoun to resolve) and its text."""

    person: str
    text: str


def reported(request: str) -> Reported | None:
    """The message `request` tells of ("ask Ann whether she's coming"), or None when it does
    not report speech. Quoted text is the caller's: a request that quotes says it exactly."""
    found = _LEAD.match(" ".join(request.split()).strip(" .!"))
    if found is None:
        return None
    verb = found.group("verb").lower().split()[0]
    person = found.group("person").strip()
    rest = found.group("rest").strip(" ,")
    rest = re.sub(r"^(?:by|via|over|in)\s+(?:a\s+)?(?:text|sms|message)\b\s*", "", rest, flags=re.I)
    question = verb in _ASKING
    if not re.search(r"\w", rest):
        return None  # "tell Ann by text": the words are given elsewhere
    if not question and _WH.match(rest):
        return None  # "tell Ann what time the alarm rings": a value to look up, not words said
    lead = re.match(r"^(?:whether|if)\s+(.+)$", rest, re.I)
    if question and lead:
        rest = lead.group(1)
    elif question and not _WH.match(rest):
        return None  # "ask Ann for the address": what to say is not given
    rest = re.sub(r"^(?:that|about)\s+", "", rest, flags=re.I)
    if verb == "remind":
        rest = re.sub(r"^to\s+", "remember to ", rest, flags=re.I)
    rest = re.sub(r",?\s+and\s+that\s+", ", and ", rest, flags=re.I)
    text = _to_you(rest)
    if question:
        text = _question(text)
    elif verb not in _ASKING and not re.search(r"[.!?]$", text):
        text += "."
    return Reported(person, text[:1].upper() + text[1:])


def _to_you(text: str) -> str:
    """The words with the person spoken to as "you", verbs agreeing."""
    out: list[str] = []
    for word in text.split():
        bare = word.lower().strip(",.;!?")
        tail = word[len(word.rstrip(",.;!?")) :]
        if bare in _YOU:
            out.append(_YOU[bare] + tail)
        elif out and (out[-1].lower(), bare) in _AGREE:
            out.append(_AGREE[(out[-1].lower(), bare)] + tail)
        else:
            out.append(word)
    return " ".join(out)


def _question(text: str) -> str:
    """A yes/no question from a statement: "you're free" becomes "are you free?"."""
    words = text.rstrip(".?!").split()
    if words[:1] == ["you're"]:
        words = ["are", "you", *words[1:]]
    elif len(words) > 1 and words[0].lower() == "you" and words[1].lower() in _INVERTED:
        words = [words[1], "you", *words[2:]]
    return " ".join(words) + "?"
