"""How a request is split into clauses and what state, reference and extreme each asks for."""

from __future__ import annotations

import pytest

from lexicon.clauses import Clause, clauses, extreme, instructions, refers_back, wanted_state


def _texts(goal: str) -> list[str]:
    return [clause.text for clause in clauses(goal)]


def _clause(text: str, context: str | None = None) -> Clause:
    return Clause(text, text if context is None else context)


# -- clauses ---------------------------------------------------------------------------------


def test_a_single_request_stays_one_clause() -> None:
    """A plain request comes back whole, as its own clause."""
    assert _texts("Turn on Bluetooth") == ["Turn on Bluetooth"]


@pytest.mark.parametrize(
    ("goal", "expected"),
    [
        pytest.param(
            "My phone keeps buzzing at night. Turn on Do Not Disturb",
            ["Turn on Do Not Disturb"],
            id="my-story",
        ),
        pytest.param(
            "I keep missing the bus. Set an alarm for 7:40",
            ["Set an alarm for 7:40"],
            id="i-story",
        ),
        pytest.param(
            "Open the camera. My kid is about to blow out the candles",
            ["Open the camera"],
            id="story-after-request",
        ),
    ],
)
def test_a_story_sentence_is_dropped_when_another_sentence_asks(
    goal: str, expected: list[str]
) -> None:
    """The reason a user gives is not treated as something to do."""
    assert _texts(goal) == expected


@pytest.mark.parametrize(
    "goal",
    [
        pytest.param("I want the screen to stay on longer", id="i-want"),
        pytest.param("I need a louder ringtone", id="i-need"),
        pytest.param("I'd like my photos backed up", id="i-would-like"),
    ],
)
def test_a_wish_counts_as_a_request(goal: str) -> None:
    """'I want ...' is kept as a request even though it starts with a subject."""
    assert _texts(f"My phone is new. {goal}") == [goal]


@pytest.mark.parametrize(
    ("goal", "expected"),
    [
        pytest.param(
            "Turn on Wi-Fi and open Chrome", ["Turn on Wi-Fi", "open Chrome"], id="and-verb"
        ),
        pytest.param(
            "Mute the phone, then open Maps", ["Mute the phone", "open Maps"], id="comma-then"
        ),
        pytest.param(
            "Take a screenshot and then share it with Ann",
            ["Take a screenshot", "share it with Ann"],
            id="and-then",
        ),
    ],
)
def test_two_verb_phrases_joined_by_and_are_two_clauses(goal: str, expected: list[str]) -> None:
    """Two requests joined by 'and' or 'then' are carried out one after the other."""
    assert _texts(goal) == expected


@pytest.mark.parametrize(
    "goal",
    [
        pytest.param("Text Ann Lee and Bob Ray", id="capitalised-names"),
        pytest.param("Pause the music and the timer", id="determiner"),
        pytest.param("Clear the cache and cookies", id="one-word-object"),
        pytest.param("Mute both calls and all alerts", id="quantifier"),
    ],
)
def test_and_between_objects_does_not_split(goal: str) -> None:
    """A list of things to act on stays one request."""
    assert _texts(goal) == [goal]


@pytest.mark.parametrize(
    ("goal", "expected"),
    [
        pytest.param(
            "Keep Wi-Fi off; turn on Bluetooth",
            ["Keep Wi-Fi off", "turn on Bluetooth"],
            id="semicolon",
        ),
        pytest.param(
            "Lower the volume: mute the ringer too",
            ["Lower the volume", "mute the ringer too"],
            id="colon",
        ),
    ],
)
def test_a_semicolon_or_colon_separates_requests(goal: str, expected: list[str]) -> None:
    """Requests parted by ';' or ':' are separate clauses."""
    assert _texts(goal) == expected


@pytest.mark.parametrize(
    ("goal", "expected"),
    [
        pytest.param("When I'm abroad, turn off mobile data", ["turn off mobile data"], id="when"),
        pytest.param(
            "If it rains tomorrow, remind me to take an umbrella",
            ["remind me to take an umbrella"],
            id="if",
        ),
        pytest.param("Before I go to bed, dim the screen", ["dim the screen"], id="before"),
    ],
)
def test_a_leading_condition_is_dropped(goal: str, expected: list[str]) -> None:
    """'When I'm abroad, ...' says when, not what: only the request is kept."""
    assert _texts(goal) == expected


@pytest.mark.parametrize(
    ("goal", "expected"),
    [
        pytest.param(
            "Turn on Do Not Disturb when I drive", ["Turn on Do Not Disturb"], id="when-i"
        ),
        pytest.param(
            "Silence notifications while we're in the cinema",
            ["Silence notifications"],
            id="while-we",
        ),
        pytest.param(
            "Charge only to 80% because my battery is old",
            ["Charge only to 80%"],
            id="because-my",
        ),
    ],
)
def test_a_trailing_condition_with_its_own_subject_is_dropped(
    goal: str, expected: list[str]
) -> None:
    """A condition after the request with its own subject is not part of the request."""
    assert _texts(goal) == expected


@pytest.mark.parametrize(
    "goal",
    [
        pytest.param("Lock the screen after 5 minutes", id="after-minutes"),
        pytest.param("Keep the torch on until 10 pm", id="until-time"),
    ],
)
def test_a_trailing_time_is_kept(goal: str) -> None:
    """'after 5 minutes' is part of what the user asks for, so it stays."""
    assert _texts(goal) == [goal]


def test_every_clause_keeps_the_whole_goal_as_context() -> None:
    """Each clause remembers the full request it came from."""
    goal = "My  phone is slow. Close all apps and   restart it"
    found = clauses(goal)
    assert [clause.text for clause in found] == ["Close all apps", "restart it"]
    assert {clause.context for clause in found} == {
        "My phone is slow. Close all apps and restart it"
    }


