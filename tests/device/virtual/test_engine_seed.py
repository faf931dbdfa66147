"""Seeded app data: realistic, deterministic per seed, and lists that pick from other
apps' lists are generated after them."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from device.virtual.phone import PhoneConfig, VirtualPhone
from device.virtual.seed import seeded_data
from device.virtual.ui.apps import load_app, load_apps
from device.virtual.ui.errors import AppSpecError
from device.virtual.ui.schema import AppSpec


def app(package: str, seed: dict[str, Any], data: dict[str, Any] | None = None) -> AppSpec:
    return AppSpec.model_validate(
        {
            "package": package,
            "label": package.rsplit(".", 1)[-1],
            "activity": ".Main",
            "root": "main",
            "data": data or {},
            "seed": seed,
            "screens": {"main": {}},
        }
    )


# Messages come first on purpose: it picks from contacts, so contacts must be made first.
MESSAGES = app(
    "com.example.messages",
    {
        "threads": {
            "count": 6,
            "fields": {
                "who": "{pick:com.example.contacts:contacts.name}",
                "text": "{sentence}",
                "when": "{date}",
                "at": "{hour}:{minute:02}",
            },
        }
    },
)
CONTACTS = app(
    "com.example.contacts",
    {
        "contacts": {
            "count": 40,
            "fields": {
                "name": "{first_name} {last_name}",
                "phone": "{phone}",
                "email": "{email}",
                "initial": "{ref:name}",
                "hue": "{hue}",
                "n": "{index}",
                "about": "{paragraph}",
                "tag": "{word}",
                "title": "{words}",
            },
        },
        "favorites": {"count": 2, "fields": {"who": "{pick:contacts.name}"}},
    },
    {"contacts": [], "greeting": "hi"},
)


def plain(name: str) -> str:
    """'Chloé' -> 'chloe'."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()


def test_generated_records_look_real() -> None:
    data = seeded_data([MESSAGES, CONTACTS], 42)
    contacts = data["com.example.contacts"]["contacts"]
    assert isinstance(contacts, list) and len(contacts) == 40
    assert [c["id"] for c in contacts] == [str(n) for n in range(1, 41)]
    assert len({c["name"] for c in contacts}) == 40
    for contact in contacts:
        first, last = contact["name"].split(" ", 1)
        assert re.fullmatch(r"\+1 \d{3}-555-01\d\d", contact["phone"])
        assert contact["email"].split("@")[0] == f"{plain(first)}.{plain(last)}"
        assert contact["initial"] == contact["name"]
        assert 0 <= int(contact["hue"]) < 360
        assert contact["about"].count(".") + contact["about"].count("?") >= 3
    assert any(not c["name"].isascii() for c in contacts)  # a few names have accents
    assert data["com.example.contacts"]["greeting"] == "hi"
    names = {c["name"] for c in contacts}
    threads = data["com.example.messages"]["threads"]
    assert isinstance(threads, list)
    for thread in threads:
        assert thread["who"] in names
        assert re.fullmatch(r"[A-Z][a-z]{2} \d{1,2}", thread["when"])
        assert re.fullmatch(r"\d{1,2}:\d\d", thread["at"])
    favorites = data["com.example.contacts"]["favorites"]
    assert isinstance(favorites, list) and all(f["who"] in names for f in favorites)


def test_the_same_seed_gives_the_same_data() -> None:
    assert seeded_data([MESSAGES, CONTACTS], 1) == seeded_data([CONTACTS, MESSAGES], 1)
    assert seeded_data([MESSAGES, CONTACTS], 1) != seeded_data([MESSAGES, CONTACTS], 2)


def test_an_unknown_token_is_rejected_when_the_app_loads(tmp_path: Path) -> None:
    spec = json.loads(CONTACTS.model_dump_json(exclude_defaults=True))
    spec["seed"]["contacts"]["fields"]["phone"] = "{telephone}"
    (tmp_path / "contacts.json").write_text(json.dumps(spec), encoding="utf-8")
    with pytest.raises(
        AppSpecError,
        match=r"^contacts.json: seed.contacts.fields.phone: unknown token \{telephone\}",
    ):
        load_app(tmp_path / "contacts.json")


def test_every_built_in_app_boots_with_a_seed() -> None:
    apps = load_apps([])
    phone = VirtualPhone(PhoneConfig(seed=5))
    with phone.lock:
        for spec in apps:
            for name, seeded in spec.seed.items():
                records = phone.ui.store.data[spec.package][name]
                assert isinstance(records, list) and len(records) == seeded.count


def test_one_record_picks_one_source_record_and_spreads_over_the_sources() -> None:
    people = app(
        "com.example.people",
        {
            "people": {
                "count": 5,
                "fields": {"name": "{first_name} {last_name}", "phone": "{phone}"},
            }
        },
    )
    chats = app(
        "com.example.chats",
        {
            "chats": {
                "count": 5,
                "fields": {
                    "name": "{pick:com.example.people:people.name}",
                    "phone": "{pick:com.example.people:people.phone}",
                    "muted": "{choice:yes|no}",
                },
            }
        },
    )
    data = seeded_data([chats, people], seed=3)
    phones = {p["name"]: p["phone"] for p in data["com.example.people"]["people"]}  # type: ignore[index]
    chat_list = data["com.example.chats"]["chats"]
    assert isinstance(chat_list, list)
    assert all(phones[chat["name"]] == chat["phone"] for chat in chat_list)
    assert len({chat["name"] for chat in chat_list}) == 5  # every person once before repeats
    assert {chat["muted"] for chat in chat_list} <= {"yes", "no"}
