"""The apps' search boxes match as Android's own apps do: folded letters, word prefixes in
any order, dates and phone numbers in any wording, and the old substring as a floor."""

from __future__ import annotations

import re

import pytest

from device.virtual import PhoneConfig, VirtualPhone
from device.virtual.ui.search import matches
from tests.device.virtual.test_app_contacts import CONTACTS, User
from tests.device.virtual.test_app_gallery import PHOTOS
from tests.device.virtual.test_app_notes import KEEP


@pytest.mark.parametrize(
    ("query", "fields"),
    [
        ("", ["anything"]),
        ("   ", ["anything"]),
        ("cafe", ["Café ideas"]),
        ("CAFÉ", ["cafe ideas"]),
        ("amelie laurent", ["Amélie Laurent"]),
        ("munchen", ["Trip to München"]),
        ("carter ben", ["Ben Carter"]),
        ("ben", ["Ben Carter"]),
        ("car be", ["Ben Carter"]),
        ("en", ["Ben Carter"]),
        ("ben 312", ["Ben Carter", "(312) 555-0190"]),
        ("wi fi", ["Wi\u2011Fi at the cabin"]),
        ("lake", ["PXL_20261126_131731001.jpg", "Nov 26, 2026", "Lake Tahoe"]),
        ("jpg", ["PXL_20261126_131731001.jpg"]),
        ("November 22", ["Nov 22, 2026"]),
        ("Nov 22", ["Nov 22, 2026"]),
        ("22 Nov", ["Nov 22, 2026"]),
        ("22 november", ["Nov 22, 2026"]),
        ("22nd of November", ["Nov 22, 2026"]),
        ("NOVEMBER 22, 2026", ["Nov 22, 2026"]),
        ("Nov 22", ["Meet on 22 November"]),
        ("sept 3", ["Sep 3"]),
        ("home 22 nov", ["Nov 22, 2026", "Home"]),
        ("november", ["Nov 28, 2026"]),
        ("nove", ["Nov 28, 2026"]),
        ("nov", ["November 28"]),
        ("mar smith", ["Mark Smith"]),
        ("5550100", ["(650) 555-0100"]),
        ("555 0100", ["(650) 555-0100"]),
        ("555-0100", ["(650) 555-0100"]),
        ("(650) 555-0100", ["(650) 555-0100"]),
        ("+1 650 555 0100", ["(650) 555-0100"]),
        ("+1 (650) 555-0100", ["650.555.0100"]),
        ("06 12 34 56 78", ["+33 6 12 34 56 78"]),
        ("+33 6 12 34 56 78", ["06 12 34 56 78"]),
        ("0100", ["Mom", "(650) 555-0100"]),
    ],
)
def test_query_finds(query: str, fields: list[str]) -> None:
    assert matches(query, fields)


@pytest.mark.parametrize(
    ("query", "fields"),
    [
        ("cafe", ["Groceries"]),
        ("ben carter", ["Ben Smith"]),
        ("ben zed", ["Ben Carter"]),
        ("22 Nov", ["Nov 28, 2026"]),
        ("November 22", ["Dec 22, 2026"]),
        ("Nov 22 2025", ["Nov 22, 2026"]),
        ("jun", ["July 3"]),
        ("sept", ["Oct 3"]),
        ("5550199", ["(650) 555-0100"]),
        ("+1 650 555 0199", ["(650) 555-0100"]),
        ("2820", ["Nov 28, 2026"]),
        ("555-01759", ["(408) 555-0175"]),
        ("-", ["Ben Carter"]),
    ],
)
def test_query_does_not_find(query: str, fields: list[str]) -> None:
    assert not matches(query, fields)


def test_every_old_substring_match_still_matches() -> None:
    """The rule before was `query.lower() in field.lower()`: no item may stop matching."""
    phone = VirtualPhone(PhoneConfig())
    phone.start_app(CONTACTS)
    contacts = phone.ui.store.report(CONTACTS)["contacts"]
    assert isinstance(contacts, list)
    for contact in contacts:
        for text in (contact["name"], contact["phone"]):
            folded = text.lower()
            for size in range(1, 6):
                for start in range(len(folded) - size + 1):
                    query = folded[start : start + size]
                    assert matches(query, [text]), (query, text)
                    assert matches(query.upper(), [text]), (query, text)


@pytest.fixture
def contacts_user() -> User:
    phone = VirtualPhone(PhoneConfig())
    phone.start_app(CONTACTS)
    user = User(phone)
    user.tap("Search contacts")
    return user


def test_contacts_search_by_name_in_any_order_and_without_accents(contacts_user: User) -> None:
    phone = contacts_user.phone
    phone.type_text("carter ben")
    assert contacts_user.texts("title") == ["Ben Carter"]
    phone.clear_text()
    phone.type_text("amelie")
    assert contacts_user.texts("title") == ["Amélie Laurent"]


def test_contacts_search_by_phone_number_in_another_wording(contacts_user: User) -> None:
    phone = contacts_user.phone
    records = phone.ui.store.report(CONTACTS)["contacts"]
    assert isinstance(records, list)
    shown = next(c for c in records if re.fullmatch(r"\(\d{3}\) \d{3}-\d{4}", c["phone"]))
    area, middle, last = re.findall(r"\d+", shown["phone"])
    same = sorted(c["name"] for c in records if c["phone"] == shown["phone"])
    phone.type_text(f"+1 {area} {middle} {last}")
    assert sorted(contacts_user.texts("title")) == same
    phone.clear_text()
    phone.type_text(middle + last)
    assert shown["name"] in contacts_user.texts("title")


def test_photos_search_finds_a_date_in_any_wording() -> None:
    user = User(VirtualPhone(PhoneConfig()))
    user.phone.start_app(PHOTOS)
    user.tap("Search")
    user.tap("search_query")
    results = {}
    for query in ("Nov 22", "22 November", "november 22"):
        user.phone.clear_text()
        user.phone.type_text(query)
        results[query] = user.texts("summary")
    found = results["Nov 22"]
    assert found and all(s.startswith("Nov 22, 2026 · ") for s in found)
    assert results["22 November"] == results["november 22"] == found


def test_keep_search_ignores_accents() -> None:
    user = User(VirtualPhone(PhoneConfig()))
    user.phone.start_app(KEEP)
    assert user.phone.wait_until(lambda: user.sees("Groceries"), timeout_s=3)
    user.tap("Search your notes")
    user.phone.type_text("creme cafe")
    titles = user.texts("title")
    assert "Café ideas" in titles and "Groceries" not in titles
