"""What the HTML report keeps of each step beyond its outcome: the grounding decision and a
small picture of the screen after it.

Both are taken only when a report is asked for: a screenshot per step costs a look at the
phone, which plain CI runs should not pay. `StepShots` writes them as downscaled JPEGs
under one folder per phone and flow run; `run_flow_on` and `run_shards` take one as
`step_shots`.
"""

from __future__ import annotations

import io
import logging
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from aci import Element
from device import AndroidDevice
from device.errors import DeviceError
from grounding.grounded import Grounded
from service.phones import convert

__all__ = [
    "GroundingNote",
    "RunShots",
    "StepShots",
    "keep_screenshot",
]

logger = logging.getLogger(__name__)

SHOT_WIDTH_PX = 360
"""Width of a step's picture: enough to read a screen's words, small enough for a report
of hundreds of steps (about 15-30 KB each as JPEG)."""
_JPEG_QUALITY = 70


@dataclass(frozen=True)
class GroundingNote:
    """The grounding decision of a step, as a report shows it."""

    reason: str
    element: str | None = None
    """The chosen element's label (its words, else its description or id)."""
    bounds: tuple[int, int, int, int] | None = None
    """[x1, y1, x2, y2] of the chosen element, in pixels."""
    confidence: float | None = None

    @classmethod
    def of(cls, grounded: Grounded | None) -> GroundingNote | None:
        """The note of a decision; None for a step that had no target."""
        if grounded is None:
            return None
        element = grounded.element
        return cls(
            reason=grounded.reason,
            element=None if element is None else (_label(element) or None),
            bounds=None if element is None else element.bounds,
            confidence=grounded.confidence,
        )


class StepShots:
    """Writes the screen after each step as `FOLDER/SERIAL/FLOW/NNN.jpg`.

    Each flow run gets its own folder (`FLOW-2`, ... when the same flow runs again on the
    same phone), so pictures of different runs never overwrite each other.
    """

    def __init__(self, folder: Path, *, width_px: int = SHOT_WIDTH_PX) -> None:
        if width_px < 16:
            raise ValueError(f"width_px {width_px} out of range: use 16 or more")
        self.folder, self.width_px = folder, width_px
        self._taken: set[Path] = set()
        self._lock = threading.Lock()

    def for_run(self, serial: str, flow_stem: str) -> RunShots:
        """The pictures of one run of one flow on one phone, in a fresh folder."""
        base = self.folder / _safe(serial) / _safe(flow_stem)
        with self._lock:
            path, number = base, 1
            while path in self._taken or path.exists():
                number += 1
                path = base.with_name(f"{base.name}-{number}")
            self._taken.add(path)
        path.mkdir(parents=True, exist_ok=True)
        return RunShots(path, self.width_px)


class RunShots:
    """One flow run's pictures, numbered in the order its steps were recorded."""

    def __init__(self, folder: Path, width_px: int) -> None:
        self.folder, self.width_px, self.count = folder, width_px, 0

    def take(self, phone: AndroidDevice) -> Path | None:
        """The screen now, downscaled, as the next `NNN.jpg`; None when the phone gave no
        picture (a report must not fail the flow it reports on)."""
        self.count += 1
        path = self.folder / f"{self.count:03d}.jpg"
        try:
            raw = phone.observe().screenshot
            with Image.open(io.BytesIO(raw)) as opened:
                picture = opened.convert("RGB")
        except (DeviceError, OSError) as exc:
            logger.debug("%s: no screenshot for %s: %s", phone.serial, path.name, exc)
            return None
        if picture.width > self.width_px:
            height = max(1, round(picture.height * self.width_px / picture.width))
            picture = picture.resize((self.width_px, height), Image.Resampling.LANCZOS)
        picture.save(path, format="JPEG", quality=_JPEG_QUALITY, optimize=True)
        return path

    def keep(self, jpeg: bytes) -> Path:
        """A picture taken elsewhere (by the service, for a flow run through it), as the
        next `NNN.jpg`."""
        self.count += 1
        path = self.folder / f"{self.count:03d}.jpg"
        path.write_bytes(jpeg)
        return path


def _safe(name: str) -> str:
    return re.sub(r"[^\w.-]+", "_", name).strip("_") or "_"


def _label(element: Element) -> str:
    return element.label or element.resource_id or element.class_name


def keep_screenshot(phone: AndroidDevice, folder: Path, name: str) -> Path:
    """A flow's own `screenshot` step: the full-size PNG as `FOLDER/NAME.png`."""
    safe = re.sub(r"[^\w.-]+", "_", name).strip("_") or "screenshot"
    path = folder / f"{safe}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(convert(phone.observe().screenshot, "png"))
    return path
