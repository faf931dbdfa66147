"""The sentence encoder: unit vectors, meaning, cache, truncation, threads and broken installs."""

from __future__ import annotations

import random
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from lexicon.encoder import DIMENSIONS, EncoderConfig, SentenceEncoder, shared_encoder
from lexicon.errors import ModelError

ROOT = Path(__file__).resolve().parents[2]

LABELS = [
    "Wi-Fi",
    "Bluetooth",
    "Network & internet",
    "Connected devices",
    "Display",
    "Battery",
    "Storage",
    "Sound & vibration",
    "Search",
    "Navigate up",
    "More options",
    "Turn on Wi-Fi",
    "Delete",
    "Share",
    "Add contact",
    "Set alarm",
    "Airplane mode",
    "Dark theme",
]

SETTINGS_SCREEN = [
    "Network & internet",
    "Connected devices",
    "Apps",
    "Notifications",
    "Battery",
    "Storage",
    "Sound & vibration",
    "Display",
    "Wallpaper & style",
    "Accessibility",
    "Security & privacy",
    "Location",
    "System",
]

MARGIN = 0.1
"""Each pair below beat its foil by 0.2 to 0.7 in cosine when measured; half the
smallest of those leaves room for the int8 model's rounding on other CPUs."""


@pytest.fixture(scope="module")
def encoder() -> SentenceEncoder:
    return SentenceEncoder()


def test_vectors_are_float32_unit_rows(encoder: SentenceEncoder) -> None:
    vectors = encoder.encode(LABELS)

    assert vectors.shape == (len(LABELS), DIMENSIONS)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_no_texts_give_no_rows(encoder: SentenceEncoder) -> None:
    assert encoder.encode([]).shape == (0, DIMENSIONS)
    assert encoder.similarities("Wi-Fi", []).shape == (0,)


@pytest.mark.parametrize("text", ["", "   ", "\u200b", "设置", "搜索", "🔍", "⚙️ 🗑️"])
def test_text_the_model_cannot_read_gets_the_zero_vector(
    encoder: SentenceEncoder, text: str
) -> None:
    (vector,) = encoder.encode([text])

    assert not vector.any()
    assert encoder.similarity(text, "Wi-Fi") == 0.0
    assert encoder.similarity(text, text) == 0.0


def test_unreadable_labels_do_not_match_each_other(encoder: SentenceEncoder) -> None:
    # Every all-CJK text is [UNK] to the model: left alone it would call "settings" and
    # "delete" the same thing.
    scores = encoder.similarities("删除", ["设置", "搜索", "Delete"])

    assert not np.isnan(scores).any()
    assert scores.tolist() == [0.0, 0.0, 0.0]


def test_encoding_is_deterministic() -> None:
    first = SentenceEncoder(EncoderConfig(cache_entries=0))
    second = SentenceEncoder(EncoderConfig(cache_entries=0))

    once = first.encode(LABELS)

    np.testing.assert_array_equal(first.encode(LABELS), once)
    np.testing.assert_array_equal(second.encode(list(reversed(LABELS)))[::-1], once)


def test_a_vector_does_not_depend_on_its_batch() -> None:
    alone = SentenceEncoder(EncoderConfig(cache_entries=0))
    long_goal = "open the settings app and turn on the wireless network so the phone gets online"

    (by_itself,) = alone.encode(["Wi-Fi"])
    with_others = alone.encode(["Wi-Fi", long_goal, *LABELS])[0]

    np.testing.assert_allclose(with_others, by_itself, atol=1e-5)


def test_the_cache_answers_repeated_texts_without_running_the_model() -> None:
    encoder = SentenceEncoder(EncoderConfig(batch_texts=8))

    first = encoder.encode(LABELS)
    after_first = encoder.stats()
    again = encoder.encode(LABELS)
    after_again = encoder.stats()

    assert after_first.model_runs == 3  # 18 labels, 8 per run
    assert after_first.texts_encoded == len(LABELS)
    assert after_again.model_runs == after_first.model_runs
    assert after_again.texts_encoded == after_first.texts_encoded
    assert after_again.cache_hits == after_first.cache_hits + len(LABELS)
    assert after_again.cached == len(LABELS)
    np.testing.assert_array_equal(again, first)


