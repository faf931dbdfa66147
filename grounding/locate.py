"""`locate`: ground one action on an observation, reading the pixels only when needed.

The hierarchy is exact and costs about 2 ms; decoding and reading a screenshot costs
tens to hundreds. So when both are given and allowed, the action is grounded on the
hierarchy alone first; an answer at least `CONFIDENT` sure is final, and only a
missing or doubtful one makes the screenshot be read (OCR, detector, fusion) and the
action grounded again on everything. Leaving "hierarchy" out of the sources forces
the pixels; `Perceiver.perceive` gives the full fusion of any sources on its own.
"""

from __future__ import annotations

import time
from collections.abc import Collection
from dataclasses import dataclass

import aci
from grounding.ground import ground
from grounding.grounded import Grounded
from grounding.perceive import Perceiver, Source

__all__ = ["CONFIDENT", "Located", "locate"]

CONFIDENT = 0.8
"""The least confidence of a hierarchy-only answer that is final without the pixels. On
the virtual phone's screens every right hierarchy answer scores 0.83 or more (bench
`confidence`), and answers below this are ambiguous or fuzzy: the pixels may settle them."""

_ALL: tuple[Source, ...] = ("hierarchy", "ocr", "detector")
_HIERARCHY: tuple[Source, ...] = ("hierarchy",)


@dataclass(frozen=True)
class Located:
    """The grounded action, the screen it was grounded on, and milliseconds per stage.

    `timing_ms` has `decode`, `ocr` and `detector` only when the pixels were read, and
    `hierarchy_first` when a hierarchy-only try came first and was not sure enough.
    """

    grounded: Grounded
    screen: aci.Screen
    timing_ms: dict[str, float]


def locate(
    perceiver: Perceiver,
    action: aci.Action,
    *,
    image: bytes | None = None,
    hierarchy: str | None = None,
    sources: Collection[Source] = _ALL,
    package: str | None = None,
    activity: str | None = None,
) -> Located:
    """Ground `action` on the screen given by `image` and/or `hierarchy`, hierarchy first.

    Raises `PerceptionError` on input that cannot be read.
    """
    timing: dict[str, float] = {}
    note = ""
    pixels_allowed = any(source != "hierarchy" for source in sources)
    if image and hierarchy is not None and "hierarchy" in sources and pixels_allowed:
        started = time.perf_counter()
        first = perceiver.perceive(
            hierarchy=hierarchy, sources=_HIERARCHY, package=package, activity=activity
        )
        grounded, ground_ms = _timed_ground(action, first.screen)
        if grounded.found and grounded.confidence >= CONFIDENT:
            return Located(grounded, first.screen, _renamed(first.timing_ms, ground_ms))
        timing["hierarchy_first"] = _ms(started)
        note = (
            f"; the hierarchy alone was only {grounded.confidence:.2f} sure, so the "
            "screenshot was read too"
            if grounded.found
            else "; the hierarchy alone had no answer, so the screenshot was read too"
        )
    perception = perceiver.perceive(
        image=image, hierarchy=hierarchy, sources=sources, package=package, activity=activity
    )
    grounded, ground_ms = _timed_ground(action, perception.screen)
    if note:
        grounded = grounded.model_copy(update={"reason": grounded.reason + note})
    timing.update(_renamed(perception.timing_ms, ground_ms))
    return Located(grounded, perception.screen, timing)


def _timed_ground(action: aci.Action, screen: aci.Screen) -> tuple[Grounded, float]:
    started = time.perf_counter()
    grounded = ground(action, screen)
    return grounded, _ms(started)


def _renamed(perceive_ms: dict[str, float], ground_ms: float) -> dict[str, float]:
    """Perception's stages, its total called `perceive`, then `ground`."""
    timing = {("perceive" if stage == "total" else stage): ms for stage, ms in perceive_ms.items()}
    timing["ground"] = ground_ms
    return timing


def _ms(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 2)
