"""The icon recogniser: its input preparation, its class table, and the shipped model."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt
import pytest

from grounding import icon_model
from grounding.icon_model import INPUT_SIZE, PREPROCESSING, IconRecogniser, prepare
from lexicon.icons import ICONS
from lexicon.onnx import create_session

_MODELS = Path(icon_model.__file__).parent / "models"


def _glyph(light_on_dark: bool, size: tuple[int, int] = (48, 64)) -> npt.NDArray[np.uint8]:
    """A plus sign (two bars) in a button's bounds, in either theme."""
    background, ink = (30, 230) if light_on_dark else (245, 40)
    crop = np.full((*size, 3), background, dtype=np.uint8)
    cy, cx = size[0] // 2, size[1] // 2
    crop[cy - 2 : cy + 2, cx - 10 : cx + 10] = ink
    crop[cy - 10 : cy + 10, cx - 2 : cx + 2] = ink
    return crop


def _bars(count: int) -> npt.NDArray[np.uint8]:
    """`count` horizontal bars, 2dp thick and 18dp wide at 2x density: menu's shape."""
    crop = np.full((96, 96, 3), 250, dtype=np.uint8)
    for row in np.linspace(36, 60, count):
        cv2.rectangle(crop, (30, int(row) - 2), (66, int(row) + 2), (60, 60, 60), -1)
    return crop


def test_prepare_gives_one_square_float_image() -> None:
    for crop in (_glyph(False), _glyph(False)[..., 0], _glyph(False, (17, 90))):
        tensor = prepare(crop)
        assert tensor.shape == (1, 1, INPUT_SIZE, INPUT_SIZE)
        assert tensor.dtype == np.float32
        assert -0.5 <= float(tensor.min()) < float(tensor.max()) <= 0.5


def test_prepare_makes_themes_alike() -> None:
    light, dark = prepare(_glyph(False)), prepare(_glyph(True))
    assert float(np.abs(light - dark).max()) < 0.05
    assert float(light[0, 0, 0, 0]) == pytest.approx(0.5, abs=0.02)  # background is light


def test_prepare_reads_rgb_and_bgr_alike() -> None:
    crop = _glyph(False)
    crop[..., 0] = 200  # a tinted surface
    np.testing.assert_array_equal(prepare(crop), prepare(crop[..., ::-1].copy()))


def test_prepare_keeps_a_flat_crop_flat() -> None:
    # Noise of a few grey levels (a flat JPEG'd surface) stays near the background's 0.5.
    noisy = np.random.default_rng(0).normal(128, 1.5, (40, 40)).clip(0, 255).astype(np.uint8)
    assert float(prepare(noisy).min()) > 0.0


def test_prepare_refuses_what_is_no_image() -> None:
    with pytest.raises(ValueError, match="expected HxW"):
        prepare(np.zeros((2, 2, 2, 2), dtype=np.uint8))
    with pytest.raises(ValueError, match="empty crop"):
        prepare(np.zeros((0, 5), dtype=np.uint8))


def test_the_class_table_fits_prepare_and_the_lexicon() -> None:
    table = json.loads((_MODELS / "icons.json").read_text(encoding="utf-8"))
    assert table["input_size"] == INPUT_SIZE
    assert table["preprocessing"] == PREPROCESSING
    keys = {icon.key for icon in ICONS}
    classes = table["classes"]
    assert len(classes) >= 151
    assert classes[-1]["symbol"] == "unknown"
    assert len({c["symbol"] for c in classes}) == len(classes)
    assert {c["key"] for c in classes if c["key"] is not None} <= keys


@pytest.fixture(scope="module")
def recogniser() -> IconRecogniser:
    return IconRecogniser()


def test_the_model_loads_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Path] = []

    def counting(path: Path, *, threads: int) -> Any:
        calls.append(path)
        return create_session(path, threads=threads)

    monkeypatch.setattr("lexicon.onnx.create_session", counting)  # where LazyModel calls it
    fresh = IconRecogniser()
    assert not fresh.loaded
    workers = [threading.Thread(target=fresh.classify, args=([_glyph(False)],)) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    fresh.classify([_glyph(True)])
    assert fresh.loaded
    assert calls == [_MODELS / "icons.onnx"]


def test_a_batch_gives_one_ranking_per_crop(recogniser: IconRecogniser) -> None:
    crops = [_glyph(False), _glyph(True), _bars(3), np.full((30, 30, 3), 90, dtype=np.uint8)]
    results = recogniser.classify(crops, top=5)
    assert len(results) == len(crops)
    for guesses in results:
        probabilities = [guess.probability for guess in guesses]
        assert len(guesses) == 5
        assert probabilities == sorted(probabilities, reverse=True)
        assert 0.0 <= sum(probabilities) <= 1.0 + 1e-5
    assert recogniser.classify([]) == []


def test_a_blank_crop_is_no_icon(recogniser: IconRecogniser) -> None:
    (best, *_), *_ = recogniser.classify([np.full((48, 48, 3), 200, dtype=np.uint8)])
    assert best.symbol == "unknown" or best.probability < 0.5


def test_drawn_shapes_read_as_their_icons(recogniser: IconRecogniser) -> None:
    plus, menu = recogniser.classify([_glyph(False), _bars(3)])
    assert "add" in {guess.key for guess in plus}
    assert "drawer" in {guess.key for guess in menu}
