"""The app memory: a map of one app's screens and of what each tap on them leads to.

The harness explores an app once (`service.explore`) and keeps what it found as an
`AppMap`: its `ScreenNode`s (the words each screen shows, with their roles and the states
of its switches) and its `Edge`s (the ACI action taken on a screen and the screen it led
to). Planners read it to know where a thing is and how to get there (`path_to`, `find`)
instead of learning the app again on every goal. Pure data: JSON in and out, no device.

A screen's id is a `fingerprint` of its structure that one look at the screen gives, so a
planner can tell which screen of the map it is on: the app, the activity, the top bar's
title and the controls around the main list (tabs with the one selected, toolbar icons,
buttons, fields), with digits folded so that clock times and counts do not count. What
the main list holds is left out: it moves as the list scrolls and changes with the data.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import deque
from collections.abc import Iterable, Sequence
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

import aci
from lexicon.text import normalise, words
from planning.errors import PlannerInputError
from planning.screen_text import inside

__all__ = [
    "AppMap",
    "Edge",
    "Label",
    "LabelRole",
    "ScreenKind",
    "ScreenNode",
    "fingerprint",
    "labelled",
    "load_memory",
    "main_list",
    "memory_path",
    "screen_node",
    "title_of",
]

logger = logging.getLogger(__name__)

_MODEL = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

LabelRole = Literal[
    "button", "icon", "tab", "list item", "switch", "checkbox", "radio", "slider", "field", "text"
]
ScreenKind = Literal["page", "dialog", "other app"]

_SYSTEM_IDS = ("com.android.systemui:",)
"""Status and navigation bars: on every screen, of no app."""
_TOGGLES: dict[aci.Role, LabelRole] = {
    aci.Role.SWITCH: "switch",
    aci.Role.CHECKBOX: "checkbox",
    aci.Role.RADIO: "radio",
    aci.Role.SLIDER: "slider",
}
_MIN_LIST_SHARE = 0.2
"""A list smaller than this share of the screen is a strip of chips, not the main list."""
_TITLE_SHARE = 0.2
"""A title sits in this top share of the screen."""
_HEADING = 1.5
"""A page's heading is this many times as tall as its usual line of text, at least."""
_MAX_TEXT = 100
_DIGITS = re.compile(r"\d+")
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


class Label(BaseModel):
    """Words a screen shows, with what kind of thing shows them."""

    model_config = _MODEL

    text: str
    role: LabelRole
    """`list item` is a row of the screen's main list; `text` is not tappable."""
    checked: bool | None = None
    """On or off, for switches, checkboxes and radio buttons; None for the rest."""


class ScreenNode(BaseModel):
    """One screen of the app, as exploring found it (its list scrolled through)."""

    model_config = _MODEL

    id: str
    """`fingerprint` of the screen: stable across visits, scrolling and clock times."""
    package: str
    activity: str | None = None
    title: str | None = None
    """The top bar's text, or the big heading at the top of the page when it has no bar."""
    kind: ScreenKind = "page"
    """`dialog`: answered with its negative button, not explored; `other app`: a tap left
    the app for it, and back came out."""
    labels: tuple[Label, ...] = ()

    @property
    def heading(self) -> str:
        """What the screen is called: its title, else (a dialog has no bar) its first text."""
        return self.title or next((lab.text for lab in self.labels if lab.role == "text"), "")


class Edge(BaseModel):
    """An action taken on a screen, and the screen it led to."""

    model_config = _MODEL

    from_screen: str
    action: str
    """ACI text, e.g. `tap "Display"`."""
    to_screen: str


