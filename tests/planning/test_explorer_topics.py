"""Topic words lead to the right place: the tab named for the goal's topic before another
kind's "Add" button, and rotation goals to Settings."""

from __future__ import annotations

import aci
from planning.explorer import ExplorerPlanner
from planning.explorer.apps import apps_for
from tests.planning.screens import element

CLOCK = aci.Screen(
    width=1080,
    height=2400,
    package="com.google.android.deskclock",
    elements=(
        element((800, 1900, 1000, 2100), desc="Add alarm", role=aci.Role.BUTTON, clickable=True),
        element((0, 2200, 270, 2340), text="Alarm", clickable=True, selected=True),
        element((270, 2200, 540, 2340), text="Clock", clickable=True),
        element((540, 2200, 810, 2340), text="Timer", clickable=True),
        element((810, 2200, 1080, 2340), text="Stopwatch", clickable=True),
    ),
)


def test_a_timer_goal_opens_the_timer_tab_rather_than_adding_an_alarm() -> None:
    plan = ExplorerPlanner().next_action("Start a 13-minute timer", CLOCK, [])
    assert plan.action == aci.Tap(target="Timer", quoted=True)


def test_an_alarm_goal_still_adds_an_alarm() -> None:
    plan = ExplorerPlanner().next_action("Set an alarm for 7:30", CLOCK, [])
    assert plan.action == aci.Tap(target="Add alarm", quoted=True)


def test_rotating_is_a_settings_topic() -> None:
    assert apps_for("Stop the screen from rotating on its own")[0][0] == ("Settings",)
