"""Safety over eagerness: the explorer looks without changing anything, deletes or edits only
the item the goal names word for word, and types over a field's data only when the goal
speaks of that field."""

from __future__ import annotations

import aci
from planning import Outcome, Step
from planning.explorer import ExplorerPlanner
from planning.explorer.memory import screen_id
from tests.planning.screens import element


def _app(package: str, *elements: aci.Element) -> aci.Screen:
    return aci.Screen(width=1080, height=2400, elements=elements, package=package)


def _took(action: aci.Action, on: aci.Screen) -> Step:
    return Step(action=action, outcome=Outcome.SUCCEEDED, screen_id=screen_id(on))


def test_exploring_never_flips_a_switch_whose_words_merely_match() -> None:
    display = _app(
        "com.android.settings",
        element((0, 300, 1080, 450), text="Auto-rotate screen", clickable=True),
        element((900, 340, 1040, 410), role=aci.Role.SWITCH, checked=True),
        element((0, 450, 1080, 600), text="Screen saver", clickable=True),
    )
    plan = ExplorerPlanner().next_action("Make the screen saver very dim", display, [])
    assert plan.action != aci.Tap(target="Auto-rotate screen", quoted=True)


def test_a_command_is_never_given_to_an_item_that_only_shares_a_word_with_the_named_one() -> None:
    grid = _app(
        "com.google.android.apps.photos",
        element((0, 300, 540, 800), desc="Photo taken on Nov 28, 2026", clickable=True),
    )
    opened = _app(
        "com.google.android.apps.photos",
        element((0, 100, 300, 200), desc="Favorite", role=aci.Role.ICON, clickable=True),
        element((300, 100, 600, 200), desc="Move to trash", role=aci.Role.ICON, clickable=True),
    )
    history = [_took(aci.Tap(target="Photo taken on Nov 28, 2026", quoted=True), grid)]
    for goal in ("Trash my Nov 6 photo", "Mark my Nov 6 photo as a favourite"):
        plan = ExplorerPlanner().next_action(goal, opened, history)
        assert plan.action not in (
            aci.Tap(target="Favorite", quoted=True),
            aci.Tap(target="Move to trash", quoted=True),
        ), goal


def test_the_command_goes_to_the_item_named_word_for_word() -> None:
    apps = _app(
        "com.android.settings",
        element((0, 300, 1080, 400), text="YouTube Music", clickable=True),
    )
    info = _app(
        "com.android.settings",
        element((0, 200, 1080, 300), text="YouTube Music"),
        element((0, 400, 540, 500), text="Uninstall", role=aci.Role.BUTTON, clickable=True),
    )
    other = _app(
        "com.android.settings",
        element((0, 200, 1080, 300), text="YouTube"),
        element((0, 400, 540, 500), text="Uninstall", role=aci.Role.BUTTON, clickable=True),
    )
    uninstall = aci.Tap(target="Uninstall", quoted=True)
    named = [_took(aci.Tap(target="YouTube Music", quoted=True), apps)]
    assert ExplorerPlanner().next_action("Uninstall YouTube Music", info, named).action == uninstall
    near = [_took(aci.Tap(target="YouTube", quoted=True), apps)]
    assert ExplorerPlanner().next_action("Uninstall YouTube Music", other, near).action != uninstall


def test_a_field_holding_data_the_goal_does_not_speak_of_is_not_typed_over() -> None:
    dialog = _app(
        "com.android.settings",
        element((0, 200, 1080, 300), text="Device name"),
        element((0, 400, 1080, 500), text="VirtualPhone", desc="Device name", editable=True),
        element((600, 700, 900, 800), text="OK", role=aci.Role.BUTTON, clickable=True),
    )
    goal = "Stop the recording and keep it, named “Board meeting”"
    plan = ExplorerPlanner().next_action(goal, dialog, [])
    assert not isinstance(plan.action, aci.TypeText)
    rename = ExplorerPlanner().next_action("Rename the phone to “Road Trip”", dialog, [])
    assert rename.action == aci.TypeText(text="Road Trip", target="Device name", quoted=True)


def test_a_switch_is_not_the_goals_for_sharing_only_the_thing_it_is_about() -> None:
    """ "Auto-rotate screen" and "Screen locking sound" are switches of the screen; a goal
    about when the screen goes off names neither."""
    display = _app(
        "com.android.settings",
        element((0, 300, 1080, 450), text="Auto-rotate screen", clickable=True),
        element((900, 340, 1040, 410), role=aci.Role.SWITCH, checked=True),
        element((0, 450, 1080, 600), text="Screen locking sound", clickable=True),
        element((900, 490, 1040, 560), role=aci.Role.SWITCH, checked=True),
        element((0, 600, 1080, 750), text="Touch sounds", clickable=True),
        element((900, 640, 1040, 710), role=aci.Role.SWITCH, checked=True),
    )
    goal = "When I stop touching the phone, have the screen switch off as soon as it can"
    plan = ExplorerPlanner().next_action(goal, display, [])
    assert not (
        isinstance(plan.action, aci.Tap)
        and plan.action.target in ("Auto-rotate screen", "Screen locking sound", "Touch sounds")
    ), plan
    rotate = ExplorerPlanner().next_action("Turn off auto-rotate", display, [])
    assert rotate.action == aci.Tap(target="Auto-rotate screen", quoted=True)


def test_a_title_of_an_item_the_goal_does_not_name_is_not_typed_over() -> None:
    """A note left open is not the memo the goal asks to save under a name."""
    note = _app(
        "com.google.android.keep",
        element((0, 200, 1080, 300), text="Shopping", desc="Title", editable=True),
        element((0, 300, 1080, 900), text="milk, eggs", desc="Note", editable=True),
    )
    goal = "Record a quick voice memo and save it as “Gate code”"
    plan = ExplorerPlanner().next_action(goal, note, [])
    assert not isinstance(plan.action, aci.TypeText), plan


def test_text_is_added_only_to_the_item_the_goal_names() -> None:
    """ "Add a line to the note that mentions Kyoto" never extends the note that is open."""
    goal = "Find the note that mentions Kyoto and add “Book the ryokan” at the end of it"
    grid = _app(
        "com.google.android.keep", element((0, 300, 1080, 500), text="Budget", clickable=True)
    )
    other = _app(
        "com.google.android.keep",
        element((0, 200, 1080, 300), text="Budget"),
        element((0, 300, 1080, 900), text="Rent\nFood", desc="Note", editable=True),
    )
    opened = [_took(aci.Tap(target="Budget", quoted=True), grid)]
    assert not isinstance(ExplorerPlanner().next_action(goal, other, opened).action, aci.TypeText)
    kyoto = _app(
        "com.google.android.keep",
        element((0, 200, 1080, 300), text="Trip"),
        element((0, 300, 1080, 900), text="Temples\nHotel in Kyoto", desc="Note", editable=True),
    )
    tapped = [_took(aci.Tap(target="Temples Hotel in Kyoto", quoted=True), grid)]
    plan = ExplorerPlanner().next_action(goal, kyoto, tapped)
    assert plan.action == aci.TypeText(
        text="Temples\nHotel in Kyoto\nBook the ryokan", target="Note", quoted=True
    )
