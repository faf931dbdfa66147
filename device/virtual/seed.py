"""Generated app data: the records an app's `seed` describes, the same for the same seed.

`AppSpec.seed` maps a data list to `{count, fields}`; each field is a template whose
tokens are drawn from `random.Random(f"{seed}:{package}:{list}")`, so one seed gives
one phone's contacts, messages and notes, and another seed another phone's:

    {first_name} {last_name}   a person's name (varied, a few with accents); the same
                               within one record, and unique (as a pair) in a list
    {phone}                    "+1 650-555-0134"
    {email}                    from the record's name: "maria.lopez@gmail.com"
    {word} {words}             one plain English word; two to four of them
    {sentence} {paragraph}     a plain English sentence; three to five of them
    {hour} {minute} {hue}      0-23, 0-59, 0-359 (a colour's hue)
    {date}                     a day of the past year: "Nov 3"
    {index}                    the record's position, from 1
    {pick:LIST.FIELD}          a field of a random record of another list of this app;
                               every pick of that list in one record reads the same
                               record, and records not yet picked in this list come first
    {pick:PACKAGE:LIST.FIELD}  ... or of another app's list (generated first)
    {ref:FIELD}                a field generated earlier in this record
    {choice:A|B|C}             one of the listed values (repeat one to weight it)

`{token:02}` pads a number with zeros, `{{` is a brace. Records get ids "1".."N".
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date, timedelta

from device.virtual.ui.errors import AppSpecError
from device.virtual.ui.schema import AppSpec, SeedList
from device.virtual.ui.values import AppState, Record

_TOKEN = re.compile(r"\{\{|\}\}|\{(pick:[\w.:]+|ref:\w+|choice:[^{}]*|\w+)(?::(0\d+))?\}")
_PICK = re.compile(r"^pick:(?:([a-z][\w.]*\.[\w]+):)?(\w+)\.(\w+)$")
SIMPLE_TOKENS = (
    "first_name",
    "last_name",
    "phone",
    "email",
    "word",
    "words",
    "sentence",
    "paragraph",
    "hour",
    "minute",
    "hue",
    "date",
    "index",
)

FIRST_NAMES = (
    "Olivia", "Liam", "Emma", "Noah", "Ava", "Mateo", "Sophia", "Lucas", "Mia", "Ethan",
    "Amelia", "James", "Harper", "Benjamin", "Chloé", "Daniel", "Zoë", "Samuel", "Priya",
    "Arjun", "Mei", "Hiroshi", "Fatima", "Omar", "Sofía", "Diego", "Ingrid", "Lars", "Aisha",
    "Kwame", "Grace", "Henry", "Nora", "Leo", "Hannah", "Isaac", "Elena", "Marco", "Anaïs",
    "Jonas", "Rachel", "David", "Laura", "Kevin", "Julia", "Tomás", "Nina", "Victor",
)  # fmt: skip
LAST_NAMES = (
    "Smith", "Johnson", "Garcia", "Brown", "Miller", "Davis", "Martínez", "Lopez", "Wilson",
    "Anderson", "Taylor", "Thomas", "Moore", "Jackson", "Martin", "Lee", "Thompson", "White",
    "Harris", "Clark", "Lewis", "Walker", "Young", "Allen", "King", "Wright", "Scott",
    "Nguyen", "Patel", "Kim", "Chen", "Müller", "Rossi", "Dubois", "Novak", "Kowalski",
    "Okafor", "Haddad", "Sato", "Silva", "Jensen", "Brennan", "Fischer", "Ortega", "Byrne",
)  # fmt: skip
AREA_CODES = (
    "201", "206", "212", "305", "312", "415", "503", "512", "617", "650", "702", "808", "917",
)  # fmt: skip
EMAIL_DOMAINS = ("gmail.com", "outlook.com", "yahoo.com", "icloud.com", "example.com")
WORDS = (
    "garden", "coffee", "meeting", "project", "weekend", "budget", "recipe", "travel",
    "birthday", "groceries", "invoice", "concert", "library", "dentist", "holiday", "notes",
    "ideas", "plan", "review", "summer", "winter", "morning", "team", "family", "report",
    "movie", "dinner", "lunch", "train", "flight", "hotel", "books", "running", "yoga",
    "paint", "kitchen", "office", "school", "party", "gift", "music", "photos", "soccer",
)  # fmt: skip
SENTENCES = (
    "Are we still on for lunch tomorrow?",
    "I just sent you the photos from the weekend.",
    "Can you pick up milk and bread on the way home?",
    "The meeting moved to three o'clock.",
    "Thanks again for dinner last night.",
    "Let me know when you get there.",
    "I will be about ten minutes late.",
    "Don't forget to bring the charger.",
    "The train leaves at half past eight.",
    "Happy birthday! Hope you have a great day.",
    "Did you see the game last night?",
    "Call me when you have a minute.",
    "The report is ready for review.",
    "We need to book the hotel before Friday.",
    "Remember to water the plants.",
    "Sounds good, see you then.",
    "The package arrived this morning.",
    "Could you send me the address again?",
    "I found a great recipe for the party.",
    "The kids loved the museum.",
    "Running a bit behind, start without me.",
    "Great job on the presentation today.",
    "Is the dentist appointment on Tuesday or Wednesday?",
    "Let's try the new coffee place on Main Street.",
)
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_TODAY = date(2026, 11, 22)
"""Dates count back from a fixed day, so a seed means the same data on any day."""


def check(app: AppSpec) -> None:
    """Raise AppSpecError naming the first unknown generator token of the app's seed."""
    for name, spec in app.seed.items():
        for field, template in spec.fields.items():
            for match in _TOKEN.finditer(template):
                token = match.group(1)
                if token is None or token.startswith(("ref:", "choice:")) or token in SIMPLE_TOKENS:
                    continue
                if not (token.startswith("pick:") and _PICK.match(token)):
                    raise AppSpecError(
                        f"seed.{name}.fields.{field}: unknown token {{{token}}} "
                        f"(known: {', '.join(SIMPLE_TOKENS)}, "
                        "pick:LIST.FIELD, ref:FIELD, choice:A|B)"
                    )


