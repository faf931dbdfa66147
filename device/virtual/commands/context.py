"""What a shell command gets to run: the phone, its argv and environment, and its three streams.

A command is a plain function `(Context) -> exit status`. It writes through
`out`/`err` (which the shell points at the ADB stream, a pipe buffer or a
redirected file) and watches `hangup` when it runs for long, so that closing
the ADB stream ends it (as SIGHUP ends a process on a phone).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from device.virtual.phone import VirtualPhone

Sink = Callable[[bytes], None]
Flush = Callable[[], None]


def _no_flush() -> None:
    """Output that is not buffered needs no flushing."""


@dataclass
class Context:
    """One command invocation."""

    phone: VirtualPhone
    argv: list[str]
    env: dict[str, str]
    out: Sink
    err: Sink
    stdin: bytes = b""
    hangup: threading.Event = field(default_factory=threading.Event)
    cwd: str = "/"
    flush: Flush = _no_flush
    """Push buffered output to the client now (before a long wait)."""

    @property
    def name(self) -> str:
        return self.argv[0]

    @property
    def args(self) -> list[str]:
        return self.argv[1:]

    def say(self, text: str = "") -> None:
        """Write one line of text to stdout."""
        self.out(text.encode() + b"\n")

    def fail(self, text: str, status: int = 1) -> int:
        """Write one line to stderr and return `status`, for `return ctx.fail(...)`."""
        self.err(text.encode() + b"\n")
        return status


Command = Callable[[Context], int]
"""A shell command: runs with the context, returns the exit status (0-255)."""
