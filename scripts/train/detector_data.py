"""The element detector's training data: the generator's shards, augmented on the fly,
and the heads' targets (`scripts/train/train_detector.py` trains on them)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import torch

from grounding.element_model import CLASSES, INPUT_HEIGHT, INPUT_WIDTH, STRIDE

OUT_HEIGHT = INPUT_HEIGHT // STRIDE
OUT_WIDTH = INPUT_WIDTH // STRIDE

_GAUSSIAN_ALPHA = 0.54
"""Share of a box's width (and height) the target's Gaussian spreads over (TTFNet's
elliptical targets): a 200x8 px text line gets a long thin peak, not the round one
CenterNet's single radius (set by the short side) would give it."""

_MIN_SIGMA = 0.5
"""Smallest Gaussian spread, in cells: a 2-cell-tall line still marks its neighbours a
little, so a peak one cell off is not punished as much as a miss."""


@dataclass
class Shards:
    """Screens and their elements: image i's boxes are boxes[starts[i]:starts[i + 1]]."""

    images: np.ndarray  # uint8 (N, INPUT_HEIGHT, INPUT_WIDTH)
    boxes: np.ndarray  # float32 (M, 4): x0, y0, x1, y1 in input pixels
    classes: np.ndarray  # int64 (M,): index into CLASSES
    starts: np.ndarray  # int64 (N + 1,)

    def elements(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        a, b = self.starts[i], self.starts[i + 1]
        return self.boxes[a:b], self.classes[a:b]


def load_shards(paths: list[Path]) -> Shards:
    """All shards in `paths` as one set; refuses a shard of another input size."""
    if not paths:
        raise SystemExit("no shards found")
    images, boxes, classes, counts = [], [], [], []
    for path in paths:
        with np.load(path) as shard:
            if shard["images"].shape[1:] != (INPUT_HEIGHT, INPUT_WIDTH):
                raise SystemExit(f"{path}: images {shard['images'].shape}, expected N x 640 x 288")
            if int(shard["counts"].sum()) != len(shard["boxes"]):
                raise SystemExit(f"{path}: counts do not add up to the boxes")
            images.append(shard["images"])
            boxes.append(shard["boxes"].astype(np.float32).reshape(-1, 4))
            classes.append(shard["classes"].astype(np.int64))
            counts.append(shard["counts"].astype(np.int64))
    all_counts = np.concatenate(counts)
    return Shards(
        np.concatenate(images),
        np.concatenate(boxes),
        np.concatenate(classes),
        np.concatenate([[0], np.cumsum(all_counts)]),
    )


def augment(
    rng: np.random.Generator, image: np.ndarray, boxes: np.ndarray, classes: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A photometric and mildly geometric variant of one screen and its boxes.

    A vertical crop stretched back (up to 25%, with a little horizontal jitter) stands
    for other aspect ratios and densities; inversion for dark themes; contrast, gamma,
    blur, noise and JPEG for screenshots that went through a camera or a video stream.
    """
    image = image.astype(np.float32)
    if rng.random() < 0.5:
        height = INPUT_HEIGHT * rng.uniform(0.75, 1.0)
        width = INPUT_WIDTH * rng.uniform(0.92, 1.0)
        top = rng.uniform(0, INPUT_HEIGHT - height)
        left = rng.uniform(0, INPUT_WIDTH - width)
        sx, sy = INPUT_WIDTH / width, INPUT_HEIGHT / height
        matrix = np.array([[sx, 0, -left * sx], [0, sy, -top * sy]], dtype=np.float32)
        image = cv2.warpAffine(
            image,
            matrix,
            (INPUT_WIDTH, INPUT_HEIGHT),
            flags=cv2.INTER_LINEAR,
            borderMode=cv2.BORDER_REPLICATE,
        )
        moved = (boxes - [left, top, left, top]) * [sx, sy, sx, sy]
        clipped = np.clip(moved, 0, [INPUT_WIDTH, INPUT_HEIGHT, INPUT_WIDTH, INPUT_HEIGHT])
        whole = np.maximum(moved[:, 2:] - moved[:, :2], 1e-3)
        seen = clipped[:, 2:] - clipped[:, :2]
        # An element mostly cut off is dropped rather than taught as a whole one.
        keep = ((seen / whole) >= 0.6).all(axis=1) & (seen >= 2).all(axis=1)
        boxes, classes = clipped[keep].astype(np.float32), classes[keep]
    if rng.random() < 0.25:
        image = 255 - image
    if rng.random() < 0.8:
        contrast = rng.uniform(0.6, 1.25)
        image = (image - 128) * contrast + 128 + rng.uniform(-30, 30)
    if rng.random() < 0.3:
        image = 255 * (np.clip(image, 0, 255) / 255) ** rng.uniform(0.7, 1.4)
    if rng.random() < 0.2:
        image = cv2.GaussianBlur(image, (0, 0), rng.uniform(0.4, 1.0))
    if rng.random() < 0.3:
        image = image + rng.normal(0, rng.uniform(2, 8), image.shape).astype(np.float32)
    out = np.clip(image, 0, 255).astype(np.uint8)
    if rng.random() < 0.4:
        quality = int(rng.integers(30, 91))
        _, encoded = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, quality])
        out = cv2.imdecode(encoded, cv2.IMREAD_GRAYSCALE)
    return out, boxes, classes


def targets(boxes: np.ndarray, classes: np.ndarray) -> tuple[np.ndarray, ...]:
    """The heads' training targets for one screen: class heatmap (C, H, W) of elliptical
    Gaussians peaking at 1 on each centre cell; log width and height in input pixels and
    the centre's sub-cell offset (2, H, W each), and a mask of the centre cells."""
    heat = np.zeros((len(CLASSES), OUT_HEIGHT, OUT_WIDTH), dtype=np.float32)
    size = np.zeros((2, OUT_HEIGHT, OUT_WIDTH), dtype=np.float32)
    offset = np.zeros((2, OUT_HEIGHT, OUT_WIDTH), dtype=np.float32)
    mask = np.zeros((OUT_HEIGHT, OUT_WIDTH), dtype=np.float32)
    # Largest first, so a small element's centre inside a big one keeps its own size.
    order = np.argsort(-(boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1]))
    for (x0, y0, x1, y1), kind in zip(boxes[order], classes[order], strict=True):
        w, h = max(x1 - x0, 1.0), max(y1 - y0, 1.0)
        cx, cy = (x0 + x1) / 2 / STRIDE, (y0 + y1) / 2 / STRIDE
        ix, iy = min(max(int(cx), 0), OUT_WIDTH - 1), min(max(int(cy), 0), OUT_HEIGHT - 1)
        sigma_x = max(_GAUSSIAN_ALPHA * w / STRIDE / 6, _MIN_SIGMA)
        sigma_y = max(_GAUSSIAN_ALPHA * h / STRIDE / 6, _MIN_SIGMA)
        rx, ry = math.ceil(3 * sigma_x), math.ceil(3 * sigma_y)
        xa, xb = max(ix - rx, 0), min(ix + rx + 1, OUT_WIDTH)
        ya, yb = max(iy - ry, 0), min(iy + ry + 1, OUT_HEIGHT)
        gx = np.exp(-((np.arange(xa, xb) - ix) ** 2) / (2 * sigma_x**2))
        gy = np.exp(-((np.arange(ya, yb) - iy) ** 2) / (2 * sigma_y**2))
        window = heat[kind, ya:yb, xa:xb]
        np.maximum(window, gy[:, None] * gx[None, :], out=window)
        size[:, iy, ix] = (math.log(w), math.log(h))
        offset[:, iy, ix] = (cx - ix, cy - iy)
        mask[iy, ix] = 1.0
    return heat, size, offset, mask


class Batches(torch.utils.data.IterableDataset[tuple[torch.Tensor, ...]]):
    """One epoch of augmented batches, in an order fixed by (seed, epoch)."""

    def __init__(self, shards: Shards, seed: int, epoch: int, batch: int) -> None:
        self.shards, self.seed, self.epoch, self.batch = shards, seed, epoch, batch

    def __len__(self) -> int:
        return len(self.shards.images) // self.batch

    def __iter__(self) -> Iterator[tuple[torch.Tensor, ...]]:
        rng = np.random.default_rng([self.seed, self.epoch])
        order = rng.permutation(len(self.shards.images))
        for start in range(0, len(self) * self.batch, self.batch):
            xs, heats, sizes, offsets, masks = [], [], [], [], []
            for i in order[start : start + self.batch]:
                boxes, classes = self.shards.elements(int(i))
                image, boxes, classes = augment(rng, self.shards.images[i], boxes, classes)
                heat, size, offset, mask = targets(boxes, classes)
                xs.append(image)
                heats.append(heat)
                sizes.append(size)
                offsets.append(offset)
                masks.append(mask)
            x = np.stack(xs)[:, None].astype(np.float32) / 255 - 0.5
            yield (
                torch.from_numpy(x),
                torch.from_numpy(np.stack(heats)),
                torch.from_numpy(np.stack(sizes)),
                torch.from_numpy(np.stack(offsets)),
                torch.from_numpy(np.stack(masks)),
            )
