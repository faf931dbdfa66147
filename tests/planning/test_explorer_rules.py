"""The explorer's general Android rules on hand-made screens: permission prompts first,
confirmation dialogs, whom a message goes to, and editing an item rather than creating one."""

from __future__ import annotations

import aci
from planning import Outcome, Step
from planning.explorer import ExplorerPlanner, parse_goal
from planning.explorer.goals import Intent, Value
from planning.explorer.memory import screen_id
from tests.planning.screens import element


def _app(package: str, *elements: aci.Element) -> aci.Screen:
    return aci.Screen(width=1080, height=2400, elements=elements, package=package)


def _took(action: aci.Action, on: aci.Screen) -> Step:
    return Step(action=action, outcome=Outcome.SUCCEEDED, screen_id=screen_id(on))


EDITOR = (
    element((0, 300, 1080, 420), desc="Name", role=aci.Role.FIELD, editable=True, clickable=True),
    element((0, 450, 1080, 570), desc="Message", role=aci.Role.FIELD, editable=True),
)


def test_a_permission_prompt_is_allowed_before_anything_else() -> None:
    prompt = _app(
        "com.google.android.permissioncontroller",
        element((100, 1000, 980, 1080), text="Allow Clock to send you notifications?"),
        element((100, 1100, 980, 1200), text="Allow", role=aci.Role.BUTTON, clickable=True),
        element((100, 1200, 980, 1300), text="Don't allow", role=aci.Role.BUTTON, clickable=True),
        element((900, 2100, 1040, 2240), desc="Add alarm", role=aci.Role.ICON, clickable=True),
        *EDITOR,
    )
    plan = ExplorerPlanner().next_action("Set an alarm for 7:30", prompt, [])
    assert plan.action == aci.Tap(target="Allow", quoted=True)


def _delete_dialog(*extra: aci.Element) -> aci.Screen:
    return _app(
        "com.example.notes",
        element((0, 0, 120, 120), desc="Navigate up", role=aci.Role.ICON, clickable=True),
        element((960, 0, 1080, 120), desc="More options", role=aci.Role.ICON, clickable=True),
        element((0, 200, 1080, 300), desc="Pin", role=aci.Role.ICON, clickable=True),
        element((0, 300, 1080, 400), desc="Archive", role=aci.Role.ICON, clickable=True),
        element((100, 1000, 980, 1080), text="Delete note?"),
        element((600, 1200, 900, 1300), text="Delete", role=aci.Role.BUTTON, clickable=True),
        element((200, 1200, 500, 1300), text="Cancel", role=aci.Role.BUTTON, clickable=True),
        *extra,
    )


def test_a_delete_is_confirmed_in_its_dialog_and_not_done_before() -> None:
    menu = _app(
        "com.example.notes",
        element((600, 200, 1000, 300), text="Delete", clickable=True),
        element((0, 400, 1080, 500), text="Groceries"),
    )
    history = [_took(aci.Tap(target="Delete", quoted=True), menu)]
    plan = ExplorerPlanner().next_action("Delete the note “Groceries”", _delete_dialog(), history)
    assert not plan.done
    assert plan.action == aci.Tap(target="Delete", quoted=True)


def test_a_delete_is_done_only_when_the_item_is_gone() -> None:
    menu = _app("com.example.notes", element((600, 200, 1000, 300), text="Delete", clickable=True))
    history = [
        _took(aci.Tap(target="Delete", quoted=True), menu),
        _took(aci.Tap(target="Delete", quoted=True), menu),
    ]
    row = element((0, 400, 1080, 500), text="Groceries", clickable=True)
    still = _app("com.example.notes", row)
    planner = ExplorerPlanner()
    assert not planner.next_action("Delete the note “Groceries”", still, history).done
    gone = _app("com.example.notes", element((0, 400, 1080, 500), text="Books", clickable=True))
    assert planner.next_action("Delete the note “Groceries”", gone, history).done


