"""`droidpilot serve`: the HTTP API, on a phone that adb knows, on a virtual one, or on none.

When the adb server has no usable phone, a virtual phone is started on loopback and
`adb connect`ed, so that a first run needs nothing attached. A local adb server that is
not running is started. Without any phone (no adb server can be reached, or none is
attached and `--no-virtual` is given) the API serves all the same: `/v1/ground` and
`/v1/plan` work on the screens clients send, and a request naming a device is answered
404 or 503. Everything serve started (the virtual phone, the adb server) is stopped when
it stops (Ctrl-C or SIGTERM).
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
from service.runtime import Runtime

logger = logging.getLogger(__name__)

_LOOPBACK = {"127.0.0.1", "localhost", "::1"}
_GRACE_S = 5
"""On Ctrl-C or SIGTERM, requests still open after this long (an event stream someone
follows) are closed, so that serve always stops; running tasks are then cancelled."""


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


@dataclass(frozen=True)
class NoPhone:
    """The API serves without a phone; `reason` says why, for the start-up line."""

    reason: str


def serve(settings: Settings, options: ServeOptions) -> int:
    """Run the API until Ctrl-C or SIGTERM; returns the exit status."""
    if options.host not in _LOOPBACK and settings.api.token is None:
        raise ServeError(
            f"refusing to listen on {options.host} without a token: anyone who reaches it "
            "would drive the phones; set DROIDPILOT_API_TOKEN (16 characters or more) and "
            "send it as 'Authorization: Bearer <token>', or listen on 127.0.0.1"
        )
    if settings.cluster.head is not None:
        from service.cluster import FarmError, check_head

        try:
            check_head(settings.cluster.head)
        except FarmError as exc:
            raise ServeError(str(exc)) from exc
    listener = _listen(options.host, options.port)
    adb = AdbServer(host=settings.adb.host, port=settings.adb.port, timeout_s=10.0)
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        with (
            listener,
            _adb_running(adb) as adb_problem,
            _phone(adb, options, adb_problem, settings.adb.connect) as phone,
        ):
            app = create_app(settings)
            config = uvicorn.Config(app, log_level="warning", timeout_graceful_shutdown=_GRACE_S)
            server = uvicorn.Server(config)
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
def _adb_running(adb: AdbServer) -> Iterator[str | None]:
    """Start a local adb server when none answers; stop it afterwards if serve started it.

    Yields None when an adb server answers, else why none can be used: the API serves
    without a phone rather than not at all.
    """
    if adb_answers(adb.host, adb.port):
        yield None
        return
    if adb.host not in _LOOPBACK:
        yield f"no adb server answers on {adb.host}:{adb.port}"
        return
    try:
        adb.start()
    except DeviceError as exc:
        yield str(exc)
        return
    try:
        yield None
    finally:
        with contextlib.suppress(DeviceError):
            adb.kill()


@contextlib.contextmanager
def _phone(
    adb: AdbServer, options: ServeOptions, adb_problem: str | None, connect: list[str]
) -> Iterator[Phone | NoPhone]:
    """The first usable phone of the adb server, else a virtual phone connected to it, else
    (no adb server, `--no-virtual`, or phones named in `adb.connect` that have not come up
    yet) no phone and why."""
    if adb_problem is not None:
        yield NoPhone(adb_problem)
        return
    try:
        usable = [entry.serial for entry in adb.devices() if entry.state == "device"]
    except DeviceError as exc:
        yield NoPhone(str(exc))
        return
    if usable:
        yield Phone(serial=usable[0], virtual=False)
        return
    if connect:
        waiting = ", ".join(connect)
        yield NoPhone(f"waiting for {waiting} (DROIDPILOT_ADB_CONNECT) to answer adb connect")
        return
    if not options.virtual:
        yield NoPhone(f"none on adb server {adb.host}:{adb.port} and --no-virtual given")
        return
    with _virtual_phone(adb, options.virtual_port) as phone:
        yield phone


@contextlib.contextmanager
def _virtual_phone(adb: AdbServer, port: int) -> Iterator[Phone | NoPhone]:
    """A virtual phone connected to the adb server, stopped afterwards; or why it failed."""
    try:
        phone = _start_virtual_phone(port)
    except OSError as exc:
        yield NoPhone(f"the virtual phone did not start: {exc}")
        return
    try:
        try:
            adb.connect(phone.serial)
            _wait_until_usable(adb, phone.serial, timeout_s=15.0)
        except DeviceError as exc:
            attached: Phone | NoPhone = NoPhone(f"the virtual phone did not come online: {exc}")
        else:
            attached = Phone(serial=phone.serial, virtual=True)
        yield attached
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


def _announce(server: uvicorn.Server, app: FastAPI, where: str, phone: Phone | NoPhone) -> None:
    """Print the one line saying where the API listens and on which phone, once it listens."""
    while not server.started:
        if server.should_exit:
            return
        time.sleep(0.05)
    if isinstance(phone, NoPhone):
        on = (
            f"no phone attached ({phone.reason}): send screens to /ground and /plan, "
            "requests naming a device fail"
        )
    else:
        on = f"{'virtual phone' if phone.virtual else 'phone'} {phone.serial}"
    print(f"droidpilot API on {where} (docs: /docs), {on}; Ctrl-C stops", flush=True)
    runtime: Runtime = app.state.runtime
    runtime.grounder.perceiver()  # load the models now, not on the first request
