"""Errors of the service, and the one table that turns every droidpilot error into a status.

The tree of the service's own errors::

    ServiceError              root of the errors the service itself raises
    ├── InvalidInputError     a request value that cannot be used (bad base64, no screen...)
    └── BodyTooLargeError     a request body over `Settings.max_body_bytes`

Routes do not catch: errors of every layer travel up to the handlers installed by
`install_error_handlers`, which answer `{"detail": ..., "code": ...}` with the status of
`ERROR_STATUS`. Bad input is always a 4xx whose detail says what to fix; the only 500 is
the catch-all, which logs the traceback and shows none.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from aci import ActionSyntaxError
from device import (
    DeviceCommandError,
    DeviceNotFoundError,
    DeviceOfflineError,
    DeviceTimeoutError,
)
from grounding.errors import PerceptionError
from planning import LlmError, LlmReplyError, PlannerInputError

logger = logging.getLogger(__name__)

__all__ = [
    "ERROR_STATUS",
    "BodyTooLargeError",
    "InvalidInputError",
    "ServiceError",
    "error_body",
    "install_error_handlers",
]


class ServiceError(Exception):
    """Root of the errors the service raises itself."""


class InvalidInputError(ServiceError):
    """A request value the service cannot use; the message names the field and the fix."""


class BodyTooLargeError(ServiceError):
    """The request body is larger than the service accepts."""


ERROR_STATUS: dict[type[Exception], tuple[int, str]] = {
    ActionSyntaxError: (422, "bad_action"),
    RequestValidationError: (422, "invalid_input"),
    InvalidInputError: (422, "invalid_input"),
    PerceptionError: (422, "bad_screen"),
    BodyTooLargeError: (413, "body_too_large"),
    DeviceNotFoundError: (404, "device_not_found"),
    DeviceOfflineError: (503, "device_offline"),
    DeviceTimeoutError: (504, "device_timeout"),
    DeviceCommandError: (502, "device_command_failed"),
    PlannerInputError: (422, "invalid_plan_input"),
    LlmReplyError: (502, "llm_bad_reply"),
    LlmError: (502, "llm_failed"),
}
"""Error class -> (HTTP status, machine-readable code). Subclasses inherit their parent's row."""


def error_body(detail: str, code: str, **extra: Any) -> dict[str, Any]:
    """The JSON body of every error answer."""
    return {"detail": detail, "code": code, **extra}


def install_error_handlers(app: FastAPI) -> None:
    """Answer every error class of `ERROR_STATUS`, HTTP errors and anything else."""
    for error_class in ERROR_STATUS:
        app.add_exception_handler(error_class, _known_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected_error)


def describe(exc: Exception) -> str:
    """The one-line message for an error of the table: what was wrong and how to fix it."""
    if isinstance(exc, ActionSyntaxError):
        return f"action {exc.text!r} does not parse at column {exc.column}: {exc.detail}"
    if isinstance(exc, RequestValidationError):
        return _validation_message(exc.errors())
    return str(exc)


async def _known_error(request: Request, exc: Exception) -> JSONResponse:
    # the most specific row: a subclass may have a row of its own (LlmReplyError, LlmError)
    status, code = next(ERROR_STATUS[cls] for cls in type(exc).__mro__ if cls in ERROR_STATUS)
    extra: dict[str, Any] = {}
    if isinstance(exc, ActionSyntaxError):
        extra["column"] = exc.column
    serial = getattr(exc, "serial", None)
    if serial:
        extra["serial"] = serial
    logger.info("%s %s -> %s %s", request.method, request.url.path, status, code)
    return JSONResponse(error_body(describe(exc), code, **extra), status_code=status)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    code = HTTPStatus(exc.status_code).phrase.lower().replace(" ", "_").replace("-", "_")
    return JSONResponse(
        error_body(str(exc.detail), code), status_code=exc.status_code, headers=exc.headers
    )


async def _unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    logger.exception("%s %s failed", request.method, request.url.path, exc_info=exc)
    return JSONResponse(
        error_body(f"internal error ({type(exc).__name__}); see the server log", "internal"),
        status_code=500,
    )


def _validation_message(errors: Sequence[Any]) -> str:
    parts = []
    for error in errors:
        # "body" starts every location of a JSON body: the client knows where it sent it
        where = ".".join(str(part) for part in error.get("loc", ()) if part != "body")
        message = str(error.get("msg", "invalid value")).removeprefix("Value error, ")
        shown = _shown(error.get("input"))
        got = f" (got {shown})" if shown and error.get("type") != "missing" else ""
        parts.append(f"{where}: {message}{got}" if where else f"{message}{got}")
    return "; ".join(parts) or "invalid request"


def _shown(value: Any) -> str:
    """A short repr of a rejected input; large values (images, dumps) only by their type."""
    if isinstance(value, str | int | float | bool) and len(repr(value)) <= 60:
        return repr(value)
    if isinstance(value, str):
        return f"a string of {len(value)} characters"
    if isinstance(value, dict | list):
        return f"a JSON {'object' if isinstance(value, dict) else 'array'}"
    return ""
