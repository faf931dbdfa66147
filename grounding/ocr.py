"""Text from pixels: RapidOCR (PP-OCRv6 ONNX models: the text detector in RapidOCR's wheel, the
tiny recogniser in `grounding/models`) on the regions that need it.

OCR is the costly part of perception, so it runs only where asked (regions the
hierarchy does not explain, or the whole frame without one), skips uniform bands
(background between list rows), detects text on a scaled-down copy while
recognising the full-resolution crops, and remembers each block's result by a hash
of its pixels, so that an unchanged block on the next frame costs nothing.
The models load once per process, on first use.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from aci import Element, Role
from grounding.config import GroundingConfig
from grounding.errors import GroundingError
from lexicon import onnx  # sets ORT_DISABLE_TELEMETRY before RapidOCR imports onnxruntime
from lexicon.errors import ModelError
from lexicon.text import is_cjk

__all__ = ["Box", "Ocr", "OcrLine", "OcrStats", "OcrWord", "ocr_elements"]

logger = logging.getLogger(__name__)

Box = tuple[int, int, int, int]
"""[x1, y1, x2, y2] in pixels of the frame."""

_UNIFORM_RANGE = 10
"""A pixel row whose grey values span at most this much is background."""
_MIN_GAP_SHARE = 0.04
"""Blocks closer than this share of the frame's height are read together: reading fewer,
larger blocks costs less than many small ones, and wide gaps still split (so that a
change in one part of the screen leaves the other blocks' cached results valid)."""
_PAD_PX = 16
"""Background kept around a block so that text at its edge is still detected."""
_WORD_GAP = 0.45
"""A lone glyph further than this many line heights from the next word is not part of it."""
_MIN_BLOCK_PX = 8
"""Blocks thinner than this hold no readable text."""
_WRAP_GAP = 0.8
"""Lines closer than this many line heights, one under the other, may be one wrapped label:
line spacing is under half a line in any UI type scale; paragraphs and list rows sit
further apart."""
_TINY = Path(__file__).parent / "models" / "text_rec_tiny.onnx"
"""PP-OCRv6's tiny recogniser (card: `models/text_rec_tiny.md`); its characters, which the
model does not carry, are in `_TINY_KEYS`, one a line."""
_TINY_KEYS = _TINY.with_name("text_rec_tiny_keys.txt")


@dataclass(frozen=True)
class OcrWord:
    """One word of a recognised line."""

    text: str
    bounds: Box
    score: float


@dataclass(frozen=True)
class OcrLine:
    """One recognised line of text, with its words when the recogniser could place them."""

    text: str
    bounds: Box
    score: float
    words: tuple[OcrWord, ...] = ()

    def shifted(self, dx: int, dy: int, scale: float = 1.0) -> OcrLine:
        """The same line in another frame's pixels: scaled by `scale`, then moved by (dx, dy)."""
        return OcrLine(
            self.text,
            _shift(self.bounds, dx, dy, scale),
            self.score,
            tuple(
                OcrWord(word.text, _shift(word.bounds, dx, dy, scale), word.score)
                for word in self.words
            ),
        )


@dataclass
class OcrStats:
    """How much work the cache saved: blocks read fresh and blocks reused."""

    cache_hits: int = 0
    cache_misses: int = 0


class _Models:
    """RapidOCR with droidpilot's sessions; one per thread count and recogniser per process."""

    def __init__(self, threads: int, recogniser: str) -> None:
        from rapidocr import RapidOCR  # heavy; after lexicon.onnx, so telemetry is off

        tiny = recogniser == "tiny"
        params: dict[str, object] = {"Global.use_cls": False, "Global.log_level": "error"}
        if tiny:
            # Checked here: RapidOCR downloads a character list it cannot find.
            for path in (_TINY, _TINY_KEYS):
                if not path.is_file():
                    raise ModelError(f"{path} is missing: reinstall droidpilot")
            params["Rec.rec_keys_path"] = str(_TINY_KEYS)
        engine = RapidOCR(params=params)
        models = Path(engine.cfg.Global.model_root_dir)
        det = onnx.create_session(models / "PP-OCRv6_det_small.onnx", threads=threads)
        rec_path = _TINY if tiny else models / "PP-OCRv6_rec_small.onnx"
        rec = onnx.create_session(rec_path, threads=threads)
        if tiny:
            _check_keys(rec, _TINY_KEYS)
        # RapidOCR takes ready sessions in its config: it then never resolves or
        # downloads a model file itself.
        from omegaconf import flag_override

        with flag_override(engine.cfg, "allow_objects", True):
            engine.cfg.Det.session = det
            engine.cfg.Rec.session = rec
        engine.cfg.Det.limit_type = "max"
        self.engine = engine
        # One thread reads, for every caller: RapidOCR keeps per-call settings on itself,
        # and the models run fast there (`lexicon.onnx.model_thread`).
        self.thread = onnx.model_thread("ocr")

    def read(
        self, image: np.ndarray, *, det_side_px: int, max_side_px: int, text_score: float
    ) -> list[OcrLine]:
        def run() -> Any:
            self.engine.max_side_len = max_side_px
            detector = self.engine._load_det_model()  # type: ignore[no-untyped-call]
            detector.limit_side_len = det_side_px
            detector.limit_type = "max"
            return self.engine(image, return_word_box=True, text_score=text_score)

        try:
            result = self.thread.submit(run).result()
        except Exception as exc:  # RapidOCR and onnxruntime raise their own untyped errors
            raise GroundingError(f"OCR failed on a {image.shape} image: {exc}") from exc
        return _lines(result)


_MODELS: dict[tuple[int, str], _Models] = {}
_MODELS_LOCK = threading.Lock()


def _models(config: GroundingConfig) -> _Models:
    key = (config.ocr_threads, config.ocr_recogniser)
    with _MODELS_LOCK:
        models = _MODELS.get(key)
        if models is None:
            models = _MODELS[key] = _Models(*key)
        return models


def _check_keys(session: onnx.InferenceSession, keys: Path) -> None:
    """Refuse a character list that does not fit the model: CTC's classes are a blank, the
    list and a space, and a list of another length would misname every character."""
    classes = session.get_outputs()[0].shape[-1]  # an int, or a name for a dynamic size
    listed = len(keys.read_text(encoding="utf-8").splitlines())
    if classes != listed + 2:
        read = classes - 2 if isinstance(classes, int) else "an unstated number of"
        raise ModelError(f"{keys} lists {listed} characters; the model reads {read}")


class Ocr:
    """Reads text in regions of a frame; thread-safe; remembers results by the pixels read."""

    def __init__(self, config: GroundingConfig | None = None) -> None:
        self.config = config or GroundingConfig()
        self.stats = OcrStats()
        self._cache: OrderedDict[bytes, tuple[OcrLine, ...]] = OrderedDict()
        self._cache_lock = threading.Lock()

    def load(self) -> None:
        """Load the models now rather than on the first frame."""
        _models(self.config)

    def read(self, frame: np.ndarray, regions: Sequence[Box] | None = None) -> list[OcrLine]:
        """Lines of text in `regions` (default: the whole frame), in frame pixels, top to bottom.

        `frame` is an H x W x 3 BGR image, as OpenCV decodes one.
        """
        if frame.ndim != 3 or frame.shape[2] != 3:
            raise ValueError(f"frame must be H x W x 3 (BGR), got shape {frame.shape}")
        height, width = frame.shape[:2]
        scale = min(1.0, self.config.ocr_max_side_px / max(height, width))
        image = frame
        if scale < 1.0:
            size = (round(width * scale), round(height * scale))
            image = cv2.resize(frame, size, interpolation=cv2.INTER_AREA)
        det_scale = min(1.0, self.config.ocr_det_side_px / max(image.shape[:2]))
        gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
        wanted = [(0, 0, width, height)] if regions is None else list(regions)
        lines: list[OcrLine] = []
        min_gap = round(_MIN_GAP_SHARE * gray.shape[0])
        boxes = [_scaled(box, scale, image.shape) for box in wanted]
        for block in _blocks(gray, boxes, min_gap=min_gap):
            found = self._read_block(image, block, det_scale)
            lines.extend(line.shifted(block[0], block[1]) for line in found)
        if scale < 1.0:
            lines = [line.shifted(0, 0, 1.0 / scale) for line in lines]
        lines.sort(key=lambda line: (line.bounds[1], line.bounds[0]))
        return lines

    def _read_block(self, image: np.ndarray, block: Box, det_scale: float) -> tuple[OcrLine, ...]:
        x1, y1, x2, y2 = block
        crop = np.ascontiguousarray(image[y1:y2, x1:x2])
        key = _key(crop, det_scale)
        if self.config.ocr_cache_size:
            with self._cache_lock:
                cached = self._cache.get(key)
                if cached is not None:
                    self._cache.move_to_end(key)
                    self.stats.cache_hits += 1
                    return cached
        det_side = max(32, round(max(crop.shape[:2]) * det_scale))
        found = tuple(
            _models(self.config).read(
                crop,
                det_side_px=det_side,
                max_side_px=self.config.ocr_max_side_px,
                text_score=self.config.ocr_text_score,
            )
        )
        with self._cache_lock:
            self.stats.cache_misses += 1
            if self.config.ocr_cache_size:
                self._cache[key] = found
                while len(self._cache) > self.config.ocr_cache_size:
                    self._cache.popitem(last=False)
        return found


def ocr_elements(lines: Iterable[OcrLine]) -> list[Element]:
    """Elements for OCR lines: one per line, and one per label wrapped over two or three
    lines (a button's or a card's title set in lines of its own). A target naming words
    inside a line is grounded on that part of it (`grounding.ground`), so that a label of
    its own always outranks the same words inside a sentence."""
    ordered = sorted(lines, key=lambda line: (line.bounds[1], line.bounds[0]))
    elements = [_text_element(line.text, line.bounds) for line in ordered]
    for block in _wrapped(ordered):
        text = "\n".join(line.text for line in block)  # a line break: no one line of text
        elements.append(_text_element(text, _union([line.bounds for line in block])))
    return elements


def _wrapped(lines: Sequence[OcrLine]) -> list[tuple[OcrLine, ...]]:
    """Runs of two or three lines set as one label: each just below the last (a gap of less
    than `_WRAP_GAP` line heights), of a like height, and sharing most of its width."""
    below: dict[int, int] = {}
    for i, upper in enumerate(lines):
        for j in range(i + 1, min(len(lines), i + 8)):
            if _continues(upper, lines[j]):
                below[i] = j
                break
    blocks: list[tuple[OcrLine, ...]] = []
    for i in below:
        j = below[i]
        blocks.append((lines[i], lines[j]))
        if j in below:
            blocks.append((lines[i], lines[j], lines[below[j]]))
    return blocks


def _continues(upper: OcrLine, lower: OcrLine) -> bool:
    if not (_worded(upper.text) and _worded(lower.text)):
        return False  # a rating's stars or an icon's glyph is no part of a label
    ux1, uy1, ux2, uy2 = upper.bounds
    lx1, ly1, lx2, ly2 = lower.bounds
    uh, lh = uy2 - uy1, ly2 - ly1
    if uh <= 0 or lh <= 0 or not 0.6 <= lh / uh <= 1.6:
        return False
    gap = ly1 - uy2
    overlap = min(ux2, lx2) - max(ux1, lx1)
    narrower = min(ux2 - ux1, lx2 - lx1)
    return -0.3 * uh <= gap <= _WRAP_GAP * min(uh, lh) and overlap >= 0.5 * narrower


def _worded(text: str) -> bool:
    """Whether a reading holds a word: two letters or digits in a row, or a CJK character."""
    pairs = pairwise(text)
    return any(a.isalnum() and b.isalnum() for a, b in pairs) or any(map(is_cjk, text))


def _text_element(text: str, bounds: Box) -> Element:
    return Element(bounds=bounds, text=text, role=Role.TEXT, sources=("ocr",))


def _blocks(gray: np.ndarray, regions: Sequence[Box], *, min_gap: int) -> list[Box]:
    """Split each region into horizontal blocks of ink separated by uniform rows,
    each trimmed of uniform columns: the only pixels worth reading."""
    blocks: list[Box] = []
    for rx1, ry1, rx2, ry2 in regions:
        if rx2 - rx1 < _MIN_BLOCK_PX or ry2 - ry1 < _MIN_BLOCK_PX:
            continue
        region = gray[ry1:ry2, rx1:rx2]
        rows = _ink(region, axis=1)
        for top, bottom in _runs(rows, min_gap=min_gap):
            band = region[top:bottom]
            runs = _runs(_ink(band, axis=0), min_gap=region.shape[1])
            if not runs:  # ink spread over rows but no column holds two colours
                continue
            left, right = runs[0][0], runs[-1][1]
            if bottom - top < _MIN_BLOCK_PX // 2 or right - left < _MIN_BLOCK_PX // 2:
                continue
            blocks.append(
                (
                    rx1 + max(0, left - _PAD_PX),
                    ry1 + max(0, top - _PAD_PX),
                    rx1 + min(region.shape[1], right + _PAD_PX),
                    ry1 + min(region.shape[0], bottom + _PAD_PX),
                )
            )
    return blocks


def _ink(pixels: np.ndarray, *, axis: int) -> np.ndarray:
    """Which rows (axis=1) or columns (axis=0) hold more than one flat colour."""
    spread = pixels.max(axis=axis).astype(np.int16) - pixels.min(axis=axis).astype(np.int16)
    result: np.ndarray = spread > _UNIFORM_RANGE
    return result


def _runs(mask: np.ndarray, *, min_gap: int) -> list[tuple[int, int]]:
    """[start, end) runs of True in `mask`, joining runs closer than `min_gap`."""
    padded = np.concatenate([[False], mask, [False]])
    edges = np.flatnonzero(np.diff(padded.astype(np.int8)))
    runs: list[tuple[int, int]] = []
    for start, end in zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True):
        if runs and start - runs[-1][1] < min_gap:
            runs[-1] = (runs[-1][0], end)
        else:
            runs.append((start, end))
    return runs


