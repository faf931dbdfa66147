"""`RequestId`: every request gets an id, echoed in the `X-Request-ID` response header.

A client (or a proxy in front) may send its own `X-Request-ID` to find its request in the
server log; an id that is not a short token of letters, digits and `._:-` is replaced, so
that nothing a client sends can forge or break a log line.
"""

from __future__ import annotations

import re
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["HEADER", "RequestId", "request_id_of"]

HEADER = "X-Request-ID"
_HEADER_KEY = HEADER.lower().encode()
_SANE = re.compile(rb"[A-Za-z0-9._:-]{1,128}")
"""An incoming id that is kept: a UUID, a trace id, a proxy's token."""


def request_id_of(scope: Scope) -> str:
    """The id `RequestId` gave this request; "-" outside it (a test app without it)."""
    state = scope.get("state") or {}
    return str(state.get("request_id", "-"))


class RequestId:
    """ASGI middleware: keep a sane incoming `X-Request-ID` or make one; store it in the
    request's state (`request_id_of`) and send it back as a response header."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope["headers"]).get(_HEADER_KEY, b"")
        request_id = incoming.decode() if _SANE.fullmatch(incoming) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k != _HEADER_KEY]
                headers.append((_HEADER_KEY, request_id.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_id)
