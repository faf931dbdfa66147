"""The uiautomator2 edge: the on-phone server for fast screenshots, dumps and Unicode input.

The uiautomator2 library starts the server (pushes its jar, runs app_process, waits for
`/ping`); calls then go straight to its JSON-RPC endpoint over one `tcp:9008` stream
each, written in a single send. The library's own HTTP client sends headers and body
separately, which costs a delayed-ACK round (about 40 ms) per call on Linux.

Every call has a deadline: RPCs a socket timeout, starting the server (a library call
that takes none) a wait on a worker thread. A server that went away (another client
stopped or replaced it) is started again once and the call retried.

uiautomator2 raises `BaseException` subclasses (its DeviceError and RPCError trees),
so they are caught by name here and turned into `device.errors`.
"""

from __future__ import annotations

import base64
import json
import logging
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import adbutils
import uiautomator2
from adbutils import Network
from adbutils.errors import AdbError, AdbTimeout
from uiautomator2 import exceptions as u2e

from device.adb import translate_adb_error
from device.errors import DeviceCommandError, DeviceOfflineError, DeviceTimeoutError

SERVER_PORT = 9008
"""Where the uiautomator2 server listens on the phone."""
_RESTART_MARKERS = ("UiAutomation not connected", "DeadObjectException")
_FOCUSED = {"mask": 0x20000, "childOrSibling": [], "childOrSiblingSelector": [], "focused": True}
"""A UiSelector as the library writes one (MASK_FOCUSED): the node with the input focus."""

logger = logging.getLogger(__name__)
T = TypeVar("T")


class _ServerGone(DeviceOfflineError):
    """Nothing serves `tcp:9008` any more, though the phone answers: start it again."""


@contextmanager
def _translated(serial: str, what: str) -> Iterator[None]:
    try:
        yield
    except (u2e.HTTPTimeoutError, AdbTimeout, TimeoutError) as exc:
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
    except AdbError as exc:
        raise translate_adb_error(exc, serial, what) from exc
    except (u2e.DeviceError, u2e.RPCError, OSError) as exc:
        raise DeviceCommandError(
            f"{serial}: {what} failed: {type(exc).__name__}: {exc}", serial=serial
        ) from exc


def _within(timeout_s: float, serial: str, what: str, call: Callable[[], T]) -> T:
    """Run a library call that takes no timeout, and stop waiting for it after `timeout_s`.

    The worker thread is left behind on a timeout; the socket timeouts of the adb
    device it uses end it soon after.
    """
    result: list[T] = []
    error: list[BaseException] = []

    def run() -> None:
        try:
            result.append(call())
        except BaseException as exc:
            error.append(exc)

    worker = threading.Thread(target=run, name=f"u2 {what} {serial}", daemon=True)
    worker.start()
    worker.join(timeout_s)
    if worker.is_alive():
        raise DeviceTimeoutError(
            f"{serial}: {what} did not finish within {timeout_s:g} s", serial=serial
        )
    if error:
        raise error[0]
    return result[0]


