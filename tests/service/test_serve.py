"""`droidpilot serve` as a newcomer runs it: no phone attached, so a virtual one comes up;
and without any phone (no adb server, or `--no-virtual`): the API serves screens sent to it."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from service import cli
from service.tasks import TaskStatus, TaskStore


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


def test_a_farm_head_out_of_reach_is_one_line_at_once(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ray would try for minutes; the service says so before it starts anything."""
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]  # bound, never listening: nothing answers there
        monkeypatch.setenv("DROIDPILOT_CLUSTER_HEAD", f"127.0.0.1:{port}")
        cli.get_settings.cache_clear()
        try:
            assert cli.main(["serve", "--no-virtual", "--port", "0"]) == 1
        finally:
            cli.get_settings.cache_clear()
    err = capsys.readouterr().err
    assert f"no Ray head answers at 127.0.0.1:{port}" in err and err.count("\n") == 1


HIERARCHY = (
    '<hierarchy rotation="0"><node index="0" text="Wi-Fi" class="android.widget.TextView" '
    'clickable="true" bounds="[0,0][1080,200]" /></hierarchy>'
)


@contextlib.contextmanager
def serving(*args: str) -> Iterator[tuple[str, str]]:
    """`droidpilot serve ARGS` in a process of its own: its first line and the API's base URL.
    Stopped with Ctrl-C at the end, which must exit 0 without a traceback."""
    api_port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "service.cli", "serve", "--port", str(api_port), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert f"http://127.0.0.1:{api_port}/v1" in line, line + (
            process.stderr.read() if process.stderr else ""
        )
        yield line, f"http://127.0.0.1:{api_port}/v1"
    finally:
        process.send_signal(signal.SIGINT)
        status = process.wait(timeout=20)
    stderr = process.stderr.read() if process.stderr else ""
    assert status == 0, stderr
    assert "Traceback" not in stderr


def test_no_virtual_and_no_phone_serves_screens_and_says_why() -> None:
    adb_port = free_port()
    with serving("--adb-port", str(adb_port), "--no-virtual") as (line, base):
        assert "no phone attached" in line and "--no-virtual" in line, line
        assert line.count("\n") == 1
        answer = httpx.post(
            f"{base}/ground", json={"action": 'tap "Wi-Fi"', "hierarchy": HIERARCHY}, timeout=60
        )
        assert answer.status_code == 200 and answer.json()["found"] is True, answer.text
        planned = httpx.post(
            f"{base}/plan",
            json={
                "goal": "turn on Wi-Fi",
                "planner": "explorer",
                "screen": {"hierarchy": HIERARCHY},
            },
            timeout=60,
        )
        assert planned.status_code == 200, planned.text
        named = httpx.post(
            f"{base}/ground", json={"action": 'tap "Wi-Fi"', "device": "emulator-5554"}, timeout=60
        )
        assert named.status_code == 404, named.text
        assert named.json()["code"] == "device_not_found"
    # serve started this adb server itself, so it stopped it on the way out
    with socket.socket() as sock:
        assert sock.connect_ex(("127.0.0.1", adb_port)) != 0


def test_an_adb_server_out_of_reach_serves_screens_and_devices_are_503() -> None:
    adb_port = free_port()  # nothing listens; serve starts adb only on 127.0.0.1 or localhost
    with serving("--adb-host", "127.0.0.2", "--adb-port", str(adb_port)) as (line, base):
        assert f"no phone attached (no adb server answers on 127.0.0.2:{adb_port})" in line
        answer = httpx.post(
            f"{base}/ground", json={"action": 'tap "Wi-Fi"', "hierarchy": HIERARCHY}, timeout=60
        )
        assert answer.status_code == 200 and answer.json()["found"] is True, answer.text
        named = httpx.post(
            f"{base}/plan",
            json={"goal": "turn on Wi-Fi", "planner": "explorer", "device": "127.0.0.1:5555"},
            timeout=60,
        )
        assert named.status_code == 503, named.text
        assert named.json()["code"] == "device_offline"
        health = httpx.get(f"{base}/health", timeout=30).json()
        assert health["adb"]["devices"] == [] and "127.0.0.2" in health["adb"]["error"]


def test_the_readme_flow_runs_a_task_and_the_first_sigterm_stops_everything(
    tmp_path: Path,
) -> None:
    """One command, then the newcomer's curl calls: list the phones, run a task, follow its
    events, read its trajectory. SIGTERM, with a task running and its events followed,
    stops the API, the task, the virtual phone and the adb server serve started."""
    api_port, adb_port, phone_port = free_port(), free_port(), free_port()
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "service.cli", "serve", "--port", str(api_port)),
            *("--adb-port", str(adb_port), "--virtual-port", str(phone_port)),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={
            **os.environ,
            "PYTHONUNBUFFERED": "1",
            "ANDROID_ADB_SERVER_PORT": str(adb_port),
            "DROIDPILOT_DATA_DIR": str(tmp_path),
        },
    )
    base = f"http://127.0.0.1:{api_port}/v1"
    try:
        assert process.stdout is not None
        assert "virtual phone" in process.stdout.readline()
        serial = httpx.get(f"{base}/devices", timeout=30).json()[0]["serial"]
        task = httpx.post(
            f"{base}/tasks",
            json={"device": serial, "goal": "turn on airplane mode"},
            timeout=30,
        ).json()
        names = []
        with httpx.stream("GET", f"{base}/tasks/{task['id']}/events", timeout=120) as events:
            for line in events.iter_lines():
                if line.startswith("event: "):
                    names.append(line.removeprefix("event: "))
                    if names[-1] == "end":
                        break
        assert names[-1] == "end" and "step" in names
        trajectory = httpx.get(f"{base}/tasks/{task['id']}/trajectory", timeout=30).json()
        assert trajectory["task"]["status"] == "done", trajectory["task"]
        assert len(trajectory["steps"]) == names.count("step")

        long = httpx.post(
            f"{base}/tasks", json={"device": serial, "steps": ["wait 2s"] * 30}, timeout=30
        ).json()
        with httpx.stream("GET", f"{base}/tasks/{long['id']}/events", timeout=60) as events:
            next(events.iter_lines())  # following the task when the signal comes
            process.send_signal(signal.SIGTERM)
            status = process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    stderr = process.stderr.read() if process.stderr else ""
    assert status == 0 and "Traceback" not in stderr, stderr
    for port, what in ((phone_port, "virtual phone"), (adb_port, "adb server")):
        with socket.socket() as sock:
            assert sock.connect_ex(("127.0.0.1", port)) != 0, f"serve left its {what} running"
    with TaskStore(tmp_path) as store:
        stopped = store.get(long["id"])
        assert stopped is not None and stopped.status is TaskStatus.INTERRUPTED
        assert store.interrupted_at_open == 0  # serve marked it itself on the way out
