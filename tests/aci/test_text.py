"""The one-line text form: examples, exact round trips, tolerance, errors a reader can act on."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aci import (
    AciError,
    Action,
    ActionSyntaxError,
    Assert,
    ClearText,
    Condition,
    Direction,
    Done,
    Fail,
    Key,
    LongPress,
    OpenApp,
    Point,
    PressKey,
    Scroll,
    SetSlider,
    Swipe,
    Tap,
    TypeText,
    Wait,
    format_action,
    parse_action,
)

CANONICAL: list[tuple[str, Action]] = [
    ('tap "Wi-Fi"', Tap(target="Wi-Fi", quoted=True)),
    ("tap (540, 1210)", Tap(point=Point(x=540, y=1210))),
    ('long press "Photo 3"', LongPress(target="Photo 3", quoted=True)),
    ("long press (0, 0)", LongPress(point=Point(x=0, y=0))),
    ('type "hello" into "Search"', TypeText(text="hello", target="Search", quoted=True)),
    ('type "hi"', TypeText(text="hi")),
    ('type " "', TypeText(text=" ")),
    ("scroll down", Scroll(direction=Direction.DOWN)),
    ('scroll up in "Alarms"', Scroll(direction=Direction.UP, target="Alarms", quoted=True)),
    ("swipe left", Swipe(direction=Direction.LEFT)),
    ('swipe right in "Photos"', Swipe(direction=Direction.RIGHT, target="Photos", quoted=True)),
    ("press back", PressKey(key=Key.BACK)),
    ("press home", PressKey(key=Key.HOME)),
    ("press enter", PressKey(key=Key.ENTER)),
    ("press recents", PressKey(key=Key.RECENTS)),
    ("press volume_up", PressKey(key=Key.VOLUME_UP)),
    ('open app "Clock"', OpenApp(app="Clock")),
    ("wait 2s", Wait(seconds=2)),
    ("wait 0.5s", Wait(seconds=0.5)),
    ("wait 0.00001s", Wait(seconds=1e-05)),
    ("done", Done()),
    ('fail "no Wi-Fi switch on this screen"', Fail(reason="no Wi-Fi switch on this screen")),
    ('tap "Say \\"hi\\""', Tap(target='Say "hi"', quoted=True)),
    ('tap "C:\\\\temp"', Tap(target="C:\\temp", quoted=True)),
    ('type "line 1\\nline 2\\ttab\\r"', TypeText(text="line 1\nline 2\ttab\r")),
    ('tap "bell\\u0007 \\u2028"', Tap(target="bell\x07 \u2028", quoted=True)),
    ('tap "(540, 1210)"', Tap(target="(540, 1210)", quoted=True)),
    ('tap "Café 日本"', Tap(target="Café 日本", quoted=True)),
    ('assert visible "Wi-Fi"', Assert(target="Wi-Fi", condition=Condition.VISIBLE)),
    (
        'assert not visible "Error"',
        Assert(target="Error", condition=Condition.VISIBLE, negated=True),
    ),
    ('assert checked "Wi-Fi"', Assert(target="Wi-Fi", condition=Condition.CHECKED)),
    (
        'assert not checked "Wi-Fi"',
        Assert(target="Wi-Fi", condition=Condition.CHECKED, negated=True),
    ),
    ('assert visible "Say \\"hi\\""', Assert(target='Say "hi"', condition=Condition.VISIBLE)),
    ("tap the search icon", Tap(target="the search icon")),
    ('tap the "OK" button', Tap(target='the "OK" button')),
    ("long press the first photo", LongPress(target="the first photo")),
    ('type "x" into the Name field', TypeText(text="x", target="the Name field")),
    ("scroll up in the alarm list", Scroll(direction=Direction.UP, target="the alarm list")),
    ('set "Call volume" to max', SetSlider(target="Call volume", quoted=True, level=1)),
    ('set "Call volume" to min', SetSlider(target="Call volume", quoted=True, level=0)),
    ('set "Brightness" to 40%', SetSlider(target="Brightness", quoted=True, level=0.4)),
    ('set "Brightness" to 12.5%', SetSlider(target="Brightness", quoted=True, level=0.125)),
    ('set "Brightness" to 0.07%', SetSlider(target="Brightness", quoted=True, level=0.0007)),
    ("set the brightness slider to 40%", SetSlider(target="the brightness slider", level=0.4)),
    ("set Go to to max", SetSlider(target="Go to", level=1)),
    ('set "Say \\"to\\" to" to 7%', SetSlider(target='Say "to" to', quoted=True, level=0.07)),
    ("clear", ClearText()),
    ('clear "Title"', ClearText(target="Title", quoted=True)),
    ("clear the title field", ClearText(target="the title field")),
]


@pytest.mark.parametrize(("text", "action"), CANONICAL, ids=[text for text, _ in CANONICAL])
def test_canonical_text_parses_to_the_action_and_prints_back(text: str, action: Action) -> None:
    assert parse_action(text) == action
    assert format_action(action) == text
    assert str(action) == text


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ('  tap "Wi-Fi"  ', 'tap "Wi-Fi"'),
        ('Tap "x"', 'tap "x"'),
        ('TAP"x"', 'tap "x"'),
        ("tap   the search icon   ", "tap the search icon"),
        ("tap ( 540 ,1210 )", "tap (540, 1210)"),
        ('Long Press "x"', 'long press "x"'),
        ('long_press "x"', 'long press "x"'),
        ("long-press (1, 2)", "long press (1, 2)"),
        ('Type "x" INTO "y"', 'type "x" into "y"'),
        ('type "x" in "y"', 'type "x" into "y"'),
        ("SCROLL Down", "scroll down"),
        ("press BACK", "press back"),
        ("open app Clock", 'open app "Clock"'),
        ('open_app "Clock"', 'open app "Clock"'),
        ('open "Clock"', 'open app "Clock"'),
        ("wait 2.0s", "wait 2s"),
        ("wait 2 seconds", "wait 2s"),
        ("WAIT .5 S", "wait 0.5s"),
        ("wait 1.50 sec", "wait 1.5s"),
        ("Done", "done"),
        ("fail the app crashed", 'fail "the app crashed"'),
        ('Assert Visible "Wi-Fi"', 'assert visible "Wi-Fi"'),
        ('assert   NOT   checked "Wi-Fi"  ', 'assert not checked "Wi-Fi"'),
        ("assert visible the Wi-Fi switch", 'assert visible "the Wi-Fi switch"'),
        ('SET "x" TO MAXIMUM', 'set "x" to max'),
        ('set "x" to Minimum', 'set "x" to min'),
        ('set"x"to max', 'set "x" to max'),
        ('set "x" to 40 %', 'set "x" to 40%'),
        ('set "x" to 40.0%', 'set "x" to 40%'),
        ('set "x" to .5%', 'set "x" to 0.5%'),
        ('set "x" to 0%', 'set "x" to min'),
        ('set "x" to 100%', 'set "x" to max'),
        ("set   the volume   TO max  ", "set the volume to max"),
        ('Clear "Title"  ', 'clear "Title"'),
        ("  CLEAR  ", "clear"),
    ],
)
def test_tolerant_input_prints_canonically(text: str, canonical: str) -> None:
    assert format_action(parse_action(text)) == canonical


@pytest.mark.parametrize(
    ("text", "column", "expected"),
    [
        ("", 1, "expected an action (tap, long press, type, scroll, swipe, set, clear, press,"),
        ("klick x", 1, "expected an action (tap, long press"),
        ("tap", 4, "expected a quoted target, \"(x, y)\" or a description after 'tap', e.g. tap "),
        ("  tap   ", 9, "expected a quoted target, \"(x, y)\" or a description after 'tap'"),
        ('tap "Wi-Fi" now', 13, 'expected the end of the action, e.g. tap "Wi-Fi"'),
        ('tap "Wi-Fi', 11, "expected '\"' to close the string opened at column 5"),
        ('tap "a\\qb"', 7, "expected an escape"),
        ('tap "a\\u12"', 7, "expected an escape"),
        ("tap (", 6, "expected an integer x in pixels after '(', e.g. tap (540, 1210)"),
        ("tap (-5, 3)", 6, "expected an integer x in pixels"),
        ("tap (5 6)", 8, "expected ',' between x and y"),
        ("long press (5,", 15, "expected an integer y in pixels after ','"),
        ("tap (5, 6", 10, "expected ')' after y, e.g. tap (540, 1210)"),
        ("tap (5, 6) x", 12, "expected the end of the action"),
        ("type hello", 6, "expected the text to type in quotes after 'type'"),
        ('type "x" onto y', 10, "expected 'into' and a target, or the end of the action"),
        ('type "x" into', 14, "expected a quoted target or a description after 'into'"),
        ("scroll", 7, "expected a direction (up, down, left, right) after 'scroll'"),
        ("scroll sideways", 8, "expected a direction (up, down, left, right) after 'scroll'"),
        ("swipe left x", 12, "expected 'in' and a target, or the end of the action"),
        ("scroll down in", 15, "expected a quoted target or a description after 'in'"),
        ("press foo", 7, "expected a key (back, home, enter, recents,"),
        ("press back twice", 12, "expected the end of the action, e.g. press back"),
        ("open app", 9, "expected a quoted app name or a description after 'open app'"),
        ("wait", 5, "expected a duration in seconds after 'wait', e.g. wait 2s"),
        ("wait 2", 7, "expected 's' (seconds) after the number, e.g. wait 2s"),
        ("wait 2ms", 7, "expected 's' (seconds) after the number"),
        ("done now", 6, "expected the end of the action, e.g. done"),
        ("fail", 5, "expected a quoted reason or a description after 'fail'"),
        ("assert", 7, "expected a condition ('visible' or 'checked') after 'assert'"),
        ('assert "Wi-Fi"', 8, "expected a condition ('visible' or 'checked') after 'assert'"),
        ("assert shown x", 8, "expected a condition ('visible' or 'checked') after 'assert'"),
        ('assert not "x"', 12, "expected a condition ('visible' or 'checked') after 'assert not'"),
        ("assert not visible", 19, "expected a quoted target or a description after 'visible'"),
        ('assert checked "Wi-Fi" now', 24, "expected the end of the action, e.g. assert checked"),
        ("set", 4, "expected a quoted slider label or a description after 'set', e.g. set "),
        ("set to max", 5, "expected a quoted slider label or a description after 'set'"),
        ('set "X"', 8, "expected 'to' and a level (min, max or a percentage such as 40%) after"),
        ('set "X" at max', 9, "expected 'to' and a level (min, max or a percentage"),
        ("set the volume", 15, "expected 'to' and a level (min, max or a percentage"),
        ('set "X" to', 11, "expected a level after 'to': min, max or a percentage such as 40%"),
        ('set "X" to loud', 12, "expected a level after 'to': min, max or a percentage such as"),
        ('set "X" to -5%', 12, "expected a level after 'to': min, max or a percentage"),
        ('set "X" to 140%', 12, 'expected a percentage from 0% to 100%, e.g. set "Call volume'),
        ('set "X" to 100.5%', 12, "expected a percentage from 0% to 100%"),
        ('set "X" to 40', 14, "expected '%' after the number (a percentage of the slider's range)"),
        ('set "X" to 0.4', 15, "expected '%' after the number"),
        ('set "X" to max please', 16, 'expected the end of the action, e.g. set "Call volume" to'),
        ('set "X to max', 14, "expected '\"' to close the string opened at column 5"),
        ('clear "Title" now', 15, 'expected the end of the action, e.g. clear "Title"'),
        ('clear "Title', 13, "expected '\"' to close the string opened at column 7"),
    ],
)
def test_malformed_text_names_the_column_and_the_expected_shape(
    text: str, column: int, expected: str
) -> None:
    with pytest.raises(ActionSyntaxError) as caught:
        parse_action(text)
    error = caught.value
    assert error.column == column
    assert error.text == text
    assert str(error).startswith(f"column {column}: {expected}")


def test_error_says_what_it_found() -> None:
    with pytest.raises(ActionSyntaxError, match=r"; found 'sideways'$"):
        parse_action("scroll sideways")
    with pytest.raises(ActionSyntaxError, match=r"; found the end of the text$"):
        parse_action("tap")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('tap ""', "column 5: invalid tap: target must not be blank, got ''"),
        ('open app "  "', "column 10: invalid open app: app must not be blank, got '  '"),
        ('type ""', "column 6: invalid type: text: string should have at least 1 character"),
        ("wait 0s", "column 6: invalid wait: seconds should be greater than 0, got 0.0"),
        ("wait 7200s", "column 6: invalid wait: seconds should be less than or equal to 3600"),
        ('assert not visible " "', "column 12: invalid assert: target must not be blank, got ' '"),
        ('set "" to max', "column 5: invalid set: target must not be blank, got ''"),
        ('clear " "', "column 7: invalid clear: target must not be blank, got ' '"),
    ],
)
def test_values_the_model_rejects_are_syntax_errors_at_their_column(
    text: str, message: str
) -> None:
    with pytest.raises(ActionSyntaxError) as caught:
        parse_action(text)
    assert str(caught.value).startswith(message)


def test_syntax_error_is_an_aci_error_and_a_value_error_and_pickles() -> None:
    with pytest.raises(ActionSyntaxError) as caught:
        parse_action("tap")
    assert isinstance(caught.value, AciError)
    assert isinstance(caught.value, ValueError)
    copy = pickle.loads(pickle.dumps(caught.value))
    assert (copy.text, copy.column, str(copy)) == ("tap", 4, str(caught.value))


def test_printed_text_is_one_line() -> None:
    action = TypeText(text="a\nb\r\x0bc\x0cd\x1ce\x85f\u2028g\u2029h")
    text = format_action(action)
    assert text.splitlines() == [text]
    assert parse_action(text) == action


# -- properties ---------------------------------------------------------------

# Any unicode, with the characters the text form must escape or could misread drawn often.
# Lone surrogates (Cs) are not text: pydantic refuses them, as any JSON client would.
_strings = st.text(
    st.characters(exclude_categories=("Cs",)) | st.sampled_from('"\\ \n\t(),'), min_size=1
)
_words = _strings.filter(lambda value: bool(value.strip()))
# A description is written unquoted: printable words and spaces, not starting with a quote or
# a point's parenthesis.
_descriptions = st.text(
    st.characters(categories=("L", "N", "P", "S", "Zs"), exclude_characters="\u00a0"),
    min_size=1,
).filter(lambda value: value == value.strip() and not value.startswith(('"', "(")) and bool(value))
_points = st.builds(Point, x=st.integers(0, 10_000), y=st.integers(0, 10_000))
_directions = st.sampled_from(Direction)


def _targeted(build: object, **fields: object) -> st.SearchStrategy[Action]:
    """The action with a quoted label, a description, or (where it may) no target at all."""
    return st.one_of(
        st.builds(build, target=_words, quoted=st.just(True), **fields),  # type: ignore[arg-type]
        st.builds(build, target=_descriptions, **fields),  # type: ignore[arg-type]
    )


actions: st.SearchStrategy[Action] = st.one_of(
    _targeted(Tap),
    st.builds(Tap, point=_points),
    _targeted(LongPress),
    st.builds(LongPress, point=_points),
    _targeted(TypeText, text=_strings),
    st.builds(TypeText, text=_strings),
    _targeted(Scroll, direction=_directions),
    st.builds(Scroll, direction=_directions),
    _targeted(Swipe, direction=_directions),
    st.builds(Swipe, direction=_directions),
    st.builds(PressKey, key=st.sampled_from(Key)),
    st.builds(OpenApp, app=_words),
    st.builds(
        Wait,
        seconds=st.floats(min_value=0, max_value=3600, exclude_min=True, allow_nan=False),
    ),
    st.just(Done()),
    st.builds(Fail, reason=_words),
    st.builds(Assert, target=_words, condition=st.sampled_from(Condition), negated=st.booleans()),
    _targeted(SetSlider, level=st.floats(min_value=0, max_value=1, allow_nan=False)),
    _targeted(SetSlider, level=st.sampled_from([0.0, 1.0, 0.4, 0.125, 0.1 + 0.2])),
    _targeted(ClearText),
    st.just(ClearText()),
)


@settings(max_examples=300, deadline=None)
@given(actions)
def test_parse_of_format_is_the_action(action: Action) -> None:
    assert parse_action(format_action(action)) == action


@settings(max_examples=300, deadline=None)
@given(actions)
def test_format_of_parse_of_canonical_text_is_the_text(action: Action) -> None:
    text = format_action(action)
    assert format_action(parse_action(text)) == text
    assert text.splitlines() == [text]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_parses_or_raises_action_syntax_error(text: str) -> None:
    try:
        action = parse_action(text)
    except ActionSyntaxError as error:
        assert 1 <= error.column <= len(text) + 1
    else:
        assert parse_action(format_action(action)) == action
