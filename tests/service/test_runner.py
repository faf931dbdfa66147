"""The service's runner on a virtual phone through the real adb server: every target is
grounded, and each step reports the decision that placed it and what the phone was told."""

from __future__ import annotations

import time
from collections.abc import Sequence

import pytest

import aci
from device import AndroidDevice
from device.virtual import VirtualPhoneServer
from grounding.perceive import perceive
from planning import Outcome, Plan, ScriptPlanner, Step
from service.episode import run_episode
from service.runner import Runner, StepError


@pytest.fixture
def device(device: AndroidDevice) -> AndroidDevice:
    """The phone with Settings open: its home page is a list longer than the screen."""
    device.adb().shell("am start -n com.android.settings/.Settings")
    return device


def _labels(device: AndroidDevice) -> set[str]:
    """The words on the phone's screen now."""
    return {element.label for element in perceive(device.observe(), ["hierarchy"]).elements}


def test_a_target_below_the_fold_is_grounded_after_scrolling(device: AndroidDevice) -> None:
    runner = Runner(device)
    assert "About phone" not in _labels(device)
    report = runner.perform(aci.parse_action('tap "About phone"'))
    assert report.scrolls > 0
    swipes = [c for c in report.commands if isinstance(c, aci.SwipeCommand)]
    assert len(swipes) == report.scrolls
    assert isinstance(report.commands[-1], aci.TapCommand)  # the tap comes after the scrolls
    grounding = report.grounding
    assert grounding is not None and grounding.found
    assert grounding.element is not None and grounding.element.label == "About phone"
    assert grounding.candidates, "the runners-up are part of the decision"
    assert all(c.why and c.score < grounding.confidence for c in grounding.candidates)
    assert {"ground", "act", "settle"} <= set(report.timing_ms)
    assert "Network & internet" not in _labels(device)  # the page it names opened


def test_scroll_in_a_named_list_is_grounded_to_that_list(device: AndroidDevice) -> None:
    runner = Runner(device)
    before = _labels(device)
    report = runner.perform(aci.parse_action('scroll down in "recycler view"'))
    grounding = report.grounding
    assert grounding is not None and grounding.element is not None
    assert grounding.element.scrollable
    assert grounding.element.resource_id == "com.android.settings:id/recycler_view"
    (swipe,) = report.commands
    assert swipe == grounding.command and isinstance(swipe, aci.SwipeCommand)
    assert swipe.y2 < swipe.y1  # scrolling down drags the finger up
    assert report.scrolls == 0
    after = _labels(device)
    assert "Network & internet" not in after and after - before


def test_an_assertion_that_holds_reports_the_element(device: AndroidDevice) -> None:
    report = Runner(device).perform(aci.parse_action('assert visible "Network & internet"'))
    assert report.commands == []
    assert report.grounding is not None and report.grounding.element is not None
    assert report.grounding.element.label == "Network & internet"


def test_a_failed_assertion_carries_the_grounding(device: AndroidDevice) -> None:
    runner = Runner(device)
    runner.perform(aci.parse_action('tap "Network & internet"'))
    runner.perform(aci.parse_action('tap "Internet"'))
    runner.perform(aci.parse_action('assert not checked "Wi-Fi"'))
    with pytest.raises(StepError, match=r"assertion failed: 'Wi-Fi' is not checked") as failed:
        runner.perform(aci.parse_action('assert checked "Wi-Fi"'))
    grounding = failed.value.grounding
    assert grounding is not None and grounding.found
    assert grounding.element is not None and not grounding.element.checked
    assert "grounded to 'Wi-Fi'" in str(failed.value)


def test_a_missing_target_fails_with_the_closest_candidates(device: AndroidDevice) -> None:
    with pytest.raises(StepError, match="'Teleport settings' is not on screen") as failed:
        Runner(device).perform(aci.parse_action('tap "Teleport settings"'))
    report = failed.value.report
    assert report.scrolls > 0  # it looked down the list and back up
    assert report.grounding is not None and not report.grounding.found
    assert [c.element.label for c in report.grounding.candidates][:1] == ["Settings"]
    assert "closest: 'Settings'" in str(failed.value)


def test_an_episode_turn_shows_what_the_planner_saw_and_the_runner_did(
    device: AndroidDevice,
) -> None:
    planner = ScriptPlanner(['tap "Network & internet"', 'assert visible "Airplane mode"'])
    episode = run_episode("network", Runner(device), planner)
    assert episode.done and not episode.cancelled
    first, second = episode.turns
    assert (first.index, second.index) == (0, 1)
    assert any(e.label == "Network & internet" for e in first.screen.elements)
    assert first.screenshot and first.image_format in ("png", "jpeg")
    assert first.report is not None and first.report.grounding is not None
    assert [type(c) for c in first.report.commands] == [aci.TapCommand]
    assert {"observe", "plan", "perform"} <= set(first.timing_ms)
    assert any(e.label == "Airplane mode" for e in second.screen.elements)


def test_without_launcher_apps_open_app_taps_the_grounded_home_screen_icon(
    device: AndroidDevice,
) -> None:
    report = Runner(device).perform(aci.parse_action('open app "Calculator"'))
    assert report.commands[0] == aci.KeyCommand(name=aci.Key.HOME)
    assert report.grounding is not None and "icon" in report.grounding.reason
    assert report.commands[-1] == report.grounding.command
    assert device.observe().package == "com.google.android.calculator"


class _Forever:
    """Scrolls up and down forever: only the caller can end it."""

    def next_action(self, goal: str, screen: aci.Screen, history: Sequence[Step]) -> Plan:
        direction = aci.Direction.DOWN if len(history) % 2 == 0 else aci.Direction.UP
        return Plan(action=aci.Scroll(direction=direction), reason="again", done=False)


def test_should_stop_cancels_the_episode_before_the_next_step(device: AndroidDevice) -> None:
    turns: list[int] = []
    episode = run_episode(
        "loop",
        Runner(device),
        _Forever(),
        on_turn=lambda turn: turns.append(turn.index),
        should_stop=lambda: len(turns) >= 2,
    )
    assert episode.cancelled and episode.failure == "cancelled"
    assert len(episode.turns) == 2
    assert all(turn.step.outcome is Outcome.SUCCEEDED for turn in episode.turns)


def test_the_time_budget_ends_an_episode(device: AndroidDevice) -> None:
    started = time.perf_counter()
    episode = run_episode("loop", Runner(device), _Forever(), time_budget_s=1.5)
    assert episode.failure == "the time budget of 1.5 s ran out"
    assert not episode.cancelled and not episode.done
    assert 1 <= len(episode.turns) < 30
    assert time.perf_counter() - started < 15


def test_a_phone_that_dies_mid_task_ends_the_episode_with_a_device_error(
    device: AndroidDevice, phone: VirtualPhoneServer
) -> None:
    episode = run_episode("loop", Runner(device), _Forever(), on_turn=lambda turn: phone.stop())
    assert episode.failure is not None and episode.failure.startswith("device error: ")
    assert len(episode.turns) == 1 and not episode.done
