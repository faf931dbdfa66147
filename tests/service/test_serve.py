"""`droidpilot serve` as a newcomer runs it: no phone attached, so a virtual one comes up."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys

import httpx
import pytest

from service import cli


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_starts_a_virtual_phone_grounds_on_it_and_stops_cleanly() -> None:
    api_port, adb_port = free_port(), free_port()
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "service.cli", "serve", "--port", str(api_port)),
            *("--adb-port", str(adb_port), "--virtual-port", "0"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1", "ANDROID_ADB_SERVER_PORT": str(adb_port)},
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert f"http://127.0.0.1:{api_port}/v1" in line, line + process.stderr.read()
        serial = line.split("virtual phone ")[1].split(";")[0]
        base = f"http://127.0.0.1:{api_port}/v1"

        health = httpx.get(f"{base}/health", timeout=30).json()
        assert health["status"] == "ok" and serial in health["adb"]["devices"]

        answer = httpx.post(
            f"{base}/ground",
            json={"action": 'tap "Settings"', "device": serial, "sources": ["hierarchy"]},
            timeout=60,
        ).json()
        assert answer["found"] is True, answer
        assert answer["command"]["type"] == "tap"
        assert answer["screen"]["package"] == "com.android.launcher3"
    finally:
        process.send_signal(signal.SIGINT)
        status = process.wait(timeout=20)
    stderr = process.stderr.read() if process.stderr else ""
    assert status == 0, stderr
    assert "Traceback" not in stderr
    # serve started this adb server itself, so it stopped it on the way out
    with socket.socket() as sock:
        assert sock.connect_ex(("127.0.0.1", adb_port)) != 0, "serve left its adb server running"


def test_a_taken_port_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert cli.main(["serve", "--port", str(port)]) == 1
    err = capsys.readouterr().err
    assert f"cannot listen on 127.0.0.1:{port}" in err and err.count("\n") == 1


def test_no_virtual_without_a_phone_fails_and_leaves_nothing_running(
    capsys: pytest.CaptureFixture[str],
) -> None:
    adb_port = free_port()
    argv = ["serve", "--port", "0", "--adb-port", str(adb_port), "--no-virtual"]
    assert cli.main(argv) == 1
    err = capsys.readouterr().err
    assert "--no-virtual" in err and err.count("\n") == 1
    with socket.socket() as sock:
        assert sock.connect_ex(("127.0.0.1", adb_port)) != 0
