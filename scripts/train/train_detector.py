"""Train the UI-element detector, export it to ONNX, and measure it on held-out screens.

    .venv/bin/python scripts/train/screen_data.py --out /tmp/elements-data
    .venv/bin/python scripts/train/train_detector.py --data /tmp/elements-data \
        --seed 7 --epochs 9 --out grounding/models

Reads the shards the data generator wrote (`train-*.npz`, `test-*.npz`: screens of the
virtual phone already `shrink`ed to the model's input, with their elements' boxes and
classes), trains a small CenterNet-style detector on freshly augmented batches
(reproducible from --seed unless --minutes cuts training short), exports `elements.onnx`
with its table `elements.json`, checks onnxruntime agrees with torch, and measures
`grounding.element_model.ElementDetector` on the test shards (screens of virtual-phone
seeds and themes never used in training). Metrics print as JSON on stdout and go into
elements.json; progress goes to stderr. Needs the `train` extra (torch, onnx).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path

import cv2
import numpy as np
import torch
import torch.nn.functional as F
from detector_data import Batches, Shards, load_shards
from torch import nn

from grounding.element_model import (
    CLASSES,
    DEFAULT_THRESHOLD,
    STRIDE,
    ElementDetector,
    model_table,
)

_FEATURES = 48
"""Channels of the FPN from stride 32 to 8."""

_FINE = 32
"""Channels at stride 4, where the heads read: 11,520 cells a screen make every channel
there dear on a CPU."""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# Model


def conv_bn(cin: int, cout: int, kernel: int = 1, stride: int = 1, groups: int = 1) -> nn.Module:
    return nn.Sequential(
        nn.Conv2d(cin, cout, kernel, stride, kernel // 2, groups=groups, bias=False),
        nn.BatchNorm2d(cout),
        nn.ReLU(inplace=True),
    )


class InvertedResidual(nn.Module):
    """MobileNetV2's block: expand 1x1, depthwise 3x3 (maybe strided), project 1x1."""

    def __init__(self, cin: int, cout: int, stride: int, expand: int) -> None:
        super().__init__()
        hidden = cin * expand
        self.body = nn.Sequential(
            conv_bn(cin, hidden),
            conv_bn(hidden, hidden, 3, stride, groups=hidden),
            nn.Conv2d(hidden, cout, 1, bias=False),
            nn.BatchNorm2d(cout),
        )
        self.residual = stride == 1 and cin == cout

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y: torch.Tensor = self.body(x)
        return x + y if self.residual else y


def separable(channels: int) -> nn.Module:
    """Depthwise 3x3 then pointwise: a 3x3 conv's reach at a ninth of its cost."""
    return nn.Sequential(
        conv_bn(channels, channels, 3, groups=channels), conv_bn(channels, channels)
    )


class Detector(nn.Module):
    """A space-to-depth stem (lossless: thin text strokes survive), a MobileNetV2-like
    backbone from stride 4 to 32 (32/48/64/96 channels), a top-down FPN back to stride 4,
    and one shared head whose 1x1 output splits into class heatmap logits, log size and
    sub-cell offset. Kept this lean because it trains on 2 CPU cores: every layer at
    stride 4 costs as much as the whole backbone below it."""

    def __init__(self) -> None:
        super().__init__()
        self.stem = nn.Sequential(nn.PixelUnshuffle(STRIDE), conv_bn(STRIDE * STRIDE, 32, 3))
        self.stage8 = nn.Sequential(InvertedResidual(32, 48, 2, 2), InvertedResidual(48, 48, 1, 2))
        self.stage16 = nn.Sequential(
            InvertedResidual(48, 64, 2, 3),
            InvertedResidual(64, 64, 1, 3),
            InvertedResidual(64, 64, 1, 3),
        )
        self.stage32 = nn.Sequential(
            InvertedResidual(64, 96, 2, 4),
            InvertedResidual(96, 96, 1, 4),
            InvertedResidual(96, 96, 1, 4),
        )
        self.lateral = nn.ModuleList(conv_bn(c, _FEATURES) for c in (48, 64, 96))
        self.smooth = nn.ModuleList(separable(_FEATURES) for _ in range(2))
        self.reduce = conv_bn(_FEATURES, _FINE)
        self.fine = separable(_FINE)
        self.head = nn.Sequential(separable(_FINE), nn.Conv2d(_FINE, len(CLASSES) + 4, 1))
        last = self.head[-1]
        assert isinstance(last, nn.Conv2d) and last.bias is not None
        with torch.no_grad():  # CenterNet: every class at sigmoid 0.1 before training
            last.bias[: len(CLASSES)] = -2.19

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        c4 = self.stem(x)
        c8 = self.stage8(c4)
        c16 = self.stage16(c8)
        c32 = self.stage32(c16)
        p = self.lateral[2](c32)
        for level, c in ((1, c16), (0, c8)):
            p = self.smooth[level](
                F.interpolate(p, scale_factor=2.0, mode="nearest") + self.lateral[level](c)
            )
        p = self.fine(self.reduce(F.interpolate(p, scale_factor=2.0, mode="nearest")) + c4)
        out = self.head(p)
        kinds = len(CLASSES)
        return out[:, :kinds], out[:, kinds : kinds + 2], out[:, kinds + 2 :]


