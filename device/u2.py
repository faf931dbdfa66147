"""The uiautomator2 edge: the on-phone server for fast screenshots, dumps and Unicode input.

uiautomator2 raises `BaseException` subclasses (its DeviceError and RPCError trees),
so they are caught by name here and turned into `device.errors`.
"""

from __future__ import annotations

import base64
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import adbutils
import uiautomator2
from adbutils.errors import AdbError
from uiautomator2 import exceptions as u2e

from device.errors import DeviceCommandError, DeviceOfflineError, DeviceTimeoutError

logger = logging.getLogger(__name__)


@contextmanager
def _translated(serial: str, what: str) -> Iterator[None]:
    try:
        yield
    except (u2e.HTTPTimeoutError, TimeoutError) as exc:
        raise DeviceTimeoutError(f"{serial}: {what} timed out", serial=serial) from exc
    except (
        u2e.ConnectError,
        u2e.HTTPError,
        u2e.UiAutomationError,
        ConnectionError,
        EOFError,
    ) as exc:
        raise DeviceOfflineError(
            f"{serial}: {what} failed: {type(exc).__name__}: {exc}", serial=serial
        ) from exc
    except (u2e.DeviceError, u2e.RPCError, AdbError, OSError) as exc:
        raise DeviceCommandError(
            f"{serial}: {what} failed: {type(exc).__name__}: {exc}", serial=serial
        ) from exc


class U2Phone:
    """A phone driven through the uiautomator2 server running on it."""

    def __init__(self, device: uiautomator2.Device, *, serial: str, timeout_s: float) -> None:
        self._d = device
        self.serial = serial
        self.timeout_s = timeout_s

    @classmethod
    def start(cls, device: adbutils.AdbDevice, *, timeout_s: float) -> U2Phone:
        """Start (or reuse) the uiautomator2 server; pushes its jar on first use."""
        serial = device.serial or ""
        started = time.perf_counter()
        with _translated(serial, "starting the uiautomator2 server"):
            u2_device = uiautomator2.connect(device)
            u2_device.settings["wait_timeout"] = min(timeout_s, 20.0)
        logger.debug(
            "%s uiautomator2 ready in %.0f ms", serial, (time.perf_counter() - started) * 1000
        )
        return cls(u2_device, serial=serial, timeout_s=timeout_s)

    def _call(self, method: str, *params: Any) -> Any:
        started = time.perf_counter()
        with _translated(self.serial, f"uiautomator2 {method}"):
            result = self._d.jsonrpc_call(method, list(params), timeout=self.timeout_s)
        logger.debug(
            "%s rpc %s in %.1f ms", self.serial, method, (time.perf_counter() - started) * 1000
        )
        return result

    def screenshot_jpeg(self, *, quality: int = 80) -> bytes:
        encoded = self._call("takeScreenshot", 1, quality)
        if not encoded:
            raise DeviceCommandError(
                f"{self.serial}: uiautomator2 returned no screenshot", serial=self.serial
            )
        return base64.b64decode(encoded)

    def dump_hierarchy(self) -> str:
        return str(self._call("dumpWindowHierarchy", False, 50))

    def window_size(self) -> tuple[int, int]:
        info = self._call("deviceInfo")
        return int(info["displayWidth"]), int(info["displayHeight"])

    def tap(self, x: int, y: int) -> None:
        self._call("click", x, y)

    def long_press(self, x: int, y: int, *, duration_ms: int) -> None:
        self._call("click", x, y, duration_ms)

    def swipe(self, x1: int, y1: int, x2: int, y2: int, *, duration_ms: int) -> None:
        steps = max(2, duration_ms // 5)
        self._call("swipe", x1, y1, x2, y2, steps)

    def key(self, keycode: int) -> None:
        self._call("pressKeyCode", keycode)

    def type_text(self, text: str) -> None:
        """Paste Unicode text at the cursor of the focused field through the clipboard."""
        self._call("setClipboard", None, text)
        if self._call("getClipboard") != text:
            raise DeviceCommandError(
                f"{self.serial}: the clipboard did not keep the text", serial=self.serial
            )
        self._call("pasteClipboard")

    def stop(self) -> None:
        """Stop the on-phone server (the next `start` brings it back)."""
        with _translated(self.serial, "stopping the uiautomator2 server"):
            self._d.stop_uiautomator(wait=False)
