"""ADB services by OPEN payload: `shell:` (v1 raw), `shell,v2,...:`, `exec:`, `sync:`, `tcp:PORT`.

Shell v1 sends stdout and stderr as they are and no exit status (adbutils
appends `; echo X4EXIT:$?` itself); shell v2 frames every chunk as
`[id:u8][len:u32 LE]` and ends with an exit packet (id 3). Anything else is
refused, which the host reports as `error: closed`.
"""

from __future__ import annotations

import logging
import struct
from typing import TYPE_CHECKING

from device.virtual.commands import registry
from device.virtual.pipe import Pipe
from device.virtual.protocol import split_service
from device.virtual.shell import Shell
from device.virtual.sync import SyncError, SyncSession
from device.virtual.transport import Service

if TYPE_CHECKING:
    from device.virtual.phone import VirtualPhone

logger = logging.getLogger(__name__)

FEATURES = ("shell_v2", "fixed_push_mkdir")
"""Advertised in the CNXN banner; only what is implemented (no `cmd`, no `*_v2` sync)."""

_V2_STDOUT, _V2_STDERR, _V2_EXIT = 1, 2, 3
_FLUSH_AT = 256 * 1024


class _Output:
    """Buffers a command's output so that small writes do not each cost a WRTE round trip."""

    def __init__(self, pipe: Pipe, *, framed: bool) -> None:
        self._pipe = pipe
        self._framed = framed
        self._buffer = bytearray()

    def packet(self, ident: int, data: bytes) -> None:
        if self._framed:
            self._buffer += struct.pack("<BI", ident, len(data))
        self._buffer += data
        if len(self._buffer) >= _FLUSH_AT:
            self.flush()

    def stdout(self, data: bytes) -> None:
        if data:
            self.packet(_V2_STDOUT, data)

    def stderr(self, data: bytes) -> None:
        if data:
            self.packet(_V2_STDERR, data)

    def flush(self) -> None:
        if self._buffer:
            data, self._buffer = bytes(self._buffer), bytearray()
            self._pipe.write(data)


class Services:
    """Resolves OPEN payloads to services acting on one phone."""

    def __init__(self, phone: VirtualPhone) -> None:
        self.phone = phone

    def resolve(self, service: str) -> Service | None:
        name, args, rest = split_service(service)
        if name == "shell":
            framed = "v2" in args
            return lambda pipe: self._shell(pipe, rest, framed=framed)
        if name == "exec":
            return lambda pipe: self._shell(pipe, rest, framed=False)
        if name == "sync" and not rest:
            return self._sync
        if name == "tcp":
            port = rest.rsplit(":", 1)[-1]
            listener = self.phone.listener(int(port)) if port.isdigit() else None
            return listener.serve if listener is not None else None
        return None

    def _shell(self, pipe: Pipe, command: str, *, framed: bool) -> None:
        output = _Output(pipe, framed=framed)
        shell = Shell(
            self.phone,
            registry(),
            out=output.stdout,
            err=output.stderr,
            hangup=pipe.hangup,
            flush=output.flush,
        )
        if command.strip():
            status = shell.run(command)
        else:
            status = self._interactive(pipe, shell, output, framed=framed)
        if framed:
            output.packet(_V2_EXIT, bytes([status & 0xFF]))
        output.flush()

    def _interactive(self, pipe: Pipe, shell: Shell, output: _Output, *, framed: bool) -> int:
        """`adb shell` with no command: run each line the host sends, until it hangs up."""
        received = b""
        pending = b""
        while data := pipe.read():
            received += data
            if framed:  # keep the stdin packets' payloads; id 4 closes stdin
                while len(received) >= 5:
                    ident, length = struct.unpack_from("<BI", received)
                    if len(received) < 5 + length:
                        break
                    if ident == 4:
                        return shell.status
                    pending += received[5 : 5 + length] if ident == 0 else b""
                    received = received[5 + length :]
            else:
                pending, received = pending + received, b""
            *lines, pending = pending.split(b"\n")
            for line in lines:
                shell.run(line.decode("utf-8", "replace"))
                output.flush()
        return shell.status

    def _sync(self, pipe: Pipe) -> None:
        session = SyncSession(self.phone.files)
        while not session.finished:
            data = pipe.read()
            if not data:
                return
            try:
                replies = session.feed(data)
            except SyncError as exc:
                logger.debug("sync protocol error: %s", exc)
                return
            if replies:
                pipe.write(b"".join(replies))
