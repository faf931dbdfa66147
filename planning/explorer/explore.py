"""Exploring when the goal's own step is not on the screen: the best untried match, a
search, further down the list, the overflow menu, back, or the next app for the topic."""

from __future__ import annotations

import aci
from lexicon.dialogs import CONFIRM, changes_data, is_destructive
from lexicon.text import tokens
from planning.appmap import AppMap, fingerprint, labelled
from planning.explorer.apps import App, apps_for, in_app
from planning.explorer.fields import field_label
from planning.explorer.goal_words import TOPICS
from planning.explorer.goals import Intent
from planning.explorer.rank import candidates, match, row_words, tap_label, toggles
from planning.explorer.turn import BACK, DOWN, Choice, Turn
from planning.explorer.verbs import same_verb, verb_of
from planning.recall import route

__all__ = ["explore"]

_MAP_SPOTS = 3
_MAP_FIT = 0.5
"""The app memory's controls followed while exploring: the best few, if they fit at all."""
_SETTINGS = frozenset({aci.Role.SWITCH, aci.Role.CHECKBOX, aci.Role.RADIO, aci.Role.SLIDER})
_MORE = ("More options", "More", "Menu", "Settings")
_MAX_SCROLLS = 6
_TITLE_BAND = 0.25
"""Fraction of the screen height at the top where a page's title sits."""
_NEW = (["create"], ["add"], ["new"])
"""First words of buttons that start a new item."""


def explore(turn: Turn) -> Choice:
    """The next exploring step; fail when nothing is left to try."""
    apps = _apps(turn)
    current = next((app for app in apps if in_app(turn.package, app)), None)
    if current is None and not _holds_goal(turn):
        opened = _open_next(turn, apps)
        if opened is not None:
            return opened
    entity = tokens(turn.goal.entity)
    # Exploring looks; it never changes a setting: a switch, check box or radio button is
    # tapped only as the goal's own step (`steps`), when it is the one the goal names. The
    # row of the item the goal names (an alarm's, labelled by its time) is the way to it.
    switches = {label for _, label, _ in toggles(turn.screen)}
    switches |= {label.text for _, label in labelled(turn.screen) if label.checked is not None}
    named_exactly = " ".join(turn.goal.entity.split()).lower()
    settings = {label for label in switches if " ".join(label.split()).lower() != named_exactly}
    existing = turn.goal.edits or turn.goal.intent is Intent.ACT
    if existing and entity and not turn.opened_entity():
        for element in turn.clickables:
            label = tap_label(element, turn.screen)
            if label in settings:
                continue  # a switch whose words hold the name ("Tap to wake" for "Wake")
            if label and match(entity, tokens(label), related=False) >= 0.8 * len(entity):
                step = turn.tap(label, f"{label!r} is the item the goal names: open it")
                if step:
                    return step
    if turn.goal.edits and not turn.in_context():
        search = _search(turn)
        if search is not None:
            return search
    lost = bool(entity) and not turn.in_context()
    own_words = [word for word in _nav_words(turn) if word not in turn.goal.topics]
    # The entity's words that are its own, not its kind's ("Mexico" of "Mexico City").
    proper = [word for word in entity if word not in TOPICS]
    for candidate in candidates(_nav_words(turn), turn.screen):
        if candidate.score < 0.3:
            break
        named = match(entity, tokens(candidate.label), related=False)
        of_kind = match(proper, tokens(candidate.label), related=False) == 0  # "Cities"
        if 0 < named < 0.8 * len(entity) and not of_kind:
            continue  # another item that shares a word with the one named
        if candidate.element.selected:
            continue  # the tab already in front
        if candidate.label in settings or candidate.element.role in _SETTINGS:
            continue  # a setting, not a way somewhere
        if is_destructive(candidate.label) or changes_data(candidate.label):
            continue  # a command: the goal's own step gives it, to the item it names
        if candidate.label in CONFIRM:
            continue  # it commits an editor: the goal's own step does, once values are in
        if current is not None and _home_tab(turn, current, candidate.label):
            continue  # the app's own name: its home tab, where exploring started
        kin = lost and _in_list(turn, candidate.element)
        kind = match(turn.goal.topics, tokens(candidate.label), related=False)
        if kin and kind and not match(own_words, row_words(candidate.element, turn.screen)):
            continue  # another item of the list, named like the goal's item only by its kind
        if _starts_new(turn, candidate.label):
            continue  # the goal changes an item that exists: a new one is not it
        if _new_other(turn, candidate.label):
            continue  # a new item of another kind ("Add alarm" for a timer)
        step = turn.tap(candidate.label, f"{candidate.label!r} matches the goal's words")
        if step:
            return step
    guided = _along_the_map(turn)
    if guided is not None:
        return guided
    search = _search(turn)
    if search is not None:
        return search
    if _elsewhere(turn) and turn.fresh(BACK):
        return BACK, "this page is about another topic: go back up"
    scrollable = any(e.scrollable for e in turn.screen.elements)
    if scrollable and turn.fresh(DOWN) and turn.memory.scrolls_in_a_row() < _MAX_SCROLLS:
        return DOWN, "nothing here matches the goal: look further down"
    if turn.goal.intent in (Intent.ACT, Intent.CHOOSE, Intent.TOGGLE) and turn.in_context():
        for label in _MORE:
            if any(tap_label(e, turn.screen) == label for e in turn.clickables):
                step = turn.tap(label, "the command may be in the menu")
                if step:
                    return step
    if not turn.home() and (turn.fresh(BACK) or turn.memory.only_refocused(BACK)):
        return BACK, "nothing left to try on this screen: go back"
    opened = _open_next(turn, apps)
    if opened is not None:
        return opened
    reason = "explored every screen it could reach without reaching the goal"
    return aci.Fail(reason=reason), "nothing left to try"


