"""`CatchAll`: an error no handler knows answers 500 with the request id, logged once.

Starlette's own last resort answers 500 and then re-raises, so that the server prints the
traceback a second time. This middleware sits inside it and ends the request itself: one
ERROR line names the request id, the route and the error; the traceback is logged at
DEBUG (`droidpilot -v serve`), never to the client.
"""

from __future__ import annotations

import logging

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.api.answer import send_json
from service.api.request_id import request_id_of
from service.errors import error_body

__all__ = ["CatchAll"]

logger = logging.getLogger(__name__)

_MAX_MESSAGE_CHARS = 300
"""An error message is cut to this length in the log line (some carry a whole input)."""


class CatchAll:
    """ASGI middleware: any exception from the app becomes one log line and a 500 answer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception as exc:
            request_id = request_id_of(scope)
            name = type(exc).__name__
            logger.error(
                "request %s %s %s failed: %s: %s",
                request_id,
                scope.get("method", "-"),
                _one_line(str(scope.get("path", "-"))),
                name,
                _one_line(str(exc)),
            )
            logger.debug("request %s traceback", request_id, exc_info=exc)
            if started:  # the status is sent already: the client sees a cut-off answer
                return
            body = error_body(
                f"internal error ({name}); request id {request_id}, see the server log",
                "internal",
                request_id=request_id,
            )
            await send_json(send, 500, body)


def _one_line(text: str) -> str:
    """`text` on one line, cut short, and printable whatever it holds."""
    # a line break, a control character or a lone surrogate: all of it escaped
    flat = text if text.isprintable() else text.encode("unicode_escape").decode("ascii")
    if len(flat) > _MAX_MESSAGE_CHARS:
        return flat[:_MAX_MESSAGE_CHARS] + "..."
    return flat
