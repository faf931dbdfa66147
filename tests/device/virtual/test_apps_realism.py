"""Calculator, Clock and Photos behave as Google's apps do, as adb and uiautomator2 see
them: `%` as Google's Calculator reads it, every control labelled as the real one is,
the time picker's fields keeping only valid times, and photo thumbnails described by
the date and time they were taken."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import adbutils
import pytest
import uiautomator2 as u2

from device.virtual import PhoneConfig, VirtualPhone
from device.virtual.ui.arith import evaluate
from tests.device.virtual.test_app_settings import center, data, find, nodes, shown, tap

CALCULATOR = "com.google.android.calculator"
CLOCK = "com.google.android.deskclock"
PHOTOS = "com.google.android.apps.photos"
HOUR, MINUTE = (f"{CLOCK}:id/material_{part}_text_input" for part in ("hour", "minute"))
KEYS = {"+": "plus", "-": "minus", "*": "multiply", "/": "divide", "%": "percent", "=": "equals"}


@pytest.fixture
def adb(serial: str) -> adbutils.AdbDevice:
    """The fresh phone through adbutils, as a script drives it."""
    return adbutils.AdbClient(port=int(os.environ["ANDROID_ADB_SERVER_PORT"])).device(serial)


@pytest.fixture
def ui(serial: str) -> Iterator[u2.Device]:
    device = u2.connect(serial)
    device.settings["wait_timeout"] = 5.0
    yield device
    device.stop_uiautomator(wait=False)


def state(adb: adbutils.AdbDevice, package: str) -> dict[str, object]:
    """What `adb shell vphone state <package>` prints."""
    loaded: dict[str, object] = json.loads(adb.shell(f"vphone state {package}"))
    return loaded


def described(phone: VirtualPhone) -> list[str]:
    return [n.get("content-desc", "") for n in nodes(phone) if n.get("content-desc")]


def unlabelled(phone: VirtualPhone, package: str) -> list[str]:
    """Resource-ids of the app's clickable nodes that nothing in them names: what a
    screen reader could only call "Button"."""
    return [
        node.get("resource-id", "")
        for node in nodes(phone)
        if node.get("package") == package
        and node.get("clickable") == "true"
        and node.get("checkable") != "true"  # a switch is named by its row
        and not any(n.get("text") or n.get("content-desc") for n in node.iter("node"))
    ]


# -- Calculator: percent --------------------------------------------------------------


@pytest.mark.parametrize(
    ("expression", "result"),
    [
        ("80+15%", "92"),
        ("80\u221215%", "68"),
        ("50\u00d710%", "5"),
        ("15%", "0.15"),
        ("200\u00f710%", "2000"),
        ("10\u00d75+20%", "60"),
        ("80+15%\u00d72", "80.3"),
        ("(80+15)%", "0.95"),
        ("5%+5", "5.05"),
    ],
)
def test_percent_reads_as_googles_calculator(expression: str, result: str) -> None:
    assert evaluate(expression) == result


@pytest.mark.parametrize(
    ("keys", "formula", "result"),
    [("80+15%=", "80+15%", "92"), ("50*10%=", "50\u00d710%", "5"), ("15%=", "15%", "0.15")],
)
def test_percent_keys_on_the_calculator(keys: str, formula: str, result: str) -> None:
    phone = VirtualPhone(PhoneConfig())
    phone.start_app(CALCULATOR)
    for key in keys:
        tap(phone, KEYS.get(key, key))
    assert find(phone, "result_final").get("text") == result
    assert (data(phone, CALCULATOR)["formula"], data(phone, CALCULATOR)["result"]) == (
        formula,
        result,
    )


def test_percent_through_uiautomator2(adb: adbutils.AdbDevice, ui: u2.Device) -> None:
    adb.app_start(CALCULATOR)
    for key in "80+15%=":
        (ui(description=KEYS[key]) if key in KEYS else ui(text=key)).click()
    assert ui(resourceId=f"{CALCULATOR}:id/result_final").get_text() == "92"
    assert state(adb, CALCULATOR)["result"] == "92"


# -- labels ---------------------------------------------------------------------------


def test_backspace_is_described_and_deletes() -> None:
    phone = VirtualPhone(PhoneConfig())
    phone.start_app(CALCULATOR)
    for key in "125":
        tap(phone, key)
    backspace = find(phone, "backspace")
    assert backspace.get("resource-id") == f"{CALCULATOR}:id/del"
    assert backspace.get("class") == "android.widget.ImageButton"
    tap(phone, "backspace")
    assert find(phone, "formula").get("text") == "12"
    assert unlabelled(phone, CALCULATOR) == []


def test_backspace_through_uiautomator2(adb: adbutils.AdbDevice, ui: u2.Device) -> None:
    adb.app_start(CALCULATOR)
    for key in "47":
        ui(text=key).click()
    ui(description="backspace").click()
    assert ui(resourceId=f"{CALCULATOR}:id/formula").get_text() == "4"
    assert state(adb, CALCULATOR)["formula"] == "4"


def test_photos_controls_carry_their_labels() -> None:
    phone = VirtualPhone(PhoneConfig())
    phone.start_app(PHOTOS)
    assert {"Backup", "Notifications"} <= set(described(phone))
    assert unlabelled(phone, PHOTOS) == []
    phone.tap(*center(find(phone, "photo_thumbnail")))
    assert {"Favorite", "Cast", "Share", "Edit", "Lens", "Move to trash"} <= set(described(phone))
    assert unlabelled(phone, PHOTOS) == []


def test_clock_controls_carry_their_labels() -> None:
    phone = VirtualPhone(PhoneConfig())
    phone.start_app(CLOCK)
    tap(phone, "Allow")
    for tab in ("Alarm", "Clock", "Timer", "Stopwatch", "Bedtime"):
        tap(phone, tab)
        assert unlabelled(phone, CLOCK) == [], tab


# -- Clock: the time picker keeps only valid times ------------------------------------


@pytest.fixture
def picker() -> VirtualPhone:
    """A phone showing the Clock's Enter time dialog, the hour field focused."""
    phone = VirtualPhone(PhoneConfig())
    phone.start_app(CLOCK)
    tap(phone, "Allow", "Add alarm")
    assert shown(phone, "Enter time")
    return phone


