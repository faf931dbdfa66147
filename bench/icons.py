"""The icon recogniser on real icons: crops of the icon targets of a real-screens set.

For each case of kind `icon` (named by its content-desc) or `icon-described` (described as
people say it) whose words name an icon of `lexicon.icons`, the target box is cut from the
screenshot and classified (`grounding.icon_model`). Top-1 is a hit when the recogniser's
best guess is one of the icons the words name; top-5 when any of its five best is. Cases
whose words name no lexicon icon are counted, not scored. Also the median time of one crop
and of a batch of 20. Prints JSON.

    python bench/icons.py --real ../shared/realscreens [--details FILE]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import cv2
import measure  # this folder is first on sys.path when run as `python bench/...`

measure.use_repository_root()

from bench import realscreens  # noqa: E402
from grounding.icon_model import IconRecogniser  # noqa: E402
from grounding.target import parse_target  # noqa: E402
from lexicon.icons import icons_of_phrase  # noqa: E402

KINDS = ("icon", "icon-described")


def _wanted(action: str) -> set[str]:
    """The icon keys an action's target names, read as the matcher reads it."""
    target = parse_target(action.removeprefix("tap "))
    return {icon.key for part in (target.phrase, target.full) for icon in icons_of_phrase(part)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real", type=Path, required=True, help="a real-screens set folder")
    parser.add_argument("--details", type=Path, help="write one JSON line per scored case")
    args = parser.parse_args()
    recogniser = IconRecogniser()
    cases = realscreens.load_cases(args.real, kinds=KINDS)
    scored: dict[str, list[int]] = {kind: [0, 0, 0] for kind in KINDS}  # n, top1, top5
    unnamed = dict.fromkeys(KINDS, 0)
    rows, crops = [], []
    for case in cases:
        wanted = _wanted(case.action)
        if not wanted:
            unnamed[case.kind] += 1
            continue
        frame = cv2.imread(str(case.image))
        if frame is None:
            print(f"{case.id}: {case.image} does not read", file=sys.stderr)
            continue
        x1, y1, x2, y2 = case.target
        crop = frame[max(0, y1) : y2, max(0, x1) : x2]
        if crop.size == 0:
            continue
        guesses = recogniser.classify([crop], top=5)[0]
        keys = [guess.key for guess in guesses]
        top1, top5 = bool(keys) and keys[0] in wanted, bool(wanted & set(keys))
        counts = scored[case.kind]
        counts[0] += 1
        counts[1] += top1
        counts[2] += top5
        crops.append(crop)
        rows.append({"id": case.id, "kind": case.kind, "wanted": sorted(wanted),
                     "guesses": [(g.symbol, round(g.probability, 3)) for g in guesses],
                     "top1": top1, "top5": top5})  # fmt: skip
    timing = {}
    for size in (1, 20):
        batch = (crops * 20)[:size]
        runs = []
        for _ in range(30):
            started = time.perf_counter()
            recogniser.classify(batch, top=1)
            runs.append((time.perf_counter() - started) * 1000)
        timing[f"batch_{size}_ms_p50"] = round(statistics.median(runs), 2)
    if args.details:
        args.details.write_text("".join(json.dumps(row) + "\n" for row in rows))
    result = {
        kind: {
            "scored": n,
            "top1": round(top1 / max(1, n), 3),
            "top5": round(top5 / max(1, n), 3),
            "words_name_no_lexicon_icon": unnamed[kind],
        }
        for kind, (n, top1, top5) in scored.items()
    }
    print(json.dumps({"cases": result, **timing}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
