"""Whether an adb server listens on a host and port, asked without starting one.

adbutils starts a local adb server by itself when it finds none (on the default port,
whatever port was asked), so the service asks the socket first.
"""

from __future__ import annotations

import contextlib
import socket


def adb_answers(host: str, port: int, *, timeout_s: float = 2.0) -> bool:
    """True when something accepts connections on host:port."""
    with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=timeout_s):
        return True
    return False
