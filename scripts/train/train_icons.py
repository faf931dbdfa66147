"""Train the icon recogniser, export it to ONNX, and measure it on held-out renders.

    .venv/bin/python scripts/train/train_icons.py --seed 7 --epochs 12 --out grounding/models

Fetches the icon fonts into a cache (npm pack), renders every class in the training
styles, trains a small CNN on freshly composed crops each epoch (reproducible from
--seed), exports `icons.onnx` with the class table `icons.json`, checks onnxruntime
agrees with torch, and prints metrics as JSON on stdout (progress on stderr). Needs the
`train` extra (torch, onnx), npm, and the network once for the fonts.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import torch
from icon_data import (
    CLASSES,
    HELD_OUT_STYLES,
    HELD_OUT_WEIGHTS,
    TRAIN_STYLES,
    TRAIN_WEIGHTS,
    UNKNOWN,
    IconClass,
    clutter_crop,
    compose,
    text_masks,
)
from icon_fonts import PACKAGES, STYLES, Mask, Style, fetch, names, render
from torch import nn

from grounding.icon_model import INPUT_SIZE, PREPROCESSING, IconRecogniser, prepare

_DUPLICATE_IOU = 0.8
"""Overlap above which another symbol is a copy of a class's glyph (Symbols ships aliases
such as clear for close): such symbols are neither the class nor unknown, so left out."""

_UNKNOWN_SHARE = 0.3
"""Share of training samples that show no class: most crops a screen offers are icons."""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def class_masks(
    roots: dict[str, Path], styles: dict[str, tuple[str, ...]], weights: tuple[int, ...]
) -> list[list[Mask]]:
    """Every render of every class in `styles` (Symbols at each fill and weight)."""
    chosen = [s for s in STYLES if s.name in styles.get(s.family, ())]
    masks: list[list[Mask]] = []
    for icon in CLASSES:
        renders: list[Mask] = []
        for style in chosen:
            for name in (icon.symbol, *icon.extra):
                variants = (
                    [(f, w) for f in icon.fills for w in weights] if style.variable else [(0, 400)]
                )
                for fill, weight in variants:
                    mask = render(roots[style.family], style, name, fill, weight)
                    if mask is not None:
                        renders.append(mask)
        if not renders:
            raise SystemExit(f"{icon.symbol}: no glyph in {styles}")
        masks.append(renders)
    return masks


def _small(mask: Mask) -> np.ndarray:
    return np.asarray(
        torch.nn.functional.avg_pool2d(torch.tensor(mask[None], dtype=torch.float32), 4)[0] > 96
    )


def other_symbols(root: Path, seed: int) -> tuple[list[str], list[str]]:
    """Symbols that are no class (and no copy of one), split into training and held out."""
    outlined = next(s for s in STYLES if s.family == "symbols" and s.name == "outlined")
    taken = {name for icon in CLASSES for name in (icon.symbol, *icon.extra)}
    references = [
        _small(mask)
        for icon in CLASSES
        for fill in icon.fills
        if (mask := render(root, outlined, icon.symbol, fill)) is not None
    ]
    stack = np.stack(references).reshape(len(references), -1)
    others: list[str] = []
    for name in names(root):
        if name in taken:
            continue
        mask = render(root, outlined, name)
        if mask is None:
            continue
        flat = _small(mask).reshape(1, -1)
        iou = (stack & flat).sum(1) / np.maximum((stack | flat).sum(1), 1)
        if iou.max() < _DUPLICATE_IOU:
            others.append(name)
    order = np.random.default_rng([seed, 1]).permutation(len(others))
    held = len(others) // 6
    return [others[i] for i in order[held:]], [others[i] for i in order[:held]]


def unknown_masks(
    root: Path,
    others: list[str],
    styles: tuple[Style, ...],
    weights: tuple[int, ...],
    rng: np.random.Generator,
    per_name: int,
) -> list[Mask]:
    masks: list[Mask] = []
    for name in others:
        for _ in range(per_name):
            style = styles[int(rng.integers(len(styles)))]
            mask = render(root, style, name, int(rng.integers(2)), int(rng.choice(weights)))
            if mask is not None:
                masks.append(mask)
    return masks


class Crops(torch.utils.data.IterableDataset[tuple[torch.Tensor, torch.Tensor]]):
    """Batches of freshly composed crops, the same for the same (seed, epoch)."""

    def __init__(
        self,
        known: list[list[Mask]],
        unknown: list[Mask],
        text: list[Mask],
        seed: int,
        batches: int,
        batch_size: int,
    ) -> None:
        self.known, self.unknown, self.text = known, unknown, text
        self.seed, self.batches, self.batch_size = seed, batches, batch_size
        self.epoch = 0
        self.clutter = unknown[:500] + text[:200]

    def sample(self, rng: np.random.Generator) -> tuple[np.ndarray, int]:
        if rng.random() >= _UNKNOWN_SHARE:
            label = int(rng.integers(len(self.known)))
            masks = self.known[label]
            return prepare(compose(rng, masks[int(rng.integers(len(masks)))], self.clutter)), label
        roll = rng.random()
        if roll < 0.6:
            crop = compose(rng, self.unknown[int(rng.integers(len(self.unknown)))], self.clutter)
        elif roll < 0.8:
            crop = compose(rng, self.text[int(rng.integers(len(self.text)))], self.clutter)
        else:
            crop = clutter_crop(rng)
        return prepare(crop), len(self.known)

    def __iter__(self) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
        rng = np.random.default_rng([self.seed, 2, self.epoch])
        for _ in range(self.batches):
            pairs = [self.sample(rng) for _ in range(self.batch_size)]
            x = np.concatenate([p[0] for p in pairs])
            y = np.array([p[1] for p in pairs], dtype=np.int64)
            yield torch.from_numpy(x), torch.from_numpy(y)


def network(classes: int) -> nn.Sequential:
    """Four conv stages (BN + ReLU), global average pool, linear: ~0.3M parameters."""

    def block(cin: int, cout: int) -> list[nn.Module]:
        return [nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU()]

    return nn.Sequential(
        *block(1, 24),
        nn.MaxPool2d(2),
        *block(24, 48),
        *block(48, 48),
        nn.MaxPool2d(2),
        *block(48, 96),
        *block(96, 96),
        nn.MaxPool2d(2),
        *block(96, 160),
        nn.AdaptiveAvgPool2d(1),
        nn.Flatten(),
        nn.Dropout(0.1),
        nn.Linear(160, classes),
    )


def evaluate(
    session_path: Path,
    known: list[list[Mask]],
    unknown: list[Mask],
    seed: int,
    per_class: int,
) -> dict[str, float]:
    """Top-1/top-5 and meaning (lexicon key) accuracy on held-out renders, and the share of
    held-out non-class symbols the model calls a class."""
    from lexicon.onnx import create_session

    session = create_session(session_path, threads=2)
    rng = np.random.default_rng([seed, 3])
    xs: list[np.ndarray] = []
    ys: list[int] = []
    for label, masks in enumerate(known):
        for _ in range(per_class):
            xs.append(prepare(compose(rng, masks[int(rng.integers(len(masks)))], [])))
            ys.append(label)
    for mask in unknown:
        xs.append(prepare(compose(rng, mask, [])))
        ys.append(len(known))
    x = np.concatenate(xs)
    y = np.array(ys)
    probabilities = np.concatenate(
        [session.run(None, {"crop": x[i : i + 256]})[0] for i in range(0, len(x), 256)]
    )
    top5 = np.argsort(-probabilities, axis=1)[:, :5]
    is_known = y < len(known)
    keys = [icon.key for icon in CLASSES] + [None]
    same_meaning = [
        p == t or (keys[t] is not None and keys[p] == keys[t])
        for p, t in zip(top5[:, 0], y, strict=True)
    ]
    return {
        "top1": float((top5[is_known, 0] == y[is_known]).mean()),
        "top5": float((top5[is_known] == y[is_known, None]).any(1).mean()),
        "meaning_top1": float(np.array(same_meaning)[is_known].mean()),
        "known_called_unknown": float((top5[is_known, 0] == len(known)).mean()),
        "unknown_false_accept": float((top5[~is_known, 0] != len(known)).mean()),
        "samples_known": int(is_known.sum()),
        "samples_unknown": int((~is_known).sum()),
    }


def latency(models: Path, seed: int) -> dict[str, float]:
    """Median milliseconds of IconRecogniser.classify for 1 and 20 crops (50 runs each)."""
    recogniser = IconRecogniser(models)
    rng = np.random.default_rng([seed, 4])
    crops = [rng.integers(0, 255, (96, 96, 3), dtype=np.uint8) for _ in range(20)]
    recogniser.classify(crops)
    result: dict[str, float] = {}
    for count in (1, 20):
        times = []
        for _ in range(50):
            start = time.perf_counter()
            recogniser.classify(crops[:count])
            times.append(time.perf_counter() - start)
        result[f"classify_ms_batch_{count}"] = round(1000 * float(np.median(times)), 3)
    return result


def export(model: nn.Sequential, path: Path, probe: torch.Tensor) -> float:
    """Write the model with its softmax as ONNX (dynamic batch); the largest difference
    between onnxruntime's and torch's probabilities on `probe`."""
    from lexicon.onnx import create_session

    wrapped = nn.Sequential(model, nn.Softmax(dim=1)).eval()
    torch.onnx.export(
        wrapped,
        (probe[:1],),
        str(path),
        dynamo=False,
        opset_version=17,
        input_names=["crop"],
        output_names=["probabilities"],
        dynamic_axes={"crop": {0: "batch"}, "probabilities": {0: "batch"}},
    )
    with torch.no_grad():
        expected = wrapped(probe).numpy()
    (actual,) = create_session(path, threads=1).run(None, {"crop": probe.numpy()})
    return float(np.abs(actual - expected).max())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--batches", type=int, default=300, help="batches per epoch")
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--out", type=Path, default=Path("grounding/models"))
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache/droidpilot-train")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    started = time.monotonic()
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    roots = fetch(args.cache)

    log("rendering classes")
    train_known = class_masks(roots, TRAIN_STYLES, TRAIN_WEIGHTS)
    held_known = class_masks(roots, HELD_OUT_STYLES, HELD_OUT_WEIGHTS)
    log("rendering other symbols")
    train_names, held_names = other_symbols(roots["symbols"], args.seed)
    rng = np.random.default_rng([args.seed, 5])
    symbol_styles = tuple(s for s in STYLES if s.family == "symbols")
    train_unknown = unknown_masks(
        roots["symbols"],
        train_names,
        tuple(s for s in symbol_styles if s.name in TRAIN_STYLES["symbols"]),
        TRAIN_WEIGHTS,
        rng,
        2,
    )
    held_unknown = unknown_masks(
        roots["symbols"],
        held_names,
        tuple(s for s in symbol_styles if s.name in HELD_OUT_STYLES["symbols"]),
        HELD_OUT_WEIGHTS,
        rng,
        1,
    )
    fonts = sorted(
        Path(__file__).resolve().parents[2].glob("device/virtual/assets/fonts/[RD]*.ttf")
    )
    fonts += sorted(Path("/usr/share/fonts").rglob("DejaVu*.ttf"))
    text = text_masks(fonts, rng, 3000)
    log(
        f"{len(CLASSES)} classes, {sum(map(len, train_known))} class renders, "
        f"{len(train_unknown)} unknown renders ({len(train_names)} symbols, "
        f"{len(held_names)} held out), "
        f"{len(text)} text renders"
    )

    data = Crops(train_known, train_unknown, text, args.seed, args.batches, args.batch_size)
    model = network(len(CLASSES) + 1).to(memory_format=torch.channels_last)
    optimiser = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=1e-4)
    schedule = torch.optim.lr_scheduler.OneCycleLR(
        optimiser, max_lr=3e-3, total_steps=args.epochs * args.batches, pct_start=0.15
    )
    loss_of = nn.CrossEntropyLoss(label_smoothing=0.05)
    for epoch in range(args.epochs):
        data.epoch = epoch
        loader = torch.utils.data.DataLoader(data, batch_size=None, num_workers=1)
        model.train()
        total, correct, seen = 0.0, 0, 0
        for x, y in loader:
            logits = model(x.contiguous(memory_format=torch.channels_last))
            loss = loss_of(logits, y)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            total += loss.item() * len(y)
            correct += int((logits.argmax(1) == y).sum())
            seen += len(y)
        log(
            f"epoch {epoch + 1}/{args.epochs}: loss {total / seen:.3f}, "
            f"train accuracy {correct / seen:.3f}, {time.monotonic() - started:.0f} s"
        )
    train_seconds = time.monotonic() - started

    model = model.to(memory_format=torch.contiguous_format).eval()
    args.out.mkdir(parents=True, exist_ok=True)
    onnx_path = args.out / "icons.onnx"
    probe = next(iter(Crops(train_known, train_unknown, text, args.seed + 1, 1, 64)))[0]
    difference = export(model, onnx_path, probe)
    if difference > 1e-4:
        raise SystemExit(f"onnxruntime differs from torch by {difference}")
    classes: list[IconClass] = list(CLASSES)
    table = {
        "input_size": INPUT_SIZE,
        "preprocessing": PREPROCESSING,
        "seed": args.seed,
        "epochs": args.epochs,
        "sources": [
            {"npm": name, "version": version, "license": "Apache-2.0"} for name, version in PACKAGES
        ],
        "classes": [{"symbol": c.symbol, "name": c.name, "key": c.key} for c in classes]
        + [{"symbol": UNKNOWN, "name": "no known icon", "key": None}],
    }
    (args.out / "icons.json").write_text(json.dumps(table, indent=1) + "\n", encoding="utf-8")

    log("evaluating")
    metrics: dict[str, object] = {
        "held_out_styles": evaluate(onnx_path, held_known, held_unknown, args.seed, 30),
        "training_styles_new_seed": evaluate(
            onnx_path, train_known, held_unknown[:200], args.seed + 1, 10
        ),
        **latency(args.out, args.seed),
        "onnx_max_abs_difference": difference,
        "onnx_bytes": onnx_path.stat().st_size,
        "classes": len(CLASSES) + 1,
        "train_seconds": round(train_seconds),
        "seed": args.seed,
        "epochs": args.epochs,
        "samples": args.epochs * args.batches * args.batch_size,
    }
    print(json.dumps(metrics, indent=1))


if __name__ == "__main__":
    main()
