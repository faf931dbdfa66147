"""POST /v1/plan, as an HTTP client sees it: the script and llm planners, and every 4xx."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from device import AdbServer
from device.virtual import VirtualPhoneServer
from planning import LlmSettings
from service.app import create_app
from service.config import AdbSection, Settings
from tests.planning.chat_server import Answer, chat_server
from tests.planning.screens import internet_page

STEPS = ['tap "Wi-Fi"', 'assert checked "Wi-Fi"']


@pytest.fixture(scope="module")
def client(adb_server: AdbServer) -> Iterator[TestClient]:
    # The environment's DROIDPILOT_LLM_* must not leak into the tests.
    app = create_app(Settings(adb=AdbSection(port=adb_server.port), llm=LlmSettings()))
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def internet_xml() -> str:
    """Settings' Internet page, Wi-Fi off, as `uiautomator dump` writes it."""
    phone, _ = internet_page()
    return phone.hierarchy_xml(form="dump")


def post(client: TestClient, **body: Any) -> tuple[int, dict[str, Any]]:
    response = client.post("/v1/plan", json=body)
    assert "Traceback" not in response.text
    return response.status_code, response.json()


def script(xml: str, **body: Any) -> dict[str, Any]:
    request = {"goal": "turn on Wi-Fi", "planner": "script", "screen": {"hierarchy": xml}}
    request["steps"] = STEPS
    request.update(body)
    return request


# -- script --------------------------------------------------------------------------------


def test_script_plans_the_first_step(client: TestClient, internet_xml: str) -> None:
    status, answer = post(client, **script(internet_xml))
    assert status == 200, answer
    assert answer == {
        "action": 'tap "Wi-Fi"',
        "structured": {"type": "tap", "target": "Wi-Fi", "quoted": True, "point": None},
        "reason": "step 1 of 2",
        "done": False,
        "screen_id": "",
    }


def test_script_reports_a_failed_assertion(client: TestClient, internet_xml: str) -> None:
    history = [{"action": 'tap "Wi-Fi"', "outcome": "screen_unchanged"}]
    status, answer = post(client, **script(internet_xml, history=history))
    assert status == 200, answer
    assert answer["action"] == 'fail "step 2: assert checked \\"Wi-Fi\\" failed: Wi-Fi is off"'
    assert answer["structured"] == {
        "type": "fail",
        "reason": 'step 2: assert checked "Wi-Fi" failed: Wi-Fi is off',
    }
    assert answer["done"] is False


def test_script_reports_a_step_that_failed(client: TestClient, internet_xml: str) -> None:
    history = [
        {"action": 'tap "Wi-Fi"', "outcome": "target_not_found", "detail": "no such element"}
    ]
    status, answer = post(client, **script(internet_xml, history=history))
    assert status == 200, answer
    assert answer["structured"]["reason"] == (
        'step 1: tap "Wi-Fi" failed: target not found (no such element)'
    )


def test_script_is_done_after_its_last_step(client: TestClient, internet_xml: str) -> None:
    history = [
        {"action": {"type": "tap", "target": "Wi-Fi"}, "outcome": "succeeded"},
        {"action": 'assert checked "Wi-Fi"', "outcome": "succeeded"},
    ]
    status, answer = post(client, **script(internet_xml, history=history))
    assert status == 200, answer
    assert (answer["action"], answer["done"]) == ("done", True)


def test_script_on_a_phone_observed_through_adb(
    client: TestClient, phone: VirtualPhoneServer, serial: str
) -> None:
    assert phone.phone.start_app("com.android.settings")
    request = script("", steps=['assert visible "Network & internet"', 'tap "Network & internet"'])
    del request["screen"]
    status, answer = post(client, **request, device=serial, sources=["hierarchy"])
    assert status == 200, answer
    assert answer["action"] == 'assert visible "Network & internet"'
    assert answer["reason"].startswith('step 1 of 2 holds: "Network & internet" is visible')


# -- explorer ------------------------------------------------------------------------------


def explore(xml: str, **body: Any) -> dict[str, Any]:
    return {"goal": "turn on Wi-Fi", "planner": "explorer", "screen": {"hierarchy": xml}, **body}


def test_explorer_plans_towards_the_goal_without_a_model(
    client: TestClient, internet_xml: str
) -> None:
    status, answer = post(client, **explore(internet_xml))
    assert status == 200, answer
    assert answer["structured"]["type"] == "tap"
    assert "Wi-Fi" in answer["structured"]["target"]
    assert answer["done"] is False
    assert answer["screen_id"]  # to be sent back with the step


