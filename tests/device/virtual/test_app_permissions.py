"""Apps react to a refused runtime permission and ask again as on Android 11+: a second
"Don't allow" blocks the dialog; `dumpsys package` shows the answer, `pm grant|revoke|
clear` change it, and a task check reads it the way it would on a real phone."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from device.virtual.commands import registry
from device.virtual.phone import PhoneConfig, VirtualPhone
from device.virtual.shell import Shell
from device.virtual.ui.schema import AppSpec, Condition, SetAction
from service.suite.checks import PhoneState, evaluate
from service.suite.model import PermissionCheck
from tests.device.virtual.test_engine_data import texts

RECORDER = "com.example.recorder"
MIC = "android.permission.RECORD_AUDIO"
CLOCK = "com.google.android.deskclock"
NOTIFY = "android.permission.POST_NOTIFICATIONS"
CONTROLLER = "com.google.android.permissioncontroller"
SETTINGS = "com.android.settings"
_MIC = {"permission": MIC}

RECORDER_APP: dict[str, Any] = {
    "package": RECORDER,
    "label": "Recorder",
    "activity": ".MainActivity",
    "root": "main",
    "permission": {
        "name": MIC,
        "message": "Allow Recorder to record audio?",
        "icon": "mic",
    },
    "screens": {
        "main": {
            "title": "Recorder",
            "toolbar": "title",
            "widgets": [
                {"type": "button", "text": "Record", "visible_if": {**_MIC, "equals": "granted"}},
                {
                    "type": "text",
                    "text": "Allow access to the microphone to record audio",
                    "visible_if": [{**_MIC, "not_equals": "granted"}, {**_MIC, "not_equals": ""}],
                },
                {
                    "type": "button",
                    "text": "Allow access",
                    "visible_if": {**_MIC, "equals": "denied"},
                    "on_click": {"do": "request_permission"},
                },
                {
                    "type": "button",
                    "text": "Open settings",
                    "visible_if": {**_MIC, "equals": "blocked"},
                    "on_click": {"do": "launch", "package": SETTINGS},
                },
            ],
        }
    },
}


def shell(phone: VirtualPhone, line: str) -> str:
    """Run a command line on the phone's shell, as `adb shell` does; stdout and stderr."""
    out, err = bytearray(), bytearray()
    Shell(phone, registry(), out=out.extend, err=err.extend).run(line)
    return (out + err).decode()


def tap(phone: VirtualPhone, text: str) -> None:
    """Tap the node reading `text` in the window in front (the dialog when it shows)."""
    node = next(n for n in phone.windows()[0].walk() if text in (n.text, n.content_desc))
    phone.tap(*node.center)


def front(phone: VirtualPhone) -> str:
    return phone.foreground()[0]


def runtime_line(phone: VirtualPhone, package: str, name: str) -> str:
    """The permission's line under `runtime permissions:` of `dumpsys package`."""
    output = shell(phone, f"dumpsys package {package}")
    return next(line.strip() for line in output.splitlines() if f"{name}: " in line)


@pytest.fixture
def recorder(tmp_path: Path) -> VirtualPhone:
    """A phone with the Recorder open, its microphone dialog showing."""
    (tmp_path / "recorder.json").write_text(json.dumps(RECORDER_APP), encoding="utf-8")
    phone = VirtualPhone(PhoneConfig(apps_dirs=(tmp_path,)))
    phone.start_app(RECORDER)
    assert front(phone) == CONTROLLER
    return phone


def test_a_refused_app_explains_and_asks_again(recorder: VirtualPhone) -> None:
    tap(recorder, "Don't allow")
    assert front(recorder) == RECORDER
    assert "Allow access to the microphone to record audio" in texts(recorder)
    assert "Record" not in texts(recorder)
    tap(recorder, "Allow access")
    assert front(recorder) == CONTROLLER  # the dialog again
    tap(recorder, "Allow")
    assert front(recorder) == RECORDER
    assert "Record" in texts(recorder) and "Allow access" not in texts(recorder)


def test_a_second_refusal_blocks_the_dialog_and_the_app_sends_to_settings(
    recorder: VirtualPhone,
) -> None:
    tap(recorder, "Don't allow")
    tap(recorder, "Allow access")
    tap(recorder, "Don't allow")
    assert front(recorder) == RECORDER
    assert "Allow access" not in texts(recorder) and "Open settings" in texts(recorder)
    with recorder.lock:
        recorder.ui.launch(RECORDER)  # stopping and starting asks no more either
    assert front(recorder) == RECORDER
    tap(recorder, "Open settings")
    assert front(recorder) == SETTINGS


def test_back_refuses_without_counting_as_dont_allow(recorder: VirtualPhone) -> None:
    recorder.press_key(4)
    assert front(recorder) == RECORDER and "Allow access" in texts(recorder)
    tap(recorder, "Allow access")
    tap(recorder, "Don't allow")  # the first "Don't allow": the app may still ask
    assert "Allow access" in texts(recorder)
    assert "USER_FIXED" not in runtime_line(recorder, RECORDER, MIC)


