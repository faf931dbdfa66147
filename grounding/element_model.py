"""Find the UI elements in a whole screenshot: text lines, buttons, icons, switches, fields.

When an app's view tree is missing or useless (a game engine, a WebView, Flutter, a
screen read from a camera), the screenshot is all there is. A small anchor-free detector
(CenterNet style: a heatmap peak per element centre, with its size and sub-cell offset),
trained on synthetic screens of droidpilot's virtual phone whose view trees give exact
boxes (see `grounding/models/elements.md`), finds the elements and their kind in one
model run. `shrink` is the one definition of the model's pixels: the data generator
(`scripts/train/screen_data.py`) imports it, so training and run time see the same
pixels, and the trainer (`scripts/train/train_detector.py`) imports `CLASSES`.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from lexicon.onnx import LazyModel

__all__ = [
    "CLASSES",
    "INPUT_HEIGHT",
    "INPUT_WIDTH",
    "PREPROCESSING",
    "STRIDE",
    "Detection",
    "ElementDetector",
    "decode",
    "model_table",
    "prepare",
    "shared_detector",
    "shrink",
]

INPUT_WIDTH = 288
"""Width of the model's input in pixels. A screenshot of any size is resized to
INPUT_WIDTH x INPUT_HEIGHT without keeping its aspect: phones are 9:16 to 9:20, so the
stretch is at most ~10%, and one fixed shape keeps the model and its cost fixed. A
1080 px wide screen shrinks 3.75x, which leaves a 14sp text line (~37 px at 420 dpi)
~10 px tall: still a line, though no longer readable (OCR reads the crops)."""

INPUT_HEIGHT = 640
"""Height of the model's input in pixels: 288 x 640 is 9:20, the tallest common phone."""

STRIDE = 4
"""Input pixels per cell of the model's outputs: a 24dp icon is ~7 px in the input, so
one element centre per 4 px cell keeps neighbouring checkboxes and icons apart."""

PREPROCESSING = 1
"""Version of `shrink` and `prepare`, written into elements.json: a model only fits the
version it was trained with."""

CLASSES: tuple[str, ...] = (
    "text",
    "button",
    "icon_button",
    "icon",
    "image",
    "switch",
    "checkbox",
    "radio",
    "text_field",
    "tab",
)
"""The kinds of element the model tells apart, in the order of its heatmap channels
(the data generator imports this order); elements.md says what each means on Android."""

DEFAULT_THRESHOLD = 0.3
"""Peak score above which an element is reported: CenterNet's usual cut. The trainer's
metrics (elements.json) are measured at this threshold."""

_NMS_IOU = 0.6
"""Overlap above which a weaker detection of the same kind is a duplicate of a stronger
one. Peaks are already local maxima (the model's 3x3 max-pool), so only the odd second
peak on a long text line or a wide button is left to drop; kept high because real
neighbours (a checkbox inside its row, stacked text lines) overlap little."""

_SAME_PLACE_IOU = 0.7
"""Overlap above which detections of different kinds are one element read two ways (a check
box also scored as a radio button, an icon button as an icon): only the stronger is kept.
An element and what it holds (an icon in its button, a label in its field) overlap far
less than this."""

_MAX_DETECTIONS = 400
"""The most peaks decoded per screen: a dense settings list has ~150 elements, and a
cap keeps a model gone wrong (noise everywhere) from costing seconds of NMS."""

_MAX_LOG_SIZE = float(np.log(4 * max(INPUT_WIDTH, INPUT_HEIGHT)))
"""Largest log side the size head may say, in input pixels: a bound on exp() so a wild
output cannot overflow; no element is 4 screens long."""

_MODELS = Path(__file__).parent / "models"


