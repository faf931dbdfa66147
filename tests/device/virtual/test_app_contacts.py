"""The Contacts app, used as a person would: read the dumped hierarchy, tap node centres,
type; then check what the app stored."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest
import uiautomator2 as u2

from device.virtual import PhoneConfig, VirtualPhone

CONTACTS = "com.google.android.contacts"
BACK = 4


class User:
    """Looks at `uiautomator dump` and touches the centre of what it names."""

    def __init__(self, phone: VirtualPhone) -> None:
        self.phone = phone

    def nodes(self) -> list[dict[str, str]]:
        root = ET.fromstring(self.phone.hierarchy_xml(form="dump"))
        return [dict(node.attrib) for node in root.iter("node")]

    def find(self, label: str) -> dict[str, str] | None:
        """The first node whose text, content-desc or resource-id name is `label`."""
        for node in self.nodes():
            if label in (node["text"], node["content-desc"], node["resource-id"].split("/")[-1]):
                return node
        return None

    def sees(self, label: str) -> bool:
        return self.find(label) is not None

    def texts(self, resource_name: str) -> list[str]:
        """Texts of the nodes with this resource-id name, top to bottom."""
        found = [n for n in self.nodes() if n["resource-id"].endswith("/" + resource_name)]
        return [n["text"] for n in sorted(found, key=lambda n: bounds(n)[1])]

    def tap(self, label: str) -> None:
        node = self.find(label)
        assert node is not None, f"{label!r} not on screen: {[n['text'] for n in self.nodes()]}"
        left, top, right, bottom = bounds(node)
        self.phone.tap((left + right) // 2, (top + bottom) // 2)


def bounds(node: dict[str, str]) -> tuple[int, ...]:
    return tuple(int(v) for v in re.findall(r"-?\d+", node["bounds"]))


@pytest.fixture
def user() -> User:
    """A person looking at Contacts, just opened on a fresh phone."""
    phone = VirtualPhone(PhoneConfig())
    phone.start_app(CONTACTS)
    return User(phone)


def contacts(phone: VirtualPhone) -> list[dict[str, str]]:
    records = phone.ui.store.report(CONTACTS)["contacts"]
    assert isinstance(records, list)
    return records


def record(phone: VirtualPhone, name: str) -> dict[str, str]:
    return next(c for c in contacts(phone) if c["name"] == name)


def test_list_is_sorted_by_name_with_section_letters(user: User) -> None:
    names = user.texts("title")
    assert names[:4] == ["Aaliyah Brooks", "Adam Novak", "Alex Kim", "Amélie Laurent"]
    assert user.sees("A") and user.sees("B")
    assert user.find("Create contact") is not None


def test_search_filters_by_name_and_by_phone(user: User) -> None:
    phone = user.phone
    user.tap("Search contacts")
    phone.type_text("ross")
    assert user.texts("title") == ["Julia Rossi", "Sofia Rossi"]
    phone.clear_text()
    phone.type_text("555-0175")
    assert user.texts("title") == ["Maya Patel"]
    phone.type_text("9")
    assert user.sees("No contacts found")


def test_create_contact_saves_and_opens_it(user: User) -> None:
    phone = user.phone
    before = len(contacts(phone))
    user.tap("Create contact")
    assert phone.foreground()[1] == "com.android.contacts.activities.ContactEditorActivity"
    phone.type_text("Lena")
    user.tap("Last name")
    phone.type_text("Ortiz")
    user.tap("Phone")
    phone.type_text("(555) 010-2000")
    user.tap("Save")
    assert phone.foreground()[1] == "com.android.contacts.quickcontact.QuickContactActivity"
    assert user.sees("Lena Ortiz") and user.sees("(555) 010-2000")
    assert phone.ui.last_toast() == "Contact saved"
    assert len(contacts(phone)) == before + 1
    assert record(phone, "Lena Ortiz")["phone"] == "(555) 010-2000"


def test_save_with_no_name_or_phone_adds_nothing(user: User) -> None:
    phone = user.phone
    before = len(contacts(phone))
    user.tap("Create contact")
    user.tap("Save")
    assert phone.foreground()[1] == "com.android.contacts.activities.ContactEditorActivity"
    assert len(contacts(phone)) == before


def test_star_adds_to_favorites_and_highlights(user: User) -> None:
    phone = user.phone
    user.tap("Alex Kim")
    assert not user.sees("Remove from favorites")
    user.tap("Add to favorites")
    assert record(phone, "Alex Kim")["starred"] == "1"
    assert user.sees("Remove from favorites") and not user.sees("Add to favorites")
    phone.press_key(BACK)
    user.tap("Highlights")
    assert "Alex Kim" in user.texts("title")
    user.tap("Alex Kim")
    user.tap("Remove from favorites")
    assert record(phone, "Alex Kim")["starred"] == "0"


def test_edit_prefills_the_form_and_updates_the_contact(user: User) -> None:
    phone = user.phone
    user.tap("Alex Kim")
    user.tap("Edit contact")
    assert user.sees("Alex") and user.sees("Kim") and user.sees("(650) 555-0101")
    user.tap("(650) 555-0101")
    phone.clear_text()
    phone.type_text("(650) 555-0199")
    user.tap("Save")
    assert phone.foreground()[1] == "com.android.contacts.quickcontact.QuickContactActivity"
    assert user.sees("(650) 555-0199")
    assert record(phone, "Alex Kim")["phone"] == "(650) 555-0199"


def test_delete_asks_first_then_removes(user: User) -> None:
    phone = user.phone
    user.tap("Alex Kim")
    user.tap("More options")
    user.tap("Delete")
    assert user.sees("Delete this contact?")
    user.tap("Cancel")
    assert user.sees("Alex Kim") and not user.sees("Delete this contact?")
    user.tap("More options")
    user.tap("Delete")
    user.tap("Delete")
    assert phone.foreground()[1] == "com.android.contacts.activities.PeopleActivity"
    assert not user.sees("Alex Kim")
    assert all(c["name"] != "Alex Kim" for c in contacts(phone))
    assert phone.ui.last_toast() == "Contact deleted"


def test_a_seed_gives_forty_generated_contacts() -> None:
    phone = VirtualPhone(PhoneConfig(seed=3))
    phone.start_app(CONTACTS)
    people = contacts(phone)
    assert len(people) == 40
    assert all(c["name"] == f"{c['first']} {c['last']}" for c in people)
    shown = User(phone).texts("title")
    assert shown == sorted(shown, key=str.lower)
    assert shown[0] == min((c["name"] for c in people), key=str.lower)


def test_create_contact_through_uiautomator2(serial: str) -> None:
    d = u2.connect(serial)
    d.settings["wait_timeout"] = 3
    try:
        d.app_start(CONTACTS)
        d(description="Create contact").click()
        d(text="First name").set_text("Quinn")
        d(text="Phone").set_text("(555) 010-3333")
        d(description="Save").click()
        assert d(text="Quinn").wait(timeout=3)
        state = json.loads(d.shell(f"vphone state {CONTACTS}").output)
        assert {"name": "Quinn", "phone": "(555) 010-3333"}.items() <= state["contacts"][-1].items()
    finally:
        d.stop_uiautomator(wait=False)
