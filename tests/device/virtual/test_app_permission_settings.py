"""Settings > Apps > App info > Permissions as on Android 14: App info sums up what is
allowed, App permissions lists the app's permissions under Allowed / Not allowed, and
Allow / Don't allow on a permission's page do what `pm grant` / `pm revoke` do, so the
app and `dumpsys package` see it. Clock's "Open settings" lands on its App info page,
as `ACTION_APPLICATION_DETAILS_SETTINGS` does."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from device.virtual import PhoneConfig, VirtualPhone
from device.virtual.ui.permission_groups import group_of, list_phrase
from device.virtual.ui.schema import Condition, ForEachWidget, RadioWidget, SetAction
from tests.device.virtual.test_app_permissions import RECORDER_APP, runtime_line, shell
from tests.device.virtual.test_app_settings import center, find, scroll_to, shown, tap, texts

SETTINGS = "com.android.settings"
CLOCK = "com.google.android.deskclock"
MESSAGES = "com.google.android.apps.messaging"
NOTIFY = "android.permission.POST_NOTIFICATIONS"
CONTACTS = "android.permission.READ_CONTACTS"
RECORDER = "com.example.recorder"
MIC = "android.permission.RECORD_AUDIO"
CONTROLLER_ACTIVITY = "com.android.permissioncontroller.permission.ui.ManagePermissionsActivity"


@pytest.fixture
def vphone() -> VirtualPhone:
    return VirtualPhone(PhoneConfig())


def answer_clock(phone: VirtualPhone, *answers: str) -> None:
    """Open Clock and answer its notifications dialog (and each time it asks again)."""
    phone.start_app(CLOCK)
    for index, answer in enumerate(answers):
        if index:
            tap(phone, "Turn on")
        tap(phone, answer)


def summary_of(phone: VirtualPhone, title: str) -> str:
    """The summary line under a row's title."""
    shown_texts = texts(phone)
    return shown_texts[shown_texts.index(title) + 1]


def open_app_info(phone: VirtualPhone, label: str) -> None:
    """Settings > Apps > See all apps > the app."""
    phone.start_app(SETTINGS, ".Settings$ManageApplicationsActivity")
    phone.tap(*center(scroll_to(phone, label)))
    assert shown(phone, "App info")


def checked(phone: VirtualPhone) -> dict[str, str]:
    """The permission page's radios: text -> checked."""
    return {
        find(phone, name).get("text", ""): find(phone, name).get("checked", "")
        for name in ("allow_radio_button", "deny_radio_button")
    }


def test_app_info_says_what_is_allowed(vphone: VirtualPhone) -> None:
    open_app_info(vphone, "Calculator")
    assert summary_of(vphone, "Permissions") == "No permissions requested"
    tap(vphone, "Permissions")
    assert shown(vphone, "No permissions allowed") and shown(vphone, "No permissions denied")

    vphone.start_app(MESSAGES)
    tap(vphone, "Allow")
    open_app_info(vphone, "Messages")
    assert summary_of(vphone, "Permissions") == "Contacts"
    answer_clock(vphone, "Don't allow")
    open_app_info(vphone, "Clock")
    assert summary_of(vphone, "Permissions") == "No permissions allowed"


def test_granting_from_settings_after_a_denial(vphone: VirtualPhone) -> None:
    answer_clock(vphone, "Don't allow")
    assert "Turn on" in texts(vphone)
    open_app_info(vphone, "Clock")
    tap(vphone, "Permissions")
    assert vphone.foreground() == (SETTINGS, CONTROLLER_ACTIVITY)
    listed = texts(vphone)
    assert listed.index("Not allowed") < listed.index("Notifications")
    assert listed.index("Allowed") < listed.index("No permissions allowed")
    tap(vphone, "Notifications")
    assert shown(vphone, "Notifications permission")
    assert shown(vphone, "Notifications access for this app")
    assert checked(vphone) == {"Allow": "false", "Don't allow": "true"}

    tap(vphone, "Allow")
    assert checked(vphone) == {"Allow": "true", "Don't allow": "false"}
    assert "granted=true, flags=[ USER_SET|" in runtime_line(vphone, CLOCK, NOTIFY)
    vphone.press_key(4)
    listed = texts(vphone)
    assert listed.index("Allowed") < listed.index("Notifications") < listed.index("Not allowed")
    assert shown(vphone, "No permissions denied")
    vphone.press_key(4)
    assert summary_of(vphone, "Permissions") == "Notifications"

    vphone.start_app(CLOCK)  # the app sees the grant: no banner, no dialog
    assert vphone.foreground()[0] == CLOCK
    assert "Notifications are off" not in texts(vphone)


def test_revoking_from_settings_lets_the_app_ask_again(vphone: VirtualPhone) -> None:
    answer_clock(vphone, "Allow")
    assert "Notifications are off" not in texts(vphone)
    open_app_info(vphone, "Clock")
    tap(vphone, "Permissions", "Notifications", "Don't allow")
    assert checked(vphone) == {"Allow": "false", "Don't allow": "true"}
    line = runtime_line(vphone, CLOCK, NOTIFY)
    assert "granted=false, flags=[ USER_SET|" in line and "USER_FIXED" not in line

    vphone.start_app(CLOCK)
    assert "Notifications are off" in texts(vphone) and "Turn on" in texts(vphone)
    tap(vphone, "Turn on")
    assert vphone.foreground()[0] == "com.google.android.permissioncontroller"


