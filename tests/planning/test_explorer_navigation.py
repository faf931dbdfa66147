"""How the explorer moves through an app: search for a named item that does not show, skip
the app's own home tab and "create" buttons when the item exists, and press back once more
when the first back only hid the keyboard."""

from __future__ import annotations

import aci
from planning import Outcome, Step
from planning.explorer import ExplorerPlanner, parse_goal
from planning.explorer.memory import read_memory, screen_id
from planning.explorer.turn import BACK, Turn
from tests.planning.screens import element


def _app(package: str, *elements: aci.Element) -> aci.Screen:
    return aci.Screen(width=1080, height=2400, elements=elements, package=package)


PHOTOS_SEARCH = _app(
    "com.example.photos",
    element((0, 150, 1080, 280), text="Search your photos", editable=True, clickable=True),
    element((0, 400, 1080, 500), text="Beach", clickable=True),
    element((0, 2200, 360, 2300), text="Photos", clickable=True),
    element((360, 2200, 720, 2300), text="Search", selected=True, clickable=True),
)


def test_an_item_that_does_not_show_is_searched_for_not_the_home_tab() -> None:
    plan = ExplorerPlanner().next_action("Mark the photo Sunset as a favourite", PHOTOS_SEARCH, [])
    assert plan.action == aci.TypeText(text="Sunset", target="Search your photos", quoted=True)


def test_a_command_on_an_item_does_not_start_a_new_one() -> None:
    notes = _app(
        "com.example.notes",
        element((900, 2100, 1040, 2240), desc="Create a note", clickable=True),
        element((0, 400, 1080, 500), text="Groceries", clickable=True),
    )
    plan = ExplorerPlanner().next_action("Pin the note “Books”", notes, [])
    assert plan.action != aci.Tap(target="Create a note", quoted=True)


def test_a_back_that_only_hid_the_keyboard_is_pressed_again() -> None:
    editor = _app(
        "com.example.notes",
        element((0, 300, 1080, 420), desc="Title", editable=True, clickable=True),
    )
    here = screen_id(editor)
    hid = Step(action=BACK, outcome=Outcome.SUCCEEDED, screen_id=here)
    plan = ExplorerPlanner().next_action("Pin the note “Books”", editor, [hid])
    assert plan.action == BACK
    twice = [hid, hid]
    plan = ExplorerPlanner().next_action("Pin the note “Books”", editor, twice)
    assert plan.action != BACK


def test_one_shared_word_is_not_the_option() -> None:
    goal = parse_goal("Add Mexico City to the world clock")
    turn = Turn(goal, PHOTOS_SEARCH, read_memory([], screen_id(PHOTOS_SEARCH)))
    assert not turn.choice_match("Cities")
    assert turn.choice_match("Mexico City")


def test_a_toast_naming_a_removed_item_is_not_the_item() -> None:
    apps = _app(
        "com.example.settings",
        element((0, 400, 1080, 500), text="YouTube", clickable=True),
        element((100, 2000, 980, 2080), text="Uninstalled YouTube Music"),
    )
    menu = _app("com.example.settings", element((0, 300, 540, 400), text="Uninstall"))
    history = [
        Step(
            action=aci.Tap(target="Uninstall", quoted=True),
            outcome=Outcome.SUCCEEDED,
            screen_id="a",
        ),
        Step(
            action=aci.Tap(target="OK", quoted=True),
            outcome=Outcome.SUCCEEDED,
            screen_id=screen_id(menu),
        ),
    ]
    assert ExplorerPlanner().next_action("Uninstall YouTube Music", apps, history).done


NOTES_LIST = _app(
    "com.example.notes",
    element((0, 0, 1080, 2000), role=aci.Role.LIST, scrollable=True),
    element((0, 150, 1080, 280), text="Search your notes", editable=True, clickable=True),
    element((0, 400, 1080, 500), text="Meeting notes", clickable=True),
    element((0, 500, 1080, 600), text="Gift ideas", clickable=True),
)


def test_other_items_of_the_list_are_not_opened_for_a_named_one() -> None:
    plan = ExplorerPlanner().next_action("Pin the note “Café ideas”", NOTES_LIST, [])
    assert plan.action == aci.TypeText(text="Café ideas", target="Search your notes", quoted=True)


def test_the_named_item_is_opened_when_it_shows() -> None:
    row = element((0, 600, 1080, 700), text="Café ideas", clickable=True)
    shown = NOTES_LIST.model_copy(update={"elements": (*NOTES_LIST.elements, row)})
    plan = ExplorerPlanner().next_action("Pin the note “Café ideas”", shown, [])
    assert plan.action == aci.Tap(target="Café ideas", quoted=True)
