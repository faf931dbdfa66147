"""The uiautomator2 server on device `tcp:9008`: HTTP routes and the JSON-RPC envelope.

Routes follow `AutomatorHttpServer.java`: `/ping` -> `pong`, `/jsonrpc/0`,
`/stop`, anything else 404 `Not Found!!!`. JSON-RPC errors travel in a 200
response (a non-200 makes u2 restart the server): -32601 for an unknown
method, -32001 with the Java exception class for a failing one. u2 opens one
`tcp:9008` stream per request; each stream is served by `serve` in its own
thread, so a blocking `waitForExists` never holds up another request.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from device.virtual.http_parser import BadRequest, Request, RequestParser, response
from device.virtual.pipe import Pipe
from device.virtual.rpc_methods import RpcFailure, UiAutomatorMethods

if TYPE_CHECKING:
    from device.virtual.phone import VirtualPhone

logger = logging.getLogger(__name__)

PORT = 9008
METHOD_NOT_FOUND = -32601
INVALID_PARAMS = -32602
PARSE_ERROR = -32700
SERVER_ERROR = -32001
_JSON = "application/json; charset=utf-8"


class RpcServer:
    """One running uiautomator2 server; `on_stop` ends it (the `/stop` route)."""

    def __init__(self, phone: VirtualPhone, *, on_stop: Callable[[], None]) -> None:
        self.phone = phone
        self.methods = UiAutomatorMethods(phone).table()
        self._on_stop = on_stop

    def serve(self, pipe: Pipe) -> None:
        """Answer HTTP requests on one `tcp:9008` stream until either side closes it."""
        parser = RequestParser()
        while True:
            data = pipe.read()
            if not data:
                return
            try:
                requests = parser.feed(data)
            except BadRequest as exc:
                logger.debug("bad HTTP request: %s", exc)
                pipe.write(response(400, f"Bad Request: {exc}".encode(), close=True))
                return
            for request in requests:
                pipe.write(self.respond(request))
                if request.path == "/stop":
                    self._on_stop()
                if not request.keep_alive:
                    return

    def respond(self, request: Request) -> bytes:
        """The full HTTP response to one request."""
        close = not request.keep_alive
        if request.path == "/ping":
            return response(200, b"pong", close=close)
        if request.path == "/jsonrpc/0":
            if request.method != "POST":
                return response(405, b"Method Not Allowed", close=close)
            body = json.dumps(self.call(request.body), ensure_ascii=False).encode()
            return response(200, body, content_type=_JSON, close=close)
        if request.path == "/stop":
            return response(200, b"Server stopped!!!", close=True)
        if request.path.startswith("/screenshot"):
            return response(200, self.phone.screenshot_png(), content_type="image/png", close=close)
        return response(404, b"Not Found!!!", close=close)

    def call(self, body: bytes) -> dict[str, Any]:
        """Run one JSON-RPC request and build its response object."""
        try:
            request = json.loads(body)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            return _error(None, PARSE_ERROR, "JSON parse error", str(exc))
        if not isinstance(request, dict) or not isinstance(request.get("method"), str):
            return _error(None, -32600, "invalid request", "expected an object with a method")
        ident = request.get("id")
        method_name: str = request["method"]
        params = request.get("params")
        if params is None or params == {}:
            args: list[Any] = []
        elif isinstance(params, list):
            args = params
        else:
            return _error(
                ident,
                INVALID_PARAMS,
                "method parameters invalid",
                "params must be a list of positional arguments",
            )
        method = self.methods.get(method_name)
        if method is None:
            return _error(ident, METHOD_NOT_FOUND, "method not found", method_name)
        logger.debug("jsonrpc %s %s", method_name, args)
        try:
            result = method(*args)
        except RpcFailure as exc:
            return _error(ident, SERVER_ERROR, exc.java_class, exc.detail)
        except TypeError as exc:
            logger.debug("jsonrpc %s: bad arguments %s", method_name, args, exc_info=True)
            return _error(ident, INVALID_PARAMS, "method parameters invalid", str(exc))
        except Exception as exc:  # report it like the Java server would, never as a 500
            logger.debug("jsonrpc %s failed", method_name, exc_info=True)
            return _error(ident, SERVER_ERROR, "java.lang.RuntimeException", str(exc))
        return {"jsonrpc": "2.0", "id": ident, "result": result}


def _error(ident: Any, code: int, message: str, data: str) -> dict[str, Any]:
    return {
        "jsonrpc": "2.0",
        "id": ident,
        "error": {"code": code, "message": message, "data": data},
    }
