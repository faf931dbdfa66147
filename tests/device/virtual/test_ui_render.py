"""Pixels and layout: what is drawn matches the view tree, at any screen size."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
from PIL import ImageChops

from device.virtual.hierarchy import Node
from device.virtual.settings import Settings
from device.virtual.ui import engine as engine_module
from device.virtual.ui.apps import load_apps
from device.virtual.ui.engine import UiEngine
from device.virtual.ui.render import render as real_render

SHOTS = Path("/tmp/ui_shots")
SIZES = [(1080, 2400, 420), (720, 1280, 320)]


def make(
    width: int = 1080, height: int = 2400, dpi: int = 420, settings: Settings | None = None
) -> UiEngine:
    return UiEngine(
        load_apps([]),
        width_px=width,
        height_px=height,
        density_dpi=dpi,
        settings=settings or Settings(),
    )


def find(engine: UiEngine, text: str) -> Node:
    for window in engine.windows():
        for node in window.walk():
            if text in (node.text, node.content_desc):
                return node
    raise AssertionError(f"{text!r} not on screen")


def goto(engine: UiEngine, *texts: str) -> None:
    for text in texts:
        engine.tap(*find(engine, text).center)


def check_bounds(node: Node, parent: tuple[int, int, int, int]) -> None:
    left, top, right, bottom = node.bounds
    assert parent[0] <= left < right <= parent[2], node
    assert parent[1] <= top < bottom <= parent[3], node
    for child in node.children:
        check_bounds(child, node.bounds)


def check_no_overlap(node: Node) -> None:
    if node.scrollable:
        rows = sorted((child.bounds for child in node.children), key=lambda b: b[1])
        for upper, lower in itertools.pairwise(rows):
            assert upper[3] <= lower[1], (upper, lower)
    for child in node.children:
        check_no_overlap(child)


@pytest.mark.parametrize(("width", "height", "dpi"), SIZES)
def test_every_node_lies_within_the_screen_and_its_parent(
    width: int, height: int, dpi: int
) -> None:
    engine = make(width, height, dpi)
    engine.launch("com.android.settings")
    for _ in range(3):
        for window in engine.windows():
            check_bounds(window, (0, 0, width, height))
            check_no_overlap(window)
        engine.swipe(width // 2, height * 3 // 4, width // 2, height // 4, 300)
    engine.launch("com.android.settings", ".Settings$WifiSettingsActivity")
    for window in engine.windows():
        check_bounds(window, (0, 0, width, height))
        check_no_overlap(window)


@pytest.mark.parametrize(("width", "height", "dpi"), SIZES)
def test_render_has_the_screen_size(width: int, height: int, dpi: int) -> None:
    image = make(width, height, dpi).render()
    assert image.size == (width, height) and image.mode == "RGB"


def wifi_icon_area(engine: UiEngine) -> tuple[int, int, int, int]:
    status_bar = engine.windows()[1]
    return (status_bar.bounds[2] // 2, 0, status_bar.bounds[2], status_bar.bounds[3])


def test_status_bar_wifi_icon_follows_the_setting() -> None:
    settings = Settings()
    engine = make(settings=settings)
    engine.launch("com.android.settings")
    area = wifi_icon_area(engine)
    off = engine.render().crop(area)
    settings.put("global", "wifi_on", "1")
    on = engine.render().crop(area)
    assert ImageChops.difference(off, on).getbbox() is not None
    settings.put("global", "wifi_on", "0")
    assert ImageChops.difference(off, engine.render().crop(area)).getbbox() is None


def test_dark_theme_darkens_the_background() -> None:
    settings = Settings()
    engine = make(settings=settings)
    engine.launch("com.android.settings")
    spot = (5, 1200)
    light = engine.render().getpixel(spot)
    settings.put("secure", "ui_night_mode", "2")
    dark = engine.render().getpixel(spot)
    assert isinstance(light, tuple) and isinstance(dark, tuple)
    assert sum(light) > 600 and sum(dark) < 100


def test_typed_text_is_drawn_where_the_field_is() -> None:
    engine = make()
    goto(engine, "Settings")
    field = next(
        n for w in engine.windows() for n in w.walk() if n.cls == "android.widget.EditText"
    )
    before = engine.render().crop(field.bounds)
    engine.set_text(field.key, "Grüße 你好")
    after = engine.render().crop(field.bounds)
    assert ImageChops.difference(before, after).getbbox() is not None


def test_render_draws_a_frame_once_and_again_only_when_it_changed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    engine = make()
    goto(engine, "Settings")
    drawn: list[int] = []

    def counting(*args: Any) -> Any:
        drawn.append(1)
        return real_render(*args)

    monkeypatch.setattr(engine_module, "render", counting)
    first = engine.render()
    assert engine.render().tobytes() == first.tobytes() and len(drawn) == 1  # from the cache
    engine.swipe(540, 1800, 540, 1200, 100)  # the list scrolls: a new frame
    assert engine.render().tobytes() != first.tobytes() and len(drawn) == 2


@pytest.mark.parametrize(("width", "height", "dpi"), SIZES)
@pytest.mark.parametrize("theme", ["1", "2"])
def test_save_screenshots(width: int, height: int, dpi: int, theme: str) -> None:
    """Writes PNGs of every main screen to /tmp/ui_shots/ for a person to look at."""
    settings = Settings()
    settings.put("secure", "ui_night_mode", theme)
    settings.put("global", "wifi_on", "1")
    engine = make(width, height, dpi, settings)
    SHOTS.mkdir(exist_ok=True)
    name = f"{width}x{height}-{'dark' if theme == '2' else 'light'}"
    engine.render().save(SHOTS / f"{name}-launcher.png")
    goto(engine, "Settings")
    engine.render().save(SHOTS / f"{name}-settings.png")
    goto(engine, "Network & internet", "Internet")
    engine.render().save(SHOTS / f"{name}-internet.png")
    assert find(engine, "HomeNet-5G")