def test_dumpsys_package_and_pm_see_and_change_the_answer(recorder: VirtualPhone) -> None:
    assert runtime_line(recorder, RECORDER, MIC) == (
        f"{MIC}: granted=false, flags=[ USER_SENSITIVE_WHEN_GRANTED|USER_SENSITIVE_WHEN_DENIED]"
    )
    tap(recorder, "Don't allow")
    assert "granted=false, flags=[ USER_SET|" in runtime_line(recorder, RECORDER, MIC)
    tap(recorder, "Allow access")
    tap(recorder, "Don't allow")
    assert "flags=[ USER_SET|USER_FIXED|" in runtime_line(recorder, RECORDER, MIC)
    assert shell(recorder, f"pm grant {RECORDER} {MIC}") == ""
    assert "granted=true, flags=[ USER_SET|" in runtime_line(recorder, RECORDER, MIC)
    assert "Record" in texts(recorder)  # the app sees the grant at once
    assert shell(recorder, f"pm revoke {RECORDER} {MIC}") == ""
    assert "granted=false" in runtime_line(recorder, RECORDER, MIC)
    assert "Allow access" in texts(recorder)  # granting unblocked it: the app may ask again
    shell(recorder, f"pm clear {RECORDER}")
    assert "USER_SET" not in runtime_line(recorder, RECORDER, MIC)
    recorder.start_app(RECORDER)
    assert front(recorder) == CONTROLLER


def test_an_app_that_asks_for_nothing_lists_no_runtime_permission() -> None:
    phone = VirtualPhone(PhoneConfig())
    assert "runtime permissions" not in shell(phone, "dumpsys package com.android.settings")
    assert "runtime permissions" in shell(phone, f"dumpsys package {CLOCK}")


def test_clock_shows_that_notifications_are_off_until_allowed() -> None:
    phone = VirtualPhone(PhoneConfig())
    phone.start_app(CLOCK)
    tap(phone, "Don't allow")
    assert "Notifications are off" in texts(phone) and "Turn on" in texts(phone)
    assert "07:15" in texts(phone)  # the alarms still show below
    tap(phone, "Turn on")
    tap(phone, "Allow")
    assert "Notifications are off" not in texts(phone)


@pytest.mark.parametrize(
    ("answers", "expected"),
    [([], "not asked"), (["Allow"], "granted"), (["Don't allow"], "denied")],
)
def test_a_task_check_reads_the_answer_from_dumpsys(
    recorder: VirtualPhone, answers: list[str], expected: str
) -> None:
    for answer in answers:
        tap(recorder, answer)
    state = PhoneState(lambda line: shell(recorder, line))
    assert state.permission(RECORDER, MIC) == expected
    check = PermissionCheck(app=RECORDER, permission=MIC, equals="granted")
    verdict = evaluate(check, {}, state)
    assert verdict.ok is (expected == "granted")
    assert verdict.why == f"{RECORDER} {MIC} is {expected}, want granted"
    assert state.permission(RECORDER, "android.permission.CAMERA") is None


def test_a_check_reads_a_real_phones_dumpsys() -> None:
    """Android 14's lines, flags in their own order."""
    output = (
        "    User 0: ceDataInode=4099 installed=true hidden=false suspended=false\n"
        "      runtime permissions:\n"
        f"        {NOTIFY}: granted=false, flags=[ USER_SENSITIVE_WHEN_GRANTED|"
        "USER_SENSITIVE_WHEN_DENIED|USER_SET|USER_FIXED]\n"
        "        android.permission.CAMERA: granted=true, flags=[ USER_SET]\n"
    )
    state = PhoneState(lambda _line: output)
    assert state.permission(CLOCK, NOTIFY) == "denied"
    assert state.permission(CLOCK, "android.permission.CAMERA") == "granted"


def test_only_a_condition_reads_a_permission() -> None:
    assert Condition.model_validate({**_MIC, "equals": "granted"}).permission == MIC
    with pytest.raises(ValidationError, match="read-only"):
        SetAction.model_validate({"do": "set", **_MIC, "value": "granted"})
    with pytest.raises(ValidationError, match="exactly one"):
        Condition.model_validate({**_MIC, "state": "x", "equals": ""})
    assert AppSpec.model_validate(RECORDER_APP).permission is not None


def test_a_permission_check_is_part_of_the_task_schema() -> None:
    from service.suite.model import Task

    task = Task.model_validate(
        {
            "id": "deny_notifications",
            "goal": "Open Clock and refuse notifications",
            "apps": [CLOCK],
            "kinds": ["interruption"],
            "check": {"app": CLOCK, "permission": NOTIFY, "equals": "denied"},
            "solution": ['open app "Clock"', 'tap "Don\'t allow"'],
        }
    )
    assert isinstance(task.check, PermissionCheck)
    with pytest.raises(ValidationError):
        PermissionCheck.model_validate({"app": CLOCK, "permission": NOTIFY, "equals": "allowed"})
