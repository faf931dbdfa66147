"""Errors of the device layer.

    DeviceError                 anything that went wrong talking to a phone
    ├── DeviceNotFoundError     no such serial on the adb server
    ├── DeviceOfflineError      the phone, or the adb server, is gone or not usable
    ├── DeviceTimeoutError      the phone did not answer in time
    └── DeviceCommandError      the phone answered, but the command failed

adbutils and uiautomator2 errors are translated into these in `device/adb.py` and
`device/u2.py` and nowhere else.
"""

from __future__ import annotations


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
