"""Name the icon in a crop of the screen: the pixels of an unlabelled ImageButton, say.

Many apps leave icon buttons without a content-desc, and OCR reads nothing or noise in
a glyph. A small CNN, trained on renders of Material Icons and Material Symbols (the
fonts Android apps draw their icons from, see `grounding/models/icons.md`), names the
glyph as one of the icons apps use most, or `unknown`. `prepare` is the one definition
of the model's input: the trainer (`scripts/train/train_icons.py`) imports it, so
training and run time see the same pixels.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from lexicon.onnx import LazyModel

__all__ = [
    "INPUT_SIZE",
    "PREPROCESSING",
    "IconGuess",
    "IconRecogniser",
    "prepare",
    "shared_recogniser",
]

INPUT_SIZE = 40
"""Side of the model's square input in pixels: a 24dp icon in a 48dp button at mdpi is
48 px, so 40 px keeps every stroke of a Material glyph (2dp wide) at least 1 px wide."""

PREPROCESSING = 1
"""Version of `prepare`, written into icons.json: a model only fits the version it was
trained with."""

_MIN_CONTRAST = 24.0
"""Grey levels below which a crop's spread is noise, not ink: disabled icons are drawn at
38% opacity (Material's disabled alpha), which on white still spreads ~100 levels, while
JPEG and sensor noise on a flat crop stay within ~10. A flat crop is not stretched."""

_MODELS = Path(__file__).parent / "models"


def prepare(crop: npt.NDArray[np.uint8]) -> npt.NDArray[np.float32]:
    """A crop (RGB or BGR HxWx3, or gray HxW, uint8) as the model's (1, 1, S, S) input.

    Gray is the mean of the channels, the same for RGB and BGR, as callers hold either
    (PIL screenshots are RGB, OpenCV's BGR), and an icon is a shape, not a colour. The
    crop is padded to a square with its border's grey (buttons are rarely square, the
    glyph keeps its aspect), resized to S, stretched to the full range, and its polarity
    made dark glyph on light: Android draws the same icon dark on light themes and light
    on dark ones, on coloured chips and FABs, and the border (background) is lighter or
    darker than the centre (glyph) accordingly.
    """
    if crop.ndim == 3:
        gray = crop.astype(np.float32).mean(axis=2)
    elif crop.ndim == 2:
        gray = crop.astype(np.float32)
    else:
        raise ValueError(f"crop of shape {crop.shape}: expected HxW or HxWx3")
    height, width = gray.shape
    if height == 0 or width == 0:
        raise ValueError(f"empty crop of shape {crop.shape}")
    border = np.concatenate([gray[0], gray[-1], gray[:, 0], gray[:, -1]])
    background = float(np.median(border))
    side = max(height, width)
    top, left = (side - height) // 2, (side - width) // 2
    square = np.full((side, side), background, dtype=np.float32)
    square[top : top + height, left : left + width] = gray
    interpolation = cv2.INTER_AREA if side > INPUT_SIZE else cv2.INTER_LINEAR
    image = cv2.resize(square, (INPUT_SIZE, INPUT_SIZE), interpolation=interpolation)
    quarter = INPUT_SIZE // 4
    centre = float(image[quarter:-quarter, quarter:-quarter].mean())
    if centre > background:
        image = 255.0 - image
    low, high = np.percentile(image, (1.0, 99.0))
    spread = max(float(high - low), _MIN_CONTRAST)
    # The lightest level (the background) maps to 0.5, the darkest ink to -0.5; a flat
    # crop stays near 0.5 instead of having its noise stretched into shapes.
    image = np.clip(0.5 - (float(high) - image) / spread, -0.5, 0.5)
    prepared: npt.NDArray[np.float32] = image.astype(np.float32)[None, None]
    return prepared


@dataclass(frozen=True)
class IconGuess:
    """One reading of a crop: the icon's symbol and human name, its lexicon key if any."""

    symbol: str
    name: str
    key: str | None
    probability: float


@dataclass(frozen=True)
class _Class:
    symbol: str
    name: str
    key: str | None


class IconRecogniser(LazyModel):
    """The icon model, loaded once on first use: most sessions never need it."""

    def __init__(self, models: Path = _MODELS) -> None:
        super().__init__(models / "icons.onnx", models / "icons.json", threads=1)
        self._classes: tuple[_Class, ...] = ()

    def _accept(self, table: dict[str, Any]) -> None:
        if table["input_size"] != INPUT_SIZE or table["preprocessing"] != PREPROCESSING:
            raise ValueError(f"{self._table} was trained for another prepare()")
        self._classes = tuple(_Class(c["symbol"], c["name"], c["key"]) for c in table["classes"])

    def classify(
        self, crops: Sequence[npt.NDArray[np.uint8]], top: int = 3
    ) -> list[list[IconGuess]]:
        """The `top` likeliest icons for each crop, likeliest first, in one model run.

        One batched run costs little more than one crop: a screen's unlabelled buttons
        are classified together.
        """
        if not crops:
            return []
        session = self._load()
        batch = np.concatenate([prepare(crop) for crop in crops])
        (probabilities,) = session.run(None, {session.get_inputs()[0].name: batch})
        guesses: list[list[IconGuess]] = []
        for row in np.asarray(probabilities, dtype=np.float32):
            best = np.argsort(-row, kind="stable")[:top]
            guesses.append(
                [
                    IconGuess(
                        self._classes[i].symbol,
                        self._classes[i].name,
                        self._classes[i].key,
                        float(row[i]),
                    )
                    for i in best
                ]
            )
        return guesses


_SHARED: IconRecogniser | None = None
_SHARED_LOCK = threading.Lock()


def shared_recogniser() -> IconRecogniser:
    """The process-wide recogniser: every perceiver uses it, so the model loads once per
    process however many perceivers there are (one per screen in the benches)."""
    global _SHARED
    with _SHARED_LOCK:
        if _SHARED is None:
            _SHARED = IconRecogniser()
        return _SHARED