def _scaled(box: Box, scale: float, shape: tuple[int, ...]) -> Box:
    height, width = shape[:2]
    x1, y1, x2, y2 = (round(value * scale) for value in box)
    return max(0, x1), max(0, y1), min(width, x2), min(height, y2)


def _shift(bounds: Box, dx: int, dy: int, scale: float) -> Box:
    x1, y1, x2, y2 = bounds
    return (
        round(x1 * scale) + dx,
        round(y1 * scale) + dy,
        round(x2 * scale) + dx,
        round(y2 * scale) + dy,
    )


def _key(crop: np.ndarray, det_scale: float) -> bytes:
    digest = hashlib.blake2b(crop.tobytes(), digest_size=16)
    digest.update(f"{crop.shape}|{det_scale:.4f}".encode())
    return digest.digest()


def _lines(result: Any) -> list[OcrLine]:
    """RapidOCR's output as lines with axis-aligned boxes (its boxes are quadrilaterals)."""
    texts = getattr(result, "txts", None)
    if not texts:
        return []
    words_per_line = getattr(result, "word_results", None) or ()
    if len(words_per_line) != len(texts):
        words_per_line = ((),) * len(texts)  # RapidOCR drops wordless lines: cannot pair them
    lines = []
    for quad, text, score, placed in zip(
        result.boxes, texts, result.scores, words_per_line, strict=True
    ):
        words = tuple(
            OcrWord(str(word[0]).strip(), _quad_box(word[2]), float(word[1]))
            for word in placed
            if word[2] is not None and str(word[0]).strip()
        )
        if not words:
            lines.append(OcrLine(str(text).strip(), _quad_box(quad), float(score)))
            continue
        # The detector's box is grown around the text; the words' boxes hug the ink.
        lines.extend(
            OcrLine(
                " ".join(word.text for word in group),
                _union([w.bounds for w in group]),
                float(score),
                group,
            )
            for group in _apart(words)
        )
    return lines


