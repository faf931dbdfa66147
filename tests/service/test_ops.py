"""GET /healthz, GET /metrics and the access log, as an operator sees them."""

from __future__ import annotations

import base64
import io
import logging
import re
import socket
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from PIL import Image
from prometheus_client.parser import text_string_to_metric_families

from service.api.metrics import grounding_mode
from service.app import create_app
from service.config import AdbSection, ApiSection, Settings

SETTINGS_SCREEN = """<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
<hierarchy rotation="0">
  <node index="0" text="" resource-id="" class="android.widget.FrameLayout"
        package="com.android.settings" content-desc="" clickable="false"
        bounds="[0,0][1080,2400]">
    <node index="0" text="Wi-Fi" resource-id="android:id/title"
          class="android.widget.TextView" package="com.android.settings" content-desc=""
          clickable="true" bounds="[0,300][1080,450]" />
    <node index="1" text="Bluetooth" resource-id="android:id/title"
          class="android.widget.TextView" package="com.android.settings" content-desc=""
          clickable="true" bounds="[0,450][1080,600]" />
  </node>
</hierarchy>"""

ACCESS_LINE = re.compile(r"request (\S+) (\S+) (\S+) (\d{3}|-) (\d+\.\d) ms")


def closed_port() -> int:
    """A port nothing listens on: no adb server answers there."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def make_app() -> FastAPI:
    return create_app(
        Settings(adb=AdbSection(port=closed_port()), api=ApiSection(max_body_bytes=64 * 1024))
    )


@pytest.fixture
def client() -> Iterator[TestClient]:
    """A fresh app (its own registry) with no adb server behind it."""
    with TestClient(make_app()) as test_client:
        yield test_client


Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def scrape(client: TestClient) -> Samples:
    """Every sample of GET /metrics, by name and labels."""
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def requests_counted(samples: Samples, **labels: str) -> float:
    return samples.get(("droidpilot_requests_total", frozenset(labels.items())), 0.0)


def label_values(samples: Samples, name: str, label: str) -> set[str]:
    return {
        value
        for (sample, labels), _ in samples.items()
        if sample == name
        for key, value in labels
        if key == label
    }


def access_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        record.getMessage() for record in caplog.records if record.name == "service.api.access_log"
    ]


# -- /healthz ---------------------------------------------------------------------------------


def test_healthz_is_ok_without_an_adb_server(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response.headers["x-request-id"]


def test_healthz_loads_no_model(client: TestClient) -> None:
    client.get("/healthz")
    assert scrape(client)[("droidpilot_models_loaded", frozenset())] == 0.0


# -- /metrics ---------------------------------------------------------------------------------


def test_a_hierarchy_grounding_is_counted_by_route_and_mode(client: TestClient) -> None:
    response = client.post(
        "/v1/ground", json={"action": 'tap "Wi-Fi"', "hierarchy": SETTINGS_SCREEN}
    )
    assert response.status_code == 200, response.text
    assert response.json()["found"] is True

    samples = scrape(client)
    assert requests_counted(samples, method="POST", route="/v1/ground", status="200") == 1
    assert samples[("droidpilot_request_seconds_count", frozenset({("route", "/v1/ground")}))] == 1
    hierarchy = frozenset({("mode", "hierarchy")})
    assert samples[("droidpilot_grounding_seconds_count", hierarchy)] == 1
    assert samples[("droidpilot_grounding_seconds_sum", hierarchy)] >= 0
    assert ("droidpilot_grounding_seconds_count", frozenset({("mode", "pixels")})) not in samples
    assert samples[("droidpilot_models_loaded", frozenset())] == 1.0


def test_a_screenshot_read_for_its_pixels_is_counted_as_pixels(client: TestClient) -> None:
    png = io.BytesIO()
    Image.new("RGB", (320, 640), "white").save(png, format="PNG")
    image = base64.b64encode(png.getvalue()).decode()
    response = client.post("/v1/ground", json={"action": 'tap "OK"', "image": image})
    assert response.status_code == 200, response.text

    samples = scrape(client)
    assert samples[("droidpilot_grounding_seconds_count", frozenset({("mode", "pixels")}))] == 1


@pytest.mark.parametrize(
    ("timing_ms", "mode"),
    [
        (
            {"hierarchy": 1.0, "fusion": 0.1, "perceive": 1.2, "ground": 0.5, "total": 2.0},
            "hierarchy",
        ),
        ({"decode": 3.0, "hierarchy": 1.0, "ground": 0.5, "total": 5.0}, "hierarchy"),
        ({"hierarchy_first": 2.0, "decode": 3.0, "ocr": 80.0, "total": 90.0}, "pixels"),
        ({"decode": 3.0, "detector": 40.0, "total": 50.0}, "pixels"),
    ],
)
def test_grounding_mode_is_pixels_only_when_ocr_or_a_detector_ran(
    timing_ms: dict[str, float], mode: str
) -> None:
    assert grounding_mode(timing_ms) == mode


def test_errors_are_counted_under_their_route(client: TestClient) -> None:
    assert client.post("/v1/ground", json={"action": 'tap "Wi-Fi"'}).status_code == 422
    too_large = client.post("/v1/ground", content=b"x" * (65 * 1024))
    assert too_large.status_code == 413  # refused before routing, counted under its route

    samples = scrape(client)
    assert requests_counted(samples, method="POST", route="/v1/ground", status="422") == 1
    assert requests_counted(samples, method="POST", route="/v1/ground", status="413") == 1
    assert ("droidpilot_grounding_seconds_count", frozenset({("mode", "hierarchy")})) not in samples


def test_unknown_paths_and_methods_add_no_label_values(client: TestClient) -> None:
    for path in ["/nope", "/nope/1", "/nope/2", "/v1/ground/extra", "/v1/%0Aforged"]:
        assert client.get(path).status_code == 404
    assert client.request("FROBNICATE", "/healthz").status_code == 405
    assert client.request("BREW", "/healthz").status_code == 405

    samples = scrape(client)
    assert requests_counted(samples, method="GET", route="other", status="404") == 5
    assert requests_counted(samples, method="other", route="/healthz", status="405") == 2
    routes = label_values(samples, "droidpilot_requests_total", "route")
    assert routes <= {"other", "/healthz", "/metrics"}
    assert label_values(samples, "droidpilot_requests_total", "method") <= {"GET", "other"}


def test_each_app_counts_its_own_requests(client: TestClient) -> None:
    client.get("/healthz")
    with TestClient(make_app()) as other:
        assert requests_counted(scrape(other), method="GET", route="/healthz", status="200") == 0
    assert requests_counted(scrape(client), method="GET", route="/healthz", status="200") == 1


# -- the access log ---------------------------------------------------------------------------


def test_one_access_line_per_request_with_its_id_and_status(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="service.api.access_log")
    client.get("/healthz", headers={"X-Request-ID": "probe-1"})
    client.get("/nope", headers={"X-Request-ID": "probe-2"})
    answer = client.post("/v1/ground", json={"action": 'tap "Wi-Fi"', "hierarchy": "<oops"})

    lines = access_lines(caplog)
    assert len(lines) == 3
    fields = [ACCESS_LINE.fullmatch(line) for line in lines]
    assert all(fields), lines
    assert [match.groups()[:4] for match in fields if match] == [
        ("probe-1", "GET", "/healthz", "200"),
        ("probe-2", "GET", "/nope", "404"),
        (answer.headers["x-request-id"], "POST", "/v1/ground", str(answer.status_code)),
    ]


def test_the_access_log_holds_no_body_and_stays_on_one_line(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="service.api.access_log")
    client.post("/v1/ground", json={"action": 'type "secret-pin-1234" into "PIN"'})
    client.get("/v1/a%0Arequest fake GET /healthz 200 1.0 ms")

    lines = access_lines(caplog)
    assert len(lines) == 2
    assert not any("secret-pin-1234" in line for line in lines)
    assert all("\n" not in line and ACCESS_LINE.fullmatch(line) for line in lines), lines


def test_an_unexpected_error_is_logged_and_counted_as_500(
    caplog: pytest.LogCaptureFixture,
) -> None:
    app = make_app()

    def fail() -> None:
        raise RuntimeError("a bug")

    app.add_api_route("/v1/boom", fail)
    caplog.set_level(logging.INFO, logger="service.api.access_log")
    with TestClient(app) as client:
        response = client.get("/v1/boom")
        assert response.status_code == 500
        samples = scrape(client)
    assert requests_counted(samples, method="GET", route="/v1/boom", status="500") == 1
    request_id = response.headers["x-request-id"]
    assert any(
        line.startswith(f"request {request_id} GET /v1/boom 500 ") for line in access_lines(caplog)
    )
