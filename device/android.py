"""`AndroidDevice`: one phone, observed and driven through uiautomator2 or plain adb.

uiautomator2 is preferred: its screenshots and dumps are several times faster and it
types Unicode. Plain adb is the fallback when its server cannot start (or when the
config asks for it). Commands to one device are serialised by a lock; different
devices run in parallel.

Every call has a deadline, the wait for the lock included, so a frozen phone costs
its callers `command_timeout_s` and never a hang. A call that loses the connection or
times out drops the cached adb and uiautomator2 connections: the next call finds the
phone on the adb server again (`adb connect` once for a TCP phone that dropped) and
restarts the uiautomator2 server if it no longer answers.
"""

from __future__ import annotations

import io
import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal

from PIL import Image

from aci import Command, RawObservation
from aci.command import (
    ClearTextCommand,
    Key,
    KeyCommand,
    LongPressCommand,
    StartAppCommand,
    SwipeCommand,
    TapCommand,
    TypeTextCommand,
    WaitCommand,
)
from device.adb import AdbPhone, AdbServer, LauncherApp, is_tcp_serial
from device.config import DeviceConfig
from device.errors import (
    DeviceCommandError,
    DeviceError,
    DeviceNotFoundError,
    DeviceOfflineError,
    DeviceTimeoutError,
)
from device.health import Health, HealthState
from device.keys import KEYCODES
from device.u2 import U2Phone

logger = logging.getLogger(__name__)

_ANDROID_KEY_NAMES = {Key.RECENTS: "APP_SWITCH", Key.DELETE: "DEL"}
"""Keys whose Android name differs from the ACI's (the rest are the same, upper-cased)."""
LAUNCHER_APPS_TTL_S = 60.0
"""How long a phone's list of launcher apps is reused: apps are rarely installed mid-run."""


