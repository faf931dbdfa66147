"""The uiautomator2 server: HTTP parsing across chunks, routes, and the JSON-RPC methods."""

from __future__ import annotations

import base64
import collections
import io
import json
import threading
import time
from typing import Any

import pytest
from PIL import Image

from device.virtual import VirtualPhone
from device.virtual.http_parser import BadRequest, RequestParser
from device.virtual.pipe import PipeClosed
from device.virtual.rpc import RpcServer

PING = (
    b"GET /ping HTTP/1.1\r\nHost: localhost:9008\r\nUser-Agent: uiautomator2\r\n"
    b"Accept-Encoding: \r\nContent-Type: application/json\r\n\r\n"
)


def post(method: str, params: Any = None) -> bytes:
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": params}).encode()
    return (
        b"POST /jsonrpc/0 HTTP/1.1\r\nHost: localhost:9008\r\n"
        b"Content-Length: %d\r\nContent-Type: application/json\r\n\r\n" % len(body)
    ) + body


class MemoryPipe:
    """A Pipe fed from a list of chunks, collecting what the service writes."""

    def __init__(self, chunks: list[bytes]) -> None:
        self.inbox = collections.deque(chunks)
        self.written = bytearray()
        self._hangup = threading.Event()

    @property
    def hangup(self) -> threading.Event:
        return self._hangup

    def read(self, *, timeout_s: float | None = None) -> bytes:
        return self.inbox.popleft() if self.inbox else b""

    def write(self, data: bytes) -> None:
        if self._hangup.is_set():
            raise PipeClosed("closed")
        self.written += data

    def close(self) -> None:
        self._hangup.set()


@pytest.fixture
def phone() -> VirtualPhone:
    return VirtualPhone()


@pytest.fixture
def server(phone: VirtualPhone) -> RpcServer:
    return RpcServer(phone, on_stop=lambda: None)


def call(server: RpcServer, method: str, *params: Any) -> dict[str, Any]:
    return server.call(
        json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": list(params)}).encode()
    )


@pytest.mark.parametrize("cut", [1, 5, 17, 60, 100, 150])
def test_request_split_anywhere_parses_once(cut: int) -> None:
    raw = post("deviceInfo", {}) + PING
    parser = RequestParser()
    requests = []
    for start in range(0, len(raw), cut):
        requests += parser.feed(raw[start : start + cut])
    assert [(r.method, r.path) for r in requests] == [("POST", "/jsonrpc/0"), ("GET", "/ping")]
    assert json.loads(requests[0].body)["method"] == "deviceInfo"


def test_garbage_is_a_bad_request() -> None:
    with pytest.raises(BadRequest):
        RequestParser().feed(b"HELLO\r\n\r\n")


def test_serve_routes_over_a_pipe(server: RpcServer) -> None:
    raw = PING + post("deviceInfo", {}) + b"GET /nothing HTTP/1.1\r\n\r\n"
    pipe = MemoryPipe([raw[:30], raw[30:]])
    server.serve(pipe)
    text = bytes(pipe.written)
    assert text.startswith(b"HTTP/1.1 200 OK\r\n") and b"\r\n\r\npong" in text
    assert b'"displayWidth": 1080' in text
    assert b"HTTP/1.1 404 Not Found\r\n" in text and text.endswith(b"Not Found!!!")


@pytest.mark.parametrize("params", [None, {}, []])
def test_envelope_accepts_every_empty_params_form(server: RpcServer, params: Any) -> None:
    body = {"jsonrpc": "2.0", "id": 1, "method": "getClipboard"}
    if params is not None:
        body["params"] = params
    assert server.call(json.dumps(body).encode()) == {"jsonrpc": "2.0", "id": 1, "result": None}


def test_unknown_method_and_java_errors(server: RpcServer) -> None:
    assert call(server, "noSuchMethod", "hi", 1000)["error"]["code"] == -32601
    error = call(server, "objInfo", {"mask": 1, "text": "No such thing"})["error"]
    assert error["code"] == -32001
    assert error["message"] == "androidx.test.uiautomator.UiObjectNotFoundException"


def test_click_truncates_floats_and_opens_settings(server: RpcServer, phone: VirtualPhone) -> None:
    info = call(server, "objInfo", {"mask": 1, "text": "Settings"})["result"]
    bounds = info["visibleBounds"]
    x = (bounds["left"] + bounds["right"]) / 2 + 0.5
    y = (bounds["top"] + bounds["bottom"]) / 2 + 0.5
    assert call(server, "click", x, y)["result"] is True
    assert phone.foreground()[0] == "com.android.settings"
    assert call(server, "click", -1, 5)["result"] is False


def test_dump_and_screenshot(server: RpcServer) -> None:
    xml = call(server, "dumpWindowHierarchy", False, 50)["result"]
    assert xml.startswith("<?xml") and '<hierarchy rotation="0" />' not in xml
    encoded = call(server, "takeScreenshot", 1, 80)["result"]
    assert max(len(line) for line in encoded.splitlines()) == 76
    image = Image.open(io.BytesIO(base64.b64decode(encoded)))
    assert (image.format, image.size) == ("JPEG", (1080, 2400))


def test_clipboard_round_trip_is_exact(server: RpcServer) -> None:
    text = "héllo 世界 ✓"
    assert call(server, "setClipboard", None, text)["result"] is None
    assert call(server, "getClipboard")["result"] == text


def test_wait_for_exists_blocks_until_the_ui_changes(
    server: RpcServer, phone: VirtualPhone
) -> None:
    selector = {"mask": 0x80000, "packageName": "com.android.settings"}
    started = time.monotonic()
    assert call(server, "waitForExists", selector, 300)["result"] is False
    assert time.monotonic() - started >= 0.3
    threading.Timer(0.2, phone.start_app, args=("com.android.settings",)).start()
    started = time.monotonic()
    assert call(server, "waitForExists", selector, 10_000)["result"] is True
    assert time.monotonic() - started < 2


def test_press_key_names(server: RpcServer) -> None:
    assert call(server, "pressKey", "HOME")["result"] is True
    assert call(server, "pressKey", "no_such_key")["result"] is False
