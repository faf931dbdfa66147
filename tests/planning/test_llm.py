"""The LLM planner against a scripted OpenAI-compatible server on loopback."""

from __future__ import annotations

import socket
from datetime import UTC, datetime

import pytest
from pydantic import SecretStr

import aci
from planning import (
    LlmConfig,
    LlmEndpointError,
    LlmOverrides,
    LlmPlanner,
    LlmReplyError,
    LlmSettings,
    Outcome,
    Plan,
    Step,
)
from planning.appmap import AppMap, Edge, Label, ScreenNode
from tests.planning.chat_server import Answer, ChatServer, chat_server
from tests.planning.screens import SETTINGS_LIST

GOAL = "turn off Bluetooth"


def config(server: ChatServer, **fields: object) -> LlmConfig:
    values: dict[str, object] = {"base_url": server.base_url, "model": "tiny-gui-model"}
    values.update(fields)
    return LlmConfig.model_validate(values)


def plan_with(server: ChatServer, history: list[Step] | None = None, **fields: object) -> Plan:
    with LlmPlanner(config(server, **fields)) as planner:
        return planner.next_action(GOAL, SETTINGS_LIST, history or [])


def failed(text: str, outcome: Outcome, detail: str = "") -> Step:
    return Step(action=aci.parse_action(text), outcome=outcome, detail=detail)


def test_the_prompt_holds_goal_history_outcomes_and_screen() -> None:
    history = [
        Step(action=aci.OpenApp(app="Settings"), outcome=Outcome.SUCCEEDED),
        failed('tap "Connected devices"', Outcome.TARGET_NOT_FOUND, "nothing reads that"),
    ]
    with chat_server('tap "Bluetooth"\nReason: the Bluetooth row holds its switch') as server:
        plan = plan_with(server, history, api_key=SecretStr("sk-test"), temperature=0.2)
    assert plan == Plan(
        action=aci.Tap(target="Bluetooth", quoted=True),
        reason="the Bluetooth row holds its switch",
        done=False,
    )
    (request,) = server.received
    assert request.path == "/v1/chat/completions"
    assert request.headers["authorization"] == "Bearer sk-test"
    assert request.body["model"] == "tiny-gui-model"
    assert request.body["temperature"] == 0.2
    system, user = request.messages
    assert system["role"] == "system"
    assert 'type "hello" into "Search"' in system["content"]  # the ACI grammar
    assert (
        "target_not_found or screen_unchanged did not work. Do not repeat it" in (system["content"])
    )
    prompt = user["content"]
    assert "Goal: turn off Bluetooth" in prompt
    assert '1. open app "Settings" -> succeeded' in prompt
    assert '2. tap "Connected devices" -> target_not_found: nothing reads that' in prompt
    assert "Screen 1080x2400 px, app com.example" in prompt
    assert '[5] text "Bluetooth" (top-left)' in prompt
    assert "[6] switch off, clickable (top-right)" in prompt
    assert '[8] checkbox desc "Use location" checked (top-right)' in prompt
    assert '[14] field desc "Search" editable (center)' in prompt


@pytest.mark.parametrize(
    ("reply", "action", "reason"),
    [
        ('tap "Bluetooth"', 'tap "Bluetooth"', "proposed by tiny-gui-model"),
        ('```\ntap "Bluetooth"\n```', 'tap "Bluetooth"', "proposed by tiny-gui-model"),
        (
            "Sure.\n```text\nscroll down\n```\nThe list continues below.",
            "scroll down",
            "Sure. The list continues below.",
        ),
        (
            '{"action": "tap \\"Bluetooth\\"", "reason": "its switch"}',
            'tap "Bluetooth"',
            "its switch",
        ),
        (
            'Here you go: {"action": {"type": "key", "key": "back"}, "reasoning": "wrong page"}',
            "press back",
            "wrong page",
        ),
        ('{"action_type": "click", "index": 6}', "tap (970, 525)", "proposed by tiny-gui-model"),
        (
            'tap "Bluetooth" because its switch is in that row',
            'tap "Bluetooth"',
            "because its switch is in that row",
        ),
        ("Action: press back", "press back", "proposed by tiny-gui-model"),
        ("tap [5]", 'tap "Bluetooth"', "proposed by tiny-gui-model"),
        (
            "Thought: Bluetooth is the second row.\nAction: click(start_box='(300,219)')",
            'tap "Bluetooth"',
            "Bluetooth is the second row.",
        ),
        (
            "Action: long_press(start_box='<|box_start|>(300,219)<|box_end|>')",
            'long press "Bluetooth"',
            "proposed by tiny-gui-model",
        ),
        ("type(content='bluetooth')", 'type "bluetooth"', "proposed by tiny-gui-model"),
        (
            "scroll(start_box='(500,500)', direction='down')",
            "scroll down",
            "proposed by tiny-gui-model",
        ),
        ("press_home()", "press home", "proposed by tiny-gui-model"),
        ("open_app(app_name='Settings')", 'open app "Settings"', "proposed by tiny-gui-model"),
        ("tap(500, 219)", 'tap "Bluetooth"', "proposed by tiny-gui-model"),
    ],
)
def test_replies_in_many_shapes_read_as_one_aci_action(
    reply: str, action: str, reason: str
) -> None:
    with chat_server(reply) as server:
        plan = plan_with(server)
    assert (str(plan.action), plan.reason) == (action, reason)


