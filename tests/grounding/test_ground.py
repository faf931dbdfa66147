"""ground() on the virtual phone: the command lands where a person would tap."""

from __future__ import annotations

import pytest

import aci
from grounding import Grounded, ground
from tests.grounding.screens import look, phone, screen_of


def _run(screen: aci.Screen, line: str) -> Grounded:
    return ground(aci.parse_action(line), screen)


def _tap_point(grounded: Grounded) -> tuple[int, int]:
    command = grounded.command
    assert isinstance(command, aci.TapCommand | aci.LongPressCommand), grounded
    return command.x, command.y


@pytest.mark.parametrize(
    ("width", "height", "dark"), [(1080, 2400, False), (1080, 2400, True), (720, 1280, False)]
)
def test_tapping_a_row_title_opens_the_page(width: int, height: int, dark: bool) -> None:
    device = phone(width, height, dark=dark)
    grounded = _run(look(device), 'tap "Network & internet"')
    assert grounded.found and grounded.confidence >= 0.9
    assert grounded.element is not None and grounded.element.clickable
    assert "exact" in grounded.reason
    device.tap(*_tap_point(grounded))
    assert any(e.text == "Airplane mode" for e in look(device).elements)


@pytest.mark.parametrize("form", ["u2", "dump"])
def test_back_arrow_is_navigate_up(form: str) -> None:
    device = phone()
    device.tap(*_tap_point(_run(look(device), 'tap "Network & internet"')))
    grounded = _run(look(device, form), "tap the back arrow")
    assert grounded.found and grounded.confidence >= 0.9
    assert grounded.element is not None and grounded.element.desc == "Navigate up"
    assert "icon vocabulary" in grounded.reason
    device.tap(*_tap_point(grounded))
    assert any(e.text == "Network & internet" and e.clickable for e in look(device).elements)


def test_switch_of_a_row_is_tapped_by_the_row_title() -> None:
    device = phone()
    device.tap(*_tap_point(_run(look(device), 'tap "Network & internet"')))
    screen = look(device)
    for line in ("tap the Airplane mode switch", 'tap the switch next to "Airplane mode"'):
        grounded = _run(screen, line)
        assert grounded.found, line
        assert grounded.element is not None and grounded.element.role is aci.Role.SWITCH
        x, y = _tap_point(grounded)
        assert grounded.element.contains(aci.Point(x=x, y=y))
    before = next(e for e in screen.elements if e.role is aci.Role.SWITCH).checked
    device.tap(*_tap_point(_run(screen, "tap the Airplane mode switch")))
    after = next(e for e in look(device).elements if e.role is aci.Role.SWITCH).checked
    assert after != before


def test_typing_taps_the_field_first_then_types() -> None:
    screen = look(phone())
    for line in ('type "wifi" into "Search settings"', 'type "wifi" into the search field'):
        grounded = _run(screen, line)
        assert grounded.found, line
        assert grounded.element is not None and grounded.element.editable
        centre = grounded.element.center
        assert grounded.command == aci.TypeTextCommand(text="wifi", x=centre.x, y=centre.y)
        assert "tapped first" in grounded.reason
    assert _run(screen, 'type "hi"').element is not None


def test_ordinals_count_the_rows_of_the_list() -> None:
    screen = look(phone())
    third = _run(screen, "tap the third item")
    assert third.found and third.element is not None
    assert third.element.text == "Apps"  # rows only: the search field above them is no item
    assert "number 3 of" in third.reason
    last = _run(screen, "tap the last item")
    assert last.element is not None and last.element.text == "Wallpaper & style"


def test_scroll_drags_inside_the_list_with_the_finger_moving_up() -> None:
    screen = look(phone())
    grounded = _run(screen, "scroll down")
    command = grounded.command
    assert isinstance(command, aci.SwipeCommand)
    assert grounded.element is not None and grounded.element.scrollable
    x1, y1, x2, y2 = grounded.element.bounds
    assert command.y2 < command.y1  # the finger moves up to reveal what is below
    assert x1 < command.x1 < x2 and y1 < command.y2 < command.y1 < y2
    margin = (y2 - y1) * 0.1
    assert command.y1 < y2 - margin and command.y2 > y1 + margin
    up = _run(screen, "scroll up")
    assert isinstance(up.command, aci.SwipeCommand) and up.command.y2 > up.command.y1
    swipe = _run(screen, "swipe left")
    assert isinstance(swipe.command, aci.SwipeCommand) and swipe.command.x2 < swipe.command.x1


