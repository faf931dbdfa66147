"""`AndroidDevice`: one phone, observed and driven through uiautomator2 or plain adb.

uiautomator2 is preferred: its screenshots and dumps are several times faster and it
types Unicode. Plain adb is the fallback when its server cannot start (or when the
config asks for it). Commands to one device are serialised by a lock; different
devices run in parallel.
"""

from __future__ import annotations

import io
import logging
import threading
import time
from typing import Literal

from PIL import Image

from aci import Command, RawObservation
from aci.command import (
    Key,
    KeyCommand,
    LongPressCommand,
    StartAppCommand,
    SwipeCommand,
    TapCommand,
    TypeTextCommand,
    WaitCommand,
)
from device.adb import AdbPhone, AdbServer, LauncherApp
from device.config import DeviceConfig
from device.errors import DeviceCommandError, DeviceError
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
        self._adb: AdbPhone | None = None
        self._u2: U2Phone | None = None
        self._u2_failed = False
        self._launcher_apps: tuple[float, list[LauncherApp]] | None = None
        """When the launcher apps were read (monotonic seconds), and what they were."""

    @property
    def backend(self) -> str:
        """`uiautomator2` or `adb`: which one serves observations and input now."""
        return "uiautomator2" if self._connect_u2() else "adb"

    def adb(self) -> AdbPhone:
        with self._lock:
            if self._adb is None:
                self._adb = self._server.phone(self.serial)
            return self._adb

    def _connect_u2(self) -> U2Phone | None:
        with self._lock:
            if self._u2 is not None or self._u2_failed or self.config.backend == "adb":
                return self._u2
            try:
                self._u2 = U2Phone.start(self.adb().device, timeout_s=self.config.connect_timeout_s)
            except DeviceError as exc:
                if self.config.backend == "uiautomator2":
                    raise
                logger.warning(
                    "%s: uiautomator2 unavailable, using plain adb: %s", self.serial, exc
                )
                self._u2_failed = True
            return self._u2

    def hierarchy(self) -> str:
        """The UI hierarchy alone: what waiting for a screen to settle polls, without the
        screenshot and the foreground app that `observe` also reads."""
        with self._lock:
            u2 = self._connect_u2()
            return u2.dump_hierarchy() if u2 is not None else self.adb().dump_hierarchy()

    def observe(self) -> RawObservation:
        """Screenshot, hierarchy, foreground app and screen size, in one look."""
        with self._lock:
            started = time.perf_counter()
            adb = self.adb()
            u2 = self._connect_u2()
            image_format: Literal["png", "jpeg"]
            if u2 is not None:
                screenshot, image_format = u2.screenshot_jpeg(), "jpeg"
                hierarchy = u2.dump_hierarchy()
            else:
                screenshot, image_format = adb.screenshot_png(), "png"
                hierarchy = adb.dump_hierarchy()
            width, height = _image_size(screenshot, self.serial)
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
        with self._lock:
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
                case KeyCommand(name=name):
                    self.press_key(name)
                case StartAppCommand(package=package, activity=activity):
                    self.start_app(package, activity)
                case WaitCommand(seconds=seconds):
                    time.sleep(seconds)

    def type_text(self, text: str) -> None:
        """Type into the focused field: any Unicode through uiautomator2, ASCII over adb."""
        with self._lock:
            u2 = self._connect_u2()
            if u2 is not None:
                u2.type_text(text)
            else:
                self.adb().input_ascii(text)

    def press_key(self, name: Key | str) -> None:
        try:
            key = Key(name.lower())
        except ValueError as exc:
            raise DeviceCommandError(
                f"unknown key {name!r}: use one of {', '.join(Key)}", serial=self.serial
            ) from exc
        code = KEYCODES[_ANDROID_KEY_NAMES.get(key, key.value.upper())]
        with self._lock:
            u2 = self._connect_u2()
            if u2 is not None:
                u2.key(code)
            else:
                self.adb().key(code)

    def start_app(self, package: str, activity: str | None = None) -> None:
        with self._lock:
            self.adb().start_app(package, activity)

    def stop_app(self, package: str) -> None:
        with self._lock:
            self.adb().stop_app(package)

    def launcher_apps(self) -> list[LauncherApp]:
        """The apps with a launcher icon, read at most once a minute.

        Labels stay unknown: the shell has no command that prints them, and
        uiautomator2's `app_info` (3.7) reports only versionName and versionCode.
        """
        with self._lock:
            now = time.monotonic()
            if self._launcher_apps is None or now - self._launcher_apps[0] > LAUNCHER_APPS_TTL_S:
                self._launcher_apps = (now, self.adb().launcher_apps())
            return list(self._launcher_apps[1])

    def screen_size(self) -> tuple[int, int]:
        with self._lock:
            u2 = self._connect_u2()
            return u2.window_size() if u2 is not None else self.adb().window_size()

    def close(self) -> None:
        """Stop the uiautomator2 server this object started; the phone stays connected."""
        with self._lock:
            if self._u2 is not None:
                self._u2.stop()
                self._u2 = None

    def _tap(self, x: int, y: int) -> None:
        u2 = self._connect_u2()
        if u2 is not None:
            u2.tap(x, y)
        else:
            self.adb().tap(x, y)

    def _long_press(self, x: int, y: int, duration_ms: int) -> None:
        u2 = self._connect_u2()
        if u2 is not None:
            u2.long_press(x, y, duration_ms=duration_ms)
        else:
            self.adb().swipe(x, y, x, y, duration_ms=duration_ms)

    def _swipe(self, x1: int, y1: int, x2: int, y2: int, duration_ms: int) -> None:
        u2 = self._connect_u2()
        if u2 is not None:
            u2.swipe(x1, y1, x2, y2, duration_ms=duration_ms)
        else:
            self.adb().swipe(x1, y1, x2, y2, duration_ms=duration_ms)


def _image_size(data: bytes, serial: str) -> tuple[int, int]:
    """The screen size as the screenshot shows it (reads only the image header)."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            return image.size
    except (OSError, ValueError) as exc:
        raise DeviceCommandError(
            f"{serial}: the screenshot is not an image", serial=serial
        ) from exc
