"""Keep Notes keeps what you wrote when you leave the editor by Back or Navigate up, as
the real app does, and discards a note left empty; the same through uiautomator2."""

from __future__ import annotations

import json

import uiautomator2 as u2

from tests.device.virtual import test_app_notes
from tests.device.virtual.test_app_contacts import User
from tests.device.virtual.test_app_notes import BACK, KEEP, notes

BROWSE = "com.google.android.keep.activities.BrowseActivity"
user = test_app_notes.user
"""Keep Notes open on a fresh phone, its list shown (the notes tests' fixture)."""


def test_back_key_saves_the_new_note(user: User) -> None:
    phone = user.phone
    before = len(notes(phone))
    user.tap("Create a note")
    phone.type_text("Call the plumber")
    assert phone.ui.ime_shown()
    phone.press_key(BACK)  # the first Back only hides the keyboard
    assert not phone.ui.ime_shown() and user.sees("Call the plumber")
    phone.press_key(BACK)
    assert phone.foreground()[1] == BROWSE
    assert len(notes(phone)) == before + 1
    assert notes(phone)[-1]["body"] == "Call the plumber"
    others = user.texts("summary")
    assert "Call the plumber" in others


def test_navigate_up_saves_title_and_text(user: User) -> None:
    phone = user.phone
    user.tap("Create a note")
    phone.type_text("Tent, stove")
    user.tap("Title")
    phone.type_text("Camping")
    user.tap("Navigate up")
    assert phone.foreground()[1] == BROWSE
    assert {"title": "Camping", "body": "Tent, stove"}.items() <= notes(phone)[-1].items()
    titles = user.texts("title")
    assert titles[titles.index("Others") + 1] == "Camping"


def test_done_saves_once(user: User) -> None:
    phone = user.phone
    before = len(notes(phone))
    user.tap("Create a note")
    phone.type_text("Only once")
    user.tap("Done")
    assert len(notes(phone)) == before + 1
    assert phone.foreground()[1] == BROWSE


def test_empty_note_is_discarded_on_back(user: User) -> None:
    phone = user.phone
    before = len(notes(phone))
    user.tap("Create a note")
    phone.press_key(BACK)
    phone.press_key(BACK)
    assert phone.foreground()[1] == BROWSE
    assert phone.ui.last_toast() == "Empty note discarded"
    assert len(notes(phone)) == before


def test_emptied_note_is_discarded_on_back(user: User) -> None:
    phone = user.phone
    user.tap("Gift ideas")
    gone = next(n for n in notes(phone) if n["title"] == "Gift ideas")["id"]
    user.tap("Gift ideas")
    phone.clear_text()
    user.tap("Mom: scarf\nDad: espresso beans\nSofia: watercolour set")
    phone.clear_text()
    user.tap("Navigate up")
    assert phone.foreground()[1] == BROWSE
    assert phone.ui.last_toast() == "Empty note discarded"
    assert all(n["id"] != gone for n in notes(phone))
    assert not user.sees("Gift ideas")


def test_edited_note_stays_after_back(user: User) -> None:
    phone = user.phone
    before = len(notes(phone))
    user.tap("Book list")
    user.tap("Book list")
    phone.type_text(" 2027")
    phone.press_key(BACK)
    phone.press_key(BACK)
    assert phone.foreground()[1] == BROWSE
    assert len(notes(phone)) == before
    assert user.sees("Book list 2027")


def test_back_saves_a_note_through_uiautomator2(serial: str) -> None:
    d = u2.connect(serial)
    d.settings["wait_timeout"] = 3
    try:
        d.app_start(KEEP)
        d(description="Create a note").click()
        d(text="Note").set_text("Renew passport")
        d.press("back")  # hides the keyboard
        d.press("back")  # leaves the editor
        assert d(text="Renew passport").wait(timeout=3)
        assert d.app_current()["activity"] == BROWSE
        state = json.loads(d.shell(f"vphone state {KEEP}").output)
        assert state["notes"][-1]["body"] == "Renew passport"
    finally:
        d.stop_uiautomator(wait=False)
