"""The one home of onnxruntime in droidpilot: telemetry off, CPU sessions sized for small hosts.

onnxruntime's Linux builds can send usage telemetry; it reads ORT_DISABLE_TELEMETRY
when it loads, so this module sets it before the first `import onnxruntime` anywhere
in the process (RapidOCR imports onnxruntime too: `grounding.ocr` imports this module
first). Every model droidpilot runs gets its session from `create_session`; a model that
meets denormal numbers runs fastest on a `model_thread`.
"""

from __future__ import annotations

import os

os.environ["ORT_DISABLE_TELEMETRY"] = "1"  # before onnxruntime loads: see the docstring

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import onnxruntime as ort

from lexicon.errors import ModelError

__all__ = ["InferenceSession", "LazyModel", "create_session", "model_thread"]

InferenceSession = ort.InferenceSession

ort.disable_telemetry_events()

_CPU = "CPUExecutionProvider"


def create_session(model_path: Path, *, threads: int) -> ort.InferenceSession:
    """An inference session on the CPU using `threads` cores for one model run.

    A thread pool per session, sized by the caller, keeps one perception call from
    taking more than its share of a small host.
    """
    if threads < 1:
        raise ValueError(f"threads {threads} out of range: use 1 or more")
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3
    # Idle threads sleep instead of spinning: perception shares a small host with the
    # service, the adb server and other sessions' models.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    # Weights and activations below float32's normal range (~1e-38) add nothing a model's
    # output can show, yet each product with one takes the CPU's slow path: trained
    # models carry such weights (a tenth of the OCR detector's are), which made two of
    # its convolutions most of its time. The session's own threads flush them to zero;
    # so does the thread that runs it when it is a `model_thread` (see `_HOME`).
    options.add_session_config_entry("session.set_denormal_as_zero", "1")
    made = _HOME.submit(
        ort.InferenceSession, str(model_path), sess_options=options, providers=[_CPU]
    )
    try:
        return made.result()
    except Exception as exc:  # onnxruntime raises its own untyped errors
        raise ModelError(f"cannot load ONNX model {model_path}: {exc}") from exc


_HOME = ThreadPoolExecutor(max_workers=1, thread_name_prefix="onnx-home")
"""The thread every session is made on. With `session.set_denormal_as_zero`, onnxruntime
flushes denormal numbers to zero, for good, on the thread that makes the process's first
session: made here, that is this thread, and the application's threads keep IEEE-754's
small numbers (test frameworks and numeric code check for them)."""


def model_thread(name: str) -> ThreadPoolExecutor:
    """A thread of its own to run a model on, fast: the part of a run onnxruntime does on
    the calling thread then flushes denormal numbers to zero as its pool's threads do. It is
    started from `_HOME`, and a thread starts with its starter's floating-point settings."""
    thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
    _HOME.submit(thread.submit, lambda: None).result()  # its one thread starts on _HOME
    return thread


class LazyModel:
    """An ONNX model and the JSON table its trainer wrote beside it, loaded once, on first
    use: most sessions never need a given model. Subclasses check the table (`_accept`)
    before the session is made, so a model trained for other code never runs."""

    def __init__(self, onnx: Path, table: Path, *, threads: int) -> None:
        self._onnx = onnx
        self._table = table
        self._threads = threads
        self._lock = threading.Lock()
        self._session: ort.InferenceSession | None = None

    def _accept(self, table: dict[str, Any]) -> None:
        """Raise ValueError unless the table fits this code; keep what is needed of it."""

    def _load(self) -> ort.InferenceSession:
        """The session, created under a lock so concurrent first calls load it once."""
        with self._lock:
            if self._session is None:
                self._accept(json.loads(self._table.read_text(encoding="utf-8")))
                self._session = create_session(self._onnx, threads=self._threads)
            return self._session

    def load(self) -> None:
        """Load the model now rather than on first use (a service does on start)."""
        self._load()

    @property
    def loaded(self) -> bool:
        """Whether the model is in memory."""
        return self._session is not None
