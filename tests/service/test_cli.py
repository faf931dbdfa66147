"""The `droidpilot` command line, as a user runs it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import pytest

from device import AdbServer
from service import cli
from service.config import get_settings


def test_devices_lists_a_connected_phone(
    adb_server: AdbServer, serial: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["devices", "--adb-port", str(adb_server.port), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {"serial": serial, "state": "device"}.items() <= next(
        entry for entry in listed if entry["serial"] == serial
    ).items()
    assert cli.main(["devices", "--adb-port", str(adb_server.port)]) == 0
    table = capsys.readouterr().out
    assert serial in table and "VirtualPhone" in table


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["virtual", "--count", "0"], "--count 0 out of range"),
        (["virtual", "--size", "10x10"], "out of range"),
        (["virtual", "--apps-dir", "/no/such/dir"], "not a directory"),
    ],
)
def test_virtual_rejects_bad_flags_in_one_line(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(argv) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_usage_errors_are_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(["virtual", "--size", "big"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "WIDTHxHEIGHT" in err and err.count("\n") == 1


def test_bad_environment_setting_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DROIDPILOT_ADB_PORT", "not-a-port")
    get_settings.cache_clear()
    try:
        assert cli.main(["devices"]) == 1
    finally:
        get_settings.cache_clear()
    err = capsys.readouterr().err
    assert "DROIDPILOT_ADB_PORT" in err and err.count("\n") == 1


def test_virtual_starts_prints_how_to_connect_and_stops_on_sigterm() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "service.cli", "virtual", "--port", "0", "--count", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout is not None
    lines = [process.stdout.readline() for _ in range(5)]
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=10) == 0
    assert lines[0].startswith("virtual phone 1/2 on 127.0.0.1:")
    assert lines[1].startswith("virtual phone 2/2 on 127.0.0.1:")
    assert lines[4].strip().startswith("adb connect 127.0.0.1:")


@pytest.mark.parametrize(
    ("flags", "says"),
    [
        (["--head", "nohost"], "give host:port"),
        (["--head", "127.0.0.1:6379", "--tag", "has space"], "a host name or tag is"),
    ],
)
def test_node_refuses_bad_flags_in_one_line(
    flags: list[str], says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["node", *flags]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("droidpilot node: ") and says in err and "\n" not in err


def test_node_without_phones_says_so_in_one_line(
    adb_server: AdbServer, capsys: pytest.CaptureFixture[str]
) -> None:
    """Nothing is started: a host with no phone online has nothing to offer the farm."""
    flags = ["--head", "127.0.0.1:6379", "--adb-port", str(adb_server.port)]
    assert cli.main(["node", *flags]) == 1
    err = capsys.readouterr().err.strip()
    assert "no phone is online on adb server" in err and "\n" not in err
