"""Reported speech made direct: the message a request tells of, addressed to its reader."""

from __future__ import annotations

import pytest

from lexicon.speech import Reported, reported


@pytest.mark.parametrize(
    ("request_", "expected"),
    [
        (
            "Ask Ann Lee whether she's coming to dinner",
            Reported("Ann Lee", "Are you coming to dinner?"),
        ),
        ("Ask Bo if he can pick up the kids", Reported("Bo", "Can you pick up the kids?")),
        ("ask her whether she has seen my keys", Reported("her", "Have you seen my keys?")),
        ("Tell Sam that I am running late", Reported("Sam", "I am running late.")),
        ("Tell him no, and that the match is off", Reported("him", "No, and the match is off.")),
        ("Tell Dr. Lee that he was right", Reported("Dr. Lee", "You were right.")),
        ("Remind Jo to bring the charger", Reported("Jo", "Remember to bring the charger.")),
        ("Let Ben know I landed", Reported("Ben", "I landed.")),
    ],
)
def test_the_words_told_of_become_the_message(request_: str, expected: Reported) -> None:
    assert reported(request_) == expected


@pytest.mark.parametrize(
    "request_",
    [
        "Turn off Wi-Fi",
        "Ask Ann for the address",
        "Tell me the time",
        "Delete Bo",
        "Tell Jo by text at what time the bus leaves",  # a value to look up
        "Tell Jo by text",
    ],
)
def test_a_request_that_tells_of_no_words_has_no_message(request_: str) -> None:
    assert reported(request_) is None