def _apart(words: tuple[OcrWord, ...]) -> list[tuple[OcrWord, ...]]:
    """The line's words, with a lone glyph at either end split off when a wide gap parts
    it from the rest: the detector joins an icon ("Q", "+") to the label beside it."""
    height = max(word.bounds[3] - word.bounds[1] for word in words)

    def alone(glyph: OcrWord, gap: int) -> bool:
        return len(glyph.text) == 1 and gap > _WORD_GAP * height

    head: list[tuple[OcrWord, ...]] = []
    tail: list[tuple[OcrWord, ...]] = []
    rest = list(words)
    if len(rest) > 1 and alone(rest[0], rest[1].bounds[0] - rest[0].bounds[2]):
        head.append((rest.pop(0),))
    if len(rest) > 1 and alone(rest[-1], rest[-1].bounds[0] - rest[-2].bounds[2]):
        tail.append((rest.pop(),))
    return [*head, tuple(rest), *tail]


def _union(boxes: Sequence[Box]) -> Box:
    return (
        min(box[0] for box in boxes),
        min(box[1] for box in boxes),
        max(box[2] for box in boxes),
        max(box[3] for box in boxes),
    )


def _quad_box(quad: Any) -> Box:
    points = np.asarray(quad, dtype=np.float64).reshape(-1, 2)
    x1, y1 = np.floor(points.min(axis=0)).astype(int).tolist()
    x2, y2 = np.ceil(points.max(axis=0)).astype(int).tolist()
    return max(0, x1), max(0, y1), max(0, x2), max(0, y2)