def field_text(phone: VirtualPhone, resource_id: str) -> str:
    """What the field holds (its node shows the hint when it is empty)."""
    dump = ET.fromstring(phone.hierarchy_xml(form="u2"))  # the form that has `hint`
    node = next(n for n in dump.iter("node") if n.get("resource-id") == resource_id)
    text = node.get("text", "")
    return "" if text == node.get("hint") else text


def test_hour_and_minute_fields_refuse_keystrokes_past_23_and_59(picker: VirtualPhone) -> None:
    for key in "25":  # key by key, as the soft keyboard types
        picker.type_text(key)
    assert field_text(picker, HOUR) == "2"
    tap(picker, "material_minute_text_input")
    for key in "70":
        picker.type_text(key)
    assert field_text(picker, MINUTE) == "7"
    picker.type_text("x")
    assert field_text(picker, MINUTE) == "7"
    tap(picker, "OK")
    added = data(picker, CLOCK)["alarms"]
    assert isinstance(added, list)
    assert {k: added[-1][k] for k in ("hour", "minute", "time")} == {
        "hour": "2",
        "minute": "7",
        "time": "0207",
    }
    assert shown(picker, "02:07")


def test_a_pasted_impossible_time_is_refused_whole(picker: VirtualPhone) -> None:
    picker.type_text("25")
    assert field_text(picker, HOUR) == ""
    picker.type_text("23")
    picker.type_text("0")  # a third digit
    assert field_text(picker, HOUR) == "23"
    tap(picker, "material_minute_text_input")
    picker.type_text("60")
    assert field_text(picker, MINUTE) == ""
    picker.type_text("59")
    tap(picker, "OK")
    assert shown(picker, "23:59")


