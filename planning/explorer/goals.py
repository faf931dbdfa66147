"""Reading a goal: what kind of change it asks for, about what, and which values to enter.

`parse_goal("Turn off Wi-Fi")` gives a toggle of `wi-fi` wanted off; `parse_goal(
'Text Bob “hi”')` a message `hi` to `bob`. General phrasings of Android goals are
covered by a few linguistic rules (verb, object, quoted values, "named", "with phone",
"titled", "to"), not by per-task patterns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from lexicon.clauses import instructions, without_conditions
from lexicon.speech import reported
from lexicon.synonyms import HANDSET
from lexicon.text import FILLER_WORDS, canonical, root, tokens
from lexicon.values import find_phones, parse_duration
from lexicon.values.arithmetic import find_calculation
from planning.explorer.goal_words import NOT_TARGET, SLOTS, TOPICS
from planning.explorer.names import (
    MESSAGING,
    TIME,
    antecedent,
    entity_of,
    kinds_of,
    listed,
    listed_things,
    names_in,
    rank_of,
)

__all__ = ["Goal", "Intent", "Value", "parse_goal"]


class Intent(StrEnum):
    """The shape of a goal: what observable change ends it."""

    TOGGLE = "toggle"
    """A switch or check box to put in a state."""
    CHOOSE = "choose"
    """An option to pick for a setting (`Set the screen timeout to 5 minutes`)."""
    ENTER = "enter"
    """Values to type into fields and confirm (create, send, rename, label, search)."""
    ACT = "act"
    """A command to give to an item (delete, pin, favourite, start, forget, uninstall)."""
    CALC = "calc"
    """Arithmetic to key into a calculator."""
    OPEN = "open"
    """A screen or app to reach."""


@dataclass(frozen=True)
class Value:
    """One value to type, with the kind of field that takes it (`phone`, `title`, `message`)."""

    slot: str
    text: str


@dataclass(frozen=True)
class Goal:
    """A parsed goal; `words` are the canonical words that name the target."""

    text: str
    intent: Intent
    words: tuple[str, ...] = ()
    state: bool | None = None
    """Wanted state of a toggle."""
    choice: str = ""
    """The option to pick (CHOOSE), or the item to add from a list."""
    verb: str = ""
    """The command word for ACT (`delete`, `pin`, `favorite`, `unfavorite`, `start`...)."""
    values: tuple[Value, ...] = ()
    topics: tuple[str, ...] = field(default=())
    """Topic words that say which app holds the target (`alarm`, `wi-fi`, `note`)."""
    keys: tuple[str, ...] = ()
    """CALC: the keys to press, in order."""
    result: str = ""
    """CALC: the expected result, as a calculator shows it."""
    focus: tuple[str, ...] = ()
    """TOGGLE: the words that name the setting itself (`vibrating` in `ring without vibrating`)."""
    entity: str = ""
    """The named item the goal is about, as written (`Ben Carter`, `06:45`), or empty."""
    names: tuple[str, ...] = ()
    """Every name the goal gives (`Lake Tahoe`, `September`): all hold of the item it means."""
    items: tuple[str, ...] = ()
    """Names joined by "and" or commas (`Dana Whitfield and Ryan Murphy`): several items, each
    to be given the goal's command."""
    rank: int | None = None
    """An item told by its age, not its name: 0 the newest ("my latest photo"), -1 the
    oldest; Android lists dated things newest first."""

    @property
    def messages(self) -> bool:
        """Whether the goal sends a message (its entity is then whom to)."""
        return any(value.slot == "message" for value in self.values)

    @property
    def searches(self) -> bool:
        """Whether the goal is a search: its only values go into a search field."""
        return bool(self.values) and all(value.slot == "search" for value in self.values)

    @property
    def edits(self) -> bool:
        """Whether the values go into an item that exists (`Change Ann's phone to ...`) rather
        than a new one: the goal names an item that is not made of its values."""
        if self.intent is not Intent.ENTER or not self.entity or self.messages:
            return False
        typed = {word for value in self.values for word in tokens(value.text)}
        hour = next((v.text for v in self.values if v.slot == "hour"), "")
        minute = next((v.text for v in self.values if v.slot == "minute"), "")
        typed |= set(tokens(f"{hour}:{minute}"))
        return not set(tokens(self.entity)) <= typed


