"""The Clock app used as a person would: the notification permission, alarms added from
the time picker, switched, labelled and deleted, the timer, the tabs and the menu."""

from __future__ import annotations

import json
import os
import re

import adbutils
import pytest
import uiautomator2 as u2

from device.virtual import PhoneConfig, VirtualPhone
from tests.device.virtual.test_app_settings import (
    center,
    data,
    find,
    nodes,
    shown,
    switch_of,
    tap,
    texts,
)

CLOCK = "com.google.android.deskclock"


@pytest.fixture
def vphone() -> VirtualPhone:
    """A fresh phone with the Clock open and its notification permission allowed."""
    phone = VirtualPhone(PhoneConfig())
    phone.start_app(CLOCK)
    assert shown(phone, "Allow Clock to send you notifications?")
    tap(phone, "Allow")
    return phone


def alarms(phone: VirtualPhone) -> list[dict[str, str]]:
    listed = data(phone, CLOCK)["alarms"]
    assert isinstance(listed, list)
    return listed


def test_permission_is_asked_once_and_recorded(vphone: VirtualPhone) -> None:
    assert data(vphone, CLOCK)["permissions"] == {
        "android.permission.POST_NOTIFICATIONS": "granted"
    }
    assert vphone.foreground() == (CLOCK, "com.android.deskclock.DeskClock")
    vphone.stop_app(CLOCK)
    vphone.start_app(CLOCK)
    assert not shown(vphone, "Allow") and shown(vphone, "07:15")


def test_add_alarm_from_the_time_picker(vphone: VirtualPhone) -> None:
    tap(vphone, "Add alarm")
    assert shown(vphone, "Enter time")
    assert find(vphone, "material_hour_text_input").get("focused") == "true"
    vphone.type_text("6")
    tap(vphone, "material_minute_text_input")
    vphone.type_text("5")
    tap(vphone, "OK")
    assert not shown(vphone, "Enter time")
    added = alarms(vphone)[-1]
    assert {k: added[k] for k in ("hour", "minute", "on")} == {
        "hour": "6",
        "minute": "5",
        "on": "1",
    }
    times = [t for t in texts(vphone) if re.fullmatch(r"\d\d:\d\d", t)]
    assert times == ["06:05", "06:30", "07:15", "09:00"]
    assert switch_of(vphone, "06:05").get("checked") == "true"
    tap(vphone, "Add alarm", "Cancel")
    assert len(alarms(vphone)) == 4


def test_a_time_typed_with_leading_zeros_is_the_same_time(vphone: VirtualPhone) -> None:
    tap(vphone, "Add alarm")
    vphone.type_text("07")
    tap(vphone, "material_minute_text_input")
    vphone.type_text("05")
    tap(vphone, "OK")
    added = alarms(vphone)[-1]
    assert (added["hour"], added["minute"], added["time"]) == ("7", "5", "0705")
    assert "07:05" in texts(vphone)


def test_alarm_switch_label_and_delete(vphone: VirtualPhone) -> None:
    vphone.tap(*center(switch_of(vphone, "06:30")))
    assert alarms(vphone)[0]["on"] == "1"
    tap(vphone, "09:00")
    assert shown(vphone, "Sat, Sun")
    tap(vphone, "edit_label")
    vphone.type_text("Brunch")
    assert alarms(vphone)[2]["label"] == "Brunch"
    tap(vphone, "Delete")
    assert vphone.ui.last_toast() == "Alarm deleted"
    assert [a["label"] for a in alarms(vphone)] == ["Gym", "Wake up"]
    assert shown(vphone, "Add alarm") and not shown(vphone, "09:00")


def test_tabs_timer_and_overflow_menu(vphone: VirtualPhone) -> None:
    tap(vphone, "Clock")
    assert shown(vphone, "New York") and shown(vphone, "Tokyo")
    tap(vphone, "Cities")
    vphone.type_text("par")
    tap(vphone, "Paris")
    assert shown(vphone, "Paris") and shown(vphone, "1 hour ahead")
    tap(vphone, "Timer", "timer_minutes")
    vphone.type_text("5")
    tap(vphone, "Start")
    assert data(vphone, CLOCK)["timer_state"] == "running"
    assert shown(vphone, "5:00") and shown(vphone, "Pause")
    tap(vphone, "Pause")
    assert data(vphone, CLOCK)["timer_state"] == "paused"
    tap(vphone, "More options")
    assert [
        n.get("text")
        for n in nodes(vphone)
        if n.get("text") in ("Settings", "Send feedback", "Help")
    ] == [
        "Settings",
        "Send feedback",
        "Help",
    ]
    tap(vphone, "Settings")
    assert vphone.foreground() == (CLOCK, "com.android.deskclock.settings.SettingsActivity")


def test_add_alarm_through_uiautomator2(serial: str) -> None:
    device = adbutils.AdbClient(port=int(os.environ["ANDROID_ADB_SERVER_PORT"])).device(serial)
    device.shell("pm grant com.google.android.deskclock android.permission.POST_NOTIFICATIONS")
    device.app_start(CLOCK)
    ui = u2.connect(serial)
    try:
        ui(description="Add alarm").click()
        ui(resourceId=f"{CLOCK}:id/material_hour_text_input").set_text("21")
        ui(resourceId=f"{CLOCK}:id/material_minute_text_input").set_text("30")
        ui(text="OK").click()
        assert ui(text="21:30").exists
        state = json.loads(device.shell("vphone state com.google.android.deskclock"))
        assert state["alarms"][-1]["hour"] == "21" and state["alarms"][-1]["on"] == "1"
    finally:
        ui.stop_uiautomator(wait=False)
