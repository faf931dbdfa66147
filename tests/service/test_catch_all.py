"""An error no handler knows: a 500 that names the request id, logged as one line."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from service.app import create_app
from service.config import AdbSection, Settings


class Broken(RuntimeError):
    pass


@pytest.fixture
def app() -> FastAPI:
    """The API with two routes that fail, as a bug would (in this test app only)."""
    app = create_app(Settings(adb=AdbSection(port=1)))

    def fail() -> None:
        raise Broken("the flux capacitor\nis empty")

    async def fail_async() -> None:
        raise Broken("async too")

    app.add_api_route("/v1/boom", fail)
    app.add_api_route("/v1/boom-async", fail_async)
    return app


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    # raise_server_exceptions: an exception that escaped to the server would fail the test,
    # as it would make uvicorn print a traceback of its own
    with TestClient(app, raise_server_exceptions=True) as test_client:
        yield test_client


def logged(caplog: pytest.LogCaptureFixture, level: int) -> list[logging.LogRecord]:
    """The service's log records at `level` and above (not the test client's)."""
    return [
        record
        for record in caplog.records
        if record.levelno >= level
        and not record.name.startswith("httpx")
        and record.name != "service.api.access_log"  # the one access line every request has
    ]


@pytest.mark.parametrize("path", ["/v1/boom", "/v1/boom-async"])
def test_an_unexpected_error_is_500_with_the_request_id(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 500
    request_id = response.headers["x-request-id"]
    assert response.json() == {
        "detail": f"internal error (Broken); request id {request_id}, see the server log",
        "code": "internal",
        "request_id": request_id,
    }
    assert "Traceback" not in response.text and "capacitor" not in response.text


def test_an_unexpected_error_is_one_log_line_with_the_id(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    response = client.get("/v1/boom", headers={"X-Request-ID": "req-7"})
    assert response.headers["x-request-id"] == "req-7"
    (record,) = logged(caplog, logging.INFO)
    assert record.levelno == logging.ERROR
    assert record.getMessage() == (
        "request req-7 GET /v1/boom failed: Broken: the flux capacitor\\nis empty"
    )
    assert record.exc_info is None and "Traceback" not in record.getMessage()
    (debug,) = [r for r in logged(caplog, logging.DEBUG) if r.levelno == logging.DEBUG]
    assert "req-7" in debug.getMessage() and debug.exc_info is not None


def test_known_errors_log_their_request_id_at_info(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    response = client.post("/v1/plan", json={}, headers={"X-Request-ID": "req-8"})
    assert response.status_code == 422
    (record,) = logged(caplog, logging.INFO)
    assert record.levelno == logging.INFO
    assert record.getMessage() == "request req-8 POST /v1/plan -> 422 invalid_input"
