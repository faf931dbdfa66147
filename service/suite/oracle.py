"""The oracle runner: proves every task solvable by finding targets by exact label.

Steps, scrolling, settling and opening apps are the service's runner's
(`service.runner.StepRunner`); only where a target is comes from `labels.find`, the exact
label of a hierarchy node. It exists to prove the tasks solvable, not to ground well:
`service.runner.Runner` finds targets with droidpilot's grounder.
"""

from __future__ import annotations

from aci import (
    Assert,
    ClearText,
    ClearTextCommand,
    Command,
    Element,
    LongPress,
    LongPressCommand,
    OpenApp,
    Screen,
    Scroll,
    SetSlider,
    Swipe,
    Tap,
    TapCommand,
    TypeText,
    TypeTextCommand,
)
from grounding.grounded import Grounded
from grounding.slider import is_slider_class, nearest_slider, slider_point
from service.runner import StepRunner, Targeted, drag
from service.suite.labels import actionable, find
from service.ui_nodes import UiNode


class ExactLabelRunner(StepRunner):
    """Finds a target by its exact label in the hierarchy (see `labels.find`)."""

    def _screen(self) -> Screen:
        """The nodes that say something, as elements: what an assert may read."""
        left, top, right, bottom = self._screen_rect()
        elements = tuple(_element(node) for node in self.nodes() if node.text or node.desc)
        return Screen(width=max(1, right - left), height=max(1, bottom - top), elements=elements)

    def _ground(self, action: Targeted) -> Grounded:
        nodes = self.nodes()
        match action:
            case Tap(point=point) | LongPress(point=point) if point is not None:
                return _found(_press(action, point.x, point.y), None, "the given point")
            case Tap(target=str(target)) | LongPress(target=str(target)) | OpenApp(app=target):
                node = find(nodes, target)
                if node is None:
                    return _missing(target)
                x, y = actionable(nodes, node).center
                return _found(_press(action, x, y), _element(node), target)
            case TypeText(target=str(target), text=text):
                node = find(nodes, target, editable=True)
                if node is None:
                    return _missing(target)
                x, y = node.center
                return _found(TypeTextCommand(text=text, x=x, y=y), _element(node), target)
            case ClearText(target=str(target)):
                node = find(nodes, target, editable=True)
                if node is None:
                    return _missing(target)
                x, y = node.center
                return _found(ClearTextCommand(x=x, y=y), _element(node), target)
            case SetSlider(target=target, level=level):
                node = find(nodes, target)
                if node is None:
                    return _missing(target)
                slider = _slider_by(nodes, node)
                if slider is None:
                    return _missing(target, what="slider near the element")
                point = slider_point(slider.bounds, level)
                return _found(TapCommand(x=point.x, y=point.y), _element(slider), target)
            case Scroll(target=str(target)) | Swipe(target=str(target)):
                node = find(nodes, target)
                if node is None:
                    return _missing(target)
                command = drag(node.bounds, action.direction, scroll=isinstance(action, Scroll))
                return _found(command, _element(node), target)
            case Assert(target=target):
                node = find(nodes, target)
                if node is None:
                    return _missing(target)
                checked = any(
                    n.checked for n in nodes if n.order == node.order or _inside(nodes, n, node)
                )
                return _found(None, _element(node).model_copy(update={"checked": checked}), target)
        raise AssertionError(f"{action} names no target")  # pragma: no cover - see Targeted


def _press(action: Tap | LongPress | OpenApp, x: int, y: int) -> Command:
    return LongPressCommand(x=x, y=y) if isinstance(action, LongPress) else TapCommand(x=x, y=y)


def _found(command: Command | None, element: Element | None, label: str) -> Grounded:
    return Grounded(
        found=True,
        command=command,
        element=element,
        confidence=1.0,
        candidates=[],
        reason=f"the exact label {label!r}",
    )


def _missing(label: str, *, what: str = "element") -> Grounded:
    return Grounded(
        found=False,
        command=None,
        element=None,
        confidence=0.0,
        candidates=[],
        reason=f"no {what} labelled {label!r}",
    )


def _slider_by(nodes: list[UiNode], node: UiNode) -> UiNode | None:
    """The slider a labelled node names: itself, else the nearest slider of its window on
    it, below it or to its right (within an eighth of the screen's height)."""
    if is_slider_class(node.cls):
        return node
    sliders = [n for n in nodes if n.window == node.window and is_slider_class(n.cls) and n.area]
    reach = (nodes[0].bounds[3] - nodes[0].bounds[1]) // 8 if nodes else 0
    index = nearest_slider(node.bounds, [n.bounds for n in sliders], reach=reach)
    return None if index is None else sliders[index]


def _element(node: UiNode) -> Element:
    """The node in grounding's words, for the step's report."""
    left, top, right, bottom = (max(0, edge) for edge in node.bounds)
    return Element(
        bounds=(left, top, right, bottom),
        text=node.text,
        desc=node.desc,
        class_name=node.cls,
        checked=node.checked,
        focused=node.focused,
        editable=node.editable,
        scrollable=node.scrollable,
        clickable=node.clickable,
        sources=("hierarchy",),
    )


def _inside(nodes: list[UiNode], node: UiNode, ancestor: UiNode) -> bool:
    """Whether `node` lies inside `ancestor`'s clickable row (a row's switch)."""
    row = actionable(nodes, ancestor)
    current = node.parent
    while current is not None:
        if current == row.order:
            return True
        current = nodes[current].parent
    return False
