"""`ground`: one `aci.Action` on one `aci.Screen` -> a `Grounded` command, or why not.

Pointing actions tap the centre of the chosen tap target (a row for its
title); typing and clearing go to an editable field; setting a slider taps the
slider the target names (itself, or the one below or beside that label) at the
level's share of its width; scrolling and swiping drag inside the named
scrollable container, else the largest one, keeping clear of its edges. Keys,
apps, waits map straight to commands; done and fail need none.
"""

from __future__ import annotations

from typing import assert_never

import aci
from grounding.grounded import Candidate, Grounded
from grounding.matcher import Scored, ocr_line
from grounding.select import Need, rank
from grounding.slider import nearest_slider, slider_point
from grounding.target import parse_target
from lexicon.apps import is_package
from lexicon.text import normalise

__all__ = ["ground"]

FOUND_AT = 0.55
"""The least score a match needs to be acted on; below it `ground` answers found=False."""
_CLOSE_GAP = 0.15  # runners-up this close to the best make the answer ambiguous
_SCROLL_SHARE = 0.6  # of the container's length a scroll drags over
_SWIPE_SHARE = 0.7
_MARGIN_SHARE = 0.15  # of the container kept clear at each end of a drag
_SLIDER_REACH_SHARE = 0.125  # of the screen's height: how far from its label a slider may lie


def ground(action: aci.Action, screen: aci.Screen) -> Grounded:
    """Resolve an action against a screen: the command, the element, how sure, and why."""
    match action:
        case aci.Tap() | aci.LongPress():
            return _pointing(action, screen)
        case aci.TypeText() | aci.ClearText():
            return _field(action, screen)
        case aci.Scroll() | aci.Swipe():
            return _drag(action, screen)
        case aci.SetSlider():
            return _set(action, screen)
        case aci.PressKey():
            return _direct(aci.KeyCommand(name=action.key), f"press the {action.key.value} key")
        case aci.OpenApp():
            return _open_app(action, screen)
        case aci.Wait():
            return _direct(aci.WaitCommand(seconds=action.seconds), "wait, nothing to find")
        case aci.Done():
            return _direct(None, "done: the goal is reached, no command to run")
        case aci.Fail():
            return _direct(None, f"fail: {action.reason}; no command to run")
        case aci.Assert():
            return _check(action, screen)
        case _:
            assert_never(action)


def _direct(command: aci.Command | None, reason: str) -> Grounded:
    return Grounded(
        found=True, command=command, element=None, confidence=1.0, candidates=[], reason=reason
    )


def _candidates(screen: aci.Screen, matches: list[Scored], skip: int | None) -> list[Candidate]:
    return [
        Candidate(element=screen.elements[m.index], score=round(min(m.score, 1.0), 3), why=m.why)
        for m in matches
        if m.index != skip
    ][:5]


def _choose(
    description: str, screen: aci.Screen, need: Need, *, quoted: bool
) -> tuple[Scored | None, float, list[Scored], str]:
    """The best match for a target (a quoted label or a description) with its confidence,
    all matches, and a note."""
    ranking = rank(parse_target(description, quoted=quoted), screen, need=need)
    matches = ranking.matches
    if not matches or matches[0].score < FOUND_AT:
        closest = ", ".join(
            f"{screen.elements[m.index].label or screen.elements[m.index].resource_id!r} "
            f"({m.score:.2f})"
            for m in matches[:3]
        )
        why = ranking.note or f"nothing on the screen matches {description!r} well enough"
        return None, 0.0, matches, why + (f"; closest: {closest}" if closest else "")
    best = matches[0]
    confidence = min(best.score, 1.0)
    rivals = [m for m in matches[1:] if m.score >= best.score - _CLOSE_GAP]
    note = ""
    if rivals:
        gap = best.score - rivals[0].score
        confidence *= 0.7 + 0.3 * gap / _CLOSE_GAP
        note = f"; {len(rivals)} other element(s) match almost as well"
    return best, round(confidence, 3), matches, note


