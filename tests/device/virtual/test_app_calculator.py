"""The Calculator used as a person would: keys found by their text or content-desc (the
operators are icons), the display read from the screen and from `vphone state`."""

from __future__ import annotations

import json
import os

import adbutils
import pytest
import uiautomator2 as u2

from device.virtual import PhoneConfig, VirtualPhone
from tests.device.virtual.test_app_settings import data, find, nodes, shown, tap

CALCULATOR = "com.google.android.calculator"
TIMES, MINUS = "\u00d7", "\u2212"
"""The signs the display shows for * and -."""


@pytest.fixture
def vphone() -> VirtualPhone:
    phone = VirtualPhone(PhoneConfig())
    phone.start_app(CALCULATOR)
    return phone


def press(phone: VirtualPhone, keys: str) -> None:
    """Tap keys by what a person reads on them; operators by their content-desc."""
    names = {"+": "plus", "-": "minus", "*": "multiply", "/": "÷", "=": "equals", "%": "percent"}
    for key in keys:
        tap(phone, names.get(key, key))


def display(phone: VirtualPhone) -> tuple[str, str]:
    return find(phone, "formula").get("text", ""), _result_text(phone)


def _result_text(phone: VirtualPhone) -> str:
    return find(phone, "result_final").get("text", "") if shown(phone, "result_final") else ""


def test_operators_are_icons_with_descriptions(vphone: VirtualPhone) -> None:
    keys = [n for n in nodes(vphone) if n.get("clickable") == "true"]
    described = {n.get("content-desc") for n in keys if n.get("content-desc")}
    assert {
        "plus",
        "minus",
        "multiply",
        "divide",
        "equals",
        "percent",
        "point",
        "clear",
        "backspace",
    } <= described
    icons = [n for n in keys if not n.get("text") and n.get("class") != "android.widget.Button"]
    assert {n.get("content-desc") for n in icons} >= {
        "plus",
        "minus",
        "multiply",
        "equals",
        "backspace",
    }
    assert all(n.get("content-desc") for n in icons)
    digits = sorted(n.get("text", "") for n in keys if n.get("text", "").isdigit())
    assert digits == [str(d) for d in range(10)]


def test_evaluates_on_equals(vphone: VirtualPhone) -> None:
    press(vphone, "12+3*4")
    assert display(vphone) == (f"12+3{TIMES}4", "")
    press(vphone, "=")
    assert display(vphone) == (f"12+3{TIMES}4", "24")
    state = data(vphone, CALCULATOR)
    assert (state["formula"], state["result"]) == (f"12+3{TIMES}4", "24")
    press(vphone, "-4=")
    assert display(vphone) == (f"24{MINUS}4", "20")
    press(vphone, "7")
    assert display(vphone) == ("7", "")


def test_backspace_clear_and_errors(vphone: VirtualPhone) -> None:
    press(vphone, "125")
    tap(vphone, "backspace", "backspace")
    assert display(vphone) == ("1", "")
    press(vphone, "/0=")
    assert display(vphone) == ("1÷0", "Can't divide by 0")
    tap(vphone, "AC")
    assert display(vphone) == ("", "")
    tap(vphone, "( )")
    press(vphone, "2+3")
    tap(vphone, "( )")
    press(vphone, "*2=")
    assert display(vphone) == (f"(2+3){TIMES}2", "10")


def test_history_from_the_overflow_menu(vphone: VirtualPhone) -> None:
    press(vphone, "9*9=")
    tap(vphone, "More options")
    assert shown(vphone, "Choose theme") and shown(vphone, "Send feedback")
    tap(vphone, "History")
    assert shown(vphone, f"9{TIMES}9") and shown(vphone, "= 81")
    tap(vphone, f"9{TIMES}9")
    press(vphone, "+1=")
    assert display(vphone) == ("81+1", "82")


def test_calculator_through_uiautomator2(serial: str) -> None:
    device = adbutils.AdbClient(port=int(os.environ["ANDROID_ADB_SERVER_PORT"])).device(serial)
    device.app_start(CALCULATOR)
    ui = u2.connect(serial)
    try:
        ui(text="7").click()
        ui(description="multiply").click()
        ui(text="6").click()
        ui(description="equals").click()
        assert ui(resourceId=f"{CALCULATOR}:id/result_final").get_text() == "42"
        state = json.loads(device.shell(f"vphone state {CALCULATOR}"))
        assert (state["formula"], state["result"]) == (f"7{TIMES}6", "42")
    finally:
        ui.stop_uiautomator(wait=False)
