"""Errors of the service, and the one table that turns every droidpilot error into a status.

The tree of the service's own errors::

    ServiceError              root of the errors the service itself raises
    ├── InvalidInputError     a request value that cannot be used (bad base64, no screen...)
    ├── BodyTooLargeError     a request body over `api.max_body_bytes`
    └── ScreenshotNotFoundError  a step whose screenshot was not kept

Routes do not catch: errors of every layer travel up to the handlers installed by
`install_error_handlers`, which answer `{"detail": ..., "code": ...}` with the status of
`ERROR_STATUS`. Bad input is always a 4xx whose detail says what to fix; the only 500 is
the catch-all (`service.api.catch_all`), which logs one line with the request id.
`ErrorBody` describes that body in the OpenAPI document, and `error_responses` lists a
route's statuses from the same table, so that the documentation cannot drift from it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException

from aci import ActionSyntaxError
from device import (
    DeviceCommandError,
    DeviceNotFoundError,
    DeviceOfflineError,
    DeviceTimeoutError,
)
from device.errors import LeaseConflictError, LeaseNotFoundError
from grounding.errors import InputTooLargeError, PerceptionError
from planning import LlmError, LlmReplyError, PlannerInputError
from service.api.request_id import request_id_of
from service.hosts import HostLostError, NotPlacedError
from service.tasks.errors import TaskFinishedError, TaskInputError, UnknownTaskError

logger = logging.getLogger(__name__)

__all__ = [
    "ERROR_STATUS",
    "BodyTooLargeError",
    "ErrorBody",
    "InvalidInputError",
    "ScreenshotNotFoundError",
    "ServiceError",
    "error_body",
    "error_responses",
    "install_error_handlers",
]


class ServiceError(Exception):
    """Root of the errors the service raises itself."""


class InvalidInputError(ServiceError):
    """A request value the service cannot use; the message names the field and the fix."""


class BodyTooLargeError(ServiceError):
    """The request body is larger than the service accepts."""


class ScreenshotNotFoundError(ServiceError):
    """The step kept no screenshot (retention dropped it, or none was taken)."""


ERROR_STATUS: dict[type[Exception], tuple[int, str]] = {
    ActionSyntaxError: (422, "bad_action"),
    RequestValidationError: (422, "invalid_input"),
    InvalidInputError: (422, "invalid_input"),
    PerceptionError: (422, "bad_screen"),
    InputTooLargeError: (413, "input_too_large"),
    BodyTooLargeError: (413, "body_too_large"),
    DeviceNotFoundError: (404, "device_not_found"),
    HostLostError: (503, "host_lost"),
    NotPlacedError: (503, "not_placed"),
    DeviceOfflineError: (503, "device_offline"),
    DeviceTimeoutError: (504, "device_timeout"),
    DeviceCommandError: (502, "device_command_failed"),
    LeaseConflictError: (409, "lease_conflict"),
    LeaseNotFoundError: (404, "lease_not_found"),
    UnknownTaskError: (404, "task_not_found"),
    TaskInputError: (422, "invalid_input"),
    TaskFinishedError: (409, "task_finished"),
    ScreenshotNotFoundError: (404, "screenshot_not_found"),
    PlannerInputError: (422, "invalid_plan_input"),
    LlmReplyError: (502, "llm_bad_reply"),
    LlmError: (502, "llm_failed"),
}
"""Error class -> (HTTP status, machine-readable code). Subclasses inherit their parent's row."""


_CATCH_ALL = (500, "internal")
"""Status and code of the catch-all's answer (`service.api.catch_all`): any route may give it."""


class ErrorBody(BaseModel):
    """The body of every error answer, as `error_body` builds it; documentation only."""

    model_config = ConfigDict(
        use_attribute_docstrings=True,
        json_schema_extra={
            "examples": [
                {
                    "detail": "action 'tap' does not parse at column 4: expected a quoted "
                    'target, "(x, y)" or a description after \'tap\', e.g. tap "Wi-Fi"; '
                    "found the end of the text",
                    "code": "bad_action",
                    "column": 4,
                },
                {
                    "detail": "no device 'emulator-5556' on adb server 127.0.0.1:5037 "
                    "(devices: none)",
                    "code": "device_not_found",
                    "serial": "emulator-5556",
                },
            ]
        },
    )

    detail: str
    """What was wrong and what to send instead, in one line."""
    code: str
    """The kind of error, for programs: `bad_action`, `device_offline`, `llm_failed`..."""
    column: int | None = None
    """Where the action's ACI text stops parsing (1-based); only with `bad_action`."""
    serial: str | None = None
    """The phone the error is about; only with the device errors."""
    request_id: str | None = None
    """The request's `X-Request-ID`, to find its line in the server log; only with `internal`."""


