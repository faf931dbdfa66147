"""Driving the virtual phone's UI as a user would: taps on node centres, keys, text."""

from __future__ import annotations

import pytest

from device.virtual.hierarchy import Node
from device.virtual.settings import Settings
from device.virtual.ui.apps import load_apps
from device.virtual.ui.engine import UiEngine

SETTINGS = "com.android.settings"
LAUNCHER = "com.android.launcher3"
BACK, HOME, ENTER, DEL, APP_SWITCH = 4, 3, 66, 67, 187


@pytest.fixture
def settings() -> Settings:
    return Settings()


@pytest.fixture
def engine(settings: Settings) -> UiEngine:
    return UiEngine(
        load_apps([]), width_px=1080, height_px=2400, density_dpi=420, settings=settings
    )


def nodes(engine: UiEngine) -> list[Node]:
    return [node for window in engine.windows() for node in window.walk()]


def find(engine: UiEngine, text: str) -> Node:
    """The first node showing this text or description (as a grounder would pick)."""
    for node in nodes(engine):
        if text in (node.text, node.content_desc):
            return node
    raise AssertionError(f"{text!r} not on screen: {[n.text for n in nodes(engine) if n.text]}")


def tap(engine: UiEngine, text: str) -> None:
    engine.tap(*find(engine, text).center)


def open_internet(engine: UiEngine) -> None:
    tap(engine, "Settings")
    tap(engine, "Network & internet")
    tap(engine, "Internet")


def wifi_switch(engine: UiEngine) -> Node:
    row = next(n for n in nodes(engine) if any(child.text == "Wi-Fi" for child in n.children))
    return next(child for child in row.children if child.cls == "android.widget.Switch")


def test_boots_to_the_launcher_with_a_settings_icon(engine: UiEngine) -> None:
    assert engine.foreground() == (LAUNCHER, "com.android.launcher3.uioverride.QuickstepLauncher")
    icon = find(engine, "Settings")
    assert icon.resource_id == "com.android.launcher3:id/icon"
    assert icon.clickable and icon.content_desc == "Settings"
    assert icon.cls == "android.widget.TextView"


def test_tapping_the_icon_opens_settings(engine: UiEngine) -> None:
    tap(engine, "Settings")
    assert engine.foreground() == (SETTINGS, "com.android.settings.Settings")
    assert SETTINGS in engine.running()
    assert find(engine, "Network & internet").cls == "android.widget.TextView"


def test_wifi_switch_follows_taps_and_the_settings_store(
    engine: UiEngine, settings: Settings
) -> None:
    open_internet(engine)
    assert engine.foreground() == (SETTINGS, "com.android.settings.SubSettings")
    switch = wifi_switch(engine)
    assert switch.checkable and not switch.checked
    assert find(engine, "To see available networks, turn Wi-Fi on.")
    engine.tap(*switch.center)
    assert settings.get("global", "wifi_on") == "1"
    assert wifi_switch(engine).checked
    assert find(engine, "HomeNet-5G") and find(engine, "Cafe Guest")
    settings.put("global", "wifi_on", "0")
    assert not wifi_switch(engine).checked
    with pytest.raises(AssertionError):
        find(engine, "HomeNet-5G")
    tap(engine, "Wi-Fi")  # the row's title toggles too
    assert settings.get("global", "wifi_on") == "1"


def test_status_bar_and_navigation_bar_nodes(engine: UiEngine, settings: Settings) -> None:
    windows = engine.windows()
    assert [w.package for w in windows] == [
        LAUNCHER,
        "com.android.systemui",
        "com.android.systemui",
    ]
    descriptions = {n.content_desc for n in windows[1].walk()}
    assert "Battery 100 percent." in descriptions and "Wifi signal full." not in descriptions
    settings.put("global", "wifi_on", "1")
    assert "Wifi signal full." in {n.content_desc for n in engine.windows()[1].walk()}
    nav = {n.content_desc: n.resource_id for n in engine.windows()[2].walk() if n.content_desc}
    assert nav == {
        "Back": "com.android.systemui:id/back",
        "Home": "com.android.systemui:id/home",
        "Overview": "com.android.systemui:id/recent_apps",
    }


def test_dark_theme_switch_is_bound_to_ui_night_mode(engine: UiEngine, settings: Settings) -> None:
    tap(engine, "Settings")
    engine.swipe(540, 1800, 540, 900, 300)
    tap(engine, "Display")
    tap(engine, "Dark theme")
    assert settings.get("secure", "ui_night_mode") == "2"
    tap(engine, "Dark theme")
    assert settings.get("secure", "ui_night_mode") == "1"


