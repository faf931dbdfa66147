"""The adbutils edge: the adb server, its devices, and plain-adb control of one phone.

Every adbutils call of droidpilot goes through here, so that its exceptions become
`device.errors` in one place (`_translated`).
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shlex
import socket
import subprocess
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import adbutils
from adbutils._device_base import _DEFAULT_SOCKET_TIMEOUT
from adbutils.errors import AdbConnectionError, AdbError, AdbTimeout

from device.errors import (
    DeviceCommandError,
    DeviceError,
    DeviceNotFoundError,
    DeviceOfflineError,
    DeviceTimeoutError,
)
from device.keys import KEYCODES

logger = logging.getLogger(__name__)

_FOCUS = re.compile(r"mCurrentFocus=Window\{.*\s+(?P<package>[^\s/]+)/(?P<activity>[^\s}]+)\}")
_RESUMED = re.compile(
    r"mResumedActivity: ActivityRecord\{.*\s+(?P<package>[^\s/]+)/(?P<activity>[^\s}]+)"
)
_KEYS_PER_CALL = 100
"""Key codes sent in one `input keyevent` (it takes several), keeping the line short."""
_SIZE = re.compile(r"(Override|Physical) size: (\d+)x(\d+)")
_PROP_LINE = re.compile(r"\[(?P<name>[^\]]+)\]: \[(?P<value>[^\]]*)\]")
"""One line of `getprop`'s listing."""
_PROPS_TIMEOUT_S = 5.0
"""`getprop` answers at once on a healthy phone; a farm's listing waits no longer for it."""
_COMPONENT = re.compile(r"\s*(?P<package>[A-Za-z][\w.]*)/(?P<activity>\.?[A-Za-z_$][\w.$]*)\s*")
LAUNCHER_QUERY = (
    "cmd package query-activities --brief"
    " -a android.intent.action.MAIN -c android.intent.category.LAUNCHER"
)
"""What the launcher itself asks the package manager: every app with an icon."""


def adb_binary() -> str:
    """The adb executable: `$ADBUTILS_ADB_PATH`, else the one bundled in the adbutils wheel."""
    configured = os.environ.get("ADBUTILS_ADB_PATH")
    if configured:
        return configured
    bundled = Path(adbutils.__file__).parent / "binaries" / "adb"
    return str(bundled) if bundled.is_file() else "adb"


@dataclass(frozen=True)
class DeviceSummary:
    """One line of `adb devices -l`."""

    serial: str
    state: str
    """`device` when usable; `offline`, `unauthorized`... otherwise."""
    model: str = ""
    product: str = ""
    transport_id: str = ""


@dataclass(frozen=True)
class LauncherApp:
    """An app the launcher shows an icon for: what `am start -n package/activity` opens."""

    package: str
    activity: str
    """Full class name of the launch activity."""
    label: str | None = None
    """The name under the icon, when the device tells it (the stock shell does not)."""


def parse_launcher_activities(output: str) -> list[LauncherApp]:
    """The components of `cmd package query-activities` output, in its order.

    `--components` prints one `package/activity` per line; `--brief` (Android 8+)
    adds a count, an `Activity #N:` header and a `priority=...` line before each.
    A short activity (`.Settings`) is relative to its package, as in `ComponentName`.
    """
    apps: list[LauncherApp] = []
    for line in output.splitlines():
        match = _COMPONENT.fullmatch(line)
        if match is None:
            continue
        package, activity = match["package"], match["activity"]
        app = LauncherApp(package, package + activity if activity.startswith(".") else activity)
        if app not in apps:
            apps.append(app)
    return apps


def adb_answers(host: str, port: int, *, timeout_s: float = 1.0) -> bool:
    """True when something accepts connections on host:port.

    Asked before adbutils talks to a server: finding none, adbutils starts a local
    adb server by itself (on the default port, whatever port was asked).
    """
    with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=timeout_s):
        return True
    return False


def is_tcp_serial(serial: str) -> bool:
    """A phone adb reaches over TCP (`host:port`), which `adb connect` can bring back."""
    host, _, port = serial.rpartition(":")
    return bool(host) and port.isdigit()