def _along_the_map(turn: Turn) -> Choice | None:
    """The next step of the app memory's way from this screen to the screens whose controls
    fit the goal best (the page where such things are kept), when nothing here matches. A
    way through another item of a list ("Clock" on the way to an app's page, when the goal
    names YouTube Music) is not taken: exploring found that page through a sample."""
    recall = turn.recall
    app_map = recall.map_of(turn.package) if recall is not None else None
    if recall is None or app_map is None:
        return None
    here = fingerprint(turn.screen)
    entity = tokens(turn.goal.entity)
    for spot in recall.spots(turn.goal.text, app=app_map, limit=_MAP_SPOTS):
        if spot.score < _MAP_FIT:
            break
        path = route(app_map, here, spot.screen.id)
        if not path or not isinstance(path[0], aci.Tap):
            continue
        target = path[0].target or ""
        shown = any(tap_label(e, turn.screen) == target for e in turn.clickables)
        if not shown or (_per_item(app_map, here, target) and not match(entity, tokens(target))):
            continue
        step = turn.tap(target, f"the app memory leads from here towards {spot.label.text!r}")
        if step:
            return step
    return None


def _per_item(app_map: AppMap, here: str, target: str) -> bool:
    """Whether tapping `target` here opens a page of one item: other labels of this screen
    lead to the same page (each app of a list opens its App info)."""
    tap = f'tap "{target}"'
    ends = {
        edge.to_screen for edge in app_map.edges if edge.from_screen == here and edge.action == tap
    }
    others = {
        edge.action
        for edge in app_map.edges
        if edge.from_screen == here and edge.to_screen in ends and edge.action != tap
    }
    return bool(others)


def _holds_goal(turn: Turn) -> bool:
    """Whether the app in front can hold the goal, though its topic names another: the goal's
    item or own words show here, or it asks for a search this app offers. An app switch is for
    when the app in front cannot hold the goal."""
    if turn.home():
        return False
    shown = {w for e in turn.screen.elements for w in tokens(e.label)}
    entity = tokens(turn.goal.entity)
    if entity:
        return match(entity, shown, related=False) >= 0.8 * len(entity)
    if turn.goal.searches:
        return not turn.goal.topics and any("search" in tokens(label) for label in turn.labels())
    own = [word for word in turn.goal.words if word not in turn.goal.topics]
    return bool(own) and all(match([word], shown, related=False) >= 0.8 for word in own)


