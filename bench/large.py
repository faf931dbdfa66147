"""Grounding on very large hierarchies: is the work near-linear in the number of nodes?

Builds flat dumps of N clickable rows (a long list whose rows overlap, as an app that
keeps every row of a feed in its tree does) and grounds a few actions on each through
`grounding.locate`, the path of `POST /v1/ground`: an exact label, a label that is not
there (every row is then scored), and an ordinal (every row is counted). Prints JSON:
the median milliseconds end to end (parse, occlusion, perception, grounding) per size and
action, and the ratio of the largest size's time to the smallest's.

    python bench/large.py [--sizes 1000,8000] [--repeats 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time

import measure  # this folder is first on sys.path when run as `python bench/...`

measure.use_repository_root()

from aci import parse_action  # noqa: E402
from grounding.locate import locate  # noqa: E402
from grounding.perceive import Perceiver  # noqa: E402

ACTIONS = ('tap "Item {last}"', 'tap "Nothing like this"', "tap the second item")


def flat(count: int) -> str:
    """A uiautomator dump of `count` clickable rows in one frame, 60 px tall, overlapping."""
    rows = "".join(
        f'<node index="{i}" text="Item {i}" resource-id="com.example:id/title" '
        f'class="android.widget.TextView" package="com.example" content-desc="" '
        f'clickable="true" enabled="true" bounds="[0,{(i * 7) % 2300}][1080,'
        f'{(i * 7) % 2300 + 60}]" />'
        for i in range(count)
    )
    return (
        '<?xml version="1.0"?><hierarchy rotation="0"><node class="android.widget.FrameLayout" '
        f'bounds="[0,0][1080,2400]">{rows}</node></hierarchy>'
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,8000", help="comma-separated node counts")
    parser.add_argument("--repeats", type=int, default=5, help="runs per size and action")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    perceiver = Perceiver()
    results: dict[str, dict[str, float]] = {}
    for size in sizes:
        xml = flat(size)
        per_action: dict[str, float] = {}
        for template in ACTIONS:
            action = parse_action(template.format(last=size - 1))
            runs = []
            for _ in range(args.repeats):
                started = time.perf_counter()
                locate(perceiver, action, hierarchy=xml, sources=("hierarchy",))
                runs.append((time.perf_counter() - started) * 1000)
            per_action[template] = round(statistics.median(runs), 1)
        results[str(size)] = per_action
    first, last = str(sizes[0]), str(sizes[-1])
    ratio = {
        template: round(results[last][template] / results[first][template], 1)
        for template in ACTIONS
    }
    print(
        json.dumps(
            {
                "median_ms": results,
                "ratio_largest_to_smallest": ratio,
                "nodes_ratio": sizes[-1] / sizes[0],
                "cpus": os.cpu_count(),
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
