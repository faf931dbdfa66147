"""`send_json`: an answer written straight to ASGI, for middleware that ends a request itself."""

from __future__ import annotations

import json
from typing import Any

from starlette.types import Send

__all__ = ["send_json"]


async def send_json(send: Send, status: int, body: dict[str, Any], *, close: bool = False) -> None:
    """Send `body` as a JSON answer; `close` asks the client to drop the connection (the rest
    of a body that was refused is never read)."""
    content = json.dumps(body).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(content)).encode()),
    ]
    if close:
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": content})
