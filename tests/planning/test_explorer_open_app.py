"""A goal that only asks for an app ("open the Clock app") is done once that app is in
front: on the phone end to end, and by the words that make such a request."""

from __future__ import annotations

import pytest

from device import AndroidDevice
from planning.explorer import ExplorerPlanner
from planning.explorer.apps import app_to_open
from service.episode import run_episode
from service.runner import Runner


@pytest.mark.parametrize(
    ("goal", "package"),
    [
        ("open the Clock app", "com.google.android.deskclock"),
        ("Launch Chrome.", "com.android.chrome"),
        ("go to Settings", "com.android.settings"),
        ("please open my notes app", "com.google.android.keep"),
        ("open Pocketcasts", "au.com.shiftyjelly.pocketcasts"),  # one word no list knows
    ],
)
def test_a_request_for_an_app_names_it(goal: str, package: str) -> None:
    app = app_to_open(goal)
    assert app is not None
    assert package in app[1] or any(word in package for word in app[1])


@pytest.mark.parametrize(
    "goal",
    [
        "open Clock and set an alarm",  # more than the app
        "open the display settings",  # a screen, not an app
        "open the Wi-Fi settings",
        "turn on Wi-Fi",
        "start the stopwatch",
    ],
)
def test_a_goal_asking_more_than_an_app_is_not_one(goal: str) -> None:
    assert app_to_open(goal) is None


def test_opening_an_app_ends_with_it_in_front(device: AndroidDevice) -> None:
    runner = Runner(device, sources=["hierarchy"])
    episode = run_episode("open the Clock app", runner, ExplorerPlanner(), max_steps=8)
    assert episode.done, (episode.failure, [step.action for step in episode.history])
    assert device.observe().package == "com.google.android.deskclock"
