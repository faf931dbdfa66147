"""`for_each` lists: the items of a data list, chosen, ordered and sectioned, each laid
out from the template widget with the item's fields filled in.

The item's fields are written into the template before layout, so the actions a
row carries (open this contact, delete this alarm) hold the item's values and still
mean the same item when they run after the frame is gone.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, TypeVar

from pydantic import BaseModel

from device.virtual.ui import fonts, search, values
from device.virtual.ui.boxes import Box, Paint, Text
from device.virtual.ui.bubbles import bubble
from device.virtual.ui.context import LayoutContext
from device.virtual.ui.controls import radio
from device.virtual.ui.rows import TEXT_VIEW, row, text_line
from device.virtual.ui.schema import BubbleWidget, ForEachWidget, RadioWidget, RowWidget
from device.virtual.ui.values import Record

Model = TypeVar("Model", bound=BaseModel)
_FIELD = re.compile(r"\{\{|\{(\w+)(?::(0\d+))?\}")


def fill(template: Model, item: Record) -> Model:
    """The widget (or cell) template with `{field}` of the item filled in; other
    placeholders stay for the screen's scope to fill."""

    def one(match: re.Match[str]) -> str:
        name, width = match.group(1), match.group(2)
        if name is None or name not in item:
            return match.group(0)
        value = item[name]
        return value.zfill(int(width)) if width and value.lstrip("-").isdigit() else value

    def sub(value: Any) -> Any:
        if isinstance(value, str):
            return _FIELD.sub(one, value)
        if isinstance(value, dict):
            return {name: sub(inner) for name, inner in value.items()}
        if isinstance(value, list):
            return [sub(inner) for inner in value]
        return value

    return type(template).model_validate(sub(template.model_dump(exclude_none=True)))


def chosen(ctx: LayoutContext, widget: ForEachWidget) -> list[tuple[int, Record]]:
    """(position in the list, item) for the items shown, in the order shown."""
    scope = ctx.scope
    items = list(enumerate(_source(scope, widget)))
    wanted = {name: scope.text(template) for name, template in widget.where.items()}
    items = [(i, it) for i, it in items if all(it.get(k) == v for k, v in wanted.items())]
    if widget.filter is not None:
        query = scope.text(widget.filter.query)
        fields = widget.filter.fields
        items = [
            (i, it) for i, it in items if search.matches(query, [it.get(f, "") for f in fields])
        ]
    if widget.sort_by is not None:
        name = widget.sort_by
        items.sort(key=lambda pair: _order(pair[1].get(name, "")), reverse=widget.descending)
    return items


def _source(scope: values.Scope, widget: ForEachWidget) -> list[Record]:
    """The list a for_each draws from: a data list, or an app's runtime permissions."""
    listed = widget.permissions
    if listed is not None:
        return scope.permission_records(scope.text(listed.package), summary=listed.summary)
    return scope.items(widget.items or "", widget.app)


def _order(value: str) -> tuple[int, int, str]:
    """Numbers in numeric order before words, words ignoring case."""
    stripped = value.strip()
    if stripped.lstrip("-").isdigit():
        return 0, int(stripped), ""
    return 1, 0, stripped.lower()


def for_each(
    ctx: LayoutContext, widget: ForEachWidget, key: str, top: int, left: int, right: int
) -> list[Box]:
    """One box per item shown, section letters between, or the empty caption."""
    boxes: list[Box] = []
    letter = None
    for index, item in chosen(ctx, widget):
        item_ctx = replace(ctx, scope=ctx.scope.with_item({**item, "index": str(index)}))
        filled = fill(widget.row, {**item, "index": str(index)})
        if not values.holds(filled.visible_if, item_ctx.scope):
            continue
        if widget.sections is not None:
            first = item.get(widget.sections, "").strip()[:1].upper() or "#"
            if not first.isalpha():
                first = "#"
            if first != letter:
                letter = first
                boxes.append(_section(ctx, first, f"{key}/section/{first}", top, left, right))
                top = boxes[-1].rect[3]
        box = _one(item_ctx, filled, f"{key}[{index}]", top, left, right)
        boxes.append(box)
        top = box.rect[3]
    if not boxes and widget.empty_text:
        boxes.append(_empty(ctx, ctx.scope.text(widget.empty_text), key, top, left, right))
    return boxes


def _one(
    ctx: LayoutContext,
    widget: RowWidget | BubbleWidget | RadioWidget,
    key: str,
    top: int,
    left: int,
    right: int,
) -> Box:
    if isinstance(widget, RowWidget):
        return row(ctx, widget, key, top, left, right)
    if isinstance(widget, BubbleWidget):
        return bubble(ctx, widget, key, top, left, right)
    return radio(ctx, widget, key, top, left, right)


def _section(ctx: LayoutContext, letter: str, key: str, top: int, left: int, right: int) -> Box:
    """A contacts-style section letter above the names that start with it."""
    m = ctx.metrics
    header = text_line(
        ctx,
        left + m.dp(28),
        top + m.dp(8),
        m.dp(32),
        right - m.dp(20),
        letter,
        m.sp(16),
        ctx.theme.primary,
        "",
        "medium",
    )
    header.key = key
    return Box(rect=(left, top, right, top + m.dp(40)), children=[header])


def _empty(ctx: LayoutContext, text: str, key: str, top: int, left: int, right: int) -> Box:
    """The centred caption of a list with nothing in it ("No alarms")."""
    m = ctx.metrics
    size, line_h = m.sp(16), m.sp(24)
    lines = fonts.wrap(text, right - left - m.dp(64), size)
    text_top = top + m.dp(48)
    paint: list[Paint] = [
        Text(
            (left + right - fonts.text_width(line, size)) // 2,
            fonts.baseline(text_top + i * line_h + line_h // 2, size),
            line,
            size,
            ctx.theme.on_surface_variant,
        )
        for i, line in enumerate(lines)
    ]
    widest = max((fonts.text_width(line, size) for line in lines), default=0)
    x0 = (left + right - widest) // 2
    caption = Box(
        rect=(x0, text_top, x0 + max(1, widest), text_top + line_h * len(lines)),
        cls=TEXT_VIEW,
        resource_id=ctx.res("empty"),
        key=f"{key}/empty",
        text=text,
        paint=paint,
    )
    return Box(rect=(left, top, right, caption.rect[3] + m.dp(48)), children=[caption])
