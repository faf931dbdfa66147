"""The grounding corpus: every screen of the virtual phone's apps, and what to ground on it.

Walks each app (launch it, tap each clickable element one or two levels deep, keep
every new screen of that app), in the light and the dark theme, and derives
instructions from each screen's UI hierarchy, for what a person can reach (with a
dialog open, only the dialog; nothing under the keyboard or the system bars). See
`bench/grounding.py`, which runs them.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from device.virtual import PhoneConfig, VirtualPhone

PARAPHRASES = {
    "navigate up": "the back arrow",
    "back": "the back arrow",
    "search": "the magnifying glass",
    "more options": "the three-dot menu",
    "close": "the X button",
    "clear": "the X button",
    "add": "the plus button",
    "delete": "the trash can icon",
    "edit": "the pencil icon",
    "share": "the share icon",
    "settings": "the gear icon",
    "menu": "the hamburger menu",
    "open navigation drawer": "the hamburger menu",
    "microphone": "the mic icon",
    "voice search": "the mic icon",
}
"""content-desc (lower case) -> how a person describes that icon."""

Bounds = tuple[int, int, int, int]


@dataclass(frozen=True)
class Instruction:
    kind: str
    action: str
    target: Bounds


@dataclass
class Shot:
    """One screen of the corpus: pixels, dump and the instructions derived from the dump."""

    app: str
    theme: str
    size: str
    activity: str
    png: bytes
    xml: str
    instructions: list[Instruction] = field(default_factory=list)


# -- the corpus -----------------------------------------------------------------------------


def _bounds(node: ET.Element) -> Bounds:
    x1, y1, x2, y2 = (
        int(number)
        for number in node.get("bounds", "[0,0][0,0]").strip("[]").replace("][", ",").split(",")
    )
    return x1, y1, x2, y2


_CONTENT = "android:id/content"
_IDENTITY = ("class", "resource-id", "text", "content-desc", "bounds")


def _signature(activity: str, xml: str) -> frozenset[tuple[str, ...]]:
    """What identifies a screen: its activity and what can be tapped in its app window.

    Text that is only shown (a calculator's display, the clock) does not make a new screen.
    """
    window = ET.fromstring(xml)[0]
    return frozenset(
        (activity, *(node.get(name, "") for name in _IDENTITY))
        for node in window.iter("node")
        if node.get("clickable") == "true"
    ) | {(activity,)}


def _clickable_points(xml: str) -> list[tuple[int, int]]:
    window = ET.fromstring(xml)[0]
    points = []
    for node in window.iter("node"):
        if node.get("clickable") == "true" and "EditText" not in node.get("class", ""):
            x1, y1, x2, y2 = _bounds(node)
            if x2 - x1 > 4 and y2 - y1 > 4:
                points.append(((x1 + x2) // 2, (y1 + y2) // 2))
    return points


def _frames(window: ET.Element) -> list[ET.Element]:
    """The content frames of the app window: more than one when a dialog is open."""
    return [node for node in window.iter("node") if node.get("resource-id") == _CONTENT]


def _on_top(window: ET.Element) -> Iterator[ET.Element]:
    """The app window's nodes a person can reach: with a dialog open (a later content
    frame over the activity's), only the dialog's; a tap elsewhere only dismisses it."""
    frames = _frames(window)
    top = frames[-1] if len(frames) > 1 else window
    yield from top.iter("node")


def _under_dialog(window: ET.Element) -> Iterator[ET.Element]:
    """The nodes an open dialog hides (those of the frames before the last), if one is open."""
    for frame in _frames(window)[:-1]:
        yield from frame.iter("node")


def _covers(root: ET.Element) -> list[Bounds]:
    """Bounds of the windows drawn over the app's (keyboard, system bars); a toast's are
    left out, since touches pass through it."""
    return [
        _bounds(window) for window in list(root)[1:] if window.get("class", "").endswith("Layout")
    ]


def _inside(point: tuple[int, int], box: Bounds) -> bool:
    return box[0] <= point[0] < box[2] and box[1] <= point[1] < box[3]


def instructions(xml: str, width: int, height: int) -> list[Instruction]:
    """The instructions a person could give on this screen, each with its target's bounds."""
    root = ET.fromstring(xml)
    window = root[0]
    parents = {child: parent for parent in window.iter() for child in parent}
    words = Counter(
        label
        for node in root.iter("node")
        for label in {
            name.strip().lower()
            for name in (node.get("text", ""), node.get("content-desc", ""), node.get("hint", ""))
            if name.strip()
        }
    )

    def unique(label: str) -> bool:
        return bool(label.strip()) and words[label.strip().lower()] == 1

    def clickable(node: ET.Element) -> ET.Element | None:
        current: ET.Element | None = node
        while current is not None and current is not window:
            if current.get("clickable") == "true":
                return current
            current = parents.get(current)
        return None

    covers = _covers(root)

    def visible(bounds: Bounds) -> bool:
        x1, y1, x2, y2 = bounds
        centre = ((x1 + x2) // 2, (y1 + y2) // 2)
        return (
            x2 - x1 >= 8
            and y2 - y1 >= 8
            and x2 <= width
            and y2 <= height
            and not any(_inside(centre, cover) for cover in covers)
        )

    def cover(node: ET.Element) -> Bounds | None:
        """Bounds of a later-drawn interactive layer (a popup menu) over the node's centre."""
        x1, y1, x2, y2 = _bounds(node)
        centre = ((x1 + x2) // 2, (y1 + y2) // 2)
        current: ET.Element | None = node
        while current is not None and current is not window:
            parent = parents.get(current)
            if parent is None:
                break
            siblings = list(parent)
            for sibling in siblings[siblings.index(current) + 1 :]:
                interactive = any(n.get("clickable") == "true" for n in sibling.iter("node"))
                if interactive and _inside(centre, _bounds(sibling)):
                    return _bounds(sibling)
            current = parent
        return None

    found: list[Instruction] = []
    for node in _on_top(window):
        over = cover(node)
        if over is not None:
            text = node.get("text", "").strip()
            target = clickable(node)
            if text and unique(text) and target is not None and visible(_bounds(target)):
                found.append(Instruction("hidden", f'tap "{text}"', over))
            continue
        text, desc = node.get("text", "").strip(), node.get("content-desc", "").strip()
        if "EditText" in node.get("class", ""):
            label = node.get("hint", "").strip() or text
            if unique(label) and visible(_bounds(node)):
                found.append(Instruction("field", f'type "hello" into "{label}"', _bounds(node)))
            continue
        target = clickable(node)
        if target is None or not visible(_bounds(target)):
            continue
        if text and unique(text):
            found.append(Instruction("text", f'tap "{text}"', _bounds(target)))
        elif desc and not text and unique(desc):
            found.append(Instruction("icon", f'tap "{desc}"', _bounds(target)))
            paraphrase = PARAPHRASES.get(desc.lower())
            if paraphrase:
                found.append(Instruction("paraphrase", f"tap {paraphrase}", _bounds(target)))
    frames = _frames(window)
    for node in _under_dialog(window):
        text = node.get("text", "").strip()
        target = clickable(node)
        if text and unique(text) and target is not None and visible(_bounds(target)):
            found.append(Instruction("hidden", f'tap "{text}"', _bounds(frames[-1])))
    return found


def walk_app(
    phone: VirtualPhone, package: str, *, depth: int, per_app: int
) -> Iterator[tuple[str, str]]:
    """(activity, u2 dump) of each screen of the app reachable by taps, `depth` taps deep.

    The phone is left on that screen while the caller handles it.
    """

    def replay(path: tuple[tuple[int, int], ...]) -> str | None:
        phone.stop_app(package)
        phone.start_app(package)
        for x, y in path:
            phone.tap(x, y)
        front = phone.foreground()[0]
        if front != package and front in others:
            return None  # the tap left for another app (the launcher opens them all)
        return phone.hierarchy_xml(form="u2")  # the app, or a system prompt over it

    others = set(phone.packages()) - {package}

    seen: set[frozenset[tuple[str, str, str]]] = set()
    frontier: list[tuple[tuple[int, int], ...]] = [()]
    while frontier and len(seen) < per_app:
        path = frontier.pop(0)
        xml = replay(path)
        if xml is None:
            continue
        activity = phone.foreground()[1]
        signature = _signature(activity, xml)
        if signature in seen:
            continue
        seen.add(signature)
        yield activity, xml
        if len(path) >= depth:
            continue
        for point in _clickable_points(xml):
            frontier.append((*path, point))


def build_corpus(
    *, sizes: list[tuple[int, int]], themes: list[str], apps: list[str], depth: int, per_app: int
) -> list[Shot]:
    shots: list[Shot] = []
    for width, height in sizes:
        for theme in themes:
            phone = VirtualPhone(PhoneConfig(width_px=width, height_px=height))
            phone.settings.put("secure", "ui_night_mode", "2" if theme == "dark" else "1")
            for package in phone.packages():
                info = phone.app_info(package)
                label = info.label if info else package
                if apps and not any(a.lower() in f"{package} {label}".lower() for a in apps):
                    continue
                for activity, xml in walk_app(phone, package, depth=depth, per_app=per_app):
                    size = f"{width}x{height}"
                    shot = Shot(label, theme, size, activity, phone.screenshot_png(), xml)
                    shot.instructions = instructions(xml, width, height)
                    if shot.instructions:
                        shots.append(shot)
                print(
                    f"corpus: {label} {theme} {width}x{height}: {len(shots)} screens so far",
                    file=sys.stderr,
                )
    return shots


def spread(shots: list[Shot], limit: int) -> list[Shot]:
    """At most `limit` screens, taken in turn from each (app, theme, size) so all are seen."""
    groups: dict[tuple[str, str, str], list[Shot]] = defaultdict(list)
    for shot in shots:
        groups[(shot.app, shot.theme, shot.size)].append(shot)
    chosen: list[Shot] = []
    queues = list(groups.values())
    while len(chosen) < limit and any(queues):
        for queue in queues:
            if queue and len(chosen) < limit:
                chosen.append(queue.pop(0))
    return chosen


# -- running it -----------------------------------------------------------------------------
