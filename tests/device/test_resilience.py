"""Phones that freeze, drop and come back, or lose their uiautomator2 server to another client.

A frozen phone is a virtual phone in a subprocess stopped with SIGSTOP: its sockets
stay open and silent, as a hung adbd's do.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable

import adbutils
import pytest
from uiautomator2.core import launch_uiautomator

from aci import COMMAND_ADAPTER
from device import (
    AdbAddress,
    AdbServer,
    AndroidDevice,
    DeviceConfig,
    DeviceNotFoundError,
    DeviceOfflineError,
    DeviceTimeoutError,
    Farm,
)
from device.virtual import PhoneConfig, VirtualPhone, VirtualPhoneServer

TIMEOUT_S = 2.0
MARGIN_S = 2.5
"""Slack for a deadline on a loaded CI machine."""


def _config(adb_server: AdbServer) -> DeviceConfig:
    return DeviceConfig(
        adb_port=adb_server.port, command_timeout_s=TIMEOUT_S, connect_timeout_s=10.0
    )


def _timed(call: Callable[[], object]) -> tuple[float, BaseException | None]:
    """Seconds the call took, and what it raised."""
    started = time.monotonic()
    try:
        call()
    except BaseException as exc:
        return time.monotonic() - started, exc
    return time.monotonic() - started, None


def _health(device: AndroidDevice) -> str:
    """The state word (a function, so that mypy does not narrow it between calls)."""
    return device.health.state.value


def _stop_u2_server(adb_device: adbutils.AdbDevice) -> None:
    """What another client's `GET /stop` does: the uiautomator2 server quits."""
    sock = adb_device.create_connection(adbutils.Network.TCP, 9008)
    try:
        sock.settimeout(5)
        sock.sendall(b"GET /stop HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        assert b"200" in sock.recv(1024)
    finally:
        sock.close()


def _u2_answers(adb_device: adbutils.AdbDevice) -> bool:
    try:
        sock = adb_device.create_connection(adbutils.Network.TCP, 9008)
    except adbutils.AdbError:
        return False
    try:
        sock.settimeout(5)
        sock.sendall(b"GET /ping HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        return b"pong" in sock.recv(1024)
    except OSError:
        return False
    finally:
        sock.close()


def test_a_frozen_phone_times_out_and_recovers(
    adb_server: AdbServer,
    phone_process: tuple[subprocess.Popen[str], str],
    serial: str,
) -> None:
    process, frozen_serial = phone_process
    frozen = AndroidDevice(frozen_serial, config=_config(adb_server))
    other = AndroidDevice(serial, config=_config(adb_server))
    try:
        assert _health(frozen) == "unknown"
        assert "Settings" in frozen.hierarchy() and _health(frozen) == "ok"
        other.hierarchy()
        os.kill(process.pid, signal.SIGSTOP)
        results: dict[str, tuple[float, BaseException | None]] = {}

        def run(name: str, call: Callable[[], object]) -> threading.Thread:
            worker = threading.Thread(target=lambda: results.update({name: _timed(call)}))
            worker.start()
            return worker

        workers = [run("hierarchy", frozen.hierarchy), run("observe", frozen.observe)]
        time.sleep(0.3)
        results["other"] = _timed(other.observe)  # while both calls wait on the frozen phone
        for worker in workers:
            worker.join(timeout=TIMEOUT_S * 4)
        assert not any(worker.is_alive() for worker in workers), "a call hung on the frozen phone"

        assert results["other"][1] is None and results["other"][0] < TIMEOUT_S
        for name in ("hierarchy", "observe"):
            elapsed, error = results[name]
            assert isinstance(error, DeviceTimeoutError), f"{name}: {error!r}"
            assert frozen_serial in str(error)
            assert elapsed < TIMEOUT_S + MARGIN_S, f"{name} took {elapsed:.1f} s"
        assert any("busy" in str(results[name][1]) for name in ("hierarchy", "observe"))
        assert _health(frozen) == "unresponsive"
        assert "timed out" in (frozen.health.last_error or "")

        os.kill(process.pid, signal.SIGCONT)
        assert "Settings" in frozen.hierarchy()
        assert _health(frozen) == "ok" and frozen.health.last_error is None
        assert frozen.connected_backend == "uiautomator2"
    finally:
        os.kill(process.pid, signal.SIGCONT)
        frozen.close()
        other.close()


def test_a_frozen_phone_over_plain_adb_times_out(
    adb_server: AdbServer, phone_process: tuple[subprocess.Popen[str], str]
) -> None:
    process, frozen_serial = phone_process
    config = DeviceConfig(adb_port=adb_server.port, backend="adb", command_timeout_s=TIMEOUT_S)
    frozen = AndroidDevice(frozen_serial, config=config)
    try:
        frozen.observe()
        os.kill(process.pid, signal.SIGSTOP)
        for call in (frozen.observe, frozen.launcher_apps, lambda: frozen.press_key("home")):
            elapsed, error = _timed(call)
            assert isinstance(error, DeviceTimeoutError), repr(error)
            assert elapsed < TIMEOUT_S + MARGIN_S
        os.kill(process.pid, signal.SIGCONT)
        assert frozen.observe().package == "com.android.launcher3"
    finally:
        os.kill(process.pid, signal.SIGCONT)


def test_a_phone_that_drops_and_returns_is_used_again(
    adb_server: AdbServer, phone: VirtualPhoneServer, serial: str
) -> None:
    farm = Farm([AdbAddress("127.0.0.1", adb_server.port)], _config(adb_server))
    replacement: VirtualPhoneServer | None = None
    try:
        device = farm.device(serial)
        device.start_app("com.android.settings")
        assert "Display" in device.hierarchy()
        phone.stop()
        elapsed, error = _timed(device.hierarchy)
        assert isinstance(error, DeviceOfflineError | DeviceTimeoutError), repr(error)
        assert elapsed < TIMEOUT_S + MARGIN_S
        assert _health(device) in ("offline", "unresponsive")
        listed = {entry.serial: entry for entry in farm.devices()}
        assert listed[serial].health == device.health.state
        assert listed[serial].last_error == device.health.last_error

        replacement = VirtualPhoneServer(VirtualPhone(PhoneConfig()), port=phone.port).start()
        again = farm.device(serial)
        observation = again.observe()  # a new phone: the launcher, and no u2 server yet
        assert observation.package == "com.android.launcher3"
        assert observation.backend == "uiautomator2"
        assert _health(again) == "ok"
        assert next(entry for entry in farm.devices() if entry.serial == serial).state == "device"
    finally:
        farm.close()
        if replacement is not None:
            replacement.stop()


def test_a_phone_the_adb_server_forgot_is_connected_again(
    adb_server: AdbServer, serial: str
) -> None:
    farm = Farm([AdbAddress("127.0.0.1", adb_server.port)], _config(adb_server))
    try:
        assert serial in {entry.serial for entry in farm.devices()}
        adb_server.disconnect(serial)  # e.g. the adb server was restarted
        assert "Settings" in farm.device(serial).hierarchy()
        adb_server.disconnect(serial)
        device = farm.device(serial)
        with pytest.raises(DeviceNotFoundError):  # the call that finds the phone gone fails
            device.hierarchy()
        assert _health(device) == "offline"
        assert "Settings" in device.hierarchy()  # and the next one connects it again
    finally:
        farm.close()


@pytest.mark.parametrize("how", ["stop route", "taken over and quit"])
def test_uiautomator2_stopped_by_another_client_is_restarted(
    adb_server: AdbServer, serial: str, how: str
) -> None:
    device = AndroidDevice(serial, config=_config(adb_server))
    other = adbutils.AdbClient(port=adb_server.port).device(serial)
    try:
        device.start_app("com.android.settings")
        assert "Display" in device.hierarchy()
        if how == "stop route":
            _stop_u2_server(other)
        else:
            process = launch_uiautomator(other, 9008)  # replaces the server device started
            deadline = time.monotonic() + 10
            while not _u2_answers(other) and time.monotonic() < deadline:
                time.sleep(0.1)
            process.kill()
        assert not _u2_answers(other)
        assert "Display" in device.hierarchy()
        assert device.connected_backend == "uiautomator2"
        assert _health(device) == "ok"
    finally:
        device.close()


def test_a_waiting_call_gives_up_when_the_phone_stays_busy(
    adb_server: AdbServer, serial: str
) -> None:
    config = DeviceConfig(adb_port=adb_server.port, backend="adb", command_timeout_s=TIMEOUT_S)
    device = AndroidDevice(serial, config=config)
    wait = COMMAND_ADAPTER.validate_python({"type": "wait", "seconds": TIMEOUT_S + 2})
    long_call = threading.Thread(target=device.execute, args=(wait,))
    long_call.start()
    try:
        time.sleep(0.3)
        elapsed, error = _timed(device.hierarchy)
        assert isinstance(error, DeviceTimeoutError)
        assert str(error) == f"{serial}: busy: execute wait did not answer within 2 s"
        assert TIMEOUT_S - 0.5 < elapsed < TIMEOUT_S + MARGIN_S
    finally:
        long_call.join()
    assert "Settings" in device.hierarchy()
