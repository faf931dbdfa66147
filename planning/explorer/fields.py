"""Text entry: which field takes which value, and whether a value is already in place."""

from __future__ import annotations

import aci
from lexicon.synonyms import HANDSET
from lexicon.text import root, tokens
from planning.explorer.goals import Value

__all__ = [
    "field_for",
    "field_label",
    "filled",
    "overwrites_unasked",
    "recipient_field",
    "visible_as_text",
]

_SLOT_WORDS = {
    "first": ("first", "given"),
    "last": ("last", "surname", "family"),
    "name": ("name", "title"),
    "phone": ("phone", "number", "mobile", "tel"),
    "email": ("email", "e-mail", "mail"),
    "title": ("title", "subject"),
    "body": ("note", "body", "text", "content", "description"),
    "append": ("note", "body", "text", "content"),
    "message": ("message", "text", "chat", "sms"),
    "label": ("label",),
    "hour": ("hour", "hours"),
    "minute": ("minute", "minutes"),
    "second": ("second", "seconds"),
    "search": ("search", "find"),
}


def field_label(element: aci.Element) -> str:
    """The words to name a field by: its hint or content-desc (its text when it has no desc)."""
    return " ".join((element.desc or element.text).split())


def _words(element: aci.Element) -> set[str]:
    """What the field is for: its description, else its text (the hint while it is empty), and
    its id; a described field's text is what was typed in it, not what it is for."""
    label = element.desc or element.text
    words = tokens(f"{label} {element.resource_id.rsplit('/', 1)[-1]}")
    words += tokens(element.resource_id.rsplit("/", 1)[-1].replace("_", " "))
    return {root(word) for word in words}


_HANDSET = frozenset(root(word) for word in HANDSET)
_HINT_LENGTH = 4
"""Words of the longest hint a field shows when empty ("Search your photos"); a field
showing more holds data."""
_HINT_WORDS = frozenset(
    root(word) for word in ("add", "enter", "edit", "type", "set", "change", "your", "a", "the")
)
_SLOT_NAMES = frozenset(root(word) for words in _SLOT_WORDS.values() for word in words)
"""Words that only say which kind of value a field takes."""
_FREE_TEXT = frozenset({"message", "body", "append", "title"})
"""Slots of free text, never typed into a field that looks up a person or an item."""
_LOOKUP = frozenset(root(word) for word in ("search", "to", "recipient", "name", "phone", "email"))
"""Words of fields that look something up (search, a message's "To")."""
_MESSAGE = frozenset(root(word) for word in ("message", "chat", "sms", "compose"))
"""Words of the field that takes a message's text."""
_PART_OF_NAME = frozenset(root(word) for word in ("first", "last", "given", "family", "surname"))
"""Words of a contact editor's name fields, which pick no recipient."""


def recipient_field(fields: list[aci.Element]) -> aci.Element | None:
    """The field that picks whom a message goes to: "To", or a name/number search."""
    for field in fields:
        words = _words(field)
        if words & _LOOKUP and not words & (_MESSAGE | _PART_OF_NAME):
            return field
    return None


def _hint_words(field: aci.Element, value: str) -> set[str]:
    """The words that say what the field is for, leaving out the value already typed in it."""
    if value and value in field.text:
        return _words(field.model_copy(update={"text": ""}))
    return _words(field)


def field_for(value: Value, fields: list[aci.Element]) -> aci.Element | None:
    """The field whose hint, description or id names the value's slot."""
    wanted = {root(word) for word in _SLOT_WORDS.get(value.slot, (value.slot,))}
    if value.slot in _FREE_TEXT:
        fields = [field for field in fields if not _hint_words(field, value.text) & _LOOKUP]
    scored = [(len(wanted & _words(field)), field) for field in fields]
    scored = [(score, field) for score, field in scored if score > 0]
    if not scored:
        return None
    if value.slot == "name":
        # "Name" alone, not "First name"/"Last name" when a plain one exists.
        scored.sort(key=lambda pair: len(_words(pair[1])))
    else:
        scored.sort(key=lambda pair: -pair[0])
    return scored[0][1]


def overwrites_unasked(field: aci.Element, goal: str, *, item_named: bool) -> bool:
    """Whether typing into `field` would replace data the goal does not speak of: text longer
    than a hint (a note's body) in an item other than the one the goal names, or text in a
    field whose name has words the goal never says ("Device name" holding "VirtualPhone",
    for a goal about a recording's name), or any field holding text in an item the goal does
    not name ("Title" of an open note, for "save the memo as ..."). The words hints are made
    of ("Add label", "Enter name") say nothing of what the field holds."""
    if len(field.text.split()) > _HINT_LENGTH and not item_named:
        return True
    if not field.desc or not field.text or field.text == field.desc:
        return False
    said = {root(word) for word in tokens(goal)}
    said |= {root(word[2:]) for word in tokens(goal) if word.startswith("re") and len(word) > 5}
    # "rename" speaks of a name, "retitle" of a title: the verb names what it changes again.
    if said & _HANDSET:
        said |= _HANDSET  # "the phone" and "Device name" speak of one thing
    own = {root(word) for word in tokens(field.desc)} - _HINT_WORDS - _SLOT_NAMES
    # In the item the goal names, a field's kind ("Title", "Phone") is what the goal's value
    # is; elsewhere a field is the goal's only when the goal names whose it is ("Device
    # name" when it speaks of the phone), never a bare "Title" of a note that is open.
    return bool(own - said) or (not item_named and not own)


def filled(text: str, field: aci.Element) -> bool:
    """Whether the field holds exactly `text`."""
    return " ".join(field.text.split()) == " ".join(text.split())


def visible_as_text(text: str, screen: aci.Screen) -> bool:
    """Whether `text` shows in a non-editable element (saved, sent), spacing ignored."""
    wanted = " ".join(text.split()).lower()
    return any(
        wanted in " ".join(element.label.split()).lower()
        for element in screen.elements
        if not element.editable
    )
