"""What the API refuses of oversized or invalid input, as a client sees it: 413 for inputs
over a size limit, 422 naming the field for text over its limit or with invalid Unicode,
and a request id on every answer."""

from __future__ import annotations

import base64
import io
import json
import socket
import struct
import time
import zlib
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from PIL import Image

from service.api.limits import (
    MAX_ACTION_CHARS,
    MAX_DETAIL_CHARS,
    MAX_GOAL_CHARS,
    MAX_HISTORY,
    MAX_SCREEN_ID_CHARS,
    MAX_SERIAL_CHARS,
    MAX_STEPS,
    MAX_URL_CHARS,
)
from service.app import create_app
from service.config import AdbSection, Settings

HIERARCHY = (
    '<hierarchy rotation="0"><node index="0" text="Wi-Fi" class="android.widget.TextView" '
    'clickable="true" bounds="[0,0][1080,200]" /></hierarchy>'
)


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with socket.socket() as probe:  # no adb server: nothing here needs a phone
        probe.bind(("127.0.0.1", 0))
        dead_port = probe.getsockname()[1]
    with TestClient(create_app(Settings(adb=AdbSection(port=dead_port)))) as test_client:
        yield test_client


def post(client: TestClient, path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """POST `body` as JSON; lone surrogates travel as `\\ud800` escapes, as JSON allows."""
    response = client.post(
        path, content=json.dumps(body).encode(), headers={"content-type": "application/json"}
    )
    assert "Traceback" not in response.text
    return response.status_code, response.json()


def plan(**change: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "goal": "turn on Wi-Fi",
        "planner": "script",
        "screen": {"hierarchy": HIERARCHY},
        "steps": ['tap "Wi-Fi"'],
    }
    body.update(change)
    return body


def png_header(width: int, height: int) -> bytes:
    """A PNG whose header says `width`x`height`, with (almost) no pixel data behind it."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\0" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


# -- 413: inputs perception will not take --------------------------------------------------


def test_a_screenshot_of_too_many_pixels_is_413_before_it_is_decoded(client: TestClient) -> None:
    image = Image.new("1", (20_000, 20_000))  # 400 million pixels in a 50 KB file
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    started = time.perf_counter()
    status, answer = post(
        client,
        "/v1/ground",
        {"action": 'tap "Wi-Fi"', "image": base64.b64encode(buffer.getvalue()).decode()},
    )
    assert time.perf_counter() - started < 5
    assert status == 413, answer
    assert answer["code"] == "input_too_large"
    assert "400000000 pixels" in answer["detail"] and "32000000" in answer["detail"]


def test_a_screenshot_header_over_the_pixel_limit_names_its_size(client: TestClient) -> None:
    image = base64.b64encode(png_header(6000, 6000)).decode()
    status, answer = post(client, "/v1/ground", {"action": 'tap "Wi-Fi"', "image": image})
    assert status == 413, answer
    assert answer["code"] == "input_too_large"
    assert "6000x6000" in answer["detail"]
    assert "DROIDPILOT_GROUNDING_MAX_IMAGE_PIXELS" in answer["detail"]


def test_a_hierarchy_nested_too_deep_is_413(client: TestClient) -> None:
    deep = '<hierarchy rotation="0">' + "<node>" * 400 + "</node>" * 400 + "</hierarchy>"
    for path, body in (
        ("/v1/ground", {"action": 'tap "Wi-Fi"', "hierarchy": deep}),
        ("/v1/plan", plan(screen={"hierarchy": deep})),
    ):
        status, answer = post(client, path, body)
        assert status == 413, answer
        assert answer["code"] == "input_too_large"
        assert "deep" in answer["detail"]


def test_bytes_that_are_no_image_stay_422(client: TestClient) -> None:
    for data in (b"hello", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0" + b"\0" * 20):
        image = base64.b64encode(data).decode()
        status, answer = post(client, "/v1/ground", {"action": 'tap "Wi-Fi"', "image": image})
        assert status == 422, answer
        assert answer["code"] == "bad_screen"
        assert "PNG or JPEG" in answer["detail"]


# -- 422: text over its limit --------------------------------------------------------------


def entry(**change: Any) -> dict[str, Any]:
    return {"action": 'tap "Wi-Fi"', "outcome": "succeeded", **change}


@pytest.mark.parametrize(
    ("path", "body", "detail"),
    [
        (
            "/v1/plan",
            plan(goal="x" * (MAX_GOAL_CHARS + 1)),
            f"goal: String should have at most {MAX_GOAL_CHARS} characters "
            f"(got a string of {MAX_GOAL_CHARS + 1} characters)",
        ),
        (
            "/v1/ground",
            {"action": "tap " + "x" * MAX_ACTION_CHARS, "hierarchy": HIERARCHY},
            f"action: an action has at most {MAX_ACTION_CHARS} characters "
            f"(got a string of {MAX_ACTION_CHARS + 4} characters)",
        ),
        (
            "/v1/ground",
            {"action": {"type": "tap", "target": "x" * 3000}, "hierarchy": HIERARCHY},
            f"action: action field 'target' has 3000 characters; at most {MAX_ACTION_CHARS}",
        ),
        (
            "/v1/ground",
            {"action": {"type": "tap", **{f"f{n}": n for n in range(20)}}, "hierarchy": HIERARCHY},
            "action: an action object has at most 16 fields, got 21",
        ),
        (
            "/v1/ground",
            {"action": {"type": "tap", "point": {"x": {"y": {"z": 1}}}}, "hierarchy": HIERARCHY},
            "action: action field 'point.x' nests too deep",
        ),
        (
            "/v1/ground",
            {"action": 'tap "Wi-Fi"', "device": "d" * (MAX_SERIAL_CHARS + 1)},
            f"device: String should have at most {MAX_SERIAL_CHARS} characters",
        ),
        (
            "/v1/ground",
            {"action": 'tap "Wi-Fi"', "hierarchy": HIERARCHY, "sources": ["ocr"] * 9},
            "sources: List should have at most 8 items",
        ),
        (
            "/v1/plan",
            plan(steps=['tap "Wi-Fi"'] * (MAX_STEPS + 1)),
            f"steps: List should have at most {MAX_STEPS} items",
        ),
        (
            "/v1/plan",
            plan(steps=["tap " + "x" * MAX_ACTION_CHARS]),
            f"steps.0: an action has at most {MAX_ACTION_CHARS} characters",
        ),
        (
            "/v1/plan",
            plan(history=[entry()] * (MAX_HISTORY + 1)),
            f"history: List should have at most {MAX_HISTORY} items",
        ),
        (
            "/v1/plan",
            plan(history=[entry(detail="d" * (MAX_DETAIL_CHARS + 1))]),
            f"history.0.detail: String should have at most {MAX_DETAIL_CHARS} characters",
        ),
        (
            "/v1/plan",
            plan(history=[entry(screen_id="s" * (MAX_SCREEN_ID_CHARS + 1))]),
            f"history.0.screen_id: String should have at most {MAX_SCREEN_ID_CHARS} characters",
        ),
        (
            "/v1/plan",
            plan(planner="llm", steps=None, llm={"base_url": "http://" + "h" * MAX_URL_CHARS}),
            f"llm.base_url: String should have at most {MAX_URL_CHARS} characters",
        ),
        (
            "/v1/plan",
            plan(planner="llm", steps=None, llm={"model": "m" * 257, "timeout_s": 601}),
            "llm.model: String should have at most 256 characters (got a string of 257 "
            "characters); llm.timeout_s: Input should be less than or equal to 600",
        ),
    ],
)
def test_text_over_its_limit_is_422_naming_the_field_and_the_limit(
    client: TestClient, path: str, body: dict[str, Any], detail: str
) -> None:
    status, answer = post(client, path, {k: v for k, v in body.items() if v is not None})
    assert status == 422, answer
    assert answer["code"] == "invalid_input"
    assert detail in answer["detail"]


@pytest.mark.parametrize(
    ("llm", "detail"),
    [
        ({"base_url": "localhost:8000/v1"}, "llm.base_url: is not http(s)://host[:port][/path]"),
        ({"base_url": "http://[::1"}, "llm.base_url: is not http(s)://host[:port][/path]"),
        ({"base_url": "http://127.0.0.1:99999/v1"}, "llm.base_url: has port 99999, over 65535"),
        ({"base_url": "http://300.1.1.1/v1"}, "llm.base_url: has host 300.1.1.1, which is no IP"),
        ({"base_url": "http://h\u00f6st/v1"}, "llm.base_url: holds spaces, control or non-ASCII"),
        ({"base_url": "http://xn--hst-sna/v1"}, "llm.base_url: has host xn--hst-sna in punycode"),
        ({"api_key": "s\u00e9cret"}, "llm.api_key: api_key must be visible ASCII characters"),
        ({"api_key": "two words"}, "llm.api_key: api_key must be visible ASCII characters"),
    ],
)
def test_an_llm_endpoint_that_cannot_be_called_is_422(
    client: TestClient, llm: dict[str, str], detail: str
) -> None:
    body = plan(planner="llm", steps=None, llm={"model": "m", **llm})
    status, answer = post(client, "/v1/plan", {k: v for k, v in body.items() if v is not None})
    assert status == 422, answer
    assert detail in answer["detail"]
    assert "cret" not in answer["detail"] and "two words" not in answer["detail"]


def test_text_at_its_limit_is_accepted(client: TestClient) -> None:
    target = "W" * (MAX_ACTION_CHARS - len('tap ""'))
    status, answer = post(
        client, "/v1/ground", {"action": f'tap "{target}"', "hierarchy": HIERARCHY}
    )
    assert status == 200, answer
    assert answer["found"] is False
    history = [entry(detail="d" * MAX_DETAIL_CHARS)]
    status, answer = post(client, "/v1/plan", plan(goal="g" * MAX_GOAL_CHARS, history=history))
    assert status == 200, answer


def test_many_problems_are_summed_up(client: TestClient) -> None:
    history = [entry(outcome="worked")] * 30
    status, answer = post(client, "/v1/plan", plan(history=history))
    assert status == 422
    assert answer["detail"].count("history.") == 10
    assert answer["detail"].endswith("and 20 more problems")


# -- 422: invalid Unicode --------------------------------------------------------------------

SURROGATE = "\ud800"


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/v1/ground", {"action": f'tap "{SURROGATE}"', "hierarchy": HIERARCHY}, "action: "),
        (
            "/v1/ground",
            {"action": {"type": "tap", "target": f"Wi{SURROGATE}"}, "hierarchy": HIERARCHY},
            "action: action field 'target' holds invalid Unicode at character 2",
        ),
        (
            "/v1/ground",
            {"action": {"type": "tap", SURROGATE: 1}, "hierarchy": HIERARCHY},
            "action: a field name of the action holds invalid Unicode",
        ),
        (
            "/v1/ground",
            {"action": 'tap "Wi-Fi"', "hierarchy": HIERARCHY.replace("Wi-Fi", SURROGATE)},
            "hierarchy: invalid Unicode at character 46",
        ),
        ("/v1/ground", {"action": 'tap "Wi-Fi"', "device": SURROGATE}, "device: "),
        ("/v1/ground", {"action": 'tap "Wi-Fi"', "image": SURROGATE}, "image: "),
        (
            "/v1/ground",
            {"action": 'tap "Wi-Fi"', "hierarchy": HIERARCHY, SURROGATE: "x"},
            "field name '\\ud800' is not valid Unicode",
        ),
        ("/v1/plan", plan(goal=f"turn on {SURROGATE}"), "goal: invalid Unicode at character 8"),
        ("/v1/plan", plan(steps=[f'tap "{SURROGATE}"']), "steps.0: "),
        ("/v1/plan", plan(history=[entry(detail=SURROGATE)]), "history.0.detail: "),
        ("/v1/plan", plan(history=[entry(screen_id=SURROGATE)]), "history.0.screen_id: "),
        ("/v1/plan", plan(history=[{**entry(), SURROGATE: 1}]), "history.0: field name"),
        ("/v1/plan", plan(screen={"hierarchy": SURROGATE}), "screen.hierarchy: "),
        (
            "/v1/plan",
            plan(planner="llm", steps=None, llm={"model": "m", "api_key": SURROGATE}),
            "llm.api_key: ",
        ),
    ],
)
def test_lone_surrogates_are_422_naming_the_field(
    client: TestClient, path: str, body: dict[str, Any], field: str
) -> None:
    status, answer = post(client, path, {k: v for k, v in body.items() if v is not None})
    assert status == 422, answer
    assert answer["code"] == "invalid_input"
    assert field in answer["detail"]
    assert "Unicode" in answer["detail"] and "\\ud800" in answer["detail"]


def test_invalid_utf8_bytes_are_4xx(client: TestClient) -> None:
    response = client.post(
        "/v1/ground",
        content=b'{"action": "tap \\"\xff\xfe\\"", "hierarchy": "<hierarchy/>"}',
        headers={"content-type": "application/json"},
    )
    assert 400 <= response.status_code < 500
    assert set(response.json()) >= {"detail", "code"}


# -- request ids ---------------------------------------------------------------------------


def test_every_answer_carries_a_request_id(client: TestClient) -> None:
    ok = client.get("/v1/health")
    refused = client.post("/v1/plan", json={"goal": ""})
    ids = {ok.headers["x-request-id"], refused.headers["x-request-id"]}
    assert len(ids) == 2 and all(len(request_id) == 32 for request_id in ids)


def test_a_sane_incoming_request_id_is_kept_and_any_other_replaced(client: TestClient) -> None:
    kept = client.get("/v1/health", headers={"X-Request-ID": "trace-42:a.b_c"})
    assert kept.headers["x-request-id"] == "trace-42:a.b_c"
    for odd in ("a b", "x" * 200, "id\u00e9", ""):
        replaced = client.get("/v1/health", headers={"X-Request-ID": odd.encode()})
        assert replaced.headers["x-request-id"] != odd
        assert len(replaced.headers["x-request-id"]) == 32
