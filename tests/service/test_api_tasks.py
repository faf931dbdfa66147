"""`/v1/tasks` end to end on a virtual phone: tasks run in the background, end done, failed
or cancelled, stream their steps, keep their trajectories across a restart, and free their
phone however they end."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from device import AdbServer
from device.virtual import VirtualPhoneServer
from planning import LlmSettings
from service.app import create_app
from service.config import AdbSection, DataSection, Settings
from service.tasks import TaskRecord, TaskStatus, TaskStore

FINISHED = {"done", "failed", "cancelled", "interrupted"}


def _settings(adb_server: AdbServer, data_dir: Path) -> Settings:
    return Settings(
        adb=AdbSection(port=adb_server.port, command_timeout_s=5.0),
        data=DataSection(dir=data_dir),
        llm=LlmSettings(),
    )


@pytest.fixture
def client(adb_server: AdbServer, serial: str, tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(_settings(adb_server, tmp_path))) as test_client:
        yield test_client


def _wait(client: TestClient, task_id: str, timeout_s: float = 60.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        task: dict[str, Any] = client.get(f"/v1/tasks/{task_id}").json()
        if task["status"] in FINISHED:
            return task
        time.sleep(0.1)
    raise AssertionError(f"task {task_id} did not finish in {timeout_s} s")


def _start(client: TestClient, **body: Any) -> dict[str, Any]:
    answer = client.post("/v1/tasks", json=body)
    assert answer.status_code == 202, answer.json()
    started: dict[str, Any] = answer.json()
    assert started["status"] in ("queued", "running")
    return started


STEPS = ['open app "Settings"', 'tap "Network & internet"', 'assert visible "Airplane mode"']


def test_a_task_of_steps_runs_to_done_and_keeps_its_trajectory(
    client: TestClient, serial: str
) -> None:
    task = _wait(client, _start(client, device=serial, steps=STEPS)["id"])
    assert task["status"] == "done" and task["failure"] is None and task["step_count"] == 3

    trajectory = client.get(f"/v1/tasks/{task['id']}/trajectory").json()
    steps = trajectory["steps"]
    assert [step["action"] for step in steps] == STEPS
    assert all(step["outcome"] == "succeeded" for step in steps)
    tap = steps[1]
    assert tap["grounding"]["found"] and tap["grounding"]["reason"]
    assert tap["commands"][0]["type"] == "tap"
    assert "Network & internet" in tap["screen"]["texts"]
    assert {"observe", "plan", "perform"} <= set(tap["timing_ms"])
    assert tap["screenshot"] == f"/v1/tasks/{task['id']}/steps/1/screenshot"
    shot = client.get(tap["screenshot"])
    assert shot.status_code == 200 and shot.headers["content-type"] in ("image/jpeg", "image/png")

    # the phone is free again: the task's own lease went with it
    assert client.post(f"/v1/devices/{serial}/lease", json={}).status_code == 201


def test_a_goal_runs_with_the_explorer(client: TestClient, serial: str) -> None:
    task = _wait(client, _start(client, device=serial, goal="turn on airplane mode")["id"])
    assert task["status"] == "done", task
    trajectory = client.get(f"/v1/tasks/{task['id']}/trajectory").json()
    assert all(step["reason"] for step in trajectory["steps"])  # the planner says why
    screen = client.get(f"/v1/devices/{serial}/observation").json()
    airplane = [e for e in screen["elements"] if "checked" in e["state"]]
    assert airplane, screen


def test_a_step_that_fails_fails_the_task_with_the_reason(client: TestClient, serial: str) -> None:
    steps = ['open app "Settings"', 'tap "Teleportation"', 'tap "Network & internet"']
    task = _wait(client, _start(client, device=serial, steps=steps)["id"])
    assert task["status"] == "failed" and "Teleportation" in task["failure"]
    trajectory = client.get(f"/v1/tasks/{task['id']}/trajectory").json()
    missed = trajectory["steps"][1]
    assert missed["outcome"] == "target_not_found"
    assert missed["grounding"] is not None and not missed["grounding"]["found"]


def test_a_cancelled_task_stops_and_frees_the_phone(client: TestClient, serial: str) -> None:
    started = _start(client, device=serial, steps=["wait 1s"] * 20)
    time.sleep(1.5)
    cancelled = client.post(f"/v1/tasks/{started['id']}/cancel")
    assert cancelled.status_code == 202
    task = _wait(client, started["id"])
    assert task["status"] == "cancelled" and task["step_count"] < 20
    again = client.post(f"/v1/tasks/{started['id']}/cancel")
    assert again.status_code == 409 and again.json()["code"] == "task_finished"
    assert client.post(f"/v1/devices/{serial}/lease", json={}).status_code == 201


def test_a_leased_phone_runs_only_its_holders_tasks(client: TestClient, serial: str) -> None:
    lease = client.post(f"/v1/devices/{serial}/lease", json={"holder": "me"}).json()
    refused = client.post("/v1/tasks", json={"device": serial, "steps": ["press home"]})
    assert refused.status_code == 409 and refused.json()["code"] == "lease_conflict"
    started = _start(client, device=serial, steps=["press home"], lease_id=lease["id"])
    finished = _wait(client, started["id"])
    assert finished["status"] == "done" and finished["own_lease"] is False
    assert lease["id"] not in client.get("/v1/tasks").text  # a lease id is its holder's
    by_lease = _start(client, steps=["press home"], lease_id=lease["id"])  # no device named
    assert by_lease["device"] == serial and _wait(client, by_lease["id"])["status"] == "done"
    # the client's lease outlives the task
    assert client.delete(f"/v1/leases/{lease['id']}").status_code == 204


def test_events_stream_each_step_then_the_end(client: TestClient, serial: str) -> None:
    started = _start(client, device=serial, steps=STEPS)
    events: list[tuple[str, dict[str, Any]]] = []
    with client.stream("GET", f"/v1/tasks/{started['id']}/events") as stream:
        assert stream.headers["content-type"].startswith("text/event-stream")
        name = ""
        for line in stream.iter_lines():
            if line.startswith("event: "):
                name = line.removeprefix("event: ")
            elif line.startswith("data: "):
                events.append((name, json.loads(line.removeprefix("data: "))))
                if name == "end":
                    break
    assert [name for name, _ in events] == ["step", "step", "step", "end"]
    assert [data["index"] for _, data in events[:3]] == [0, 1, 2]
    assert events[-1][1]["status"] == "done"


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ({"steps": ["tap"]}, "steps[0]"),
        ({"goal": "x", "steps": ["press home"]}, "either goal"),
        ({"planner": "script", "goal": "turn on Wi-Fi"}, "needs steps"),
        ({"goal": "x", "max_steps": 0}, "max_steps"),
        ({"device": None, "goal": "x"}, "give device"),
    ],
)
def test_a_bad_task_is_422_saying_what_to_fix(
    client: TestClient, serial: str, body: dict[str, Any], says: str
) -> None:
    answer = client.post("/v1/tasks", json={"device": serial, **body})
    assert answer.status_code == 422 and says in answer.json()["detail"]


def test_unknown_tasks_and_phones(client: TestClient) -> None:
    assert client.get(f"/v1/tasks/{'0' * 32}").json()["code"] == "task_not_found"
    assert client.get("/v1/tasks/../../etc/passwd").status_code == 404
    assert client.get("/v1/tasks/not-an-id").status_code == 422
    refused = client.post("/v1/tasks", json={"device": "emulator-5599", "steps": ["press home"]})
    assert refused.status_code == 404 and refused.json()["code"] == "device_not_found"


def test_tasks_survive_a_restart_and_a_running_one_is_interrupted(
    adb_server: AdbServer, serial: str, tmp_path: Path
) -> None:
    with TestClient(create_app(_settings(adb_server, tmp_path))) as first:
        done = _wait(first, _start(first, device=serial, steps=["press home"])["id"])
    with TaskStore(tmp_path) as store:  # as a process killed mid-task leaves it
        store.create(TaskRecord(goal="x", planner="explorer", device=serial, max_steps=3))
        killed = store.list(limit=1)[0]
        store.update(killed.id, status=TaskStatus.RUNNING, started_at=time.time())
    with TestClient(create_app(_settings(adb_server, tmp_path))) as second:
        assert second.get(f"/v1/tasks/{done['id']}").json()["status"] == "done"
        assert len(second.get(f"/v1/tasks/{done['id']}/trajectory").json()["steps"]) == 1
        interrupted = second.get(f"/v1/tasks/{killed.id}").json()
        assert interrupted["status"] == "interrupted"
        assert "stopped" in interrupted["failure"]


def test_a_phone_that_dies_mid_task_fails_the_task_and_frees_the_lease(
    client: TestClient, serial: str, phone: VirtualPhoneServer
) -> None:
    started = _start(client, device=serial, steps=["wait 1s", *['tap "Settings"'] * 5])
    time.sleep(0.5)
    phone.stop()
    task = _wait(client, started["id"])
    assert task["status"] == "failed" and "device" in task["failure"], task
    assert client.get("/healthz").status_code == 200
    listed = [d for d in client.get("/v1/devices").json() if d["serial"] == serial]
    assert all(d["lease"] is None for d in listed)


def test_a_task_by_attributes_takes_a_matching_free_phone_and_waits_for_one(
    client: TestClient, serial: str
) -> None:
    """The virtual phone reports API 35; tasks asking for it queue while it is busy."""
    first = _start(client, device_query={"api_level": 35}, steps=["wait 1s"] * 3)
    second = _start(client, device_query={"api_level": 35}, steps=["press home"])
    assert second["device"] is None and second["device_query"] == {
        "api_level": 35,
        "model": None,
        "abi": None,
        "tags": [],
        "host": None,
    }
    queue = client.get("/v1/queue").json()
    assert {task["id"] for task in queue["queued"] + queue["running"]} == {
        first["id"],
        second["id"],
    }
    assert [host["host"] for host in queue["hosts"]] == ["local"]
    done = [_wait(client, task["id"]) for task in (first, second)]
    assert [task["status"] for task in done] == ["done", "done"]
    assert all(task["device"] == serial and task["host"] == "local" for task in done)
    assert done[0]["finished_at"] <= done[1]["started_at"]  # one phone: one task at a time


def test_a_task_by_attributes_fails_at_its_queue_timeout_or_at_once_when_none_match(
    client: TestClient, serial: str
) -> None:
    busy = _start(client, device=serial, steps=["wait 1s"] * 5)
    waiting = _start(
        client, device_query={"abi": "x86_64"}, steps=["press home"], queue_timeout_s=1
    )
    task = _wait(client, waiting["id"], timeout_s=10)
    assert task["status"] == "failed" and "queue timeout of 1 s" in task["failure"], task
    none = client.post(
        "/v1/tasks", json={"device_query": {"api_level": 21}, "steps": ["press home"]}
    )
    assert none.status_code == 404 and "no phone matches api_level 21" in none.json()["detail"]
    bad = client.post(
        "/v1/tasks", json={"device": serial, "device_query": {}, "steps": ["press home"]}
    )
    assert bad.status_code == 422
    client.post(f"/v1/tasks/{busy['id']}/cancel")


def test_a_task_under_a_lease_that_runs_out_is_cancelled(client: TestClient, serial: str) -> None:
    lease = client.post(f"/v1/devices/{serial}/lease", json={"ttl_s": 2}).json()
    started = _start(client, lease_id=lease["id"], steps=["wait 1s"] * 20)
    task = _wait(client, started["id"], timeout_s=20)
    assert task["status"] == "cancelled" and task["failure"] == f"the lease on {serial} ran out"
    assert client.post(f"/v1/devices/{serial}/lease", json={}).status_code == 201


def test_the_queue_is_first_come_first_served(client: TestClient, serial: str) -> None:
    ids = [
        _start(client, device_query={}, steps=["wait 1s"], queue_timeout_s=60)["id"]
        for _ in range(4)
    ]
    tasks = [_wait(client, task_id) for task_id in ids]
    assert [task["status"] for task in tasks] == ["done"] * 4
    starts = [task["started_at"] for task in tasks]
    assert starts == sorted(starts), starts
