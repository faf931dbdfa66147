"""Reading one action out of a model's reply: the shapes accepted and the errors for the rest."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import aci
from planning import UnreadableReplyError, parse_reply
from tests.planning.screens import SETTINGS_LIST


@pytest.mark.parametrize(
    ("reply", "action"),
    [
        ("done.", "done"),
        ("  Done  ", "done"),
        ("- press back", "press back"),
        ("1. press back", "press back"),
        ("`scroll down`", "scroll down"),
        ("Next action: open app Clock", 'open app "Clock"'),
        ('Action:\ntap "OK"', 'tap "OK"'),
        ('tap "Wi-Fi" (the first row)', 'tap "Wi-Fi"'),
        ('tap "Wi-Fi" - it opens the page', 'tap "Wi-Fi"'),
        ("tap #10", 'tap "Navigate up"'),
        ("tap element 11", "tap (1020, 60)"),
        ('type "bt" into [14]', 'type "bt" into "Search"'),
        ('{"type": "open_app", "app": "Clock", "reason": "alarms live there"}', 'open app "Clock"'),
        ('{"action": "click", "index": 5}', 'tap "Bluetooth"'),
        ('{"action_type": "input_text", "text": "bt", "index": 14}', 'type "bt" into "Search"'),
        ('{"action_type": "scroll", "direction": "down"}', "scroll down"),
        ('{"action_type": "navigate_back"}', "press back"),
        ('{"action_type": "open_app", "app_name": "Contacts"}', 'open app "Contacts"'),
        ('{"action_type": "status", "goal_status": "complete"}', "done"),
        (
            '{"action_type": "status", "goal_status": "infeasible"}',
            'fail "the model answered fail()"',
        ),
        ("type(content='it's on')", 'type "it\'s on"'),
        ("drag(start_box='(500,800)', end_box='(500,200)')", "swipe up"),
        ("scroll(start_box='(500,800)', end_box='(500,200)')", "scroll down"),
        ("swipe(direction='left')", "swipe left"),
        ("pyautogui.click(540, 374)", 'tap "Airplane mode"'),  # grid (540, 374) -> (583, 898)
        ("hotkey(key='enter')", "press enter"),
        ("press(key='Back')", "press back"),
        ("wait()", "wait 5s"),
        ("terminate(status='success')", "done"),
        ("terminate(status='failure')", 'fail "the model gave up"'),
        ("call_user(content='Which network?')", 'fail "Which network?"'),
    ],
)
def test_reply_shapes(reply: str, action: str) -> None:
    assert str(parse_reply(reply, SETTINGS_LIST).action) == action


def test_json_reasons_and_labelled_thoughts_become_the_reason() -> None:
    json = '{"type": "open_app", "app": "Clock", "reason": "alarms live there"}'
    assert parse_reply(json, SETTINGS_LIST).reason == "alarms live there"
    text = 'Thought: the toggle is\n  in the first row.\nAction: tap "Wi-Fi"'
    assert parse_reply(text, SETTINGS_LIST).reason == "the toggle is in the first row."


@pytest.mark.parametrize(
    ("reply", "problem"),
    [
        ("", "the reply is empty"),
        ("Done is what I would say later", "column 6: expected the end of the action"),
        ("tap [15]", "element index 15 out of range: the screen has 15 elements (0-14)"),
        ('{"type": "tap"}', "structured action invalid"),
        ('{"foo": 1}', 'JSON without "action", "type" or "action_type"'),
        ("click()", "click without a point"),
        ("teleport(x=1)", "unknown action teleport(...)"),
        ("press(key='hyperdrive')", "key 'hyperdrive' is not one of back, home"),
        ("click(start_box=foo)", "arguments of click(...) must be plain values"),
    ],
)
def test_unreadable_replies_say_why(reply: str, problem: str) -> None:
    with pytest.raises(UnreadableReplyError) as caught:
        parse_reply(reply, SETTINGS_LIST)
    assert problem in str(caught.value)


_call_like = st.builds(
    "{}({}){}".format,
    st.sampled_from(["click", "tap", "type", "scroll", "drag", "press", "open_app", "wait", "x.y"]),
    st.text(st.sampled_from("'\"(),=[]<>|_ 0123456789.-xyabc\\"), max_size=30),
    st.sampled_from(["", " because", "\nAction: done"]),
)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200) | _call_like)
def test_any_reply_reads_or_raises_unreadable_reply_error(reply: str) -> None:
    try:
        result = parse_reply(reply, SETTINGS_LIST)
    except UnreadableReplyError as error:
        assert str(error)
    else:
        assert aci.parse_action(str(result.action)) == result.action
