"""`/v1/devices` and `/v1/leases` end to end: a virtual phone through the real adb server,
listed, leased, looked at and driven one action at a time."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from device import AdbServer
from planning import LlmSettings
from service.app import create_app
from service.config import AdbSection, DataSection, Settings


@pytest.fixture
def client(adb_server: AdbServer, serial: str, tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(
        adb=AdbSection(port=adb_server.port, command_timeout_s=10.0),
        data=DataSection(dir=tmp_path),
        llm=LlmSettings(),
    )
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def _labels(observation: dict[str, Any]) -> list[str]:
    return [element["label"] for element in observation["elements"]]


def _act(client: TestClient, serial: str, action: str, **headers: str) -> Any:
    return client.post(f"/v1/devices/{serial}/actions", json={"action": action}, headers=headers)


def test_the_list_shows_the_phone_and_what_droidpilot_learnt_of_it(
    client: TestClient, serial: str
) -> None:
    listed = {device["serial"]: device for device in client.get("/v1/devices").json()}
    assert listed[serial]["state"] == "device"
    assert listed[serial]["lease"] is None
    assert client.get(f"/v1/devices/{serial}/observation").status_code == 200
    phone = next(d for d in client.get("/v1/devices").json() if d["serial"] == serial)
    assert phone["health"] == "ok"
    assert phone["backend"] == "uiautomator2"
    assert phone["size"] == [1080, 2400]


def test_an_unknown_phone_is_404_with_the_phones_there_are(client: TestClient) -> None:
    answer = client.get("/v1/devices/emulator-5599/observation")
    assert answer.status_code == 404
    assert answer.json()["code"] == "device_not_found"
    assert "emulator-5599" in answer.json()["detail"]


def test_screenshots_come_as_png_or_jpeg(client: TestClient, serial: str) -> None:
    png = client.get(f"/v1/devices/{serial}/screenshot")
    assert png.headers["content-type"] == "image/png" and png.content.startswith(b"\x89PNG")
    jpeg = client.get(f"/v1/devices/{serial}/screenshot", params={"format": "jpeg"})
    assert jpeg.headers["content-type"] == "image/jpeg" and jpeg.content[:2] == b"\xff\xd8"
    assert (
        client.get(f"/v1/devices/{serial}/screenshot", params={"format": "gif"}).status_code == 422
    )


def test_an_observation_is_compact_unless_asked_for_in_full(
    client: TestClient, serial: str
) -> None:
    compact = client.get(f"/v1/devices/{serial}/observation").json()
    assert "Settings" in _labels(compact)
    first = compact["elements"][0]
    assert set(first) == {"label", "role", "icon", "center", "state"}
    full = client.get(f"/v1/devices/{serial}/observation", params={"compact": "false"}).json()
    assert len(full["elements"]) >= len(compact["elements"])
    assert "bounds" in full["elements"][0] and "resource_id" in full["elements"][0]


def test_an_action_is_grounded_carried_out_and_answers_the_new_screen(
    client: TestClient, serial: str
) -> None:
    opened = _act(client, serial, 'open app "Settings"').json()
    assert opened["outcome"] == "succeeded", opened
    assert opened["commands"][0]["type"] == "start_app"
    tapped = _act(client, serial, 'tap "Network & internet"').json()
    assert tapped["outcome"] == "succeeded", tapped
    assert (
        tapped["grounding"]["found"]
        and tapped["grounding"]["element"]["text"] == "Network & internet"
    )
    assert tapped["commands"] == [tapped["grounding"]["command"]]
    assert "Airplane mode" in _labels(tapped["screen"])


def test_a_target_not_on_screen_is_an_outcome_with_the_runners_up(
    client: TestClient, serial: str
) -> None:
    _act(client, serial, 'open app "Settings"')
    missed = _act(client, serial, 'tap "Teleportation"')
    assert missed.status_code == 200
    body = missed.json()
    assert body["outcome"] == "target_not_found" and "Teleportation" in body["detail"]
    assert body["grounding"] is not None and not body["grounding"]["found"]
    failed = _act(client, serial, 'assert visible "Teleportation"').json()
    assert failed["outcome"] == "assertion_failed"


def test_a_bad_action_is_422_saying_where_it_stops_parsing(client: TestClient, serial: str) -> None:
    answer = _act(client, serial, "tap")
    assert answer.status_code == 422
    assert answer.json()["code"] == "invalid_input"
    assert answer.json()["detail"].startswith("action: column 4: expected a quoted target")
    structured = client.post(
        f"/v1/devices/{serial}/actions", json={"action": {"type": "tap", "target": 5}}
    )
    assert structured.status_code == 422 and structured.json()["code"] == "invalid_input"


def test_a_lease_keeps_the_phone_for_its_holder(client: TestClient, serial: str) -> None:
    granted = client.post(f"/v1/devices/{serial}/lease", json={"ttl_s": 60, "holder": "ci #7"})
    assert granted.status_code == 201
    lease = granted.json()
    assert lease["serial"] == serial and 0 < lease["expires_in_s"] <= 60

    second = client.post(f"/v1/devices/{serial}/lease", json={"ttl_s": 60})
    assert second.status_code == 409 and second.json()["code"] == "lease_conflict"
    assert lease["id"] not in second.json()["detail"]  # never tell others the holder's secret
    without = client.get(f"/v1/devices/{serial}/observation")
    assert without.status_code == 409
    wrong = client.get(f"/v1/devices/{serial}/observation", headers={"X-Lease-ID": "f" * 32})
    assert wrong.status_code == 404 and wrong.json()["code"] == "lease_not_found"
    held = client.get(f"/v1/devices/{serial}/observation", headers={"X-Lease-ID": lease["id"]})
    assert held.status_code == 200

    listed = next(d for d in client.get("/v1/devices").json() if d["serial"] == serial)
    assert listed["lease"]["holder"] == "ci #7" and "id" not in listed["lease"]

    renewed = client.post(f"/v1/leases/{lease['id']}/renew", json={"ttl_s": 120})
    assert renewed.status_code == 200 and renewed.json()["expires_in_s"] > 60
    assert client.delete(f"/v1/leases/{lease['id']}").status_code == 204
    assert client.delete(f"/v1/leases/{lease['id']}").json()["code"] == "lease_not_found"
    assert client.get(f"/v1/devices/{serial}/observation").status_code == 200


def test_a_lease_of_an_unknown_phone_is_404(client: TestClient) -> None:
    answer = client.post("/v1/devices/emulator-5599/lease", json={})
    assert answer.status_code == 404 and answer.json()["code"] == "device_not_found"


def test_reset_stops_the_app_and_goes_home(client: TestClient, serial: str) -> None:
    _act(client, serial, 'open app "Settings"')
    _act(client, serial, 'tap "Network & internet"')
    home = client.post(f"/v1/devices/{serial}/reset", json={"package": "com.android.settings"})
    assert home.status_code == 200, home.json()
    assert home.json()["package"] != "com.android.settings"
    reopened = _act(client, serial, 'open app "Settings"').json()
    assert "Network & internet" in _labels(reopened["screen"])  # its first page again
    bad = client.post(f"/v1/devices/{serial}/reset", json={"package": "rm -rf /"})
    assert bad.status_code == 422


def test_a_clients_lease_outlives_a_restart_of_the_service(
    adb_server: AdbServer, serial: str, tmp_path: Path
) -> None:
    """A CI job holding a phone keeps it when the service restarts (an upgrade, a crash)."""
    settings = Settings(
        adb=AdbSection(port=adb_server.port, command_timeout_s=10.0),
        data=DataSection(dir=tmp_path),
        llm=LlmSettings(),
    )
    with TestClient(create_app(settings)) as first:
        lease = first.post(f"/v1/devices/{serial}/lease", json={"ttl_s": 600, "holder": "ci #8"})
        assert lease.status_code == 201
    with TestClient(create_app(settings)) as second:
        listed = {d["serial"]: d for d in second.get("/v1/devices").json()}
        assert listed[serial]["lease"]["holder"] == "ci #8"
        assert second.post(f"/v1/devices/{serial}/lease", json={}).status_code == 409
        held = second.get(
            f"/v1/devices/{serial}/observation", headers={"X-Lease-ID": lease.json()["id"]}
        )
        assert held.status_code == 200
        assert second.delete(f"/v1/leases/{lease.json()['id']}").status_code == 204
