"""`parse_hierarchy`: a uiautomator XML dump -> `aci.Element`s, in document order.

Reads both forms: `uiautomator dump` and uiautomator2's `dump_hierarchy`
(which adds `visible-to-user`, `hint`, `drawing-order`, ...). Real dumps are
untidy: attributes go missing, classes come from androidx, Material or
Compose (`android.view.View` with only a content-desc), NAF nodes have no
label, bounds run off screen. What a planner could not act on or name is
dropped (invisible, zero-size, unlabelled layout); a clickable container with
no words of its own takes its children's, so a list row is called by its title.
Nodes covered by something drawn over them (a dialog over its activity, see
`grounding.occlusion`) are kept apart: a person can neither see nor tap them.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

import aci
from grounding.config import GroundingConfig
from grounding.errors import InputTooLargeError, PerceptionError
from grounding.occlusion import hidden_nodes

__all__ = ["Hierarchy", "hierarchy_size", "parse_hierarchy", "read_hierarchy"]

_BOUNDS = re.compile(r"\[(-?\d+),(-?\d+)\]\[(-?\d+),(-?\d+)\]")
_EDITABLE = ("EditText", "AutoCompleteTextView", "SearchAutoComplete", "ExtractEditText")
_SWITCHES = ("Switch", "SwitchCompat", "SwitchMaterial", "MaterialSwitch", "ToggleButton")
_LISTS = (
    "RecyclerView", "ListView", "ScrollView", "GridView", "ViewPager", "ViewPager2",
    "ExpandableListView", "AbsListView", "HorizontalScrollView", "NestedScrollView",
)  # fmt: skip
_ICON_SHARE = 0.24  # a clickable image no wider than this share of the screen is an icon


@dataclass
class _Node:
    attrs: dict[str, str]
    bounds: tuple[int, int, int, int]
    children: list[_Node] = field(default_factory=list)

    def flag(self, name: str) -> bool:
        return self.attrs.get(name, "false") == "true"

    @property
    def short_class(self) -> str:
        return self.attrs.get("class", "").rsplit(".", 1)[-1].split("$")[-1]

    @property
    def own_text(self) -> str:
        return (self.attrs.get("text") or self.attrs.get("hint") or "").strip()

    @property
    def own_desc(self) -> str:
        return (self.attrs.get("content-desc") or "").strip()


_LIMITS = GroundingConfig.model_fields
MAX_NODES: int = _LIMITS["max_hierarchy_nodes"].default
MAX_DEPTH: int = _LIMITS["max_hierarchy_depth"].default


def _root(xml: str, *, max_nodes: int = MAX_NODES) -> ET.Element:
    if not isinstance(xml, str) or not xml.strip():
        raise PerceptionError("hierarchy is not XML: it is empty")
    try:
        data = xml.strip().encode("utf-8")
    except UnicodeEncodeError as exc:
        raise PerceptionError(
            f"hierarchy holds invalid Unicode at character {exc.start} "
            f"({xml[exc.start]!r}, a lone surrogate): send it as UTF-8 text"
        ) from exc
    count = data.count(b"<node")  # before parsing: a huge dump costs nothing to refuse
    if count > max_nodes:
        raise InputTooLargeError(
            f"hierarchy has {count} nodes, more than the {max_nodes} accepted "
            "(DROIDPILOT_GROUNDING_MAX_HIERARCHY_NODES); real screens hold a few thousand at most"
        )
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise PerceptionError(f"hierarchy is not XML: {exc}") from exc
    if root.tag not in ("hierarchy", "node"):
        raise PerceptionError(
            f"hierarchy is not uiautomator XML: the root is <{root.tag}>, expected <hierarchy>"
        )
    return root


def _bounds(text: str | None) -> tuple[int, int, int, int] | None:
    match = _BOUNDS.fullmatch((text or "").strip())
    if match is None:
        return None
    x1, y1, x2, y2 = (int(value) for value in match.groups())
    return x1, y1, x2, y2


def _size(root: ET.Element) -> tuple[int, int] | None:
    """The screen size the dump spans: the largest bounds that start at the top left."""
    sizes = [
        (b[2], b[3])
        for node in root.iter("node")
        if (b := _bounds(node.get("bounds"))) is not None and b[0] <= 0 and b[1] <= 0
    ]
    if not sizes:
        return None
    width, height = max(sizes, key=lambda size: size[0] * size[1])
    return (width, height) if width > 0 and height > 0 else None


def hierarchy_size(xml: str) -> tuple[int, int] | None:
    """The screen size (width, height) the dump spans: the largest top-level bounds, if any."""
    return _size(_root(xml))


@dataclass(frozen=True)
class Hierarchy:
    """What a dump shows: the elements a person can reach, those drawn over, the size."""

    elements: list[aci.Element]
    hidden: list[aci.Element]
    """Under a dialog, a popup, a keyboard...: in the dump, but a tap there lands on the cover."""
    size: tuple[int, int] | None = None
    """The screen's (width, height) as the dump spans it, when it says."""


