"""Errors of the lexicon package.

    LexiconError          the root
    └── ModelError        a model file that cannot be loaded or run (a broken install)
"""

from __future__ import annotations

__all__ = ["LexiconError", "ModelError"]


class LexiconError(Exception):
    """Root of the errors the lexicon raises."""


class ModelError(LexiconError):
    """A model (the sentence encoder, an OCR network) that cannot be loaded or run."""
