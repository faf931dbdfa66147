"""The ONNX session wrapper and the models OCR runs: shipped in the wheel, never fetched."""

from __future__ import annotations

from pathlib import Path

import pytest

from grounding.ocr import Ocr
from lexicon import onnx
from lexicon.errors import ModelError


def _model_dir() -> Path:
    import rapidocr

    return Path(rapidocr.__file__).parent / "models"


def test_the_default_models_ship_in_the_wheel() -> None:
    names = {path.name for path in _model_dir().glob("*.onnx")}
    assert {"PP-OCRv6_det_small.onnx", "PP-OCRv6_rec_small.onnx"} <= names


def test_ocr_runs_on_droidpilots_own_sessions() -> None:
    Ocr().load()
    from grounding.ocr import _models  # the process-wide models

    engine = _models(Ocr().config.ocr_threads).engine
    engine._load_det_model()  # type: ignore[no-untyped-call]
    engine._load_rec_model()  # type: ignore[no-untyped-call]
    for model in (engine.text_det, engine.text_rec):
        session = model.session.session
        assert isinstance(session, onnx.InferenceSession)
        assert session.get_providers() == ["CPUExecutionProvider"]
        assert session.get_session_options().intra_op_num_threads == Ocr().config.ocr_threads


def test_a_session_needs_a_thread() -> None:
    with pytest.raises(ValueError, match="threads 0 out of range"):
        onnx.create_session(_model_dir() / "PP-OCRv6_det_small.onnx", threads=0)


def test_a_model_that_is_not_there_is_a_grounding_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=r"cannot load ONNX model .*missing\.onnx"):
        onnx.create_session(tmp_path / "missing.onnx", threads=1)
