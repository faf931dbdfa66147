"""`BearerAuth`: with a token set, every request but the liveness probe must carry it.

Whoever reaches the API drives every phone of its adb server, so a service that listens
beyond loopback needs a token (`droidpilot serve` refuses to start without one there).
`/healthz` stays open (load balancers and probes carry no credentials), and so do the docs.
Tokens are compared in constant time.
"""

from __future__ import annotations

import hmac

from starlette.types import ASGIApp, Receive, Scope, Send

from service.api.answer import send_json
from service.errors import error_body

__all__ = ["OPEN_PATHS", "BearerAuth"]

OPEN_PATHS = frozenset({"/healthz", "/docs", "/openapi.json"})
"""Paths served without the token: liveness, and the API's description (which holds no data
and drives no phone), so that a person can read the docs in a browser."""
_OPEN_PREFIX = "/docs/"  # the docs page's scripts and styles


class BearerAuth:
    """ASGI middleware: 401 for a request without `Authorization: Bearer <token>`."""

    def __init__(self, app: ASGIApp, *, token: str) -> None:
        self.app = app
        self.expected = f"Bearer {token}".encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = str(scope.get("path", ""))
        if scope["type"] != "http" or path in OPEN_PATHS or path.startswith(_OPEN_PREFIX):
            await self.app(scope, receive, send)
            return
        given = dict(scope["headers"]).get(b"authorization", b"")
        if not hmac.compare_digest(given, self.expected):
            detail = (
                "missing or wrong bearer token: send the header 'Authorization: Bearer <token>' "
                "with the token the service was started with (DROIDPILOT_API_TOKEN)"
            )
            await send_json(send, 401, error_body(detail, "unauthorized"))
            return
        await self.app(scope, receive, send)
