"""`vphone`, `pm clear|grant|revoke` and `dumpsys input_method` through adbutils, and
toasts through uiautomator2, on a phone with a small test app."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import adbutils
import pytest
import uiautomator2 as u2

from device import AdbServer
from device.virtual import PhoneConfig, VirtualPhone, VirtualPhoneServer
from service import cli
from tests.device.virtual.test_engine_data import PKG, find, tap
from tests.device.virtual.test_engine_overlays import permission_app

PERMISSION = "android.permission.READ_CONTACTS"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[VirtualPhoneServer]:
    (tmp_path / "chores.json").write_text(json.dumps(permission_app()), encoding="utf-8")
    server = VirtualPhoneServer(VirtualPhone(PhoneConfig(apps_dirs=(tmp_path,))), port=0)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def device(adb_server: AdbServer, server: VirtualPhoneServer) -> Iterator[adbutils.AdbDevice]:
    address = f"127.0.0.1:{server.port}"
    adb_server.connect(address)
    yield adbutils.AdbClient(port=int(os.environ["ANDROID_ADB_SERVER_PORT"])).device(address)
    adb_server.disconnect(address)


def sh(device: adbutils.AdbDevice, *args: str) -> adbutils.ShellReturn:
    return device.shell2(list(args), v2=True)


def state(device: adbutils.AdbDevice, app: str = PKG) -> dict[str, object]:
    result = sh(device, "vphone", "state", app)
    assert result.returncode == 0, result.stderr
    loaded: dict[str, object] = json.loads(result.output)
    return loaded


def test_state_by_package_label_and_for_every_app(device: adbutils.AdbDevice) -> None:
    chores = state(device)
    assert chores["counter"] == "0"
    assert chores["permissions"] == {PERMISSION: "not asked"}
    assert state(device, "chores") == chores
    everything = json.loads(sh(device, "vphone", "state").output)
    assert everything[PKG] == chores and "com.android.settings" in everything


def test_load_reset_and_seed(device: adbutils.AdbDevice, server: VirtualPhoneServer) -> None:
    items = [{"id": "9", "title": "Walk the dog", "done": "0"}]
    load = sh(device, "vphone", "load", PKG, json.dumps({"items": items, "counter": "5"}))
    assert load.returncode == 0, load.stderr
    assert state(device)["items"] == items and state(device)["counter"] == "5"
    device.shell(f"pm grant {PKG} {PERMISSION}")
    device.app_start(PKG)
    assert find(server.phone, "Walk the dog")
    assert sh(device, "vphone", "reset", PKG).returncode == 0
    assert state(device)["counter"] == "0"
    assert sh(device, "vphone", "seed", "3").returncode == 0
    assert state(device)["counter"] == "0"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["frobnicate"], "vphone: unknown command 'frobnicate'"),
        (["state", "com.no.such"], "vphone: no app 'com.no.such'"),
        (["load", PKG, "[1, 2]"], "vphone load: expected a JSON object, got list"),
        (["load", PKG, "{bad"], "vphone load: invalid JSON"),
        (["load", PKG, '{"items": 3}'], "vphone load: items: expected a string or a list"),
        (["seed", "x"], "vphone seed: expected one whole number"),
        (["toast"], "vphone toast: no toast has been shown"),
    ],
)
def test_bad_input_is_one_line_and_status_1(
    device: adbutils.AdbDevice, args: list[str], message: str
) -> None:
    result = sh(device, "vphone", *args)
    assert result.returncode == 1
    assert result.stderr.startswith(message) and result.stderr.count("\n") == 1


def test_help_lists_the_commands(device: adbutils.AdbDevice) -> None:
    text = device.shell("vphone help")
    for verb in ("state", "seed", "reset", "load", "toast"):
        assert f"vphone {verb}" in text


def test_pm_grant_revoke_and_clear(device: adbutils.AdbDevice, server: VirtualPhoneServer) -> None:
    device.app_start(PKG)
    assert device.app_current().package == "com.google.android.permissioncontroller"
    assert sh(device, "pm", "grant", PKG, PERMISSION).returncode == 0
    assert device.app_current().package == PKG
    assert state(device)["permissions"] == {PERMISSION: "granted"}
    assert sh(device, "pm", "revoke", PKG, PERMISSION).returncode == 0
    assert state(device)["permissions"] == {PERMISSION: "denied"}
    bad = sh(device, "pm", "grant", PKG, "android.permission.CAMERA")
    assert bad.returncode == 255 and "has not requested permission" in bad.stderr
    tap(server.phone, "Bump")
    assert state(device)["counter"] == "1"
    assert device.shell("pm clear " + PKG) == "Success"
    assert state(device)["counter"] == "0"
    assert state(device)["permissions"] == {PERMISSION: "not asked"}
    assert device.app_current().package == "com.android.launcher3"


def test_dumpsys_input_method_and_last_toast(
    device: adbutils.AdbDevice, server: VirtualPhoneServer
) -> None:
    device.shell(f"pm grant {PKG} {PERMISSION}")
    device.app_start(PKG)
    assert "mInputShown=false" in device.shell("dumpsys input_method")
    tap(server.phone, "Sum")
    assert "mInputShown=true" in device.shell("dumpsys input_method")
    device.shell("input text 6*7")
    device.keyevent("ENTER")
    assert find(server.phone, "= 42")
    tap(server.phone, "Bump")
    assert device.shell("vphone toast") == "Counter is 1"
    ui = u2.connect(device.serial)
    try:
        assert ui.last_toast == "Counter is 1"
        assert ui.toast.get_message(wait_timeout=1) == "Counter is 1"
        ui.clear_toast()
        assert ui.last_toast is None
    finally:
        ui.stop_uiautomator(wait=False)


def test_cli_rejects_a_negative_seed(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["virtual", "--seed", "-1"]) != 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--seed -1 out of range" in err


def test_a_phone_reports_the_model_api_level_and_abi_it_was_given(adb_server: AdbServer) -> None:
    """What a farm lists phones by and routes work on: as getprop and uiautomator2 read it."""
    config = PhoneConfig(model="Pixel 8", sdk=34, abi="arm64-v8a")
    server = VirtualPhoneServer(VirtualPhone(config), port=0).start()
    address = f"127.0.0.1:{server.port}"
    try:
        adb_server.connect(address)
        phone = adbutils.AdbClient(port=int(os.environ["ANDROID_ADB_SERVER_PORT"])).device(address)
        assert phone.prop.model == "Pixel 8"
        assert phone.getprop("ro.build.version.sdk") == "34"
        assert phone.getprop("ro.build.version.release") == "14"
        assert phone.getprop("ro.product.cpu.abi") == "arm64-v8a"
        assert u2.connect(address).info["sdkInt"] == 34
    finally:
        adb_server.disconnect(address)
        server.stop()


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--api", "28"], "API level 28 out of range: use 29-36"),
        (["--abi", "mips"], "ABI 'mips' unknown"),
        (["--model", ""], "model '': use 1-64 printable characters"),
    ],
)
def test_cli_rejects_attributes_no_android_phone_has(
    flags: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["virtual", "--port", "0", *flags]) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
