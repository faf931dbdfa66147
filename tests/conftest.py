"""Fixtures shared by every suite: a private adb server and virtual phones on loopback.

The adb server runs on a free port of its own (never the user's 5037) and is killed
at the end; the service's data folder is a temporary one. `ANDROID_ADB_SERVER_PORT` is
set before adbutils or uiautomator2 are imported, because adbutils builds its global
client at import time.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


ADB_PORT = _free_port()
os.environ["ANDROID_ADB_SERVER_PORT"] = str(ADB_PORT)
os.environ["DROIDPILOT_DATA_DIR"] = tempfile.mkdtemp(prefix="droidpilot-tests-")
"""Apps made with the environment's settings keep their tasks here, never in the home folder."""

import pytest  # noqa: E402

from device import AdbServer, AndroidDevice, DeviceConfig  # noqa: E402
from device.adb import adb_binary  # noqa: E402
from device.virtual import PhoneConfig, VirtualPhone, VirtualPhoneServer  # noqa: E402

os.environ["ADBUTILS_ADB_PATH"] = adb_binary()


@pytest.fixture(scope="session")
def adb_server() -> Iterator[AdbServer]:
    """The bundled adb server on a private port."""
    server = AdbServer(port=ADB_PORT, timeout_s=15.0)
    server.start()
    yield server
    server.kill()


@pytest.fixture
def phone() -> Iterator[VirtualPhoneServer]:
    """A fresh virtual phone listening on a free loopback port."""
    server = VirtualPhoneServer(VirtualPhone(PhoneConfig()), port=0)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def serial(adb_server: AdbServer, phone: VirtualPhoneServer) -> Iterator[str]:
    """The fresh phone, connected to the adb server; its adb serial."""
    address = f"127.0.0.1:{phone.port}"
    adb_server.connect(address)
    yield address
    adb_server.disconnect(address)


@pytest.fixture
def device(adb_server: AdbServer, serial: str) -> Iterator[AndroidDevice]:
    """The fresh phone as droidpilot drives it (uiautomator2, else plain adb)."""
    android = AndroidDevice(
        serial, config=DeviceConfig(adb_port=adb_server.port, command_timeout_s=10.0)
    )
    yield android
    android.close()


_PHONE_PROCESS = (
    "import time\n"
    "from device.virtual import PhoneConfig, VirtualPhone, VirtualPhoneServer\n"
    "server = VirtualPhoneServer(VirtualPhone(PhoneConfig()), port=0).start()\n"
    "print(server.port, flush=True)\n"
    "time.sleep(3600)\n"
)


@pytest.fixture
def phone_process(adb_server: AdbServer) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """A virtual phone in a process of its own, connected to the adb server: (process,
    serial). SIGSTOP freezes it as a hung phone is: its sockets open and silent."""
    process = subprocess.Popen(
        [sys.executable, "-c", _PHONE_PROCESS],
        cwd=Path(__file__).resolve().parents[1],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        serial = f"127.0.0.1:{int(process.stdout.readline())}"
        adb_server.connect(serial)
        yield process, serial
        adb_server.disconnect(serial)
    finally:
        os.kill(process.pid, signal.SIGCONT)
        process.kill()
        process.wait(timeout=10)