def seeded_data(apps: Iterable[AppSpec], seed: int) -> dict[str, AppState]:
    """Every app's data with its seeded lists generated for this seed."""
    specs = list(apps)
    data: dict[str, AppState] = {app.package: _copy(app.data) for app in specs}
    for package, name in _order(specs):
        app = next(spec for spec in specs if spec.package == package)
        data[package][name] = generate(app.seed[name], seed, package, name, data)
    return data


def generate(
    spec: SeedList, seed: int, package: str, name: str, data: Mapping[str, AppState]
) -> list[Record]:
    """One list's records; `data` holds the lists generated before it (for `pick`)."""
    rng = random.Random(f"{seed}:{package}:{name}")
    records: list[Record] = []
    names_taken: set[tuple[str, str]] = set()
    picked: dict[tuple[str, str], set[int]] = {}
    for index in range(1, spec.count + 1):
        maker = _RecordMaker(rng, package, data, index, names_taken, picked)
        record: Record = {"id": str(index)}
        for field, template in spec.fields.items():
            record[field] = maker.fill(template, record)
        records.append(record)
    return records


class _RecordMaker:
    """Draws one record's tokens; the person's name is drawn once, unique in the list."""

    def __init__(
        self,
        rng: random.Random,
        package: str,
        data: Mapping[str, AppState],
        index: int,
        names_taken: set[tuple[str, str]],
        picked: dict[tuple[str, str], set[int]],
    ) -> None:
        self.rng = rng
        self.package = package
        self.data = data
        self.index = index
        self.names_taken = names_taken
        self.picked = picked
        """Positions of each source list already picked by earlier records of this list."""
        self.sources: dict[tuple[str, str], Record] = {}
        """The source record each list was picked from, for this record."""
        self.name: tuple[str, str] | None = None

    def fill(self, template: str, record: Record) -> str:
        def sub(match: re.Match[str]) -> str:
            whole = match.group(0)
            if whole in ("{{", "}}"):
                return whole[0]
            value = self.token(match.group(1), record)
            width = match.group(2)
            return value.zfill(int(width)) if width and value.isdigit() else value

        return _TOKEN.sub(sub, template)

    def person(self) -> tuple[str, str]:
        if self.name is None:
            for _ in range(200):
                name = (self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES))
                if name not in self.names_taken:
                    break
            else:
                name = (self.rng.choice(FIRST_NAMES), f"{self.rng.choice(LAST_NAMES)}-{self.index}")
            self.names_taken.add(name)
            self.name = name
        return self.name

    def token(self, token: str, record: Record) -> str:
        rng = self.rng
        if token == "first_name":
            return self.person()[0]
        if token == "last_name":
            return self.person()[1]
        if token == "email":
            first, last = (_ascii(part) for part in self.person())
            return f"{first}.{last}@{rng.choice(EMAIL_DOMAINS)}"
        if token == "phone":
            return f"+1 {rng.choice(AREA_CODES)}-555-01{rng.randrange(100):02d}"
        if token == "word":
            return rng.choice(WORDS)
        if token == "words":
            return " ".join(rng.sample(WORDS, rng.randint(2, 4))).capitalize()
        if token == "sentence":
            return rng.choice(SENTENCES)
        if token == "paragraph":
            return " ".join(rng.sample(SENTENCES, rng.randint(3, 5)))
        if token in ("hour", "minute", "hue"):
            return str(rng.randrange({"hour": 24, "minute": 60, "hue": 360}[token]))
        if token == "date":
            day = _TODAY - timedelta(days=rng.randrange(365))
            return f"{MONTHS[day.month - 1]} {day.day}"
        if token == "index":
            return str(self.index)
        if token.startswith("ref:"):
            return record.get(token[4:], "")
        if token.startswith("choice:"):
            return rng.choice(token[7:].split("|"))
        return self.pick(token)

    def pick(self, token: str) -> str:
        match = _PICK.match(token)
        if match is None:
            raise AppSpecError(f"seed: unknown token {{{token}}}")
        package, name, field = match.groups()
        key = (package or self.package, name)
        if key not in self.sources:
            items = self.data.get(key[0], {}).get(name)
            if not isinstance(items, list) or not items:
                return ""
            used = self.picked.setdefault(key, set())
            fresh = [i for i in range(len(items)) if i not in used] or list(range(len(items)))
            position = self.rng.choice(fresh)
            used.add(position)
            self.sources[key] = items[position]
        return self.sources[key].get(field, "")


