"""Grounding accuracy and latency on every screen of the virtual phone's apps.

The corpus (`bench/corpus.py`) walks each app in the light and the dark theme and
derives instructions from each screen's UI hierarchy, for what a person can reach:

    text        tap "<text>"               unique visible text of a clickable element
    icon        tap "<content-desc>"       an icon known by its content-desc only
    paraphrase  tap the back arrow         the same icons, described as people do
    field       type "hello" into "<hint>" a text field, by its hint or label
    hidden      tap "<text>"               a text under an open dialog or menu: not to be tapped

Each instruction is grounded in three modes: `both` (hierarchy first, pixels when
it is unsure: `grounding.locate`, as the service does), `pixels` (OCR and detector
only) and `hierarchy` (the dump only). It counts as right when the grounded point
falls inside the target's bounds (for a field, the bounds of the field; for a label,
those of its clickable row; for a hidden text, not found or inside what covers it). Prints
JSON: accuracy by mode and kind, p50/p95 latency (perceive + ground) by mode, how
often the pixels were read, the confidence of right and wrong answers, peak RSS.

    python bench/grounding.py [--limit 80] [--modes both,pixels,hierarchy] [--apps settings]

With `--real DIR` it measures real app screens instead (`bench/realscreens.py`): DIR
holds `cases.jsonl` and `screens/<id>/{screenshot.*, hierarchy.xml}`. Each case goes
through `grounding.locate` in each mode (`hierarchy`, `pixels`, `both`), with a fresh
perceiver per screen so the first request on a screen reads it uncached. Prints JSON:
accuracy by mode, kind and label script, p50/p95 of the first request on each screen
and of all requests, errors raised (each a miss, listed by case), peak RSS. `--limit`
counts cases, `--kind` (repeatable) and `--script` filter them, `--details FILE` writes
one JSON line per case and mode.

    python bench/grounding.py --real DIR [--modes hierarchy,pixels,both] [--kind icon]
        [--script latin] [--limit 50] [--details cases.jsonl]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import measure  # this folder is first on sys.path when run as `python bench/...`

measure.use_repository_root()

from aci import parse_action  # noqa: E402
from bench import realscreens  # noqa: E402
from bench.corpus import Instruction, Shot, build_corpus, spread  # noqa: E402
from grounding.ground import ground  # noqa: E402
from grounding.grounded import Grounded  # noqa: E402
from grounding.locate import locate  # noqa: E402
from grounding.perceive import Perceiver  # noqa: E402

MODES = {
    "both": ("hierarchy", "ocr", "detector"),
    "pixels": ("ocr", "detector"),
    "hierarchy": ("hierarchy",),
}


def _point(grounded: Grounded) -> tuple[int, int] | None:
    if not grounded.found:
        return None
    command = grounded.command
    x, y = getattr(command, "x", None), getattr(command, "y", None)
    if isinstance(x, int) and isinstance(y, int):
        return x, y
    if grounded.element is not None:  # type_text carries no point: the field it goes into
        center = grounded.element.center
        return center.x, center.y
    return None


def _hit(instruction: Instruction, point: tuple[int, int] | None) -> bool:
    x1, y1, x2, y2 = instruction.target
    inside = point is not None and x1 <= point[0] <= x2 and y1 <= point[1] <= y2
    return inside or (instruction.kind == "hidden" and point is None)


def _grounded_on_shot(
    mode: str, perceiver: Perceiver, shot: Shot
) -> Iterator[tuple[Instruction, Grounded, float, float, bool]]:
    """(instruction, answer, latency, perceive ms, pixels read) for each instruction.

    `both` goes through `locate` per instruction, as the service does; the other modes
    perceive the shot once and ground each instruction on it.
    """
    if mode == "both":
        for instruction in shot.instructions:
            started = time.perf_counter()
            located = locate(
                perceiver, parse_action(instruction.action), image=shot.png, hierarchy=shot.xml
            )
            latency = (time.perf_counter() - started) * 1000
            timing = located.timing_ms
            yield instruction, located.grounded, latency, timing["perceive"], "decode" in timing
        return
    started = time.perf_counter()
    perception = perceiver.perceive(
        image=shot.png if mode != "hierarchy" else None,
        hierarchy=shot.xml if mode != "pixels" else None,
        sources=MODES[mode],
    )
    perceived = (time.perf_counter() - started) * 1000
    for instruction in shot.instructions:
        started = time.perf_counter()
        grounded = ground(parse_action(instruction.action), perception.screen)
        latency = perceived + (time.perf_counter() - started) * 1000
        yield instruction, grounded, latency, perceived, mode != "hierarchy"


def run_mode(mode: str, shots: list[Shot], detector: str = "learned") -> dict[str, object]:
    perceiver = realscreens.perceiver(detector)  # one per mode: none reuses another's OCR
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    latencies: list[float] = []
    perceive_ms: list[float] = []
    confidence: dict[bool, list[float]] = {True: [], False: []}
    pixels_read = 0
    missed: list[dict[str, object]] = []
    shown: set[str] = set()
    failures: list[str] = []
    for number, shot in enumerate(shots):
        try:
            answers = list(_grounded_on_shot(mode, perceiver, shot))
        except Exception as exc:  # a perception bug: counted as misses, reported, not hidden
            where = f"{shot.app}/{shot.activity} ({shot.theme}, {shot.size})"
            failures.append(f"{where}: {type(exc).__name__}: {exc}")
            print(f"{mode}: perception failed on {where}: {exc!r}", file=sys.stderr)
            for instruction in shot.instructions:
                total[instruction.kind] += 1
            continue
        for instruction, grounded, latency, perceived, pixels in answers:
            latencies.append(latency)
            perceive_ms.append(perceived)
            pixels_read += pixels
            point = _point(grounded)
            hit = _hit(instruction, point)
            total[instruction.kind] += 1
            right[instruction.kind] += hit
            if grounded.found:
                confidence[hit].append(grounded.confidence)
            if not hit and len(missed) < 8 and instruction.action not in shown:
                shown.add(instruction.action)
                missed.append(
                    {
                        "screen": f"{shot.app}/{shot.activity} ({shot.theme})",
                        "action": instruction.action,
                        "kind": instruction.kind,
                        "target": list(instruction.target),
                        "point": list(point) if point else None,
                        "reason": grounded.reason,
                    }
                )
        print(f"{mode}: {number + 1}/{len(shots)} screens", file=sys.stderr)
    result: dict[str, object] = {
        "accuracy": round(sum(right.values()) / max(1, sum(total.values())), 3),
        "by_kind": {
            kind: {"n": total[kind], "accuracy": round(right[kind] / total[kind], 3)}
            for kind in sorted(total)
        },
        "latency_ms": {
            "p50": round(measure.percentile(latencies, 0.5), 1),
            "p95": round(measure.percentile(latencies, 0.95), 1),
        },
        "perceive_ms": {
            "p50": round(measure.percentile(perceive_ms, 0.5), 1),
            "p95": round(measure.percentile(perceive_ms, 0.95), 1),
        },
        "confidence": {
            "right_min": min(confidence[True], default=None),
            "wrong_max": max(confidence[False], default=None),
            "wrong_found": len(confidence[False]),
        },
        "missed_examples": missed,
        "perception_failures": failures,
    }
    result["pixels_read"] = round(pixels_read / max(1, len(latencies)), 3)
    return result


def _size(text: str) -> tuple[int, int]:
    width, height = (int(part) for part in text.lower().split("x"))
    return width, height


def _real(parser: argparse.ArgumentParser, args: argparse.Namespace, modes: list[str]) -> int:
    """`--real DIR`: the real screens' figures (`bench/realscreens.py`) as JSON on stdout."""
    if not (args.real / "cases.jsonl").is_file():
        parser.error(f"--real {args.real}: no cases.jsonl there")
    try:
        results = realscreens.run(
            args.real,
            modes=modes,
            kinds=args.kind,
            script=args.script,
            limit=args.limit,
            details_path=args.details,
            detector=args.detector,
        )
    except ValueError as exc:
        parser.error(str(exc))
    print(json.dumps(results, indent=2, ensure_ascii=False))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--limit", type=int, help="most screens in the corpus (80); with --real, most cases (all)"
    )
    parser.add_argument(
        "--modes",
        help="comma-separated: both, pixels, hierarchy (all; with --real, hierarchy first)",
    )
    parser.add_argument("--apps", default="", help="comma-separated app names or packages (all)")
    parser.add_argument(
        "--sizes", default="1080x2400", help="comma-separated screen sizes, e.g. 1080x2400,720x1280"
    )
    parser.add_argument("--themes", default="light,dark", help="comma-separated: light, dark")
    parser.add_argument("--depth", type=int, default=2, help="taps deep to walk each app")
    parser.add_argument("--per-app", type=int, default=12, help="most screens per app and theme")
    parser.add_argument(
        "--real", type=Path, metavar="DIR", help="real screens: DIR/cases.jsonl and DIR/screens"
    )
    parser.add_argument(
        "--kind", action="append", default=[], help="with --real: only this kind (repeatable)"
    )
    parser.add_argument("--script", help="with --real: only this label_script (latin, cjk, other)")
    parser.add_argument(
        "--details", type=Path, metavar="FILE", help="with --real: one JSON line per case and mode"
    )
    parser.add_argument(
        "--detector",
        choices=sorted(realscreens.DETECTORS),
        default="learned",
        help="widgets from pixels: shapes and the element model (learned), or shapes alone",
    )
    args = parser.parse_args()
    default = "hierarchy,pixels,both" if args.real else "both,pixels,hierarchy"
    modes = [mode.strip() for mode in (args.modes or default).split(",") if mode.strip()]
    unknown = [mode for mode in modes if mode not in MODES]
    if unknown:
        parser.error(f"unknown mode(s) {', '.join(unknown)}: use {', '.join(MODES)}")
    if args.real:
        return _real(parser, args, modes)
    if args.kind or args.script or args.details:
        parser.error("--kind, --script and --details apply to --real only")
    started = time.perf_counter()
    shots = spread(
        build_corpus(
            sizes=[_size(size) for size in args.sizes.split(",")],
            themes=[theme.strip() for theme in args.themes.split(",")],
            apps=[app.strip() for app in args.apps.split(",") if app.strip()],
            depth=args.depth,
            per_app=args.per_app,
        ),
        80 if args.limit is None else args.limit,
    )
    if not shots:
        parser.error("no screens: check --apps")
    kinds = Counter(instruction.kind for shot in shots for instruction in shot.instructions)
    results: dict[str, object] = {
        "corpus": {
            "screens": len(shots),
            "instructions": sum(kinds.values()),
            "by_kind": dict(sorted(kinds.items())),
            "apps": sorted({shot.app for shot in shots}),
            "themes": sorted({shot.theme for shot in shots}),
            "sizes": sorted({shot.size for shot in shots}),
        },
        "detector": args.detector,
        "modes": {mode: run_mode(mode, shots, args.detector) for mode in modes},
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "cpus": os.cpu_count(),
        "elapsed_s": round(time.perf_counter() - started, 1),
    }
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
