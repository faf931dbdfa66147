"""What every bench script needs: a free loopback port, percentiles of timings, peak RSS.

The scripts run as `python bench/NAME.py`, which puts this folder first on sys.path;
`bench/grounding.py` would then hide the grounding package, so each script swaps this
folder for the repository root before importing (see `use_repository_root`).
"""

from __future__ import annotations

import resource
import socket
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent


def use_repository_root() -> None:
    """Import droidpilot's packages (and `bench.measure`) from the repository root."""
    sys.path[:] = [str(BENCH.parent)] + [
        entry for entry in sys.path if Path(entry or ".").resolve() != BENCH
    ]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile; NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MiB (Linux reports KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
