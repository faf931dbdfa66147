"""The matcher's parts: normalisation, the icon vocabulary, antonyms, target descriptions."""

from __future__ import annotations

import pytest

import aci
from grounding.matcher import phrase_score
from grounding.target import parse_target
from lexicon.icons import icons_of_label, icons_of_phrase
from lexicon.text import id_words, words


@pytest.mark.parametrize("spelling", ["Wi-Fi", "WiFi", "wifi", "WI\u2011FI", "Wi Fi"])
def test_wifi_spellings_match_exactly(spelling: str) -> None:
    assert phrase_score(words(spelling), words("Wi-Fi")) == (1.0, "exact")


def test_case_accents_plurals_and_ampersands_fold() -> None:
    assert words("Café Zoë") == words("cafe zoe")
    assert words("Notifications") == words("notification")
    assert words("Batteries") == words("battery")
    assert words("Network & internet") == words("network and internet")
    assert id_words("com.android.settings:id/search_src_text") == ("search", "src", "text")
    assert id_words("com.google.android.gm:id/composeFab") == ("compose", "fab")


@pytest.mark.parametrize(
    ("target", "label"),
    [
        ("Allow", "Don't allow"),
        ("Don't allow", "Allow"),
        ("Turn on", "Turn off"),
        ("Enable", "Disable"),
        ("Show password", "Hide password"),
        ("Add account", "Remove account"),
        ("Mute", "Unmute"),
    ],
)
def test_antonyms_never_match(target: str, label: str) -> None:
    score, kind = phrase_score(words(target), words(label))
    assert score < 0.2 and kind == "negated"


def test_partial_fuzzy_and_synonym_matches_rank_below_exact() -> None:
    exact, _ = phrase_score(words("Bluetooth"), words("Bluetooth"))
    fuzzy, kind = phrase_score(words("Bluetoth"), words("Bluetooth"))
    assert kind == "fuzzy" and 0.7 < fuzzy < exact
    synonym, kind = phrase_score(words("flight mode"), words("Airplane mode"))
    assert kind == "synonym" and 0.8 < synonym < exact
    part, kind = phrase_score(words("Wallpaper"), words("Wallpaper & style"))
    assert kind == "part" and 0.55 < part < synonym
    assert phrase_score(words("Allow"), words("Allow Gmail to send you notifications?"))[0] < 0.55


@pytest.mark.parametrize(
    ("phrase", "label"),
    [
        ("back arrow", "Navigate up"),
        ("three dots", "More options"),
        ("kebab menu", "More options"),
        ("hamburger", "Open navigation drawer"),
        ("magnifying glass", "Search"),
        ("plus", "Create"),
        ("trash can", "Delete"),
        ("pencil", "Edit"),
        ("paper plane", "Send SMS"),
        ("x", "Dismiss"),
        ("tick", "Done"),
        ("gear", "Settings"),
        ("mic", "Voice search"),
        ("paperclip", "Attach file"),
        ("bell", "Notifications"),
        ("avatar", "Account and settings."),
        ("divide", "\u00f7"),
        ("times", "\u00d7"),
        ("minus", "\u2212"),
        ("equals", "="),
        ("backspace", "\u232b"),
        ("decimal point", "."),
    ],
)
def test_icon_vocabulary_links_descriptions_to_app_labels(phrase: str, label: str) -> None:
    wanted = {c.key for c in icons_of_phrase(words(phrase))}
    found = {c.key for c in icons_of_label(words(label))}
    assert wanted & found, f"{phrase!r} should name what {label!r} labels"


def test_targets_are_taken_apart() -> None:
    icon = parse_target("the search icon")
    assert (icon.phrase, icon.role) == (("search",), aci.Role.ICON)
    field = parse_target("the Name field")
    assert (field.phrase, field.role) == (("name",), aci.Role.FIELD)
    switch = parse_target("the Wi-Fi switch")
    assert (switch.phrase, switch.role) == (("wifi",), aci.Role.SWITCH)
    second = parse_target("the second contact")
    assert (second.phrase, second.kind, second.ordinal) == ((), "contact", 2)
    assert parse_target("the last item").ordinal == -1
    assert parse_target("the second to last photo").ordinal == -2
    corner = parse_target("the plus button at the bottom right")
    assert (corner.phrase, corner.position) == (("plus",), (1.0, 1.0))
    below = parse_target('the field below "Email"')
    assert below.relation == "below" and below.anchor is not None
    assert below.anchor.phrase == ("email",) and below.role is aci.Role.FIELD
    beside = parse_target('the switch next to "Wi-Fi"')
    assert beside.relation == "near" and beside.anchor is not None
    row_switch = parse_target("the switch for Wi-Fi")
    assert row_switch.relation == "in" and row_switch.anchor is not None


@pytest.mark.parametrize("label", ["Sign in", "Add to favorites", "Terms of service", "Photos"])
def test_labels_with_relation_or_role_words_stay_whole(label: str) -> None:
    target = parse_target(label)
    assert target.relation is None and target.phrase == words(label)
