"""Running flows over several phones at once: a thread per phone, flows handed out as
phones free up.

`split` puts every flow once on a shared queue, so a fast phone takes more of them; `all`
gives each phone its own queue of every flow. A flow that raises (it should not: the
executor turns device errors into failed results) is recorded as failed, and the other
flows go on.
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
from service.flows.execute import FlowResult, StepRecord, run_flow_on
from service.flows.model import Flow
from service.flows.replay import ReplayCache

__all__ = ["ShardMode", "run_shards"]

logger = logging.getLogger(__name__)

ShardMode = Literal["split", "all"]


def run_shards(
    flows: Sequence[Flow],
    phones: Sequence[AndroidDevice],
    *,
    mode: ShardMode = "split",
    out_dir: Path | None = None,
    max_steps: int | None = None,
    data_dir: Path | None = None,
    step_shots: StepShots | None = None,
    replay: ReplayCache | None = None,
    say: Callable[[str], None] = print,
) -> list[FlowResult]:
    """Run the flows on the phones; results by phone, then in the flows' order.

    `say` hears one line per flow start and end and per failing step (threads share it, one
    line at a time); `out_dir` gets screenshots under `SERIAL/FLOW/`; `step_shots`, when
    given, pictures the screen after every step (for the HTML report); `replay`, when given,
    reruns steps from the replay cache and records the flows that pass.
    """
    lock = threading.Lock()

    def tell(line: str) -> None:
        with lock:
            say(line)

    shared: queue.SimpleQueue[tuple[int, Flow]] = queue.SimpleQueue()
    for job in enumerate(flows):
        shared.put(job)
    results: dict[tuple[int, int], FlowResult] = {}

    def work(slot: int, phone: AndroidDevice) -> None:
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
            result = _run_one(flow, phone, out_dir, max_steps, data_dir, step_shots, replay, tell)
            with lock:
                results[slot, index] = result

    threads = [
        threading.Thread(target=work, args=(slot, phone), name=f"flows-{phone.serial}")
        for slot, phone in enumerate(phones)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [results[key] for key in sorted(results)]


def _run_one(
    flow: Flow,
    phone: AndroidDevice,
    out_dir: Path | None,
    max_steps: int | None,
    data_dir: Path | None,
    step_shots: StepShots | None,
    replay: ReplayCache | None,
    tell: Callable[[str], None],
) -> FlowResult:
    serial = phone.serial
    tell(f"[{serial}] start {flow.name} ({flow.path})")

    def failed_step(record: StepRecord) -> None:
        tell(f"[{serial}]   line {record.line}: {record.text} failed: {record.detail}")

    shots = None if out_dir is None else out_dir / _safe(serial) / _safe(flow.path.stem)
    try:
        cached = None if replay is None else replay.for_run(flow, phone)
        runner = None if cached is None else cached.runner(phone)
        result = run_flow_on(
            flow,
            phone,
            runner=runner,
            out_dir=shots,
            max_steps=max_steps,
            data_dir=data_dir,
            on_failure=failed_step,
            step_shots=step_shots,
        )
        if cached is not None and runner is not None:
            cached.finish(result, runner)
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
