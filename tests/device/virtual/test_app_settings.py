"""The Settings app used as a person would: find a node in the uiautomator dump, tap the
centre of its bounds, type, and check what the phone holds (settings, app data)."""

from __future__ import annotations

import os
import re
import subprocess
import xml.etree.ElementTree as ET

import pytest
import uiautomator2 as u2

from device.adb import adb_binary
from device.virtual import PhoneConfig, VirtualPhone

SETTINGS = "com.android.settings"
BACK = 4


@pytest.fixture
def vphone() -> VirtualPhone:
    """A fresh phone driven directly (no adb)."""
    return VirtualPhone(PhoneConfig())


def nodes(phone: VirtualPhone) -> list[ET.Element]:
    """Every node of the active window, as `uiautomator dump` gives them."""
    return list(ET.fromstring(phone.hierarchy_xml(form="dump")).iter("node"))


def texts(phone: VirtualPhone) -> list[str]:
    return [n.get("text", "") for n in nodes(phone) if n.get("text")]


def find(phone: VirtualPhone, label: str) -> ET.Element:
    """The first node whose text, content-desc or resource-id name is `label`."""
    for node in nodes(phone):
        name = node.get("resource-id", "").rpartition("/")[2]
        if label in (node.get("text"), node.get("content-desc"), name):
            return node
    raise AssertionError(f"{label!r} not on screen: {texts(phone)}")


def bounds(node: ET.Element) -> tuple[int, int, int, int]:
    x1, y1, x2, y2 = (int(v) for v in re.findall(r"-?\d+", node.get("bounds", "")))
    return x1, y1, x2, y2


def center(node: ET.Element) -> tuple[int, int]:
    x1, y1, x2, y2 = bounds(node)
    return (x1 + x2) // 2, (y1 + y2) // 2


def tap(phone: VirtualPhone, *labels: str) -> None:
    for label in labels:
        phone.tap(*center(find(phone, label)))


def shown(phone: VirtualPhone, label: str) -> bool:
    try:
        find(phone, label)
    except AssertionError:
        return False
    return True


