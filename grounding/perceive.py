"""Perception: an observation (screenshot and/or UI hierarchy) -> an `aci.Screen`.

The hierarchy gives exact boxes and states where the app exposes them; pixels fill
the gaps: OCR reads only the parts of the frame the hierarchy does not explain
(the whole frame when there is no hierarchy), the shape detector and the element model
find widgets (`grounding.learned`), and `fuse` merges all three into one element list
that says who saw what. Then icons that have no name get one from their pixels
(`grounding.icon_names`).
"""

from __future__ import annotations

import io
import re
import struct
import threading
import time
import warnings
from collections.abc import Collection
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

import aci
from grounding.config import GroundingConfig
from grounding.errors import InputTooLargeError, PerceptionError
from grounding.fusion import fuse
from grounding.hierarchy import hierarchy_size, read_hierarchy
from grounding.icon_model import shared_recogniser
from grounding.icon_names import name_icons
from grounding.learned import LearnedDetector
from grounding.ocr import Box, Ocr, ocr_elements
from grounding.widgets import Detector

__all__ = ["Perceiver", "Perception", "Source", "perceive", "shared_perceiver"]

Source = aci.screen.Source
_SOURCES: tuple[Source, ...] = ("hierarchy", "ocr", "detector")

_INK_STEP = 8
"""Unexplained ink is looked for on a grid of this many pixels (cheap, and enough for text)."""
_INK_RANGE = 16
"""A grid cell whose grey values span more than this holds ink."""
_MAX_REGIONS = 8
"""More unexplained regions than this are read as one: many small reads cost more."""


@dataclass(frozen=True)
class Perception:
    """A perceived screen and where the time went, in milliseconds per stage."""

    screen: aci.Screen
    timing_ms: dict[str, float]


class Perceiver:
    """Loads models once; remembers the last frame's OCR results to reuse for unchanged regions."""

    def __init__(
        self, config: GroundingConfig | None = None, *, detector: Detector | None = None
    ) -> None:
        self.config = config or GroundingConfig()
        self.ocr = Ocr(self.config)
        self.detector: Detector = detector or LearnedDetector()
        self.icons = shared_recogniser()  # one model per process, loaded on first use

    def load(self) -> None:
        """Load every model now rather than on the first screenshot (a service does on
        start, a benchmark before it times anything)."""
        self.ocr.load()
        self.icons.load()
        if isinstance(self.detector, LearnedDetector):
            self.detector.model.load()

    def perceive(
        self,
        *,
        image: bytes | None = None,
        hierarchy: str | None = None,
        sources: Collection[Source] = _SOURCES,
        package: str | None = None,
        activity: str | None = None,
    ) -> Perception:
        """The screen seen through `sources`; at least one of `image` and `hierarchy`.

        Without an image only the hierarchy is used; without a hierarchy, OCR reads the
        whole frame. Raises PerceptionError on input that cannot be read.
        """
        wanted = _sources(sources)
        if not image and hierarchy is None:
            raise PerceptionError("nothing to perceive: give a screenshot, a hierarchy or both")
        timing: dict[str, float] = {}
        start = time.perf_counter()

        frame = None
        if image:
            frame = _decode(image, max_pixels=self.config.max_image_pixels)
            timing["decode"] = _ms(start)

        stage = time.perf_counter()
        nodes: list[aci.Element] = []
        hidden: list[aci.Element] = []
        # The device's size, even when its elements are not wanted: a screenshot may be scaled.
        size = None
        if hierarchy is not None and "hierarchy" in wanted:
            dump = read_hierarchy(
                hierarchy,
                max_nodes=self.config.max_hierarchy_nodes,
                max_depth=self.config.max_hierarchy_depth,
            )
            nodes, hidden, size = dump.elements, dump.hidden, dump.size
        elif hierarchy is not None:
            size = hierarchy_size(hierarchy)
        timing["hierarchy"] = _ms(stage)
        width, height = _screen_size(frame, size, nodes)

        read: list[aci.Element] = []
        found: list[aci.Element] = []
        # Pixels are in the frame's scale; the screen's may differ (a scaled screenshot).
        scale = (1.0, 1.0) if frame is None else (width / frame.shape[1], height / frame.shape[0])
        if frame is not None:
            if "ocr" in wanted:
                stage = time.perf_counter()
                # Text under a dialog shows through its scrim but cannot be tapped: not read.
                regions = None if not nodes else _unexplained(frame, nodes, hidden, scale)
                lines = self.ocr.read(frame, regions) if regions != [] else []
                read = [_rescaled(element, scale) for element in ocr_elements(lines)]
                timing["ocr"] = _ms(stage)
            if "detector" in wanted:
                stage = time.perf_counter()
                found = [_rescaled(element, scale) for element in self.detector.detect(frame)]
                timing["detector"] = _ms(stage)

        stage = time.perf_counter()
        elements = fuse(nodes, read, found)
        timing["fusion"] = _ms(stage)
        if frame is not None:
            stage = time.perf_counter()
            elements = name_icons(elements, frame, scale, self.icons)
            timing["icons"] = _ms(stage)
        screen = aci.Screen(
            width=width,
            height=height,
            elements=tuple(_clipped(element, width, height) for element in elements),
            package=package,
            activity=activity,
        )
        timing["total"] = _ms(start)
        return Perception(screen=screen, timing_ms=timing)


