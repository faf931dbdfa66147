"""Errors raised by `planning`.

The tree::

    PlannerError                root of every error a planner raises
    ├── PlannerInputError       steps, history or settings a planner cannot use (also a ValueError)
    ├── UnreadableReplyError    a model's reply with no readable action (the LLM planner asks
    │                           the model again once, then raises LlmReplyError)
    └── LlmError                the LLM endpoint did not give a usable answer; names the endpoint
        ├── LlmEndpointError    timeout, connection refused, HTTP 429, 5xx, another HTTP error
        └── LlmReplyError       the model's reply held no readable action, even after a retry

A planner that cannot reach the goal is not an error: it plans `fail "..."`.
"""

from __future__ import annotations

__all__ = [
    "LlmEndpointError",
    "LlmError",
    "LlmReplyError",
    "PlannerError",
    "PlannerInputError",
    "UnreadableReplyError",
]


class PlannerError(Exception):
    """Root of the errors planners raise."""


class PlannerInputError(PlannerError, ValueError):
    """Input a planner cannot use; the message names the value and what is allowed."""


class UnreadableReplyError(PlannerError, ValueError):
    """A model's reply holds no action the planner can read; the message says what was tried."""


class LlmError(PlannerError):
    """The chat-completions endpoint at `endpoint` failed; `status` is its HTTP status, if any."""

    def __init__(self, message: str, *, endpoint: str, status: int | None = None) -> None:
        super().__init__(message)
        self.endpoint = endpoint
        self.status = status

    def __reduce__(self) -> tuple[object, ...]:
        # Keeps the error picklable despite the keyword-only arguments.
        return (_rebuild, (type(self), str(self), self.endpoint, self.status))


class LlmEndpointError(LlmError):
    """No usable answer: a timeout, a connection error, rate limiting, an HTTP error."""


class LlmReplyError(LlmError):
    """An answer, but no action could be read from it even after asking again."""


def _rebuild(cls: type[LlmError], message: str, endpoint: str, status: int | None) -> LlmError:
    return cls(message, endpoint=endpoint, status=status)
