"""One ADB connection from the adb server: handshake, stream table, flow control.

The reading thread only routes messages; each stream's service runs in a thread
of its own, so a blocking `waitForExists` never stalls a `shell:` stream. Writes
to the socket go through one lock, and each stream waits for the host's OKAY
before its next WRTE (stop-and-wait, as adbd does without `delayed_ack`).
"""

from __future__ import annotations

import collections
import contextlib
import itertools
import logging
import socket
import threading
from collections.abc import Callable

from device.virtual.pipe import Pipe, PipeClosed
from device.virtual.protocol import (
    A_CLSE,
    A_CNXN,
    A_OKAY,
    A_OPEN,
    A_WRTE,
    MAX_DATA,
    VERSION,
    Message,
    ProtocolError,
    encode,
    read_message,
)

logger = logging.getLogger(__name__)

Service = Callable[[Pipe], None]
"""Serves one opened stream until it ends; runs in the stream's own thread."""

Resolver = Callable[[str], Service | None]
"""Maps an OPEN payload (`shell:ls`) to its service, or None to refuse it."""


class Stream:
    """One ADB stream as a `Pipe`: data from host WRTEs in, WRTEs out."""

    def __init__(self, connection: Connection, local_id: int, remote_id: int) -> None:
        self._connection = connection
        self.local_id = local_id
        self.remote_id = remote_id
        self._state = threading.Condition()
        self._inbox: collections.deque[bytes] = collections.deque()
        self._acked = True
        self._closed_locally = False
        self._hangup = threading.Event()

    @property
    def hangup(self) -> threading.Event:
        return self._hangup

    def read(self, *, timeout_s: float | None = None) -> bytes:
        with self._state:
            self._state.wait_for(lambda: self._inbox or self._hangup.is_set(), timeout_s)
            return self._inbox.popleft() if self._inbox else b""

    def write(self, data: bytes) -> None:
        view = memoryview(data)
        limit = self._connection.max_payload
        for start in range(0, len(view), limit):
            with self._state:
                self._state.wait_for(lambda: self._acked or self._hangup.is_set())
                if self._hangup.is_set() or self._closed_locally:
                    raise PipeClosed(f"stream {self.local_id} closed")
                self._acked = False
            self._connection.send(
                Message(A_WRTE, self.local_id, self.remote_id, bytes(view[start : start + limit]))
            )

    def close(self) -> None:
        with self._state:
            # Let the last WRTE be acknowledged first, as adbd does, but never wait for long.
            self._state.wait_for(lambda: self._acked or self._hangup.is_set(), 5.0)
            if self._closed_locally or self._hangup.is_set():
                return
            self._closed_locally = True
        self._connection.send(Message(A_CLSE, self.local_id, self.remote_id))

    # -- called by the connection's reading thread ----------------------------------------

    def deliver(self, data: bytes) -> None:
        with self._state:
            self._inbox.append(data)
            self._state.notify_all()

    def acknowledge(self) -> None:
        with self._state:
            self._acked = True
            self._state.notify_all()

    def hang_up(self) -> None:
        with self._state:
            self._hangup.set()
            self._state.notify_all()


