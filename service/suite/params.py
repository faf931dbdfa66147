"""Drawing a task's parameters for a seed: the same task and seed give the same values.

Picks read the phone's data (`vphone state`), so they follow the data the phone was
seeded with; everything else depends on the task id and the seed alone.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from service.suite.errors import TemplateError
from service.suite.model import (
    ChoiceParam,
    GenerateParam,
    Generator,
    IntParam,
    Pick,
    PickParam,
    Task,
)
from service.suite.template import ParamValue, fill

DataReader = Callable[[str], dict[str, object]]
"""Package -> the app's data, as `vphone state` prints it."""

_FIRST = (
    "Amara", "Bruno", "Chiara", "Dmitri", "Elif", "Farah", "Gustavo", "Hana", "Ingrid",
    "Jomo", "Kenji", "Leila", "Mateo", "Nadia", "Oskar", "Priya", "Quentin", "Rosa",
    "Soren", "Tamsin", "Ulla", "Viktor", "Wren", "Ximena", "Yusuf", "Zofia",
)  # fmt: skip
_LAST = (
    "Abara", "Brandt", "Castellano", "Dubois", "Eriksen", "Fontaine", "Gallagher",
    "Haddad", "Ivanova", "Jaramillo", "Kowalczyk", "Lindqvist", "Moreau", "Nakamura",
    "Okafor", "Petrov", "Quiroga", "Rasmussen", "Sandoval", "Takahashi", "Valdez",
)  # fmt: skip
_WORDS = (
    "lantern", "harbor", "meadow", "quartz", "saffron", "tundra", "velvet", "willow",
    "orbit", "pebble", "cinder", "marble", "juniper", "falcon", "ember", "glacier",
)  # fmt: skip
_AREAS = ("212", "312", "415", "503", "617", "650", "720", "919")


def draw_params(task: Task, seed: int, read_data: DataReader) -> dict[str, ParamValue]:
    """The task's parameters for this seed, in the order the task lists them."""
    rng = random.Random(f"{task.id}:{seed}")
    drawn: dict[str, ParamValue] = {}
    for name, param in task.params.items():
        match param:
            case ChoiceParam(choice=choice):
                options: list[str | dict[str, str]] = [*choice]
                picked = rng.choice(options)
                drawn[name] = picked if isinstance(picked, str) else dict(picked)
            case IntParam(bounds=(low, high), step=step):
                drawn[name] = str(rng.randrange(low, high + 1, step))
            case GenerateParam(generate=generator):
                drawn[name] = generate(generator, rng)
            case PickParam(pick=pick):
                drawn[name] = _pick(task, name, pick, drawn, rng, read_data)
    return drawn


def generate(generator: Generator, rng: random.Random) -> str:
    """A made-up value of this kind."""
    match generator:
        case "first_name":
            return rng.choice(_FIRST)
        case "last_name":
            return rng.choice(_LAST)
        case "full_name":
            return f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
        case "phone":
            return f"{rng.choice(_AREAS)}-555-{rng.randrange(100, 10000):04}"
        case "word":
            return rng.choice(_WORDS)
        case "sentence":
            words = rng.sample(_WORDS, 4)
            return " ".join(words).capitalize()


def _pick(
    task: Task,
    name: str,
    pick: Pick,
    drawn: dict[str, ParamValue],
    rng: random.Random,
    read_data: DataReader,
) -> dict[str, str]:
    where = f"task {task.id!r}, parameter {name!r}"
    records = read_data(pick.app).get(pick.items)
    if not isinstance(records, list):
        raise TemplateError(f"{where}: {pick.app} has no data list {pick.items!r}")
    wanted = {key: fill(value, drawn).strip().lower() for key, value in pick.where.items()}
    avoid = set()
    for other in pick.unlike:
        value = drawn.get(other)
        if not isinstance(value, dict):
            raise TemplateError(f"{where}: 'unlike' names {other!r}, not an earlier record")
        avoid.add(value.get("id"))
    candidates = [
        {key: str(value) for key, value in record.items()}
        for record in records
        if isinstance(record, dict)
        and all(str(record.get(key, "")).strip().lower() == value for key, value in wanted.items())
        and record.get("id") not in avoid
    ]
    if not candidates:
        raise TemplateError(
            f"{where}: no record of {pick.app} {pick.items!r} matches {pick.where or 'anything'}"
        )
    if pick.sort_by is not None:
        key = pick.sort_by
        candidates.sort(key=lambda record: record.get(key, "").lower())
    match pick.at:
        case "first":
            return candidates[0]
        case "last":
            return candidates[-1]
        case "middle":
            return candidates[len(candidates) // 2]
        case "random":
            return rng.choice(candidates)
