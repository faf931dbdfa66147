"""`watched`: run the rest of the app for one request, then say how it ended.

The access log and the request metrics both need the status sent and the time taken, the
request ending however it does (an answer, an error, a client that left).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["watched"]


async def watched(
    app: ASGIApp,
    scope: Scope,
    receive: Receive,
    send: Send,
    ended: Callable[[int | None, float], None],
) -> None:
    """Run `app`, then call `ended(status, seconds)`, also when it raised; the status is
    None when no answer was started (the client left first)."""
    started = time.perf_counter()
    status: int | None = None

    async def watch(message: Message) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = int(message["status"])
        await send(message)

    try:
        await app(scope, receive, watch)
    finally:
        ended(status, time.perf_counter() - started)