_QUOTES = re.compile(r"“([^”]+)”|\"([^\"]+)\"|(?:^|(?<=\s))'([^']+)'(?=\s|$|[.,!?])")
_ON = re.compile(
    r"\b(turn|switch|flip|toggle)\s+on\b|\b(enable|activate)\b|\b(?:turn|switch)\s+.+\s+on\b"
)
_OFF = re.compile(
    r"\b(turn|switch|flip)\s+off\b|\b(disable|deactivate)\b|\b(?:turn|switch)\s+.+\s+off\b|"
    r"\bstop\s+.+\bfrom\b|\bwithout\b|\bnever\b"
)
_PUT_IN = re.compile(r"\bput\s+(?:the\s+|my\s+)?(?:phone|device|it)\s+in(?:to)?\s+(.+)$")
"""Putting the phone in a state ("put the phone in airplane mode"); putting things in a
note or a list is no state."""
_ADD = re.compile(
    r"^(?:add\s+(.+?)\s+to|put\s+(?!.*\bon\s+hold\b)(.+?)\s+(?:on|in|into|onto))\s+(?:the\s+)?(.+)$"
)
"""Adding to a list: "add Berlin to my world clock", "put both cities on my world clock"
(putting the phone in a mode is a state, `_PUT_IN`, read before)."""
_MAKE = re.compile(r"^(?:please\s+)?(?:set|add|create|make|put|recreate)\b", re.I)
"""Verbs that make a thing ("set an alarm", "set it up again" of the alarm told of)."""
_SAVE_AS_CONTACT = re.compile(
    r"\b(?:save|add|store|put)\s+(?:them|him|her|this person)\s+(?:as|in|to|into)\s+"
    r"(?:a\s+|my\s+)?(?:new\s+)?contacts?\b"
)
"""Saving a person the goal names as a contact: their name is the contact's."""
_APPEND = re.compile(
    r"^(?:\S+\s+)?QUOTED\s+(?:at|to)\s+the\s+(?:end|bottom)\b|^append\s+QUOTED", re.I
)
"""Text to go after what an item already holds: "add “X” at the end of it"."""
_FIELD_GONE = re.compile(
    r"^(?:please\s+)?(?:delete|remove|clear|erase|drop)\s+"
    r"(?:the\s+|her\s+|his\s+|their\s+|my\s+|[\w.-]+(?:\s+[\w.-]+){0,2}['\u2019]s\s+)?"
    r"(e-?mail(?:\s+address)?|(?:phone|mobile)(?:\s+number)?|number)\b(?!\s+to\b)"
)
"""A value taken off a record ("delete the email address on her contact"): a field emptied,
never the record."""
_REFERS = re.compile(r"^(?:those|these|them|it|that|this|both|all|each)\b")
"""Words that point at things named elsewhere: what they add is not in the clause."""
_NAMING = re.compile(
    r"\b(?:call|name|rename|save|store|title|file)\s+(?:it|them|this|that)\s+(?:as\s+)?QUOTED", re.I
)
"""Giving a thing its name: "save it as “X”", "so call it “X”"."""
_SET_TO = re.compile(r"\b(?:set|change|switch)\s+(.+?)\s+(?:to|as)\s+(.+)$")
_ACTS = (
    (r"\bremove\b.+\bfrom\b.*\bfavou?rites?\b|\bunstar\b|\bunfavou?rite\b", "unfavorite"),
    (r"\bunpin\b", "unpin"),
    (r"^(?:restore|undelete|recover)\b|\bbring\b.+\bback\b", "restore"),
    (
        r"^favou?rite\b|\bstar\b"
        r"|\b(?:add|put|move|save|mark|set)\b.+\b(?:to|in|into|as)\s+(?:my\s+|a\s+|the\s+)?favou?rites?\b"
        r"|\bmake\b.+\b(?:a|one\s+of\s+(?:my|the))\s+favou?rites?\b",
        "favorite",
    ),
    (r"\bpin\b|\b(?:keep|put|move|stick)\b.+\bat\s+the\s+top\b", "pin"),
    (r"\b(?:move|put|throw|send|drag)\b.+\b(?:to|in|into)\s+(?:the\s+)?(?:trash|bin)\b", "trash"),
    (r"\bforget\b", "forget"),
    (r"\buninstall\b", "uninstall"),
    (
        r"^(?:delete|remove|erase|discard|trash)\b|\bget\s+rid\s+of\b"
        r"|\bclear\s+(?:out\b|.+\bout\s+of\b)",
        "delete",
    ),
    (r"^reset\b|\bset\b.+\bback\s+to\s+(?:zero|0)\b", "reset"),
    (r"^(?:start|begin|run)\b", "start"),
    (r"^(?:stop|pause)\b|\bput\b.+\bon\s+hold\b", "stop"),
)


