"""The API with phones that freeze or vanish: their requests end in time with 504 or 503,
the other phones and `/healthz` keep answering, and a phone that returns is used again."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from device import AdbServer, DeviceError
from device.virtual import PhoneConfig, VirtualPhone, VirtualPhoneServer
from planning import LlmSettings
from service.app import create_app
from service.config import AdbSection, DataSection, Settings

TIMEOUT_S = 2.0
"""The device deadline of these tests (`adb.command_timeout_s`)."""
CONNECT_S = 3.0
"""The uiautomator2 start deadline: reconnecting to a frozen phone may spend it too."""
MARGIN_S = 3.0
"""Slack for a loaded CI machine."""


@pytest.fixture
def client(adb_server: AdbServer, tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(
        adb=AdbSection(
            port=adb_server.port, command_timeout_s=TIMEOUT_S, connect_timeout_s=CONNECT_S
        ),
        data=DataSection(dir=tmp_path),
        llm=LlmSettings(),
    )
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def test_a_frozen_phone_is_504_in_time_and_holds_up_nothing_else(
    client: TestClient, phone_process: tuple[subprocess.Popen[str], str], serial: str
) -> None:
    process, frozen = phone_process
    assert client.get(f"/v1/devices/{frozen}/observation").status_code == 200
    os.kill(process.pid, signal.SIGSTOP)
    answers: list[tuple[int, float]] = []

    def ask() -> None:
        started = time.monotonic()
        status = client.get(f"/v1/devices/{frozen}/observation").status_code
        answers.append((status, time.monotonic() - started))

    workers = [threading.Thread(target=ask) for _ in range(12)]
    try:
        for worker in workers:
            worker.start()
        time.sleep(0.5)
        started = time.monotonic()
        assert client.get("/healthz").status_code == 200
        assert time.monotonic() - started < 1.0, "healthz waited on the frozen phone"
        other = client.get(f"/v1/devices/{serial}/observation")
        assert other.status_code == 200, "another phone waited on the frozen one"
        for worker in workers:
            worker.join(timeout=60)
        assert len(answers) == 12, "a request for the frozen phone never answered"
        assert {status for status, _ in answers} == {504}
        slowest = max(seconds for _, seconds in answers)
        assert slowest < 3 * (TIMEOUT_S + CONNECT_S) + MARGIN_S, f"took {slowest:.1f} s"
        body = client.get(f"/v1/devices/{frozen}/observation").json()
        assert body["code"] == "device_timeout" and frozen in body["detail"]
        listed = {d["serial"]: d for d in client.get("/v1/devices").json()}
        assert listed[frozen]["health"] == "unresponsive"
    finally:
        os.kill(process.pid, signal.SIGCONT)
    recovered = [client.get(f"/v1/devices/{frozen}/observation").status_code for _ in range(3)]
    assert 200 in recovered


def test_a_phone_that_drops_is_503_and_is_used_again_when_it_returns(
    client: TestClient, adb_server: AdbServer, phone: VirtualPhoneServer, serial: str
) -> None:
    assert client.get(f"/v1/devices/{serial}/observation").status_code == 200
    port = phone.port
    phone.stop()
    gone = client.get(f"/v1/devices/{serial}/observation")
    assert gone.status_code in (503, 504), gone.json()  # never 502 for a dead phone
    again = client.get(f"/v1/devices/{serial}/observation")
    assert again.status_code == 503 and again.json()["code"] == "device_offline"

    returned = VirtualPhoneServer(VirtualPhone(PhoneConfig()), port=port).start()
    try:
        statuses = []
        for _ in range(5):
            statuses.append(client.get(f"/v1/devices/{serial}/observation").status_code)
            if statuses[-1] == 200:
                break
            time.sleep(0.5)
        assert statuses[-1] == 200, statuses
        acted = client.post(f"/v1/devices/{serial}/actions", json={"action": 'tap "Settings"'})
        assert acted.json()["outcome"] == "succeeded"
    finally:
        returned.stop()


def test_a_dead_phone_answers_the_same_before_and_after_first_use(
    adb_server: AdbServer, tmp_path: Path
) -> None:
    """503 whether or not the service had talked to the phone before it died."""
    phone = VirtualPhoneServer(VirtualPhone(PhoneConfig()), port=0).start()
    serial = f"127.0.0.1:{phone.port}"
    adb_server.connect(serial)
    settings = Settings(
        adb=AdbSection(port=adb_server.port, command_timeout_s=TIMEOUT_S),
        data=DataSection(dir=tmp_path),
        llm=LlmSettings(),
    )
    try:
        with TestClient(create_app(settings)) as used, TestClient(create_app(settings)) as fresh:
            assert used.get(f"/v1/devices/{serial}/observation").status_code == 200
            phone.stop()
            time.sleep(0.5)
            codes = set()
            for client in (used, fresh, used):
                answer = client.get(f"/v1/devices/{serial}/observation")
                codes.add((answer.status_code, answer.json()["code"]))
            assert codes <= {(503, "device_offline"), (404, "device_not_found")}, codes
            assert all(status != 502 for status, _ in codes)
    finally:
        phone.stop()
        with contextlib.suppress(DeviceError):  # the adb server may have dropped it already
            adb_server.disconnect(serial)