def test_unknown_targets_are_not_found_with_the_closest_candidates() -> None:
    screen = look(phone())
    grounded = _run(screen, 'tap "Battery saver schedule"')
    assert not grounded.found and grounded.command is None and grounded.confidence == 0
    assert "closest" in grounded.reason
    assert grounded.candidates and grounded.candidates[0].element.text == "Battery"
    assert not _run(screen, "tap the camera icon").found


def test_launcher_icon_opens_the_app() -> None:
    device = phone()
    device.press_key(3)
    screen = look(device)
    grounded = _run(screen, 'open app "Settings"')
    assert grounded.found and grounded.confidence >= 0.9
    device.tap(*_tap_point(grounded))
    assert device.foreground()[0] == "com.android.settings"
    assert not _run(screen, 'open app "Spotify"').found
    by_package = _run(screen, 'open app "com.android.settings"')
    assert by_package.command == aci.StartAppCommand(package="com.android.settings")


def test_direct_actions_map_to_commands() -> None:
    screen = look(phone())
    assert _run(screen, "press back").command == aci.KeyCommand(name=aci.Key.BACK)
    assert _run(screen, "wait 2s").command == aci.WaitCommand(seconds=2)
    done = _run(screen, "done")
    assert done.found and done.command is None and "no command" in done.reason
    point = _run(screen, "long press (540, 660)")
    assert point.command == aci.LongPressCommand(x=540, y=660)
    assert not _run(screen, "tap (5000, 10)").found


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("tap the divide button", "\u00f7"),
        ("tap times", "\u00d7"),
        ("tap minus", "\u2212"),
        ('tap "-"', "\u2212"),
        ("tap plus", "+"),
        ("tap equals", "="),
        ("tap the backspace key", "\u232b"),
        ("tap the decimal point", "."),
        ("tap percent", "%"),
        ("tap clear", "AC"),
        ("tap the 7 key", "7"),
    ],
)
def test_calculator_keys_by_their_names(line: str, key: str) -> None:
    labels = [*"789\u00f7456\u00d7123\u22120.=+", "AC", "\u232b", "%"]
    keys = tuple(
        aci.Element(
            bounds=(col * 270, 1000 + row * 250, col * 270 + 270, 1250 + row * 250),
            text=label,
            role=aci.Role.BUTTON,
            clickable=True,
            sources=("hierarchy",),
        )
        for index, label in enumerate(labels)
        for row, col in [divmod(index, 4)]
    )
    grounded = _run(aci.Screen(width=1080, height=2400, elements=keys), line)
    assert grounded.found and grounded.confidence >= 0.9
    assert grounded.element is not None and grounded.element.text == key


_FIELD = (
    '<node class="{cls}" text="{text}" resource-id="com.example:id/{rid}" clickable="{tap}" '
    'focused="{focus}" bounds="{bounds}"/>'
)
LOGIN_FORM = (
    '<hierarchy rotation="0"><node class="android.widget.FrameLayout" bounds="[0,0][1080,2400]">'
    + _FIELD.format(cls="android.widget.TextView", text="Email", rid="email_label", tap="false",
                    focus="false", bounds="[60,400][1020,460]")
    + _FIELD.format(cls="android.widget.EditText", text="", rid="email", tap="true",
                    focus="false", bounds="[60,470][1020,600]")
    + _FIELD.format(cls="android.widget.TextView", text="Password", rid="password_label",
                    tap="false", focus="false", bounds="[60,640][1020,700]")
    + _FIELD.format(cls="android.widget.EditText", text="", rid="password", tap="true",
                    focus="true", bounds="[60,710][1020,840]")
    + "</node></hierarchy>"
)  # fmt: skip


@pytest.mark.parametrize(
    ("line", "field_id"),
    [
        ('type "a@b.c" into "Email"', "email"),
        ('type "a@b.c" into the Email field', "email"),
        ('type "x" into the field below "Email"', "email"),
        ('type "pw" into the password field', "password"),
        ('type "pw"', "password"),  # the focused field
    ],
)
def test_fields_are_found_by_their_captions(line: str, field_id: str) -> None:
    grounded = _run(screen_of(LOGIN_FORM), line)
    assert grounded.found and grounded.confidence >= 0.75
    assert grounded.element is not None and grounded.element.editable
    assert grounded.element.resource_id == f"com.example:id/{field_id}"


