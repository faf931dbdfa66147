"""The explorer reads the common shapes of goals: toggles, options, values to enter, commands."""

from __future__ import annotations

import pytest

from lexicon.text import root, tokens
from planning.explorer import Intent, Value, parse_goal


@pytest.mark.parametrize(
    ("goal", "state", "word"),
    [
        ("Turn on Wi-Fi", True, "wi-fi"),
        ("Turn off wifi", False, "wi-fi"),
        ("Disable Bluetooth", False, "bluetooth"),
        ("Put the phone in airplane mode", True, "airplane"),
        ("Stop the screen from rotating on its own", False, "rotate"),
        ("Make the 06:45 alarm ring without vibrating", False, "vibrating"),
    ],
)
def test_toggle_goals_say_which_setting_and_which_state(goal: str, state: bool, word: str) -> None:
    parsed = parse_goal(goal)
    assert parsed.intent is Intent.TOGGLE
    assert parsed.state is state
    assert word in (parsed.focus or parsed.words)


def test_named_contact_gives_first_last_and_phone() -> None:
    parsed = parse_goal("Add a contact named Ann Lee with phone 555-0101")
    assert parsed.intent is Intent.ENTER
    assert parsed.values == (
        Value("first", "Ann"),
        Value("last", "Lee"),
        Value("phone", "555-0101"),
    )


def test_quoted_text_is_typed_literally() -> None:
    note = parse_goal("Create a note titled “Groceries” that says “Milk, eggs”")
    assert note.values == (Value("title", "Groceries"), Value("body", "Milk, eggs"))
    text = parse_goal("Text Bob “hi there”")
    assert text.values == (Value("message", "hi there"),)
    assert text.entity == "Bob"


def test_a_quoted_name_of_an_item_is_the_target_not_a_value() -> None:
    parsed = parse_goal("Pin the note “Groceries”")
    assert parsed.intent is Intent.ACT
    assert parsed.verb == "pin"
    assert parsed.entity == "Groceries"
    assert not parsed.values


@pytest.mark.parametrize(
    ("goal", "verb"),
    [
        ("Delete the contact Ben Carter", "delete"),
        ("Move the photo Sunset to the trash", "trash"),
        ("Put the photo Sunset in the trash", "trash"),
        ("Throw the Sunset picture into the bin", "trash"),
        ("Mark the photo Sunset as a favourite", "favorite"),
        ("Remove Ben Carter from favourites", "unfavorite"),
        ("Start the stopwatch", "start"),
        ("Uninstall Gmail", "uninstall"),
    ],
)
def test_commands_on_items(goal: str, verb: str) -> None:
    parsed = parse_goal(goal)
    assert parsed.intent is Intent.ACT
    assert parsed.verb == verb


@pytest.mark.parametrize(
    ("goal", "names", "kind"),
    [
        ("Switch off auto-connect for the Office Wi-Fi network", ("Office",), "wi-fi"),
        ("Forget the Pixel Buds Bluetooth headphones", ("Pixel Buds",), "bluetooth"),
    ],
)
def test_a_name_is_told_from_the_kind_of_thing_it_names(
    goal: str, names: tuple[str, ...], kind: str
) -> None:
    """The noun after a name says what it is; it is no setting of its own to switch."""
    parsed = parse_goal(goal)
    assert parsed.names == names
    assert kind not in parsed.words and kind in parsed.topics


def test_an_apps_name_is_kept_whole() -> None:
    assert parse_goal("Uninstall YouTube Music").names == ("YouTube Music",)
    assert parse_goal("Turn on Wi-Fi").words == ("wi-fi",)


def test_alarm_time_becomes_hour_and_minute() -> None:
    parsed = parse_goal("Set an alarm for 7:30")
    assert parsed.values == (Value("hour", "7"), Value("minute", "30"))