def error_responses(*codes: str) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` of a route that answers these codes of `ERROR_STATUS`, plus the
    catch-all's 500: each status with `ErrorBody` and the codes it carries.

    Replaces FastAPI's own 422 (`HTTPValidationError`), which is not the body we send.
    """
    status_of = {code: status for status, code in ERROR_STATUS.values()}
    unknown = [code for code in codes if code not in status_of]
    if unknown:
        raise ValueError(f"unknown error codes {unknown}; known: {sorted(status_of)}")
    by_status: dict[int, list[str]] = {}
    for code in dict.fromkeys(codes):
        by_status.setdefault(status_of[code], []).append(code)
    by_status.setdefault(_CATCH_ALL[0], []).append(_CATCH_ALL[1])
    return {
        status: {
            "model": ErrorBody,
            "description": f"{HTTPStatus(status).phrase}; code: {' or '.join(names)}",
        }
        for status, names in sorted(by_status.items())
    }


_MAX_PROBLEMS = 10
"""A validation answer lists this many problems, then how many more there are."""


def error_body(detail: str, code: str, **extra: Any) -> dict[str, Any]:
    """The JSON body of every error answer; always encodable, whatever the input echoed."""
    printable = {
        name: _printable(value) if isinstance(value, str) else value
        for name, value in extra.items()
    }
    return {"detail": _printable(detail), "code": code, **printable}


def install_error_handlers(app: FastAPI) -> None:
    """Answer every error class of `ERROR_STATUS` and HTTP errors; anything else is the
    catch-all middleware's (`service.api.catch_all`)."""
    for error_class in ERROR_STATUS:
        app.add_exception_handler(error_class, _known_error)
    app.add_exception_handler(HTTPException, _http_error)


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
    logger.info(
        "request %s %s %s -> %s %s",
        request_id_of(request.scope),
        request.method,
        _printable(request.url.path),
        status,
        code,
    )
    return JSONResponse(error_body(describe(exc), code, **extra), status_code=status)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    if exc.status_code == HTTPStatus.BAD_REQUEST:  # FastAPI's "error parsing the body"
        # a body that is not JSON is bad input like any other: 422, saying what to send
        detail = "the request body is not JSON: send a UTF-8 JSON object with " + (
            "Content-Type: application/json"
        )
        return JSONResponse(error_body(detail, "invalid_input"), status_code=422)
    code = HTTPStatus(exc.status_code).phrase.lower().replace(" ", "_").replace("-", "_")
    return JSONResponse(
        error_body(str(exc.detail), code), status_code=exc.status_code, headers=exc.headers
    )


def _validation_message(errors: Sequence[Any]) -> str:
    parts = []
    for error in errors[:_MAX_PROBLEMS]:
        # "body" starts every location of a JSON body: the client knows where it sent it
        where = ".".join(str(part) for part in error.get("loc", ()) if part != "body")
        message = str(error.get("msg", "invalid value")).removeprefix("Value error, ")
        shown = _shown(error.get("input"))
        # a Unicode error names the character and its position already; a secret is not shown
        quiet = error.get("type") in ("missing", "invalid_unicode", "invalid_secret")
        got = f" (got {shown})" if shown and not quiet else ""
        parts.append(f"{where}: {message}{got}" if where else f"{message}{got}")
    if len(errors) > _MAX_PROBLEMS:
        parts.append(f"and {len(errors) - _MAX_PROBLEMS} more problems")
    return "; ".join(parts) or "invalid request"


def _printable(text: str) -> str:
    """`text` with lone surrogates (from JSON escapes) spelled as escapes: JSON-encodable."""
    if text.isascii():
        return text
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _shown(value: Any) -> str:
    """A short repr of a rejected input; large values (images, dumps) only by their type."""
    if isinstance(value, str):
        short = len(value) <= 60 and len(repr(value)) <= 60  # no repr of a whole dump
        return repr(value) if short else f"a string of {len(value)} characters"
    if isinstance(value, int | float | bool) and len(repr(value)) <= 60:
        return repr(value)
    if isinstance(value, dict | list):
        return f"a JSON {'object' if isinstance(value, dict) else 'array'}"
    return ""