def test_an_assertion_finds_its_element_and_runs_nothing() -> None:
    screen = look(phone())
    seen = _run(screen, 'assert visible "Network & internet"')
    assert seen.found and seen.command is None
    assert seen.element is not None and seen.element.text == "Network & internet"
    assert not _run(screen, 'assert visible "Weather forecast"').found


def _line(text: str, bounds: tuple[int, int, int, int]) -> aci.Element:
    return aci.Element(bounds=bounds, text=text, role=aci.Role.TEXT, sources=("ocr",))


def test_words_inside_a_line_ocr_joined_are_tapped_where_they_lie() -> None:
    # OCR reads two buttons side by side as one line; each answer is that part of it.
    screen = aci.Screen(
        width=1080, height=2400, elements=(_line("Yes No", (100, 1000, 700, 1100)),)
    )
    yes, no = _run(screen, 'tap "Yes"'), _run(screen, 'tap "No"')
    assert yes.found and no.found
    assert isinstance(yes.command, aci.TapCommand) and isinstance(no.command, aci.TapCommand)
    assert yes.command.x < 400 < no.command.x
    negated = aci.Screen(
        width=1080, height=2400, elements=(_line("Don't allow", (100, 1000, 700, 1100)),)
    )
    assert not _run(negated, 'tap "Allow"').found  # the words after a negation are its opposite


def test_a_label_of_its_own_beats_the_same_words_inside_a_sentence() -> None:
    sentence = _line("Wi-Fi turns back on automatically", (60, 2100, 900, 2150))
    title = _line("Wi-Fi", (60, 520, 160, 576))
    screen = aci.Screen(width=1080, height=2400, elements=(sentence, title))
    assert _run(screen, 'tap "Wi-Fi"').element == title


def _button(text: str, y: int) -> aci.Element:
    return aci.Element(
        bounds=(0, y, 1080, y + 150), text=text, role=aci.Role.BUTTON, clickable=True,
        sources=("hierarchy",),
    )  # fmt: skip


def test_a_description_no_word_matches_is_grounded_by_meaning_when_one_label_stands_out() -> None:
    labels = ("Credit card", "Notifications", "Privacy", "About")
    screen = aci.Screen(
        width=1080,
        height=2400,
        elements=tuple(_button(t, 300 + 200 * i) for i, t in enumerate(labels)),
    )
    grounded = _run(screen, "tap the payment option")
    assert grounded.found and grounded.element is not None
    assert grounded.element.text == "Credit card" and "means nearly" in grounded.reason
    assert grounded.confidence < 0.8  # a guess: with a screenshot, the pixels are read too
    assert not _run(screen, 'tap "payment option"').found  # a quoted label is no description


def _icon(bounds: tuple[int, int, int, int], desc: str = "") -> aci.Element:
    return aci.Element(
        bounds=bounds, desc=desc, role=aci.Role.ICON, clickable=True, sources=("hierarchy",)
    )


def test_an_icon_nothing_names_is_the_unlabelled_one_where_material_puts_it() -> None:
    start, end = _icon((0, 80, 150, 230)), _icon((930, 80, 1080, 230))
    screen = aci.Screen(width=1080, height=2400, elements=(start, end))
    assert _run(screen, "tap the hamburger menu").element == start  # the top bar's start
    assert _run(screen, "tap the three-dot menu").element == end  # the top bar's end
    assert not _run(screen, "tap the magnifying glass").found  # a search icon has no one place


def test_an_x_is_the_up_button_drawn_as_one_and_a_label_led_by_close() -> None:
    up = _icon((0, 80, 150, 230), desc="Navigate up")
    assert _run(aci.Screen(width=1080, height=2400, elements=(up,)), "tap the X").element == up
    close = _icon((930, 80, 1080, 230), desc="Close feedback")
    screen = aci.Screen(width=1080, height=2400, elements=(up, close))
    assert _run(screen, "tap the X button").element == close  # a close label beats its kin