def _not_found(screen: aci.Screen, matches: list[Scored], reason: str) -> Grounded:
    return Grounded(
        found=False,
        command=None,
        element=None,
        confidence=0.0,
        candidates=_candidates(screen, matches, None),
        reason=reason,
    )


def _check(action: aci.Assert, screen: aci.Screen) -> Grounded:
    """An assertion runs no command: grounding only finds the element it is about."""
    best, confidence, matches, note = _choose(action.target, screen, "tap", quoted=True)
    if best is None:
        return _not_found(screen, matches, note)
    return Grounded(
        found=True,
        command=None,
        element=screen.elements[best.index],
        confidence=confidence,
        candidates=_candidates(screen, matches, best.index),
        reason=f"{best.why}{note}; an assertion runs no command",
    )


def _pointing(action: aci.Tap | aci.LongPress, screen: aci.Screen) -> Grounded:
    verb = "tap" if isinstance(action, aci.Tap) else "long press"
    if action.point is not None:
        point = action.point
        if point.x >= screen.width or point.y >= screen.height:
            return _not_found(
                screen, [], f"point ({point.x}, {point.y}) is off the {screen.width}x"
                f"{screen.height} screen",
            )  # fmt: skip
        inside = [e for e in screen.elements if e.contains(point)]
        element = min(inside, key=lambda e: e.area) if inside else None
        return Grounded(
            found=True, command=_press(action, point), element=element, confidence=1.0,
            candidates=[], reason=f"{verb} at the given point ({point.x}, {point.y})",
        )  # fmt: skip
    assert action.target is not None
    best, confidence, matches, note = _choose(action.target, screen, "tap", quoted=action.quoted)
    if best is None:
        return _not_found(screen, matches, note)
    element = screen.elements[best.index]
    point = _span_point(element, action.target) or _safe_point(best.index, screen)
    disabled = "" if element.enabled else " (it is disabled: the tap may do nothing)"
    return Grounded(
        found=True,
        command=_press(action, point),
        element=element,
        confidence=confidence,
        candidates=_candidates(screen, matches, best.index),
        reason=f"{best.why}{note}{disabled}",
    )


def _press(action: aci.Tap | aci.LongPress, point: aci.Point) -> aci.Command:
    if isinstance(action, aci.Tap):
        return aci.TapCommand(x=point.x, y=point.y)
    return aci.LongPressCommand(x=point.x, y=point.y)


