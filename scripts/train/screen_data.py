"""Render training screens for the element detector from the virtual phone, with exact boxes.

    .venv/bin/python scripts/train/screen_data.py --out /tmp/elements-data

Each phone gets a random screen size, density, font scale, light or dark theme, seed
colour (Android 12+'s dynamic colour) and app data seed; a random walk through its apps
(taps on what is clickable, scrolls, back, fields that raise the keyboard, dialogs)
gives the screens. Labels come from the laid-out views the pixels are drawn from, so
every box is exact. The test split uses app data seeds and seed-colour hues that the
training split never sees, so the detector is judged on themes it never learnt.

Writes `train-NNN.npz` and `test-NNN.npz` shards (see `scripts/train/train_detector.py`
for the format) with progress on stderr. Needs only the runtime dependencies.
"""

from __future__ import annotations

import argparse
import colorsys
import io
import json
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image
from screen_apps import write_apps

from device.virtual.phone import PhoneConfig, VirtualPhone
from device.virtual.ui import fonts
from device.virtual.ui.boxes import Box, Fill, Icon, Picture, Rect, Text, intersect, is_empty
from device.virtual.ui.tasks import page
from device.virtual.ui.theme import PALETTE_SETTING
from grounding.element_model import CLASSES, INPUT_HEIGHT, INPUT_WIDTH, shrink

KIND = {name: index for index, name in enumerate(CLASSES)}

_TEST_HUES = (150.0, 210.0)
"""Seed-colour hues (degrees) kept for the test split: greens and cyans, a theme family
the training split never shows."""

_TEST_SEEDS = 100_000
"""App data seeds from here on are the test split's."""

_SHAPES = (
    # (width px, height px, density dpi): phones from small to large, 16:9 to 21:9.
    (720, 1600, 320),
    (720, 1280, 320),
    (1080, 1920, 420),
    (1080, 2340, 440),
    (1080, 2400, 420),
    (1080, 2400, 480),
    (1080, 2520, 400),
    (1170, 2532, 460),
    (1280, 2856, 480),
    (1440, 3120, 560),
    (1440, 3200, 520),
)

_GENERATED_APPS = 80
"""Random apps per split (see screen_apps.py): each phone walks one of them or one of the
phone's own apps."""

_GENERATED_SHARE = 0.6

_FONT_SCALES = ("0.85", "1.0", "1.0", "1.15", "1.3")

_ICON_DP = 40
"""An image under 40dp on its longer side is a glyph (Material icons are 18-36dp); from
40dp it is a picture, avatar or thumbnail."""

_ICON_BUTTON_DP = 64
"""A clickable view with no text up to 64dp on each side is an icon button (48dp touch
targets, 56dp FABs); larger ones are cards or tiles."""

_OPAQUE_COVER = 0.8
"""A later-drawn view whose opaque fill covers 80% of it hides what lies beneath (a
dialog card, a sheet, the keyboard), unlike a scrim, which dims."""


@dataclass(frozen=True)
class Label:
    box: Rect
    kind: str


def labels(windows: list[Box], density: int) -> list[Label]:
    """The detector's boxes on a frame, without what later-drawn views hide."""
    width = max(w.rect[2] for w in windows)
    height = max(w.rect[3] for w in windows)
    drawn: list[tuple[Box, Rect, int, str]] = []
    for window in windows:
        _walk(window, (0, 0, width, height), drawn, "")
    found: list[tuple[Label, int, int]] = []
    for index, (box, visible, end, parent) in enumerate(drawn):
        for label in _classify(box, visible, parent, density):
            found.append((label, index, end))
    covers = [
        (index, end, visible)
        for index, (box, visible, end, _) in enumerate(drawn)
        if _opaque(box, visible)
    ]
    kept: list[Label] = []
    for label, index, end in found:
        cx = (label.box[0] + label.box[2]) / 2
        cy = (label.box[1] + label.box[3]) / 2
        hidden = any(
            i > index and not (index < i < end) and r[0] <= cx < r[2] and r[1] <= cy < r[3]
            for i, _, r in covers
        )
        if not hidden:
            kept.append(label)
    return kept


