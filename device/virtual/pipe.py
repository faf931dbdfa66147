"""The byte pipe every device service reads and writes: one ADB stream, seen from the device.

Services (shell, sync, the uiautomator2 HTTP server) depend on this small
protocol rather than on the transport, so they can be tested with an
in-memory pipe.
"""

from __future__ import annotations

import threading
from typing import Protocol


class PipeClosed(ConnectionError):
    """The other side closed the stream; stop the service and send nothing more."""


class Pipe(Protocol):
    """A duplex byte stream with stop-and-wait writes."""

    @property
    def hangup(self) -> threading.Event:
        """Set once the peer has closed the stream (or the connection went away)."""
        ...

    def read(self, *, timeout_s: float | None = None) -> bytes:
        """The next bytes from the peer; b"" at end of stream or after `timeout_s`."""
        ...

    def write(self, data: bytes) -> None:
        """Send data, blocking until the peer took it; PipeClosed when it went away."""
        ...

    def close(self) -> None:
        """End the stream from the device side (idempotent)."""
        ...
