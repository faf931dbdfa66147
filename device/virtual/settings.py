"""The `settings` provider of the virtual phone: global, secure and system tables.

Apps bind their switches to these keys (the Settings app's Wi-Fi switch is
`global/wifi_on`), so `adb shell settings get global wifi_on` follows the screen
and `settings put` changes it.
"""

from __future__ import annotations

NAMESPACES = ("global", "secure", "system")

DEFAULTS: dict[str, dict[str, str]] = {
    "global": {
        "wifi_on": "0",
        "bluetooth_on": "0",
        "airplane_mode_on": "0",
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
    },
}


class Settings:
    """Three string tables; a missing key reads as None (`settings get` prints `null`)."""

    def __init__(self) -> None:
        self._tables = {namespace: dict(values) for namespace, values in DEFAULTS.items()}

    def get(self, namespace: str, key: str) -> str | None:
        return self._table(namespace).get(key)

    def put(self, namespace: str, key: str, value: str) -> None:
        self._table(namespace)[key] = value

    def delete(self, namespace: str, key: str) -> bool:
        return self._table(namespace).pop(key, None) is not None

    def items(self, namespace: str) -> list[tuple[str, str]]:
        return sorted(self._table(namespace).items())

    def flag(self, namespace: str, key: str) -> bool:
        """A boolean setting as Android stores them: "1" is on, anything else off."""
        return self.get(namespace, key) == "1"

    def _table(self, namespace: str) -> dict[str, str]:
        if namespace not in self._tables:
            raise KeyError(f"unknown settings namespace {namespace!r}: use one of {NAMESPACES}")
        return self._tables[namespace]
