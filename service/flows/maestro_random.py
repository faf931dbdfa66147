"""The values of Maestro's `inputRandom*` commands, drawn from a generator the caller seeds
(droidpilot seeds it with the flow file's name, so reruns type the same values)."""

from __future__ import annotations

import random
import string

__all__ = ["DEFAULT_LENGTH", "RANDOM_INPUTS", "SIZED", "random_value"]

RANDOM_INPUTS = (
    "inputRandomPersonName",
    "inputRandomEmail",
    "inputRandomNumber",
    "inputRandomText",
)
SIZED = frozenset({"inputRandomNumber", "inputRandomText"})
"""The commands that take `length`."""
DEFAULT_LENGTH = 8
"""Maestro's length of a random number or text when none is given."""

_FIRST_NAMES = [
    "James",
    "Mary",
    "Robert",
    "Patricia",
    "John",
    "Jennifer",
    "Michael",
    "Linda",
    "David",
    "Elizabeth",
    "William",
    "Susan",
    "Maria",
    "Daniel",
    "Sarah",
    "Emma",
]
_LAST_NAMES = [
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Wilson",
    "Anderson",
    "Taylor",
    "Thomas",
    "Moore",
    "Lee",
]
"""Common first and last names: forms check what a name field gets, so a random name must
look like one (Maestro draws names from DataFaker, which droidpilot does not ship)."""


def random_value(command: str, draw: random.Random, length: int = DEFAULT_LENGTH) -> str:
    """The text `command` types: a "First Last" name, an address at example.com (reserved
    for examples, so it reaches no one), `length` digits without a leading zero, or
    `length` lowercase letters."""
    if command == "inputRandomPersonName":
        return f"{draw.choice(_FIRST_NAMES)} {draw.choice(_LAST_NAMES)}"
    if command == "inputRandomEmail":
        first, last = draw.choice(_FIRST_NAMES), draw.choice(_LAST_NAMES)
        return f"{first}.{last}{draw.randrange(100)}@example.com".lower()
    if command == "inputRandomNumber":
        return str(draw.randrange(10 ** (length - 1), 10**length))
    if command == "inputRandomText":
        return "".join(draw.choices(string.ascii_lowercase, k=length))
    raise ValueError(f"not a random input command: {command}")
