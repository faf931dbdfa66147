"""`BodyLimit`: refuse request bodies over a size with 413, before anything parses them.

Content-Length is checked first (no byte is read of a body announced too large); the
body actually received is counted as well, since a chunked upload announces no length.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.api.answer import send_json
from service.errors import ERROR_STATUS, BodyTooLargeError, error_body


class BodyLimit:
    """ASGI middleware: a request body of more than `max_bytes` gets 413 and no further."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(send, f"{int(declared)} bytes announced")
            return
        chunks: list[bytes] = []
        received = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            received += len(chunk)
            if received > self.max_bytes:
                await self._refuse(send, f"more than {self.max_bytes} bytes sent")
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, send: Send, what: str) -> None:
        error = BodyTooLargeError(
            f"request body too large: {what}, the limit is {self.max_bytes} bytes "
            "(DROIDPILOT_API_MAX_BODY_BYTES); send a smaller screenshot, e.g. a JPEG"
        )
        status, code = ERROR_STATUS[BodyTooLargeError]
        await send_json(send, status, error_body(str(error), code), close=True)
