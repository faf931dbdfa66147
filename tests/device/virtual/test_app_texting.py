"""Texting as a person does on a real phone: Messages texts a number that is no contact,
and Contacts' Text button opens the conversation with that contact (an SMS intent)."""

from __future__ import annotations

import json
from typing import Any

import pytest
import uiautomator2 as u2
from pydantic import ValidationError

from device.virtual import PhoneConfig, VirtualPhone
from device.virtual.ui.schema import AppSpec, Condition, LaunchAction
from tests.device.virtual.test_app_contacts import User

MESSAGES = "com.google.android.apps.messaging"
CONTACTS = "com.google.android.contacts"
CONVERSATION_ACTIVITY = f"{MESSAGES}.ui.conversation.ConversationActivity"
ENTER = 66
BACK = 4


@pytest.fixture
def texter() -> User:
    """A person in Messages (contacts access allowed) who tapped Start chat."""
    user = User(VirtualPhone(PhoneConfig()))
    user.phone.start_app(MESSAGES)
    user.tap("Allow")
    user.tap("Start chat")
    return user


@pytest.fixture
def browser() -> User:
    """A person looking at the contact list on a fresh phone."""
    user = User(VirtualPhone(PhoneConfig()))
    user.phone.start_app(CONTACTS)
    return user


def stored(phone: VirtualPhone, name: str) -> list[dict[str, str]]:
    records = phone.ui.store.report(MESSAGES)[name]
    assert isinstance(records, list)
    return records


def thread_of(phone: VirtualPhone, address: str) -> dict[str, str] | None:
    return next((c for c in stored(phone, "conversations") if c["id"] == address), None)


def title(user: User) -> str:
    """The toolbar title: the first text node that is no status bar item."""
    found = user.find("Navigate up")
    assert found is not None, "no toolbar with Navigate up on screen"
    texts = [n["text"] for n in user.nodes() if n["text"] and n["package"] == MESSAGES]
    return texts[0]


def focused(user: User) -> str:
    """The resource-id name of the focused field (the one the keyboard types into)."""
    names = [n["resource-id"].split("/")[-1] for n in user.nodes() if n["focused"] == "true"]
    return names[0] if names else ""


# -- Messages: a number that is no contact -------------------------------------------------


@pytest.mark.parametrize(
    "number",
    ["555-0199", "+1 (555) 010-0199", "555 010 0199", "(555)0100199", "+442079460958"],
)
def test_typing_a_number_offers_to_send_to_it(texter: User, number: str) -> None:
    texter.phone.type_text(number)
    assert texter.texts("title")[0] == f"Send to {number}"


@pytest.mark.parametrize("typed", ["zo", "", "+", "(-)"])
def test_names_and_bare_signs_offer_no_number(texter: User, typed: str) -> None:
    texter.phone.type_text(typed)
    assert not any(text.startswith("Send to") for text in texter.texts("title"))


def test_texting_a_new_number_creates_its_conversation(texter: User) -> None:
    phone = texter.phone
    phone.type_text("555-0199")
    texter.tap("Send to 555-0199")
    assert phone.foreground() == (MESSAGES, CONVERSATION_ACTIVITY)
    assert title(texter) == "555-0199"
    assert focused(texter) == "compose_message_text"
    assert thread_of(phone, "555-0199") is None  # nothing stored before a message is sent

    phone.type_text("Is this the bakery?")
    texter.tap("Send SMS")
    assert texter.texts("message_text") == ["Is this the bakery?"]
    thread = thread_of(phone, "555-0199")
    assert thread is not None
    assert thread["contact"] == thread["phone"] == "555-0199"
    assert thread["snippet"] == "You: Is this the bakery?"
    assert {"thread": "555-0199", "text": "Is this the bakery?", "outgoing": "1"}.items() <= (
        stored(phone, "messages")[-1].items()
    )
    texter.tap("Navigate up")
    assert texter.texts("title")[0] == "555-0199"
    assert texter.texts("summary")[0] == "You: Is this the bakery?"


def test_enter_in_the_to_field_starts_the_conversation(texter: User) -> None:
    phone = texter.phone
    phone.type_text("+1 (555) 010-0199")
    phone.press_key(ENTER)
    assert title(texter) == "+1 (555) 010-0199"
    phone.type_text("Hello")
    texter.tap("Send SMS")
    thread = thread_of(phone, "+1 (555) 010-0199")
    assert thread is not None and thread["contact"] == "+1 (555) 010-0199"
    assert stored(phone, "messages")[-1]["text"] == "Hello"


def test_enter_after_a_name_stays_on_the_contact_picker(texter: User) -> None:
    texter.phone.type_text("Maya")
    texter.phone.press_key(ENTER)
    assert title(texter) == "New conversation"
    assert texter.sees("Maya Patel")


def test_the_number_of_an_existing_thread_opens_that_thread(texter: User) -> None:
    phone = texter.phone
    phone.type_text("(650) 555-0100")
    texter.tap("Send to (650) 555-0100")
    assert title(texter) == "Mom"
    assert texter.texts("message_text")[-1] == "Perfect, see you at 6"
    count = len(stored(phone, "conversations"))
    texter.tap("Text message")
    phone.type_text("On my way")
    texter.tap("Send SMS")
    assert len(stored(phone, "conversations")) == count
    assert stored(phone, "messages")[-1]["thread"] == "(650) 555-0100"