def _walk(box: Box, clip: Rect, drawn: list[tuple[Box, Rect, int, str]], parent: str) -> None:
    """Boxes in draw order with their visible rect, the index past their subtree and the
    class of the nearest view above them."""
    visible = intersect(box.rect, clip)
    if is_empty(visible):
        return
    index = len(drawn)
    drawn.append((box, visible, index + 1, parent))
    inner = visible if box.clips else clip
    for child in box.children:
        _walk(child, inner, drawn, box.cls or parent)
    drawn[index] = (box, visible, len(drawn), parent)


def _opaque(box: Box, visible: Rect) -> bool:
    area = max(1, (visible[2] - visible[0]) * (visible[3] - visible[1]))
    for paint in box.paint:
        if isinstance(paint, Fill) and paint.alpha == 255:
            r = intersect(paint.rect, visible)
            if not is_empty(r) and (r[2] - r[0]) * (r[3] - r[1]) >= _OPAQUE_COVER * area:
                return True
    return False


def _classify(box: Box, visible: Rect, parent: str, density: int) -> list[Label]:
    """What a view is to the detector (see the classes in grounding/models/elements.md)."""
    cls = (box.cls or "").rsplit(".", 1)[-1]
    width, height = visible[2] - visible[0], visible[3] - visible[1]
    dp = 160.0 / density
    small = max(width, height) * dp
    if cls in ("CheckBox", "RadioButton"):
        mark = _union([_paint_rect(p) for p in box.paint if not isinstance(p, Text)])
        kind = "checkbox" if cls == "CheckBox" else "radio"
        return [Label(intersect(mark, visible) if mark else visible, kind), *_texts(box, visible)]
    if cls == "Switch":
        return [Label(visible, "switch")]
    if cls == "EditText":
        return [Label(visible, "text_field")]
    if cls == "Button":
        return [Label(visible, "button")]
    if cls == "ImageButton":
        return [Label(visible, "icon_button")]
    if cls == "ImageView":
        if box.clickable:
            photo = any(isinstance(p, Picture) for p in box.paint)
            return [Label(visible, "image" if photo else "icon_button")]
        glyphs = [_paint_rect(p) for p in box.paint if isinstance(p, Icon)]
        if glyphs and not any(isinstance(p, Picture) for p in box.paint):
            glyph = _union(glyphs)
            return [Label(intersect(glyph, visible) if glyph else visible, "icon")]
        return [Label(visible, "icon" if small < _ICON_DP else "image")]
    found: list[Label] = []
    if box.cls is not None and box.clickable and _is_tab(box, parent):
        found.append(Label(visible, "tab"))
    elif (
        box.cls is not None
        and box.clickable
        and not box.text
        and not _has_text(box)
        and small <= _ICON_BUTTON_DP
    ):
        return [Label(visible, "icon_button")]
    if cls == "TextView" and box.text:
        found += _texts(box, visible)
    for paint in box.paint:
        if isinstance(paint, Icon) and paint.size_px * dp >= 12:
            rect = intersect(_paint_rect(paint), visible)
            if not is_empty(rect):
                found.append(Label(rect, "icon"))
        elif isinstance(paint, Picture):
            rect = intersect(paint.rect, visible)
            if not is_empty(rect):
                found.append(Label(rect, "image"))
    return found


def _texts(box: Box, visible: Rect) -> list[Label]:
    """The view's own lines of text, as the ink of each line."""
    ink = _union([_text_rect(p) for p in box.paint if isinstance(p, Text) and p.text.strip()])
    if ink is None or is_empty(intersect(ink, visible)):
        return []
    return [Label(intersect(ink, visible), "text")]


def _is_tab(box: Box, parent: str) -> bool:
    """A tab (a view in a TabLayout, which is a HorizontalScrollView) or a bottom
    navigation item (the virtual phone's ids for them start `nav_`)."""
    return parent.endswith("HorizontalScrollView") or ":id/nav_" in box.resource_id


def _has_text(box: Box) -> bool:
    return any(isinstance(p, Text) for p in box.paint) or any(_has_text(c) for c in box.children)


