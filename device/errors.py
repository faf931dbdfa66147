"""Errors of the device layer.

    DeviceError                 anything that went wrong talking to a phone
    ├── DeviceNotFoundError     no such serial on the adb server
    ├── DeviceOfflineError      the phone, or the adb server, is gone or not usable
    ├── DeviceTimeoutError      the phone did not answer in time
    └── DeviceCommandError      the phone answered, but the command failed

adbutils and uiautomator2 errors are translated into these in `device/adb.py` and
`device/u2.py` and nowhere else.

Leases of the farm fail apart from the phones (nothing went wrong with a phone):

    LeaseError                  a lease does not allow what was asked
    ├── LeaseConflictError      another holder's lease holds the phone
    └── LeaseNotFoundError      the lease shown is unknown, expired or for another phone
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from device.lease import Lease


class DeviceError(Exception):
    """Root of the device errors; `serial` names the phone when one is known."""

    def __init__(self, message: str, *, serial: str | None = None) -> None:
        super().__init__(message)
        self.serial = serial


class DeviceNotFoundError(DeviceError):
    """The adb server does not know this serial."""


class DeviceOfflineError(DeviceError):
    """The phone disconnected, is offline or unauthorized, or the adb server is unreachable."""


class DeviceTimeoutError(DeviceError):
    """The phone or the adb server did not answer within the time allowed."""


class DeviceCommandError(DeviceError):
    """The phone answered, but the command did not succeed (bad app, bad argument...)."""


class LeaseError(Exception):
    """Root of the lease errors."""


class LeaseConflictError(LeaseError):
    """The phone is leased to someone else; the message says when it frees, and never
    names that lease's id (it is its holder's secret)."""

    def __init__(self, lease: Lease, *, now: float | None = None) -> None:
        now = time.time() if now is None else now
        until = datetime.fromtimestamp(lease.expires_at, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        holder = f" by {lease.holder!r}" if lease.holder else ""
        super().__init__(
            f"{lease.serial} is leased{holder} until {until}"
            f" (frees in {lease.expires_in_s(now):.0f} s unless renewed)"
        )
        self.lease = lease


class LeaseNotFoundError(LeaseError):
    """No live lease has this id: released, expired, never granted, or for another phone."""
