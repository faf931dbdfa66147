"""`set "X" to ...` grounded: the slider a label names, and where the tap lands on it.

Real Settings pages show a SeekBar without words under (or beside) its label; these
screens are built that way, so the label, never the slider, is what matches.
"""

from __future__ import annotations

import aci
from grounding import ground
from grounding.slider import nearest_slider, slider_point

_SLIDER = "android.widget.SeekBar"


def _text(bounds: tuple[int, int, int, int], text: str) -> aci.Element:
    return aci.Element(
        bounds=bounds,
        text=text,
        class_name="android.widget.TextView",
        role=aci.Role.TEXT,
        sources=("hierarchy",),
    )


def _slider(bounds: tuple[int, int, int, int], rid: str) -> aci.Element:
    return aci.Element(
        bounds=bounds,
        resource_id=f"com.android.settings:id/{rid}",
        class_name=_SLIDER,
        role=aci.Role.SLIDER,
        clickable=True,
        sources=("hierarchy",),
    )


# Two volume sliders, each under its label, and a row with no slider at the bottom.
SOUND = aci.Screen(
    width=1080,
    height=2400,
    elements=(
        _text((160, 400, 900, 460), "Media volume"),
        _slider((150, 460, 1030, 580), "media"),
        _text((160, 620, 900, 680), "Call volume"),
        _slider((150, 680, 1030, 800), "call"),
        _text((40, 1400, 900, 1460), "Do Not Disturb"),
    ),
)


def test_a_label_names_the_slider_under_it_and_max_taps_its_right_end() -> None:
    grounded = ground(aci.parse_action('set "Call volume" to max'), SOUND)
    assert grounded.found and grounded.element == SOUND.elements[3]
    assert grounded.command == aci.TapCommand(x=1026, y=740)
    assert "the slider by it" in grounded.reason


def test_min_and_a_percentage_tap_that_share_of_the_slider() -> None:
    low = ground(aci.parse_action('set "Media volume" to min'), SOUND)
    assert low.element == SOUND.elements[1] and low.command == aci.TapCommand(x=154, y=520)
    mid = ground(aci.parse_action('set "Media volume" to 40%'), SOUND)
    assert mid.command == aci.TapCommand(x=154 + round(0.4 * 872), y=520)


def test_a_label_with_no_slider_below_or_beside_it_is_not_found() -> None:
    grounded = ground(aci.parse_action('set "Do Not Disturb" to max'), SOUND)
    assert not grounded.found and grounded.command is None
    assert "'Do Not Disturb' matched 'Do Not Disturb', but no slider is on it" in grounded.reason


def test_a_slider_beside_its_label_on_one_row_is_found() -> None:
    screen = aci.Screen(
        width=1080,
        height=2400,
        elements=(
            _text((40, 500, 300, 560), "Speed"),
            _slider((320, 480, 1040, 580), "speed"),
            _slider((40, 700, 1040, 800), "other"),
        ),
    )
    grounded = ground(aci.parse_action('set "Speed" to min'), screen)
    assert grounded.element == screen.elements[1]
    assert grounded.command == aci.TapCommand(x=324, y=530)


def test_the_nearest_slider_is_the_one_right_under_the_label_not_one_above() -> None:
    label = (100, 500, 900, 560)
    above, below, further = (100, 380, 900, 480), (100, 600, 900, 700), (100, 760, 900, 860)
    assert nearest_slider(label, [above, further, below], reach=300) == 2
    assert nearest_slider(label, [above], reach=300) is None
    assert nearest_slider(label, [(100, 1000, 900, 1100)], reach=300) is None  # out of reach
    assert nearest_slider(label, [(100, 1000, 900, 1100)], reach=500) == 0
    assert nearest_slider(label, [(1200, 1000, 1300, 1100)], reach=5000) is None  # aside


def test_slider_point_stays_on_the_slider() -> None:
    assert slider_point((0, 0, 1000, 50), 0) == aci.Point(x=4, y=25)
    assert slider_point((0, 0, 1000, 50), 1) == aci.Point(x=996, y=25)
    assert slider_point((0, 0, 1000, 50), 0.5) == aci.Point(x=500, y=25)
    assert slider_point((10, 0, 14, 8), 1) == aci.Point(x=13, y=4)  # a tiny one: a smaller inset
