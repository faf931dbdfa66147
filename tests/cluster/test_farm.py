"""The farm through the API: a head, two hosts with different phones, tasks routed to them."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from planning import LlmSettings
from service.app import create_app
from service.config import AdbSection, ClusterSection, DataSection, Settings
from service.flows import load_flow
from tests.cluster.farm import Farm

pytestmark = pytest.mark.cluster

SMOKE_FLOW = load_flow(
    Path(__file__).resolve().parents[2] / "examples" / "settings_smoke.yaml"
).model_dump(mode="json")
"""A droidpilot flow of the examples, parsed as `droidpilot flow run --server` sends it."""

FINISHED = {"done", "failed", "cancelled", "interrupted"}


@pytest.fixture(scope="module")
def client(farm: Farm, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    data: Path = tmp_path_factory.mktemp("farm-service")
    settings = Settings(
        adb=AdbSection(port=1, command_timeout_s=5.0),  # the service's host has no phones
        data=DataSection(dir=data),
        llm=LlmSettings(),
        cluster=ClusterSection(head=farm.head),
    )
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def _wait(client: TestClient, task_id: str, timeout_s: float = 90.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        task: dict[str, Any] = client.get(f"/v1/tasks/{task_id}").json()
        if task["status"] in FINISHED:
            return task
        time.sleep(0.2)
    raise AssertionError(f"task {task_id} did not finish in {timeout_s} s")


def test_devices_lists_every_hosts_phones_with_their_attributes(
    client: TestClient, farm: Farm
) -> None:
    listed = {phone["serial"]: phone for phone in client.get("/v1/devices").json()}
    # the model as adb lists it (`adb devices -l` writes a space as `_`)
    for name, host in farm.hosts.items():
        for serial in host.serials:
            assert listed[serial]["host"] == name
            assert listed[serial]["state"] == "device"
    first_a = listed[farm.hosts["host-a"].serials[0]]
    assert (first_a["api_level"], first_a["model"], first_a["tags"]) == (34, "Pixel_8", ["fast"])
    first_b = listed[farm.hosts["host-b"].serials[0]]
    assert (first_b["api_level"], first_b["model"], first_b["tags"]) == (35, "Pixel_9", [])


def test_a_farm_hosts_phone_is_observed_and_driven_one_action_at_a_time(
    client: TestClient, farm: Farm
) -> None:
    serial = farm.hosts["host-b"].serials[2]
    home = client.post(f"/v1/devices/{serial}/reset", json={})
    assert home.status_code == 200, home.json()
    opened = client.post(f"/v1/devices/{serial}/actions", json={"action": 'open app "Settings"'})
    assert opened.status_code == 200 and opened.json()["outcome"] == "succeeded", opened.json()
    tapped = client.post(
        f"/v1/devices/{serial}/actions", json={"action": 'tap "Network & internet"'}
    )
    assert tapped.json()["outcome"] == "succeeded", tapped.json()
    seen = client.get(f"/v1/devices/{serial}/observation").json()
    assert "Airplane mode" in {element["label"] for element in seen["elements"]}
    shot = client.get(f"/v1/devices/{serial}/screenshot")
    assert shot.status_code == 200 and shot.content.startswith(b"\x89PNG")
    grounded = client.post("/v1/ground", json={"action": 'tap "Airplane mode"', "device": serial})
    assert grounded.status_code == 200 and grounded.json()["found"], grounded.json()


def test_a_task_by_serial_runs_on_that_phones_host(client: TestClient, farm: Farm) -> None:
    serial = farm.hosts["host-b"].serials[1]
    started = client.post(
        "/v1/tasks",
        json={"device": serial, "steps": ['open app "Settings"', 'tap "Network & internet"']},
    )
    assert started.status_code == 202, started.json()
    task = _wait(client, started.json()["id"])
    assert task["status"] == "done", task
    assert (task["device"], task["host"], task["step_count"]) == (serial, "host-b", 2)
    steps = client.get(f"/v1/tasks/{task['id']}/trajectory").json()["steps"]
    assert steps[1]["screen"]["package"] == "com.android.settings"


def _start(client: TestClient, **body: Any) -> dict[str, Any]:
    answer = client.post("/v1/tasks", json=body)
    assert answer.status_code == 202, answer.json()
    started: dict[str, Any] = answer.json()
    return started


def _running(client: TestClient, task_id: str, timeout_s: float = 60.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        task: dict[str, Any] = client.get(f"/v1/tasks/{task_id}").json()
        if task["status"] == "running" and task["step_count"] > 0:
            return task
        assert task["status"] not in FINISHED, task
        time.sleep(0.2)
    raise AssertionError(f"task {task_id} did not start in {timeout_s} s")


def test_a_task_by_attributes_runs_on_a_phone_that_has_them(client: TestClient, farm: Farm) -> None:
    task = _wait(
        client,
        _start(
            client,
            device_query={"api_level": 34, "tags": ["fast"], "model": "Pixel 8"},
            steps=['open app "Clock"'],
        )["id"],
    )
    assert task["status"] == "done", task
    assert task["host"] == "host-a" and task["device"] in farm.hosts["host-a"].serials


def test_a_goal_runs_with_the_explorer_on_a_farm_host(client: TestClient, farm: Farm) -> None:
    started = _start(client, device_query={"host": "host-b"}, goal="turn on airplane mode")
    task = _wait(client, started["id"])
    assert task["status"] == "done" and task["host"] == "host-b", (task["failure"], task)
    steps = client.get(f"/v1/tasks/{task['id']}/trajectory").json()["steps"]
    assert any("Airplane" in step["action"] for step in steps), steps


def test_no_phone_runs_two_tasks_at_once_and_the_queue_shows_who_waits(
    client: TestClient, farm: Farm
) -> None:
    """Six tasks for host-b's three phones: three run, three wait in the queue, all finish."""
    ids = [
        _start(
            client,
            device_query={"host": "host-b"},
            steps=["wait 1s", "wait 1s"],
            queue_timeout_s=120,
        )["id"]
        for _ in range(6)
    ]
    queue = client.get("/v1/queue").json()
    assert len(queue["queued"]) + len(queue["running"]) >= 4
    host_b = next(entry for entry in queue["hosts"] if entry["host"] == "host-b")
    assert (host_b["phones"], host_b["usable"]) == (3, 3)
    tasks = [_wait(client, task_id) for task_id in ids]
    assert all(task["status"] == "done" for task in tasks), tasks
    by_phone: dict[str, list[tuple[float, float]]] = {}
    for task in tasks:
        by_phone.setdefault(task["device"], []).append((task["started_at"], task["finished_at"]))
    assert set(by_phone) <= set(farm.hosts["host-b"].serials) and len(by_phone) >= 2
    for spans in by_phone.values():
        spans.sort()
        assert all(end <= start for (_, end), (start, _) in itertools.pairwise(spans))


