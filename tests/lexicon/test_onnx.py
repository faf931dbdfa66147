"""Loading droidpilot's models leaves the application's arithmetic alone: onnxruntime
flushes denormal numbers to zero only in its own threads and in droidpilot's model threads."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_PROBE = textwrap.dedent(
    """
    import sys
    import numpy as np
    from grounding.ocr import Ocr
    from lexicon import onnx
    from lexicon.encoder import SentenceEncoder

    def denormals_kept():
        half = sys.float_info.min / 2  # a denormal double, computed now
        tiny = np.float32(1e-40) * np.float32(1.0)  # a denormal float32
        return half > 0 and bool(tiny > 0)

    Ocr().load()  # the process's first sessions: RapidOCR's text detector and recogniser
    SentenceEncoder().load()
    print(denormals_kept(), onnx.model_thread("probe").submit(denormals_kept).result())
    """
)


def test_only_model_threads_flush_denormal_numbers() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    caller, model = done.stdout.split()
    assert caller == "True"  # the application's thread keeps IEEE-754's small numbers
    assert model == "False"  # a model thread runs the OCR models at full speed
