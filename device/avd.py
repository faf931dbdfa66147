"""AVD lifecycle: find the Android SDK, build the emulator's command lines, start, stop,
wipe, and wait for a phone to finish booting.

What runs is built by pure functions (`start_command`, `stop_command`...) so that it can be
checked without an SDK; `run_tool` is the one place that runs an SDK tool and turns its
failures into `AvdError`. `wait_for_boot` needs no SDK: it asks any phone on the adb server
for `sys.boot_completed` and its foreground app, which is what CI waits for before a flow.

    AvdError (a DeviceError)    the SDK is missing, an AVD is unknown or busy, a tool failed
    ├── SdkNotFoundError        neither ANDROID_SDK_ROOT/ANDROID_HOME nor PATH has `emulator`
    └── BootTimeoutError        the phone did not boot (also a DeviceTimeoutError)
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from device.adb import AdbPhone, AdbServer, adb_binary, parse_launcher_activities
from device.android import AndroidDevice
from device.config import DeviceConfig
from device.errors import DeviceError, DeviceTimeoutError

logger = logging.getLogger(__name__)

FIRST_PORT, LAST_PORT = 5554, 5584
"""Console ports adb scans for emulators; each instance also takes the next (odd) port for
adb, so instances go on even ports."""
HOME_QUERY = (
    "cmd package query-activities --brief"
    " -a android.intent.action.MAIN -c android.intent.category.HOME"
)
"""Which apps can be the home screen (what `Home` opens)."""
_USERDATA = ("userdata-qemu.img", "cache.img", "encryptionkey.img", "sdcard.img")
"""What an AVD's `-wipe-data` resets (each also as `.qcow2`), besides its snapshots."""


class AvdError(DeviceError):
    """Something about the SDK or an AVD that the user can fix; the message says how."""


class SdkNotFoundError(AvdError):
    """No `emulator` executable: the SDK is not installed or not on PATH."""


class BootTimeoutError(AvdError, DeviceTimeoutError):
    """The phone did not get to its launcher within the time allowed."""


@dataclass(frozen=True)
class AndroidSdk:
    """The SDK tools droidpilot runs."""

    emulator: Path
    avdmanager: Path | None
    """Creates AVDs (`avdmanager create avd`); droidpilot only names it in messages."""
    root: Path | None
    """The SDK folder, when found through ANDROID_SDK_ROOT/ANDROID_HOME."""


def find_sdk(env: Mapping[str, str] | None = None) -> AndroidSdk:
    """The SDK from ANDROID_SDK_ROOT, then ANDROID_HOME, then `emulator` on PATH."""
    env = os.environ if env is None else env
    tried = []
    for variable in ("ANDROID_SDK_ROOT", "ANDROID_HOME"):
        if not env.get(variable):
            continue
        root = Path(env[variable]).expanduser()
        emulator = root / "emulator" / "emulator"
        if _executable(emulator):
            avdmanager = root / "cmdline-tools" / "latest" / "bin" / "avdmanager"
            found = avdmanager if _executable(avdmanager) else _which("avdmanager", env)
            return AndroidSdk(emulator=emulator, avdmanager=found, root=root)
        tried.append(f"{variable}={root} has no emulator/emulator")
    on_path = _which("emulator", env)
    if on_path is not None:
        return AndroidSdk(emulator=on_path, avdmanager=_which("avdmanager", env), root=None)
    tried.append("no `emulator` on PATH")
    raise SdkNotFoundError(
        f"Android SDK emulator not found ({'; '.join(tried)}): install the SDK's "
        "'emulator' package (sdkmanager emulator) and set ANDROID_SDK_ROOT to the SDK folder"
    )


def _executable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def _which(name: str, env: Mapping[str, str]) -> Path | None:
    found = shutil.which(name, path=env.get("PATH", os.defpath))
    return Path(found) if found else None


@dataclass(frozen=True)
class StartOptions:
    """How to start one emulator instance."""

    port: int
    """Console port (even, 5554-5584); the serial is `emulator-<port>`."""
    snapshot: str | None = None
    """Boot from this snapshot (`-snapshot NAME`); None: the quick-boot one."""
    save_snapshot: bool = True
    """False: `-no-snapshot-save`, so that the run leaves the AVD as it found it."""
    cold_boot: bool = False
    """`-no-snapshot-load`: boot from scratch, ignoring snapshots."""
    read_only: bool = False
    """`-read-only`: needed for a second instance of an AVD that is already running."""
    wipe: bool = False
    """`-wipe-data`: reset the user data first, as a factory reset does."""
    gpu: str = "swiftshader_indirect"
    """Software rendering, which works on CI runners without a GPU or display."""

    def __post_init__(self) -> None:
        if not (FIRST_PORT <= self.port <= LAST_PORT and self.port % 2 == 0):
            raise AvdError(
                f"port {self.port} out of range: use an even port {FIRST_PORT}-{LAST_PORT}"
            )


