"""A bearer token guards the API; a service that listens beyond loopback needs one."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr, ValidationError

from device import AdbServer
from service.app import create_app
from service.config import AdbSection, ApiSection, Settings
from service.serve import ServeError, ServeOptions, serve

TOKEN = "s3cret-token-for-tests"


@pytest.fixture
def client(adb_server: AdbServer) -> Iterator[TestClient]:
    settings = Settings(
        adb=AdbSection(port=adb_server.port), api=ApiSection(token=SecretStr(TOKEN))
    )
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.mark.parametrize("header", [None, "Bearer wrong-token-of-some-length", TOKEN])
def test_a_request_without_the_token_is_401_and_says_how_to_send_it(
    client: TestClient, header: str | None
) -> None:
    headers = {"Authorization": header} if header else {}
    answer = client.get("/v1/health", headers=headers)
    assert answer.status_code == 401
    assert answer.json()["code"] == "unauthorized"
    assert "Authorization: Bearer" in answer.json()["detail"]


def test_the_token_opens_every_route(client: TestClient) -> None:
    answer = client.get("/v1/health", headers={"Authorization": f"Bearer {TOKEN}"})
    assert answer.status_code == 200


def test_liveness_and_the_docs_need_no_token(client: TestClient) -> None:
    assert client.get("/healthz").status_code == 200
    assert client.get("/docs").status_code == 200
    assert client.get("/openapi.json").status_code == 200


def test_a_short_token_is_refused() -> None:
    with pytest.raises(ValidationError, match="API token is 5 characters: use 16 or more"):
        Settings(api=ApiSection(token=SecretStr("short")))


def test_serve_refuses_to_listen_beyond_loopback_without_a_token() -> None:
    with pytest.raises(ServeError, match=r"without a token.*DROIDPILOT_API_TOKEN"):
        serve(Settings(), ServeOptions(host="0.0.0.0", port=0))
