"""How a phone answered its last call: what a farm listing shows without asking it again."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class HealthState(StrEnum):
    UNKNOWN = "unknown"
    """No call has reached the phone yet."""
    OK = "ok"
    """The last call got an answer (a command the phone refused counts: it answered)."""
    UNRESPONSIVE = "unresponsive"
    """The last call timed out: the phone (or its adb transport) is frozen or overloaded."""
    OFFLINE = "offline"
    """The last call lost the connection, or the adb server no longer lists the phone."""


@dataclass(frozen=True)
class Health:
    """The state after the last call, and the error that set it."""

    state: HealthState = HealthState.UNKNOWN
    last_error: str | None = None
    checked_at: float | None = None
    """Wall-clock seconds of the last call's end; None before any call."""
