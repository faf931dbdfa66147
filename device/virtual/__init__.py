"""A virtual Android phone that the real adb server, adbutils and uiautomator2 drive over TCP.

`VirtualPhone` holds the state (screen, apps, settings, files); `VirtualPhoneServer`
plays adbd for it on a loopback port.
"""

from device.virtual.phone import PhoneConfig, VirtualPhone
from device.virtual.server import VirtualPhoneServer

__all__ = ["PhoneConfig", "VirtualPhone", "VirtualPhoneServer"]
