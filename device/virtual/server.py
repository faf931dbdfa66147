"""`VirtualPhoneServer`: the virtual phone's adbd, listening on loopback TCP.

Each accepted socket is a new ADB transport with its own thread and stream
ids; the phone state behind them is shared. `stop()` closes the listening
socket and every live connection together, which the adb server sees as the
device going offline (and reconnects to by itself if the server comes back on
the same port).
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
from types import TracebackType
from typing import TYPE_CHECKING

from device.virtual.protocol import banner
from device.virtual.services import FEATURES, Services
from device.virtual.transport import Connection

if TYPE_CHECKING:
    from device.virtual.phone import VirtualPhone

logger = logging.getLogger(__name__)


class VirtualPhoneServer:
    """Serves one `VirtualPhone` over the ADB transport protocol; `port=0` picks a free port."""

    def __init__(self, phone: VirtualPhone, *, host: str = "127.0.0.1", port: int = 5555) -> None:
        self.phone = phone
        self.host = host
        self.port = port
        self._services = Services(phone)
        self._banner = banner(
            name=phone.props.get("ro.product.name", "vphone"),
            model=phone.props.get("ro.product.model", "VirtualPhone"),
            device=phone.props.get("ro.product.device", "vphone"),
            features=FEATURES,
        )
        self._socket: socket.socket | None = None
        self._connections: set[Connection] = set()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    @property
    def serial(self) -> str:
        """The serial adb clients see after `adb connect`."""
        return f"{self.host}:{self.port}"

    def start(self) -> VirtualPhoneServer:
        """Bind and start accepting in a background thread; returns self."""
        if self._socket is not None:
            raise RuntimeError(f"virtual phone server already listening on {self.serial}")
        sock = socket.create_server((self.host, self.port), reuse_port=False)
        self.port = sock.getsockname()[1]
        self._socket = sock
        self._thread = threading.Thread(
            target=self._accept, args=(sock,), name=f"vphone-accept-{self.port}", daemon=True
        )
        self._thread.start()
        logger.debug("virtual phone listening on %s", self.serial)
        return self

    def stop(self) -> None:
        """Close the listening socket and every connection, so clients see the device go."""
        with self._lock:
            sock, self._socket = self._socket, None
            connections, self._connections = list(self._connections), set()
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        for connection in connections:
            connection.close()
        if self._thread is not None:
            self._thread.join(timeout=2.0)
            self._thread = None
        logger.debug("virtual phone on %s stopped", self.serial)

    def __enter__(self) -> VirtualPhoneServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def _accept(self, sock: socket.socket) -> None:
        while True:
            try:
                client, address = sock.accept()
            except OSError:
                return  # the listening socket was closed by stop()
            client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            connection = Connection(client, self._services.resolve, self._banner)
            with self._lock:
                if self._socket is not sock:
                    connection.close()
                    return
                self._connections.add(connection)
            logger.debug("adb host connected from %s:%s", *address[:2])
            threading.Thread(
                target=self._serve,
                args=(connection,),
                name=f"vphone-conn-{address[1]}",
                daemon=True,
            ).start()

    def _serve(self, connection: Connection) -> None:
        try:
            connection.serve()
        finally:
            with self._lock:
                self._connections.discard(connection)
