"""The ONNX session wrapper and the models OCR runs: shipped in the wheels, never fetched."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from pydantic import ValidationError

from grounding.config import GroundingConfig
from grounding.ocr import _TINY, _TINY_KEYS, Ocr, _check_keys
from lexicon import onnx
from lexicon.errors import ModelError


def _model_dir() -> Path:
    import rapidocr

    return Path(rapidocr.__file__).parent / "models"


def test_the_default_models_ship_in_the_wheel() -> None:
    names = {path.name for path in _model_dir().glob("*.onnx")}
    assert {"PP-OCRv6_det_small.onnx", "PP-OCRv6_rec_small.onnx"} <= names


def test_droidpilot_ships_the_tiny_recogniser_with_its_characters() -> None:
    assert _TINY.is_file() and _TINY_KEYS.is_file()
    _check_keys(onnx.create_session(_TINY, threads=1), _TINY_KEYS)  # raises if they differ


def test_a_character_list_that_does_not_fit_the_model_is_refused(tmp_path: Path) -> None:
    keys = tmp_path / "keys.txt"
    keys.write_text("a\nb\nc\n", encoding="utf-8")
    with pytest.raises(ModelError, match=r"lists 3 characters; the model reads 6904"):
        _check_keys(onnx.create_session(_TINY, threads=1), keys)


@pytest.mark.parametrize("recogniser", ["tiny", "small"])
def test_either_recogniser_reads_a_label(recogniser: str) -> None:
    reader = Ocr(GroundingConfig(ocr_recogniser=recogniser, ocr_cache_size=0))
    frame = np.full((300, 700, 3), 255, np.uint8)
    cv2.putText(frame, "Bluetooth", (40, 180), cv2.FONT_HERSHEY_SIMPLEX, 2, (40, 40, 40), 4)
    assert [line.text for line in reader.read(frame)] == ["Bluetooth"]


def test_an_unknown_recogniser_is_refused() -> None:
    with pytest.raises(ValidationError, match="ocr_recogniser"):
        GroundingConfig(ocr_recogniser="huge")  # type: ignore[arg-type]


def test_ocr_runs_on_droidpilots_own_sessions() -> None:
    Ocr().load()
    from grounding.ocr import _models  # the process-wide models

    engine = _models(Ocr().config).engine
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