def parse_goal(goal: str) -> Goal:
    """The shape of `goal`, its target words and the values it asks to type."""
    text = " ".join(goal.split())
    quoted = [next(group for group in match.groups() if group) for match in _QUOTES.finditer(text)]
    bare = _QUOTES.sub(" QUOTED ", text)
    lower = without_conditions(bare).lower().rstrip(".!?")
    words = tuple(_content_words(lower, [] if _values(text, lower, quoted) else quoted))
    topics = tuple(word for word in tokens(bare) if word in TOPICS)  # not in quoted titles
    kinds = kinds_of(bare, topics)
    system = {name.lower() for name in re.findall(r"\b[A-Z]\w*\b(?!\s+[A-Z])", bare)} & HANDSET
    words = tuple(word for word in words if word not in kinds and word not in system)
    entity = entity_of(bare, topics)
    names = names_in(bare, topics)
    calc = _calculation(text)
    if calc is not None:
        keys, result = calc
        return Goal(text, Intent.CALC, words, keys=keys, result=result, topics=("calculator",))
    values = _values(text, lower, quoted)
    state = _state(lower)
    named = [value for value in quoted if value not in {typed.text for typed in values}]
    if named:
        entity = named[-1]
    focus = _focus(lower)
    if _SAVE_AS_CONTACT.search(lower) and names and not any(v.slot == "first" for v in values):
        first, _, last = names[0].partition(" ")
        values = (*values, Value("first", first), *([Value("last", last)] if last else []))
    if any(value.slot == "message" for value in values) and not names:
        # "Maya asked ... Tell her yes": the person spoken to is the one the story names.
        names = antecedent(text)
        entity = names[0] if names else entity
    base = Goal(text, Intent.OPEN, words, topics=topics, focus=focus, entity=entity, names=names)
    gone = next((m for s in instructions(bare) if (m := _FIELD_GONE.match(s.lower()))), None)
    gone = gone or _FIELD_GONE.match(lower)
    if gone and not values and (entity or names):
        # "delete the email address saved on her contact": the field is emptied, the
        # contact stays.
        slot = "email" if "mail" in gone.group(1) else "phone"
        # The record that holds the field says where it is ("on her contact").
        held = re.search(r"\b(?:on|from|of|in)\s+(?:her|his|their|my|the)\s+(\w+)", lower)
        where = canonical(held.group(1)) if held else ""
        topics = tuple(sorted(topics, key=lambda topic: topic != where))
        return _replace(base, intent=Intent.ENTER, values=(Value(slot, ""),), topics=topics)
    if values and state is None:
        verb = "start" if re.match(r"^(start|begin|run)\b", lower) else ""
        return _replace(base, intent=Intent.ENTER, values=values, verb=verb)
    if state is not None:
        return _replace(base, intent=Intent.TOGGLE, state=state)
    asked = [sentence.lower() for sentence in instructions(without_conditions(bare))]
    for pattern, verb in _ACTS:
        if re.search(pattern, lower) or any(re.search(pattern, said) for said in asked):
            # "to Favorites", "in the Trash": the command's own collection, no item.
            own = {n for n in names if {root(w) for w in tokens(n)} == {root(verb)}}
            names = tuple(n for n in names if n not in own)
            base = _replace(base, names=names, entity="" if base.entity in own else base.entity)
            items = listed(bare, names)
            if not items and verb not in ("delete", "trash", "forget", "uninstall"):
                # "my book list and my gift ideas": things named by their words, for commands
                # that lose nothing; removing things wants their names written as names.
                items = listed_things(without_conditions(bare))
            if items and not names:
                base = _replace(base, names=items, entity=items[0])
            rank = rank_of(lower) if not base.entity else None
            return _replace(base, intent=Intent.ACT, verb=verb, items=items, rank=rank)
    put = _PUT_IN.search(lower)
    if put:
        return _replace(base, intent=Intent.TOGGLE, state=True)
    choose = _SET_TO.search(lower)
    if choose:
        choice = re.sub(r"^(?:its|the|a|an)\s+", "", choose.group(2).strip())
        return _replace(base, intent=Intent.CHOOSE, choice=choice)
    for sentence in instructions(bare):
        add = _ADD.match(sentence.lower())
        items = listed(bare, names)
        said = (add.group(1) or add.group(2)).strip() if add else ""
        if add and (items or not _REFERS.match(said)):
            choice = items[0].lower() if items else said
            return _replace(base, intent=Intent.CHOOSE, choice=choice, items=items)
    if re.match(r"^make\b.+\bshow\b", lower):
        return _replace(base, intent=Intent.TOGGLE, state=True)
    return base


