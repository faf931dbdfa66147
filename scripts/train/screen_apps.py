"""Random apps for the detector's training screens: pages of the virtual phone's widgets
in random mixes, with random words and icons.

The phone's own eight apps show few radio buttons, checkboxes and text fields, and
always in the same places; real apps put any widget anywhere. Each generated app is an
ordinary app definition (`device/virtual/ui/schema.py`) that the phone loads from a
folder, so its pixels and boxes come from the same renderer as every other app's.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from device.virtual.seed import FIRST_NAMES, LAST_NAMES, SENTENCES, WORDS
from device.virtual.ui.fonts import icon_codepoints

_ICONS = sorted(icon_codepoints())


def _words(rng: random.Random, low: int = 1, high: int = 3) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))
    return text[0].upper() + text[1:]


def _icon(rng: random.Random) -> str:
    return rng.choice(_ICONS)


def _row(rng: random.Random, n: str) -> dict[str, Any]:
    row: dict[str, Any] = {"type": "row", "title": _words(rng)}
    if rng.random() < 0.5:
        row["summary"] = rng.choice(SENTENCES) if rng.random() < 0.3 else _words(rng, 2, 5)
    lead = rng.random()
    if lead < 0.4:
        row["icon"] = _icon(rng)
    elif lead < 0.6:
        row["avatar"] = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        row["title"] = row["avatar"]
    trail = rng.random()
    if trail < 0.3:
        row["switch"] = {"state": f"s{n}"}
    elif trail < 0.45:
        row["checkbox"] = {"state": f"c{n}"}
    elif trail < 0.6:
        row["trailing_icon"] = _icon(rng)
        row["trailing_desc"] = _words(rng, 1, 2)
        row["on_trailing_click"] = [{"do": "toast", "text": "ok"}]
    if rng.random() < 0.1:
        row["enabled"] = False
    if "switch" not in row and "checkbox" not in row:
        row["on_click"] = [{"do": "toast", "text": row["title"]}]
    return row


def _widget(rng: random.Random, n: str) -> list[dict[str, Any]]:
    """One widget (or a group, such as a radio list) of a random kind."""
    kind = rng.choices(
        (
            "row",
            "field",
            "button",
            "icon",
            "radio",
            "checkbox",
            "tabs",
            "text",
            "grid",
            "slider",
            "header",
        ),
        weights=(6, 2, 2, 1, 1.5, 1.5, 0.7, 2, 0.8, 0.5, 1),
    )[0]
    if kind == "row":
        return [_row(rng, n)]
    if kind == "field":
        style = rng.choice(("search", "outlined", "plain"))
        field: dict[str, Any] = {
            "type": "text_field",
            "id": f"f{n}",
            "style": style,
            "hint": _words(rng, 1, 3),
        }
        if style != "search" and rng.random() < 0.5:
            field["label"] = _words(rng, 1, 2)
        return [field]
    if kind == "button":
        button: dict[str, Any] = {
            "type": "button",
            "text": _words(rng, 1, 2),
            "style": rng.choice(("filled", "tonal", "outlined", "text")),
        }
        if rng.random() < 0.3:
            button["icon"] = _icon(rng)
        return [{**button, "on_click": [{"do": "toast", "text": "ok"}]}]
    if kind == "icon":
        return [
            {
                "type": "icon_button",
                "icon": _icon(rng),
                "desc": _words(rng, 1, 2),
                "align": rng.choice(("start", "center", "end")),
                "on_click": [{"do": "toast", "text": "ok"}],
            }
        ]
    if kind == "radio":
        return [
            {
                "type": "radio",
                "text": _words(rng, 1, 3),
                "bind": {"state": f"r{n}"},
                "value": str(i),
            }
            for i in range(rng.randint(2, 5))
        ]
    if kind == "checkbox":
        return [
            {"type": "checkbox", "text": _words(rng, 1, 4), "bind": {"state": f"k{n}_{i}"}}
            for i in range(rng.randint(1, 4))
        ]
    if kind == "tabs":
        count = rng.randint(2, 4)
        return [
            {
                "type": "tabs",
                "bind": {"state": f"t{n}"},
                "tabs": [{"text": _words(rng, 1, 1), "value": str(i)} for i in range(count)],
            }
        ]
    if kind == "text":
        style = rng.choice(("body", "caption", "headline", "display", "body"))
        text = rng.choice(SENTENCES) if style in ("body", "caption") else _words(rng, 1, 3)
        return [
            {
                "type": "text",
                "text": text,
                "style": style,
                "align": rng.choice(("start", "center", "end", "start")),
            }
        ]
    if kind == "grid":
        cells = []
        for i in range(rng.randint(2, 9)):
            if rng.random() < 0.6:
                cells.append({"image": f"{n}-{i}-{rng.random()}", "desc": _words(rng)})
            else:
                cells.append({"text": _words(rng, 1, 1), "icon": _icon(rng)})
        return [{"type": "grid", "columns": rng.randint(2, 4), "cells": cells}]
    if kind == "slider":
        return [
            {
                "type": "slider",
                "bind": {"state": f"v{n}"},
                "label": _words(rng, 1, 2),
                "icon": _icon(rng),
            }
        ]
    return [{"type": rng.choice(("header", "category")), "text": _words(rng, 1, 3)}]


def _screen(rng: random.Random, name: str, others: list[str]) -> dict[str, Any]:
    widgets: list[dict[str, Any]] = []
    for n in range(rng.randint(3, 12)):
        widgets += _widget(rng, f"{name}_{n}")
    screen: dict[str, Any] = {
        "title": _words(rng, 1, 3),
        "toolbar": rng.choice(("up", "title", "none", "up")),
        "widgets": widgets,
    }
    if rng.random() < 0.6:
        screen["actions"] = [
            {
                "icon": _icon(rng),
                "desc": _words(rng, 1, 2),
                "on_click": [{"do": "toast", "text": "ok"}],
            }
            for _ in range(rng.randint(1, 3))
        ]
    if rng.random() < 0.4:
        screen["menu"] = [{"text": _words(rng, 1, 2)} for _ in range(rng.randint(2, 5))]
    if rng.random() < 0.3:
        fab: dict[str, Any] = {"icon": _icon(rng), "desc": _words(rng, 1, 2)}
        if rng.random() < 0.4:
            fab["text"] = _words(rng, 1, 2)
        screen["fab"] = fab
    if rng.random() < 0.3 and others:
        screen["bottom_nav"] = [
            {"icon": _icon(rng), "label": _words(rng, 1, 1), "screen": other}
            for other in [name, *others][: rng.randint(3, 5)]
        ]
    if rng.random() < 0.4 and others:
        widgets.append(
            {
                "type": "row",
                "title": _words(rng),
                "on_click": [{"do": "open", "screen": rng.choice(others)}],
            }
        )
    return screen


def random_app(rng: random.Random, index: int) -> dict[str, Any]:
    """An app of 3-6 pages and a dialog, each of random widgets."""
    names = [f"page{i}" for i in range(rng.randint(3, 6))]
    screens = {name: _screen(rng, name, [o for o in names if o != name]) for name in names}
    dialog = _screen(rng, "dialog", [])
    dialog = {
        "title": dialog["title"],
        "kind": "dialog",
        "widgets": dialog["widgets"][:6],
        "footer": [
            {
                "type": "button",
                "text": _words(rng, 1, 1),
                "style": "text",
                "on_click": [{"do": "back"}],
            }
        ],
    }
    screens["dialog"] = dialog
    screens[names[0]]["widgets"].insert(
        rng.randint(0, len(screens[names[0]]["widgets"])),
        {"type": "row", "title": _words(rng), "on_click": [{"do": "open", "screen": "dialog"}]},
    )
    return {
        "package": f"com.example.generated{index}",
        "label": _words(rng, 1, 2),
        "activity": ".Main",
        "root": names[0],
        "screens": screens,
    }


def write_apps(folder: Path, count: int, seed: str) -> Path:
    """`count` random apps as JSON files in `folder`."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        path = folder / f"generated{index}.json"
        path.write_text(json.dumps(random_app(rng, index)), encoding="utf-8")
    return folder