def _text_rect(paint: Text) -> Rect:
    """Where a line's glyphs are: from the cap height above the baseline to the
    descenders below it, not the view's padded box (what a reader of pixels sees)."""
    width = fonts.text_width(paint.text, paint.size_px, paint.weight)
    top = paint.baseline - round(0.78 * paint.size_px)
    return paint.x, top, paint.x + width, paint.baseline + round(0.24 * paint.size_px)


def _paint_rect(paint: object) -> Rect:
    if isinstance(paint, Icon):
        half = paint.size_px // 2
        return paint.cx - half, paint.cy - half, paint.cx + half, paint.cy + half
    rect = getattr(paint, "rect", None)
    if rect is not None:
        return rect  # type: ignore[no-any-return]
    points = getattr(paint, "points", None)
    if points:
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        return min(xs), min(ys), max(xs), max(ys)
    cx, cy, r = getattr(paint, "cx", 0), getattr(paint, "cy", 0), getattr(paint, "radius_px", 0)
    return cx - r, cy - r, cx + r, cy + r


def _union(rects: list[Rect]) -> Rect | None:
    rects = [r for r in rects if not is_empty(r)]
    if not rects:
        return None
    return (
        min(r[0] for r in rects),
        min(r[1] for r in rects),
        max(r[2] for r in rects),
        max(r[3] for r in rects),
    )


def _hue_for(split: str, rng: random.Random) -> float:
    low, high = _TEST_HUES
    if split == "test":
        return rng.uniform(low, high)
    hue = rng.uniform(0.0, 360.0 - (high - low))
    return hue if hue < low else hue + (high - low)


def _seed_hex(hue: float, rng: random.Random) -> str:
    r, g, b = colorsys.hsv_to_rgb(hue / 360.0, rng.uniform(0.35, 0.9), rng.uniform(0.45, 0.9))
    return f"FF{round(r * 255):02X}{round(g * 255):02X}{round(b * 255):02X}"


def new_phone(split: str, rng: random.Random, apps: Path | None = None) -> VirtualPhone:
    width, height, density = rng.choice(_SHAPES)
    seed = (
        rng.randrange(_TEST_SEEDS, 2 * _TEST_SEEDS)
        if split == "test"
        else rng.randrange(_TEST_SEEDS)
    )
    phone = VirtualPhone(
        PhoneConfig(
            width_px=width,
            height_px=height,
            density_dpi=density,
            seed=seed,
            apps_dirs=(apps,) if apps is not None else (),
        )
    )
    phone.settings.put("system", "font_scale", rng.choice(_FONT_SCALES))
    phone.settings.put("secure", "ui_night_mode", "2" if rng.random() < 0.4 else "1")
    if rng.random() < 0.8:
        palette = {
            "android.theme.customization.system_palette": _seed_hex(_hue_for(split, rng), rng)
        }
        phone.settings.put("secure", PALETTE_SETTING, json.dumps(palette))
    return phone


def _clickables(box: Box, clip: Rect, out: list[Rect]) -> None:
    visible = intersect(box.rect, clip)
    if is_empty(visible):
        return
    if box.clickable or box.editable is not None:
        out.append(visible)
    inner = visible if box.clips else clip
    for child in box.children:
        _clickables(child, inner, out)


def open_any_screen(phone: VirtualPhone, rng: random.Random) -> None:
    """Show one of the front app's screens at random, as a deep link would: a walk from
    the launcher rarely reaches the screens deep in Settings (radio lists, dialogs)."""
    package, _ = phone.foreground()
    app = phone.ui.app(package)
    if app is None:
        return
    screen = rng.choice(sorted(app.screens))
    task = phone.ui._task  # the engine's own front task: there is no public deep link
    task.open(page(app, screen))
    try:
        phone.ui._changed()
        phone.screenshot()
    except Exception:  # a screen that needs a record of a list shows nothing without one
        task.pop()
        phone.ui._changed()


