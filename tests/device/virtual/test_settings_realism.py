"""Settings behaves as Android's does: its switches live in the settings provider under
AOSP's keys (so they survive a force-stop and answer `settings get/put`), airplane mode
turns the radios off and gives back those that were on, and summaries say what the
state is. Driven as a user of adb would: shell commands and the uiautomator dump."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from device.virtual import PhoneConfig, VirtualPhone
from device.virtual.commands import registry
from device.virtual.shell import Shell
from device.virtual.ui.apps import load_app
from device.virtual.ui.errors import AppSpecError
from tests.device.virtual.test_app_settings import (
    BACK,
    SETTINGS,
    adb,
    data,
    find,
    nodes,
    scroll_to,
    shown,
    tap,
)


@pytest.fixture
def vphone() -> VirtualPhone:
    return VirtualPhone(PhoneConfig())


def sh(phone: VirtualPhone, line: str) -> str:
    """What `adb shell <line>` prints (the phone's own shell, in process)."""
    out, err = bytearray(), bytearray()
    status = Shell(phone, registry(), out=out.extend, err=err.extend).run(line)
    assert status == 0, err.decode()
    return out.decode().strip()


def checked(phone: VirtualPhone, title: str) -> bool:
    """Whether the switch in the row titled `title` is on."""
    switch = next(n for n in row_of(phone, title) if n.get("class") == "android.widget.Switch")
    return switch.get("checked") == "true"


def row_of(phone: VirtualPhone, title: str) -> list[ET.Element]:
    """The nodes of the row whose title is `title`."""
    for row in nodes(phone):
        inside = list(row.iter("node"))
        if (
            any(
                n.get("resource-id") == "android:id/title" and n.get("text") == title
                for n in inside[1:]
            )
            and len(inside) < 8
        ):
            return inside
    raise AssertionError(f"no row titled {title!r}")


def summary_of(phone: VirtualPhone, title: str) -> str:
    """The summary line of the row titled `title`."""
    return next(
        (
            n.get("text", "")
            for n in row_of(phone, title)
            if n.get("resource-id") == "android:id/summary"
        ),
        "",
    )


# -- switches are settings ---------------------------------------------------------------

SWITCHES = [
    # (screen activity, row title, namespace key, on value, off value, default on)
    ("DisplaySettingsActivity", "Night Light", "secure night_display_activated", "1", "0"),
    ("DisplaySettingsActivity", "Tap to wake", "secure double_tap_to_wake", "1", "0"),
    ("DisplaySettingsActivity", "Smooth Display", "system peak_refresh_rate", "120.0", "60.0"),
    (
        "PowerUsageSummaryActivity",
        "Battery percentage",
        "system status_bar_show_battery_percent",
        "1",
        "0",
    ),
    (
        "PowerUsageSummaryActivity",
        "Adaptive Battery",
        "global adaptive_battery_management_enabled",
        "1",
        "0",
    ),
    ("SoundSettingsActivity", "Touch sounds", "system sound_effects_enabled", "1", "0"),
    ("SoundSettingsActivity", "Dial pad tones", "system dtmf_tone", "1", "0"),
    (
        "SoundSettingsActivity",
        "Screen locking sound",
        "system lockscreen_sounds_enabled",
        "1",
        "0",
    ),
    (
        "SoundSettingsActivity",
        "Charging sounds and vibration",
        "secure charging_sounds_enabled",
        "1",
        "0",
    ),
    (
        "ConfigureNotificationSettingsActivity",
        "Notification dot on app icon",
        "secure notification_badging",
        "1",
        "0",
    ),
    (
        "ConfigureNotificationSettingsActivity",
        "Allow notification snoozing",
        "secure show_notification_snooze",
        "1",
        "0",
    ),
    (
        "ConfigureNotificationSettingsActivity",
        "Hide silent notifications in status bar",
        "secure droidpilot_hide_silent_status_icons",
        "1",
        "0",
    ),
]


@pytest.mark.parametrize(("activity", "title", "key", "on", "off"), SWITCHES)
def test_switch_is_stored_in_the_settings_provider(
    vphone: VirtualPhone, activity: str, title: str, key: str, on: str, off: str
) -> None:
    vphone.start_app(SETTINGS, f".Settings${activity}")
    scroll_to(vphone, title)
    before = sh(vphone, f"settings get {key}")
    assert before in (on, off)
    assert checked(vphone, title) == (before == on)
    tap(vphone, title)
    after = sh(vphone, f"settings get {key}")
    assert after == (off if before == on else on)
    # a force-stop resets UI state only: the switch comes back as the provider says
    sh(vphone, f"am force-stop {SETTINGS}")
    vphone.start_app(SETTINGS, f".Settings${activity}")
    scroll_to(vphone, title)
    assert checked(vphone, title) == (after == on)
    # and a `settings put` from the shell shows on the open screen
    sh(vphone, f"settings put {key} {before}")
    assert checked(vphone, title) == (before == on)


def test_night_light_summary_follows_the_setting(vphone: VirtualPhone) -> None:
    vphone.start_app(SETTINGS, ".Settings$DisplaySettingsActivity")
    scroll_to(vphone, "Night Light")
    assert shown(vphone, "Off / Will never turn on automatically")
    sh(vphone, "settings put secure night_display_activated 1")
    assert checked(vphone, "Night Light")
    assert shown(vphone, "On / Will never turn off automatically")
    assert not shown(vphone, "Off / Will never turn on automatically")


def test_dark_theme_summary_follows_the_setting(vphone: VirtualPhone) -> None:
    vphone.start_app(SETTINGS, ".Settings$DisplaySettingsActivity")
    scroll_to(vphone, "Dark theme")
    assert shown(vphone, "Will never turn on automatically")
    tap(vphone, "Dark theme")
    assert sh(vphone, "settings get secure ui_night_mode") == "2"
    assert shown(vphone, "Will never turn off automatically")


def test_enhanced_notifications_names_the_assistant(vphone: VirtualPhone) -> None:
    vphone.start_app(SETTINGS, ".Settings$ConfigureNotificationSettingsActivity")
    scroll_to(vphone, "Enhanced notifications")
    assert checked(vphone, "Enhanced notifications")
    assert sh(vphone, "settings get secure enabled_notification_assistant").endswith(
        "/android.ext.services.notification.Assistant"
    )
    tap(vphone, "Enhanced notifications")
    assert sh(vphone, "settings get secure enabled_notification_assistant") == ""
    assert not checked(vphone, "Enhanced notifications")


def status_bar_percent(phone: VirtualPhone) -> str | None:
    """The status bar's battery percentage (every window, as uiautomator2 dumps them)."""
    for node in ET.fromstring(phone.hierarchy_xml(form="u2")).iter("node"):
        if node.get("resource-id") == "com.android.systemui:id/battery_percentage_view":
            return node.get("text")
    return None


def test_battery_percentage_shows_in_the_status_bar(vphone: VirtualPhone) -> None:
    vphone.start_app(SETTINGS, ".Settings$PowerUsageSummaryActivity")
    assert status_bar_percent(vphone) is None
    tap(vphone, "Battery percentage")
    assert sh(vphone, "settings get system status_bar_show_battery_percent") == "1"
    assert status_bar_percent(vphone) == "100%"
    sh(vphone, "settings put system status_bar_show_battery_percent 0")
    assert status_bar_percent(vphone) is None


def test_bluetooth_device_options_are_kept_per_device(vphone: VirtualPhone) -> None:
    vphone.start_app(SETTINGS, ".Settings$ConnectedDeviceDashboardActivity")
    tap(vphone, "Pixel Buds Pro", "HD audio")
    sh(vphone, f"am force-stop {SETTINGS}")
    devices = data(vphone, SETTINGS)["paired_devices"]
    assert isinstance(devices, list)
    by_name = {device["name"]: device for device in devices}
    assert by_name["Pixel Buds Pro"]["hd_audio"] == "0"
    assert by_name["Car Audio"]["hd_audio"] == "1"
    vphone.start_app(SETTINGS, ".Settings$ConnectedDeviceDashboardActivity")
    tap(vphone, "Car Audio")
    assert find(vphone, "HD audio") is not None
    box = next(n for n in row_of(vphone, "HD audio") if n.get("checkable") == "true")
    assert box.get("checked") == "true"


# -- airplane mode -----------------------------------------------------------------------


def test_airplane_mode_turns_radios_off_and_restores_those_that_were_on(
    vphone: VirtualPhone,
) -> None:
    sh(vphone, "settings put global wifi_on 1")
    assert sh(vphone, "settings get global bluetooth_on") == "0"
    vphone.start_app(SETTINGS, ".Settings$NetworkDashboardActivity")
    tap(vphone, "Airplane mode")
    assert sh(vphone, "settings get global airplane_mode_on") == "1"
    # Wi-Fi was on: WIFI_DISABLED_AIRPLANE_ON; Bluetooth was off and stays off
    assert sh(vphone, "settings get global wifi_on") == "3"
    assert sh(vphone, "settings get global bluetooth_on") == "0"
    assert "DOWN" in sh(vphone, "ip addr show wlan0")
    assert shown(vphone, "Airplane mode is on") and not shown(vphone, "HomeNet-5G")
    tap(vphone, "Internet")
    assert not checked(vphone, "Wi-Fi") and shown(
        vphone, "To see available networks, turn Wi-Fi on."
    )
    vphone.press_key(BACK)
    tap(vphone, "Airplane mode")
    assert sh(vphone, "settings get global wifi_on") == "1"
    assert sh(vphone, "settings get global bluetooth_on") == "0"
    assert summary_of(vphone, "Internet") == "HomeNet-5G"


def test_airplane_mode_from_the_shell_keeps_bluetooth_state(vphone: VirtualPhone) -> None:
    sh(vphone, "settings put global bluetooth_on 1")
    sh(vphone, "settings put global airplane_mode_on 1")
    assert sh(vphone, "settings get global bluetooth_on") == "2"  # BLUETOOTH_ON_AIRPLANE
    vphone.start_app(SETTINGS, ".Settings$ConnectedDeviceDashboardActivity")
    assert not checked(vphone, "Bluetooth") and summary_of(vphone, "Bluetooth") == "Off"
    sh(vphone, "settings put global airplane_mode_on 1")  # no change: nothing moves
    assert sh(vphone, "settings get global bluetooth_on") == "2"
    sh(vphone, "settings put global airplane_mode_on 0")
    assert sh(vphone, "settings get global bluetooth_on") == "1"
    assert checked(vphone, "Bluetooth") and summary_of(vphone, "Bluetooth") == "Not connected"


def test_radio_turned_on_in_airplane_mode_stays_on_after_it(vphone: VirtualPhone) -> None:
    sh(vphone, "settings put global airplane_mode_on 1")
    vphone.start_app(SETTINGS, ".Settings$WifiSettingsActivity")
    tap(vphone, "Wi-Fi")
    assert sh(vphone, "settings get global wifi_on") == "1"
    sh(vphone, "settings put global airplane_mode_on 0")
    assert sh(vphone, "settings get global wifi_on") == "1" and checked(vphone, "Wi-Fi")


def test_airplane_mode_spares_radios_not_in_airplane_mode_radios(vphone: VirtualPhone) -> None:
    sh(vphone, "settings put global airplane_mode_radios cell,wifi")
    sh(vphone, "settings put global bluetooth_on 1")
    sh(vphone, "settings put global wifi_on 1")
    sh(vphone, "settings put global airplane_mode_on 1")
    assert sh(vphone, "settings get global bluetooth_on") == "1"
    assert sh(vphone, "settings get global wifi_on") == "3"


def test_airplane_mode_through_adb(serial: str) -> None:
    adb(serial, "shell", "settings put global wifi_on 1; settings put global bluetooth_on 1")
    adb(serial, "shell", "am start -n 'com.android.settings/.Settings$NetworkDashboardActivity'")
    dump = adb(serial, "exec-out", "uiautomator dump /dev/tty")
    assert "HomeNet-5G" in dump
    adb(serial, "shell", "settings put global airplane_mode_on 1")
    assert adb(serial, "shell", "settings get global wifi_on") == "3\n"
    assert adb(serial, "shell", "settings get global bluetooth_on") == "2\n"
    dump = adb(serial, "exec-out", "uiautomator dump /dev/tty")
    assert "Airplane mode is on" in dump and "HomeNet-5G" not in dump
    adb(serial, "shell", "settings put global airplane_mode_on 0")
    assert adb(serial, "shell", "settings get global wifi_on") == "1\n"
    assert adb(serial, "shell", "settings get global bluetooth_on") == "1\n"


# -- summaries ---------------------------------------------------------------------------


def test_location_summary_follows_location_mode(vphone: VirtualPhone) -> None:
    vphone.start_app(SETTINGS)
    scroll_to(vphone, "Location")
    assert summary_of(vphone, "Location") == "On - 3 apps have access to location"
    sh(vphone, "settings put secure location_mode 0")
    assert summary_of(vphone, "Location") == "Off"
    tap(vphone, "Location")
    assert not checked(vphone, "Use location")
    tap(vphone, "Use location")
    assert sh(vphone, "settings get secure location_mode") == "3"
    vphone.press_key(BACK)
    scroll_to(vphone, "Location")
    assert summary_of(vphone, "Location") == "On - 3 apps have access to location"


def test_internet_summary_follows_wifi_and_airplane_mode(vphone: VirtualPhone) -> None:
    vphone.start_app(SETTINGS, ".Settings$NetworkDashboardActivity")
    assert summary_of(vphone, "Internet") == "T-Mobile"
    sh(vphone, "settings put global wifi_on 1")
    assert summary_of(vphone, "Internet") == "HomeNet-5G"
    sh(vphone, "settings put global airplane_mode_on 1")
    assert summary_of(vphone, "Internet") == "Airplane mode is on"


def test_saved_networks_count_follows_forgetting(vphone: VirtualPhone) -> None:
    sh(vphone, "settings put global wifi_on 1")
    vphone.start_app(SETTINGS, ".Settings$WifiSettingsActivity")
    assert summary_of(vphone, "Saved networks") == "2 networks"
    tap(vphone, "Cafe Guest", "Forget")  # not a saved network: the count stays
    assert summary_of(vphone, "Saved networks") == "2 networks"
    tap(vphone, "Office", "Forget")
    assert summary_of(vphone, "Saved networks") == "1 network"
    tap(vphone, "HomeNet-5G", "Forget")
    assert not shown(vphone, "Saved networks")
    assert data(vphone, SETTINGS)["saved_networks"] == "0"


def test_bluetooth_and_pairing_summaries_follow_bluetooth(vphone: VirtualPhone) -> None:
    vphone.start_app(SETTINGS, ".Settings$ConnectedDeviceDashboardActivity")
    assert summary_of(vphone, "Bluetooth") == "Off"
    assert summary_of(vphone, "Pair new device") == "Bluetooth will turn on to pair"
    tap(vphone, "Bluetooth")
    assert sh(vphone, "settings get global bluetooth_on") == "1"
    assert summary_of(vphone, "Bluetooth") == "Not connected"
    assert not shown(vphone, "Bluetooth will turn on to pair")


def test_a_list_of_conditions_must_all_hold_and_names_a_bad_one(tmp_path: Path) -> None:
    spec = json.loads(Path("device/virtual/apps/settings.json").read_text())
    row = spec["screens"]["network"]["widgets"][1]
    assert isinstance(row["visible_if"], list)
    row["visible_if"][1]["setting"] = "nope/airplane_mode_on"
    bad = tmp_path / "settings.json"
    bad.write_text(json.dumps(spec))
    with pytest.raises(AppSpecError, match=r"^settings\.json: screens\.network\.widgets\[1\]"):
        load_app(bad)
    with pytest.raises(AppSpecError, match=r"\.visible_if\[1\]\.setting: Value error, setting"):
        load_app(bad)


def _most_common_colour(vphone: VirtualPhone) -> tuple[int, int, int]:
    colours = vphone.screenshot().getcolors(maxcolors=1 << 24) or []
    return max(colours)[1]  # type: ignore[no-any-return]


def test_a_seed_colour_recolours_every_app_as_dynamic_colour_does(vphone: VirtualPhone) -> None:
    vphone.start_app(SETTINGS)
    default = _most_common_colour(vphone)
    palette = '{"android.theme.customization.system_palette":"FFB3261E"}'
    sh(vphone, f"settings put secure theme_customization_overlay_packages '{palette}'")
    red, green, blue = _most_common_colour(vphone)
    assert (red, green, blue) != default
    assert red > blue, "a red seed tints the surface red, as Material You's neutrals do"
    sh(vphone, "settings put secure ui_night_mode 2")
    assert max(_most_common_colour(vphone)) < 64, "the dark scheme of the same seed"
    sh(vphone, "settings put secure theme_customization_overlay_packages 'not json'")
    sh(vphone, "settings put secure ui_night_mode 1")
    assert _most_common_colour(vphone) == default, "an unreadable palette is the default"
