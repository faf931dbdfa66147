"""HTTP/1.1 requests parsed from a byte stream that arrives in arbitrary pieces.

The adb server merges and splits WRTEs freely (u2's header and body often come
in two), so the parser buffers until a request is complete and can return
several pipelined requests from one piece.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_HEADER_BYTES = 64 * 1024
MAX_BODY_BYTES = 64 * 1024 * 1024
_REASONS = {
    200: "OK",
    400: "Bad Request",
    404: "Not Found",
    405: "Method Not Allowed",
    413: "Payload Too Large",
    500: "Internal Server Error",
}


class BadRequest(ValueError):
    """The bytes are not an HTTP/1.x request we can serve; answer 400 and close."""


@dataclass
class Request:
    method: str
    target: str
    version: str
    headers: dict[str, str] = field(default_factory=dict)
    """Header names lower-cased."""
    body: bytes = b""

    @property
    def path(self) -> str:
        return self.target.split("?", 1)[0]

    @property
    def keep_alive(self) -> bool:
        connection = self.headers.get("connection", "").lower()
        return connection != "close" and (self.version != "HTTP/1.0" or connection == "keep-alive")


class RequestParser:
    """Feed bytes in; complete requests come out."""

    def __init__(self) -> None:
        self._buffer = bytearray()
        self._head: Request | None = None
        self._body_length = 0

    def feed(self, data: bytes) -> list[Request]:
        self._buffer += data
        done: list[Request] = []
        while True:
            if self._head is None and not self._parse_head():
                return done
            assert self._head is not None
            if len(self._buffer) < self._body_length:
                return done
            self._head.body = bytes(self._buffer[: self._body_length])
            del self._buffer[: self._body_length]
            done.append(self._head)
            self._head = None

    def _parse_head(self) -> bool:
        end = self._buffer.find(b"\r\n\r\n")
        if end < 0:
            if len(self._buffer) > MAX_HEADER_BYTES:
                raise BadRequest("header too long")
            return False
        lines = self._buffer[:end].decode("iso-8859-1").split("\r\n")
        del self._buffer[: end + 4]
        parts = lines[0].split(" ")
        if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
            raise BadRequest(f"bad request line {lines[0][:80]!r}")
        request = Request(parts[0].upper(), parts[1], parts[2])
        for line in lines[1:]:
            name, sep, value = line.partition(":")
            if not sep:
                raise BadRequest(f"bad header line {line[:80]!r}")
            request.headers[name.strip().lower()] = value.strip()
        if "chunked" in request.headers.get("transfer-encoding", "").lower():
            raise BadRequest("chunked request bodies are not supported")
        try:
            length = int(request.headers.get("content-length", "0"))
        except ValueError as exc:
            raise BadRequest("bad Content-Length") from exc
        if not 0 <= length <= MAX_BODY_BYTES:
            raise BadRequest(f"Content-Length {length} out of range")
        self._head, self._body_length = request, length
        return True


def response(
    status: int,
    body: bytes,
    *,
    content_type: str = "text/plain; charset=utf-8",
    close: bool = False,
) -> bytes:
    """A complete HTTP/1.1 response with Content-Length (never compressed)."""
    head = [
        f"HTTP/1.1 {status} {_REASONS.get(status, 'Unknown')}",
        f"Content-Type: {content_type}",
        f"Content-Length: {len(body)}",
    ]
    if close:
        head.append("Connection: close")
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body
