"""The bench's own processes: started with their output in a log and always stopped, and
read from /proc (CPU seconds, resident memory).

Linux only, like the rest of the benches' memory figures.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

__all__ = ["RssSampler", "adb_server_pid", "cpu_s", "logged_process", "status_mb"]

_STOP_GRACE_S = 15.0
_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@contextlib.contextmanager
def logged_process(
    command: list[str], *, env: dict[str, str], log: Path
) -> Iterator[subprocess.Popen[str]]:
    """A subprocess whose output goes to `log`; stopped (SIGTERM, then SIGKILL) on the way out."""
    with log.open("w") as sink:
        process = subprocess.Popen(
            command,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=Path(__file__).resolve().parent.parent,
        )
        try:
            yield process
        finally:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=_STOP_GRACE_S)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


class RssSampler(threading.Thread):
    """The highest VmRSS of a process, sampled every 0.2 s."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_mb = 0.0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.wait(0.2):
            self.peak_mb = max(self.peak_mb, status_mb(self.pid, "VmRSS") or 0.0)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()
        self.peak_mb = max(self.peak_mb, status_mb(self.pid, "VmRSS") or 0.0)


def status_mb(pid: int, key: str) -> float | None:
    """A `kB` line of /proc/<pid>/status in MiB; None when the process is gone."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    match = re.search(rf"^{key}:\s+(\d+) kB", text, re.MULTILINE)
    return round(int(match[1]) / 1024, 1) if match else None


def cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS


def adb_server_pid(port: int) -> int | None:
    """The pid of the adb server this bench started (its command line names the port)."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            words = (entry / "cmdline").read_bytes().split(b"\0")
            if b"fork-server" in words and f"tcp:{port}".encode() in words:
                return int(entry.name)
    return None
