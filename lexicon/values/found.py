"""A value found in a text, and where it was written.

Every `find_*` of the package returns its values as `Found`, so a caller can point at,
replace or skip the very words a value was read from, whatever kind of value it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

__all__ = ["Found"]

V = TypeVar("V")


@dataclass(frozen=True)
class Found(Generic[V]):
    """A value found in a text: `text[start:end]` is `written`."""

    value: V
    written: str
    start: int
    end: int