def test_finished_means_done() -> None:
    with chat_server("Thought: Bluetooth is off now.\nAction: finished(content='off')") as server:
        plan = plan_with(server)
    assert plan == Plan(action=aci.Done(), reason="Bluetooth is off now.", done=True)


@pytest.mark.parametrize(
    ("reply", "action"),
    [
        # (500, 156) on the 0-1000 grid is pixel (540, 374): inside the "Wi-Fi" label.
        ("click(start_box='(500,156)')", 'tap "Wi-Fi"'),
        # (963, 25) -> (1040, 60): an icon without a label, so the tap stays on the point.
        ("click(start_box='(963,25)')", "tap (1040, 60)"),
        # (500, 437) -> (540, 1049): an "OK" button, but the screen has two, so the point.
        ("click(start_box='(500,437)')", "tap (540, 1049)"),
        # a box [x1, y1, x2, y2] taps its centre; fractions are shares of the screen.
        ("click(start_box='[40,130,560,170]')", 'tap "Wi-Fi"'),
        ("click(x=0.3, y=0.0625)", "tap (324, 150)"),
    ],
)
def test_grid_coordinates_map_to_pixels_then_to_the_element_there(reply: str, action: str) -> None:
    with chat_server(reply) as server:
        assert str(plan_with(server).action) == action


def test_pixel_coordinates_when_the_grid_is_off() -> None:
    with chat_server("tap(540, 374)") as server:
        assert str(plan_with(server, coordinate_grid=None).action) == 'tap "Wi-Fi"'


def test_an_unreadable_reply_is_asked_again_once_with_the_problem() -> None:
    with chat_server("I would look for the Bluetooth setting.", 'tap "Bluetooth"') as server:
        plan = plan_with(server)
    assert plan.action == aci.Tap(target="Bluetooth", quoted=True)
    first, second = server.received
    assert len(first.messages) == 2
    assert second.messages[:2] == first.messages
    assert second.messages[2] == {
        "role": "assistant",
        "content": "I would look for the Bluetooth setting.",
    }
    retry = second.messages[3]["content"]
    assert retry.startswith("Your reply could not be read as an action: no action found")
    assert "column 1: expected an action (tap, long press" in retry


def test_two_unreadable_replies_are_a_planner_error_naming_the_endpoint() -> None:
    with (
        chat_server("Hmm.", "click somewhere nice") as server,
        pytest.raises(LlmReplyError) as caught,
    ):
        plan_with(server)
    message = str(caught.value)
    assert message.startswith(
        f"model tiny-gui-model at {server.base_url}/chat/completions gave no readable action, "
        "even when asked again: no action found in the reply"
    )
    assert caught.value.endpoint == f"{server.base_url}/chat/completions"
    assert len(server.received) == 2


def test_the_step_that_just_failed_is_not_proposed_again() -> None:
    history = [failed('tap "Bluetooth"', Outcome.SCREEN_UNCHANGED)]
    with chat_server('tap "Bluetooth"', "tap [6]\nReason: the switch itself") as server:
        plan = plan_with(server, history)
    assert plan.action == aci.Tap(point=aci.Point(x=970, y=525))
    assert plan.reason == "the switch itself"
    follow_up = server.received[1].messages[-1]["content"]
    assert follow_up == (
        'tap "Bluetooth" is the step that just failed: screen unchanged. '
        "Repeating it will fail again. Answer with a different action."
    )


def test_a_model_that_insists_on_the_failed_step_gets_a_fail_not_a_loop() -> None:
    history = [failed('tap "Bluetooth"', Outcome.TARGET_NOT_FOUND, "no match")]
    with chat_server('tap "Bluetooth"', '```\ntap "Bluetooth"\n```') as server:
        plan = plan_with(server, history)
    assert plan.action == aci.Fail(
        reason='the model keeps proposing tap "Bluetooth", the step that just failed '
        "(target not found (no match))"
    )
    assert not plan.done


def test_a_repeat_of_a_succeeded_step_is_fine() -> None:
    history = [Step(action=aci.Scroll(direction=aci.Direction.DOWN), outcome=Outcome.SUCCEEDED)]
    with chat_server("scroll down") as server:
        assert str(plan_with(server, history).action) == "scroll down"
    assert len(server.received) == 1


def test_a_timeout_names_the_endpoint_and_the_limit() -> None:
    with (
        chat_server(Answer(content="done", delay_s=1.0)) as server,
        pytest.raises(LlmEndpointError) as caught,
    ):
        plan_with(server, timeout_s=0.2)
    assert str(caught.value) == (
        f"LLM endpoint {server.base_url}/chat/completions did not answer within 0.2s "
        "(model tiny-gui-model); raise timeout_s or use a faster model"
    )