class Exported(nn.Module):
    """The graph shipped: peaks (sigmoid heatmap, zero off its 3x3 local maxima, so
    decoding is a threshold), size and offset."""

    def __init__(self, model: Detector) -> None:
        super().__init__()
        self.model = model

    def forward(self, image: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        heat, size, offset = self.model(image)
        heat = torch.sigmoid(heat)
        peak = (F.max_pool2d(heat, 3, stride=1, padding=1) == heat).to(heat.dtype)
        return heat * peak, size, offset


def losses(
    outputs: tuple[torch.Tensor, torch.Tensor, torch.Tensor],
    heat: torch.Tensor,
    size: torch.Tensor,
    offset: torch.Tensor,
    mask: torch.Tensor,
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """CenterNet's focal loss on the heatmap; L1 on log size and offset at centres."""
    logits, size_out, offset_out = outputs
    positive = heat.eq(1).float()
    p = torch.sigmoid(logits).clamp(1e-4, 1 - 1e-4)
    positives = positive.sum().clamp(min=1)
    focal = (
        -(
            positive * (1 - p) ** 2 * F.logsigmoid(logits)
            + (1 - positive) * (1 - heat) ** 4 * p**2 * F.logsigmoid(-logits)
        ).sum()
        / positives
    )
    centres = mask[:, None]
    count = mask.sum().clamp(min=1)
    size_loss = (torch.abs(size_out - size) * centres).sum() / count
    offset_loss = (torch.abs(offset_out - offset) * centres).sum() / count
    return focal, size_loss, offset_loss


# Export and evaluation


def export(model: Detector, path: Path, probe: torch.Tensor) -> float:
    """Write the model as ONNX (batch 1); the largest difference between onnxruntime's
    and torch's outputs on `probe`."""
    from lexicon.onnx import create_session

    wrapped = Exported(model).eval()
    torch.onnx.export(
        wrapped,
        (probe,),
        str(path),
        dynamo=False,
        opset_version=17,
        input_names=["image"],
        output_names=["peaks", "size", "offset"],
    )
    with torch.no_grad():
        expected = [t.numpy() for t in wrapped(probe)]
    actual = create_session(path, threads=2).run(None, {"image": probe.numpy()})
    # A peak can flip on a tie at float precision; compare the dense heads and the
    # peaks where both agree there is one.
    both = (actual[0] > 0) & (expected[0] > 0)
    differences = [float(np.abs(actual[0][both] - expected[0][both]).max(initial=0.0))]
    differences += [
        float(np.abs(a - e).max()) for a, e in zip(actual[1:], expected[1:], strict=True)
    ]
    return max(differences)


def _iou(box: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    x0 = np.maximum(box[0], boxes[:, 0])
    y0 = np.maximum(box[1], boxes[:, 1])
    x1 = np.minimum(box[2], boxes[:, 2])
    y1 = np.minimum(box[3], boxes[:, 3])
    inter = np.clip(x1 - x0, 0, None) * np.clip(y1 - y0, 0, None)
    area = (box[2] - box[0]) * (box[3] - box[1])
    areas = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
    return np.asarray(inter / np.maximum(area + areas - inter, 1e-6))


def evaluate(models: Path, shards: Shards, seed: int) -> dict[str, object]:
    """Per-class and overall precision and recall at IoU >= 0.5 (greedy by score, within
    a class), the recall of any box whatever its class, and detect()'s median latency."""
    detector = ElementDetector(models)
    kinds = len(CLASSES)
    true_pos = np.zeros(kinds, dtype=np.int64)
    found = np.zeros(kinds, dtype=np.int64)
    truth = np.zeros(kinds, dtype=np.int64)
    located = 0
    for i in range(len(shards.images)):
        boxes, classes = shards.elements(i)
        detections = detector.detect(shards.images[i])
        truth += np.bincount(classes, minlength=kinds)
        taken_any = np.zeros(len(boxes), dtype=bool)
        taken = np.zeros(len(boxes), dtype=bool)
        for d in detections:  # strongest first
            kind = CLASSES.index(d.kind)
            found[kind] += 1
            if not len(boxes):
                continue
            overlap = _iou(np.array(d.box, dtype=np.float32), boxes)
            same = np.where((classes == kind) & ~taken, overlap, 0.0)
            if same.max() >= 0.5:
                taken[int(same.argmax())] = True
                true_pos[kind] += 1
            anyone = np.where(~taken_any, overlap, 0.0)
            if anyone.max() >= 0.5:
                taken_any[int(anyone.argmax())] = True
        located += int(taken_any.sum())
    per_class = {
        name: {
            "precision": round(float(true_pos[k] / max(found[k], 1)), 4),
            "recall": round(float(true_pos[k] / max(truth[k], 1)), 4),
            "truth": int(truth[k]),
            "found": int(found[k]),
        }
        for k, name in enumerate(CLASSES)
    }
    rng = np.random.default_rng([seed, 9])
    screen = shards.images[int(rng.integers(len(shards.images)))]
    frame = cv2.cvtColor(cv2.resize(screen, (1080, 2400)), cv2.COLOR_GRAY2BGR)
    detector.detect(frame)
    times = []
    for _ in range(20):
        start = time.perf_counter()
        detector.detect(frame)
        times.append(time.perf_counter() - start)
    return {
        "threshold": DEFAULT_THRESHOLD,
        "iou": 0.5,
        "screens": len(shards.images),
        "overall": {
            "precision": round(float(true_pos.sum() / max(found.sum(), 1)), 4),
            "recall": round(float(true_pos.sum() / max(truth.sum(), 1)), 4),
            "recall_any_class": round(located / max(int(truth.sum()), 1), 4),
            "truth": int(truth.sum()),
            "found": int(found.sum()),
        },
        "per_class": per_class,
        "detect_ms_1080x2400": round(1000 * float(np.median(times)), 2),
    }


# Training


def reevaluate(models: Path, test: Shards, seed: int) -> None:
    """Measure the shipped model again (after a change to decoding, say) and store the new
    test figures in its table, keeping the training figures."""
    table_path = models / "elements.json"
    table = json.loads(table_path.read_text(encoding="utf-8"))
    log("evaluating")
    table["metrics"]["test"] = evaluate(models, test, seed)
    table_path.write_text(json.dumps(table, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(table["metrics"], indent=1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path("/tmp/elements-data"))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--epochs", type=int, default=9)
    parser.add_argument(
        "--minutes", type=float, default=None, help="stop after the epoch that passes this"
    )
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--out", type=Path, default=Path("grounding/models"))
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--evaluate",
        action="store_true",
        help="no training: measure the model in --out on the test shards, update its metrics",
    )
    args = parser.parse_args()
    started = time.monotonic()
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    if args.evaluate:
        reevaluate(args.out, load_shards(sorted(args.data.glob("test-*.npz"))), args.seed)
        return

    train = load_shards(sorted(args.data.glob("train-*.npz")))
    test = load_shards(sorted(args.data.glob("test-*.npz")))
    log(
        f"{len(train.images)} training screens ({len(train.boxes)} elements), "
        f"{len(test.images)} test screens ({len(test.boxes)} elements); "
        f"per class {np.bincount(train.classes, minlength=len(CLASSES)).tolist()}"
    )

    model = Detector()
    parameters = sum(p.numel() for p in model.parameters())
    log(f"{parameters} parameters")
    decay = [p for p in model.parameters() if p.ndim > 1]
    rest = [p for p in model.parameters() if p.ndim <= 1]
    optimiser = torch.optim.AdamW(
        [{"params": decay, "weight_decay": 1e-4}, {"params": rest, "weight_decay": 0.0}],
        lr=args.lr,
    )
    steps_per_epoch = len(train.images) // args.batch
    total_steps = args.epochs * steps_per_epoch
    warmup = min(300, total_steps // 10 + 1)
    budget_s = None if args.minutes is None else 60 * args.minutes

    def learning_rate(step: int) -> float:
        """Linear warmup, then cosine to 2% over the epochs or the time budget, whichever
        ends first (a --minutes run warms up in its first tenth and anneals fully within
        its minutes)."""
        elapsed = time.monotonic() - train_started
        warm = (step + 1) / warmup
        if budget_s is not None:
            warm = max(warm, elapsed / (0.1 * budget_s))
        if warm < 1:
            return float(args.lr * warm)
        progress = (step - warmup) / max(total_steps - warmup, 1)
        if budget_s is not None:
            progress = max(progress, (elapsed - 0.1 * budget_s) / (0.9 * budget_s))
        progress = min(max(progress, 0.0), 1.0)
        return float(args.lr * (0.02 + 0.98 * 0.5 * (1 + math.cos(math.pi * progress))))

    train_started = time.monotonic()
    step = 0
    epochs_done = 0
    for epoch in range(args.epochs):
        epoch_started = time.monotonic()
        model.train()
        loader = torch.utils.data.DataLoader(
            Batches(train, args.seed, epoch, args.batch), batch_size=None, num_workers=1
        )
        sums = np.zeros(3)
        seen = 0
        for x, heat, size, offset, mask in loader:
            for group in optimiser.param_groups:
                group["lr"] = learning_rate(step)
            parts = losses(model(x), heat, size, offset, mask)
            loss = parts[0] + parts[1] + parts[2]
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 10.0)
            optimiser.step()
            step += 1
            sums += [p.item() for p in parts]
            seen += 1
            if step % 50 == 0:
                heat_l, size_l, offset_l = sums / seen
                log(
                    f"epoch {epoch + 1} step {step}: heat {heat_l:.3f} size {size_l:.3f} "
                    f"offset {offset_l:.3f} lr {learning_rate(step):.5f}, "
                    f"{time.monotonic() - started:.0f} s"
                )
                sums[:] = 0
                seen = 0
        epochs_done = epoch + 1
        log(
            f"epoch {epochs_done}/{args.epochs} done in "
            f"{time.monotonic() - epoch_started:.0f} s ({step} steps)"
        )
        if budget_s is not None and time.monotonic() - train_started > budget_s:
            log(f"stopping: past {args.minutes} minutes")
            break
    train_seconds = time.monotonic() - train_started

    model.eval()
    args.out.mkdir(parents=True, exist_ok=True)
    onnx_path = args.out / "elements.onnx"
    probe = torch.from_numpy(test.images[:1, None].astype(np.float32) / 255 - 0.5)
    difference = export(model, onnx_path, probe)
    log(f"onnxruntime vs torch: max abs difference {difference:.2e}")
    if difference > 1e-3:
        raise SystemExit(f"onnxruntime differs from torch by {difference}")
    table: dict[str, object] = {
        **model_table(),
        "seed": args.seed,
        "epochs": epochs_done,
    }
    table_path = args.out / "elements.json"
    table_path.write_text(json.dumps(table, indent=1) + "\n", encoding="utf-8")

    log("evaluating")
    metrics: dict[str, object] = {
        "test": evaluate(args.out, test, args.seed),
        "onnx_max_abs_difference": difference,
        "onnx_bytes": onnx_path.stat().st_size,
        "parameters": parameters,
        "train_seconds": round(train_seconds),
        "seconds_per_epoch": round(train_seconds / max(epochs_done, 1), 1),
        "seed": args.seed,
        "epochs": epochs_done,
        "steps": step,
        "training_screens": len(train.images),
    }
    table["metrics"] = metrics
    table_path.write_text(json.dumps(table, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(metrics, indent=1))


if __name__ == "__main__":
    main()