def test_an_unknown_phone_or_one_no_host_has_is_a_404_at_once(client: TestClient) -> None:
    started = time.monotonic()
    unknown = client.post("/v1/tasks", json={"device": "nowhere:5555", "steps": ["press home"]})
    assert unknown.status_code == 404 and "nowhere:5555" in unknown.json()["detail"]
    nothing = client.post(
        "/v1/tasks", json={"device_query": {"api_level": 21}, "steps": ["press home"]}
    )
    assert nothing.status_code == 404 and "api_level 21" in nothing.json()["detail"]
    assert time.monotonic() - started < 10


def test_a_cancelled_task_stops_on_its_host_and_frees_the_phone(
    client: TestClient, farm: Farm
) -> None:
    serial = farm.hosts["host-a"].serials[1]
    started = _start(client, device=serial, steps=["wait 1s"] * 30)
    _running(client, started["id"])
    assert client.post(f"/v1/tasks/{started['id']}/cancel").status_code == 202
    task = _wait(client, started["id"], timeout_s=10)
    assert task["status"] == "cancelled" and task["step_count"] < 30
    after = _wait(client, _start(client, device=serial, steps=["press home"])["id"])
    assert after["status"] == "done", after


def test_a_task_whose_lease_runs_out_is_cancelled_and_the_phone_freed(
    client: TestClient, farm: Farm
) -> None:
    serial = farm.hosts["host-a"].serials[0]
    lease = client.post(f"/v1/devices/{serial}/lease", json={"ttl_s": 3, "holder": "ci job"})
    assert lease.status_code == 201, lease.json()
    started = _start(client, lease_id=lease.json()["id"], steps=["wait 1s"] * 30)
    task = _wait(client, started["id"], timeout_s=20)
    assert task["status"] == "cancelled" and "lease" in task["failure"], task
    assert task["step_count"] < 10
    after = _wait(client, _start(client, device=serial, steps=["press home"])["id"])
    assert after["status"] == "done", after