_SPAN = re.compile(r"(?:\bfor\s+|\b(?:a|an)\s+(?=\S+[\s-](?:minute|hour|second)))([^,.;:!?]+)")
"""Where a timer's length is said: "for 33 minutes", "a 13-minute timer", "for half an hour"."""


def _timer_values(lower: str) -> list[Value]:
    """The hours, minutes and seconds of a timer's length, however the goal says it."""
    for found in _SPAN.finditer(lower):
        words = found.group(1).split()
        for end in range(len(words), 0, -1):  # the longest run of words that is a length
            seconds = parse_duration(" ".join(words[:end]))
            if seconds:
                hours, rest = divmod(int(seconds), 3600)
                minutes, secs = divmod(rest, 60)
                parts = (("hour", hours), ("minute", minutes), ("second", secs))
                return [Value(unit, str(count)) for unit, count in parts if count]
    return []


def _replace(goal: Goal, **changes: object) -> Goal:
    fields = {**goal.__dict__, **changes}
    return Goal(**fields)


def _content_words(lower: str, quoted: list[str]) -> list[str]:
    words = []
    for word in tokens(lower.replace("quoted", " ")):
        if word in FILLER_WORDS or word in NOT_TARGET or word == "quoted":
            continue
        words.append(word)
    for value in quoted:
        words += [word for word in tokens(value) if word not in FILLER_WORDS]
    return list(dict.fromkeys(words))


def _focus(lower: str) -> tuple[str, ...]:
    found = re.search(r"\b(?:without|from|show)\s+(.+)$", lower)
    if found is None:
        return ()
    return tuple(
        word
        for word in tokens(found.group(1))
        if word not in FILLER_WORDS and word not in NOT_TARGET
    )


def _state(lower: str) -> bool | None:
    if _OFF.search(lower):
        return False
    if _ON.search(lower):
        return True
    return None


def _calculation(text: str) -> tuple[tuple[str, ...], str] | None:
    """The keys of the sum the goal asks a calculator for ("divide 84 by 3", "4 coffees at
    $3.75 each", "halve what it shows"), and the result it should show ("" when the sum
    continues from the number already shown)."""
    lower = text.lower()
    asks = re.search(
        r"\b(compute|calculate|work (?:it )?out|what is|what's|calculator|add up|how (?:much|many)"
        r"|(?:the|a) (?:total|sum|result|answer))\b",
        lower,
    )
    calculation = find_calculation(text) if asks else None
    if calculation is None:
        return None
    left = "" if calculation.left is None else _digits(calculation.left)
    right = _digits(calculation.right)
    outcome = calculation.result
    result = "" if outcome is None else f"{float(outcome):.10g}"
    return (*left, calculation.operator, *right, "equals"), result


def _digits(number: Decimal) -> str:
    """A number as its keys are pressed: no exponent, no trailing zeros after the point."""
    written = format(number, "f")
    return written.rstrip("0").rstrip(".") if "." in written else written


