"""onnxruntime must never phone home: droidpilot turns its telemetry off before it loads."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

_PROBE = textwrap.dedent(
    """
    import importlib.abc, os, sys

    seen = {}

    class Watch(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name == "onnxruntime" and name not in seen:
                seen[name] = os.environ.get("ORT_DISABLE_TELEMETRY")
            return None

    sys.meta_path.insert(0, Watch())
    os.environ.pop("ORT_DISABLE_TELEMETRY", None)
    LOAD
    assert "onnxruntime" in sys.modules
    print(seen.get("onnxruntime"), os.environ.get("ORT_DISABLE_TELEMETRY"))
    """
)

_LOADS = {
    # RapidOCR and both ONNX sessions
    "ocr": "from grounding.ocr import Ocr; Ocr().load()",
    # the sentence encoder imports onnxruntime only when it loads its model
    "encoder": "from lexicon.encoder import SentenceEncoder; SentenceEncoder().load()",
}
"""Every path to onnxruntime, each probed in a fresh process (the first import counts)."""


@pytest.mark.parametrize("path", sorted(_LOADS))
def test_telemetry_is_off_before_onnxruntime_loads(path: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", _PROBE.replace("LOAD", _LOADS[path])],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    at_import, after = result.stdout.split()
    assert at_import == "1"
    assert after == "1"


def test_onnxruntime_is_imported_only_by_the_session_wrapper() -> None:
    importers = [
        path.relative_to(ROOT).as_posix()
        for package in ("aci", "lexicon", "device", "grounding", "planning", "service")
        for path in (ROOT / package).rglob("*.py")
        if "import onnxruntime" in path.read_text(encoding="utf-8")
        or "from onnxruntime" in path.read_text(encoding="utf-8")
    ]
    assert importers == ["lexicon/onnx.py"]
