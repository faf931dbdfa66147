"""Laying out app pages directly (no engine): helpers for the widget tests, and checks that
every widget of a page lands inside the screen and draws in both themes."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageChops

from device.virtual.hierarchy import Node
from device.virtual.settings import Settings
from device.virtual.ui.apps import load_app, load_apps
from device.virtual.ui.boxes import Box, hit
from device.virtual.ui.context import LayoutContext, Metrics
from device.virtual.ui.engine import UiEngine
from device.virtual.ui.layout import app_window
from device.virtual.ui.render import render
from device.virtual.ui.schema import AppSpec
from device.virtual.ui.theme import DARK, LIGHT
from device.virtual.ui.tree import to_node
from device.virtual.ui.values import Scope

WIDTH, HEIGHT, DPI = 1080, 2400, 420
THEMES = {"light": LIGHT, "dark": DARK}


def app_json(screens: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """A minimal app definition around these screens (the first one is the root)."""
    return {
        "package": "com.example.widgets",
        "label": "Widgets",
        "activity": ".Main",
        "root": next(iter(screens)),
        "screens": screens,
        **extra,
    }


def load(tmp_path: Path, raw: dict[str, Any]) -> AppSpec:
    """The app as the phone loads it: written to a JSON file and checked."""
    path = tmp_path / "widgets.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    return load_app(path)


def page(
    app: AppSpec,
    screen: str,
    *,
    theme: str = "light",
    settings: Settings | None = None,
    state: dict[str, Any] | None = None,
    **fields: Any,
) -> LayoutContext:
    """The layout inputs of one page of the app, as the engine builds them."""
    scope = Scope(
        settings=settings or Settings(),
        state=dict(app.state) if state is None else state,
        data=dict(app.data),
        all_data={app.package: dict(app.data)},
    )
    ctx = LayoutContext(
        metrics=Metrics(DPI),
        theme=THEMES[theme],
        scope=scope,
        app=app,
        screen=screen,
        focused=None,
        installed=(),
        recent=(),
    )
    return replace(ctx, **fields)


def window(*pages: LayoutContext) -> tuple[Box, Node]:
    box = app_window(pages, WIDTH, HEIGHT)
    return box, to_node(box, pages[0].app.package, (0, 0, WIDTH, HEIGHT))


def nodes(root: Node, **match: Any) -> list[Node]:
    """Every node whose attributes equal the given ones."""
    return [n for n in root.walk() if all(getattr(n, k) == v for k, v in match.items())]


def one(root: Node, **match: Any) -> Node:
    found = nodes(root, **match)
    assert len(found) == 1, (match, [(n.cls, n.text, n.content_desc) for n in found])
    return found[0]


def shot(box: Box) -> Image.Image:
    return render([box], WIDTH, HEIGHT)


def differs(a: Image.Image, b: Image.Image, bounds: tuple[int, int, int, int]) -> bool:
    return ImageChops.difference(a.crop(bounds), b.crop(bounds)).getbbox() is not None


def has_ink(image: Image.Image, bounds: tuple[int, int, int, int]) -> bool:
    """Whether the area holds more than one colour."""
    colors = image.crop(bounds).getcolors(maxcolors=1 << 16)
    return colors is None or len(colors) > 1


def tap(box: Box, node: Node) -> Box:
    """The box a tap at the node's centre lands on."""
    found = hit(box, *node.center, (0, 0, WIDTH, HEIGHT), want="click")
    assert found is not None, node
    return found


EVERYTHING = app_json(
    {
        "main": {
            "title": "All widgets",
            "widgets": [
                {"type": "text", "text": "12,345", "style": "display", "align": "end"},
                {"type": "text", "text": "Headline", "style": "headline", "align": "center"},
                {"type": "icon_button", "icon": "star", "desc": "Star", "align": "end"},
                {"type": "slider", "bind": {"state": "volume"}, "label": "Volume"},
                {"type": "radio", "text": "Small", "bind": {"state": "size"}, "value": "s"},
                {"type": "checkbox", "text": "Bold", "bind": {"state": "bold"}},
                {
                    "type": "tabs",
                    "bind": {"state": "tab"},
                    "tabs": [{"text": "One", "value": "1"}, {"text": "Two", "value": "2"}],
                },
                {"type": "bubble", "text": "Hi there", "time": "9:41"},
                {"type": "bubble", "text": "Hello!", "outgoing": "1", "time": "9:42"},
                {
                    "type": "grid",
                    "columns": 4,
                    "cells": [
                        {"text": "7"},
                        {"icon": "backspace"},
                        {"text": "=", "style": "accent"},
                    ],
                },
                {"type": "text_field", "id": "name", "label": "Name"},
            ],
        }
    },
    state={"volume": "30", "size": "s", "bold": "1", "tab": "1", "name": ""},
)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_widget_lies_within_the_screen_and_draws(tmp_path: Path, theme: str) -> None:
    app = load(tmp_path, EVERYTHING)
    box, root = window(page(app, "main", theme=theme))
    image = shot(box)
    image.save(f"/tmp/widgets_all_{theme}.png")
    for node in root.walk():
        left, top, right, bottom = node.bounds
        assert 0 <= left < right <= WIDTH and 0 <= top < bottom <= HEIGHT, node
    for cls in (
        "android.widget.SeekBar",
        "android.widget.RadioButton",
        "android.widget.CheckBox",
        "android.widget.Button",
        "android.widget.ImageButton",
        "android.widget.EditText",
    ):
        for node in nodes(root, cls=cls):
            assert has_ink(image, node.bounds), node


def test_on_the_phone_a_tap_checks_a_radio_and_selects_a_tab(tmp_path: Path) -> None:
    raw = {**EVERYTHING, "package": "com.example.everything"}
    (tmp_path / "everything.json").write_text(json.dumps(raw), encoding="utf-8")
    engine = UiEngine(
        load_apps([tmp_path]),
        width_px=WIDTH,
        height_px=HEIGHT,
        density_dpi=DPI,
        settings=Settings(),
    )
    assert engine.launch("com.example.everything")

    def find(**match: Any) -> Node:
        return one(engine.windows()[0], **match)

    engine.tap(*find(cls="android.widget.CheckBox").center)
    assert not find(cls="android.widget.CheckBox").checked
    before = engine.render()
    two = find(cls="android.widget.LinearLayout", content_desc="Two")
    engine.tap(*two.center)
    assert find(cls="android.widget.LinearLayout", content_desc="Two").selected
    assert not find(cls="android.widget.LinearLayout", content_desc="One").selected
    assert differs(before, engine.render(), two.bounds)