def test_clocks_open_settings_lands_on_its_app_info_and_allow_unblocks(
    vphone: VirtualPhone,
) -> None:
    answer_clock(vphone, "Don't allow", "Don't allow")
    assert "USER_FIXED" in runtime_line(vphone, CLOCK, NOTIFY)
    tap(vphone, "Open settings")
    assert vphone.foreground() == (SETTINGS, "com.android.settings.SubSettings")
    assert shown(vphone, "App info") and shown(vphone, CLOCK)
    assert summary_of(vphone, "Permissions") == "No permissions allowed"

    tap(vphone, "Permissions", "Notifications", "Allow")
    line = runtime_line(vphone, CLOCK, NOTIFY)
    assert "granted=true" in line and "USER_FIXED" not in line
    vphone.start_app(CLOCK)
    assert "Notifications are off" not in texts(vphone)
    assert "Open settings" not in texts(vphone)


def test_settings_shows_what_pm_changes(vphone: VirtualPhone) -> None:
    open_app_info(vphone, "Messages")
    tap(vphone, "Permissions", "Contacts")
    assert shown(vphone, "Contacts permission")
    assert checked(vphone) == {"Allow": "false", "Don't allow": "true"}  # never asked
    assert shell(vphone, f"pm grant {MESSAGES} {CONTACTS}") == ""
    assert checked(vphone) == {"Allow": "true", "Don't allow": "false"}
    assert shell(vphone, f"pm revoke {MESSAGES} {CONTACTS}") == ""
    assert checked(vphone) == {"Allow": "false", "Don't allow": "true"}


def test_any_app_can_list_and_set_another_apps_permission(tmp_path: Path) -> None:
    """The engine's features are general: a screen of another app lists the Recorder's
    microphone permission by its group and allows it."""
    viewer: dict[str, Any] = {
        "package": "com.example.viewer",
        "label": "Viewer",
        "activity": ".MainActivity",
        "root": "main",
        "screens": {
            "main": {
                "title": "Viewer",
                "toolbar": "title",
                "widgets": [
                    {
                        "type": "for_each",
                        "permissions": {"package": RECORDER, "summary": True},
                        "row": {"type": "row", "title": "Summary", "summary": "{summary}"},
                    },
                    {
                        "type": "for_each",
                        "permissions": {"package": RECORDER},
                        "row": {
                            "type": "radio",
                            "text": "{label} ({state})",
                            "bind": {"permission": "{name}", "package": "{package}"},
                            "value": "granted",
                        },
                    },
                ],
            }
        },
    }
    (tmp_path / "recorder.json").write_text(json.dumps(RECORDER_APP), encoding="utf-8")
    (tmp_path / "viewer.json").write_text(json.dumps(viewer), encoding="utf-8")
    phone = VirtualPhone(PhoneConfig(apps_dirs=(tmp_path,)))
    phone.start_app("com.example.viewer")
    assert summary_of(phone, "Summary") == "No permissions allowed"
    tap(phone, "Microphone (denied)")
    assert summary_of(phone, "Summary") == "Microphone"
    assert shown(phone, "Microphone (granted)")
    assert "granted=true" in runtime_line(phone, RECORDER, MIC)


def test_permission_groups_name_permissions_as_settings_does() -> None:
    assert group_of(NOTIFY).label == "Notifications"
    assert group_of("android.permission.WRITE_CONTACTS").label == "Contacts"
    assert group_of("com.example.permission.SCAN_QR", icon="qr_code").label == "Scan qr"
    assert list_phrase(["Camera"]) == "Camera"
    assert list_phrase(["Camera", "Microphone"]) == "Camera and Microphone"
    assert list_phrase(["Camera", "Location", "Microphone"]) == ("Camera, Location, and Microphone")


def test_the_schema_keeps_an_apps_own_permission_read_only() -> None:
    other = {"permission": "{permission}", "package": "{package}"}
    assert SetAction.model_validate({"do": "set", **other, "value": "granted"}).package
    assert RadioWidget.model_validate(
        {"type": "radio", "text": "Allow", "bind": other, "value": "granted"}
    )
    assert Condition.model_validate({**other, "equals": "granted"})
    with pytest.raises(ValidationError, match="read-only"):
        SetAction.model_validate({"do": "set", "permission": MIC, "value": "granted"})
    with pytest.raises(ValidationError, match="only with 'permission'"):
        Condition.model_validate({"state": "x", "package": RECORDER, "equals": ""})
    row = {"type": "row", "title": "{label}"}
    with pytest.raises(ValidationError, match="exactly one of 'items' or 'permissions'"):
        ForEachWidget.model_validate({"type": "for_each", "row": row})
    with pytest.raises(ValidationError, match="'app' goes only with 'items'"):
        ForEachWidget.model_validate(
            {"type": "for_each", "permissions": {"package": RECORDER}, "app": SETTINGS, "row": row}
        )