def _elsewhere(turn: Turn) -> bool:
    """Whether the page in front is a sub-page about a topic other than the goal's: its title
    (the first plain text at the top, beside "Navigate up") shares no word, form or related
    topic with the goal's, so its list will not hold the goal further down."""
    if turn.goal.entity or turn.goal.intent not in (Intent.TOGGLE, Intent.CHOOSE, Intent.OPEN):
        return False
    if not any(tap_label(e, turn.screen) == "Navigate up" for e in turn.clickables):
        return False
    top = turn.screen.height * _TITLE_BAND
    title = next(
        (
            e
            for e in turn.screen.elements
            if e.text and not e.clickable and e.role is aci.Role.TEXT and e.bounds[3] <= top
        ),
        None,
    )
    return title is not None and not match(_nav_words(turn), tokens(title.text))


def _in_list(turn: Turn, element: aci.Element) -> bool:
    """Whether `element` is an item of a scrolling list."""
    x1, y1, x2, y2 = element.bounds
    return any(
        other.scrollable
        and other.bounds[0] <= x1
        and other.bounds[1] <= y1
        and x2 <= other.bounds[2]
        and y2 <= other.bounds[3]
        for other in turn.screen.elements
        if other is not element
    )


def _home_tab(turn: Turn, app: App, label: str) -> bool:
    """Whether `label` is the app's own name (its first tab) and the goal does not say it."""
    words = tokens(label)
    return any(words == tokens(name) for name in app[0]) and not set(words) <= set(turn.goal.words)


def _starts_new(turn: Turn, label: str) -> bool:
    """Whether `label` starts a new item while the goal is about one that exists (to edit it,
    or to give it a command other than the label's own)."""
    existing = turn.goal.edits or turn.goal.intent is Intent.ACT
    return existing and tokens(label)[:1] in _NEW and not same_verb(verb_of(label), turn.goal.verb)


def _new_other(turn: Turn, label: str) -> bool:
    """Whether `label` starts a new item of a kind the goal does not name (`Add alarm` while
    the goal is a timer: the timer's own tab comes first)."""
    words = tokens(label)
    named = set(turn.goal.topics) | set(turn.goal.words)
    kinds = {word for word in words[1:] if word in TOPICS}
    return words[:1] in _NEW and bool(kinds) and not kinds & named


def _apps(turn: Turn) -> list[App]:
    goal = turn.goal
    messaging = goal.intent is Intent.ENTER and any(v.slot == "message" for v in goal.values)
    # The topics the goal's shape implies (a sum is for the calculator) count as said.
    return apps_for(" ".join((goal.text, *goal.topics)), turn.recall, messaging=messaging)


def _nav_words(turn: Turn) -> list[str]:
    goal = turn.goal
    words = list(goal.focus or ()) + list(goal.words)
    if goal.searches:
        words.append("search")
    elif goal.intent is Intent.ENTER:
        words += [v.slot for v in goal.values if v.slot not in ("first", "last")]
        words += ["edit"] if goal.edits else ["add", "create", "new", "edit", "compose"]
    if goal.intent is Intent.CHOOSE:
        words += tokens(goal.choice)
    if goal.intent is Intent.ACT:
        words.append(goal.verb)
    entity = tokens(goal.entity)
    if turn.opened_entity():
        words = [word for word in words if word not in entity]
    else:
        words += entity
    return list(dict.fromkeys(words))


def _search(turn: Turn) -> Choice | None:
    entity = turn.goal.entity
    if not entity or turn.goal.intent is Intent.TOGGLE:
        return None
    for field in turn.fields:
        label = field_label(field)
        if "search" in tokens(label) and field.text != entity:
            action = aci.TypeText(text=entity, target=label, quoted=True)
            if turn.fresh(action):
                return action, f"search for {entity!r}"
    for element in turn.clickables:
        if tokens(tap_label(element, turn.screen)) == ["search"]:
            step = turn.tap("Search", "search for the item the goal names")
            if step:
                return step
    return None


def _open_next(turn: Turn, apps: list[App]) -> Choice | None:
    tried = turn.memory.opened_apps()
    for names, _ in apps:
        if any(name in tried for name in names):
            continue
        for name in names:
            if name not in tried:
                return aci.OpenApp(app=name), f"{name} holds the goal's topic"
    return None