def list_command(sdk: AndroidSdk) -> list[str]:
    return [str(sdk.emulator), "-list-avds"]


def start_command(sdk: AndroidSdk, name: str, options: StartOptions) -> list[str]:
    """A headless emulator: no window, no audio, no boot animation."""
    argv = [str(sdk.emulator), "-avd", name, "-port", str(options.port)]
    argv += ["-no-window", "-no-audio", "-no-boot-anim", "-gpu", options.gpu]
    if options.snapshot:
        argv += ["-snapshot", options.snapshot]
    if options.cold_boot:
        argv.append("-no-snapshot-load")
    if not options.save_snapshot:
        argv.append("-no-snapshot-save")
    if options.read_only:
        argv.append("-read-only")
    if options.wipe:
        argv.append("-wipe-data")
    return argv


def stop_command(serial: str, *, adb_port: int = 5037) -> list[str]:
    """`adb emu kill`: the emulator saves its quick-boot snapshot (unless told not to) and exits."""
    if not serial.startswith("emulator-"):
        raise AvdError(f"{serial!r} is not an emulator: stop takes a serial like emulator-5554")
    return [adb_binary(), "-P", str(adb_port), "-s", serial, "emu", "kill"]


def run_tool(argv: list[str], *, timeout_s: float = 60.0) -> str:
    """Run an SDK or adb tool to completion; its stdout, or AvdError naming what failed."""
    logger.debug("running %s", argv)
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout_s, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise AvdError(f"{Path(argv[0]).name} failed: {exc}") from exc
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip().splitlines()
        raise AvdError(
            f"{' '.join(argv[1:])!r} exited {done.returncode}: {said[-1] if said else 'no output'}"
        )
    return done.stdout


def list_avds(sdk: AndroidSdk) -> list[str]:
    """AVD names; the emulator's own log lines (`INFO | ...`) are left out."""
    lines = run_tool(list_command(sdk)).splitlines()
    return [line.strip() for line in lines if line.strip() and " " not in line.strip()]


def free_port(taken: Collection[int] = (), *, host: str = "127.0.0.1") -> int:
    """The first even console port whose pair (console, adb) nothing listens on."""
    for port in range(FIRST_PORT, LAST_PORT + 1, 2):
        if port not in taken and _bindable(host, port) and _bindable(host, port + 1):
            return port
    raise AvdError(f"no free emulator port: {FIRST_PORT}-{LAST_PORT + 1} are all in use")


