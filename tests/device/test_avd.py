"""The AVD lifecycle: what would run for an SDK laid out in a temporary folder, and the boot
wait against a virtual phone on the real adb server."""

from __future__ import annotations

import socket
import stat
import threading
import time
from pathlib import Path

import pytest

from device import AdbServer, AndroidDevice, DeviceConfig
from device.avd import (
    AndroidSdk,
    AvdError,
    BootProgress,
    BootTimeoutError,
    SdkNotFoundError,
    StartOptions,
    avd_folder,
    find_sdk,
    free_port,
    list_avds,
    start_avd,
    start_command,
    stop_command,
    wait_for_boot,
    wipe_files,
)

FAKE_TOOL = """#!/bin/sh
echo "$*" >> "$(dirname "$0")/argv.txt"
case "$*" in
  *-list-avds*) printf 'INFO    | Storing crashdata in: /tmp\\nPixel_7\\nSmall_Phone\\n';;
esac
"""


def fake_tool(path: Path, script: str = FAKE_TOOL) -> Path:
    """An executable that records its arguments in argv.txt beside it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(script)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def recorded(tool: Path, *, wait_s: float = 5.0) -> list[str]:
    """The argument lines the fake tool wrote (waiting a little for a background one)."""
    record = tool.parent / "argv.txt"
    deadline = time.monotonic() + wait_s
    while not record.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return record.read_text().splitlines()


@pytest.fixture
def sdk_root(tmp_path: Path) -> Path:
    fake_tool(tmp_path / "sdk" / "emulator" / "emulator")
    fake_tool(tmp_path / "sdk" / "cmdline-tools" / "latest" / "bin" / "avdmanager")
    return tmp_path / "sdk"


def test_sdk_root_comes_before_android_home_and_path(sdk_root: Path, tmp_path: Path) -> None:
    other = fake_tool(tmp_path / "bin" / "emulator").parent
    sdk = find_sdk(
        {"ANDROID_SDK_ROOT": str(sdk_root), "ANDROID_HOME": "/nowhere", "PATH": str(other)}
    )
    assert sdk.emulator == sdk_root / "emulator" / "emulator"
    assert sdk.avdmanager == sdk_root / "cmdline-tools" / "latest" / "bin" / "avdmanager"
    assert find_sdk({"ANDROID_HOME": str(sdk_root)}).root == sdk_root
    on_path = find_sdk({"ANDROID_SDK_ROOT": "/nowhere", "PATH": str(other)})
    assert on_path == AndroidSdk(emulator=other / "emulator", avdmanager=None, root=None)


def test_missing_sdk_says_what_to_install_and_set(tmp_path: Path) -> None:
    with pytest.raises(SdkNotFoundError) as caught:
        find_sdk({"ANDROID_HOME": str(tmp_path), "PATH": str(tmp_path)})
    message = str(caught.value)
    assert f"ANDROID_HOME={tmp_path} has no emulator/emulator" in message
    assert "sdkmanager emulator" in message and "ANDROID_SDK_ROOT" in message


def test_list_runs_the_emulator_and_leaves_out_its_log_lines(sdk_root: Path) -> None:
    sdk = find_sdk({"ANDROID_SDK_ROOT": str(sdk_root)})
    assert list_avds(sdk) == ["Pixel_7", "Small_Phone"]
    assert recorded(sdk.emulator) == ["-list-avds"]


def test_start_command_is_headless_with_port_and_snapshot_options(sdk_root: Path) -> None:
    sdk = find_sdk({"ANDROID_SDK_ROOT": str(sdk_root)})
    plain = start_command(sdk, "Pixel_7", StartOptions(port=5556))
    assert plain == [
        str(sdk.emulator),
        *("-avd", "Pixel_7", "-port", "5556"),
        *("-no-window", "-no-audio", "-no-boot-anim", "-gpu", "swiftshader_indirect"),
    ]
    options = StartOptions(
        port=5584, snapshot="clean", save_snapshot=False, read_only=True, wipe=True
    )
    tail = start_command(sdk, "Pixel_7", options)[10:]
    assert tail == ["-snapshot", "clean", "-no-snapshot-save", "-read-only", "-wipe-data"]
    assert "-no-snapshot-load" in start_command(sdk, "P", StartOptions(port=5554, cold_boot=True))


@pytest.mark.parametrize("port", [5553, 5555, 5586, 80])
def test_ports_outside_the_emulator_range_are_refused(port: int) -> None:
    with pytest.raises(AvdError, match=f"port {port} out of range: use an even port 5554-5584"):
        StartOptions(port=port)


def test_start_launches_the_command_in_the_background(sdk_root: Path) -> None:
    sdk = find_sdk({"ANDROID_SDK_ROOT": str(sdk_root)})
    options = StartOptions(port=5558, save_snapshot=False)
    started = start_avd(sdk, "Pixel_7", options)
    assert started.serial == "emulator-5558"
    started.process.wait(timeout=10)
    assert recorded(sdk.emulator) == [" ".join(start_command(sdk, "Pixel_7", options)[1:])]
    assert "emulator exited 0" in str(started.exited())


def test_stop_is_adb_emu_kill_and_only_for_emulators() -> None:
    argv = stop_command("emulator-5556", adb_port=5999)
    assert argv[1:] == ["-P", "5999", "-s", "emulator-5556", "emu", "kill"]
    with pytest.raises(AvdError, match="not an emulator"):
        stop_command("127.0.0.1:5555")


def test_free_port_skips_ports_in_use() -> None:
    first = free_port()
    assert first % 2 == 0 and 5554 <= first <= 5584
    assert free_port(taken={first}) > first
    with socket.socket() as console:
        console.bind(("127.0.0.1", first))
        console.listen()
        assert free_port() > first
    with socket.socket() as adb_side:  # the pair's adb port taken is as bad as its console's
        adb_side.bind(("127.0.0.1", first + 1))
        assert free_port() > first


def test_wipe_deletes_user_data_and_snapshots_only(tmp_path: Path) -> None:
    folder = tmp_path / "elsewhere" / "Pixel_7.avd"
    (folder / "snapshots" / "default_boot").mkdir(parents=True)
    for name in ("userdata-qemu.img.qcow2", "userdata-qemu.img", "cache.img", "config.ini"):
        (folder / name).write_text("x")
    home = tmp_path / "avd"
    home.mkdir()
    (home / "Pixel_7.ini").write_text(f"avd.ini.encoding=UTF-8\npath={folder}\n")
    assert avd_folder("Pixel_7", {"ANDROID_AVD_HOME": str(home)}) == folder
    assert len(wipe_files(folder)) == 4
    assert sorted(path.name for path in folder.iterdir()) == ["config.ini"]
    (folder / "multiinstance.lock").write_text("")
    with pytest.raises(AvdError, match=r"Pixel_7\.avd is running"):
        wipe_files(folder)
    with pytest.raises(AvdError, match=r"no AVD 'Nope' in .*avdmanager create avd"):
        avd_folder("Nope", {"ANDROID_AVD_HOME": str(home)})


def test_boot_wait_returns_once_booted_with_the_launcher_in_front(
    device: AndroidDevice,
) -> None:
    seen: list[BootProgress] = []
    wait_for_boot(device, 10.0, on_progress=seen.append, poll_s=0.1)
    assert [progress.stage for progress in seen] == ["ready"]
    assert "com.android.launcher3 in front" in seen[0].message


def test_boot_wait_follows_the_boot_property_by_serial(
    adb_server: AdbServer, device: AndroidDevice, serial: str
) -> None:
    device.adb().shell("setprop sys.boot_completed 0")
    threading.Timer(0.6, device.adb().shell, ["setprop sys.boot_completed 1"]).start()
    seen: list[BootProgress] = []
    config = DeviceConfig(adb_port=adb_server.port)
    wait_for_boot(serial, 10.0, config=config, on_progress=seen.append, poll_s=0.1)
    assert [progress.stage for progress in seen] == ["boot", "ready"]
    assert seen[1].elapsed_s >= 0.5


def test_boot_wait_times_out_naming_the_property(device: AndroidDevice) -> None:
    device.adb().shell("setprop sys.boot_completed 0")
    with pytest.raises(BootTimeoutError) as caught:
        wait_for_boot(device, 0.5, poll_s=0.1)
    assert str(caught.value) == (
        f"{device.serial} did not boot within 0.5 s: "
        "still waiting for sys.boot_completed=1 (last value: 0)"
    )


def test_boot_wait_waits_for_the_launcher(device: AndroidDevice) -> None:
    device.start_app("com.android.settings")
    with pytest.raises(
        BootTimeoutError, match=r"the launcher in front \(in front: com.android.settings\)"
    ):
        wait_for_boot(device, 0.5, poll_s=0.1)


def test_boot_wait_for_a_device_that_never_appears(adb_server: AdbServer) -> None:
    config = DeviceConfig(adb_port=adb_server.port, command_timeout_s=2.0)
    with pytest.raises(
        BootTimeoutError,
        match=r"emulator-5598 did not boot within 0\.5 s: still waiting for the device on adb",
    ):
        wait_for_boot("emulator-5598", 0.5, config=config, poll_s=0.1)


def test_boot_wait_stops_when_told_why() -> None:
    with pytest.raises(AvdError, match="emulator-5554: emulator exited 1") as caught:
        wait_for_boot("emulator-5554", 30.0, abort=lambda: "emulator exited 1")
    assert not isinstance(caught.value, BootTimeoutError)
