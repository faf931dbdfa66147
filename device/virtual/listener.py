"""A device-local TCP service (`tcp:PORT`), such as the uiautomator2 server.

Kept apart from `phone.py` so that services and their tests can build one
without loading the UI engine.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from device.virtual.pipe import Pipe


@dataclass
class Listener:
    """Registered with `VirtualPhone.listen`; `tcp:PORT` streams are handed to `serve`."""

    port: int
    name: str
    serve: Callable[[Pipe], None]
    """Serves one `tcp:PORT` stream until it ends (see rpc.py), in that stream's thread."""
    stopped: threading.Event = field(default_factory=threading.Event)
    """Set by `unlisten`: the service has ended and its owner should return."""