def test_a_message_goes_to_the_recipient_field_and_its_text_elsewhere() -> None:
    new_chat = _app(
        "com.example.messaging",
        element(
            (0, 250, 1080, 400),
            text="Type name, phone number, or email",
            resource_id="com.example.messaging:id/recipient_text_view",
            role=aci.Role.FIELD,
            editable=True,
            clickable=True,
        ),
        element((0, 500, 1080, 600), text="Ann Lee", clickable=True),
    )
    plan = ExplorerPlanner().next_action("Start a chat with Ann Lee and say “hi”", new_chat, [])
    assert plan.action == aci.TypeText(
        text="Ann Lee", target="Type name, phone number, or email", quoted=True
    )


def test_changing_a_field_of_an_item_opens_the_item_not_a_new_one() -> None:
    assert parse_goal("Change Ann Lee's phone number to 555-0199").edits
    assert not parse_goal("Add a contact named Ann Lee with phone 555-0101").edits
    people = _app(
        "com.example.contacts",
        element((0, 200, 1080, 300), text="Create contact", clickable=True),
        element((0, 400, 1080, 500), text="Ann Lee", clickable=True),
    )
    plan = ExplorerPlanner().next_action("Change Ann Lee's phone number to 555-0199", people, [])
    assert plan.action == aci.Tap(target="Ann Lee", quoted=True)


def test_text_appended_to_a_note_goes_into_its_body_not_its_title() -> None:
    note = _app(
        "com.example.notes",
        element((0, 300, 1080, 420), text="Soup notes", desc="Title", editable=True),
        element((0, 450, 1080, 900), text="Leeks", desc="Note", editable=True),
    )
    plan = ExplorerPlanner().next_action("Add “salt” to the end of the note “Soup notes”", note, [])
    assert plan.action == aci.TypeText(text="Leeks salt", target="Note", quoted=True)


def test_the_newest_item_is_the_first_of_the_list_and_the_oldest_the_last_shown() -> None:
    grid = _app(
        "com.example.gallery",
        element((0, 0, 1080, 200), text="Search", clickable=True),
        element((0, 200, 1080, 2200), scrollable=True, role=aci.Role.LIST),
        element((0, 200, 540, 700), desc="Photo taken on Nov 30", clickable=True),
        element((540, 200, 1080, 700), desc="Photo taken on Nov 29", clickable=True),
        element((0, 700, 540, 1200), desc="Photo taken on Nov 12", clickable=True),
    )
    opened = [_took(aci.OpenApp(app="Gallery"), grid)]
    newest = ExplorerPlanner().next_action("Star my newest photo", grid, opened)
    assert newest.action == aci.Tap(target="Photo taken on Nov 30", quoted=True)
    oldest = ExplorerPlanner().next_action("Star my oldest photo", grid, opened)
    assert oldest.action == aci.Tap(target="Photo taken on Nov 12", quoted=True)


def test_a_value_set_in_a_field_is_typed_as_written_and_kept() -> None:
    schedule = _app(
        "com.example.clock",
        element((0, 300, 1080, 420), text="11:00 PM", desc="Bedtime", editable=True),
        element((0, 450, 1080, 570), text="7:00 AM", desc="Wake-up", editable=True),
        element((700, 2000, 1000, 2100), text="Done", role=aci.Role.BUTTON, clickable=True),
    )
    plan = ExplorerPlanner().next_action("Change my wake-up time to 6:45 AM", schedule, [])
    assert plan.action == aci.TypeText(text="6:45 AM", target="Wake-up", quoted=True)


def test_a_value_taken_off_a_record_empties_its_field_and_keeps_the_record() -> None:
    parsed = parse_goal("Delete the email address saved on Ann Lee's contact")
    assert parsed.intent is Intent.ENTER and parsed.values == (Value("email", ""),)
    people = _app(
        "com.example.contacts", element((0, 400, 1080, 500), text="Ann Lee", clickable=True)
    )
    editor = _app(
        "com.example.contacts",
        element((0, 200, 1080, 300), text="Ann", desc="First name", editable=True),
        element((0, 300, 1080, 400), text="ann@example.com", desc="Email", editable=True),
        element((700, 100, 1000, 180), text="Save", role=aci.Role.BUTTON, clickable=True),
    )
    opened = [_took(aci.Tap(target="Ann Lee", quoted=True), people)]
    plan = ExplorerPlanner().next_action(
        "Delete the email address saved on Ann Lee's contact", editor, opened
    )
    assert plan.action == aci.ClearText(target="Email", quoted=True)
