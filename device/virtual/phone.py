"""The state of one virtual phone: screen, apps, settings, files, clipboard, services.

Every ADB service (shell, sync, tcp:9008) acts on one `VirtualPhone`. All reads
and writes go through `lock`; every change notifies `changed`, which is what
blocking waits (uiautomator's `waitForExists`) sleep on. The UI itself (apps,
widgets, pixels, view tree) lives in `ui.engine.UiEngine`; this class adds the
system around it.
"""

from __future__ import annotations

import io
import itertools
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from PIL import Image

from device.virtual.files import FileSystem
from device.virtual.hierarchy import Node, XmlForm, to_xml
from device.virtual.listener import Listener
from device.virtual.settings import Settings
from device.virtual.ui.apps import AppInfo, load_apps
from device.virtual.ui.engine import UiEngine

T = TypeVar("T")


RELEASES = {29: "10", 30: "11", 31: "12", 32: "12", 33: "13", 34: "14", 35: "15", 36: "16"}
"""API level -> the Android release that reports it (32 is 12L, whose release is 12)."""

ABIS = ("x86_64", "arm64-v8a", "x86", "armeabi-v7a")
"""The ABIs Android phones and emulators report."""


@dataclass(frozen=True)
class PhoneConfig:
    """What differs between virtual phones."""

    width_px: int = 1080
    height_px: int = 2400
    density_dpi: int = 420
    serial: str = "vphone0001"
    """`ro.serialno`; adb clients see `127.0.0.1:PORT` instead."""
    apps_dirs: tuple[Path, ...] = ()
    """Extra folders of app definitions, loaded after the built-in apps."""
    seed: int | None = None
    """Generate the apps' seeded data lists with this seed (see device/virtual/seed.py)."""
    model: str = "VirtualPhone"
    """`ro.product.model`: what a farm lists and routes by."""
    sdk: int = 35
    """`ro.build.version.sdk`, the API level the phone reports (29-36: Android 10 to 16)."""
    abi: str = "x86_64"
    """`ro.product.cpu.abi`: one of Android's ABIs."""

    def __post_init__(self) -> None:
        if not (120 <= self.width_px <= 8192 and 120 <= self.height_px <= 8192):
            raise ValueError(
                f"screen size {self.width_px}x{self.height_px} out of range: "
                "each side must be 120-8192 px"
            )
        if not 72 <= self.density_dpi <= 1000:
            raise ValueError(f"density {self.density_dpi} dpi out of range: use 72-1000")
        if self.sdk not in RELEASES:
            raise ValueError(
                f"API level {self.sdk} out of range: use {min(RELEASES)}-{max(RELEASES)}"
            )
        if self.abi not in ABIS:
            raise ValueError(f"ABI {self.abi!r} unknown: use one of {', '.join(ABIS)}")
        if not (0 < len(self.model) <= 64 and self.model.isprintable()):
            raise ValueError(f"model {self.model!r}: use 1-64 printable characters")