def test_a_flow_runs_on_a_farm_host_by_attributes(client: TestClient, farm: Farm) -> None:
    ran = client.post("/v1/flows/run", json={"flow": SMOKE_FLOW, "device_query": {"api_level": 34}})
    assert ran.status_code == 200 and ran.json()["passed"], ran.json()
    assert ran.json()["device"] in farm.hosts["host-a"].serials


def test_a_phone_that_leaves_its_host_is_held_until_it_returns(
    client: TestClient, farm: Farm
) -> None:
    """Work for a missing phone waits (and times out) instead of landing on no phone."""
    host = farm.hosts["host-a"]
    serial = host.serials[1]
    host.adb.disconnect(serial)
    try:
        _until(lambda: _phone(client, serial)["state"] == "missing", timeout_s=5)  # the spec: 5 s
        task = _wait(
            client, _start(client, device=serial, steps=["press home"], queue_timeout_s=3)["id"]
        )
        assert task["status"] == "failed" and "within the queue timeout of 3 s" in task["failure"]
    finally:
        host.adb.connect(serial)
    _until(lambda: _phone(client, serial)["state"] == "device")
    back = _wait(
        client, _start(client, device=serial, steps=["press home"], queue_timeout_s=30)["id"]
    )
    assert back["status"] == "done", back


def _phone(client: TestClient, serial: str) -> dict[str, Any]:
    found: dict[str, Any] = next(
        p for p in client.get("/v1/devices").json() if p["serial"] == serial
    )
    return found


def _until(condition: Callable[[], bool], timeout_s: float = 20.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "the farm did not catch up in time"
        time.sleep(0.3)


def test_a_host_that_dies_mid_task_fails_pinned_work_and_reruns_retryable_work(
    client: TestClient, farm: Farm
) -> None:
    """host-b stays dead for the rest of the session."""
    host_a, host_b = farm.hosts["host-a"], farm.hosts["host-b"]
    blockers = [_start(client, device=serial, steps=["wait 1s"] * 60) for serial in host_a.serials]
    pinned = _start(client, device=host_b.serials[0], steps=["wait 1s"] * 60)
    retryable = _start(
        client,
        device_query={},
        steps=["wait 1s"] * 8,
        retry_on_host_loss=True,
        queue_timeout_s=60,
    )
    _running(client, pinned["id"])
    placed = _running(client, retryable["id"])
    assert placed["host"] == "host-b"  # host-a's phones are both busy
    flow_run: dict[str, Any] = {}
    flow_body = {"flow": SMOKE_FLOW, "device_query": {}, "retry_on_host_loss": True}
    flowing = threading.Thread(
        target=lambda: flow_run.update(client.post("/v1/flows/run", json=flow_body).json())
    )
    flowing.start()
    _until(lambda: _phone(client, host_b.serials[2])["lease"] is not None)
    host_b.kill()
    killed = time.monotonic()
    lost = _wait(client, pinned["id"], timeout_s=30)
    assert lost["status"] == "failed" and lost["failure"].startswith("host lost: host-b"), lost
    assert time.monotonic() - killed < 15
    for blocker in blockers:
        client.post(f"/v1/tasks/{blocker['id']}/cancel")
    rerun = _wait(client, retryable["id"])
    assert rerun["status"] == "done", rerun
    assert (rerun["host"], rerun["attempts"]) == ("host-a", 2)
    flowing.join(timeout=120)
    assert flow_run.get("passed") and flow_run["device"] in host_a.serials, flow_run
    leases = {phone["serial"]: phone["lease"] for phone in client.get("/v1/devices").json()}
    assert all(leases.get(serial) is None for serial in host_b.serials)


def test_a_host_that_freezes_mid_task_fails_its_work_within_seconds(
    client: TestClient, farm: Farm
) -> None:
    """Last in the file: host-a stays frozen. A frozen host never fails its Ray task; the
    dispatcher learns of it when the head's health checks mark its node dead."""
    host_a = farm.hosts["host-a"]
    pinned = _start(client, device=host_a.serials[0], steps=["wait 1s"] * 60)
    _running(client, pinned["id"])
    host_a.freeze()
    frozen = time.monotonic()
    lost = _wait(client, pinned["id"], timeout_s=60)
    assert lost["status"] == "failed" and lost["failure"].startswith("host lost: host-a"), lost
    assert time.monotonic() - frozen < 20