class AppMap(BaseModel):
    """What exploring one version of an app learnt: its screens and how they connect."""

    model_config = _MODEL

    format: Literal[1] = 1
    package: str
    version: str
    """The app's versionName, or `unknown` when the phone did not tell it."""
    explored_at: datetime
    budget_s: float = Field(ge=0)
    """The time exploring was allowed."""
    elapsed_s: float = Field(ge=0)
    """The time it took."""
    complete: bool
    """Whether every tappable thing found was tried (false: the budget or the screen limit
    stopped exploring first)."""
    start: str
    """Id of the screen the app opens on."""
    screens: tuple[ScreenNode, ...]
    edges: tuple[Edge, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> AppMap:
        ids = [screen.id for screen in self.screens]
        if len(set(ids)) != len(ids):
            twice = sorted({i for i in ids if ids.count(i) > 1})
            raise ValueError(f"screens: ids {twice} appear more than once")
        known = set(ids)
        if self.start not in known:
            raise ValueError(f"start {self.start!r} is none of the {len(ids)} screens' ids")
        for index, edge in enumerate(self.edges):
            for end in (edge.from_screen, edge.to_screen):
                if end not in known:
                    raise ValueError(f"edges[{index}] ({edge.action}): no screen {end!r}")
        return self

    def screen(self, screen_id: str) -> ScreenNode:
        """The screen of that id; PlannerInputError when the map has none."""
        for screen in self.screens:
            if screen.id == screen_id:
                return screen
        raise PlannerInputError(
            f"no screen {screen_id!r} in the map of {self.package} ({len(self.screens)} screens)"
        )

    def path_to(self, screen_id: str) -> list[str]:
        """The fewest ACI steps from the start screen to `screen_id` (none for the start)."""
        target = self.screen(screen_id).id
        steps = self.steps_between(self.start, target)
        if steps is None:
            raise PlannerInputError(f"screen {screen_id!r} cannot be reached from the start screen")
        return steps

    def steps_between(self, here: str, there: str) -> list[str] | None:
        """The fewest ACI steps along the edges from screen `here` to `there` ([] when they
        are the same, None when the map knows no way); never through another app."""
        passable = {s.id for s in self.screens if s.kind != "other app"} | {there}
        previous: dict[str, tuple[str, str] | None] = {here: None}
        queue = deque([here])
        while queue:
            at = queue.popleft()
            if at == there:
                steps: list[str] = []
                link = previous[at]
                while link is not None:
                    steps.append(link[1])
                    link = previous[link[0]]
                return steps[::-1]
            for edge in self.edges:
                ahead = edge.to_screen
                if edge.from_screen == at and ahead not in previous and ahead in passable:
                    previous[ahead] = (at, edge.action)
                    queue.append(ahead)
        return None

    def find(self, text: str) -> list[tuple[ScreenNode, Label]]:
        """The labels holding the words of `text` (all of them first, then most of them),
        each with its screen; screens nearer the start first among equals."""
        wanted = set(words(text))
        if not wanted:
            return []
        depth = self._depths()
        found: list[tuple[float, int, ScreenNode, Label]] = []
        for screen in self.screens:
            for label in screen.labels:
                share = len(wanted & set(words(label.text))) / len(wanted)
                if share >= 0.5:
                    found.append((share, depth.get(screen.id, len(self.screens)), screen, label))
        found.sort(key=lambda hit: (-hit[0], hit[1]))
        return [(screen, label) for _, _, screen, label in found]

    def _depths(self) -> dict[str, int]:
        depth = {self.start: 0}
        queue = deque([self.start])
        while queue:
            here = queue.popleft()
            for edge in self.edges:
                if edge.from_screen == here and edge.to_screen not in depth:
                    depth[edge.to_screen] = depth[here] + 1
                    queue.append(edge.to_screen)
        return depth

    def save(self, path: Path) -> None:
        """Write the map as JSON, whole or not at all (a temporary file renamed over it)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".tmp")
        partial.write_text(self.model_dump_json(indent=1), encoding="utf-8")
        partial.replace(path)

    @classmethod
    def load(cls, path: Path) -> AppMap:
        """The map saved at `path`; PlannerInputError naming the file when it cannot be read."""
        try:
            return cls.model_validate_json(path.read_bytes())
        except OSError as exc:
            raise PlannerInputError(f"{path}: cannot read the app map: {exc.strerror}") from exc
        except ValidationError as exc:
            error = exc.errors()[0]
            where = ".".join(str(part) for part in error["loc"]) or "the file"
            raise PlannerInputError(f"{path}: not an app map: {where}: {error['msg']}") from exc


def load_memory(data_dir: Path) -> list[AppMap]:
    """The newest kept map of each app under `data_dir` (`memory_path`); a file that does
    not read as a map is skipped with a warning. Maps are read again only when their files
    change."""
    files = sorted((data_dir / "memory").glob("*/*.json"))
    stamps = []
    for path in files:
        try:
            stamps.append((path, path.stat().st_mtime_ns))
        except OSError:
            continue
    return list(_load(tuple(stamps)))


@lru_cache(maxsize=4)
def _load(stamps: tuple[tuple[Path, int], ...]) -> tuple[AppMap, ...]:
    newest: dict[str, AppMap] = {}
    for path, _ in stamps:
        try:
            app_map = AppMap.load(path)
        except PlannerInputError as exc:
            logger.warning("%s: skipped", exc)
            continue
        kept = newest.get(app_map.package)
        if kept is None or app_map.explored_at > kept.explored_at:
            newest[app_map.package] = app_map
    return tuple(newest.values())


def memory_path(data_dir: Path, package: str, version: str) -> Path:
    """Where the map of an app's version is kept: `<data dir>/memory/<package>/<version>.json`."""
    return data_dir / "memory" / _file_name(package) / f"{_file_name(version)}.json"


def _file_name(text: str) -> str:
    """A version such as `8.6 (685617067)` as a safe file name: `8.6_685617067_`."""
    return _UNSAFE_NAME.sub("_", text.strip()) or "unknown"


# -- reading a screen ---------------------------------------------------------------------


def _is_system(element: aci.Element) -> bool:
    return element.resource_id.startswith(_SYSTEM_IDS)


def _inside(inner: aci.Element, outer: aci.Element) -> bool:
    return inner is not outer and inside(inner, outer)


def main_list(screen: aci.Screen) -> aci.Element | None:
    """The screen's main list: its largest list or scrolling view, when big enough to be one."""
    lists = [
        element
        for element in screen.elements
        if (element.scrollable or element.role is aci.Role.LIST) and not _is_system(element)
    ]
    if not lists:
        return None
    largest = max(lists, key=lambda element: element.area)
    return largest if largest.area >= _MIN_LIST_SHARE * screen.width * screen.height else None


def _stable(text: str) -> str:
    """Words as the fingerprint keeps them: normalised, every run of digits one `#`."""
    return _DIGITS.sub("#", normalise(text))


def _is_title(element: aci.Element, screen: aci.Screen) -> bool:
    return (
        element.role is aci.Role.TEXT
        and bool(element.text.strip())
        and not element.clickable
        and element.bounds[1] < screen.height * _TITLE_SHARE
        and not _is_system(element)
    )


def _bar_title(screen: aci.Screen, listed: aci.Element | None) -> str | None:
    """The top bar's text: the topmost title-like text outside the main list."""
    for element in sorted(screen.elements, key=lambda element: element.bounds[1]):
        if _is_title(element, screen) and (listed is None or not _inside(element, listed)):
            return element.text.strip()
    return None


def title_of(screen: aci.Screen) -> str | None:
    """The top bar's text; without a bar, the heading at the top of the page (`Settings`)."""
    listed = main_list(screen)
    bar = _bar_title(screen, listed)
    if bar is not None:
        return bar
    texts = [e for e in screen.elements if _is_title(e, screen)]
    heights = sorted(e.height for e in screen.elements if e.role is aci.Role.TEXT and e.text)
    usual = heights[len(heights) // 2] if heights else 0
    big = [e for e in texts if e.height >= _HEADING * usual]
    return min(big, key=lambda e: e.bounds[1]).text.strip() if big else None


def fingerprint(screen: aci.Screen) -> str:
    """A short id of the screen's structure, the same on every visit: package, activity,
    top-bar title, the main list's id, and each control around the main list (role, words
    with digits folded, whether selected). Switch states and the list's rows are left out."""
    listed = main_list(screen)
    parts = [
        screen.package or "",
        screen.activity or "",
        _stable(_bar_title(screen, listed) or ""),
        listed.resource_id if listed is not None else "",
    ]
    controls = set()
    for element in screen.elements:
        if _is_system(element) or (listed is not None and _inside(element, listed)):
            continue
        if element.clickable or element.editable or element.role in _TOGGLES:
            controls.add(f"{element.role.value}|{_stable(element.label)}|{int(element.selected)}")
    parts.extend(sorted(controls))
    return hashlib.sha1("\n".join(parts).encode()).hexdigest()[:12]


def _tabs(screen: aci.Screen, listed: aci.Element | None) -> set[int]:
    """Indexes of the tabs: a row of like controls outside the list, one of them selected."""
    rows: dict[tuple[int, int, str], list[int]] = {}
    for index, element in enumerate(screen.elements):
        if element.role is aci.Role.TAB:
            rows.setdefault((-1, index, ""), []).append(index)
        elif element.clickable and not (listed is not None and _inside(element, listed)):
            rows.setdefault((element.bounds[1], element.bounds[3], element.class_name), [])
            rows[(element.bounds[1], element.bounds[3], element.class_name)].append(index)
    tabs: set[int] = set()
    for key, members in rows.items():
        if key[0] == -1 or (
            len(members) >= 2 and any(screen.elements[i].selected for i in members)
        ):
            tabs.update(members)
    return tabs


def _toggle_in(row: aci.Element, screen: aci.Screen) -> aci.Element | None:
    """The switch, checkbox or radio button drawn inside a tappable row, if any."""
    return next((e for e in screen.elements if e.role in _TOGGLES and _inside(e, row)), None)


def labelled(screen: aci.Screen) -> list[tuple[aci.Element, Label]]:
    """Each element with words, with the label a map keeps of it (the app's own elements
    only: no status or navigation bar). A row holding a switch is that switch."""
    listed = main_list(screen)
    tabs = _tabs(screen, listed)
    found: list[tuple[aci.Element, Label]] = []
    for index, element in enumerate(screen.elements):
        text = " ".join(element.label.split())[:_MAX_TEXT]
        if not text or _is_system(element):
            continue
        toggle = _toggle_in(element, screen) if element.clickable else None
        role: LabelRole
        checked: bool | None = None
        if element.editable:
            role = "field"
        elif element.role in _TOGGLES or toggle is not None:
            role = _TOGGLES[toggle.role if toggle is not None else element.role]
            checked = (toggle or element).checked if role != "slider" else None
        elif index in tabs:
            role = "tab"
        elif (
            element.clickable
            and listed is not None
            and _inside(element, listed)
            and element.role not in (aci.Role.ICON, aci.Role.BUTTON)
        ):
            role = "list item"
        elif element.clickable:
            role = "icon" if element.role is aci.Role.ICON else "button"
        elif element.role is aci.Role.TEXT:
            role = "text"
        else:
            continue
        found.append((element, Label(text=text, role=role, checked=checked)))
    return found


def screen_node(
    views: Sequence[aci.Screen], *, kind: ScreenKind = "page", package: str | None = None
) -> ScreenNode:
    """The node of a screen seen in `views` (the first as it opened, then its list scrolled
    further): the first gives the id and title, all of them the labels, each once."""
    if not views:
        raise PlannerInputError("a screen node needs at least one view of the screen")
    first = views[0]
    return ScreenNode(
        id=fingerprint(first),
        package=package or first.package or "",
        activity=first.activity,
        title=title_of(first),
        kind=kind,
        labels=tuple(_unique(label for view in views for _, label in labelled(view))),
    )


def _unique(labels: Iterable[Label]) -> list[Label]:
    """Each label once; a text that is the words of a control (a row's title) goes."""
    seen: dict[tuple[str, str], Label] = {}
    for label in labels:
        seen.setdefault((label.text, label.role), label)
    controls = {label.text for label in seen.values() if label.role != "text"}
    return [label for label in seen.values() if label.role != "text" or label.text not in controls]
