"""What `assert visible` reads in text fields: the text typed into them, never their hint.

On Android an empty EditText reports its hint as its text (accessibility text falls
back to the hint, `TextView.getTextForAccessibility`), and uiautomator2's dump adds the
hint itself as `hint`; grounding also lets a field answer to its hint as a content-desc,
so that `type "x" into "Title"` finds it. But a hint is a grey placeholder saying what
to type, not something the screen holds: an empty Title field does not make
`assert visible "Title"` hold. What was typed is content like any label: a note field
holding "Buy milk and eggs" makes `assert visible "milk"` hold as a TextView would.

`as_read` gives grounding, for a visibility assertion, the screen as read that way: an
editable element's text is empty while its node shows the hint, its content-desc is
dropped when it is only the hint, and it is matched as plain text (grounding scores a
field matched on the text it holds lower as a *tap* target, which says nothing about
whether the text shows). Only the hierarchy tells a hint from typed text: a dump without
`hint` attributes (plain `uiautomator dump`) and pixels alone leave fields as they are.
"""

from __future__ import annotations

from collections.abc import Sequence

import aci
from service.ui_nodes import UiNode

__all__ = ["as_read", "shows_hint"]


def shows_hint(node: UiNode) -> bool:
    """Whether a field node is empty, showing at most its placeholder."""
    return not node.text or (bool(node.hint) and node.text == node.hint)


def as_read(screen: aci.Screen, nodes: Sequence[UiNode]) -> aci.Screen:
    """The screen with each editable element reduced to the text typed into it."""
    fields = {node.bounds: node for node in nodes if node.editable}
    if not fields:
        return screen
    elements = tuple(_read(element, fields) for element in screen.elements)
    return screen.model_copy(update={"elements": elements})


def _read(element: aci.Element, fields: dict[tuple[int, int, int, int], UiNode]) -> aci.Element:
    node = fields.get(element.bounds) if element.editable else None
    if node is None:
        return element
    text = "" if shows_hint(node) else element.text
    desc = "" if node.hint and element.desc == node.hint else element.desc
    return element.model_copy(update={"text": text, "desc": desc, "editable": False})
