"""Goals that carry a value from one app to another: read it where it is kept, then use it.

"Send Ann Lee's phone number to Bob" asks for a value the goal does not give: Ann Lee's
number, kept in Contacts. The explorer first goes to the record and reads the value off
the screen; being stateless, it records what it read by asserting that it shows
(`assert visible "(650) 555-0100"`), a step that changes nothing. Later turns read the
value back from that assertion and pursue the goal with it as a value to type.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import aci
from lexicon.text import tokens
from lexicon.values import parse_phone, parse_time
from planning.base import Outcome, Step
from planning.explorer.goals import Goal, Intent, Value, parse_goal
from planning.screen_text import inside

__all__ = ["Fetch", "fetched", "find_value", "parse_fetch", "typed"]

_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(\.[\w\-]+)+")
_KINDS = r"(phone\s+number|mobile\s+number|number|phone|e-?mail\s+address|e-?mail)"
_POSSESSIVE = re.compile(rf"([A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*)*)['\u2019]s\s+{_KINDS}\b")
_PRONOUN = re.compile(
    rf"(?:\b(?:holding|containing|with|having)\s+)?\b(?:their|his|her)\s+{_KINDS}\b"
)
_ALARM = re.compile(
    r"(?:\b(?:at\s+)?what\s+time\s+|\bthe\s+time\s+(?:of|when)\s+)"
    r"(?:your|my|the)\s+(.+?)\s+alarm(?:\s+(?:rings|goes\s+off|is\s+set\s+for|is\s+set))?\b"
)
_CARRY = re.compile(
    r"\b(?:send|text|tell|share|write|note|put|add|copy|paste|save|give|forward|message|"
    r"email|type|enter|set|let)\b",
    re.I,
)
"""Verbs that take a value somewhere: the value read is their object."""
_SPARED = re.compile(r"\b(?:keep|leave|except|without|not|don't|dont|but)\b", re.I)
"""Words that spare a value ("but keep her number"): it is a constraint, nothing to carry."""
_MESSAGING = re.compile(r"^(send|text|tell|message|sms|share)\b|\bby\s+(text|sms|message)\b")


@dataclass(frozen=True)
class Fetch:
    """A value to read before the goal can be pursued: its kind, whose it is, and the goal
    that remains once it is known."""

    kind: str
    """`phone`, `email` or `time`."""
    owner: str
    """The record that holds it, as the goal names it (`Ann Lee`, or the alarm's `Gym`)."""
    rest: Goal
    """The goal without the value: what to do with it."""
    slot: str
    """The kind of field the value goes into (`message`, `body`)."""

    @property
    def seek(self) -> Goal:
        """The goal of the reading phase: reach the record in the app that keeps it."""
        topic = "alarm" if self.kind == "time" else "contact"
        return Goal(
            text=f"{self.owner} {topic}",
            intent=Intent.OPEN,
            words=(*tokens(self.owner), topic),
            topics=(topic,),
            entity=self.owner,
        )

    def using(self, value: str) -> Goal:
        """The goal to pursue once the value is known: the rest, with the value to type."""
        rest = self.rest
        fields = {**rest.__dict__}
        fields["intent"] = Intent.ENTER
        fields["values"] = (*rest.values, Value(self.slot, value))
        fields["state"] = None
        return Goal(**fields)


def parse_fetch(goal: str) -> Fetch | None:
    """The value `goal` asks to read first, or None when it gives every value it needs."""
    text = " ".join(goal.split()).rstrip(".!?")
    found = _ALARM.search(text)
    start = found.start() if found else 0
    if found:
        kind, owner = "time", found.group(1)
    else:
        found = _POSSESSIVE.search(text) or _PRONOUN.search(text)
        if found is None:
            return None
        kind = "email" if "mail" in found.group(found.lastindex or 0).lower() else "phone"
        owner = found.group(1) if found.re is _POSSESSIVE else ""
        start = found.start()
        if start == 0 and owner:
            verb = owner.split()[0]  # the imperative's verb, capitalised
            owner = " ".join(owner.split()[1:])
            start = len(verb)
    clause = re.split(r"[.;,:]", text[:start])[-1]
    if _SPARED.search(clause) or not _CARRY.search(text[:start]):
        return None  # "but keep her number": a value to leave alone, not to carry
    if any(value.slot == kind for value in parse_goal(text).values):
        return None  # the goal gives the value itself ("Change Ann's phone to 555-0199")
    rest_text = " ".join((text[:start] + " " + text[found.end() :]).split())
    rest = parse_goal(rest_text)
    if not owner:
        quoted = [v.text for v in rest.values if v.slot in ("title", "name")]
        owner = quoted[-1] if quoted else rest.entity
    if not owner:
        return None
    slot = "message" if _MESSAGING.search(rest_text.lower()) else "body"
    return Fetch(kind=kind, owner=owner, rest=rest, slot=slot)


def fetched(fetch: Fetch, history: Sequence[Step]) -> str | None:
    """The value read earlier: the last passed assertion on a text of the value's kind."""
    for step in reversed(history):
        action = step.action
        if (
            isinstance(action, aci.Assert)
            and action.condition is aci.Condition.VISIBLE
            and not action.negated
            and step.outcome is Outcome.SUCCEEDED
            and _of_kind(fetch.kind, action.target)
        ):
            return action.target
    return None


def typed(value: str, history: Sequence[Step]) -> bool:
    """Whether `value` was typed somewhere: a value read from the screen is only used once it
    was entered (the record it was read from shows it all along)."""
    return any(
        isinstance(step.action, aci.TypeText)
        and value in step.action.text
        and step.outcome is Outcome.SUCCEEDED
        for step in history
    )


def find_value(fetch: Fetch, screen: aci.Screen) -> str | None:
    """The value on `screen`, when it shows the owner's record: for a contact, its page (the
    name as a whole text, a text of the kind); for an alarm, the time on the labelled row."""
    owner = " ".join(fetch.owner.split()).lower()
    named = [
        e for e in screen.elements if not e.editable and " ".join(e.label.split()).lower() == owner
    ]
    if not named:
        return None
    if fetch.kind == "time":
        return _on_row(named, screen)
    for element in screen.elements:
        text = element.text.strip()
        if not element.editable and _of_kind(fetch.kind, text):
            return text
    return None


def _of_kind(kind: str, text: str) -> bool:
    """Whether `text` is a value of `kind` as a screen shows it: a phone number, an email
    address, or a time as a clock shows it, in digits (`7:30`, `7:30 PM`)."""
    if kind == "phone":
        return parse_phone(text) is not None
    if kind == "time":
        return parse_time(text) is not None and any(char.isdigit() for char in text)
    return _EMAIL.fullmatch(text) is not None


def _on_row(named: list[aci.Element], screen: aci.Screen) -> str | None:
    """The text of the kind in the smallest clickable row that holds a named element."""
    for label in named:
        rows = [
            e
            for e in screen.elements
            if e.clickable and e is not label and inside(label, e) and e.role is not aci.Role.LIST
        ]
        rows.sort(key=lambda e: e.width * e.height)
        for row in rows[:1]:
            for element in screen.elements:
                if inside(element, row) and _of_kind("time", element.text.strip()):
                    return element.text.strip()
    return None