def test_back_pops_screens_then_goes_home(engine: UiEngine) -> None:
    open_internet(engine)
    engine.key(BACK)
    assert find(engine, "Airplane mode")
    tap(engine, "Navigate up")
    assert find(engine, "Search settings")
    engine.key(BACK)
    assert engine.foreground()[0] == LAUNCHER
    assert SETTINGS in engine.running()


def test_relaunch_shows_the_current_screen_and_stop_resets(engine: UiEngine) -> None:
    open_internet(engine)
    engine.key(HOME)
    assert engine.foreground()[0] == LAUNCHER
    assert engine.launch(SETTINGS)
    assert find(engine, "Wi-Fi")
    engine.stop(SETTINGS)
    assert engine.foreground()[0] == LAUNCHER
    assert SETTINGS not in engine.running()
    assert engine.launch(SETTINGS, ".Settings")
    assert find(engine, "Search settings")


@pytest.mark.parametrize(
    "activity",
    [None, ".Settings", "com.android.settings.Settings", "com.android.settings/.Settings"],
)
def test_launch_accepts_short_and_full_activity_names(
    engine: UiEngine, activity: str | None
) -> None:
    assert engine.launch(SETTINGS, activity)
    assert engine.foreground() == (SETTINGS, "com.android.settings.Settings")


def test_launch_refuses_unknown_apps_and_activities(engine: UiEngine) -> None:
    assert not engine.launch("com.example.missing")
    assert not engine.launch(SETTINGS, ".NoSuchActivity")
    assert engine.foreground()[0] == LAUNCHER


def test_deep_link_activity_opens_its_screen(engine: UiEngine) -> None:
    assert engine.launch(SETTINGS, ".Settings$WifiSettingsActivity")
    assert find(engine, "Wi-Fi")
    engine.key(BACK)
    assert find(engine, "Search settings")


def test_overview_lists_running_apps(engine: UiEngine) -> None:
    engine.launch(SETTINGS)
    engine.key(APP_SWITCH)
    assert engine.foreground()[0] == LAUNCHER
    tap(engine, "Settings")
    assert engine.foreground()[0] == SETTINGS


def test_navigation_bar_buttons_act_like_keys(engine: UiEngine) -> None:
    open_internet(engine)
    tap(engine, "Back")
    assert find(engine, "Airplane mode")
    tap(engine, "Home")
    assert engine.foreground()[0] == LAUNCHER


def search_field(engine: UiEngine) -> Node:
    return next(n for n in nodes(engine) if n.cls == "android.widget.EditText")


def test_search_field_takes_typed_text(engine: UiEngine) -> None:
    tap(engine, "Settings")
    field = search_field(engine)
    assert field.resource_id == "com.android.settings:id/search_src_text"
    assert field.hint == "Search settings" and not field.focused
    assert not engine.type_text("x")
    engine.tap(*field.center)
    assert search_field(engine).focused
    assert engine.type_text("wifi")
    engine.key(DEL)
    assert search_field(engine).text == "wif"
    assert engine.clear_text()
    assert search_field(engine).text == "Search settings"  # an empty EditText shows its hint
    engine.key(BACK)
    assert not search_field(engine).focused
    assert not engine.type_text("x")


def test_set_text_focuses_the_field_by_key(engine: UiEngine) -> None:
    tap(engine, "Settings")
    key = search_field(engine).key
    assert engine.set_text(key, "Grüße 你好")
    field = search_field(engine)
    assert field.text == "Grüße 你好" and field.focused
    assert not engine.set_text("com.android.settings/main/nothing", "x")


def test_key_events_type_letters(engine: UiEngine) -> None:
    tap(engine, "Settings")
    engine.tap(*search_field(engine).center)
    for keycode in (36, 33, 40, 40, 43, 62, 16):  # h e l l o space 9
        engine.key(keycode)
    assert search_field(engine).text == "hello 9"


def test_swipe_scrolls_the_settings_list(engine: UiEngine) -> None:
    tap(engine, "Settings")
    with pytest.raises(AssertionError):
        find(engine, "About phone")
    top_before = find(engine, "Network & internet").bounds[1]
    recycler = next(n for n in nodes(engine) if n.scrollable)
    assert recycler.cls == "androidx.recyclerview.widget.RecyclerView"
    engine.swipe(540, 1800, 540, 1500, 300)
    assert find(engine, "Network & internet").bounds[1] == top_before - 300
    engine.swipe(540, 2000, 540, 200, 300)
    engine.swipe(540, 2000, 540, 200, 300)
    about = find(engine, "About phone")
    assert about.bounds[3] <= recycler.bounds[3]
    engine.swipe(540, 300, 540, 2100, 300)
    engine.swipe(540, 300, 540, 2100, 300)
    assert find(engine, "Network & internet").bounds[1] == top_before