_SHARED: Perceiver | None = None
_SHARED_LOCK = threading.Lock()


def shared_perceiver(config: GroundingConfig | None = None) -> Perceiver:
    """The process-wide `Perceiver`, made on first use (its models load once) with `config`,
    which later calls cannot change: one set of models serves the whole process."""
    global _SHARED
    with _SHARED_LOCK:
        if _SHARED is None:
            _SHARED = Perceiver(config)
        return _SHARED


def perceive(raw: aci.RawObservation, sources: Collection[Source] = _SOURCES) -> aci.Screen:
    """The screen in a device's raw observation, through the process-wide `Perceiver`."""
    return (
        shared_perceiver()
        .perceive(
            image=raw.screenshot or None,
            hierarchy=raw.hierarchy_xml,
            sources=sources,
            package=raw.package,
            activity=raw.activity,
        )
        .screen
    )


def _sources(sources: Collection[Source]) -> set[Source]:
    unknown = sorted(set(sources) - set(_SOURCES))
    if unknown:
        raise PerceptionError(f"unknown sources {unknown}: use any of {list(_SOURCES)}")
    if not sources:
        raise PerceptionError(f"no sources given: use any of {list(_SOURCES)}")
    return set(sources)


def _decode(image: bytes, *, max_pixels: int) -> np.ndarray:
    """The frame of a PNG or JPEG; its size is read from the header first, so that a small
    file that would decode to billions of pixels is refused before it costs memory."""
    not_an_image = (
        f"screenshot does not decode: {len(image)} bytes starting {image[:8]!r}, "
        "expected a PNG or JPEG image"
    )
    try:
        # Image.open reads the header only. Its own bomb check warns from 89 million pixels:
        # the limit here decides, so that warning would only be noise in the log.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(image)) as header:
                width, height = header.size
    except Image.DecompressionBombError as exc:  # far over any sane limit; says its size
        pixels = re.search(r"\d+", str(exc))
        raise InputTooLargeError(
            f"screenshot has {pixels.group() if pixels else 'hundreds of millions of'} pixels, "
            f"over the limit of {max_pixels} pixels (DROIDPILOT_GROUNDING_MAX_IMAGE_PIXELS); "
            "send it at the phone's resolution"
        ) from exc
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError, struct.error) as exc:
        # Pillow's header readers raise any of these on bytes that are no image
        raise PerceptionError(not_an_image) from exc
    if width * height > max_pixels:
        raise InputTooLargeError(
            f"screenshot is {width}x{height} pixels ({width * height}), over the limit of "
            f"{max_pixels} pixels (DROIDPILOT_GROUNDING_MAX_IMAGE_PIXELS); send it at the phone's "
            "resolution"
        )
    frame = cv2.imdecode(np.frombuffer(image, np.uint8), cv2.IMREAD_COLOR)
    if frame is None or frame.size == 0:
        raise PerceptionError(not_an_image)
    return frame