def translate_adb_error(exc: Exception, serial: str | None, what: str) -> DeviceError:
    """The device error for an adbutils or socket error, naming the phone and the step."""
    where = f"{serial}: " if serial else ""
    if isinstance(exc, AdbTimeout | TimeoutError):
        return DeviceTimeoutError(f"{where}{what} timed out", serial=serial)
    if isinstance(exc, AdbConnectionError | ConnectionError | EOFError):
        return DeviceOfflineError(f"{where}{what} failed: connection lost ({exc})", serial=serial)
    if isinstance(exc, AdbError):
        message = str(exc)
        lowered = message.lower()
        if "not found" in lowered and "device" in lowered:
            return DeviceNotFoundError(f"{where}no such device on the adb server", serial=serial)
        if any(
            word in lowered
            for word in (
                "offline",
                "closed",
                "unauthorized",
                "no devices",
                "connection",
                "unable to connect",
            )
        ):
            return DeviceOfflineError(f"{where}{what} failed: {message}", serial=serial)
        return DeviceCommandError(f"{where}{what} failed: {message}", serial=serial)
    return DeviceOfflineError(f"{where}{what} failed: {exc}", serial=serial)


@contextmanager
def _translated(serial: str | None, what: str) -> Iterator[None]:
    """Turn adbutils and socket errors into device errors that name the phone and the step."""
    try:
        yield
    except (AdbError, OSError, EOFError) as exc:
        raise translate_adb_error(exc, serial, what) from exc


class _BoundedDevice(adbutils.AdbDevice):  # type: ignore[misc]
    """An adbutils device whose every stream has a deadline.

    adbutils opens most streams (`create_connection`, `shell`, the wait for the phone's
    OKAY) with a 10-minute socket timeout, which a frozen phone takes in full; here the
    library's default becomes `timeout_s`. Streams that stay open on purpose (a
    `shell(stream=True)` that runs the uiautomator2 server) get no timeout once open,
    since silence there means the process still runs.
    """

    def __init__(self, client: adbutils.AdbClient, serial: str, *, timeout_s: float) -> None:
        self.timeout_s = timeout_s
        super().__init__(client, serial=serial)

    def open_transport(
        self, command: str | None = None, timeout: float | None = _DEFAULT_SOCKET_TIMEOUT
    ) -> Any:
        if timeout is None or timeout == _DEFAULT_SOCKET_TIMEOUT:
            timeout = self.timeout_s
        return super().open_transport(command, timeout=timeout)

    def shell(
        self,
        cmdargs: str | list[str] | tuple[str, ...],
        stream: bool = False,
        timeout: float | None = _DEFAULT_SOCKET_TIMEOUT,
        encoding: str | None = "utf-8",
        rstrip: bool = True,
    ) -> Any:
        if timeout is None or timeout == _DEFAULT_SOCKET_TIMEOUT:
            timeout = self.timeout_s
        result = super().shell(
            cmdargs, stream=stream, timeout=timeout, encoding=encoding, rstrip=rstrip
        )
        if stream:
            result.conn.settimeout(None)
        return result


