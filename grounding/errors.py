"""Errors of the grounding package.

    GroundingError            the root: anything grounding refuses to do
    └── PerceptionError       the input cannot be read: an image that does not decode,
        │                     a hierarchy that is not uiautomator XML (a client's 422)
        └── InputTooLargeError  the input is readable but larger than perception accepts:
                              too many pixels, hierarchy nodes or nesting levels (413)

A target that matches nothing on the screen is not an error: `ground` answers
`found=False` with the closest candidates and why.
"""

from __future__ import annotations

__all__ = ["GroundingError", "InputTooLargeError", "PerceptionError"]


class GroundingError(Exception):
    """Root of the errors grounding raises."""


class PerceptionError(GroundingError):
    """An observation that cannot be read: bad image bytes, a hierarchy that is not XML."""


class InputTooLargeError(PerceptionError):
    """A screenshot or hierarchy over a limit of `GroundingConfig`; the message names it."""
