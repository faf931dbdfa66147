"""What words mean on screens: tokens in any script, synonyms and opposites, icons by name."""

from __future__ import annotations

import pytest

from lexicon.icons import (
    icons_led_by,
    icons_of_glyph,
    icons_of_id,
    icons_of_label,
    icons_of_phrase,
    kin_of,
)
from lexicon.synonyms import conflicts, synonym_group, synonyms_of_word
from lexicon.text import id_words, lettered, normalise, stem, words


def test_cjk_characters_are_tokens_of_their_own_and_latin_words_stay_whole() -> None:
    assert words("视频") == ("视", "频")
    assert words("Play商店") == ("play", "商", "店")
    assert words("QQ音乐") == ("qq", "音", "乐")
    assert words("設定") == ("設", "定")


def test_width_case_accents_and_hyphens_fold() -> None:
    assert words("ＯＫ") == words("ok")
    assert words("Wi‑Fi") == words("wifi")
    assert normalise("Wi‑Fi  SETTINGS") == normalise("wi-fi settings")
    assert normalise("Café") != normalise("Cafe")  # an exact comparison keeps accents


@pytest.mark.parametrize(
    ("word", "form"),
    [("settings", "setting"), ("batteries", "battery"), ("news", "news"), ("series", "series")],
)
def test_plurals_fold_but_words_that_only_end_in_s_do_not(word: str, form: str) -> None:
    assert stem(word) == form


def test_resource_id_words_with_a_view_kind_glued_on_come_apart() -> None:
    assert id_words("com.voa:id/actionbar_sidemenu_toggle_button") == (
        "actionbar",
        "side",
        "menu",
        "toggle",
        "button",
    )
    assert id_words("cn.wps:id/titlebar_backbtn") == ("titlebar", "back", "btn")
    assert id_words("com.x:id/search_src_text") == ("search", "src", "text")


def test_synonyms_and_opposites() -> None:
    assert synonym_group(words("flight mode")) == synonym_group(words("Airplane mode"))
    assert "remove" in synonyms_of_word("delete")
    assert conflicts(words("Allow"), words("Don't allow"))
    assert conflicts(words("Turn on"), words("Turn off"))
    assert not conflicts(words("Allow"), words("Allow all the time"))


@pytest.mark.parametrize(
    ("description", "label"),
    [
        ("back arrow", "返回"),
        ("back arrow", "Zurück"),
        ("three dots", "Meer opties"),
        ("magnifying glass", "Cerca"),
        ("hamburger menu", "菜单"),
        ("microphone", "语音搜索"),
        ("next track", "下一曲"),
        ("eye", "Show password"),
        ("heart", "Favorite"),
    ],
)
def test_an_icon_described_in_english_answers_to_its_label_in_another_language(
    description: str, label: str
) -> None:
    wanted = {icon.key for icon in icons_of_phrase(words(description))}
    assert wanted & {icon.key for icon in icons_of_label(words(label))}


@pytest.mark.parametrize(("glyph", "key"), [("×", "close"), ("三", "drawer"), ("⋮", "more")])
def test_what_ocr_reads_in_a_glyph_names_its_icon(glyph: str, key: str) -> None:
    assert key in {icon.key for icon in icons_of_glyph(glyph)}


def test_a_word_is_never_read_as_a_glyph() -> None:
    assert icons_of_glyph("Search") == ()


def test_labels_led_by_an_icon_label_resource_ids_and_kin() -> None:
    assert "close" in {i.key for i in icons_led_by(words("Close feedback"))}
    assert "swap" in {i.key for i in icons_led_by(words("Swap start and destination"))}
    assert "drawer" in {i.key for i in icons_of_id(id_words("com.x:id/sidemenu_toggle"))}
    assert {"back", "delete"} <= kin_of(frozenset({"close"}))
    assert "back" not in kin_of(frozenset({"back"}))


@pytest.mark.parametrize(
    ("text", "holds"),
    [
        ("Save", True),
        ("返回", True),
        ("7", True),
        ("X", True),
        ("☆ ⋮", False),
        ("←", False),
        ("", False),
    ],
)
def test_lettered_tells_words_from_the_symbols_ocr_makes_of_drawings(
    text: str, holds: bool
) -> None:
    assert lettered(text) is holds
