"""`AccessLog`: one INFO line per request, `request <id> GET /v1/health 200 3.1 ms` (with
the same fields attached for the JSON log format).

It sits inside `RequestId`, so that the line carries the id the client got back in
`X-Request-ID`, and outside the catch-all and the body limit, so that their 500 and 413
answers are logged too. Bodies, query strings and headers are never logged: they may
carry screenshots, typed text or keys. The path is escaped onto one line and cut short,
so that no request can forge or flood a log line.
"""

from __future__ import annotations

import logging

from starlette.types import ASGIApp, Receive, Scope, Send

from service.api.request_id import request_id_of
from service.api.watch import watched

__all__ = ["AccessLog"]

logger = logging.getLogger(__name__)

_MAX_PATH_CHARS = 200
"""A path is cut to this length in the log line; real routes are far shorter."""


class AccessLog:
    """ASGI middleware: log each request's id, method, path, status and milliseconds."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        def ended(status: int | None, seconds: float) -> None:
            fields = {
                "request_id": request_id_of(scope),
                "method": _one_line(str(scope.get("method", "-"))),
                "path": _one_line(str(scope.get("path", "-"))),
                "status": status,  # None: the client left before an answer
                "ms": round(seconds * 1000, 1),
            }
            logger.info(
                "request %s %s %s %s %.1f ms",
                fields["request_id"],
                fields["method"],
                fields["path"],
                "-" if status is None else status,
                fields["ms"],
                extra=fields,
            )

        await watched(self.app, scope, receive, send, ended)


def _one_line(text: str) -> str:
    """`text` escaped onto one printable line (a path is percent-decoded) and cut short; a
    space is written `%20`, so that the line splits into its fields at spaces."""
    flat = text if text.isprintable() else text.encode("unicode_escape").decode("ascii")
    flat = flat.replace(" ", "%20")
    if len(flat) > _MAX_PATH_CHARS:
        return flat[:_MAX_PATH_CHARS] + "..."
    return flat