def parse_hierarchy(xml: str) -> list[aci.Element]:
    """The reachable elements of a uiautomator dump; raises `PerceptionError` when it is not one."""
    return read_hierarchy(xml).elements


def read_hierarchy(
    xml: str, *, max_nodes: int = MAX_NODES, max_depth: int = MAX_DEPTH
) -> Hierarchy:
    """The elements of a uiautomator dump, reachable and hidden, each in document order.

    Raises `PerceptionError` for what is not a uiautomator dump, `InputTooLargeError` for
    one with more than `max_nodes` nodes or nested deeper than `max_depth`.
    """
    root = _root(xml, max_nodes=max_nodes)
    size = _size(root)
    screen_w, screen_h = size if size else (1 << 16, 1 << 16)
    tops = [root] if root.tag == "node" else list(root.findall("node"))
    clip = (0, 0, screen_w, screen_h)
    windows = [node for top in tops if (node := _read(top, clip, max_depth)) is not None]
    covered = hidden_nodes(windows, screen=clip)
    read = Hierarchy(elements=[], hidden=[], size=size)
    for window in windows:
        for node in _preorder(window):
            element = _element(node, screen_w)
            if element is not None:
                (read.hidden if id(node) in covered else read.elements).append(element)
    return read


def _read(top: ET.Element, clip: tuple[int, int, int, int], max_depth: int) -> _Node | None:
    """The visible subtree, bounds clipped to the screen; None when nothing of it shows.

    Iterative (a node is closed after its children), so that any nesting is read without
    recursion, and a zero-size wrapper is kept only when something inside it shows
    (Compose does this).
    """
    window: list[_Node] = []
    # (element, depth, the list its node joins, its children's list: None until opened)
    stack: list[tuple[ET.Element, int, list[_Node], list[_Node] | None]] = [(top, 0, window, None)]
    while stack:
        xml_node, depth, siblings, children = stack.pop()
        if children is not None:
            node = _clipped(xml_node, clip, children)
            if node is not None:
                siblings.append(node)
            continue
        if depth > max_depth:
            raise InputTooLargeError(
                f"hierarchy is nested more than {max_depth} levels deep "
                "(DROIDPILOT_GROUNDING_MAX_HIERARCHY_DEPTH); real view trees are a few dozen deep"
            )
        kids: list[_Node] = []
        stack.append((xml_node, depth, siblings, kids))
        stack.extend((sub, depth + 1, kids, None) for sub in reversed(xml_node.findall("node")))
    return window[0] if window else None


def _clipped(
    xml_node: ET.Element, clip: tuple[int, int, int, int], children: list[_Node]
) -> _Node | None:
    """The node with its bounds on the screen, or an empty-bounded wrapper of the children
    that show: a node not visible to the user (web views report whole wrappers so) can
    still hold children that are."""
    attrs = dict(xml_node.attrib)
    if attrs.get("visible-to-user") == "false":
        return _Node(attrs, (0, 0, 0, 0), children) if children else None
    raw = _bounds(attrs.get("bounds"))
    if raw is None:
        raw = clip
    x1, y1 = max(raw[0], clip[0], 0), max(raw[1], clip[1], 0)
    x2, y2 = min(raw[2], clip[2]), min(raw[3], clip[3])
    if x2 <= x1 or y2 <= y1:
        return _Node(attrs, (0, 0, 0, 0), children) if children else None
    return _Node(attrs, (x1, y1, x2, y2), children)


def _preorder(root: _Node) -> list[_Node]:
    out: list[_Node] = []
    stack = [root]
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(reversed(node.children))
    return out


def _descendant_label(node: _Node) -> tuple[str, str]:
    """(text, desc) for a container with no words of its own: the first text among its
    descendants that are not tap targets themselves, else the first content-desc."""
    texts: list[str] = []
    descs: list[str] = []
    stack = list(reversed(node.children))
    while stack and not texts:
        child = stack.pop()
        if child.flag("clickable") or child.flag("long-clickable"):
            continue
        if child.own_text and not _is_editable(child):
            texts.append(child.own_text)
        elif child.own_desc:
            descs.append(child.own_desc)
        stack.extend(reversed(child.children))
    if texts:
        return texts[0], ""
    return "", descs[0] if descs else ""