def _screen_size(
    frame: np.ndarray | None, size: tuple[int, int] | None, nodes: list[aci.Element]
) -> tuple[int, int]:
    if size is not None:
        return size
    if frame is not None:
        return frame.shape[1], frame.shape[0]
    if nodes:
        return max(n.bounds[2] for n in nodes) or 1, max(n.bounds[3] for n in nodes) or 1
    raise PerceptionError("hierarchy has no screen size and no elements, and no screenshot")


def _unexplained(
    frame: np.ndarray,
    nodes: list[aci.Element],
    hidden: list[aci.Element],
    scale: tuple[float, float],
) -> list[Box]:
    """Boxes (frame pixels) of ink that no labelled hierarchy node accounts for, nor a
    hidden one (under a dialog)."""
    gray = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    rows, cols = gray.shape[0] // _INK_STEP, gray.shape[1] // _INK_STEP
    cells = gray[: rows * _INK_STEP, : cols * _INK_STEP].reshape(rows, _INK_STEP, cols, _INK_STEP)
    ink = (cells.max(axis=(1, 3)).astype(np.int16) - cells.min(axis=(1, 3))) > _INK_RANGE
    labelled = [n for n in nodes if n.label]
    for node in labelled:
        if any(o is not node and _contains(node.bounds, o.bounds) for o in labelled):
            continue  # a container named after a child: its other pixels may say more
        _clear(ink, node.bounds, scale)
    for node in hidden:
        if node.label:  # a hidden list's bounds may reach into the dialog over it
            _clear(ink, node.bounds, scale)
    grown = cv2.dilate(ink.astype(np.uint8), np.ones((3, 3), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(grown, connectivity=8)
    boxes: list[Box] = []
    for label in range(1, count):
        x, y, w, h = stats[label, :4].tolist()
        boxes.append((x * _INK_STEP, y * _INK_STEP, (x + w) * _INK_STEP, (y + h) * _INK_STEP))
    return _fewer(boxes, _MAX_REGIONS)


def _clear(ink: np.ndarray, bounds: Box, scale: tuple[float, float]) -> None:
    """No ink to read inside `bounds` (screen pixels) on the grid of frame cells."""
    x1, y1, x2, y2 = bounds
    ink[
        int(y1 / scale[1]) // _INK_STEP : -(-int(y2 / scale[1]) // _INK_STEP),
        int(x1 / scale[0]) // _INK_STEP : -(-int(x2 / scale[0]) // _INK_STEP),
    ] = False


def _fewer(boxes: list[Box], limit: int) -> list[Box]:
    """Merge the pair whose union adds the least area until at most `limit` boxes remain."""
    boxes = list(boxes)
    while len(boxes) > limit:
        best: tuple[int, int, int] | None = None
        for i, a in enumerate(boxes):
            for j in range(i + 1, len(boxes)):
                cost = _area(_union(a, boxes[j])) - _area(a) - _area(boxes[j])
                if best is None or cost < best[0]:
                    best = (cost, i, j)
        assert best is not None
        _, i, j = best
        boxes[i] = _union(boxes[i], boxes[j])
        del boxes[j]
    return boxes


def _union(a: Box, b: Box) -> Box:
    return min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])


def _area(box: Box) -> int:
    return (box[2] - box[0]) * (box[3] - box[1])


def _contains(outer: Box, inner: Box) -> bool:
    return (
        outer[0] <= inner[0]
        and outer[1] <= inner[1]
        and outer[2] >= inner[2]
        and outer[3] >= inner[3]
    )


def _rescaled(element: aci.Element, scale: tuple[float, float]) -> aci.Element:
    if scale == (1.0, 1.0):
        return element
    x1, y1, x2, y2 = element.bounds
    bounds = (
        round(x1 * scale[0]),
        round(y1 * scale[1]),
        round(x2 * scale[0]),
        round(y2 * scale[1]),
    )
    return element.model_copy(update={"bounds": bounds})


def _clipped(element: aci.Element, width: int, height: int) -> aci.Element:
    x1, y1, x2, y2 = element.bounds
    bounds = (min(x1, width), min(y1, height), min(x2, width), min(y2, height))
    if bounds == element.bounds:
        return element
    return element.model_copy(update={"bounds": bounds})


def _ms(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 2)