def _span_point(element: aci.Element, target: str) -> aci.Point | None:
    """Where the target's text lies inside a longer line that OCR read: its share of the
    line's characters, from the left (glyphs of one font are near enough alike in width,
    and CJK ones are all one width). Spaces OCR puts between CJK characters are skipped.
    None when the text is not OCR's or does not hold the target."""
    if not ocr_line(element):
        return None
    line, wanted = normalise(element.text), "".join(normalise(target).split())
    kept = [index for index, char in enumerate(line) if not char.isspace()]
    start = "".join(line[index] for index in kept).find(wanted)
    if start < 0 or not wanted or len(wanted) >= len(kept):
        return None
    first, last = kept[start], kept[start + len(wanted) - 1]
    middle = (first + last + 1) / 2 / len(line)
    x1, y1, x2, y2 = element.bounds
    return aci.Point(x=round(x1 + (x2 - x1) * middle), y=(y1 + y2) // 2)


def _safe_point(index: int, screen: aci.Screen) -> aci.Point:
    """The element's centre, unless another, smaller tap target sits there (a button in the
    middle of a row): then the middle of the element's own words, left of that target."""
    element = screen.elements[index]
    centre = element.center
    x1, _, x2, _ = element.bounds
    covering = [
        e
        for i, e in enumerate(screen.elements)
        if i != index
        and e.clickable
        and e.area < element.area
        and e.contains(centre)
        and x1 <= e.bounds[0]
        and e.bounds[2] <= x2  # inside the element's width: a button in its middle
    ]
    if not covering:
        return centre
    blocker = min(covering, key=lambda e: e.area)
    left_room, right_room = blocker.bounds[0] - x1, x2 - blocker.bounds[2]
    if max(left_room, right_room) <= 0:
        return centre
    if left_room >= right_room:
        return aci.Point(x=x1 + left_room // 2, y=centre.y)
    return aci.Point(x=blocker.bounds[2] + right_room // 2, y=centre.y)


def _field(action: aci.TypeText | aci.ClearText, screen: aci.Screen) -> Grounded:
    """Typing or clearing: the field the target names, tapped first to focus it, or the
    focused one."""
    verb = "type into" if isinstance(action, aci.TypeText) else "empty"

    def command(point: aci.Point | None = None) -> aci.Command:
        x, y = (point.x, point.y) if point is not None else (None, None)
        if isinstance(action, aci.TypeText):
            return aci.TypeTextCommand(text=action.text, x=x, y=y)
        return aci.ClearTextCommand(x=x, y=y)

    if action.target is None:
        fields = [e for e in screen.elements if e.editable]
        focused = [e for e in fields if e.focused]
        element = focused[0] if focused else (fields[0] if len(fields) == 1 else None)
        where = "the focused field" if focused else (
            "the only field on the screen" if element else "whatever field has focus"
        )  # fmt: skip
        return Grounded(
            found=True, command=command(), element=element, confidence=1.0 if element else 0.6,
            candidates=[], reason=f"{verb} {where}",
        )  # fmt: skip
    best, confidence, matches, note = _choose(action.target, screen, "type", quoted=action.quoted)
    if best is None:
        return _not_found(screen, matches, note)
    element = screen.elements[best.index]
    if not element.editable and "hierarchy" in element.sources:
        confidence = min(confidence, 0.5)
        note += "; it is not an editable field"
    return Grounded(
        found=True,
        command=command(element.center),
        element=element,
        confidence=confidence,
        candidates=_candidates(screen, matches, best.index),
        reason=f"{best.why}{note}; the field is tapped first to focus it",
    )


def _set(action: aci.SetSlider, screen: aci.Screen) -> Grounded:
    """The slider the target names (itself, or the nearest one below or beside that label),
    tapped at the level's share of its width."""
    best, confidence, matches, note = _choose(action.target, screen, "tap", quoted=action.quoted)
    if best is None:
        return _not_found(screen, matches, note)
    sliders = [e for e in screen.elements if e.role == aci.Role.SLIDER]
    reach = int(screen.height * _SLIDER_REACH_SHARE)

    def slider_of(element: aci.Element) -> int | None:
        if element.role == aci.Role.SLIDER:
            return sliders.index(element)
        return nearest_slider(element.bounds, [e.bounds for e in sliders], reach=reach)

    label = screen.elements[best.index]
    index = slider_of(label)
    if index is None:
        shown = label.label or label.resource_id or label.class_name
        return _not_found(
            screen, matches,
            f"{action.target!r} matched {shown!r}, but no slider is on it, below it or to its "
            f"right",
        )  # fmt: skip
    rivals = [m for m in matches[1:] if m.score >= best.score - _CLOSE_GAP]
    if rivals and all(slider_of(screen.elements[m.index]) == index for m in rivals):
        # a slider and its label both match: they name the same slider, no rival
        confidence, note = round(min(best.score, 1.0), 3), "; the slider and its label both match"
    slider = sliders[index]
    point = slider_point(slider.bounds, action.level)
    named = slider.desc or slider.resource_id or slider.class_name
    via = "" if slider is label else f"; the slider by it, {named!r}"
    return Grounded(
        found=True,
        command=aci.TapCommand(x=point.x, y=point.y),
        element=slider,
        confidence=confidence,
        candidates=_candidates(screen, matches, best.index),
        reason=f"{best.why}{note}{via}; tapped at {action.level:.0%} of its track",
    )


def _drag(action: aci.Scroll | aci.Swipe, screen: aci.Screen) -> Grounded:
    scrolling = isinstance(action, aci.Scroll)
    element: aci.Element | None
    candidates: list[Candidate] = []
    if action.target is not None:
        best, confidence, matches, note = _choose(
            action.target, screen, "scroll", quoted=action.quoted
        )
        if best is None:
            return _not_found(screen, matches, note)
        element = _scroller_of(best.index, screen)
        candidates = _candidates(screen, matches, best.index)
        reason = f"{best.why}{note}"
    else:
        scrollers = [e for e in screen.elements if e.scrollable]
        element = max(scrollers, key=lambda e: e.area) if scrollers else None
        confidence = 1.0 if element else 0.7
        reason = (
            f"the largest scrollable container ({element.resource_id or element.class_name})"
            if element
            else "no scrollable container on the screen: dragging across the middle of it"
        )
    bounds = element.bounds if element else _content_area(screen)
    command = _drag_command(action.direction, bounds, scrolling=scrolling)
    return Grounded(
        found=True, command=command, element=element, confidence=confidence,
        candidates=candidates, reason=reason,
    )  # fmt: skip


def _scroller_of(index: int, screen: aci.Screen) -> aci.Element:
    """The element itself if it scrolls, else the smallest scrollable container around it."""
    element = screen.elements[index]
    if element.scrollable:
        return element
    around = [e for e in screen.elements if e.scrollable and e.contains(element.center)]
    return min(around, key=lambda e: e.area) if around else element


def _content_area(screen: aci.Screen) -> tuple[int, int, int, int]:
    """The screen less the bands status and navigation bars usually take."""
    return 0, screen.height // 20, screen.width, screen.height - screen.height // 20


def _drag_command(
    direction: aci.Direction, bounds: tuple[int, int, int, int], *, scrolling: bool
) -> aci.SwipeCommand:
    """A drag inside the bounds. Scrolling down moves the finger up; a swipe moves it as told."""
    x1, y1, x2, y2 = bounds
    cx, cy = (x1 + x2) // 2, (y1 + y2) // 2
    share = _SCROLL_SHARE if scrolling else _SWIPE_SHARE
    vertical = direction in (aci.Direction.UP, aci.Direction.DOWN)
    length = (y2 - y1) if vertical else (x2 - x1)
    half = int(min(length * share, length * (1 - 2 * _MARGIN_SHARE)) / 2)
    finger_forward = {  # +1: the finger moves towards larger coordinates
        aci.Direction.DOWN: -1, aci.Direction.UP: 1, aci.Direction.RIGHT: -1,
        aci.Direction.LEFT: 1,
    }[direction]  # fmt: skip
    if not scrolling:
        finger_forward = -finger_forward  # a swipe names the finger's own direction
    start, end = (-half, half) if finger_forward > 0 else (half, -half)
    duration_ms = 400 if scrolling else 200
    if vertical:
        return aci.SwipeCommand(x1=cx, y1=cy + start, x2=cx, y2=cy + end, duration_ms=duration_ms)
    return aci.SwipeCommand(x1=cx + start, y1=cy, x2=cx + end, y2=cy, duration_ms=duration_ms)


def _launchable(element: aci.Element, score: float) -> bool:
    """Whether an element can stand for an app's launcher icon: tappable, named, the app's own."""
    systemui = element.resource_id.startswith("com.android.systemui:")
    return element.clickable and score >= 0.85 and not systemui


def _open_app(action: aci.OpenApp, screen: aci.Screen) -> Grounded:
    if is_package(action.app):
        return _direct(aci.StartAppCommand(package=action.app), f"start {action.app}")
    best, confidence, matches, note = _choose(action.app, screen, "tap", quoted=True)
    if best is not None and not _launchable(screen.elements[best.index], best.score):
        best = None
    if best is None:
        return _not_found(
            screen, matches,
            f"{action.app!r} is not a package name and no launcher icon on this screen is "
            f"called that; open the app by its package (e.g. com.android.settings)",
        )  # fmt: skip
    element = screen.elements[best.index]
    return Grounded(
        found=True, command=aci.TapCommand(x=element.center.x, y=element.center.y),
        element=element, confidence=confidence,
        candidates=_candidates(screen, matches, best.index),
        reason=f"tap the icon: {best.why}{note}",
    )  # fmt: skip
