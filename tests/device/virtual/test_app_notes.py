"""Keep Notes, used as a person would: read the dumped hierarchy, tap node centres, type;
then check what the app stored."""

from __future__ import annotations

import json

import pytest
import uiautomator2 as u2

from device.virtual import PhoneConfig, VirtualPhone
from tests.device.virtual.test_app_contacts import User

KEEP = "com.google.android.keep"
BACK = 4


@pytest.fixture
def user() -> User:
    """A person who opened Keep Notes on a fresh phone and waited for the list."""
    user = User(VirtualPhone(PhoneConfig()))
    user.phone.start_app(KEEP)
    assert user.phone.wait_until(lambda: user.sees("Groceries"), timeout_s=3)
    return user


def notes(phone: VirtualPhone) -> list[dict[str, str]]:
    records = phone.ui.store.report(KEEP)["notes"]
    assert isinstance(records, list)
    return records


def test_spinner_then_pinned_and_other_notes_and_search() -> None:
    user = User(VirtualPhone(PhoneConfig()))
    user.phone.start_app(KEEP)
    assert user.find("progress") is not None and not user.sees("Groceries")
    assert user.phone.wait_until(lambda: user.sees("Groceries"), timeout_s=3)
    assert not user.sees("progress")
    titles = user.texts("title")
    assert titles[:4] == ["Pinned", "Groceries", "Wi-Fi at the cabin", "Others"]
    user.tap("Search your notes")
    user.phone.type_text("München")
    assert "Trip to München" in user.texts("title")
    assert "Groceries" not in user.texts("title")
    user.phone.clear_text()
    user.phone.type_text("学习")
    assert "学习计划" in user.texts("title")


def test_new_note_is_kept_only_when_it_has_text(user: User) -> None:
    phone = user.phone
    before = len(notes(phone))
    user.tap("Create a note")
    assert phone.foreground()[1] == "com.google.android.keep.activities.EditorActivity"
    user.tap("Done")
    assert phone.ui.last_toast() == "Empty note discarded"
    assert len(notes(phone)) == before
    user.tap("Create a note")
    phone.type_text("Passport\nCharger")
    user.tap("Title")
    phone.type_text("Packing")
    user.tap("Done")
    assert phone.foreground()[1] == "com.google.android.keep.activities.BrowseActivity"
    assert {"title": "Packing", "body": "Passport\nCharger", "pinned": "0"}.items() <= notes(phone)[
        -1
    ].items()
    others = user.texts("title")
    assert others[others.index("Others") + 1] == "Packing"


def test_edit_pin_and_delete_a_note(user: User) -> None:
    phone = user.phone
    user.tap("Gift ideas")
    user.tap("Gift ideas")
    phone.type_text(" 2026")
    phone.press_key(BACK)
    user.tap("Pin")
    gift = next(n for n in notes(phone) if n["title"] == "Gift ideas 2026")
    assert gift["pinned"] == "1"
    user.tap("More options")
    user.tap("Delete")
    assert user.sees("Delete note?")
    user.tap("Delete")
    assert phone.foreground()[1] == "com.google.android.keep.activities.BrowseActivity"
    assert phone.ui.last_toast() == "Note moved to trash"
    assert all(n["id"] != gift["id"] for n in notes(phone))
    assert not user.sees("Gift ideas 2026")


def test_write_a_note_through_uiautomator2(serial: str) -> None:
    d = u2.connect(serial)
    d.settings["wait_timeout"] = 3
    try:
        d.app_start(KEEP)
        d(description="Create a note").click()
        d(text="Note").set_text("Buy stamps")
        d(description="Done").click()
        assert d(text="Buy stamps").wait(timeout=3)
        state = json.loads(d.shell(f"vphone state {KEEP}").output)
        assert state["notes"][-1]["body"] == "Buy stamps"
    finally:
        d.stop_uiautomator(wait=False)