def test_when_no_sentence_asks_every_sentence_is_the_request() -> None:
    """A request told as a story is taken whole rather than ignored."""
    goal = "My battery dies fast. I barely use GPS"
    assert instructions(goal) == ["My battery dies fast", "I barely use GPS"]
    assert _texts(goal) == ["My battery dies fast", "I barely use GPS"]


def test_instructions_returns_only_the_asking_sentences() -> None:
    """Only the sentences that ask come back, in order, without end punctuation."""
    goal = "I lost my glasses. Make the text bigger! Also, raise the brightness."
    assert instructions(goal) == ["Make the text bigger", "Also, raise the brightness"]


# -- wanted_state ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Turn on dark mode", id="turn-on"),
        pytest.param("Enable location", id="enable"),
        pytest.param("Show battery percentage", id="plain-verb"),
    ],
)
def test_a_request_wants_the_switch_on_by_default(text: str) -> None:
    """A request that does not negate wants the setting on."""
    assert wanted_state(_clause(text)) is True


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Turn off dark mode", id="turn-off"),
        pytest.param("Switch off the flashlight", id="switch-off"),
        pytest.param("Disable NFC", id="disable"),
        pytest.param("Stop apps from tracking my location", id="stop-from"),
        pytest.param("Don't vibrate on calls", id="dont"),
        pytest.param("Never ring during meetings", id="never"),
        pytest.param("Play music without ads", id="without"),
    ],
)
def test_a_negated_or_stopping_request_wants_the_switch_off(text: str) -> None:
    """'turn off', 'disable', 'don't' and the like want the setting off."""
    assert wanted_state(_clause(text)) is False


def test_undo_after_switching_on_wants_it_off() -> None:
    """Undoing a change that turned something on turns it back off."""
    clause = _clause("Undo that", "I switched airplane mode on by mistake. Undo that")
    assert wanted_state(clause) is False


def test_undo_after_switching_off_wants_it_on() -> None:
    """Undoing a change that turned something off turns it back on."""
    clause = _clause("Revert it", "I turned Bluetooth off by accident. Revert it")
    assert wanted_state(clause) is True


@pytest.mark.parametrize(
    ("text", "label", "expected"),
    [
        pytest.param("Turn on call screening", "Don't show caller ID", False, id="on-negated"),
        pytest.param("Turn off previews", "Don't show previews", True, id="off-negated"),
        pytest.param("Turn off previews", "Show previews", False, id="off-plain"),
    ],
)
def test_a_negated_label_flips_the_answer(text: str, label: str, expected: bool) -> None:
    """Turning off a 'Don't ...' switch means switching it on."""
    assert wanted_state(_clause(text), label) is expected


def test_a_leading_condition_does_not_count_as_a_negation() -> None:
    """A 'don't' in the condition does not change what the request wants."""
    clause = _clause("If I don't answer, turn on voicemail")
    assert wanted_state(clause) is True


# -- refers_back -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("switch it off", id="switch-it-off"),
        pytest.param("undo that", id="undo-that"),
        pytest.param("do it again", id="do-it-again"),
    ],
)
def test_a_bare_pronoun_leans_on_the_context(text: str) -> None:
    """'switch it off' means nothing without what came before it."""
    assert refers_back(_clause(text)) is True


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("turn off the 8:05 one", id="says-which-one"),
        pytest.param("turn on Wi-Fi", id="no-pronoun"),
        pytest.param("send that photo to Ann by email", id="pronoun-with-more"),
    ],
)
def test_a_clause_that_says_more_stands_on_its_own(text: str) -> None:
    """A clause that names what it acts on does not need the context."""
    assert refers_back(_clause(text)) is False


def test_names_are_ignored_when_deciding_whether_a_clause_refers_back() -> None:
    """An app's name says where, not what: 'Put that in the Clock app' still leans back."""
    clause = _clause("Put that in the Clock app")
    assert refers_back(clause, names=frozenset({"clock", "app"})) is True


# -- extreme ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Set the shortest screen timeout", 0, id="shortest"),
        pytest.param("Use the lowest brightness", 0, id="lowest"),
        pytest.param("Put the volume at minimum", 0, id="minimum"),
        pytest.param("Keep the screen on for the longest time", -1, id="longest"),
        pytest.param("Record video in the best quality", -1, id="best"),
        pytest.param("Turn the ringer to maximum", -1, id="maximum"),
        pytest.param("Dim the screen as soon as the phone allows", 0, id="as-soon-as"),
        pytest.param("Make the ringtone as loud as possible", -1, id="as-loud-as"),
        pytest.param("Leave it as it is", None, id="as-it-is"),
        pytest.param("Set the timeout to 2 minutes", None, id="neither"),
        pytest.param("Pick the shortest route with the best view", None, id="both"),
    ],
)
def test_a_superlative_picks_the_first_or_last_option(text: str, expected: int | None) -> None:
    """'shortest' picks the first option, 'longest' the last, anything else none."""
    assert extreme(text) == expected


@pytest.mark.parametrize(
    ("text", "label", "expected"),
    [
        ("Lock the screen orientation", "Auto-rotate screen", False),
        ("Fix the brightness where it is", "Adaptive brightness", False),
        ("Lock the screen with a sound", "Screen lock sound", True),
    ],
)
def test_holding_a_thing_still_stops_what_changes_it_on_its_own(
    text: str, label: str, expected: bool
) -> None:
    assert wanted_state(Clause(text, text), label) is expected
