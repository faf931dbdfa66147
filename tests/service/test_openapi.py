"""The OpenAPI document a user reads at /docs: every documented field says what it is, every
error status has the body the service sends, the examples work as sent, and the page itself
loads with no internet."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from device import AdbServer
from planning import LlmSettings
from service.app import create_app
from service.config import AdbSection, Settings
from service.errors import ERROR_STATUS, error_body, error_responses


@pytest.fixture(scope="module")
def schemas() -> dict[str, Any]:
    document: dict[str, Any] = create_app(Settings()).openapi()
    components: dict[str, Any] = document["components"]["schemas"]
    return components


@pytest.mark.parametrize(
    ("schema", "field"),
    [
        ("GroundRequest", "action"),
        ("GroundRequest", "image"),
        ("GroundRequest", "hierarchy"),
        ("GroundRequest", "device"),
        ("GroundResult", "action"),
        ("GroundResult", "timing_ms"),
        ("PlanRequest", "device"),
        ("PlanResponse", "screen_id"),
        ("Element", "desc"),
        ("Tap", "quoted"),
        ("ErrorBody", "detail"),
        ("ErrorBody", "code"),
        ("ErrorBody", "column"),
        ("ErrorBody", "serial"),
        ("ErrorBody", "request_id"),
    ],
)
def test_fields_carry_their_descriptions(schemas: dict[str, Any], schema: str, field: str) -> None:
    description = schemas[schema]["properties"][field].get("description", "")
    assert len(description) > 10, f"{schema}.{field} has no description"


def test_every_field_of_every_schema_says_what_it_holds() -> None:
    document: dict[str, Any] = create_app(Settings(llm=LlmSettings())).openapi()
    missing = [
        f"{name}.{field}"
        for name, schema in document["components"]["schemas"].items()
        for field, prop in schema.get("properties", {}).items()
        if not prop.get("description", "").strip()
    ]
    assert not missing, f"fields without a description at /docs: {', '.join(missing)}"


# -- /docs works offline ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def offline_client() -> Iterator[TestClient]:
    with TestClient(create_app(Settings())) as test_client:
        yield test_client


def test_docs_page_loads_nothing_from_other_hosts(offline_client: TestClient) -> None:
    response = offline_client.get("/docs")
    assert response.status_code == 200
    page = response.text
    assert "SwaggerUIBundle" in page
    assert not re.search(r"(https?:)?//", page), "the docs page names another host"


def test_docs_assets_are_served_here(offline_client: TestClient) -> None:
    page = offline_client.get("/docs").text
    scripts = re.findall(r'<script src="([^"]+)"', page)
    styles = re.findall(r'<link type="text/css" rel="stylesheet" href="([^"]+)"', page)
    icons = re.findall(r'<link rel="shortcut icon" href="([^"]+)"', page)
    assert scripts and styles and icons, page
    for urls, kind in ((scripts, "javascript"), (styles, "text/css"), (icons, "image/png")):
        for url in urls:
            assert url.startswith("/"), url
            asset = offline_client.get(url)
            assert asset.status_code == 200, url
            assert kind in asset.headers["content-type"], (url, asset.headers["content-type"])
    # Swagger UI 5: the first that reads OpenAPI 3.1, which FastAPI writes
    assert "SwaggerUIBundle" in offline_client.get(scripts[0]).text
    assert offline_client.get("/openapi.json").json()["openapi"].startswith("3.1")


def test_no_page_that_needs_a_cdn(offline_client: TestClient) -> None:
    assert offline_client.get("/redoc").status_code == 404


# -- every error status with the body the service sends ---------------------------------------

ROUTE_ERRORS = {
    "/v1/ground": {404, 413, 422, 500, 502, 503, 504},
    "/v1/plan": {404, 413, 422, 500, 502, 503, 504},
}


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    document: dict[str, Any] = create_app(Settings()).openapi()
    return document


@pytest.mark.parametrize("path", sorted(ROUTE_ERRORS))
def test_error_statuses_carry_the_error_body(document: dict[str, Any], path: str) -> None:
    responses = document["paths"][path]["post"]["responses"]
    errors = {int(status) for status in responses if int(status) >= 400}
    assert errors == ROUTE_ERRORS[path]
    for status in errors:
        schema = responses[str(status)]["content"]["application/json"]["schema"]
        assert schema == {"$ref": "#/components/schemas/ErrorBody"}, (path, status)
    assert "HTTPValidationError" not in json.dumps(responses)


@pytest.mark.parametrize("path", sorted(ROUTE_ERRORS))
def test_error_descriptions_name_codes_of_their_status(document: dict[str, Any], path: str) -> None:
    codes_of: dict[int, set[str]] = {500: {"internal"}}
    for status, code in ERROR_STATUS.values():
        codes_of.setdefault(status, set()).add(code)
    for status, response in document["paths"][path]["post"]["responses"].items():
        if int(status) < 400:
            continue
        named = set(response["description"].split("code: ", 1)[1].split(" or "))
        assert named and named <= codes_of[int(status)], (path, status, named)


def test_error_body_fields_match_what_the_service_sends(document: dict[str, Any]) -> None:
    schema = document["components"]["schemas"]["ErrorBody"]
    assert set(schema["required"]) == {"detail", "code"}
    assert set(schema["properties"]) == {"detail", "code", "column", "serial", "request_id"}
    assert set(error_body("d", "c")) == {"detail", "code"}


def test_error_responses_refuses_a_code_not_in_the_table() -> None:
    with pytest.raises(ValueError, match="unknown error codes \\['no_such_code'\\]"):
        error_responses("invalid_input", "no_such_code")


# -- the request examples work as sent ----------------------------------------------------------


@pytest.fixture(scope="module")
def client(adb_server: AdbServer) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(adb=AdbSection(port=adb_server.port)))) as test_client:
        yield test_client


@pytest.mark.parametrize(
    ("path", "schema"), [("/v1/ground", "GroundRequest"), ("/v1/plan", "PlanRequest")]
)
def test_request_examples_answer_200_with_no_phone(
    client: TestClient, path: str, schema: str
) -> None:
    document = client.get("/openapi.json").json()
    examples = document["components"]["schemas"][schema]["examples"]
    assert examples
    for example in examples:
        response = client.post(path, json=example)
        assert response.status_code == 200, (example, response.text)
