"""`set "X" to ...` and `clear "X"` on a virtual phone through the real adb server: the
runner grounds the slider or the field like any target, and the phone's state shows the
step took (the setting the slider is bound to, the field's text)."""

from __future__ import annotations

import pytest

import aci
from device import AndroidDevice
from service.runner import Runner, StepError
from service.suite import ExactLabelRunner
from service.ui_nodes import UiNode

# The virtual Settings app binds its Sound & vibration sliders to these system settings:
# Call volume -> volume_voice (1-7, 4 at first), Media volume -> volume_music (0-25, 7).
CALL_MIN, CALL_MAX = 1, 7


def _setting(device: AndroidDevice, namespace: str, key: str) -> str:
    return device.adb().shell(["settings", "get", namespace, key]).strip()


def _run(runner: Runner | ExactLabelRunner, *steps: str) -> aci.Command:
    """Carry out the steps; the last command of the last one."""
    report = None
    for step in steps:
        report = runner.perform(aci.parse_action(step))
    assert report is not None and report.commands
    return report.commands[-1]


def _field(nodes: list[UiNode]) -> UiNode:
    (field,) = [node for node in nodes if node.editable]
    return field


@pytest.fixture
def sound(device: AndroidDevice) -> Runner:
    """A runner on Settings > Sound & vibration, opened as a person would."""
    runner = Runner(device, sources=["hierarchy"])
    _run(runner, 'open app "Settings"', 'tap "Sound & vibration"')
    assert _setting(device, "system", "volume_voice") == "4"
    return runner


def test_set_call_volume_to_max_then_min_moves_its_setting(
    device: AndroidDevice, sound: Runner
) -> None:
    report = sound.perform(aci.parse_action('set "Call volume" to max'))
    assert _setting(device, "system", "volume_voice") == str(CALL_MAX)
    (tap,) = report.commands
    grounding = report.grounding
    assert grounding is not None and grounding.element is not None
    slider = grounding.element
    assert slider.role == aci.Role.SLIDER and slider.desc == "Call volume"
    assert isinstance(tap, aci.TapCommand) and tap == grounding.command
    left, top, right, bottom = slider.bounds
    assert right - 10 <= tap.x < right and top < tap.y < bottom

    report = sound.perform(aci.parse_action('set "Call volume" to min'))
    assert _setting(device, "system", "volume_voice") == str(CALL_MIN)
    (tap,) = report.commands
    assert isinstance(tap, aci.TapCommand) and left < tap.x <= left + 10


def test_set_to_a_percentage_lands_on_that_share_of_the_range(
    device: AndroidDevice, sound: Runner
) -> None:
    assert _setting(device, "system", "volume_music") == "7"
    sound.perform(aci.parse_action('set "Media volume" to 40%'))
    assert _setting(device, "system", "volume_music") == "10"  # 40% of 0-25
    sound.perform(aci.parse_action('set "Media volume" to 80%'))
    assert _setting(device, "system", "volume_music") == "20"
    assert _setting(device, "system", "volume_voice") == "4"  # its neighbour kept its level


def test_a_label_above_a_slider_names_that_slider(device: AndroidDevice) -> None:
    """Display's "Brightness" heading is no slider: the one below it is set."""
    runner = Runner(device, sources=["hierarchy"])
    _run(runner, 'open app "Settings"', 'tap "Display"')
    assert _setting(device, "system", "screen_brightness") == "128"
    report = runner.perform(aci.parse_action('set "Brightness" to max'))
    assert _setting(device, "system", "screen_brightness") == "255"
    assert report.grounding is not None and report.grounding.element is not None
    assert report.grounding.element.role == aci.Role.SLIDER
    assert "the slider by it" in report.grounding.reason  # the heading matched, not the slider


def test_no_slider_near_the_label_is_a_step_error(device: AndroidDevice, sound: Runner) -> None:
    with pytest.raises(StepError, match=r"^no slider near 'Do Not Disturb' on screen") as caught:
        sound.perform(aci.parse_action('set "Do Not Disturb" to max'))
    assert "no slider is on it, below it or to its right" in str(caught.value)
    assert not any(isinstance(c, aci.TapCommand) for c in caught.value.commands)
    assert _setting(device, "system", "volume_voice") == "4"


@pytest.fixture
def device_name(device: AndroidDevice) -> Runner:
    """A runner on Connected devices' Device name dialog, its field holding the name."""
    runner = Runner(device, sources=["hierarchy"])
    _run(runner, 'open app "Settings"', 'tap "Connected devices"', 'tap "Device name"')
    assert _field(runner.nodes()).text == "VirtualPhone"
    return runner


def test_clear_empties_the_named_field_and_what_is_typed_is_all_it_holds(
    device: AndroidDevice, device_name: Runner
) -> None:
    report = device_name.perform(aci.parse_action('clear "Device name"'))
    tap, clear = report.commands
    assert clear == aci.ClearTextCommand()
    assert isinstance(tap, aci.TapCommand)
    field = _field(device_name.nodes())
    assert field.text in ("", field.hint)  # empty: it shows its hint, if anything
    assert field.text != "VirtualPhone"

    device_name.perform(aci.parse_action('type "Road Trip" into "Device name"'))
    device_name.perform(aci.parse_action('tap "OK"'))
    assert _setting(device, "global", "device_name") == "Road Trip"


def test_clear_alone_empties_the_focused_field(device: AndroidDevice, device_name: Runner) -> None:
    assert _field(device_name.nodes()).focused
    report = device_name.perform(aci.parse_action("clear"))
    assert report.commands == [aci.ClearTextCommand()] and report.grounding is None
    field = _field(device_name.nodes())
    assert field.text in ("", field.hint) and field.text != "VirtualPhone"


def test_clear_without_a_focused_field_is_a_step_error(sound: Runner) -> None:
    with pytest.raises(StepError, match=r"^no focused field to clear$") as caught:
        sound.perform(aci.parse_action("clear"))
    assert caught.value.commands == []


def test_the_exact_label_runner_sets_sliders_and_clears_fields(device: AndroidDevice) -> None:
    runner = ExactLabelRunner(device)
    _run(runner, 'open app "Settings"', 'tap "Sound & vibration"')
    _run(runner, 'set "Call volume" to max')
    assert _setting(device, "system", "volume_voice") == str(CALL_MAX)
    _run(runner, 'set "Media volume" to 40%')
    assert _setting(device, "system", "volume_music") == "10"
    with pytest.raises(StepError, match="no slider near 'Do Not Disturb'"):
        runner.perform(aci.parse_action('set "Do Not Disturb" to min'))

    _run(runner, "press back", 'tap "Connected devices"', 'tap "Device name"')
    _run(runner, 'clear "Device name"')
    field = _field(runner.nodes())
    assert field.text in ("", field.hint) and field.text != "VirtualPhone"
