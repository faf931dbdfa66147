"""Structured logs: with the JSON format every line is an object a collector can filter on."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from planning import LlmSettings
from service.app import create_app
from service.config import AdbSection, DataSection, Settings
from service.logs import JsonFormatter
from tests.service.test_ops import closed_port


@pytest.fixture
def json_lines() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("service.api.access_log")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield stream
    logger.removeHandler(handler)
    logger.setLevel(level)


def test_an_access_line_carries_its_fields(json_lines: io.StringIO, tmp_path: object) -> None:
    settings = Settings(
        adb=AdbSection(port=closed_port()), data=DataSection(dir=tmp_path), llm=LlmSettings()
    )
    with TestClient(create_app(settings)) as client:
        answer = client.get("/v1/tasks/" + "0" * 32, headers={"X-Request-ID": "req-7"})
    line = json.loads(json_lines.getvalue().splitlines()[-1])
    assert line["request_id"] == "req-7" == answer.headers["X-Request-ID"]
    assert (line["method"], line["path"], line["status"]) == ("GET", "/v1/tasks/" + "0" * 32, 404)
    assert line["level"] == "info" and line["logger"] == "service.api.access_log"
    assert line["time"].endswith("Z") and isinstance(line["ms"], float)


def test_a_message_with_newlines_stays_one_line() -> None:
    record = logging.LogRecord("x", logging.WARNING, "f", 1, "two\nlines", None, None)
    text = JsonFormatter().format(record)
    assert "\n" not in text and json.loads(text)["message"] == "two\nlines"
