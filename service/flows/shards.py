"""Running flows over several phones at once: a thread per phone, flows handed out as
phones free up.

`split` puts every flow once on a shared queue, so a fast phone takes more of them; `all`
gives each phone its own queue of every flow. How one flow runs on one phone is the
caller's `RunOne`: on a phone of a local adb server (`on_phones`) or through the service
(`service.flows.remote`). A flow that raises (it should not: the executors turn device
errors into failed results) is recorded as failed, and the other flows go on.
"""

from __future__ import annotations

import logging
import queue
import re
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Literal

from device import AndroidDevice
from service.flows.capture import StepShots
from service.flows.execute import FlowResult, StepRecord
from service.flows.model import Flow
from service.flows.replay import ReplayCache, run_cached

__all__ = ["RunOne", "ShardMode", "on_phones", "run_shards"]

logger = logging.getLogger(__name__)

ShardMode = Literal["split", "all"]

RunOne = Callable[[Flow, str, Callable[[StepRecord], None]], FlowResult]
"""Runs a flow on the phone of a serial, telling each failing step as it fails."""


def run_shards(
    flows: Sequence[Flow],
    serials: Sequence[str],
    run_one: RunOne,
    *,
    mode: ShardMode = "split",
    say: Callable[[str], None] = print,
) -> list[FlowResult]:
    """Run the flows on the phones; results by phone, then in the flows' order.

    `say` hears one line per flow start and end and per failing step (threads share it, one
    line at a time).
    """
    lock = threading.Lock()

    def tell(line: str) -> None:
        with lock:
            say(line)

    shared: queue.SimpleQueue[tuple[int, Flow]] = queue.SimpleQueue()
    for job in enumerate(flows):
        shared.put(job)
    results: dict[tuple[int, int], FlowResult] = {}

    def work(slot: int, serial: str) -> None:
        jobs = shared
        if mode == "all":
            jobs = queue.SimpleQueue()
            for job in enumerate(flows):
                jobs.put(job)
        while True:
            try:
                index, flow = jobs.get_nowait()
            except queue.Empty:
                return
            result = _run_one(flow, serial, run_one, tell)
            with lock:
                results[slot, index] = result

    threads = [
        threading.Thread(target=work, args=(slot, serial), name=f"flows-{serial}")
        for slot, serial in enumerate(serials)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [results[key] for key in sorted(results)]


def on_phones(
    phones: Sequence[AndroidDevice],
    *,
    out_dir: Path | None = None,
    max_steps: int | None = None,
    data_dir: Path | None = None,
    step_shots: StepShots | None = None,
    replay: ReplayCache | None = None,
) -> RunOne:
    """Flows run here, on phones of an adb server. `out_dir` gets screenshots under
    `SERIAL/FLOW/`; `step_shots`, when given, pictures the screen after every step (for the
    HTML report); `replay`, when given, reruns steps from the replay cache and records the
    flows that pass."""
    by_serial = {phone.serial: phone for phone in phones}

    def run(flow: Flow, serial: str, on_failure: Callable[[StepRecord], None]) -> FlowResult:
        shots = None if out_dir is None else out_dir / _safe(serial) / _safe(flow.path.stem)
        return run_cached(
            flow,
            by_serial[serial],
            replay,
            out_dir=shots,
            max_steps=max_steps,
            data_dir=data_dir,
            on_failure=on_failure,
            step_shots=step_shots,
        )

    return run


def _run_one(flow: Flow, serial: str, run_one: RunOne, tell: Callable[[str], None]) -> FlowResult:
    tell(f"[{serial}] start {flow.name} ({flow.path})")

    def failed_step(record: StepRecord) -> None:
        tell(f"[{serial}]   line {record.line}: {record.text} failed: {record.detail}")

    try:
        result = run_one(flow, serial, failed_step)
    except Exception as exc:  # one broken flow must not end the others' run
        logger.exception("%s: flow %s raised", serial, flow.path)
        result = FlowResult(name=flow.name, file=flow.path, serial=serial)
        result.reason = f"internal error: {type(exc).__name__}: {exc}"
    verdict = "PASS" if result.passed else "FAIL"
    why = "" if result.passed else f": {result.message}"
    if result.replayed:
        saved_ms = result.saved_s * 1000
        why += f" ({result.replayed} steps replayed, {saved_ms:.0f} ms of grounding saved)"
    tell(f"[{serial}] {verdict} {flow.name} in {result.wall_s:.1f} s{why}")
    return result


def _safe(name: str) -> str:
    return re.sub(r"[^\w.-]+", "_", name).strip("_") or "_"