def _values(text: str, lower: str, quoted: list[str]) -> tuple[Value, ...]:
    """Values to type: quoted text of messages, notes and names, and `named/with phone/to` parts."""
    values: list[Value] = []
    original = _QUOTES.sub(" QUOTED ", text)
    quotes = iter(quoted)
    messaging = any(MESSAGING.match(sentence) for sentence in instructions(text)) or re.search(
        r"\b(say|saying|chat)\b", lower
    )
    for match in re.finditer(r"(\S+)?\s*QUOTED", original):
        value = next(quotes)
        before = canonical(match.group(1) or "")
        naming = re.match(r"^(call|rename|name)\b", lower) or _NAMING.search(original)
        slot = "name" if naming else SLOTS.get(before, "")
        if re.match(r"^add\s+quoted\s+to\b", lower) and not values:
            slot = "append"
        if _APPEND.search(original[match.start() :]):
            slot = "append"  # "add “X” at the end of it": after what the item holds
        if not slot:
            if messaging:
                slot = "message"
            elif re.match(r"^(call|rename|name)\b", lower):
                slot = "name"
            elif re.match(r"^(label)\b", lower):
                slot = "label"
            elif re.match(r"^(write|create|add|make)\b.*\bnote\b", lower) and not values:
                slot = "title"
            elif re.match(r"^(search|find|type|enter)\b", lower):
                slot = "search"
            else:
                continue
        values.append(Value(slot, value))
    if messaging and not any(value.slot == "message" for value in values):
        told = [reported(sentence) for sentence in instructions(text)]
        values += [Value("message", said.text) for said in told if said is not None][:1]
    named = re.search(
        r"\b(?:named|called)\s+(.+?)(?=\s+with\b|\s+and\b|$)|"
        r"^add\s+(?:a\s+)?(?:new\s+)?contact\s+(?!named\b|called\b)(.+?)(?=\s+with\b|$)",
        original,
        re.I,
    )
    if named and "QUOTED" not in (named.group(1) or named.group(2) or ""):
        name = (named.group(1) or named.group(2)).strip()
        parts = name.split()
        if len(parts) >= 2:
            values += [Value("first", parts[0]), Value("last", " ".join(parts[1:]))]
        else:
            values.append(Value("name", name))
    for slot_word, slot in (("phone", "phone"), ("email", "email"), ("number", "phone")):
        after = re.search(rf"\b{slot_word}\b", original)
        written = find_phones(original[after.end() :]) if after and slot == "phone" else []
        if written and written[0].start < 12 and not any(v.slot == slot for v in values):
            # a number written with spaces or brackets: "(650) 555-0100", "+44 20 7946 0958"
            values.append(Value(slot, written[0].written))
            continue
        found = re.search(
            rf"\b{slot_word}(?:\s+number)?\s+(?:to\s+)?([\w+().@\-]*\d[\w+().@\-]*|\S+@\S+)",
            original,
        )
        if found and not any(value.slot == slot for value in values):
            values.append(Value(slot, found.group(1).rstrip(".,")))
    changed = re.search(r"\b(phone|number|email)\b.*\bto\s+(\S+)$", original)
    if changed and re.match(r"^(change|set|update|edit)\b", lower) and not values:
        values.append(Value("email" if changed.group(1) == "email" else "phone", changed.group(2)))
    searched = re.match(r"^(?:search|look)\s+(?:for\s+)?(?!QUOTED)(.+)$", original, re.I)
    if searched and not values:
        values.append(Value("search", searched.group(1).strip().rstrip(".!?")))
    renamed = re.match(r"^rename\s+.+?\s+to\s+(.+)$", original, re.I)
    if renamed and not values:
        values.append(Value("name", renamed.group(1).strip()))
    alarm = TIME.search(original)
    makes = any(_MAKE.match(sentence) for sentence in instructions(text))
    if alarm and makes and "alarm" in tokens(lower):
        values += [Value("hour", str(int(alarm.group(1)))), Value("minute", alarm.group(2))]
    if "timer" in tokens(lower):
        values += _timer_values(lower)
    return tuple(values)
