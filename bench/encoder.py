"""Sentence encoder cost: cold load, and encode latency by label count and thread count.

The labels are the texts of the virtual phone's apps (their JSON files, read as data),
so batches look like real screens. Encode timings run with the cache off, so every
text goes through the model (`cpu_median_ms` is the process's CPU time, which a busy
host inflates less than wall time); `cached_200_ms` is the same 200 labels answered
from the cache. Prints JSON:

    python bench/encoder.py [--repeats 30] [--threads 1 2]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time

import measure  # this folder is first on sys.path when run as `python bench/...`

measure.use_repository_root()

from lexicon.encoder import EncoderConfig, SentenceEncoder  # noqa: E402

APPS = measure.BENCH.parent / "device" / "virtual" / "apps"
SIZES = (1, 10, 50, 200)
_TEXT_KEYS = {"text", "desc", "content_desc", "label", "title", "hint", "summary"}

_COLD = (
    "import time\n"
    "started = time.perf_counter()\n"
    "from lexicon.encoder import SentenceEncoder\n"
    "SentenceEncoder().load()\n"
    "print(time.perf_counter() - started)\n"
)


def labels() -> list[str]:
    """Distinct texts of the virtual phone's apps that hold at least one letter."""
    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if (
                    key in _TEXT_KEYS
                    and isinstance(value, str)
                    and any(char.isalpha() for char in value)
                ):
                    found.add(value.strip())
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in sorted(APPS.glob("*.json")):
        walk(json.loads(path.read_text(encoding="utf-8")))
    return sorted(found)


def cold_load_s(runs: int) -> list[float]:
    """Import and load in a fresh process each time (onnxruntime's import included)."""
    times = []
    for _ in range(runs):
        result = subprocess.run(
            [sys.executable, "-c", _COLD],
            cwd=measure.BENCH.parent,
            capture_output=True,
            text=True,
            check=True,
        )
        times.append(float(result.stdout.strip()))
    return times


def encode_ms(threads: int, pool: list[str], repeats: int) -> dict[str, object]:
    encoder = SentenceEncoder(EncoderConfig(threads=threads, cache_entries=0))
    encoder.encode(pool[:50])  # warm-up: loads the model, touches the weights
    rng = random.Random(threads)
    figures: dict[str, object] = {}
    for size in SIZES:
        times, cpu = [], []
        for _ in range(repeats):
            batch = rng.sample(pool, size)
            started, started_cpu = time.perf_counter(), time.process_time()
            encoder.encode(batch)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        figures[str(size)] = {
            "median_ms": round(statistics.median(times), 2),
            "p90_ms": round(measure.percentile(times, 0.9), 2),
            "cpu_median_ms": round(statistics.median(cpu), 2),
            "per_label_ms": round(statistics.median(times) / size, 3),
        }
    return figures


def batch_texts_sweep(pool: list[str], repeats: int) -> dict[str, object]:
    """200 labels with 8 to 256 texts per model run (one thread): what a run's padding costs."""
    figures: dict[str, object] = {}
    for batch_texts in (8, 16, 32, 64, 128, 256):
        encoder = SentenceEncoder(EncoderConfig(batch_texts=batch_texts, cache_entries=0))
        encoder.encode(pool[:50])
        rng = random.Random(batch_texts)
        times, cpu = [], []
        for _ in range(max(3, repeats // 3)):
            batch = rng.sample(pool, 200)
            started, started_cpu = time.perf_counter(), time.process_time()
            encoder.encode(batch)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        figures[str(batch_texts)] = {
            "median_ms": round(statistics.median(times), 1),
            "cpu_median_ms": round(statistics.median(cpu), 1),
        }
    return figures


def cached_ms(pool: list[str], repeats: int) -> float:
    encoder = SentenceEncoder()
    batch = pool[:200]
    encoder.encode(batch)
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        encoder.encode(batch)
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 3)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=30, help="timed calls per batch size")
    parser.add_argument("--cold-runs", type=int, default=5, help="fresh processes to load in")
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2], help="threads to try")
    args = parser.parse_args()

    pool = labels()
    lengths = [len(text.split()) for text in pool]
    cold = cold_load_s(args.cold_runs)
    first = SentenceEncoder()
    started = time.perf_counter()
    first.load()  # the first load in this process also imports onnxruntime
    first_load_s = time.perf_counter() - started
    second = SentenceEncoder()
    started = time.perf_counter()
    second.load()
    warm_load_s = time.perf_counter() - started
    results = {
        "cpus": os.cpu_count(),
        "labels": len(pool),
        "median_words_per_label": statistics.median(lengths),
        "cold_load_s": {
            "median": round(statistics.median(cold), 3),
            "max": round(max(cold), 3),
            "what": "fresh process: import lexicon.encoder (onnxruntime included) and load",
        },
        "in_process_load_s": {
            "first": round(first_load_s, 3),
            "again": round(warm_load_s, 3),
            "what": "first: onnxruntime import and session; again: the session alone",
        },
        "encode_uncached": {
            f"threads_{threads}": encode_ms(threads, pool, args.repeats) for threads in args.threads
        },
        "encode_200_by_batch_texts": batch_texts_sweep(pool, args.repeats),
        "cached_200_ms": cached_ms(pool, args.repeats),
        "repeats": args.repeats,
    }
    json.dump(results, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