def _order(apps: list[AppSpec]) -> list[tuple[str, str]]:
    """Seeded lists, each after the lists its `pick` tokens read (contacts before messages)."""
    needs: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for app in apps:
        for name, spec in app.seed.items():
            wanted: set[tuple[str, str]] = set()
            for template in spec.fields.values():
                for match in _TOKEN.finditer(template):
                    pick = _PICK.match(match.group(1) or "")
                    if pick:
                        wanted.add((pick.group(1) or app.package, pick.group(2)))
            needs[(app.package, name)] = wanted
    ordered: list[tuple[str, str]] = []
    visiting: set[tuple[str, str]] = set()

    def visit(node: tuple[str, str]) -> None:
        if node in ordered or node not in needs:
            return
        if node in visiting:
            raise AppSpecError(
                f"seed: lists pick from each other in a cycle at {node[0]}:{node[1]}"
            )
        visiting.add(node)
        for other in sorted(needs[node]):
            visit(other)
        visiting.discard(node)
        ordered.append(node)

    for node in needs:
        visit(node)
    return ordered


def _ascii(text: str) -> str:
    """'Chloé' -> 'chloe' (for e-mail addresses)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", plain.lower())


def _copy(data: AppState) -> AppState:
    return {
        key: [dict(item) for item in value] if isinstance(value, list) else value
        for key, value in data.items()
    }