def _bindable(host: str, port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def avd_folder(name: str, env: Mapping[str, str] | None = None) -> Path:
    """Where an AVD keeps its disks: the `path=` of `NAME.ini` in the AVD home."""
    env = os.environ if env is None else env
    if env.get("ANDROID_AVD_HOME"):
        home = Path(env["ANDROID_AVD_HOME"])
    else:
        user = env.get("ANDROID_USER_HOME") or env.get("ANDROID_EMULATOR_HOME")
        home = (Path(user) if user else Path.home() / ".android") / "avd"
    ini = home.expanduser() / f"{name}.ini"
    with contextlib.suppress(OSError):
        for line in ini.read_text(encoding="utf-8").splitlines():
            key, _, value = line.partition("=")
            if key.strip() == "path" and value.strip():
                return Path(value.strip())
    folder = home.expanduser() / f"{name}.avd"
    if not folder.is_dir():
        raise AvdError(f"no AVD {name!r} in {home} (create it with avdmanager create avd)")
    return folder


def is_running(folder: Path) -> bool:
    """An instance holds the AVD: the emulator keeps `*.lock` files while it runs."""
    return any(folder.glob("*.lock"))


def wipe_files(folder: Path) -> list[Path]:
    """Delete what `-wipe-data` resets, without booting; the paths deleted."""
    if is_running(folder):
        raise AvdError(f"{folder.name} is running (lock files in {folder}): stop it first")
    gone = []
    for name in _USERDATA:
        for path in (folder / name, folder / f"{name}.qcow2"):
            if path.is_file():
                path.unlink()
                gone.append(path)
    if (folder / "snapshots").is_dir():  # they hold the old data and would bring it back
        shutil.rmtree(folder / "snapshots")
        gone.append(folder / "snapshots")
    return gone


@dataclass
class StartedAvd:
    """An emulator process started in its own session, so that it outlives droidpilot."""

    name: str
    serial: str
    process: subprocess.Popen[bytes]
    log: Path

    def exited(self) -> str | None:
        """Why the emulator is gone (with its last log line), or None while it runs."""
        code = self.process.poll()
        if code is None:
            return None
        lines = (
            self.log.read_text(errors="replace").strip().splitlines() if self.log.exists() else []
        )
        return f"emulator exited {code}: {lines[-1] if lines else 'no output'} (log: {self.log})"


def start_avd(sdk: AndroidSdk, name: str, options: StartOptions) -> StartedAvd:
    """Launch the emulator in the background; its output goes to a log file."""
    argv = start_command(sdk, name, options)
    log = Path(tempfile.gettempdir()) / f"droidpilot-avd-{name}-{options.port}.log"
    logger.debug("starting %s, log in %s", argv, log)
    with log.open("wb") as out:
        try:
            process = subprocess.Popen(
                argv, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        except OSError as exc:
            raise AvdError(f"cannot start {sdk.emulator}: {exc}") from exc
    return StartedAvd(name, f"emulator-{options.port}", process, log)


BootStage = Literal["device", "boot", "launcher", "ready"]


@dataclass(frozen=True)
class BootProgress:
    """Where a boot is, reported each time it moves on."""

    stage: BootStage
    """`device`: waiting for adb to list it; `boot`: for sys.boot_completed; `launcher`: for
    the home screen in front; `ready`."""
    elapsed_s: float
    message: str


def wait_for_boot(
    device_or_serial: AndroidDevice | str,
    timeout_s: float = 300.0,
    *,
    config: DeviceConfig | None = None,
    on_progress: Callable[[BootProgress], None] | None = None,
    abort: Callable[[], str | None] | None = None,
    poll_s: float = 1.0,
) -> None:
    """Return once `sys.boot_completed` is 1 and a home app is in front.

    Boot completes before the launcher draws, and a flow started in between taps on a
    blank screen, so both are waited for. `abort` tells why to stop early (an emulator
    process that died); `config` reaches the adb server when a serial is given.
    """
    started = time.monotonic()
    serial = device_or_serial if isinstance(device_or_serial, str) else device_or_serial.serial
    stage: BootStage | None = None
    seen = ""

    def move(to: BootStage, message: str) -> None:
        nonlocal stage
        if to != stage and on_progress is not None:
            on_progress(BootProgress(to, time.monotonic() - started, f"{serial}: {message}"))
        stage = to

    while True:
        reason = abort() if abort is not None else None
        if reason:
            raise AvdError(f"{serial}: {reason}", serial=serial)
        try:
            phone = _adb_phone(device_or_serial, config)
            seen = phone.shell("getprop sys.boot_completed").strip()
            if seen != "1":
                move("boot", "waiting for sys.boot_completed")
            else:
                front = phone.current_app()[0]
                seen = front or "nothing"
                if _is_home(phone, front):
                    move("ready", f"booted, {front} in front")
                    return
                move("launcher", "booted; waiting for the launcher")
        except DeviceError as exc:
            seen = str(exc)
            move("device", "waiting for the device on adb")
        if time.monotonic() - started + poll_s > timeout_s:
            break
        time.sleep(poll_s)
    waiting = {
        None: "the device",
        "device": f"the device on adb (last: {seen})",
        "boot": f"sys.boot_completed=1 (last value: {seen or 'empty'})",
        "launcher": f"the launcher in front (in front: {seen})",
    }[stage]
    raise BootTimeoutError(
        f"{serial} did not boot within {timeout_s:g} s: still waiting for {waiting}", serial=serial
    )


def _adb_phone(device_or_serial: AndroidDevice | str, config: DeviceConfig | None) -> AdbPhone:
    if isinstance(device_or_serial, AndroidDevice):
        return device_or_serial.adb()
    config = config or DeviceConfig()
    server = AdbServer(
        host=config.adb_host, port=config.adb_port, timeout_s=config.command_timeout_s
    )
    return server.phone(device_or_serial)


def _is_home(phone: AdbPhone, package: str) -> bool:
    """Whether `package` is a home app; a name with `launcher` in it where Android (< 8)
    cannot list home apps."""
    if not package:
        return False
    try:
        homes = {app.package for app in parse_launcher_activities(phone.shell(HOME_QUERY))}
    except DeviceError:
        homes = set()
    return package in homes if homes else "launcher" in package.lower()
