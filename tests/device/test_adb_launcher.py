"""Reading the launcher's apps from `cmd package query-activities`, as real phones print it."""

from __future__ import annotations

from device.adb import LauncherApp, parse_launcher_activities

PIXEL_ANDROID_14_BRIEF = """\
5 activities found:
  Activity #0:
    priority=0 preferredOrder=0 match=0x108000 specificIndex=-1 isDefault=false
    com.google.android.dialer/.extensions.GoogleDialtactsActivity
  Activity #1:
    priority=0 preferredOrder=0 match=0x108000 specificIndex=-1 isDefault=false
    com.google.android.deskclock/com.android.deskclock.DeskClock
  Activity #2:
    priority=0 preferredOrder=0 match=0x108000 specificIndex=-1 isDefault=true
    com.android.settings/.Settings
  Activity #3:
    priority=0 preferredOrder=0 match=0x108000 specificIndex=-1 isDefault=false
    com.google.android.GoogleCamera/com.android.camera.CameraLauncher
  Activity #4:
    priority=0 preferredOrder=0 match=0x108000 specificIndex=-1 isDefault=false
    com.google.android.apps.maps/com.google.android.maps.MapsActivity
"""

SAMSUNG_ANDROID_14_COMPONENTS = """\
com.sec.android.app.clockpackage/.ClockPackage\r
com.samsung.android.dialer/.DialtactsActivity\r
com.sec.android.app.popupcalculator/.Calculator\r
"""


def test_brief_output_gives_each_component_with_its_full_class() -> None:
    assert parse_launcher_activities(PIXEL_ANDROID_14_BRIEF) == [
        LauncherApp(
            "com.google.android.dialer",
            "com.google.android.dialer.extensions.GoogleDialtactsActivity",
        ),
        LauncherApp("com.google.android.deskclock", "com.android.deskclock.DeskClock"),
        LauncherApp("com.android.settings", "com.android.settings.Settings"),
        LauncherApp("com.google.android.GoogleCamera", "com.android.camera.CameraLauncher"),
        LauncherApp("com.google.android.apps.maps", "com.google.android.maps.MapsActivity"),
    ]


def test_components_output_with_carriage_returns_is_read_line_by_line() -> None:
    apps = parse_launcher_activities(SAMSUNG_ANDROID_14_COMPONENTS)
    assert [(app.package, app.activity) for app in apps] == [
        ("com.sec.android.app.clockpackage", "com.sec.android.app.clockpackage.ClockPackage"),
        ("com.samsung.android.dialer", "com.samsung.android.dialer.DialtactsActivity"),
        ("com.sec.android.app.popupcalculator", "com.sec.android.app.popupcalculator.Calculator"),
    ]


def test_no_activities_and_noise_give_nothing() -> None:
    assert parse_launcher_activities("No activities found\n") == []
    assert parse_launcher_activities("Unknown command: query-activities\n") == []
    assert parse_launcher_activities("") == []


def test_a_component_listed_twice_counts_once() -> None:
    twice = "com.android.settings/.Settings\ncom.android.settings/com.android.settings.Settings\n"
    assert parse_launcher_activities(twice) == [
        LauncherApp("com.android.settings", "com.android.settings.Settings")
    ]
