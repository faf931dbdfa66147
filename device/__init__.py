"""Talking to phones: adbutils and uiautomator2 drivers, the farm, and the virtual phone.

Public names: `AndroidDevice`, `DeviceConfig`, `AdbServer`, `DeviceSummary`, the farm
(`Farm`, `AdbAddress`, `FarmDevice`, `Lease`, `Health`) and the errors of
`device.errors`.
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
    LeaseConflictError,
    LeaseError,
    LeaseNotFoundError,
)
from device.farm import AdbAddress, Farm, FarmDevice
from device.health import Health, HealthState
from device.lease import Lease

__all__ = [
    "AdbAddress",
    "AdbServer",
    "AndroidDevice",
    "DeviceCommandError",
    "DeviceConfig",
    "DeviceError",
    "DeviceNotFoundError",
    "DeviceOfflineError",
    "DeviceSummary",
    "DeviceTimeoutError",
    "Farm",
    "FarmDevice",
    "Health",
    "HealthState",
    "LauncherApp",
    "Lease",
    "LeaseConflictError",
    "LeaseError",
    "LeaseNotFoundError",
]
