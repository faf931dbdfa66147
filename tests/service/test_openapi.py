"""The OpenAPI document a user reads at /docs: every documented field says what it is."""

from __future__ import annotations

from typing import Any

import pytest

from service.app import create_app
from service.config import Settings


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
    ],
)
def test_fields_carry_their_descriptions(schemas: dict[str, Any], schema: str, field: str) -> None:
    description = schemas[schema]["properties"][field].get("description", "")
    assert len(description) > 10, f"{schema}.{field} has no description"
