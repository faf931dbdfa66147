"""Grounding on real app screens: `bench/grounding.py --real DIR` runs this.

DIR holds `cases.jsonl` (one case a line: `id`, `kind`, `instruction`, `target_bbox`
`[x1, y1, x2, y2]` in screenshot pixels, `image` and `hierarchy` relative to DIR, and
optionally `label_script`) and the screens they name (`screens/<id>/screenshot.*` and
`hierarchy.xml`). Each case becomes one ACI action, formed as the set's own scorer forms
its requests, so the figures compare with a server's: the label is taken back out of the
instruction and quoted (`tap "<label>"`); described kinds are sent as written.

Every action goes through `grounding.locate`, the function behind `POST /v1/ground`, in
each mode asked for: `hierarchy` (the dump only), `pixels` (the screenshot only, OCR and
detector) and `both` (hierarchy first, the pixels when it is unsure). A case is a hit when
the command's point lies inside the target box, edges included; an exception is a miss,
counted and listed. A fresh `Perceiver` per screen and mode makes the first request on a
screen pay what a new screen costs a running service: no OCR result is reused from
before. The OCR models load once, before any timing, as the service loads them on start.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from aci import parse_action
from bench.measure import peak_rss_mb, percentile
from grounding.learned import LearnedDetector
from grounding.locate import locate
from grounding.perceive import Perceiver, Source
from grounding.widgets import Detector, ShapeDetector

MODES: dict[str, tuple[Source, ...]] = {
    "hierarchy": ("hierarchy",),
    "pixels": ("ocr", "detector"),
    "both": ("hierarchy", "ocr", "detector"),
}
"""Mode -> the perception sources its requests allow."""

DETECTORS: dict[str, Callable[[], Detector]] = {
    "learned": LearnedDetector,
    "shapes": ShapeDetector,
}
"""What finds widgets in pixels: the shape detector with the element model (the service's
perceiver), or the shape detector alone."""


def perceiver(detector: str) -> Perceiver:
    """A fresh perceiver whose widgets come from `detector` (a key of DETECTORS)."""
    return Perceiver(detector=DETECTORS[detector]())


VERBATIM = ("icon-described", "text-partial")
"""Kinds whose instruction is a description, sent as written rather than as a quoted label."""

_LABELLED = (
    re.compile(r'^tap "(.*)"$'),
    re.compile(r'^tap the "(.*)" input field$'),
    re.compile(r"^tap the (.*)$"),
)
"""How the set words its derived instructions; group 1 is the on-screen label."""

_PROGRESS_EVERY = 25
"""Cases between two progress lines on stderr."""

Bounds = tuple[int, int, int, int]


@dataclass(frozen=True)
class Case:
    """One instruction on one real screen, with the box it should land in."""

    id: str
    kind: str
    instruction: str
    action: str
    target: Bounds
    script: str
    image: Path
    hierarchy: Path


@dataclass(frozen=True)
class Outcome:
    """What grounding one case answered, and how long the request took."""

    case: Case
    mode: str
    hit: bool
    point: tuple[int, int] | None
    found: bool
    reason: str
    ms: float
    first_on_screen: bool
    pixels_read: bool
    error: str | None


def action_text(kind: str, instruction: str) -> str:
    """The ACI text of an instruction: its label re-quoted, or the description as written."""
    if kind in VERBATIM:
        return instruction
    label = instruction
    for pattern in _LABELLED:
        match = pattern.match(instruction)
        if match:
            label = match.group(1)
            break
    return 'tap "{}"'.format(label.replace("\\", "\\\\").replace('"', '\\"'))


def load_cases(
    root: Path, *, kinds: Sequence[str] = (), script: str | None = None, limit: int | None = None
) -> list[Case]:
    """The cases of `root/cases.jsonl`, in file order, filtered by kind and script, then cut."""
    cases: list[Case] = []
    with (root / "cases.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            row = json.loads(line)
            if kinds and row["kind"] not in kinds:
                continue
            if script and row.get("label_script") != script:
                continue
            x1, y1, x2, y2 = (int(value) for value in row["target_bbox"])
            cases.append(
                Case(
                    id=row["id"],
                    kind=row["kind"],
                    instruction=row["instruction"],
                    action=action_text(row["kind"], row["instruction"]),
                    target=(x1, y1, x2, y2),
                    script=row.get("label_script") or "unknown",
                    image=root / row["image"],
                    hierarchy=root / row["hierarchy"],
                )
            )
    return cases[:limit] if limit else cases


def by_screen(cases: Sequence[Case]) -> list[list[Case]]:
    """The cases grouped by screen, screens in the order they first appear."""
    groups: dict[tuple[Path, Path], list[Case]] = {}
    for case in cases:
        groups.setdefault((case.image, case.hierarchy), []).append(case)
    return list(groups.values())


def _inside(point: tuple[int, int] | None, box: Bounds) -> bool:
    return point is not None and box[0] <= point[0] <= box[2] and box[1] <= point[1] <= box[3]


def _ground(
    perceiver: Perceiver,
    case: Case,
    mode: str,
    *,
    image: bytes,
    hierarchy: str,
    first: bool,
) -> Outcome:
    """Ground one case as a request in `mode` would; an exception is a miss that says why."""
    started = time.perf_counter()
    try:
        located = locate(
            perceiver,
            parse_action(case.action),
            image=image if mode != "hierarchy" else None,
            hierarchy=hierarchy if mode != "pixels" else None,
            sources=MODES[mode],
        )
    except Exception as exc:  # a grounding bug on this screen: reported, not hidden
        ms = (time.perf_counter() - started) * 1000
        error = f"{type(exc).__name__}: {exc}"
        return Outcome(case, mode, False, None, False, error, ms, first, False, error)
    ms = (time.perf_counter() - started) * 1000
    grounded = located.grounded
    command = grounded.command
    x, y = getattr(command, "x", None), getattr(command, "y", None)
    point = (x, y) if isinstance(x, int) and isinstance(y, int) else None
    return Outcome(
        case=case,
        mode=mode,
        hit=_inside(point, case.target),
        point=point,
        found=grounded.found,
        reason=grounded.reason,
        ms=ms,
        first_on_screen=first,
        pixels_read="decode" in located.timing_ms,
        error=None,
    )


def _detail(outcome: Outcome) -> str:
    case = outcome.case
    row = {
        "id": case.id,
        "kind": case.kind,
        "mode": outcome.mode,
        "action": case.action,
        "hit": outcome.hit,
        "x": outcome.point[0] if outcome.point else None,
        "y": outcome.point[1] if outcome.point else None,
        "target_bbox": list(case.target),
        "found": outcome.found,
        "reason": outcome.reason,
        "ms": round(outcome.ms, 1),
        "first_on_screen": outcome.first_on_screen,
        "error": outcome.error,
    }
    return json.dumps(row, ensure_ascii=False)


def _accuracy(outcomes: Sequence[Outcome], key: str) -> dict[str, dict[str, float | int]]:
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        groups[outcome.case.kind if key == "kind" else outcome.case.script].append(outcome)
    return {
        name: {"n": len(group), "accuracy": round(sum(o.hit for o in group) / len(group), 3)}
        for name, group in sorted(groups.items())
    }


def _ms(values: list[float]) -> dict[str, float | int | None]:
    """Count, p50 and p95 of the timings; null percentiles for none (JSON has no NaN)."""
    if not values:
        return {"n": 0, "p50": None, "p95": None}
    return {
        "n": len(values),
        "p50": round(percentile(values, 0.5), 1),
        "p95": round(percentile(values, 0.95), 1),
    }


def _warm_up(mode: str, screen: list[Case], detector: str) -> None:
    """One throwaway request, so that no timed one pays for first-call set-up in the process."""
    case = screen[0]
    image, hierarchy = case.image.read_bytes(), _text(case.hierarchy)
    _ground(perceiver(detector), case, mode, image=image, hierarchy=hierarchy, first=True)


def _text(path: Path) -> str:
    """The hierarchy as a server receives it: UTF-8, undecodable bytes replaced."""
    return path.read_bytes().decode("utf-8", "replace")


def run_mode(
    mode: str, screens: list[list[Case]], details: IO[str] | None, detector: str = "learned"
) -> dict[str, object]:
    """Every case in `mode`, screen by screen, each screen with a fresh `Perceiver`."""
    started = time.perf_counter()
    total = sum(len(screen) for screen in screens)
    _warm_up(mode, screens[0], detector)
    outcomes: list[Outcome] = []
    reported = 0
    for number, screen in enumerate(screens, 1):
        fresh = perceiver(detector)  # no OCR result from another screen: a new screen's cost
        image, hierarchy = screen[0].image.read_bytes(), _text(screen[0].hierarchy)
        for index, case in enumerate(screen):
            outcome = _ground(fresh, case, mode, image=image, hierarchy=hierarchy, first=index == 0)
            outcomes.append(outcome)
            if details is not None:
                details.write(_detail(outcome) + "\n")
            if outcome.error is not None:
                print(f"{mode}: {case.id} raised {outcome.error}", file=sys.stderr)
        if len(outcomes) - reported >= _PROGRESS_EVERY or number == len(screens):
            reported = len(outcomes)
            print(
                f"{mode}: {len(outcomes)}/{total} cases, screen {number}/{len(screens)}, "
                f"{sum(o.hit for o in outcomes)} hits, "
                f"{sum(o.error is not None for o in outcomes)} errors, "
                f"{time.perf_counter() - started:.0f} s",
                file=sys.stderr,
            )
    errors = [o for o in outcomes if o.error is not None]
    return {
        "n": len(outcomes),
        "accuracy": round(sum(o.hit for o in outcomes) / max(1, len(outcomes)), 3),
        "by_kind": _accuracy(outcomes, "kind"),
        "by_script": _accuracy(outcomes, "script"),
        "not_found": sum(not o.found and o.error is None for o in outcomes),
        "pixels_read": round(sum(o.pixels_read for o in outcomes) / max(1, len(outcomes)), 3),
        "first_request_ms": _ms([o.ms for o in outcomes if o.first_on_screen]),
        "all_requests_ms": _ms([o.ms for o in outcomes]),
        # In `both` most requests end on the hierarchy; these are the ones that read pixels.
        "pixel_requests_ms": _ms([o.ms for o in outcomes if o.pixels_read]),
        "errors": len(errors),
        "error_cases": [{"id": o.case.id, "error": o.error} for o in errors],
        "elapsed_s": round(time.perf_counter() - started, 1),
    }


def run(
    root: Path,
    *,
    modes: Sequence[str],
    kinds: Sequence[str] = (),
    script: str | None = None,
    limit: int | None = None,
    details_path: Path | None = None,
    detector: str = "learned",
) -> dict[str, object]:
    """The figures of every mode on the cases of `root`, as one JSON-ready dict.

    Raises ValueError when no case is left after the filters.
    """
    started = time.perf_counter()
    cases = load_cases(root, kinds=kinds, script=script, limit=limit)
    if not cases:
        raise ValueError(f"no cases in {root / 'cases.jsonl'} after the filters")
    screens = by_screen(cases)
    if any(mode != "hierarchy" for mode in modes):
        perceiver(detector).load()  # the models load once per process, as the service does
    details = details_path.open("w", encoding="utf-8") if details_path else None
    try:
        figures = {mode: run_mode(mode, screens, details, detector) for mode in modes}
    finally:
        if details is not None:
            details.close()
    return {
        "real": {
            "dir": str(root),
            "screens": len(screens),
            "cases": len(cases),
            "by_kind": dict(sorted(Counter(case.kind for case in cases).items())),
            "by_script": dict(sorted(Counter(case.script for case in cases).items())),
        },
        "detector": detector,
        "modes": figures,
        "peak_rss_mb": peak_rss_mb(),
        "cpus": os.cpu_count(),
        "elapsed_s": round(time.perf_counter() - started, 1),
    }