class Connection:
    """Serves one TCP connection until the socket closes or a message is malformed."""

    def __init__(self, sock: socket.socket, resolve: Resolver, banner: bytes) -> None:
        self._sock = sock
        self._resolve = resolve
        self._banner = banner
        self._send_lock = threading.Lock()
        self._streams: dict[int, Stream] = {}
        self._streams_lock = threading.Lock()
        self._ids = itertools.count(1)
        self.max_payload = MAX_DATA

    def serve(self) -> None:
        """Run the reading loop; returns when the connection is gone."""
        try:
            self._handshake()
            while True:
                self._dispatch(read_message(self._read_exactly))
        except (EOFError, OSError) as exc:
            logger.debug("connection ended: %s", exc)
        except ProtocolError as exc:
            logger.debug("closing connection on a bad message: %s", exc)
        finally:
            self.close()

    def close(self) -> None:
        """Drop the socket and end every stream (their services see a hangup)."""
        with contextlib.suppress(OSError):
            self._sock.shutdown(socket.SHUT_RDWR)
        self._sock.close()
        self._hang_up_all()

    def send(self, message: Message) -> None:
        """Write one message; a dead socket hangs up the streams instead of raising."""
        data = encode(message)
        try:
            with self._send_lock:
                self._sock.sendall(data)
        except OSError as exc:
            logger.debug("send %s failed: %s", message, exc)
            self.close()
            raise PipeClosed("connection closed") from exc

    def _read_exactly(self, size: int) -> bytes:
        chunks = bytearray()
        while len(chunks) < size:
            chunk = self._sock.recv(min(size - len(chunks), 1 << 20))
            if not chunk:
                raise EOFError("peer closed the connection")
            chunks += chunk
        return bytes(chunks)

    def _handshake(self) -> None:
        while True:
            message = read_message(self._read_exactly)
            if message.command == A_CNXN:
                break
            logger.debug("ignoring %s before CNXN", message)
        logger.debug(
            "host CNXN version=0x%08x maxdata=%s %r", message.arg0, message.arg1, message.data[:80]
        )
        self.max_payload = max(1, min(MAX_DATA, message.arg1 or MAX_DATA))
        self.send(Message(A_CNXN, VERSION, MAX_DATA, self._banner))

    def _dispatch(self, message: Message) -> None:
        if message.command == A_OPEN:
            self._open(message.arg0, message.data.rstrip(b"\0").decode("utf-8", "replace"))
            return
        if message.command == A_CNXN:
            # The host restarted the session on this socket: streams start afresh.
            self._hang_up_all()
            self.send(Message(A_CNXN, VERSION, MAX_DATA, self._banner))
            return
        with self._streams_lock:
            stream = self._streams.get(message.arg1)
        if stream is None or stream.remote_id != message.arg0:
            logger.debug("ignoring %s for an unknown stream", message)
            return
        if message.command == A_WRTE:
            stream.deliver(message.data)
            self.send(Message(A_OKAY, stream.local_id, stream.remote_id))
        elif message.command == A_OKAY:
            stream.acknowledge()
        elif message.command == A_CLSE:
            with self._streams_lock:
                self._streams.pop(stream.local_id, None)
            stream.hang_up()
        else:
            logger.debug("ignoring %s", message)

    def _open(self, remote_id: int, service_name: str) -> None:
        try:
            service = self._resolve(service_name)
        except Exception:  # a buggy resolver must not take the connection down
            logger.debug("resolving %r failed", service_name, exc_info=True)
            service = None
        if service is None or remote_id == 0:
            logger.debug("refusing service %r", service_name)
            self.send(Message(A_CLSE, 0, remote_id))
            return
        stream = Stream(self, next(self._ids), remote_id)
        with self._streams_lock:
            self._streams[stream.local_id] = stream
        logger.debug("open %r as stream %s/%s", service_name, stream.local_id, remote_id)
        self.send(Message(A_OKAY, stream.local_id, remote_id))
        threading.Thread(
            target=self._run,
            args=(service, stream, service_name),
            name=f"adb-stream-{stream.local_id}",
            daemon=True,
        ).start()

    def _run(self, service: Service, stream: Stream, service_name: str) -> None:
        try:
            service(stream)
        except PipeClosed:
            logger.debug("stream %s (%r) closed by the host", stream.local_id, service_name)
        except Exception:  # the client gets a closed stream, never a traceback
            logger.debug("service %r failed", service_name, exc_info=True)
        with contextlib.suppress(PipeClosed):
            stream.close()

    def _hang_up_all(self) -> None:
        with self._streams_lock:
            streams, self._streams = list(self._streams.values()), {}
        for stream in streams:
            stream.hang_up()