def test_option_to_choose() -> None:
    parsed = parse_goal("Set the screen timeout to 5 minutes")
    assert parsed.intent is Intent.CHOOSE
    assert parsed.choice == "5 minutes"


def test_arithmetic_becomes_keys_and_a_result() -> None:
    parsed = parse_goal("Compute 84 ÷ 12")
    assert parsed.intent is Intent.CALC
    assert parsed.keys == ("8", "4", "divide", "1", "2", "equals")
    assert parsed.result == "7"


def test_word_forms_and_spelling_meet() -> None:
    assert root("vibrating") == root("vibrate")
    assert root("alarms") == root("alarm")
    assert tokens("Add to favourites") == tokens("add to favorites")
    assert tokens("07:30") == tokens("7:30")


@pytest.mark.parametrize(
    ("goal", "person", "message"),
    [
        ("Ask Ann Lee whether she's free on Friday", "Ann Lee", "Are you free on Friday?"),
        ("Bo wrote about the match. Reply “See you there”", "Bo", "See you there"),
        ("Jo sent me her recipe. Tell her thanks, and that it was tasty", "Jo", None),
    ],
)
def test_a_message_told_of_goes_to_the_person_the_story_names(
    goal: str, person: str, message: str | None
) -> None:
    parsed = parse_goal(goal)
    assert parsed.intent is Intent.ENTER and parsed.messages
    assert parsed.entity == person and "I" not in parsed.names
    if message is not None:
        assert Value("message", message) in parsed.values


def test_i_is_never_a_name() -> None:
    assert parse_goal("Tell Ann Lee that I'd like to come").names == ("Ann Lee",)


@pytest.mark.parametrize(
    "goal",
    [
        "Record a short memo and save it as “Gate code”",
        "My Nov 3 recording has a dull name. It's a song idea, so call it “Gate code”",
    ],
)
def test_giving_a_thing_its_name_is_a_name_value(goal: str) -> None:
    assert Value("name", "Gate code") in parse_goal(goal).values


def test_a_condition_says_when_not_what() -> None:
    parsed = parse_goal("When I stop touching the phone, switch the screen off quickly")
    assert parsed.state is False and "touching" not in parsed.words


@pytest.mark.parametrize(
    "goal",
    ["Make a note of the cafés where my favourite photos were taken", "Text Bo my favourite song"],
)
def test_favourite_describing_a_thing_is_no_command(goal: str) -> None:
    assert parse_goal(goal).verb != "favorite"


def test_a_person_the_story_names_is_saved_under_their_name() -> None:
    goal = "Ada Obi is our new plumber. Add her as a contact with the number +44 20 7946 0958"
    values = parse_goal(goal).values
    assert Value("first", "Ada") in values and Value("last", "Obi") in values
    assert Value("phone", "+44 20 7946 0958") in values  # spaces and all


def test_setting_up_again_an_alarm_the_story_tells_of_gives_its_time() -> None:
    parsed = parse_goal("My 6:40 gym alarm is gone. Please set it up again")
    assert parsed.intent is Intent.ENTER
    assert parsed.values == (Value("hour", "6"), Value("minute", "40"))


@pytest.mark.parametrize(
    ("goal", "rank"),
    [
        ("Star my newest recording", 0),
        ("Put my most recent photo in Favorites", 0),
        ("Pin my oldest note", -1),
        ("Pin the Groceries note", None),  # named, not told by its age
    ],
)
def test_an_item_told_by_its_age(goal: str, rank: int | None) -> None:
    parsed = parse_goal(goal)
    assert parsed.rank == rank and "Favorites" not in parsed.names


def test_things_listed_by_their_words_each_get_a_command_that_loses_nothing() -> None:
    pinned = parse_goal("Keep my packing list and the budget at the top of my notes")
    assert pinned.verb == "pin" and pinned.items == ("packing list", "budget")
    # removing things wants names written as names
    assert parse_goal("Delete my packing list and the budget").items == ()