def step(phone: VirtualPhone, rng: random.Random) -> None:
    """One random user action: mostly taps on something clickable."""
    width, height = phone.size
    roll = rng.random()
    if roll < 0.12:
        phone.swipe(width // 2, height * 3 // 4, width // 2, height // 4)
    elif roll < 0.2:
        phone.press_key(4)  # BACK
    elif roll < 0.24:
        phone.press_key(3)  # HOME
    else:
        frame = phone.ui._current()
        targets: list[Rect] = []
        box, _ = frame.windows[frame.active]
        _clickables(box, (0, 0, width, height), targets)
        if targets:
            x0, y0, x1, y1 = rng.choice(targets)
            phone.tap((x0 + x1) // 2, (y0 + y1) // 2)


def sample(phone: VirtualPhone, rng: random.Random) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The shrunk picture of the phone's screen and its boxes in input pixels."""
    frame = phone.ui._current()
    image = phone.screenshot()
    if rng.random() < 0.5:
        buffer = io.BytesIO()
        image.save(buffer, format="JPEG", quality=rng.randint(40, 95))
        image = Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")
    width, height = image.size
    shrunk = shrink(np.asarray(image))
    sx, sy = INPUT_WIDTH / width, INPUT_HEIGHT / height
    found = labels([box for box, _ in frame.windows], phone.config.density_dpi)
    boxes = np.array(
        [(b.box[0] * sx, b.box[1] * sy, b.box[2] * sx, b.box[3] * sy) for b in found],
        dtype=np.float32,
    ).reshape(-1, 4)
    kinds = np.array([KIND[b.kind] for b in found], dtype=np.int16)
    return shrunk, boxes, kinds


def write_split(out: Path, split: str, count: int, seed: int, shard_size: int) -> None:
    rng = random.Random(f"{seed}:{split}")
    images: list[np.ndarray] = []
    boxes: list[np.ndarray] = []
    kinds: list[np.ndarray] = []
    shard = 0
    start = time.monotonic()
    generated = write_apps(out / f"apps-{split}", _GENERATED_APPS, f"{seed}:{split}:apps")
    while shard * shard_size + len(images) < count:
        phone = new_phone(split, rng, generated)
        packages = [p for p in phone.packages() if phone.ui.app(p) is not None]
        ours = [p for p in packages if p.startswith("com.example.generated")]
        builtin = [p for p in packages if p not in ours and "launcher" not in p]
        phone.start_app(rng.choice(ours if rng.random() < _GENERATED_SHARE else builtin))
        if rng.random() < 0.5:
            open_any_screen(phone, rng)
        for _ in range(rng.randint(4, 9)):
            try:
                step(phone, rng)
            except Exception as exc:  # a random walk may hit an app's edge; note and go on
                print(f"  step failed: {exc}", file=sys.stderr)
                break
            if rng.random() < 0.6:
                image, b, k = sample(phone, rng)
                images.append(image)
                boxes.append(b)
                kinds.append(k)
            if len(images) == shard_size or shard * shard_size + len(images) >= count:
                _save(out / f"{split}-{shard:03}.npz", images, boxes, kinds)
                shard += 1
                done = shard * shard_size
                print(
                    f"{split}: {min(done, count)}/{count} screens, "
                    f"{time.monotonic() - start:.0f} s",
                    file=sys.stderr,
                    flush=True,
                )
                images, boxes, kinds = [], [], []
                if done >= count:
                    return


def _save(
    path: Path, images: list[np.ndarray], boxes: list[np.ndarray], kinds: list[np.ndarray]
) -> None:
    np.savez_compressed(
        path,
        images=np.stack(images),
        boxes=np.concatenate(boxes) if boxes else np.zeros((0, 4), np.float32),
        classes=np.concatenate(kinds) if kinds else np.zeros((0,), np.int16),
        counts=np.array([len(b) for b in boxes], dtype=np.int32),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/elements-data"))
    parser.add_argument("--train", type=int, default=6000, help="training screens")
    parser.add_argument("--test", type=int, default=500, help="held-out screens")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--shard", type=int, default=200, help="screens per file")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    write_split(args.out, "test", args.test, args.seed, args.shard)
    write_split(args.out, "train", args.train, args.seed, args.shard)


if __name__ == "__main__":
    main()
