"""ADB transport messages: a 24-byte header of six little-endian u32 values, then a payload.

Only framing lives here, so that the transport can be tested without sockets.
`data_check` is never verified (the adb server does not verify ours either) and
is sent as 0 because we speak version 0x01000001 (skip checksum).
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from dataclasses import dataclass

A_CNXN = 0x4E584E43
A_AUTH = 0x48545541
A_OPEN = 0x4E45504F
A_OKAY = 0x59414B4F
A_CLSE = 0x45534C43
A_WRTE = 0x45545257
A_STLS = 0x534C5453
A_SYNC = 0x434E5953

VERSION = 0x01000001
MAX_DATA = 1024 * 1024
HEADER_SIZE = 24
_HEADER = struct.Struct("<6I")

NAMES = {
    A_CNXN: "CNXN",
    A_AUTH: "AUTH",
    A_OPEN: "OPEN",
    A_OKAY: "OKAY",
    A_CLSE: "CLSE",
    A_WRTE: "WRTE",
    A_STLS: "STLS",
    A_SYNC: "SYNC",
}


class ProtocolError(Exception):
    """The peer sent bytes that are not an ADB message; the connection must close."""


@dataclass(frozen=True)
class Message:
    """One ADB message. `arg0` is the sender's stream id, `arg1` the receiver's."""

    command: int
    arg0: int
    arg1: int
    data: bytes = b""

    @property
    def name(self) -> str:
        return NAMES.get(self.command, f"0x{self.command:08x}")

    def __str__(self) -> str:
        return f"{self.name}({self.arg0}, {self.arg1}, {len(self.data)} bytes)"


def encode(message: Message) -> bytes:
    """Header and payload as they go on the wire."""
    header = _HEADER.pack(
        message.command,
        message.arg0,
        message.arg1,
        len(message.data),
        0,
        message.command ^ 0xFFFFFFFF,
    )
    return header + message.data


def decode_header(header: bytes) -> tuple[int, int, int, int]:
    """(command, arg0, arg1, data_length) of a 24-byte header; ProtocolError if it is not one."""
    if len(header) != HEADER_SIZE:
        raise ProtocolError(f"header is {len(header)} bytes, expected {HEADER_SIZE}")
    command, arg0, arg1, length, _check, magic = _HEADER.unpack(header)
    if magic != command ^ 0xFFFFFFFF:
        raise ProtocolError(f"bad magic 0x{magic:08x} for command 0x{command:08x}")
    if length > MAX_DATA:
        raise ProtocolError(f"payload of {length} bytes exceeds maxdata {MAX_DATA}")
    return command, arg0, arg1, length


def read_message(read_exactly: Callable[[int], bytes]) -> Message:
    """Read one message with `read_exactly(n)`, which returns n bytes or raises EOFError."""
    command, arg0, arg1, length = decode_header(read_exactly(HEADER_SIZE))
    return Message(command, arg0, arg1, read_exactly(length) if length else b"")


def banner(*, name: str, model: str, device: str, features: tuple[str, ...]) -> bytes:
    """The device CNXN payload: `device::<props>;features=<list>` (empty serial, like adbd)."""
    props = f"ro.product.name={name};ro.product.model={model};ro.product.device={device}"
    return f"device::{props};features={','.join(features)}".encode()


def split_service(service: str) -> tuple[str, list[str], str]:
    """`shell,v2,raw:ls` -> ("shell", ["v2", "raw"], "ls"); split on the first colon."""
    head, _, rest = service.partition(":")
    name, *args = head.split(",")
    return name, args, rest