class U2Phone:
    """A phone driven through the uiautomator2 server running on it."""

    def __init__(
        self,
        device: uiautomator2.Device,
        adb_device: adbutils.AdbDevice,
        *,
        timeout_s: float,
        start_timeout_s: float,
    ) -> None:
        self._d = device
        self._adb_device = adb_device
        self.serial: str = adb_device.serial or ""
        self.timeout_s = timeout_s
        """Longest wait for one RPC."""
        self.start_timeout_s = start_timeout_s
        """Longest wait for the server to (re)start."""

    @classmethod
    def start(
        cls, device: adbutils.AdbDevice, *, timeout_s: float, start_timeout_s: float
    ) -> U2Phone:
        """Start (or reuse) the uiautomator2 server; pushes its jar on first use."""
        serial = device.serial or ""
        started = time.perf_counter()
        what = "starting the uiautomator2 server"
        with _translated(serial, what):
            u2_device = _within(start_timeout_s, serial, what, lambda: uiautomator2.connect(device))
        logger.debug(
            "%s uiautomator2 ready in %.0f ms", serial, (time.perf_counter() - started) * 1000
        )
        return cls(u2_device, device, timeout_s=timeout_s, start_timeout_s=start_timeout_s)

    def _restart(self, *, stop_first: bool) -> None:
        """Start the server again (stopping the one this object launched first, if asked)."""
        what = "restarting the uiautomator2 server"

        def restart() -> None:
            if stop_first:
                self._d.stop_uiautomator()
            self._d.start_uiautomator()

        with _translated(self.serial, what):
            _within(self.start_timeout_s, self.serial, what, restart)

    def _call(self, method: str, *params: Any) -> Any:
        """One JSON-RPC call; restarts the server once when it is gone or lost its
        UiAutomation, then retries."""
        started = time.perf_counter()
        try:
            reply = self._post(method, list(params))
        except _ServerGone as exc:
            logger.info("%s: uiautomator2 server gone (%s); starting it again", self.serial, exc)
            self._restart(stop_first=False)
            reply = self._post(method, list(params))
        if "error" in reply and any(m in json.dumps(reply["error"]) for m in _RESTART_MARKERS):
            self._restart(stop_first=True)
            reply = self._post(method, list(params))
        logger.debug(
            "%s rpc %s in %.1f ms", self.serial, method, (time.perf_counter() - started) * 1000
        )
        if "error" in reply:
            error = reply["error"] or {}
            raise DeviceCommandError(
                f"{self.serial}: uiautomator2 {method} failed: {error.get('message')}: "
                f"{str(error.get('data', ''))[:300]}",
                serial=self.serial,
            )
        if "result" not in reply:
            raise DeviceCommandError(
                f"{self.serial}: uiautomator2 {method} answered without a result",
                serial=self.serial,
            )
        return reply["result"]

    def _post(self, method: str, params: list[Any]) -> dict[str, Any]:
        body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": params})
        encoded = body.encode()
        request = (
            f"POST /jsonrpc/0 HTTP/1.1\r\nHost: localhost:{SERVER_PORT}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(encoded)}\r\n\r\n"
        ).encode() + encoded
        what = f"uiautomator2 {method}"
        try:
            sock = self._adb_device.create_connection(Network.TCP, SERVER_PORT)
        except AdbError as exc:
            # adbd closes a stream to a port nothing listens on: the phone is there
            if not isinstance(exc, AdbTimeout) and str(exc).strip().lower() == "closed":
                raise _ServerGone(
                    f"{self.serial}: {what} failed: nothing listens on tcp:{SERVER_PORT}",
                    serial=self.serial,
                ) from exc
            raise translate_adb_error(exc, self.serial, what) from exc
        except OSError as exc:
            raise translate_adb_error(exc, self.serial, what) from exc
        with _translated(self.serial, what):
            try:
                sock.settimeout(self.timeout_s)
                sock.sendall(request)
                status, payload = _read_response(sock)
            except _Unanswered as exc:
                raise _ServerGone(
                    f"{self.serial}: {what} failed: {exc}", serial=self.serial
                ) from exc
            finally:
                sock.close()
        if status != 200:
            raise _ServerGone(
                f"{self.serial}: uiautomator2 {method} got HTTP {status}", serial=self.serial
            )
        try:
            reply = json.loads(payload)
        except ValueError as exc:
            raise DeviceCommandError(
                f"{self.serial}: uiautomator2 {method} sent invalid JSON", serial=self.serial
            ) from exc
        if not isinstance(reply, dict):
            raise DeviceCommandError(
                f"{self.serial}: uiautomator2 {method} sent {type(reply).__name__}, not an object",
                serial=self.serial,
            )
        return reply

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

    def clear_focused(self) -> None:
        """Empty the focused field, as UiObject2.clear does (it sets the text to none)."""
        try:
            self._call("clearTextField", _FOCUSED)
        except DeviceCommandError as exc:
            if "UiObjectNotFoundException" not in str(exc):
                raise
            raise DeviceCommandError(
                f"{self.serial}: no focused field to clear", serial=self.serial
            ) from exc

    def stop(self) -> None:
        """Stop the on-phone server (the next `start` brings it back)."""
        with _translated(self.serial, "stopping the uiautomator2 server"):
            self._d.stop_uiautomator(wait=False)


class _Unanswered(Exception):
    """The stream closed before any byte of a response: the server went away."""


def _read_response(sock: socket.socket) -> tuple[int, bytes]:
    """Status and body of one HTTP/1.1 response (Content-Length, or read to close)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk and not data:
            raise _Unanswered("the uiautomator2 server closed the connection without answering")
        if not chunk:
            raise ConnectionError("uiautomator2 server closed the connection mid-response")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {
        name.strip().lower(): value.strip()
        for name, _, value in (line.partition(":") for line in lines[1:])
    }
    length = int(headers["content-length"]) if "content-length" in headers else None
    while length is None or len(body) < length:
        chunk = sock.recv(1 << 20)
        if not chunk:
            if length is None:
                break
            raise ConnectionError("uiautomator2 server closed the connection mid-body")
        body += chunk
    return status, body if length is None else body[:length]