def test_explorer_takes_another_route_after_a_failed_step(
    client: TestClient, internet_xml: str
) -> None:
    _, first = post(client, **explore(internet_xml))
    failed = {"action": first["action"], "screen_id": first["screen_id"]}
    for outcome in ("target_not_found", "screen_unchanged"):
        history = [{**failed, "outcome": outcome}]
        status, answer = post(client, **explore(internet_xml, history=history))
        assert status == 200, answer
        assert answer["action"] != first["action"], outcome
        assert answer["screen_id"] == first["screen_id"]  # the same screen, recognised


def test_explorer_is_done_when_the_goal_shows(client: TestClient) -> None:
    phone, screen = internet_page()
    switch = next(e for e in screen.elements if e.role == "switch")
    phone.tap(switch.center.x, switch.center.y)
    status, answer = post(client, **explore(phone.hierarchy_xml(form="dump")))
    assert status == 200, answer
    assert (answer["action"], answer["done"]) == ("done", True)


# -- llm -----------------------------------------------------------------------------------


def test_llm_plans_from_the_endpoint_in_the_request(client: TestClient, internet_xml: str) -> None:
    reply = "Thought: the switch is in the Wi-Fi row.\nAction: click(start_box='(870,190)')"
    with chat_server(reply) as server:
        status, answer = post(
            client,
            goal="turn on Wi-Fi",
            planner="llm",
            screen={"hierarchy": internet_xml},
            history=[{"action": "press back", "outcome": "screen_unchanged"}],
            llm={"base_url": server.base_url, "model": "ui-tars", "timeout_s": 5},
        )
    assert status == 200, answer
    assert answer["reason"] == "the switch is in the Wi-Fi row."
    assert answer["structured"]["type"] == "tap"
    (request,) = server.received
    prompt = request.messages[1]["content"]
    assert "Goal: turn on Wi-Fi" in prompt
    assert "1. press back -> screen_unchanged" in prompt
    assert 'text "Wi-Fi" (top-center)' in prompt
    assert request.body["model"] == "ui-tars"


def test_llm_endpoint_failure_is_502_with_the_message(
    client: TestClient, internet_xml: str
) -> None:
    with chat_server(Answer(status=503, body={"error": {"message": "loading model"}})) as server:
        status, answer = post(
            client,
            goal="turn on Wi-Fi",
            planner="llm",
            screen={"hierarchy": internet_xml},
            llm={"base_url": server.base_url, "model": "m"},
        )
    assert status == 502
    assert answer == {
        "detail": f"LLM endpoint {server.base_url}/chat/completions failed with HTTP 503: "
        "loading model",
        "code": "llm_failed",
    }


def test_llm_reply_without_an_action_is_502(client: TestClient, internet_xml: str) -> None:
    with chat_server("I cannot see the screen.", "Still cannot.") as server:
        status, answer = post(
            client,
            goal="turn on Wi-Fi",
            planner="llm",
            screen={"hierarchy": internet_xml},
            llm={"base_url": server.base_url, "model": "m"},
        )
    assert status == 502
    assert answer["code"] == "llm_bad_reply"
    assert "gave no readable action, even when asked again" in answer["detail"]


