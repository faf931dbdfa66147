"""A 20-step flow on a virtual phone, cold and with the replay cache: per-step time and wall.

Starts a private adb server and a virtual phone on loopback, writes a droidpilot flow of
20 steps (taps, typing and assertions across Settings and Keep), runs it `--rounds` times
grounding every step (cold), once more recording the replay cache, then `--rounds` times
replaying from it, and prints JSON: each step's median milliseconds cold and cached, the
wall of every run, and what the cache replayed and saved.

    python bench/flows.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

import measure  # this folder is first on sys.path when run as `python bench/...`

measure.use_repository_root()

SETTINGS, KEEP = "com.android.settings", "com.google.android.keep"
FLOW = f"""\
name: Bench - Settings and Keep
app: {SETTINGS}
steps:
  - assert visible "Settings"
  - tap "Network & internet"
  - assert visible "Internet"
  - assert visible "Airplane mode"
  - press back
  - assert visible "Connected devices"
  - tap "Connected devices"
  - press back
  - tap "Apps"
  - press back
  - launch: {{app: {KEEP}, clear_state: true}}
  - assert visible "Create a note"
  - tap "Create a note"
  - tap "Title"
  - type "Groceries"
  - tap "Note"
  - type "Milk, eggs"
  - press back
  - press back
  - assert visible "Groceries"
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="runs cold, then runs cached")
    args = parser.parse_args()
    if args.rounds < 1:
        parser.error(f"--rounds must be at least 1, got {args.rounds}")
    from device import AdbServer

    adb_port = measure.free_port()
    server = AdbServer(port=adb_port, timeout_s=15.0)
    server.start()
    try:
        with measure.virtual_device(server, adb_port) as device:
            report = _bench(device, args.rounds)
    finally:
        server.kill()
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0 if report["all_passed"] else 1


def _bench(device: Any, rounds: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="droidpilot-bench-flows-") as folder:
        return _rounds(device, rounds, Path(folder))


def _rounds(device: Any, rounds: int, work: Path) -> dict[str, Any]:
    from service.flows import load_flow, run_flow_on
    from service.flows.replay import ReplayCache

    path = work / "bench.yaml"
    path.write_text(FLOW, encoding="utf-8")
    flow = load_flow(path)
    cache = ReplayCache(work / "flows-cache")

    def once(cached: bool) -> Any:
        for package in (SETTINGS, KEEP):
            device.stop_app(package)
        if not cached:
            return run_flow_on(flow, device)
        replay = cache.for_run(flow, device)
        runner = replay.runner(device)
        result = run_flow_on(flow, device, runner=runner)
        replay.finish(result, runner)
        return result

    cold = [once(cached=False) for _ in range(rounds)]
    recording = once(cached=True)
    warm = [once(cached=True) for _ in range(rounds)]
    runs = [*cold, recording, *warm]
    steps = [record for record in cold[0].steps if record.depth == 0][1:]  # setup's launch

    def medians(results: list[Any]) -> list[float]:
        top = [[r for r in result.steps if r.depth == 0][1:] for result in results]
        per_step = zip(*top, strict=True)
        return [round(statistics.median(r.duration_s for r in by) * 1000, 1) for by in per_step]

    cold_ms, cached_ms = medians(cold), medians(warm)
    return {
        "flow_steps": len(steps),
        "rounds": rounds,
        "all_passed": all(result.passed for result in runs),
        "failures": [result.message for result in runs if not result.passed],
        "steps": [
            {"step": record.text, "cold_ms": c, "cached_ms": w}
            for record, c, w in zip(steps, cold_ms, cached_ms, strict=True)
        ],
        "step_median_ms": {
            "cold": round(statistics.median(cold_ms), 1),
            "cached": round(statistics.median(cached_ms), 1),
        },
        "wall_s": {
            "cold": [round(result.wall_s, 3) for result in cold],
            "recording": round(recording.wall_s, 3),
            "cached": [round(result.wall_s, 3) for result in warm],
        },
        "replayed_steps": [result.replayed for result in warm],
        "grounding_saved_s": [result.saved_s for result in warm],
        "peak_rss_mb": measure.peak_rss_mb(),
    }


if __name__ == "__main__":
    sys.exit(main())
