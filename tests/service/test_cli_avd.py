"""`droidpilot avd`, with a fake SDK in a temporary folder standing in for the real one."""

from __future__ import annotations

from pathlib import Path

import pytest

from service import cli
from tests.device.test_avd import fake_tool, recorded


@pytest.fixture
def emulator(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fake SDK's emulator, found through ANDROID_SDK_ROOT."""
    tool = fake_tool(tmp_path / "sdk" / "emulator" / "emulator")
    monkeypatch.setenv("ANDROID_SDK_ROOT", str(tmp_path / "sdk"))
    monkeypatch.setenv("ANDROID_AVD_HOME", str(tmp_path / "avd"))
    return tool


def test_missing_sdk_is_one_line_and_exit_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("ANDROID_SDK_ROOT", raising=False)
    monkeypatch.delenv("ANDROID_HOME", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    for argv in (["avd", "list"], ["avd", "start", "Pixel_7"]):
        assert cli.main(argv) == 1
        captured = capsys.readouterr()
        assert captured.out == ""
        assert captured.err.count("\n") == 1
        assert captured.err.startswith("droidpilot avd: Android SDK emulator not found")
        assert "set ANDROID_SDK_ROOT" in captured.err


def test_list_prints_one_name_a_line(emulator: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["avd", "list"]) == 0
    assert capsys.readouterr().out == "Pixel_7\nSmall_Phone\n"
    assert cli.main(["avd", "list", "--json"]) == 0
    assert capsys.readouterr().out == '["Pixel_7", "Small_Phone"]\n'


def test_start_without_waiting_prints_the_serial(
    emulator: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["avd", "start", "Pixel_7", "--port", "5570", "--no-wait", "--no-snapshot-save"]
    assert cli.main(argv) == 0
    captured = capsys.readouterr()
    assert captured.out == "emulator-5570\n"
    assert "starting Pixel_7 as emulator-5570" in captured.err
    assert recorded(emulator) == [
        "-avd Pixel_7 -port 5570 -no-window -no-audio -no-boot-anim "
        "-gpu swiftshader_indirect -no-snapshot-save"
    ]


def test_second_instance_of_a_running_avd_is_read_only(
    emulator: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "avd" / "Pixel_7.avd").mkdir(parents=True)
    (tmp_path / "avd" / "Pixel_7.avd" / "hardware-qemu.ini.lock").write_text("")
    assert cli.main(["avd", "start", "Pixel_7", "--no-wait"]) == 0
    assert recorded(emulator)[0].endswith("-read-only")


def test_start_fails_clearly_when_the_emulator_exits_while_booting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_tool(
        tmp_path / "sdk" / "emulator" / "emulator",
        "#!/bin/sh\necho 'PANIC: Missing emulator engine program for x86 CPU.'\nexit 1\n",
    )
    monkeypatch.setenv("ANDROID_SDK_ROOT", str(tmp_path / "sdk"))
    assert cli.main(["avd", "start", "Pixel_7", "--port", "5572", "--timeout", "20"]) == 1
    error = capsys.readouterr().err.splitlines()[-1]
    assert error.startswith("droidpilot avd: emulator-5572: emulator exited 1: PANIC: Missing")


def test_stop_runs_adb_emu_kill(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    adb = fake_tool(tmp_path / "adb")
    monkeypatch.setenv("ADBUTILS_ADB_PATH", str(adb))
    assert cli.main(["avd", "stop", "emulator-5556", "--adb-port", "5999"]) == 0
    assert recorded(adb) == ["-P 5999 -s emulator-5556 emu kill"]
    assert cli.main(["avd", "stop", "127.0.0.1:5555"]) == 1
    assert "is not an emulator" in capsys.readouterr().err


def test_wipe_of_an_unknown_avd_says_how_to_create_one(
    emulator: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["avd", "wipe", "Nope"]) == 1
    assert "no AVD 'Nope'" in capsys.readouterr().err


def test_start_rejects_a_bad_timeout(emulator: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["avd", "start", "Pixel_7", "--timeout", "0"]) == 1
    assert "--timeout 0 out of range" in capsys.readouterr().err