def test_rate_limiting_is_a_planner_error_with_the_wait() -> None:
    limited = Answer(
        status=429,
        body={"error": {"message": "Rate limit reached for requests", "type": "requests"}},
        headers={"Retry-After": "20"},
    )
    with chat_server(limited) as server, pytest.raises(LlmEndpointError) as caught:
        plan_with(server)
    assert str(caught.value) == (
        f"LLM endpoint {server.base_url}/chat/completions is rate limiting requests (HTTP 429): "
        "Rate limit reached for requests; retry after 20s"
    )
    assert caught.value.status == 429


def test_a_server_error_is_a_planner_error_with_the_status() -> None:
    broken = Answer(status=500, body={"detail": "CUDA out of memory"})
    with chat_server(broken) as server, pytest.raises(LlmEndpointError) as caught:
        plan_with(server)
    assert str(caught.value) == (
        f"LLM endpoint {server.base_url}/chat/completions failed with HTTP 500: CUDA out of memory"
    )
    assert caught.value.status == 500


def test_a_refused_request_says_what_to_check() -> None:
    with (
        chat_server(Answer(status=404, body={"error": "model 'x' not found"})) as server,
        pytest.raises(LlmEndpointError, match=r"HTTP 404: model 'x' not found; check the"),
    ):
        plan_with(server)


def test_an_answer_that_is_not_a_chat_completion_is_a_planner_error() -> None:
    with (
        chat_server(Answer(body={"object": "list", "data": []})) as server,
        pytest.raises(LlmEndpointError, match=r"did not answer with a chat completion"),
    ):
        plan_with(server)


def test_nothing_listening_is_a_planner_error_naming_the_endpoint() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    planner = LlmPlanner(LlmConfig(base_url=f"http://127.0.0.1:{port}/v1", model="m"))
    with planner, pytest.raises(LlmEndpointError) as caught:
        planner.next_action(GOAL, SETTINGS_LIST, [])
    assert str(caught.value).startswith(
        f"LLM endpoint http://127.0.0.1:{port}/v1/chat/completions could not be reached: "
    )


def test_the_operators_key_never_goes_to_an_endpoint_a_request_names() -> None:
    """A request that names its own endpoint must not get the server's key sent there."""
    with chat_server('tap "Bluetooth"', 'tap "Bluetooth"') as elsewhere:
        settings = LlmSettings(
            base_url="http://127.0.0.1:9/v1", model="m", api_key=SecretStr("sk-operator")
        )
        foreign = settings.resolve(LlmOverrides(base_url=elsewhere.base_url))
        assert foreign.api_key is None
        with LlmPlanner(foreign) as planner:
            planner.next_action("turn on Bluetooth", SETTINGS_LIST, [])
        own_key = settings.resolve(
            LlmOverrides(base_url=elsewhere.base_url, api_key=SecretStr("sk-mine"))
        )
        with LlmPlanner(own_key) as planner:
            planner.next_action("turn on Bluetooth", SETTINGS_LIST, [])
    first, second = elsewhere.received
    assert "authorization" not in first.headers
    assert second.headers["authorization"] == "Bearer sk-mine"
    # The operator's own endpoint still gets the operator's key.
    assert settings.resolve().api_key is not None
    assert settings.resolve(LlmOverrides(base_url="http://127.0.0.1:9/v1/")).api_key is not None


def test_a_redirect_is_not_followed_so_the_key_stays_with_its_endpoint() -> None:
    with chat_server('tap "Bluetooth"') as target:
        moved = Answer(
            status=307, headers={"Location": f"{target.base_url}/chat/completions"}, body={}
        )
        with chat_server(moved) as endpoint:
            config = LlmConfig(
                base_url=endpoint.base_url, model="m", api_key=SecretStr("sk-operator")
            )
            with (
                LlmPlanner(config) as planner,
                pytest.raises(LlmEndpointError, match="redirects to"),
            ):
                planner.next_action("turn on Bluetooth", SETTINGS_LIST, [])
        assert target.received == []


def test_the_prompt_carries_what_the_app_memory_knows_of_the_goal() -> None:
    start = ScreenNode(
        id="main",
        package="com.android.settings",
        labels=(Label(text="Connected devices", role="list item"),),
    )
    devices = ScreenNode(
        id="devices",
        package="com.android.settings",
        title="Connected devices",
        labels=(Label(text="Bluetooth", role="switch", checked=True),),
    )
    memory = AppMap(
        package="com.android.settings",
        version="15",
        explored_at=datetime(2026, 1, 1, tzinfo=UTC),
        budget_s=60,
        elapsed_s=5,
        complete=True,
        start="main",
        screens=(start, devices),
        edges=(Edge(from_screen="main", action='tap "Connected devices"', to_screen="devices"),),
    )
    with (
        chat_server('tap "Bluetooth"') as server,
        LlmPlanner(config(server), memory=[memory]) as planner,
    ):
        planner.next_action(GOAL, SETTINGS_LIST, [])
    (request,) = server.received
    assert "Known from exploring the apps" in request.prompt
    line = (
        '- com.android.settings > Connected devices: switch "Bluetooth" on; '
        'from its start: tap "Connected devices"'
    )
    assert line in request.prompt
