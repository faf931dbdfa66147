"""Where a topic usually lives one level up in Android's Settings and in apps' menus.

A goal about brightness finds no "Brightness" row on Settings' first page; it is under
Display. The explorer follows these words when nothing on the screen names the goal.
"""

from __future__ import annotations

__all__ = ["RELATED"]

RELATED: dict[str, frozenset[str]] = {
    key: frozenset(values)
    for key, values in {
        "wi-fi": {"network", "internet"},
        "airplane": {"network", "internet"},
        "hotspot": {"network", "internet"},
        "mobile": {"network", "internet"},
        "bluetooth": {"connected", "devices", "pairing"},
        "brightness": {"display"},
        "dark": {"display", "theme"},
        "theme": {"display"},
        "timeout": {"display"},
        "auto-rotate": {"display"},
        "rotate": {"display"},
        "font": {"display"},
        "volume": {"sound"},
        "disturb": {"sound", "notifications"},
        "ringtone": {"sound"},
        "battery": {"power"},
        "saver": {"battery"},
        "location": {"privacy", "security"},
        "permissions": {"apps", "privacy", "security"},
        "auto-connect": {"internet", "network"},
        "uninstall": {"apps", "app", "all"},
        "name": {"about", "connected", "devices"},
        "rename": {"about", "device"},
        "world": {"clock", "cities", "city"},
        "stopwatch": {"stopwatch"},
        "timer": {"timer"},
    }.items()
}
"""Where a topic usually lives one level up (Settings sections, overflow menus)."""