def shrink(image: npt.NDArray[np.uint8]) -> npt.NDArray[np.uint8]:
    """A screenshot (RGB or BGR HxWx3, or gray HxW, uint8) as the model's gray pixels,
    uint8 (INPUT_HEIGHT, INPUT_WIDTH).

    Gray is the mean of the channels, the same for RGB and BGR, as callers hold either
    (PIL screenshots are RGB, OpenCV's BGR); the resize is INTER_AREA (an average, no
    aliasing of thin text strokes) and does not keep the aspect (see INPUT_WIDTH).
    """
    if image.ndim == 3 and image.shape[2] == 3:
        # Area resize is a per-channel average, so resizing before the channel mean
        # gives the same grey (up to rounding) for a tenth of the work.
        small = cv2.resize(image, (INPUT_WIDTH, INPUT_HEIGHT), interpolation=cv2.INTER_AREA)
        total = small.astype(np.uint16).sum(axis=2, dtype=np.uint16)
        gray: npt.NDArray[np.uint8] = ((total + 1) // 3).astype(np.uint8)
        return gray
    if image.ndim == 2:
        if image.shape == (INPUT_HEIGHT, INPUT_WIDTH):
            return np.ascontiguousarray(image, dtype=np.uint8)
        resized = cv2.resize(image, (INPUT_WIDTH, INPUT_HEIGHT), interpolation=cv2.INTER_AREA)
        return np.asarray(resized, dtype=np.uint8)
    raise ValueError(f"image of shape {image.shape}: expected HxW or HxWx3")


def prepare(image: npt.NDArray[np.uint8]) -> npt.NDArray[np.float32]:
    """A screenshot as the model's float32 (1, 1, INPUT_HEIGHT, INPUT_WIDTH) input in
    [-0.5, 0.5]: `shrink`'s grey over 255, centred."""
    gray = shrink(image)
    prepared: npt.NDArray[np.float32] = (gray.astype(np.float32) / np.float32(255.0)) - (
        np.float32(0.5)
    )
    return prepared[None, None]


def model_table() -> dict[str, object]:
    """What elements.json must say of a model for this code to read it: the trainer writes
    it, `ElementDetector` refuses a model whose table says otherwise."""
    return {
        "classes": list(CLASSES),
        "input_width": INPUT_WIDTH,
        "input_height": INPUT_HEIGHT,
        "stride": STRIDE,
        "preprocessing": PREPROCESSING,
    }


@dataclass(frozen=True)
class Detection:
    """One element found: its box (x0, y0, x1, y1) in the original image's pixels, its
    kind (a name in CLASSES) and the model's score for it (0-1)."""

    box: tuple[int, int, int, int]
    kind: str
    score: float


def _suppress(
    boxes: npt.NDArray[np.float32], kinds: npt.NDArray[np.intp], scores: npt.NDArray[np.float32]
) -> npt.NDArray[np.intp]:
    """Indices of the detections kept by greedy NMS, strongest first: within a kind at
    _NMS_IOU, across kinds at _SAME_PLACE_IOU."""
    order = np.argsort(-scores, kind="stable")
    boxes, kinds = boxes[order], kinds[order]
    areas = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
    # All pairwise overlaps at once: at most _MAX_DETECTIONS^2 floats.
    x0 = np.maximum(boxes[:, None, 0], boxes[None, :, 0])
    y0 = np.maximum(boxes[:, None, 1], boxes[None, :, 1])
    x1 = np.minimum(boxes[:, None, 2], boxes[None, :, 2])
    y1 = np.minimum(boxes[:, None, 3], boxes[None, :, 3])
    inter = np.clip(x1 - x0, 0, None) * np.clip(y1 - y0, 0, None)
    iou = inter / np.maximum(areas[:, None] + areas[None, :] - inter, 1e-6)
    clash = ((iou > _NMS_IOU) & (kinds[:, None] == kinds[None, :])) | (iou > _SAME_PLACE_IOU)
    keep = np.ones(len(order), dtype=bool)
    for i in range(len(order)):
        if keep[i]:
            keep[i + 1 :] &= ~clash[i, i + 1 :]
    kept: npt.NDArray[np.intp] = order[keep]
    return kept


def decode(
    peaks: npt.NDArray[np.float32],
    size: npt.NDArray[np.float32],
    offset: npt.NDArray[np.float32],
    scale: tuple[float, float],
    threshold: float = DEFAULT_THRESHOLD,
) -> list[Detection]:
    """The detections in one screen's model outputs, strongest first.

    `peaks` (C, H, W) is the class heatmap, zero except at local maxima; `size` (2, H, W)
    the log width and height in input pixels; `offset` (2, H, W) the centre's position
    within its cell (x, y, in cells); `scale` (sx, sy) the original image's pixels per
    input pixel. Boxes are cut to the screen's edges. A leading batch axis of 1 is
    accepted on all three.
    """
    if peaks.ndim == 4:
        peaks, size, offset = peaks[0], size[0], offset[0]
    kinds, rows, columns = np.nonzero(peaks > threshold)
    if len(kinds) == 0:
        return []
    scores = peaks[kinds, rows, columns].astype(np.float32)
    if len(scores) > _MAX_DETECTIONS:
        best = np.argpartition(-scores, _MAX_DETECTIONS)[:_MAX_DETECTIONS]
        kinds, rows, columns, scores = kinds[best], rows[best], columns[best], scores[best]
    cx = (columns + offset[0, rows, columns]) * STRIDE
    cy = (rows + offset[1, rows, columns]) * STRIDE
    half_w = np.exp(np.clip(size[0, rows, columns], 0.0, _MAX_LOG_SIZE)) / 2
    half_h = np.exp(np.clip(size[1, rows, columns], 0.0, _MAX_LOG_SIZE)) / 2
    sx, sy = scale
    # Boxes are cut to the screen: the size head may run a border element past its edge.
    x0 = np.clip(cx - half_w, 0, INPUT_WIDTH) * sx
    y0 = np.clip(cy - half_h, 0, INPUT_HEIGHT) * sy
    x1 = np.clip(cx + half_w, 0, INPUT_WIDTH) * sx
    y1 = np.clip(cy + half_h, 0, INPUT_HEIGHT) * sy
    boxes = np.stack([x0, y0, x1, y1], axis=1).astype(np.float32)
    kept = _suppress(boxes, kinds.astype(np.intp), scores)
    rounded = np.rint(boxes[kept]).astype(np.int64)
    return [
        Detection((int(b[0]), int(b[1]), int(b[2]), int(b[3])), CLASSES[int(k)], float(s))
        for b, k, s in zip(rounded, kinds[kept], scores[kept], strict=True)
    ]


class ElementDetector(LazyModel):
    """The element model, loaded once on first use: most sessions never need it."""

    def __init__(self, models: Path = _MODELS) -> None:
        super().__init__(models / "elements.onnx", models / "elements.json", threads=2)

    def _accept(self, table: dict[str, Any]) -> None:
        wrong = [
            f"{key} {table.get(key)!r} (this code: {value!r})"
            for key, value in model_table().items()
            if table.get(key) != value
        ]
        if wrong:
            raise ValueError(
                f"{self._table} was trained for another element_model: " + "; ".join(wrong)
            )

    def detect(
        self, image: npt.NDArray[np.uint8], threshold: float = DEFAULT_THRESHOLD
    ) -> list[Detection]:
        """The elements in a screenshot (RGB or BGR HxWx3, or gray HxW), strongest
        first, with boxes in the image's own pixels."""
        session = self._load()
        height, width = image.shape[:2]
        peaks, size, offset = session.run(None, {"image": prepare(image)})
        return decode(
            np.asarray(peaks, dtype=np.float32),
            np.asarray(size, dtype=np.float32),
            np.asarray(offset, dtype=np.float32),
            (width / INPUT_WIDTH, height / INPUT_HEIGHT),
            threshold,
        )


_SHARED: ElementDetector | None = None
_SHARED_LOCK = threading.Lock()


def shared_detector() -> ElementDetector:
    """The process-wide detector: every perceiver uses it, so the model loads once per
    process however many perceivers there are."""
    global _SHARED
    with _SHARED_LOCK:
        if _SHARED is None:
            _SHARED = ElementDetector()
        return _SHARED
