"""The virtual phone driven by the real stack: the bundled adb server, adbutils, the adb CLI
and uiautomator2. Fixtures (`adb_server`, `phone`, `serial`) come from tests/conftest.py,
which runs a private adb server on a free port."""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import adbutils
import pytest
import uiautomator2 as u2

from device.adb import adb_binary
from device.virtual import VirtualPhoneServer

SETTINGS = "com.android.settings"


@pytest.fixture
def device(serial: str) -> adbutils.AdbDevice:
    client = adbutils.AdbClient(port=int(os.environ["ANDROID_ADB_SERVER_PORT"]))
    return client.device(serial)


def adb(serial: str, *args: str, timeout_s: float = 20) -> subprocess.CompletedProcess[str]:
    command = [adb_binary(), "-P", os.environ["ANDROID_ADB_SERVER_PORT"], "-s", serial, *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout_s)


@pytest.fixture
def ui(serial: str) -> Iterator[u2.Device]:
    d = u2.connect(serial)
    d.settings["wait_timeout"] = 3
    yield d
    d.stop_uiautomator(wait=False)


def test_adbutils_shell_props_and_screen(device: adbutils.AdbDevice) -> None:
    assert device.shell("echo hello world") == "hello world"
    assert device.shell2("false_cmd_xyz").returncode == 127
    assert device.shell2("sh -c 'exit 3'").returncode == 3
    result = device.shell2("echo out; false", v2=True)
    assert (result.returncode, result.output) == (1, "out\n")
    assert device.prop.model == "VirtualPhone"
    assert tuple(device.window_size()) == (1080, 2400)
    assert device.screenshot().size == (1080, 2400)
    assert device.dump_hierarchy().startswith("<?xml")
    assert device.app_current().package == "com.android.launcher3"
    device.app_start(SETTINGS)
    assert device.app_current().package == SETTINGS
    assert device.is_screen_on()


def test_adbutils_push_pull_5_mib(device: adbutils.AdbDevice, tmp_path: Path) -> None:
    data = os.urandom(5 * 1024 * 1024)
    local = tmp_path / "random.bin"
    local.write_bytes(data)
    device.sync.push(local, "/sdcard/random.bin", check=True)
    assert device.sync.read_bytes("/sdcard/random.bin") == data
    assert device.shell("ls /storage/emulated/0").split() == [
        "DCIM",
        "Download",
        "Pictures",
        "random.bin",
    ]


def test_adb_cli(serial: str, tmp_path: Path) -> None:
    assert adb(serial, "shell", "settings get global wifi_on").stdout == "0\n"
    missing = adb(serial, "shell", "false_cmd")
    assert missing.returncode == 127
    assert "inaccessible or not found" in missing.stderr
    local = tmp_path / "a.bin"
    local.write_bytes(os.urandom(300_000))
    assert adb(serial, "push", str(local), "/data/local/tmp/new/a.bin").returncode == 0
    back = tmp_path / "b.bin"
    assert adb(serial, "pull", "/data/local/tmp/new/a.bin", str(back)).returncode == 0
    assert back.read_bytes() == local.read_bytes()


def test_uiautomator2_session(ui: u2.Device, serial: str) -> None:
    assert ui.info["displayWidth"] == 1080
    assert "<hierarchy" in ui.dump_hierarchy()
    assert ui.screenshot().size == (1080, 2400)
    ui(text="Settings").click()
    assert ui.app_current()["package"] == SETTINGS

    ui(resourceId=f"{SETTINGS}:id/search_src_text").click()
    ui.send_keys("héllo 世界")
    assert ui(resourceId=f"{SETTINGS}:id/search_src_text").get_text() == "héllo 世界"

    ui.press("back")
    ui.press("home")
    assert ui.app_current()["package"] == "com.android.launcher3"
    with pytest.raises(u2.UiObjectNotFoundError):
        ui(text="No such widget").click(timeout=0.2)


def test_wifi_switch_and_settings_share_one_store(ui: u2.Device, serial: str) -> None:
    assert (
        adb(
            serial, "shell", "am start -n 'com.android.settings/.Settings$WifiSettingsActivity'"
        ).returncode
        == 0
    )
    ui(text="Wi-Fi").click()
    assert adb(serial, "shell", "settings get global wifi_on").stdout == "1\n"
    assert (
        adbutils.AdbClient(port=int(os.environ["ANDROID_ADB_SERVER_PORT"])).device(serial).wlan_ip()
    )


def test_stop_uiautomator_refuses_the_port_quickly(ui: u2.Device) -> None:
    assert ui.info
    started = time.monotonic()
    ui.stop_uiautomator()
    assert time.monotonic() - started < 2
    with pytest.raises(adbutils.AdbError):
        ui.adb_device.create_connection(adbutils.Network.TCP, 9008)


def test_server_stop_ends_a_running_command(
    device: adbutils.AdbDevice, phone: VirtualPhoneServer
) -> None:
    outcome: dict[str, object] = {}

    def long_command() -> None:
        try:
            outcome["result"] = device.shell2("sleep 30", v2=True, timeout=20)
        except Exception as exc:  # what the client raises is the point of the test
            outcome["error"] = exc

    worker = threading.Thread(target=long_command)
    worker.start()
    time.sleep(0.5)
    started = time.monotonic()
    phone.stop()
    worker.join(timeout=10)
    assert not worker.is_alive()
    assert time.monotonic() - started < 5
    assert "error" in outcome or outcome["result"].returncode != 0  # type: ignore[union-attr]
