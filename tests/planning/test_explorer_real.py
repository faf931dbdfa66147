"""The explorer's first step on hand-written dumps of real apps' screens, given without their
package (as when only a dump is at hand): it stays in the app that can hold the goal, uses
that app's own search, and knows where Android keeps a setting."""

from __future__ import annotations

import aci
from planning import Outcome, Step
from planning.explorer import ExplorerPlanner, parse_goal
from planning.explorer.apps import package_of
from planning.explorer.memory import screen_id
from tests.grounding.screens import real
from tests.planning.screens import element

GMAIL = real("gmail_inbox_compose.xml")
INTERNET = real("settings_internet_android14.xml")


def _first(goal: str, screen: aci.Screen) -> aci.Action:
    return ExplorerPlanner().next_action(goal, screen, []).action


def test_a_search_goal_uses_the_search_of_the_app_in_front() -> None:
    assert _first("Search for pizza", GMAIL) == aci.Tap(target="Search in mail", quoted=True)


def test_an_item_on_the_screen_keeps_the_planner_in_its_app() -> None:
    # The GitHub row shows: open it (its own star is then the only one) rather than switch apps.
    assert _first("Star the email from GitHub", GMAIL) == aci.Tap(target="GitHub", quoted=True)


def test_mobile_data_is_a_settings_topic_not_a_phone_number() -> None:
    assert _first("Turn on mobile data", GMAIL) == aci.OpenApp(app="Settings")


def test_the_package_of_a_bare_dump_is_read_from_its_resource_ids() -> None:
    assert package_of(INTERNET) == "com.android.settings"
    assert package_of(GMAIL) is None


def test_within_settings_a_setting_elsewhere_is_reached_by_going_back_up() -> None:
    # The Internet page is about another topic: back up, neither reopen Settings nor tap
    # "HomeNet" for its summary "Connected" (Bluetooth lives under "Connected devices").
    assert _first("Turn off Bluetooth", INTERNET) == aci.PressKey(key=aci.Key.BACK)


def test_a_setting_shown_on_the_page_is_toggled_in_place() -> None:
    assert _first("Turn on mobile data", INTERNET) == aci.Tap(target="Mobile data", quoted=True)


def test_a_search_is_submitted_and_then_done() -> None:
    planner = ExplorerPlanner()
    field = element(
        (0, 100, 1080, 240), text="", desc="Search in mail", role=aci.Role.FIELD, editable=True
    )
    empty = aci.Screen(width=1080, height=2400, elements=(field,))
    typed = aci.TypeText(text="pizza", target="Search in mail", quoted=True)
    assert planner.next_action("Search for pizza", empty, []).action == typed
    filled = aci.Screen(
        width=1080, height=2400, elements=(field.model_copy(update={"text": "pizza"}),)
    )
    history = [Step(action=typed, outcome=Outcome.SUCCEEDED, screen_id=screen_id(empty))]
    enter = planner.next_action("Search for pizza", filled, history)
    assert enter.action == aci.PressKey(key=aci.Key.ENTER)
    history.append(Step(action=enter.action, outcome=Outcome.SUCCEEDED, screen_id=enter.screen_id))
    assert planner.next_action("Search for pizza", filled, history).done


def test_an_unquoted_search_is_a_value_for_the_search_field() -> None:
    goal = parse_goal("Search for pizza")
    assert goal.searches and goal.values[0].text == "pizza"
    assert not parse_goal("Find Ann Lee with the search and add them to favourites").searches