class VirtualPhone:
    """One phone. Thread-safe: ADB streams run in threads of their own."""

    def __init__(self, config: PhoneConfig | None = None) -> None:
        self.config = config or PhoneConfig()
        self.lock = threading.RLock()
        self.changed = threading.Condition(self.lock)
        self.settings = Settings()
        self.files = FileSystem()
        self.clipboard: str | None = None
        self.booted_at = time.time()
        self.ui = UiEngine(
            load_apps(self.config.apps_dirs),
            width_px=self.config.width_px,
            height_px=self.config.height_px,
            density_dpi=self.config.density_dpi,
            settings=self.settings,
            seed=self.config.seed,
        )
        self._listeners: dict[int, Listener] = {}
        self._pids: dict[str, int] = {}
        self._next_pid = itertools.count(3100)
        release = RELEASES[self.config.sdk]
        self.props = {
            "ro.product.model": self.config.model,
            "ro.product.name": "vphone",
            "ro.product.device": "vphone",
            "ro.product.brand": "droidpilot",
            "ro.product.manufacturer": "droidpilot",
            "ro.product.cpu.abi": self.config.abi,
            "ro.build.version.sdk": str(self.config.sdk),
            "ro.build.version.release": release,
            "ro.build.id": "AP4A.250105.002",
            "ro.build.type": "user",
            "ro.build.fingerprint": (
                f"droidpilot/vphone/vphone:{release}/AP4A.250105.002/1:user/release-keys"
            ),
            "ro.serialno": self.config.serial,
            "ro.sf.lcd_density": str(self.config.density_dpi),
            "ro.adb.secure": "0",
            "ro.debuggable": "1",
            "sys.boot_completed": "1",
            "dev.bootcomplete": "1",
            "persist.sys.timezone": "UTC",
            "ro.product.locale": "en-US",
        }

    # -- the screen ---------------------------------------------------------------------

    @property
    def size(self) -> tuple[int, int]:
        return self.config.width_px, self.config.height_px

    def screenshot(self) -> Image.Image:
        with self.lock:
            return self.ui.render()

    def screenshot_png(self) -> bytes:
        return _encode(self.screenshot(), "PNG")

    def screenshot_jpeg(self, *, quality: int = 80, scale: float = 1.0) -> bytes:
        image = self.screenshot()
        if scale != 1.0:
            width, height = image.size
            image = image.resize((max(1, int(width * scale)), max(1, int(height * scale))))
        return _encode(image, "JPEG", quality=max(1, min(100, quality)))

    def windows(self) -> list[Node]:
        """Window roots, active window first (the app or a system dialog), then the status
        bar, navigation bar, keyboard and toast."""
        with self.lock:
            return self.ui.windows()

    def hierarchy_xml(self, *, form: XmlForm) -> str:
        """`dump` = `uiautomator dump` (active window only); `u2` = every window, indented."""
        windows = self.windows()
        return to_xml(windows[:1] if form == "dump" else windows, form=form)

    # -- input: each call changes the UI and wakes waiters ------------------------------

    def tap(self, x: int, y: int) -> None:
        self._act(self.ui.tap, x, y)

    def long_press(self, x: int, y: int) -> None:
        self._act(self.ui.long_press, x, y)

    def swipe(self, x1: int, y1: int, x2: int, y2: int, *, duration_ms: int = 300) -> None:
        self._act(self.ui.swipe, x1, y1, x2, y2, duration_ms)

    def press_key(self, keycode: int) -> None:
        self._act(self.ui.key, keycode)

    def type_text(self, text: str) -> bool:
        """Type at the cursor of the focused field; False when no field has focus."""
        return self._act(self.ui.type_text, text)

    def set_text(self, key: str, text: str) -> bool:
        """Focus the field whose node has this key and replace its text."""
        return self._act(self.ui.set_text, key, text)

    def clear_text(self) -> bool:
        return self._act(self.ui.clear_text)

    def paste(self) -> bool:
        with self.lock:
            return self.type_text(self.clipboard) if self.clipboard else False

    # -- apps ---------------------------------------------------------------------------

    def start_app(self, package: str, activity: str | None = None) -> bool:
        """Bring an installed app to the front; False when there is no such app or activity."""
        return self._act(self.ui.launch, package, activity)

    def stop_app(self, package: str) -> None:
        self._act(self.ui.stop, package)

    def foreground(self) -> tuple[str, str]:
        with self.lock:
            return self.ui.foreground()

    def packages(self) -> list[str]:
        with self.lock:
            return sorted(app.package for app in self.ui.apps())

    def app_info(self, package: str) -> AppInfo | None:
        """What the package manager knows about an installed app (`dumpsys package`)."""
        with self.lock:
            return next((app for app in self.ui.apps() if app.package == package), None)

    def processes(self) -> dict[str, int]:
        """Running app packages and their pids (a pid lives as long as its process)."""
        with self.lock:
            running = set(self.ui.running())
            self._pids = {pkg: pid for pkg, pid in self._pids.items() if pkg in running}
            for package in sorted(running - set(self._pids)):
                self._pids[package] = next(self._next_pid)
            return dict(self._pids)

    # -- device-local TCP services ------------------------------------------------------

    def listen(self, listener: Listener) -> bool:
        """Start serving `tcp:PORT`; False when something already listens there."""
        with self.lock:
            if listener.port in self._listeners:
                return False
            self._listeners[listener.port] = listener
            self.changed.notify_all()
            return True

    def unlisten(self, listener: Listener) -> None:
        with self.lock:
            if self._listeners.get(listener.port) is listener:
                del self._listeners[listener.port]
            listener.stopped.set()
            self.changed.notify_all()

    def listener(self, port: int) -> Listener | None:
        with self.lock:
            return self._listeners.get(port)

    # -- waiting --------------------------------------------------------------------------

    def wait_until(self, predicate: Callable[[], T], *, timeout_s: float) -> T:
        """Evaluate `predicate` after each change until it is truthy or time runs out."""
        deadline = time.monotonic() + max(0.0, timeout_s)
        with self.changed:
            while True:
                result = predicate()
                remaining = deadline - time.monotonic()
                if result or remaining <= 0:
                    return result
                self.changed.wait(min(remaining, 0.25))

    @contextmanager
    def changing(self) -> Iterator[None]:
        """Hold the lock for a change made outside the helpers above, then wake waiters."""
        with self.changed:
            yield
            self.changed.notify_all()

    def _act(self, method: Callable[..., T], *args: object) -> T:
        with self.changed:
            result = method(*args)
            self.changed.notify_all()
            return result


def _encode(image: Image.Image, fmt: str, **options: int) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()
