"""Schemathesis against the API's own OpenAPI document, on the API served for real with a
virtual phone attached: whatever it generates, no answer is a 5xx and every answer fits
the documented schema (status, content type, body, headers)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import schemathesis
import schemathesis.wfc.escalation  # parsed here, not deep in a test: see below
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from device import AdbServer
from device.virtual import PhoneConfig, VirtualPhone, VirtualPhoneServer
from planning import LlmSettings
from service.app import create_app
from service.config import AdbSection, DataSection, Settings
from tests.service.live import serving

# schemathesis imports `wfc.escalation` on its first call, deep in hypothesis' stack, where
# pytest rewrites and parses it; CPython 3.11's parser has failed there in a full run with
# "AST constructor recursion depth mismatch". Imported here, it is parsed at the top.

PROMISES = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
"""No 5xx; every status, content type, body and header as the document says. Rules the
schema cannot say (a screen or a device, not both; base64 that decodes) may refuse a
schema-valid request with a 422 that says why: that is not a broken promise."""

EXAMPLES = int(os.environ.get("DROIDPILOT_SCHEMA_EXAMPLES", "20"))
"""Cases per operation; raise it for a deeper search."""


schema = schemathesis.openapi.from_dict(create_app(Settings(llm=LlmSettings())).openapi())


@pytest.fixture(scope="module")
def base_url(adb_server: AdbServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The API served for real, with a virtual phone on its adb server."""
    phone = VirtualPhoneServer(VirtualPhone(PhoneConfig()), port=0).start()
    adb_server.connect(f"127.0.0.1:{phone.port}")
    app_settings = Settings(
        adb=AdbSection(port=adb_server.port, command_timeout_s=5.0),
        data=DataSection(dir=tmp_path_factory.mktemp("data")),
        llm=LlmSettings(),
    )
    try:
        with serving(app_settings) as base:
            yield base
    finally:
        adb_server.disconnect(f"127.0.0.1:{phone.port}")
        phone.stop()


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_the_api_keeps_its_documented_promises(case: schemathesis.Case, base_url: str) -> None:
    case.call_and_validate(base_url=base_url, checks=PROMISES)
