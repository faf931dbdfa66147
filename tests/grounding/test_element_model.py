"""The element detector: its pixels, the decoding of its outputs, its table, the model."""

from __future__ import annotations

import json
import math
from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt
import pytest

from grounding import element_model
from grounding.element_model import (
    CLASSES,
    INPUT_HEIGHT,
    INPUT_WIDTH,
    PREPROCESSING,
    STRIDE,
    ElementDetector,
    decode,
    model_table,
    prepare,
    shared_detector,
    shrink,
)

_MODELS = Path(element_model.__file__).parent / "models"
_OUT = (INPUT_HEIGHT // STRIDE, INPUT_WIDTH // STRIDE)


def _screen(height: int = 2400, width: int = 1080) -> npt.NDArray[np.uint8]:
    """A light screen (BGR) with a toolbar title, a line of body text and a big filled
    rounded button labelled OK, drawn at about 420 dpi."""
    image = np.full((height, width, 3), 250, dtype=np.uint8)
    font = cv2.FONT_HERSHEY_SIMPLEX
    cv2.putText(image, "Settings", (60, 170), font, 2.2, (30, 30, 30), 5, cv2.LINE_AA)
    cv2.putText(image, "Turn on backups", (60, 520), font, 1.6, (60, 60, 60), 3, cv2.LINE_AA)
    x0, y0, x1, y1, radius = 240, 1000, 840, 1160, 40
    colour = (180, 90, 30)
    cv2.rectangle(image, (x0 + radius, y0), (x1 - radius, y1), colour, -1)
    cv2.rectangle(image, (x0, y0 + radius), (x1, y1 - radius), colour, -1)
    for cx, cy in ((x0 + radius, y0 + radius), (x1 - radius, y0 + radius)):
        cv2.circle(image, (cx, cy), radius, colour, -1, cv2.LINE_AA)
    for cx, cy in ((x0 + radius, y1 - radius), (x1 - radius, y1 - radius)):
        cv2.circle(image, (cx, cy), radius, colour, -1, cv2.LINE_AA)
    cv2.putText(image, "OK", (480, 1110), font, 2.4, (255, 255, 255), 6, cv2.LINE_AA)
    return image


def _outputs() -> tuple[npt.NDArray[np.float32], ...]:
    peaks = np.zeros((len(CLASSES), *_OUT), dtype=np.float32)
    size = np.zeros((2, *_OUT), dtype=np.float32)
    offset = np.zeros((2, *_OUT), dtype=np.float32)
    return peaks, size, offset


def _table(**changes: object) -> dict[str, object]:
    table = model_table()
    table.update(changes)
    return table


def test_shrink_is_the_same_for_rgb_and_bgr_and_fits_the_input() -> None:
    rng = np.random.default_rng(1)
    bgr = rng.integers(0, 256, (2400, 1080, 3), dtype=np.uint8)
    rgb = np.ascontiguousarray(bgr[:, :, ::-1])
    gray = shrink(bgr)
    assert gray.shape == (INPUT_HEIGHT, INPUT_WIDTH)
    assert gray.dtype == np.uint8
    assert np.array_equal(gray, shrink(rgb))


def test_shrink_takes_gray_and_keeps_an_input_sized_image_as_is() -> None:
    rng = np.random.default_rng(2)
    small = rng.integers(0, 256, (INPUT_HEIGHT, INPUT_WIDTH), dtype=np.uint8)
    assert np.array_equal(shrink(small), small)
    flat = np.full((1920, 1080), 77, dtype=np.uint8)
    assert np.all(shrink(flat) == 77)
    coloured = np.zeros((1920, 1080, 3), dtype=np.uint8)
    coloured[..., 2] = 150
    assert np.all(shrink(coloured) == 50)  # the channels' mean


def test_shrink_refuses_other_shapes() -> None:
    with pytest.raises(ValueError, match="expected HxW or HxWx3"):
        shrink(np.zeros((100, 100, 4), dtype=np.uint8))


def test_prepare_is_centred_in_the_models_shape() -> None:
    black, white = np.zeros((800, 360), np.uint8), np.full((800, 360, 3), 255, np.uint8)
    assert prepare(black).shape == (1, 1, INPUT_HEIGHT, INPUT_WIDTH)
    assert prepare(black).dtype == np.float32
    assert np.allclose(prepare(black), -0.5)
    assert np.allclose(prepare(white), 0.5)


def test_decode_maps_a_peak_to_its_box_in_the_original_pixels() -> None:
    peaks, size, offset = _outputs()
    peaks[CLASSES.index("button"), 50, 30] = 0.9
    size[:, 50, 30] = (math.log(40), math.log(20))  # 40 x 20 input pixels
    offset[:, 50, 30] = (0.5, 0.25)  # centre at input (122, 201)
    (found,) = decode(peaks, size, offset, (2.0, 3.0), threshold=0.5)
    assert found.kind == "button"
    assert found.box == (204, 573, 284, 633)
    assert found.score == pytest.approx(0.9)


def test_decode_reports_nothing_under_the_threshold() -> None:
    peaks, size, offset = _outputs()
    peaks[0, 10, 10] = 0.2
    assert decode(peaks, size, offset, (1.0, 1.0), threshold=0.3) == []
    assert len(decode(peaks[None], size[None], offset[None], (1.0, 1.0), threshold=0.1)) == 1


def test_decode_keeps_one_element_per_place_and_what_it_holds() -> None:
    peaks, size, offset = _outputs()
    text, icon = CLASSES.index("text"), CLASSES.index("icon")
    checkbox, radio = CLASSES.index("checkbox"), CLASSES.index("radio")
    size[:, 40, 20:22] = np.log([[200.0, 200.0], [10.0, 10.0]])  # a long text line
    peaks[text, 40, 20] = 0.8
    peaks[text, 40, 21] = 0.6  # the same line seen one cell on: a duplicate
    size[:, 40, 5] = np.log(10.0)
    peaks[icon, 40, 5] = 0.5  # an icon inside the line's box, far smaller: its own element
    size[:, 80, 30] = np.log(24.0)
    peaks[checkbox, 80, 30] = 0.7
    peaks[radio, 80, 30] = 0.4  # the same mark read as another kind: one element
    found = decode(peaks, size, offset, (1.0, 1.0), threshold=0.3)
    kinds = [(d.kind, round(d.score, 2)) for d in found]
    assert kinds == [("text", 0.8), ("checkbox", 0.7), ("icon", 0.5)]
    assert found[0].box == (0, 155, 180, 165)  # cut at the screen's left edge


@pytest.mark.parametrize(
    "changes",
    [
        {"preprocessing": PREPROCESSING + 1},
        {"classes": list(reversed(CLASSES))},
        {"input_width": 320},
        {"stride": 8},
    ],
)
def test_a_model_for_other_preprocessing_is_refused(
    tmp_path: Path, changes: dict[str, object]
) -> None:
    (tmp_path / "elements.json").write_text(json.dumps(_table(**changes)), encoding="utf-8")
    detector = ElementDetector(tmp_path)
    with pytest.raises(ValueError, match="trained for another element_model"):
        detector.detect(np.zeros((64, 32), dtype=np.uint8))
    assert not detector.loaded


def test_the_shared_detector_is_one_per_process() -> None:
    assert shared_detector() is shared_detector()


_real_model = pytest.mark.skipif(
    not (_MODELS / "elements.onnx").exists(), reason="elements.onnx not trained yet"
)


@_real_model
def test_the_shipped_table_fits_this_code() -> None:
    table = json.loads((_MODELS / "elements.json").read_text(encoding="utf-8"))
    assert table["classes"] == list(CLASSES)
    assert table["preprocessing"] == PREPROCESSING


@_real_model
def test_a_blank_screen_has_almost_no_elements() -> None:
    detector = ElementDetector()
    assert len(detector.detect(np.full((2400, 1080, 3), 250, dtype=np.uint8))) <= 2
    assert len(detector.detect(np.full((2400, 1080), 20, dtype=np.uint8))) <= 2


@_real_model
def test_a_drawn_screen_has_its_button_and_text_found() -> None:
    detector = ElementDetector()
    detector.load()
    assert detector.loaded
    found = detector.detect(_screen(), threshold=0.2)
    assert found
    assert all(d.kind in CLASSES and 0.2 < d.score <= 1.0 for d in found)
    # Something is centred on the button (the button, or at least its label), and
    # something covers the title.
    centres = [((d.box[0] + d.box[2]) / 2, (d.box[1] + d.box[3]) / 2) for d in found]
    assert any(240 < x < 840 and 1000 < y < 1160 for x, y in centres)
    assert any(d.box[1] < 150 < d.box[3] and d.box[0] < 200 for d in found)
