"""Messages, used as a person would: read the dumped hierarchy, tap node centres, type;
then check what the app stored."""

from __future__ import annotations

import json

import pytest
import uiautomator2 as u2

from device.virtual import PhoneConfig, VirtualPhone
from tests.device.virtual.test_app_contacts import User

MESSAGES = "com.google.android.apps.messaging"
CONTACTS = "com.google.android.contacts"
PERMISSION_CONTROLLER = "com.google.android.permissioncontroller"


@pytest.fixture
def user() -> User:
    """A person who opened Messages on a fresh phone and allowed contacts access."""
    user = User(VirtualPhone(PhoneConfig()))
    user.phone.start_app(MESSAGES)
    user.tap("Allow")
    return user


def stored(phone: VirtualPhone, name: str) -> list[dict[str, str]]:
    records = phone.ui.store.report(MESSAGES)[name]
    assert isinstance(records, list)
    return records


def test_first_launch_asks_for_contacts_once() -> None:
    user = User(VirtualPhone(PhoneConfig()))
    user.phone.start_app(MESSAGES)
    assert user.phone.foreground()[0] == PERMISSION_CONTROLLER
    assert user.sees("Allow Messages to access your contacts?")
    user.tap("Allow")
    assert user.phone.foreground() == (
        MESSAGES,
        "com.google.android.apps.messaging.ui.ConversationListActivity",
    )
    report = user.phone.ui.store.report(MESSAGES)
    assert report["permissions"] == {"android.permission.READ_CONTACTS": "granted"}
    user.phone.stop_app(MESSAGES)
    user.phone.start_app(MESSAGES)
    assert user.phone.foreground()[0] == MESSAGES


def test_conversations_newest_first_and_a_thread_in_bubbles(user: User) -> None:
    assert user.texts("title")[:3] == ["Mom", "Maya Patel", "Daniel Okafor"]
    user.tap("Mom")
    assert user.phone.foreground()[1].endswith(".ui.conversation.ConversationActivity")
    assert user.texts("message_text") == [
        "Are you coming for dinner on Sunday?",
        "Yes! I'll bring dessert.",
        "Great, your dad is making lasagna.",
        "Perfect, see you at 6",
    ]


def test_sending_adds_the_message_and_moves_the_thread_up(user: User) -> None:
    phone = user.phone
    user.tap("Sofia Rossi")
    user.tap("Text message")
    phone.type_text("See you soon")
    user.tap("Send SMS")
    assert user.texts("message_text")[-1] == "See you soon"
    assert user.sees("Text message")
    assert {"thread": "(917) 555-0136", "text": "See you soon", "outgoing": "1"}.items() <= (
        stored(phone, "messages")[-1].items()
    )
    user.tap("Navigate up")
    assert user.texts("title")[0] == "Sofia Rossi"
    assert user.texts("summary")[0] == "You: See you soon"


def test_start_chat_picks_a_contact_and_creates_the_conversation(user: User) -> None:
    phone = user.phone
    user.tap("Start chat")
    phone.type_text("zo")
    assert user.texts("title") == ["All contacts", "Zoë Adams"]
    user.tap("Zoë Adams")
    assert user.sees("Zoë Adams") and user.sees("Text message")
    assert all(c["contact"] != "Zoë Adams" for c in stored(phone, "conversations"))
    phone.type_text("Hi Zoë")
    user.tap("Send SMS")
    thread = next(c for c in stored(phone, "conversations") if c["contact"] == "Zoë Adams")
    assert thread["id"] == thread["phone"] == "(971) 555-0112"
    assert user.texts("message_text") == ["Hi Zoë"]
    user.tap("Navigate up")
    assert user.texts("title")[0] == "Zoë Adams"


def test_a_seed_gives_threads_with_seeded_contacts() -> None:
    phone = VirtualPhone(PhoneConfig(seed=11))
    user = User(phone)
    phone.start_app(MESSAGES)
    user.tap("Allow")
    people = {c["name"] for c in phone.ui.store.report(CONTACTS)["contacts"]}
    threads = stored(phone, "conversations")
    assert threads and all(t["contact"] in people for t in threads)
    first = user.texts("title")[0]
    thread = next(t for t in threads if t["contact"] == first)
    assert user.texts("summary")[0] == thread["snippet"] == f"You: {thread['reply']}"
    user.tap(first)
    assert user.texts("message_text") == [thread["text"], thread["reply"]]


def test_send_a_message_through_uiautomator2(serial: str) -> None:
    d = u2.connect(serial)
    d.settings["wait_timeout"] = 3
    try:
        d.app_start(MESSAGES)
        d(text="Allow").click()
        d(description="Start chat").click()
        d(resourceId=f"{MESSAGES}:id/recipient_text_view").set_text("Maya")
        d(text="Maya Patel").click()
        d(text="Text message").set_text("Running late")
        d(description="Send SMS").click()
        assert d(text="Running late").wait(timeout=3)
        state = json.loads(d.shell(f"vphone state {MESSAGES}").output)
        assert state["messages"][-1]["text"] == "Running late"
        assert state["conversations"][1]["snippet"] == "You: Running late"
    finally:
        d.stop_uiautomator(wait=False)
