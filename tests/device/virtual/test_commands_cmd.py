"""`cmd package query-activities|resolve-activity`, as a phone's package shell prints them."""

from __future__ import annotations

import pytest

from device.adb import LAUNCHER_QUERY, parse_launcher_activities
from device.virtual import PhoneConfig, VirtualPhone
from device.virtual.commands import registry
from device.virtual.shell import Shell


@pytest.fixture(scope="module")
def phone() -> VirtualPhone:
    return VirtualPhone(PhoneConfig())


def run(phone: VirtualPhone, line: str) -> tuple[str, str, int]:
    out, err = bytearray(), bytearray()
    status = Shell(phone, registry(), out=out.extend, err=err.extend).run(line)
    return out.decode(), err.decode(), status


def test_launcher_query_lists_every_app_with_an_icon_but_not_the_home_app(
    phone: VirtualPhone,
) -> None:
    out, err, status = run(phone, LAUNCHER_QUERY)
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "7 activities found:"
    assert lines[1:4] == [
        "  Activity #0:",
        "    priority=0 preferredOrder=0 match=0x108000 specificIndex=-1 isDefault=false",
        "    com.android.settings/.Settings",
    ]
    assert "    com.google.android.deskclock/com.android.deskclock.DeskClock" in lines
    assert not any("launcher3" in line for line in lines)


def test_components_prints_one_component_a_line(phone: VirtualPhone) -> None:
    out, _, _ = run(
        phone,
        "cmd package query-activities --components -a android.intent.action.MAIN"
        " -c android.intent.category.LAUNCHER",
    )
    assert out.splitlines()[:2] == [
        "com.android.settings/.Settings",
        "com.google.android.apps.messaging/.ui.ConversationListActivity",
    ]
    assert len(out.splitlines()) == 7


def test_the_launcher_query_parses_into_the_installed_apps(phone: VirtualPhone) -> None:
    apps = parse_launcher_activities(run(phone, LAUNCHER_QUERY)[0])
    packages = {app.package for app in apps}
    assert packages == set(phone.packages()) - {"com.android.launcher3"}
    for app in apps:
        assert phone.app_info(app.package) is not None
        assert app.activity == phone.app_info(app.package).activity  # type: ignore[union-attr]


def test_home_query_finds_the_launcher(phone: VirtualPhone) -> None:
    out, _, _ = run(
        phone,
        "cmd package query-activities --brief -a android.intent.action.MAIN"
        " -c android.intent.category.HOME",
    )
    assert out.splitlines()[0] == "1 activities found:"
    assert "isDefault=true" in out and "com.android.launcher3/" in out


def test_resolve_activity_for_a_package_names_its_launch_activity(phone: VirtualPhone) -> None:
    out, _, status = run(
        phone,
        "cmd package resolve-activity --brief -c android.intent.category.LAUNCHER"
        " com.google.android.keep",
    )
    assert status == 0
    assert out.splitlines()[-1] == "com.google.android.keep/.activities.BrowseActivity"


def test_an_intent_nothing_takes_finds_nothing(phone: VirtualPhone) -> None:
    out, _, status = run(
        phone, "cmd package query-activities --brief -a android.intent.action.VIEW"
    )
    assert (out, status) == ("No activities found\n", 0)
    out, _, _ = run(phone, "cmd package resolve-activity --brief com.example.none")
    assert out == "No activity found\n"


def test_bad_option_and_unknown_service_say_what_is_wrong(phone: VirtualPhone) -> None:
    _, err, status = run(phone, "cmd package query-activities --bogus")
    assert status == 255 and "Unknown option: --bogus" in err
    _, err, status = run(phone, "cmd wallpaper get")
    assert status != 0 and "'wallpaper'" in err


def test_other_package_verbs_are_pms(phone: VirtualPhone) -> None:
    out, _, status = run(phone, "cmd package list packages com.google.android.keep")
    assert (out, status) == ("package:com.google.android.keep\n", 0)