# -- Contacts: the Text button --------------------------------------------------------------


def test_text_opens_the_existing_conversation_with_the_contact(browser: User) -> None:
    phone = browser.phone
    browser.tap("Aaliyah Brooks")
    browser.tap("Text")
    browser.tap("Allow")  # Messages' first launch asks for contacts
    assert phone.foreground() == (MESSAGES, CONVERSATION_ACTIVITY)
    assert title(browser) == "Aaliyah Brooks"
    assert browser.texts("message_text") == ["Happy birthday! Hope you have a great day."]
    browser.tap("Text message")
    phone.type_text("Thank you!")
    browser.tap("Send SMS")
    assert stored(phone, "messages")[-1]["thread"] == "(415) 555-0132"
    thread = thread_of(phone, "(415) 555-0132")
    assert thread is not None and thread["snippet"] == "You: Thank you!"


def test_text_opens_a_new_conversation_ready_to_type(browser: User) -> None:
    phone = browser.phone
    phone.ui.store.decide(MESSAGES, "granted")
    browser.tap("Adam Novak")
    phone_number = next(
        c["phone"] for c in phone.ui.store.report(CONTACTS)["contacts"] if c["name"] == "Adam Novak"
    )
    browser.tap("Text")
    assert phone.foreground() == (MESSAGES, CONVERSATION_ACTIVITY)
    assert title(browser) == "Adam Novak"
    assert browser.sees(f"Send a message to {phone_number}")
    assert thread_of(phone, phone_number) is None
    assert focused(browser) == "compose_message_text"
    phone.type_text("Lunch tomorrow?")
    browser.tap("Send SMS")
    thread = thread_of(phone, phone_number)
    assert thread is not None and thread["contact"] == "Adam Novak"
    assert browser.texts("message_text") == ["Lunch tomorrow?"]


def test_the_message_icon_of_the_phone_row_texts_too(browser: User) -> None:
    browser.phone.ui.store.decide(MESSAGES, "granted")
    browser.tap("Aaliyah Brooks")
    browser.tap("Send a message to Aaliyah Brooks")
    assert title(browser) == "Aaliyah Brooks"
    assert browser.texts("message_text") == ["Happy birthday! Hope you have a great day."]


def test_text_while_messages_shows_another_thread(browser: User) -> None:
    phone = browser.phone
    phone.ui.store.decide(MESSAGES, "granted")
    phone.start_app(MESSAGES)
    browser.tap("Mom")
    phone.start_app(CONTACTS)
    browser.tap("Aaliyah Brooks")
    browser.tap("Text")
    assert title(browser) == "Aaliyah Brooks"
    phone.press_key(BACK)
    assert title(browser) == "Mom"  # the thread left open is still there below


def test_text_does_nothing_for_a_contact_without_a_number(browser: User) -> None:
    phone = browser.phone
    browser.tap("Create contact")
    phone.type_text("Nobody")
    browser.tap("Save")
    before = phone.foreground()
    browser.tap("Text")
    assert phone.foreground() == before
    assert all(c["contact"] != "Nobody" for c in stored(phone, "conversations"))


def test_text_a_contact_through_uiautomator2(serial: str) -> None:
    d = u2.connect(serial)
    d.settings["wait_timeout"] = 3
    try:
        d.shell(f"pm grant {MESSAGES} android.permission.READ_CONTACTS")
        d.app_start(CONTACTS)
        d(text="Daniel Okafor").click()
        d(description="Text").click()
        assert d(text="Can you send me the slides before Monday?").wait(timeout=3)
        assert d.app_current()["activity"] == CONVERSATION_ACTIVITY
        d(text="Text message").set_text("Sent them just now")
        d(description="Send SMS").click()
        assert d(text="Sent them just now").wait(timeout=3)
        state = json.loads(d.shell(f"vphone state {MESSAGES}").output)
        assert state["messages"][-1]["thread"] == "(469) 555-0115"
    finally:
        d.stop_uiautomator(wait=False)


# -- the schema features these use ----------------------------------------------------------


def app_with(screens: dict[str, Any]) -> dict[str, Any]:
    return {
        "package": "com.example.trampoline",
        "label": "Trampoline",
        "activity": ".Main",
        "root": "main",
        "screens": {"main": {}, **screens},
    }


def test_on_open_may_not_open_another_on_open_screen() -> None:
    hop = {"on_open": {"do": "open", "screen": "main", "replace": True}}
    with pytest.raises(ValidationError, match="without an on_open of its own"):
        AppSpec.model_validate(app_with({"a": hop, "main": hop}))


def test_on_open_may_not_launch_an_app() -> None:
    launch = {"do": "launch", "package": MESSAGES}
    with pytest.raises(ValidationError, match="cannot run as the screen opens"):
        AppSpec.model_validate(app_with({"a": {"on_open": launch}}))


def test_launch_names_an_activity_or_a_screen_not_both() -> None:
    with pytest.raises(ValidationError, match="not both"):
        LaunchAction(do="launch", package=MESSAGES, activity=".Main", screen="conversation")


def test_matches_must_be_a_regular_expression() -> None:
    with pytest.raises(ValidationError, match="bad regular expression"):
        Condition(state="query", matches="[0-9")
