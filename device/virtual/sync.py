"""The `sync:` service (file transfer protocol v1): STAT, LIST, SEND, RECV, QUIT.

A pure state machine over a byte stream: `feed()` takes whatever the host's
WRTEs carried (requests and DATA chunks split or merged anywhere) and returns
the replies to send. Only v1 is spoken; the v2 ids are answered with FAIL,
which is correct because `stat_v2`/`ls_v2`/`sendrecv_v2` are never advertised.
"""

from __future__ import annotations

import logging
import struct
from enum import Enum, auto

from device.virtual.files import FileSystem

logger = logging.getLogger(__name__)

MAX_CHUNK = 64 * 1024
MAX_PATH = 1024
_U32 = struct.Struct("<I")
_STAT = struct.Struct("<4s3I")


class SyncError(ValueError):
    """The host broke the protocol; the stream must be closed."""


class _State(Enum):
    REQUEST = auto()
    SEND = auto()
    DONE = auto()


def _fail(message: str) -> bytes:
    data = message.encode()
    return b"FAIL" + _U32.pack(len(data)) + data


class SyncSession:
    """One `sync:` stream. `finished` turns True after QUIT."""

    def __init__(self, files: FileSystem) -> None:
        self.files = files
        self._buffer = bytearray()
        self._state = _State.REQUEST
        self._send_path = ""
        self._send_mode = 0o644
        self._send_data = bytearray()

    @property
    def finished(self) -> bool:
        return self._state is _State.DONE

    def feed(self, data: bytes) -> list[bytes]:
        """Consume bytes from the host; return the replies, in order."""
        self._buffer += data
        replies: list[bytes] = []
        while self._state is not _State.DONE and len(self._buffer) >= 8:
            ident = bytes(self._buffer[:4])
            (length,) = _U32.unpack_from(self._buffer, 4)
            if self._state is _State.SEND:
                reply = self._send_packet(ident, length)
            else:
                if length > MAX_PATH:
                    raise SyncError(f"{ident!r} path of {length} bytes is too long")
                if len(self._buffer) < 8 + length:
                    break
                path = bytes(self._buffer[8 : 8 + length]).decode("utf-8", "replace")
                del self._buffer[: 8 + length]
                reply = self._request(ident, path)
            if reply is None:
                break
            if reply:
                replies.append(reply)
        return replies

    def _request(self, ident: bytes, path: str) -> bytes:
        logger.debug("sync %s %s", ident, path)
        if ident == b"STAT":
            entry = self.files.stat(path)
            if entry is None:
                return _STAT.pack(b"STAT", 0, 0, 0)
            return _STAT.pack(b"STAT", entry.mode, entry.size & 0xFFFFFFFF, entry.mtime)
        if ident == b"LIST":
            return self._list(path)
        if ident == b"SEND":
            target, _, mode = path.rpartition(",")
            self._send_path = target if target else path
            self._send_mode = int(mode) if mode.isdigit() else 0o644
            self._send_data = bytearray()
            self._state = _State.SEND
            return b""
        if ident == b"RECV":
            return self._recv(path)
        if ident == b"QUIT":
            self._state = _State.DONE
            return b""
        return _fail(f"unknown sync request {ident.decode('latin-1')!r}: only v1 is supported")

    def _list(self, path: str) -> bytes:
        out = bytearray()
        entry = self.files.stat(path)
        if entry is not None and entry.is_dir:
            children = [(".", entry), ("..", entry), *self.files.listdir(path)]
            for name, child in children:
                raw = name.encode()
                out += _STAT.pack(b"DENT", child.mode, child.size & 0xFFFFFFFF, child.mtime)
                out += _U32.pack(len(raw)) + raw
        return bytes(out + _STAT.pack(b"DONE", 0, 0, 0) + _U32.pack(0))

    def _recv(self, path: str) -> bytes:
        try:
            data = self.files.read(path)
        except OSError as exc:
            return _fail(exc.strerror or "No such file or directory")
        out = bytearray()
        for start in range(0, len(data), MAX_CHUNK):
            chunk = data[start : start + MAX_CHUNK]
            out += b"DATA" + _U32.pack(len(chunk)) + chunk
        return bytes(out + b"DONE" + _U32.pack(0))

    def _send_packet(self, ident: bytes, length: int) -> bytes | None:
        """A DATA or DONE packet of a SEND; None while the DATA is incomplete."""
        if ident == b"DONE":
            del self._buffer[:8]
            self._state = _State.REQUEST
            try:
                self.files.write(
                    self._send_path,
                    bytes(self._send_data),
                    mode=self._send_mode,
                    mtime=length or None,
                    parents=True,
                )
            except OSError as exc:
                return _fail(f"{self._send_path}: {exc.strerror}")
            finally:
                self._send_data = bytearray()
            return b"OKAY" + _U32.pack(0)
        if ident != b"DATA":
            raise SyncError(f"expected DATA or DONE during SEND, got {ident!r}")
        if length > MAX_CHUNK:
            raise SyncError(f"DATA chunk of {length} bytes exceeds {MAX_CHUNK}")
        if len(self._buffer) < 8 + length:
            return None
        self._send_data += self._buffer[8 : 8 + length]
        del self._buffer[: 8 + length]
        return b""