class AdbServer:
    """An adb server (`host:port`) and the phones it knows."""

    def __init__(
        self, *, host: str = "127.0.0.1", port: int = 5037, timeout_s: float = 20.0
    ) -> None:
        self.host = host
        self.port = port
        self.timeout_s = timeout_s
        self.client = adbutils.AdbClient(host=host, port=port, socket_timeout=timeout_s)

    def start(self) -> None:
        """Start a local adb server on this port unless one already answers there."""
        try:
            completed = subprocess.run(
                [adb_binary(), "-P", str(self.port), "start-server"],
                capture_output=True,
                text=True,
                timeout=30,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise DeviceOfflineError(
                f"cannot start the adb server on port {self.port}: {exc}"
            ) from exc
        if completed.returncode != 0:
            raise DeviceOfflineError(
                f"cannot start the adb server on port {self.port}: "
                f"{(completed.stderr or completed.stdout).strip()}"
            )

    def version(self) -> int:
        """Protocol version of the server (starts a local server if none runs)."""
        with _translated(None, f"adb server {self.host}:{self.port}"):
            return int(self.client.server_version())

    def devices(self) -> list[DeviceSummary]:
        with _translated(None, f"listing devices of adb server {self.host}:{self.port}"):
            infos = self.client.list(extended=True)
        return [
            DeviceSummary(
                serial=info.serial,
                state=info.state,
                model=info.tags.get("model", ""),
                product=info.tags.get("product", ""),
                transport_id=info.tags.get("transport_id", ""),
            )
            for info in infos
        ]

    def connect(self, address: str, *, timeout_s: float = 10.0) -> None:
        """`adb connect host:port` for a phone reachable over TCP."""
        with _translated(address, "adb connect"):
            output = self.client.connect(address, timeout=timeout_s)
        if "connected" not in output:
            raise DeviceOfflineError(
                f"{address}: adb connect failed: {output.strip()}", serial=address
            )

    def disconnect(self, address: str) -> None:
        with _translated(address, "adb disconnect"):
            self.client.disconnect(address)

    def kill(self) -> None:
        """Stop this adb server (only ever one the caller started)."""
        with _translated(None, "adb kill-server"):
            self.client.server_kill()

    def answers(self) -> bool:
        """Whether the server accepts connections (asked without adbutils, which would
        start a local server when none answers)."""
        return adb_answers(self.host, self.port)

    def reconnect(self, address: str) -> None:
        """One `adb disconnect` + `adb connect` for a TCP phone the server dropped or
        lists offline: a phone that went away and came back is used again."""
        with contextlib.suppress(DeviceError):
            self.disconnect(address)
        self.connect(address, timeout_s=self.timeout_s)

    def phone(self, serial: str) -> AdbPhone:
        """The phone with this serial, checked to be online."""
        if not self.answers():
            raise DeviceOfflineError(
                f"no adb server answers on {self.host}:{self.port} to reach {serial!r}",
                serial=serial,
            )
        states = {summary.serial: summary.state for summary in self.devices()}
        if serial not in states:
            known = ", ".join(sorted(states)) or "none"
            raise DeviceNotFoundError(
                f"no device {serial!r} on adb server {self.host}:{self.port} (devices: {known})",
                serial=serial,
            )
        if states[serial] != "device":
            raise DeviceOfflineError(f"{serial}: device is {states[serial]}", serial=serial)
        device = _BoundedDevice(self.client, serial, timeout_s=self.timeout_s)
        return AdbPhone(device, timeout_s=self.timeout_s)


class AdbPhone:
    """Plain-adb control of one phone: shell, screencap, uiautomator dump, input."""

    def __init__(self, device: adbutils.AdbDevice, *, timeout_s: float) -> None:
        self.device = device
        """The adbutils device, which uiautomator2 reuses."""
        self.serial: str = device.serial or ""
        self.timeout_s = timeout_s

    def shell(self, command: str | list[str], *, timeout_s: float | None = None) -> str:
        """Run a shell command; raise DeviceCommandError when it exits non-zero."""
        started = time.perf_counter()
        line = command if isinstance(command, str) else shlex.join(command)
        with _translated(self.serial, f"shell {line!r}"):
            result = self.device.shell2(line, timeout=timeout_s or self.timeout_s, rstrip=True)
        logger.debug(
            "%s shell %r -> %s in %.1f ms",
            self.serial,
            line,
            result.returncode,
            (time.perf_counter() - started) * 1000,
        )
        if result.returncode != 0:
            raise DeviceCommandError(
                f"{self.serial}: {line!r} exited {result.returncode}: "
                f"{result.output.strip()[:300]}",
                serial=self.serial,
            )
        return str(result.output)

    def properties(self) -> dict[str, str]:
        """Every system property, from `getprop`'s `[name]: [value]` listing (one call)."""
        found = {}
        for line in self.shell("getprop", timeout_s=_PROPS_TIMEOUT_S).splitlines():
            match = _PROP_LINE.match(line.strip())
            if match:
                found[match["name"]] = match["value"]
        return found

    def screenshot_png(self) -> bytes:
        with _translated(self.serial, "screencap"):
            data = self.device.shell("screencap -p", encoding=None, timeout=self.timeout_s)
        if not isinstance(data, bytes) or not data.startswith(b"\x89PNG"):
            raise DeviceCommandError(
                f"{self.serial}: screencap returned no PNG", serial=self.serial
            )
        return data

    def dump_hierarchy(self) -> str:
        with _translated(self.serial, "uiautomator dump"):
            return str(self.device.dump_hierarchy())

    def window_size(self) -> tuple[int, int]:
        output = self.shell("wm size")
        sizes = {kind: (int(w), int(h)) for kind, w, h in _SIZE.findall(output)}
        size = sizes.get("Override") or sizes.get("Physical")
        if size is None:
            raise DeviceCommandError(
                f"{self.serial}: cannot read the screen size from {output.strip()!r}",
                serial=self.serial,
            )
        return size

    def current_app(self) -> tuple[str, str]:
        """(package, activity) in front, or ("", "") when none can be read."""
        for command, pattern in (
            ("dumpsys window windows", _FOCUS),
            ("dumpsys activity activities", _RESUMED),
        ):
            with _translated(self.serial, command):
                output = self.device.shell(command, timeout=self.timeout_s)
            match = pattern.search(output)
            if match:
                return match["package"], match["activity"]
        return "", ""

    def launcher_apps(self) -> list[LauncherApp]:
        """Every app with a launcher icon, as the package manager lists them (no labels)."""
        return parse_launcher_activities(self.shell(LAUNCHER_QUERY))

    def tap(self, x: int, y: int) -> None:
        self.shell(["input", "tap", str(x), str(y)])

    def swipe(self, x1: int, y1: int, x2: int, y2: int, *, duration_ms: int) -> None:
        self.shell(["input", "swipe", str(x1), str(y1), str(x2), str(y2), str(duration_ms)])

    def key(self, keycode: int) -> None:
        self.shell(["input", "keyevent", str(keycode)])

    def input_ascii(self, text: str) -> None:
        """`input text` types printable ASCII only; spaces travel as `%s` as on Android."""
        if not text.isascii() or not text.isprintable():
            raise DeviceCommandError(
                f"{self.serial}: plain adb can only type printable ASCII;"
                f" {text!r} needs uiautomator2",
                serial=self.serial,
            )
        if text:
            self.shell(["input", "text", text.replace(" ", "%s")])

    def clear_focused(self) -> None:
        """Empty the focused field: move its cursor to the end, then delete as many
        characters as the hierarchy shows it holding (deleting more is harmless, so a hint
        shown as text does no harm)."""
        root = ET.fromstring(self.dump_hierarchy().encode("utf-8"))
        focused = [node for node in root.iter("node") if node.get("focused") == "true"]
        if not focused:
            raise DeviceCommandError(
                f"{self.serial}: no focused field to clear", serial=self.serial
            )
        fields = [node for node in focused if node.get("class", "").endswith("EditText")]
        count = len((fields or focused)[-1].get("text", ""))
        codes = [str(KEYCODES["MOVE_END"])] + [str(KEYCODES["DEL"])] * count
        for start in range(0, len(codes), _KEYS_PER_CALL):
            self.shell(["input", "keyevent", *codes[start : start + _KEYS_PER_CALL]])

    def start_app(self, package: str, activity: str | None = None) -> None:
        if activity:
            self.shell(["am", "start", "-n", f"{package}/{activity}"])
        else:
            self.shell(["monkey", "-p", package, "-c", "android.intent.category.LAUNCHER", "1"])

    def stop_app(self, package: str) -> None:
        self.shell(["am", "force-stop", package])

    def clear_app(self, package: str) -> None:
        """Stop the app and wipe its data, as a fresh install has it."""
        self.shell(["pm", "clear", package])
