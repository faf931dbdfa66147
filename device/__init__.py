"""Talking to phones: adbutils and uiautomator2 drivers, and the virtual phone.

Public names: `AndroidDevice`, `DeviceConfig`, `AdbServer`, `DeviceSummary` and the
errors of `device.errors`.
"""

from device.adb import AdbServer, DeviceSummary, LauncherApp
from device.android import AndroidDevice
from device.config import DeviceConfig
from device.errors import (
    DeviceCommandError,
    DeviceError,
    DeviceNotFoundError,
    DeviceOfflineError,
    DeviceTimeoutError,
)

__all__ = [
    "AdbServer",
    "AndroidDevice",
    "DeviceCommandError",
    "DeviceConfig",
    "DeviceError",
    "DeviceNotFoundError",
    "DeviceOfflineError",
    "DeviceSummary",
    "DeviceTimeoutError",
    "LauncherApp",
]
