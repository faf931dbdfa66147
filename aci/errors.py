"""Errors raised by `aci`.

The tree::

    AciError                  root of every error aci raises
    └── ActionSyntaxError     action text that does not parse (also a ValueError)

Invalid field values (a negative x, a blank target, an unknown key) are
rejected by the pydantic models themselves with `pydantic.ValidationError`,
which is also a ValueError; `parse_action` turns those into
`ActionSyntaxError` so that text input fails one way.
"""

from __future__ import annotations

__all__ = ["AciError", "ActionSyntaxError"]


class AciError(Exception):
    """Root of the errors aci raises, so callers can catch the seam's errors at once."""


class ActionSyntaxError(AciError, ValueError):
    """Action text that does not parse; says where (1-based column) and what was expected."""

    def __init__(self, text: str, column: int, detail: str) -> None:
        self.text = text
        self.column = column
        self.detail = detail
        super().__init__(f"column {column}: {detail}")

    def __reduce__(self) -> tuple[type[ActionSyntaxError], tuple[str, int, str]]:
        # Keeps the error picklable (process pools, task queues) despite the custom __init__.
        return (type(self), (self.text, self.column, self.detail))
