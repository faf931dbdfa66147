"""ground() on hand-written dumps of real apps: Android 14 Settings, Gmail (Compose), a
permission dialog. No virtual phone: the hierarchy is all there is."""

from __future__ import annotations

import aci
from grounding import Grounded, ground
from tests.grounding.screens import real

SETTINGS = real("settings_internet_android14.xml")
GMAIL = real("gmail_inbox_compose.xml")
DIALOG = real("permission_dialog_android14.xml")


def _run(screen: aci.Screen, line: str) -> Grounded:
    return ground(aci.parse_action(line), screen)


def _chosen(screen: aci.Screen, line: str) -> aci.Element:
    grounded = _run(screen, line)
    assert grounded.found, grounded.reason
    assert grounded.element is not None
    return grounded.element


def _tapped(grounded: Grounded) -> aci.Point:
    assert isinstance(grounded.command, aci.TapCommand), grounded
    return aci.Point(x=grounded.command.x, y=grounded.command.y)


def test_wifi_row_and_its_switch() -> None:
    row = _run(SETTINGS, 'tap "Wi-Fi"')  # the label is spelled with a non-breaking hyphen
    assert row.confidence >= 0.9 and row.element is not None and row.element.clickable
    switch = _run(SETTINGS, "tap the Wi-Fi switch")
    assert switch.element is not None and switch.element.role is aci.Role.SWITCH
    assert switch.element.checked and switch.element.contains(_tapped(switch))
    mobile = _chosen(SETTINGS, "tap the mobile data toggle")
    assert mobile.role is aci.Role.SWITCH and mobile.bounds[1] > 2000


def test_toolbar_icons_by_what_people_call_them() -> None:
    assert _chosen(SETTINGS, "tap the back arrow").desc == "Navigate up"
    assert _chosen(SETTINGS, "tap the three-dot menu").desc == "More options"
    assert _chosen(SETTINGS, "tap the overflow menu").desc == "More options"
    assert _chosen(SETTINGS, "tap the search icon").desc == "Search settings"
    assert _chosen(GMAIL, "tap the hamburger menu").desc == "Open navigation drawer"
    assert _chosen(GMAIL, "tap the avatar").desc == "Account and settings."
    assert _chosen(GMAIL, "tap the profile picture at the top right").desc.startswith("Account")


def test_a_rows_own_button_by_relation() -> None:
    gear = _run(SETTINGS, 'tap the gear next to "HomeNet"')
    assert gear.element is not None and gear.element.desc == "Settings"
    assert gear.element.contains(_tapped(gear))
    assert _chosen(SETTINGS, "tap the settings icon for HomeNet") == gear.element
    star = _run(GMAIL, 'tap the star next to "Mom"')
    assert star.element is not None and star.element.desc == "Not starred"
    mom_row = _chosen(GMAIL, 'tap "Mom"')
    assert mom_row.contains(star.element.center) and star.confidence >= 0.9


def test_unicode_and_accents() -> None:
    assert _chosen(SETTINGS, 'tap "Cafe Zoe 5G"').text == "Café Zoë 5G"
    assert _chosen(GMAIL, 'tap "Zoe Muller"').text == "Zoë Müller"


def test_text_inside_a_row_taps_the_row() -> None:
    grounded = _run(GMAIL, 'tap "Lunch on Friday?"')
    assert grounded.element is not None and grounded.element.text == "Zoë Müller"
    assert grounded.element.clickable and "clickable" in grounded.reason


def test_ordinals_count_emails_not_the_floating_button() -> None:
    assert _chosen(GMAIL, "tap the second email").text == "GitHub"
    assert _chosen(GMAIL, "tap the last email").text == "LinkedIn"
    press = _run(GMAIL, "long press the first email")
    assert isinstance(press.command, aci.LongPressCommand)
    assert press.element is not None and press.element.text == "Zoë Müller"


def test_compose_button_and_plus_icon() -> None:
    assert _chosen(GMAIL, "tap the compose button").text == "Compose"
    assert _chosen(GMAIL, "tap the plus button").text == "Compose"


def test_disabled_row_is_found_and_said_to_be_disabled() -> None:
    grounded = _run(SETTINGS, 'tap "Non-carrier data usage"')
    assert grounded.found and "disabled" in grounded.reason


def test_scroll_uses_the_compose_list() -> None:
    grounded = _run(GMAIL, "scroll down")
    assert isinstance(grounded.command, aci.SwipeCommand)
    assert grounded.element is not None and grounded.element.bounds == (0, 441, 1080, 2079)


def test_allow_and_dont_allow_never_swap() -> None:
    allow = _run(DIALOG, 'tap "Allow"')
    assert allow.element is not None and allow.element.text == "Allow"
    assert allow.confidence >= 0.9
    deny = _run(DIALOG, 'tap "Don\'t allow"')
    assert deny.element is not None and deny.element.text == "Don\u2019t allow"
    assert all(c.score < 0.2 for c in deny.candidates if c.element.text == "Allow")
    assert _chosen(DIALOG, "tap the allow button").text == "Allow"


def test_hidden_and_absent_targets_are_not_found() -> None:
    assert not _run(GMAIL, 'tap "Swipe to archive"').found
    missing = _run(SETTINGS, 'tap "Bluetooth"')
    assert not missing.found and missing.command is None and missing.confidence == 0.0


def test_ambiguous_targets_are_less_sure() -> None:
    # Six rows have one; the last lies under the floating Compose button: five to tap.
    star = _run(GMAIL, "tap the star icon")
    assert star.found and star.confidence < 0.9
    assert len(star.candidates) == 4 and "almost as well" in star.reason
    assert all(c.element.bounds[1] < 1890 for c in star.candidates)