def test_a_text_repeated_in_one_call_is_computed_once() -> None:
    encoder = SentenceEncoder()

    vectors = encoder.encode(["Wi-Fi", "Display", "Wi-Fi", "Wi-Fi"])

    assert encoder.stats().texts_encoded == 2
    np.testing.assert_array_equal(vectors[0], vectors[2])
    np.testing.assert_array_equal(vectors[0], vectors[3])


def test_changing_a_returned_array_leaves_the_cache_alone() -> None:
    encoder = SentenceEncoder()
    (vector,) = encoder.encode(["Wi-Fi"])
    kept = vector.copy()

    vector[:] = 0.0

    np.testing.assert_array_equal(encoder.encode(["Wi-Fi"])[0], kept)


def test_the_cache_is_bounded_and_drops_the_least_recently_used() -> None:
    encoder = SentenceEncoder(EncoderConfig(cache_entries=2))
    encoder.encode(["Wi-Fi"])
    encoder.encode(["Display"])
    encoder.encode(["Wi-Fi"])  # now the most recently used
    encoder.encode(["Battery"])  # pushes out "Display"
    runs = encoder.stats().model_runs

    encoder.encode(["Wi-Fi"])
    assert encoder.stats().model_runs == runs
    encoder.encode(["Display"])
    assert encoder.stats().model_runs == runs + 1
    assert encoder.stats().cached == 2


def test_without_a_cache_every_call_runs_the_model() -> None:
    encoder = SentenceEncoder(EncoderConfig(cache_entries=0))

    encoder.encode(["Wi-Fi"])
    encoder.encode(["Wi-Fi"])

    assert encoder.stats().model_runs == 2
    assert encoder.stats().cached == 0


@pytest.mark.parametrize(
    ("text", "closer", "farther"),
    [
        ("wireless network", "Wi-Fi", "alarm clock"),
        ("take a photo", "Camera", "Calculator"),
        ("set an alarm", "Alarm clock", "Contacts"),
        ("airplane mode", "Flight mode", "Dark theme"),
        ("send a text message", "Messages", "Clock"),
        ("trash can", "Delete", "Search"),
        ("turn on Wi-Fi", "Network & internet", "Display"),
        ("go back", "Back", "Settings"),
        ("mute", "Silent mode", "Wi-Fi"),
        ("envelope", "Email", "Camera"),
        ("plus sign", "Add", "Delete"),
    ],
)
def test_closer_meaning_scores_higher(
    encoder: SentenceEncoder, text: str, closer: str, farther: str
) -> None:
    near = encoder.similarity(text, closer)
    far = encoder.similarity(text, farther)

    assert near > far + MARGIN, f"{text!r}: {closer!r} {near:.3f}, {farther!r} {far:.3f}"


@pytest.mark.parametrize(
    ("goal", "row"),
    [
        ("turn on Wi-Fi", "Network & internet"),
        ("make the screen brighter", "Display"),
        ("check how much battery is left", "Battery"),
        ("change the ringtone", "Sound & vibration"),
        ("free up space", "Storage"),
    ],
)
def test_a_goal_ranks_the_right_settings_row_first(
    encoder: SentenceEncoder, goal: str, row: str
) -> None:
    scores = encoder.similarities(goal, SETTINGS_SCREEN)

    assert SETTINGS_SCREEN[int(np.argmax(scores))] == row


def test_similarities_are_cosines(encoder: SentenceEncoder) -> None:
    scores = encoder.similarities("wireless network", LABELS)
    vectors = encoder.encode(["wireless network", *LABELS])

    assert scores.dtype == np.float32
    assert scores.shape == (len(LABELS),)
    assert ((scores >= -1.0) & (scores <= 1.0)).all()
    np.testing.assert_allclose(scores, vectors[1:] @ vectors[0], atol=1e-6)
    assert encoder.similarity("Wi-Fi", "Wi-Fi") == pytest.approx(1.0, abs=1e-6)
    assert encoder.similarity("wireless network", LABELS[0]) == pytest.approx(scores[0], abs=1e-6)


@pytest.mark.parametrize(
    "text",
    [
        "设置 Wi-Fi",
        "⚙️ Settings",
        "Ünïcödé Çafé",
        "a\x00b\tc\nd",
        "ok \ud83d",  # half an emoji, as a cut-off label can hold
        "🔍" * 5_000,
        "検索する Search",
    ],
)
def test_any_unicode_text_encodes(encoder: SentenceEncoder, text: str) -> None:
    (vector,) = encoder.encode([text])

    assert vector.shape == (DIMENSIONS,)
    assert np.isfinite(vector).all()
    assert np.linalg.norm(vector) == pytest.approx(1.0, abs=1e-5) or not vector.any()