# -- 4xx -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "detail"),
    [
        ({"planner": "oracle"}, "planner: Input should be 'script', 'llm' or 'explorer'"),
        ({"planner": "explorer"}, "steps: steps are for the script planner, not 'explorer'"),
        ({"goal": None}, "goal: Field required"),
        ({"goal": "  "}, "goal: goal must say what should happen"),
        ({"steps": None}, "steps: the script planner needs steps"),
        ({"steps": []}, "steps: List should have at least 1 item"),
        ({"planner": "llm"}, "steps: steps are for the script planner, not 'llm'"),
        (
            {"steps": ['tap "Wi-Fi"', "tap"]},
            "steps.1: column 4: expected a quoted target, \"(x, y)\" or a description after 'tap'",
        ),
        ({"steps": [42]}, "steps.0: an action must be ACI text"),
        ({"steps": [{"type": "tap"}]}, "steps.0.tap: tap needs exactly one of target or point"),
        (
            {"history": [{"action": 'tap "Wi-Fi"', "outcome": "worked"}]},
            "history.0.outcome: Input should be 'succeeded', 'target_not_found', "
            "'screen_unchanged', 'error' or 'assertion_failed'",
        ),
        (
            {"history": [{"action": 'tap "Wi-Fi', "outcome": "succeeded"}]},
            "history.0.action: column 11: expected '\"' to close the string",
        ),
        ({"history": [{"action": "done"}]}, "history.0.outcome: Field required"),
        ({"screen": {}}, "screen: screen needs image (a screenshot in base64), hierarchy"),
        ({"screen": None}, "give either screen"),
        ({"device": "emulator-5554"}, "not both"),
        ({"llm": {"model": "m"}}, "llm: llm settings are for the llm planner, not 'script'"),
        ({"sources": ["camera"]}, "sources.0: Input should be 'hierarchy', 'ocr' or 'detector'"),
        ({"colour": "blue"}, "colour: Extra inputs are not permitted"),
    ],
)
def test_malformed_requests_are_422_naming_the_field(
    client: TestClient, internet_xml: str, change: dict[str, Any], detail: str
) -> None:
    request = script(internet_xml)
    request.update(change)
    status, answer = post(
        client, **{key: value for key, value in request.items() if value is not None}
    )
    assert status == 422, answer
    assert answer["code"] == "invalid_input"
    assert detail in answer["detail"]


def test_llm_without_endpoint_or_model_is_422(client: TestClient, internet_xml: str) -> None:
    request = {"goal": "turn on Wi-Fi", "planner": "llm", "screen": {"hierarchy": internet_xml}}
    status, answer = post(client, **request)
    assert status == 422, answer
    assert answer == {
        "detail": "the llm planner needs llm.base_url (or DROIDPILOT_LLM_BASE_URL) and "
        "llm.model (or DROIDPILOT_LLM_MODEL): the OpenAI-compatible endpoint, e.g. "
        '{"base_url": "http://localhost:8000/v1", "model": "qwen2.5-7b-instruct"}',
        "code": "invalid_plan_input",
    }
    status, answer = post(client, **request, llm={"base_url": "http://127.0.0.1:9/v1"})
    assert status == 422
    assert "needs llm.model (or DROIDPILOT_LLM_MODEL)" in answer["detail"]
    status, answer = post(client, **request, llm={"base_url": "", "timeout_s": 0})
    assert status == 422
    assert "llm.base_url: String should have at least 1 character" in answer["detail"]
    assert "llm.timeout_s: Input should be greater than 0" in answer["detail"]


def test_a_history_from_another_script_is_422(client: TestClient, internet_xml: str) -> None:
    history = [{"action": 'tap "Bluetooth"', "outcome": "succeeded"}]
    status, answer = post(client, **script(internet_xml, history=history))
    assert status == 422
    assert answer["code"] == "invalid_plan_input"
    assert answer["detail"].startswith("history step 1 is 'tap \"Bluetooth\"' but step 1")


def test_a_hierarchy_that_is_not_xml_is_422(client: TestClient) -> None:
    status, answer = post(client, **script("<hierarchy><node"))
    assert status == 422
    assert answer["code"] == "bad_screen"


def test_bad_base64_is_422(client: TestClient) -> None:
    request = script("", screen={"image": "not base64!"})
    status, answer = post(client, **request)
    assert status == 422
    assert "image is not valid base64" in answer["detail"]


def test_a_listener_a_request_names_never_receives_the_servers_key(
    adb_server: AdbServer, internet_xml: str
) -> None:
    """The operator's LLM key set on the server goes to the operator's endpoint only."""
    reply = 'tap "Wi-Fi"'
    with chat_server(reply) as operators, chat_server(reply) as elsewhere:
        llm = LlmSettings(
            base_url=operators.base_url, model="m", api_key=SecretStr("sk-operator-secret")
        )
        app = create_app(Settings(adb=AdbSection(port=adb_server.port), llm=llm))
        with TestClient(app) as client:
            request = {
                "goal": "turn on Wi-Fi",
                "planner": "llm",
                "screen": {"hierarchy": internet_xml},
            }
            assert post(client, **request)[0] == 200
            named = {**request, "llm": {"base_url": elsewhere.base_url}}
            assert post(client, **named)[0] == 200
    assert operators.received[0].headers["authorization"] == "Bearer sk-operator-secret"
    (received,) = elsewhere.received
    assert "authorization" not in received.headers
    assert "sk-operator-secret" not in json.dumps(received.body)
