"""Grids of cells: calculator keys (text or icon buttons in tonal colours) and photo
thumbnails (generated pictures), fixed or one cell per list item."""

from __future__ import annotations

from dataclasses import replace

from device.virtual.ui import fonts, values
from device.virtual.ui.boxes import Box, Fill, Icon, Paint, Picture, Rect, Text
from device.virtual.ui.buttons import BUTTON
from device.virtual.ui.context import LayoutContext
from device.virtual.ui.lists import fill
from device.virtual.ui.rows import IMAGE_BUTTON, IMAGE_VIEW
from device.virtual.ui.schema import GridCell, GridWidget
from device.virtual.ui.theme import Color


def grid(ctx: LayoutContext, widget: GridWidget, key: str, top: int, left: int, right: int) -> Box:
    """Cells laid out row by row in equal columns; picture grids sit nearly edge to edge."""
    m = ctx.metrics
    cells: list[tuple[LayoutContext, GridCell, str]] = []
    if widget.items is not None and widget.cell is not None:
        for index, item in enumerate(ctx.scope.items(widget.items)):
            fields = {**item, "index": str(index)}
            cells.append(
                (
                    replace(ctx, scope=ctx.scope.with_item(fields)),
                    fill(widget.cell, fields),
                    f"{key}[{index}]",
                )
            )
    else:
        cells = [(ctx, cell, f"{key}/{index}") for index, cell in enumerate(widget.cells)]
    cells = [c for c in cells if values.holds(c[1].visible_if, c[0].scope)]
    pictures = any(cell.image is not None for _, cell, _ in cells)
    margin = m.dp(2 if pictures else 16)
    gap = m.dp(2 if pictures else 8)
    x0, x1 = left + margin, right - margin
    cell_w = (x1 - x0 - gap * (widget.columns - 1)) // widget.columns
    cell_h = round(cell_w * widget.aspect)
    children: list[Box] = []
    for position, (cell_ctx, cell, cell_key) in enumerate(cells):
        row, column = divmod(position, widget.columns)
        cx0 = x0 + column * (cell_w + gap)
        cy0 = top + m.dp(8) + row * (cell_h + gap)
        children.append(_cell(cell_ctx, cell, cell_key, (cx0, cy0, cx0 + cell_w, cy0 + cell_h)))
    rows = -(-len(cells) // widget.columns)
    height = m.dp(16) + rows * cell_h + max(0, rows - 1) * gap
    return Box(
        rect=(left, top, right, top + height),
        cls="android.widget.GridView" if widget.items else "android.view.ViewGroup",
        resource_id=ctx.res(widget.id),
        key=key,
        children=children,
    )


def _tones(ctx: LayoutContext, style: str) -> tuple[Color, Color]:
    theme = ctx.theme
    return {
        "plain": (theme.container_highest, theme.on_surface),
        "accent": (theme.primary, theme.on_primary),
        "muted": (theme.secondary_container, theme.on_secondary_container),
    }[style]


def _cell(ctx: LayoutContext, cell: GridCell, key: str, rect: Rect) -> Box:
    m, scope = ctx.metrics, ctx.scope
    actions = tuple(cell.on_click)
    box = Box(
        resource_id=ctx.res(cell.id),
        rect=rect,
        key=key,
        clickable=bool(actions),
        focusable=bool(actions),
        on_click=actions,
        long_clickable=bool(cell.on_long_click),
        on_long_click=tuple(cell.on_long_click),
    )
    w, h = rect[2] - rect[0], rect[3] - rect[1]
    cx, cy = (rect[0] + rect[2]) // 2, (rect[1] + rect[3]) // 2
    box.content_desc = scope.text(cell.desc) if cell.desc else ""
    if cell.image is not None:  # a thumbnail: no text, only its content-desc
        box.cls = IMAGE_VIEW
        box.paint = [Picture(rect, scope.text(cell.image))]
        return box
    fill_color, ink = _tones(ctx, cell.style)
    paint: list[Paint] = [Fill(rect, fill_color, min(w, h) // 2)]
    if cell.text is not None:
        text = scope.text(cell.text)
        size = min(m.sp(32), round(h * 0.4))
        shown = fonts.ellipsize(text, w - m.dp(8), size)
        paint.append(
            Text(
                cx - fonts.text_width(shown, size) // 2, fonts.baseline(cy, size), shown, size, ink
            )
        )
        box.cls, box.text = BUTTON, text
    elif cell.icon is not None:
        paint.append(Icon(cx, cy, cell.icon, min(m.dp(32), round(h * 0.4)), ink))
        box.cls = IMAGE_BUTTON
    else:
        box.cls = "android.view.View"
    box.paint = paint
    return box