def test_long_text_is_cut_to_max_tokens_in_bounded_time(encoder: SentenceEncoder) -> None:
    words = [f"word{index}" for index in range(200)]
    # [CLS] + 46 pieces + [SEP] = 48: the texts share their first 46 word pieces.
    head = " ".join(["settings"] * 46)
    huge = head + " " + " ".join(words) * 500  # about 4 MB

    started = time.perf_counter()
    vectors = encoder.encode([head, head + " wireless network bluetooth", huge])
    elapsed_s = time.perf_counter() - started

    np.testing.assert_array_equal(vectors[1], vectors[0])
    np.testing.assert_array_equal(vectors[2], vectors[0])
    assert elapsed_s < 5.0


def test_concurrent_calls_agree_with_one_thread() -> None:
    expected = SentenceEncoder(EncoderConfig(cache_entries=0)).encode(LABELS)
    shared = SentenceEncoder()  # not loaded yet: the threads race to load it
    start = threading.Barrier(8)

    def work(seed: int) -> np.ndarray:
        order = list(range(len(LABELS)))
        random.Random(seed).shuffle(order)
        start.wait()
        vectors = shared.encode([LABELS[index] for index in order])
        result = np.empty_like(vectors)
        result[order] = vectors
        return result

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(work, range(8)))

    for result in results:
        np.testing.assert_allclose(result, expected, atol=1e-6)


def test_the_shared_encoder_is_one_per_process() -> None:
    with ThreadPoolExecutor(max_workers=4) as pool:
        instances = list(pool.map(lambda _: shared_encoder(), range(4)))

    assert all(instance is shared_encoder() for instance in instances)


def test_creating_an_encoder_loads_nothing_heavy() -> None:
    probe = (
        "import sys\n"
        "from lexicon.encoder import SentenceEncoder, shared_encoder\n"
        "SentenceEncoder(); shared_encoder()\n"
        "print('onnxruntime' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=False
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_a_missing_tokenizer_file_is_a_model_error(tmp_path: Path) -> None:
    missing = tmp_path / "minilm-tokenizer.json"
    encoder = SentenceEncoder(EncoderConfig(tokenizer_path=missing))

    with pytest.raises(ModelError, match=r"tokenizer not found: .*minilm-tokenizer\.json"):
        encoder.encode(["Wi-Fi"])


def test_a_corrupt_tokenizer_file_is_a_model_error(tmp_path: Path) -> None:
    corrupt = tmp_path / "minilm-tokenizer.json"
    corrupt.write_text('{"version": "1.0", "model": ', encoding="utf-8")

    with pytest.raises(ModelError, match="cannot read sentence encoder tokenizer"):
        SentenceEncoder(EncoderConfig(tokenizer_path=corrupt)).load()


def test_a_missing_model_file_is_a_model_error(tmp_path: Path) -> None:
    encoder = SentenceEncoder(EncoderConfig(model_path=tmp_path / "model.onnx"))

    with pytest.raises(ModelError, match=r"model not found: .*model\.onnx"):
        encoder.load()


def test_a_file_that_is_not_a_model_is_a_model_error(tmp_path: Path) -> None:
    bogus = tmp_path / "model.onnx"
    bogus.write_bytes(b"not an onnx graph")

    with pytest.raises(ModelError, match="cannot load ONNX model"):
        SentenceEncoder(EncoderConfig(model_path=bogus)).encode(["Wi-Fi"])


def test_one_string_is_refused_rather_than_encoded_letter_by_letter(
    encoder: SentenceEncoder,
) -> None:
    with pytest.raises(TypeError, match="not one string"):
        encoder.encode("Wi-Fi")
    with pytest.raises(TypeError, match=r"texts\[1\] is int"):
        encoder.encode(["Wi-Fi", 3])  # type: ignore[list-item]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("threads", 0),
        ("max_tokens", 2),
        ("max_tokens", 513),
        ("batch_texts", 0),
        ("cache_entries", -1),
    ],
)
def test_config_refuses_values_out_of_range(field: str, value: int) -> None:
    with pytest.raises(ValueError, match=f"{field} {value} out of range"):
        EncoderConfig(**{field: value})  # type: ignore[arg-type]
