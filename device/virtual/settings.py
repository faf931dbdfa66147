"""The `settings` provider of the virtual phone: global, secure and system tables.

Apps bind their switches to these keys (the Settings app's Wi-Fi switch is
`global/wifi_on`), so `adb shell settings get global wifi_on` follows the screen
and `settings put` changes it. Keys are AOSP's where Android keeps the value in
this provider; `droidpilot_*` keys stand for values a real phone keeps elsewhere
(the sync manager's master switch, the launcher's themed icons).

Airplane mode acts as on a phone: turning `global/airplane_mode_on` on turns off
the radios named in `global/airplane_mode_radios`, and each radio's setting
records that it was on, with the values Android's Wi-Fi and Bluetooth services
persist (`wifi_on` 3, `bluetooth_on` 2); turning it off turns those radios back on.
This happens whoever writes the setting (the Settings switch or `settings put`).
"""

from __future__ import annotations

NAMESPACES = ("global", "secure", "system")

NOTIFICATION_ASSISTANT = (
    "com.google.android.ext.services/android.ext.services.notification.Assistant"
)
"""`secure/enabled_notification_assistant` while Enhanced notifications is on ("" when off)."""

RADIOS: dict[str, tuple[str, str]] = {"wifi": ("wifi_on", "3"), "bluetooth": ("bluetooth_on", "2")}
"""Radio name in `airplane_mode_radios` -> (its `global` key, the value that key holds
while airplane mode keeps a radio off that was on: WIFI_DISABLED_AIRPLANE_ON,
BLUETOOTH_ON_AIRPLANE)."""

DEFAULTS: dict[str, dict[str, str]] = {
    "global": {
        "wifi_on": "0",
        "bluetooth_on": "0",
        "airplane_mode_on": "0",
        "airplane_mode_radios": "cell,bluetooth,uwb,wifi,wimax",
        "airplane_mode_toggleable_radios": "bluetooth,wifi,nfc",
        "adaptive_battery_management_enabled": "1",
        "zen_mode": "0",
        "low_power": "0",
        "adb_enabled": "1",
        "device_name": "VirtualPhone",
        "auto_time": "1",
        "mobile_data": "1",
        "stay_on_while_plugged_in": "0",
        "development_settings_enabled": "0",
    },
    "secure": {
        "ui_night_mode": "1",
        "android_id": "5d0a1c3f9e2b7a64",
        "default_input_method": "com.android.inputmethod.latin/.LatinIME",
        "enabled_input_methods": "com.android.inputmethod.latin/.LatinIME",
        "location_mode": "3",
        "night_display_activated": "0",
        "double_tap_to_wake": "1",
        "charging_sounds_enabled": "1",
        "notification_badging": "1",
        "show_notification_snooze": "0",
        "enabled_notification_assistant": NOTIFICATION_ASSISTANT,
        "droidpilot_hide_silent_status_icons": "0",
        "droidpilot_themed_icons": "0",
        "droidpilot_auto_sync": "1",
    },
    "system": {
        "screen_brightness": "128",
        "volume_voice": "4",
        "screen_brightness_mode": "0",
        "screen_off_timeout": "60000",
        "font_scale": "1.0",
        "volume_music": "7",
        "volume_ring": "5",
        "volume_alarm": "6",
        "accelerometer_rotation": "1",
        "status_bar_show_battery_percent": "0",
        "sound_effects_enabled": "1",
        "dtmf_tone": "1",
        "lockscreen_sounds_enabled": "1",
        "peak_refresh_rate": "120.0",
    },
}


class Settings:
    """Three string tables; a missing key reads as None (`settings get` prints `null`)."""

    def __init__(self) -> None:
        self._tables = {namespace: dict(values) for namespace, values in DEFAULTS.items()}

    def get(self, namespace: str, key: str) -> str | None:
        return self._table(namespace).get(key)

    def put(self, namespace: str, key: str, value: str) -> None:
        table = self._table(namespace)
        was_on = self.flag("global", "airplane_mode_on")
        table[key] = value
        if (namespace, key) == ("global", "airplane_mode_on"):
            now_on = self.flag("global", "airplane_mode_on")
            if now_on != was_on:
                self._airplane_mode_changed(now_on)

    def delete(self, namespace: str, key: str) -> bool:
        return self._table(namespace).pop(key, None) is not None

    def items(self, namespace: str) -> list[tuple[str, str]]:
        return sorted(self._table(namespace).items())

    def flag(self, namespace: str, key: str) -> bool:
        """A boolean setting as Android stores them: "1" is on, anything else off."""
        return self.get(namespace, key) == "1"

    def _airplane_mode_changed(self, on: bool) -> None:
        """Turn off the radios airplane mode covers, remembering which were on; or turn
        those back on (as Android's WifiSettingsStore and BluetoothManagerService do)."""
        affected = (self.get("global", "airplane_mode_radios") or "").split(",")
        table = self._tables["global"]
        for radio, (key, kept_off) in RADIOS.items():
            if radio not in affected:
                continue
            if on and table.get(key) == "1":
                table[key] = kept_off
            elif not on and table.get(key) == kept_off:
                table[key] = "1"

    def _table(self, namespace: str) -> dict[str, str]:
        if namespace not in self._tables:
            raise KeyError(f"unknown settings namespace {namespace!r}: use one of {NAMESPACES}")
        return self._tables[namespace]