class AndroidDevice:
    """A phone on an adb server. Connects lazily; safe to share between threads."""

    def __init__(self, serial: str, *, config: DeviceConfig | None = None) -> None:
        self.serial = serial
        self.config = config or DeviceConfig()
        self._server = AdbServer(
            host=self.config.adb_host,
            port=self.config.adb_port,
            timeout_s=self.config.command_timeout_s,
        )
        self._lock = threading.RLock()
        self._depth = 0
        """How many calls of the lock's holder are open (calls nest: execute -> type_text)."""
        self._busy_with: str | None = None
        """What the outermost running call does, for the message of a caller left waiting."""
        self._timeouts = 0
        """Calls that timed out so far: a caller that waited while one did shares its verdict."""
        self._adb: AdbPhone | None = None
        self._u2: U2Phone | None = None
        self._u2_failed = False
        self._was_online = False
        self._health = Health()
        self._size: tuple[int, int] | None = None
        self._launcher_apps: tuple[float, list[LauncherApp]] | None = None
        """When the launcher apps were read (monotonic seconds), and what they were."""

    @property
    def health(self) -> Health:
        """How the last call went; asks nothing of the phone."""
        return self._health

    @property
    def connected_backend(self) -> str | None:
        """`uiautomator2` or `adb` when connected, None before (asks nothing of the phone)."""
        if self._u2 is not None:
            return "uiautomator2"
        if self._adb is not None and (self._u2_failed or self.config.backend == "adb"):
            return "adb"
        return None

    @property
    def known_size(self) -> tuple[int, int] | None:
        """The screen size last read from the phone, if any (asks nothing of it)."""
        return self._size

    @property
    def busy(self) -> bool:
        """Whether a call is running on the phone now."""
        return self._busy_with is not None

    @property
    def backend(self) -> str:
        """`uiautomator2` or `adb`: which one serves observations and input now."""
        with self._call("connecting"):
            return "uiautomator2" if self._connect_u2() else "adb"

    def adb(self) -> AdbPhone:
        with self._call("connecting over adb"):
            return self._connect_adb()

    @contextmanager
    def _call(self, what: str) -> Iterator[None]:
        """Hold the phone for one call, waiting for it at most `command_timeout_s`.

        The outermost call records the phone's health; after a lost connection or a
        timeout it drops the cached connections so that the next call reconnects.
        """
        wait_s = self.config.command_timeout_s
        timeouts_seen = self._timeouts
        if not self._lock.acquire(timeout=wait_s):
            raise DeviceTimeoutError(
                f"{self.serial}: busy: {self._busy_with or 'another call'} did not answer"
                f" within {wait_s:g} s",
                serial=self.serial,
            )
        if self._depth == 0 and self._timeouts != timeouts_seen:
            self._lock.release()
            raise DeviceTimeoutError(
                f"{self.serial}: busy: the call before this one did not answer within"
                f" {wait_s:g} s ({self._health.last_error})",
                serial=self.serial,
            )
        outermost = self._depth == 0
        self._depth += 1
        if outermost:
            self._busy_with = what
        try:
            if not outermost:
                yield
                return
            started = time.perf_counter()
            try:
                yield
            except DeviceTimeoutError as exc:
                self._timeouts += 1
                self._failed(HealthState.UNRESPONSIVE, exc)
                raise
            except (DeviceOfflineError, DeviceNotFoundError) as exc:
                self._failed(HealthState.OFFLINE, exc)
                raise
            except DeviceCommandError:
                self._health = Health(HealthState.OK, None, time.time())
                raise
            self._health = Health(HealthState.OK, None, time.time())
            logger.debug(
                "%s %s in %.1f ms", self.serial, what, (time.perf_counter() - started) * 1000
            )
        finally:
            self._depth -= 1
            if outermost:
                self._busy_with = None
            self._lock.release()

    def _failed(self, state: HealthState, exc: DeviceError) -> None:
        """Record the failure and forget the connections it may have broken."""
        logger.warning("%s: %s: %s", self.serial, state.value, exc)
        self._health = Health(state, str(exc), time.time())
        self._adb = None
        self._u2 = None
        self._u2_failed = False

    def _connect_adb(self) -> AdbPhone:
        if self._adb is None:
            try:
                self._adb = self._server.phone(self.serial)
            except (DeviceOfflineError, DeviceNotFoundError) as exc:
                if not (self._was_online and is_tcp_serial(self.serial)):
                    raise
                if not self._server.answers():
                    raise
                logger.info("%s: %s; trying adb connect once", self.serial, exc)
                self._server.reconnect(self.serial)
                self._adb = self._server.phone(self.serial)
            self._was_online = True
        return self._adb

    def _connect_u2(self) -> U2Phone | None:
        if self._u2 is not None or self._u2_failed or self.config.backend == "adb":
            return self._u2
        adb = self._connect_adb()
        try:
            self._u2 = U2Phone.start(
                adb.device,
                timeout_s=self.config.command_timeout_s,
                start_timeout_s=self.config.connect_timeout_s,
            )
        except DeviceError as exc:
            if self.config.backend == "uiautomator2":
                raise
            # a frozen or lost phone fails the plain-adb call next, which resets this
            logger.warning("%s: uiautomator2 unavailable, using plain adb: %s", self.serial, exc)
            self._u2_failed = True
        return self._u2

    def hierarchy(self) -> str:
        """The UI hierarchy alone: what waiting for a screen to settle polls, without the
        screenshot and the foreground app that `observe` also reads."""
        with self._call("hierarchy"):
            u2 = self._connect_u2()
            return u2.dump_hierarchy() if u2 is not None else self._connect_adb().dump_hierarchy()

    def observe(self) -> RawObservation:
        """Screenshot, hierarchy, foreground app and screen size, in one look."""
        with self._call("observe"):
            started = time.perf_counter()
            adb = self._connect_adb()
            u2 = self._connect_u2()
            image_format: Literal["png", "jpeg"]
            if u2 is not None:
                screenshot, image_format = u2.screenshot_jpeg(), "jpeg"
                hierarchy = u2.dump_hierarchy()
            else:
                screenshot, image_format = adb.screenshot_png(), "png"
                hierarchy = adb.dump_hierarchy()
            width, height = _image_size(screenshot, self.serial)
            self._size = (width, height)
            package, activity = adb.current_app()
            return RawObservation(
                screenshot=screenshot,
                image_format=image_format,
                hierarchy_xml=hierarchy,
                package=package,
                activity=activity,
                width=width,
                height=height,
                backend="uiautomator2" if u2 is not None else "adb",
                elapsed_ms=(time.perf_counter() - started) * 1000,
            )

    def execute(self, command: Command) -> None:
        """Carry out one concrete step."""
        with self._call(f"execute {command.type}"):
            match command:
                case TapCommand(x=x, y=y):
                    self._tap(x, y)
                case LongPressCommand(x=x, y=y, duration_ms=duration_ms):
                    self._long_press(x, y, duration_ms)
                case SwipeCommand(x1=x1, y1=y1, x2=x2, y2=y2, duration_ms=duration_ms):
                    self._swipe(x1, y1, x2, y2, duration_ms)
                case TypeTextCommand(text=text, x=x, y=y):
                    if x is not None and y is not None:
                        self._tap(x, y)
                    self.type_text(text)
                case ClearTextCommand(x=x, y=y):
                    if x is not None and y is not None:
                        self._tap(x, y)
                    self.clear_text()
                case KeyCommand(name=name):
                    self.press_key(name)
                case StartAppCommand(package=package, activity=activity):
                    self.start_app(package, activity)
                case WaitCommand(seconds=seconds):
                    time.sleep(seconds)

    def type_text(self, text: str) -> None:
        """Type into the focused field: any Unicode through uiautomator2, ASCII over adb."""
        with self._call("type text"):
            u2 = self._connect_u2()
            if u2 is not None:
                u2.type_text(text)
            else:
                self._connect_adb().input_ascii(text)

    def clear_text(self) -> None:
        """Empty the focused field: through uiautomator2 as UiObject2.clear does, over adb by
        moving to its end and deleting each character."""
        with self._call("clear text"):
            u2 = self._connect_u2()
            if u2 is not None:
                u2.clear_focused()
            else:
                self._connect_adb().clear_focused()

    def press_key(self, name: Key | str) -> None:
        try:
            key = Key(name.lower())
        except ValueError as exc:
            raise DeviceCommandError(
                f"unknown key {name!r}: use one of {', '.join(Key)}", serial=self.serial
            ) from exc
        code = KEYCODES[_ANDROID_KEY_NAMES.get(key, key.value.upper())]
        with self._call(f"press {key.value}"):
            u2 = self._connect_u2()
            if u2 is not None:
                u2.key(code)
            else:
                self._connect_adb().key(code)

    def start_app(self, package: str, activity: str | None = None) -> None:
        with self._call(f"start {package}"):
            self._connect_adb().start_app(package, activity)

    def stop_app(self, package: str) -> None:
        with self._call(f"stop {package}"):
            self._connect_adb().stop_app(package)

    def clear_app(self, package: str) -> None:
        with self._call(f"clear {package}"):
            self._connect_adb().clear_app(package)

    def launcher_apps(self) -> list[LauncherApp]:
        """The apps with a launcher icon, read at most once a minute.

        Labels stay unknown: the shell has no command that prints them, and
        uiautomator2's `app_info` (3.7) reports only versionName and versionCode.
        """
        with self._call("launcher apps"):
            now = time.monotonic()
            if self._launcher_apps is None or now - self._launcher_apps[0] > LAUNCHER_APPS_TTL_S:
                self._launcher_apps = (now, self._connect_adb().launcher_apps())
            return list(self._launcher_apps[1])

    def screen_size(self) -> tuple[int, int]:
        with self._call("screen size"):
            u2 = self._connect_u2()
            size = u2.window_size() if u2 is not None else self._connect_adb().window_size()
            self._size = size
            return size

    def close(self) -> None:
        """Stop the uiautomator2 server this object started; the phone stays connected.

        A phone stuck in another call is left as it is: stopping would wait on it too.
        """
        if not self._lock.acquire(timeout=self.config.command_timeout_s):
            logger.warning(
                "%s: busy with %s; closing without stopping uiautomator2",
                self.serial,
                self._busy_with,
            )
            return
        try:
            u2, self._u2 = self._u2, None
            if u2 is not None:
                u2.stop()
        finally:
            self._lock.release()

    def _tap(self, x: int, y: int) -> None:
        u2 = self._connect_u2()
        if u2 is not None:
            u2.tap(x, y)
        else:
            self._connect_adb().tap(x, y)

    def _long_press(self, x: int, y: int, duration_ms: int) -> None:
        u2 = self._connect_u2()
        if u2 is not None:
            u2.long_press(x, y, duration_ms=duration_ms)
        else:
            self._connect_adb().swipe(x, y, x, y, duration_ms=duration_ms)

    def _swipe(self, x1: int, y1: int, x2: int, y2: int, duration_ms: int) -> None:
        u2 = self._connect_u2()
        if u2 is not None:
            u2.swipe(x1, y1, x2, y2, duration_ms=duration_ms)
        else:
            self._connect_adb().swipe(x1, y1, x2, y2, duration_ms=duration_ms)


def _image_size(data: bytes, serial: str) -> tuple[int, int]:
    """The screen size as the screenshot shows it (reads only the image header)."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            return image.size
    except (OSError, ValueError) as exc:
        raise DeviceCommandError(
            f"{serial}: the screenshot is not an image", serial=serial
        ) from exc