def scroll_to(phone: VirtualPhone, label: str) -> ET.Element:
    """Swipe the list up until `label` is fully on screen (at most ten swipes)."""
    width, height = phone.size
    for _ in range(10):
        if shown(phone, label):
            node = find(phone, label)
            if bounds(node)[3] < height * 0.9:
                return node
        phone.swipe(width // 2, height * 3 // 4, width // 2, height // 3, duration_ms=200)
    return find(phone, label)


def setting(phone: VirtualPhone, key: str) -> str | None:
    namespace, _, name = key.partition("/")
    return phone.settings.get(namespace, name)


def data(phone: VirtualPhone, package: str) -> dict[str, object]:
    """What `vphone state <package>` prints."""
    return phone.ui.store.report(package)


def switch_of(phone: VirtualPhone, title: str) -> ET.Element:
    """The Switch in the row titled `title`."""
    for row in nodes(phone):
        children = list(row)
        if any(child.get("text") == title for child in row.iter("node")) and children:
            for child in row.iter("node"):
                if child.get("class") == "android.widget.Switch":
                    return child
    raise AssertionError(f"no switch in a row titled {title!r}")


def test_wifi_network_details_and_forget(vphone: VirtualPhone) -> None:
    vphone.start_app(SETTINGS)
    tap(vphone, "Network & internet", "Internet", "Wi-Fi")
    assert setting(vphone, "global/wifi_on") == "1"
    tap(vphone, "Office")
    assert find(vphone, "Network details") is not None
    assert shown(vphone, "Saved") and shown(vphone, "WPA3-Personal")
    tap(vphone, "Forget")
    assert vphone.foreground()[1] == "com.android.settings.SubSettings"
    assert shown(vphone, "Wi-Fi") and not shown(vphone, "Office")
    assert vphone.ui.last_toast() == "Network forgotten"
    networks = data(vphone, SETTINGS)["networks"]
    assert isinstance(networks, list)
    assert [n["name"] for n in networks] == [
        "HomeNet-5G",
        "Cafe Guest",
        "Pixel hotspot",
        "Neighbor_2G",
        "Library Public",
    ]


def test_airplane_bluetooth_and_do_not_disturb_switches(vphone: VirtualPhone) -> None:
    vphone.start_app(SETTINGS)
    tap(vphone, "Network & internet")
    vphone.tap(*center(switch_of(vphone, "Airplane mode")))
    assert setting(vphone, "global/airplane_mode_on") == "1"
    vphone.press_key(BACK)
    tap(vphone, "Connected devices", "Bluetooth")
    assert setting(vphone, "global/bluetooth_on") == "1"
    assert switch_of(vphone, "Bluetooth").get("checked") == "true"
    assert shown(vphone, "Pixel Buds Pro")
    vphone.press_key(BACK)
    tap(vphone, "Sound & vibration")
    tap(vphone, "Do Not Disturb")
    assert setting(vphone, "global/zen_mode") == "1"
    assert shown(vphone, "On")


def test_device_name_dialog_stores_the_name(vphone: VirtualPhone) -> None:
    vphone.start_app(SETTINGS)
    vphone.tap(*center(scroll_to(vphone, "About phone")))
    tap(vphone, "Device name")
    field = find(vphone, "edittext")
    assert field.get("focused") == "true" and field.get("text") == "VirtualPhone"
    assert vphone.clear_text() and vphone.type_text("Pixel 9")
    tap(vphone, "Cancel")
    assert setting(vphone, "global/device_name") == "VirtualPhone"
    tap(vphone, "Device name")
    vphone.clear_text()
    vphone.type_text("Pixel 9")
    tap(vphone, "OK")
    assert setting(vphone, "global/device_name") == "Pixel 9"
    assert shown(vphone, "Pixel 9") and not shown(vphone, "Cancel")
    assert shown(vphone, "Android version") and scroll_to(vphone, "AP4A.250105.002") is not None


def test_screen_timeout_dialog_and_brightness_slider(vphone: VirtualPhone) -> None:
    vphone.start_app(SETTINGS, ".Settings$DisplaySettingsActivity")
    assert shown(vphone, "After 1 minute of inactivity")
    tap(vphone, "Screen timeout")
    radios = [n for n in nodes(vphone) if n.get("class") == "android.widget.RadioButton"]
    assert [r.get("text") for r in radios] == [
        "15 seconds",
        "30 seconds",
        "1 minute",
        "2 minutes",
        "5 minutes",
        "10 minutes",
        "30 minutes",
    ]
    assert [r.get("text") for r in radios if r.get("checked") == "true"] == ["1 minute"]
    tap(vphone, "5 minutes")
    assert setting(vphone, "system/screen_off_timeout") == "300000"
    assert shown(vphone, "After 5 minutes of inactivity") and not shown(vphone, "15 seconds")

    slider = next(n for n in nodes(vphone) if n.get("class") == "android.widget.SeekBar")
    x1, _, x2, _ = bounds(slider)
    vphone.tap(x2 - 1, center(slider)[1])
    assert setting(vphone, "system/screen_brightness") == "255"
    vphone.tap(x1, center(slider)[1])
    assert setting(vphone, "system/screen_brightness") == "0"
    tap(vphone, "Dark theme")
    assert setting(vphone, "secure/ui_night_mode") == "2"


def test_all_apps_list_scrolls_and_opens_app_info(vphone: VirtualPhone) -> None:
    vphone.start_app(SETTINGS, ".Settings$ManageApplicationsActivity")
    assert not shown(vphone, "YouTube Music")
    vphone.tap(*center(scroll_to(vphone, "YouTube Music")))
    assert shown(vphone, "App info") and shown(vphone, "com.google.android.apps.youtube.music")
    apps = data(vphone, SETTINGS)["apps"]
    assert isinstance(apps, list) and len(apps) >= 25
    tap(vphone, "Uninstall", "OK")
    assert shown(vphone, "All apps") and not shown(vphone, "YouTube Music")
    left = data(vphone, SETTINGS)["apps"]
    assert isinstance(left, list) and len(left) == len(apps) - 1


def test_search_lists_matching_settings_and_opens_one(vphone: VirtualPhone) -> None:
    vphone.start_app(SETTINGS)
    tap(vphone, "Search settings")
    field = find(vphone, "search_src_text")
    assert field.get("focused") == "true"
    assert vphone.foreground()[1] == "com.android.settings.search.SearchActivity"
    vphone.type_text("timeout")
    assert [t for t in texts(vphone) if t != "timeout"] == [
        "Search settings",
        "Screen timeout",
        "Display",
    ]
    tap(vphone, "Screen timeout")
    assert find(vphone, "Display") is not None and shown(vphone, "Brightness level")


def adb(serial: str, *args: str) -> str:
    command = [adb_binary(), "-P", os.environ["ANDROID_ADB_SERVER_PORT"], "-s", serial, *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=20, check=True).stdout


def test_settings_through_adb_and_uiautomator2(serial: str) -> None:
    adb(serial, "shell", "am start -n 'com.android.settings/.Settings$SoundSettingsActivity'")
    ui = u2.connect(serial)
    try:
        ui(text="Do Not Disturb").click()
        assert adb(serial, "shell", "settings get global zen_mode") == "1\n"
        adb(serial, "shell", "settings put system screen_off_timeout 30000")
        ui.press("back")
        ui(text="Display").click()
        assert ui(text="After 30 seconds of inactivity").exists
    finally:
        ui.stop_uiautomator(wait=False)
