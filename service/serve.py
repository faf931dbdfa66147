"""`droidpilot serve`: the HTTP API, on a phone that adb knows or on a virtual one.

When the adb server has no usable phone, a virtual phone is started on loopback and
`adb connect`ed, so that a first run needs nothing attached. A local adb server that is
not running is started. Everything serve started (the virtual phone, the adb server) is
stopped when it stops (Ctrl-C or SIGTERM).
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from types import FrameType

import uvicorn
from fastapi import FastAPI

from device import AdbServer, DeviceError, DeviceOfflineError
from device.virtual import PhoneConfig, VirtualPhone, VirtualPhoneServer
from service.adb_probe import adb_answers
from service.app import create_app
from service.config import Settings
from service.ground import Grounder

logger = logging.getLogger(__name__)

_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


class ServeError(Exception):
    """serve cannot start; the message says what to change."""


@dataclass(frozen=True)
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 8000
    """Port of the HTTP API (0 = any free port)."""
    virtual: bool = True
    """Start a virtual phone when the adb server has no usable phone."""
    virtual_port: int = 5555
    """Port of that virtual phone; any free port when it is taken (0 = any free port)."""


@dataclass(frozen=True)
class Phone:
    serial: str
    virtual: bool


def serve(settings: Settings, options: ServeOptions) -> int:
    """Run the API until Ctrl-C or SIGTERM; returns the exit status."""
    listener = _listen(options.host, options.port)
    adb = AdbServer(host=settings.adb_host, port=settings.adb_port, timeout_s=10.0)
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        with listener, _adb_running(adb), _phone(adb, options) as phone:
            app = create_app(settings)
            server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
            host = f"[{options.host}]" if ":" in options.host else options.host
            where = f"http://{host}:{listener.getsockname()[1]}/v1"
            threading.Thread(
                target=_announce, args=(server, app, where, phone), daemon=True
            ).start()
            server.run(sockets=[listener])
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
    return 0


def _listen(host: str, port: int) -> socket.socket:
    """The API's listening socket, bound before anything else starts so a taken port fails fast."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        return socket.create_server((host, port), family=family)
    except OSError as exc:
        reason = os.strerror(exc.errno) if exc.errno else str(exc)
        raise ServeError(f"cannot listen on {host}:{port}: {reason}") from exc


def _interrupt(signum: int, frame: FrameType | None) -> None:
    # SIGTERM stops serve the way Ctrl-C does, so that the clean-up below runs.
    raise KeyboardInterrupt


@contextlib.contextmanager
def _adb_running(adb: AdbServer) -> Iterator[None]:
    """Start a local adb server when none answers; stop it afterwards if serve started it."""
    if adb_answers(adb.host, adb.port):
        yield
        return
    if adb.host not in _LOOPBACK:
        raise ServeError(
            f"no adb server answers on {adb.host}:{adb.port}; start it there or set "
            "DROIDPILOT_ADB_HOST/DROIDPILOT_ADB_PORT (or --adb-host/--adb-port)"
        )
    adb.start()
    try:
        yield
    finally:
        with contextlib.suppress(DeviceError):
            adb.kill()


@contextlib.contextmanager
def _phone(adb: AdbServer, options: ServeOptions) -> Iterator[Phone]:
    """The first usable phone of the adb server, else a virtual phone connected to it."""
    usable = [entry.serial for entry in adb.devices() if entry.state == "device"]
    if usable:
        yield Phone(serial=usable[0], virtual=False)
        return
    if not options.virtual:
        raise ServeError(
            f"no phone on adb server {adb.host}:{adb.port} and --no-virtual given: "
            "attach one, or start one with: droidpilot virtual"
        )
    phone = _start_virtual_phone(options.virtual_port)
    try:
        adb.connect(phone.serial)
        _wait_until_usable(adb, phone.serial, timeout_s=15.0)
        yield Phone(serial=phone.serial, virtual=True)
    finally:
        with contextlib.suppress(DeviceError):
            adb.disconnect(phone.serial)
        phone.stop()


def _start_virtual_phone(port: int) -> VirtualPhoneServer:
    phone = VirtualPhone(PhoneConfig())
    try:
        return VirtualPhoneServer(phone, port=port).start()
    except OSError:
        logger.info("port %s is taken; the virtual phone listens on a free port", port)
        return VirtualPhoneServer(phone, port=0).start()


def _wait_until_usable(adb: AdbServer, serial: str, *, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if any(e.serial == serial and e.state == "device" for e in adb.devices()):
            return
        time.sleep(0.1)
    raise DeviceOfflineError(f"{serial}: the virtual phone did not come online", serial=serial)


def _announce(server: uvicorn.Server, app: FastAPI, where: str, phone: Phone) -> None:
    """Print the one line saying where the API listens and on which phone, once it listens."""
    while not server.started:
        if server.should_exit:
            return
        time.sleep(0.05)
    kind = "virtual phone" if phone.virtual else "phone"
    print(
        f"droidpilot API on {where} (docs: /docs), {kind} {phone.serial}; Ctrl-C stops", flush=True
    )
    grounder: Grounder = app.state.grounder
    grounder.perceiver()  # load the models now, not on the first request
