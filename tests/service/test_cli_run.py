"""`droidpilot run`, as a user runs it against a virtual phone on a real adb server."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
import time

import pytest

from device import AdbServer
from service import cli
from service.config import get_settings


def run(adb_server: AdbServer, *argv: str) -> int:
    return cli.main(["run", "--adb-port", str(adb_server.port), *argv])


def test_a_script_runs_step_by_step_and_prints_the_episode(
    adb_server: AdbServer, serial: str, capsys: pytest.CaptureFixture[str]
) -> None:
    steps = ['open app "com.android.settings"', 'tap "Network & internet"', 'tap "Internet"']
    argv = ["--device", serial, "--planner", "script"]
    for step in steps:
        argv += ["--step", step]
    assert run(adb_server, *argv, "open the Wi-Fi list") == 0
    captured = capsys.readouterr()
    episode = json.loads(captured.out)
    assert episode["done"] is True and episode["failure"] is None
    assert [step["outcome"] for step in episode["steps"]] == ["succeeded"] * 3
    assert 'tap "Internet" -> succeeded' in captured.err  # progress, one line a step


def test_the_explorer_reaches_a_goal_from_the_home_screen(
    adb_server: AdbServer, serial: str, capsys: pytest.CaptureFixture[str]
) -> None:
    shell = adb_server.phone(serial).shell
    assert shell("settings get global bluetooth_on").strip() == "0"
    assert run(adb_server, "--device", serial, "turn on Bluetooth") == 0
    episode = json.loads(capsys.readouterr().out)
    assert episode["done"] is True, episode
    assert shell("settings get global bluetooth_on").strip() == "1"


def test_a_failed_step_ends_the_run_with_status_1(
    adb_server: AdbServer, serial: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--device", serial, "--planner", "script", "--step", 'tap "Teleport"']
    assert run(adb_server, *argv, "teleport") == 1
    captured = capsys.readouterr()
    episode = json.loads(captured.out)
    assert episode["steps"][0]["outcome"] == "target_not_found"
    assert "step 1" in episode["failure"]
    assert f"not done: {episode['failure']}" in captured.err  # the reason reaches the terminal


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--device", "nowhere:1", "goal"], "no phone 'nowhere:1' on adb server"),
        (["--planner", "script", "goal"], "--planner script needs its steps"),
        (["--step", 'tap "A"', "goal"], "--step is for --planner script, not explorer"),
        (["--max-steps", "0", "goal"], "--max-steps 0 out of range"),
        (["--planner", "script", "--step", "tap", "goal"], "step 1: 'tap' does not parse"),
    ],
)
def test_bad_arguments_are_one_line(
    adb_server: AdbServer, argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(adb_server, *argv) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1, err


def test_a_run_on_a_phone_that_freezes_ends_with_the_reason(
    adb_server: AdbServer,
    phone_process: tuple[subprocess.Popen[str], str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A phone stopped mid-run fails the run within the device deadline, saying why."""
    process, serial = phone_process
    monkeypatch.setenv("DROIDPILOT_ADB_COMMAND_TIMEOUT_S", "2")
    monkeypatch.setenv("DROIDPILOT_ADB_CONNECT_TIMEOUT_S", "3")
    get_settings.cache_clear()
    # The phone stops while the long wait runs, so the taps after it meet a frozen phone
    # however fast this machine runs the steps.
    argv = ["--device", serial, "--planner", "script", "--step", "wait 5s"]
    argv += ["--step", 'tap "Settings"'] * 3
    stopper = threading.Timer(2.0, os.kill, (process.pid, signal.SIGSTOP))
    started = time.monotonic()
    stopper.start()
    try:
        status = run(adb_server, *argv, "tap on a frozen phone")
    finally:
        stopper.cancel()
        os.kill(process.pid, signal.SIGCONT)
        get_settings.cache_clear()
    assert status == 1
    assert time.monotonic() - started < 30, "the run waited on the frozen phone"
    captured = capsys.readouterr()
    assert json.loads(captured.out)["failure"].startswith("device error: ")
    assert "not done: device error" in captured.err and serial in captured.err
