"""What every bench script needs: a free loopback port, percentiles of timings, peak RSS, and
a fresh virtual phone on a private adb server.

The scripts run as `python bench/NAME.py`, which puts this folder first on sys.path;
`bench/grounding.py` would then hide the grounding package, so each script swaps this
folder for the repository root before importing (see `use_repository_root`).
"""

from __future__ import annotations

import resource
import socket
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

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


@contextmanager
def virtual_device(server: Any, adb_port: int, apps_dirs: Sequence[Path] = ()) -> Iterator[Any]:
    """A fresh virtual phone (with `apps_dirs`' apps) on the adb server at `adb_port`, as an
    `AndroidDevice`; gone when the block ends."""
    from device import AndroidDevice, DeviceConfig
    from device.virtual import PhoneConfig, VirtualPhone, VirtualPhoneServer

    phone = VirtualPhoneServer(VirtualPhone(PhoneConfig(apps_dirs=tuple(apps_dirs))), port=0)
    phone.start()
    serial = f"127.0.0.1:{phone.port}"
    try:
        server.connect(serial)
        device = AndroidDevice(serial, config=DeviceConfig(adb_port=adb_port))
        try:
            yield device
        finally:
            device.close()
            server.disconnect(serial)
    finally:
        phone.stop()
