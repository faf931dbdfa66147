"""Well-known Android apps: their names, their packages, and the words of a package name."""

from __future__ import annotations

import pytest

from lexicon.apps import (
    KNOWN_APPS,
    VENDOR_WORDS,
    app_key,
    is_package,
    known_app,
    known_app_of_package,
    package_words,
)


def test_every_known_package_is_a_package_name() -> None:
    packages = [package for app in KNOWN_APPS for package in app.packages]
    assert packages
    assert all(is_package(package) for package in packages)


def test_each_name_means_one_app() -> None:
    keys = [app_key(name) for app in KNOWN_APPS for name in app.names]
    assert len(keys) == len(set(keys))


def test_the_words_of_an_app_show_in_one_of_its_packages_and_say_what_it_is() -> None:
    for app in KNOWN_APPS:
        assert not set(app.words) & VENDOR_WORDS, app.names
        if app.words:
            found = any(word in package.lower() for word in app.words for package in app.packages)
            assert found, app.names


@pytest.mark.parametrize(
    ("name", "usual"),
    [
        ("Clock", "Clock"),
        ("alarm clock", "Clock"),
        ("ALARMS", "Clock"),
        ("Files by Google", "Files"),
        ("google  play", "Play Store"),
        ("Keep", "Keep Notes"),
        ("Samsung Notes", "Notes"),
        ("sms", "Messages"),
    ],
)
def test_a_name_finds_its_app_whatever_its_case_and_spacing(name: str, usual: str) -> None:
    known = known_app(name)
    assert known is not None and known.names[0] == usual


@pytest.mark.parametrize("name", ["Flappy Bird", "", "com.android.settings", "Clocks app"])
def test_a_name_of_no_well_known_app_finds_none(name: str) -> None:
    assert known_app(name) is None


@pytest.mark.parametrize(
    "name",
    ["com.android.settings", "com.google.android.GoogleCamera", "org.mozilla.firefox", "a.b_2"],
)
def test_package_names_are_told_from_app_names(name: str) -> None:
    assert is_package(name)


@pytest.mark.parametrize(
    "name", ["Clock", "Google Maps", "com.", ".com.android", "1com.android", "com..android", ""]
)
def test_app_names_and_broken_packages_are_not_packages(name: str) -> None:
    assert not is_package(name)


@pytest.mark.parametrize(
    ("package", "words"),
    [
        ("com.sec.android.app.clockpackage", ("clockpackage",)),
        ("com.google.android.apps.nbu.files", ("nbu", "files")),
        ("com.samsung.android.app.notes", ("notes",)),
        ("com.miui.gallery", ("gallery",)),
        ("com.google.android.GoogleCamera", ("googlecamera",)),
        ("com.example.my_notes", ("example", "my", "notes")),
        ("org.mozilla.firefox", ("mozilla", "firefox")),
    ],
)
def test_package_words_leave_out_who_made_the_app(package: str, words: tuple[str, ...]) -> None:
    assert package_words(package) == words


def test_a_package_listed_under_several_names_is_the_app_it_is_best_known_as() -> None:
    chrome = known_app_of_package("com.android.chrome")
    assert chrome is not None and chrome.names[0] == "Chrome"
    gallery = known_app_of_package("com.sec.android.gallery3d")
    assert gallery is not None and gallery.names[0] == "Photos"
    assert known_app_of_package("org.mozilla.firefox") is None


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Réglages", "reglages"),
        ("Files by Google", "files by google"),
        ("  Play-Store ", "play store"),
    ],
)
def test_names_compare_without_case_accents_or_punctuation(name: str, key: str) -> None:
    assert app_key(name) == key