def _checkables(node: _Node) -> list[_Node]:
    """The checkable nodes inside `node`, not looking into clickable children (their own)."""
    found = []
    stack = list(reversed(node.children))
    while stack:
        child = stack.pop()
        if child.flag("checkable"):
            found.append(child)
        elif not child.flag("clickable"):
            stack.extend(reversed(child.children))
    return found


def _is_editable(node: _Node) -> bool:
    return node.flag("editable") or node.short_class.endswith(_EDITABLE)


def _role(node: _Node, screen_w: int, has_label: bool, editable: bool) -> aci.Role:
    name = node.short_class
    clickable = node.flag("clickable") or node.flag("long-clickable")
    width = node.bounds[2] - node.bounds[0]
    height = node.bounds[3] - node.bounds[1]
    small = width <= screen_w * _ICON_SHARE and height <= screen_w * _ICON_SHARE
    if editable:
        return aci.Role.FIELD
    if name.endswith(_SWITCHES):
        return aci.Role.SWITCH
    if "RadioButton" in name:
        return aci.Role.RADIO
    if "CheckBox" in name or (name == "CheckedTextView" and node.flag("checkable")):
        return aci.Role.CHECKBOX
    if name in _LISTS or node.flag("scrollable"):
        return aci.Role.LIST
    if "Tab" in name and "Table" not in name and "TabWidget" not in name:
        return aci.Role.TAB
    if "SeekBar" in name or "Slider" in name or "RatingBar" in name:
        return aci.Role.SLIDER
    if "Spinner" in name or "MenuItem" in name or "MenuView" in name:
        return aci.Role.MENU
    if "FloatingActionButton" in name:
        return aci.Role.BUTTON if node.own_text else aci.Role.ICON
    if "ImageButton" in name:
        return aci.Role.ICON
    if "ImageView" in name or name == "Image":
        return aci.Role.ICON if clickable and small else aci.Role.IMAGE
    if "Button" in name:
        return aci.Role.BUTTON
    if node.flag("checkable"):
        # Compose switches and checkboxes are plain Views: a switch is wider than tall.
        return aci.Role.SWITCH if width > 1.4 * height else aci.Role.CHECKBOX
    if "TextView" in name or name == "Text":
        # A toolbar action is often a TextView with only a content-desc and an icon drawable.
        icon_like = clickable and small and not node.own_text and node.own_desc
        return aci.Role.ICON if icon_like else aci.Role.TEXT
    if name == "View" and has_label and not node.children:
        if not clickable:
            return aci.Role.TEXT
        return aci.Role.ICON if small and not node.own_text else aci.Role.BUTTON
    if clickable and small and not node.own_text and has_label:
        return aci.Role.ICON
    return aci.Role.CONTAINER


def _element(node: _Node, screen_w: int) -> aci.Element | None:
    x1, y1, x2, y2 = node.bounds
    if x2 <= x1 or y2 <= y1:
        return None
    text, desc = node.own_text, node.own_desc
    clickable = node.flag("clickable") or node.flag("long-clickable")
    checked = node.flag("checked")
    if clickable and not text and not desc:
        text, desc = _descendant_label(node)
    if clickable and not node.flag("checkable"):
        checkables = _checkables(node)
        if len(checkables) == 1:
            checked = checkables[0].flag("checked")
    editable = _is_editable(node)
    hint = (node.attrs.get("hint") or "").strip()
    if editable and not desc and hint and hint != text:
        desc = hint
    role = _role(node, screen_w, bool(text or desc), editable)
    interactive = clickable or editable or node.flag("scrollable") or node.flag("checkable")
    if role is aci.Role.CONTAINER and not (interactive or text or desc):
        return None
    if role is aci.Role.IMAGE and not (text or desc or node.attrs.get("resource-id")):
        return None
    # Built without validation: every value here is already what the model allows (bounds
    # clipped and ordered, flags read as booleans), and a dump may hold thousands of nodes.
    return aci.Element.model_construct(
        bounds=node.bounds,
        text=text,
        desc=desc,
        resource_id=node.attrs.get("resource-id", ""),
        class_name=node.attrs.get("class", ""),
        role=role,
        checked=checked,
        selected=node.flag("selected"),
        enabled=node.attrs.get("enabled", "true") != "false",
        focused=node.flag("focused"),
        editable=editable,
        scrollable=node.flag("scrollable"),
        clickable=clickable,
        sources=("hierarchy",),
    )