def test_impossible_time_through_adb_and_uiautomator2(
    adb: adbutils.AdbDevice, ui: u2.Device
) -> None:
    adb.shell(f"pm grant {CLOCK} android.permission.POST_NOTIFICATIONS")
    adb.app_start(CLOCK)
    ui(description="Add alarm").click()
    ui(resourceId=HOUR).set_text("25")  # as TextView.setText: the filter leaves it empty
    ui(resourceId=MINUTE).set_text("70")
    assert ui(resourceId=HOUR).get_text() == "Hour (0-23)"  # the hint: nothing typed
    assert ui(resourceId=MINUTE).get_text() == "Minute (0-59)"
    ui(resourceId=HOUR).set_text("21")
    ui(resourceId=MINUTE).click()
    adb.shell("input text 45")
    assert ui(resourceId=MINUTE).get_text() == "45"
    ui(text="OK").click()
    alarms = state(adb, CLOCK)["alarms"]
    assert isinstance(alarms, list)
    assert (alarms[-1]["hour"], alarms[-1]["minute"]) == ("21", "45")
    assert ui(text="21:45").exists


def test_timer_takes_two_digits_and_never_starts_at_zero() -> None:
    phone = VirtualPhone(PhoneConfig())
    phone.start_app(CLOCK)
    tap(phone, "Allow", "Timer", "timer_minutes")
    phone.type_text("00")
    tap(phone, "Start")
    assert data(phone, CLOCK)["timer_state"] == ""
    assert phone.ui.last_toast() == "Enter the minutes first"
    tap(phone, "timer_minutes")
    for key in "125":
        phone.type_text(key)
    tap(phone, "Start")
    assert (data(phone, CLOCK)["timer_state"], data(phone, CLOCK)["timer_length"]) == (
        "running",
        "12",
    )
    assert shown(phone, "12:00")


# -- Photos: thumbnails described by when they were taken -----------------------------


def test_thumbnails_are_described_by_the_date_and_time_taken() -> None:
    phone = VirtualPhone(PhoneConfig())
    phone.start_app(PHOTOS)
    records = data(phone, PHOTOS)["photos"]
    assert isinstance(records, list)
    thumbnails = [
        n.get("content-desc", "")
        for n in nodes(phone)
        if n.get("resource-id") == f"{PHOTOS}:id/photo_thumbnail"
    ]
    assert len(thumbnails) >= 12
    expected = [f"Photo taken on {p['date']} {p['time']}" for p in records]
    assert thumbnails == expected[: len(thumbnails)]
    assert thumbnails[0] == "Photo taken on Nov 28, 2026 08:00:00"
    assert len(set(expected)) == len(expected)  # a screen reader tells every one apart


def test_a_thumbnail_opens_by_its_description(adb: adbutils.AdbDevice, ui: u2.Device) -> None:
    adb.app_start(PHOTOS)
    ui(description="Photo taken on Nov 22, 2026 11:51:33").click()
    assert ui(text="Nov 22, 2026 \u00b7 Home").exists
    assert ui(description="Photo taken on Nov 22, 2026 11:51:33").exists  # the photo itself
    ui(description="Favorite").click()
    photos = state(adb, PHOTOS)["photos"]
    assert isinstance(photos, list)
    assert [p["id"] for p in photos if p["favorite"] == "1"] == ["3", "4", "10", "18"]


def test_seeded_photos_are_described_too() -> None:
    phone = VirtualPhone(PhoneConfig(seed=3))
    phone.start_app(PHOTOS)
    records = data(phone, PHOTOS)["photos"]
    assert isinstance(records, list) and len(records) == 60
    first = find(phone, "photo_thumbnail").get("content-desc", "")
    assert first == f"Photo taken on {records[0]['date']} {records[0]['time']}"
    assert "{" not in first
