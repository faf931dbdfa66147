"""The episode loop on a virtual phone through the real adb server: each step's outcome is
what the phone did, and the planner hears about failures."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

import aci
from device import AndroidDevice
from planning import Outcome, Plan, ScriptPlanner, Step
from service.episode import run_episode
from service.runner import Runner


@pytest.fixture
def device(device: AndroidDevice) -> AndroidDevice:
    """The phone with Settings open."""
    device.adb().shell("am start -n com.android.settings/.Settings")
    return device


def test_a_script_runs_to_done_and_its_steps_succeed(device: AndroidDevice) -> None:
    planner = ScriptPlanner(['tap "Network & internet"', 'assert visible "Airplane mode"'])
    episode = run_episode("open the network settings", Runner(device), planner)
    assert episode.done and episode.failure is None
    assert [turn.step.outcome for turn in episode.turns] == [Outcome.SUCCEEDED] * 2


def test_a_missing_target_is_reported_and_the_script_stops_on_it(device: AndroidDevice) -> None:
    planner = ScriptPlanner(['tap "Teleportation"', 'tap "Network & internet"'])
    episode = run_episode("teleport", Runner(device), planner)
    first = episode.turns[0].step
    assert first.outcome is Outcome.TARGET_NOT_FOUND
    assert "Teleportation" in first.detail
    assert not episode.done
    assert episode.failure is not None and "step 1" in episode.failure
    assert len(episode.turns) == 1


def test_a_step_without_effect_is_reported_as_screen_unchanged(device: AndroidDevice) -> None:
    planner = ScriptPlanner(['tap "Settings"', "done"])  # the page title: not clickable
    episode = run_episode("nothing", Runner(device), planner)
    assert episode.turns[0].step.outcome is Outcome.SCREEN_UNCHANGED


class _Stubborn:
    """Presses home forever: the loop must stop it at the step budget."""

    def next_action(self, goal: str, screen: aci.Screen, history: Sequence[Step]) -> Plan:
        return Plan(action=aci.PressKey(key=aci.Key.HOME), reason="again", done=False)


def test_the_step_budget_ends_an_endless_episode(device: AndroidDevice) -> None:
    episode = run_episode("loop", Runner(device), _Stubborn(), max_steps=3)
    assert len(episode.turns) == 3
    assert episode.failure == "the step budget of 3 actions ran out"


def test_open_app_starts_the_installed_app_a_name_resolves_to(device: AndroidDevice) -> None:
    runner = Runner(device, apps=device.launcher_apps)
    episode = run_episode("calc", runner, ScriptPlanner(['open app "the calculator app"']))
    assert episode.turns[0].step.outcome is Outcome.SUCCEEDED
    assert device.observe().package == "com.google.android.calculator"


def test_open_app_of_an_app_the_phone_lacks_is_not_found(device: AndroidDevice) -> None:
    runner = Runner(device, apps=device.launcher_apps)
    episode = run_episode("play", runner, ScriptPlanner(['open app "Flappy Bird"']))
    step = episode.turns[0].step
    assert step.outcome is Outcome.TARGET_NOT_FOUND and "Flappy Bird" in step.detail
