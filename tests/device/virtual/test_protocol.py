"""ADB message framing and the transport's stream handling, over a socket pair."""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import Iterator

import pytest

from device.virtual.pipe import Pipe
from device.virtual.protocol import (
    A_CLSE,
    A_CNXN,
    A_OKAY,
    A_OPEN,
    A_WRTE,
    HEADER_SIZE,
    MAX_DATA,
    VERSION,
    Message,
    ProtocolError,
    banner,
    decode_header,
    encode,
    read_message,
    split_service,
)
from device.virtual.transport import Connection, Service

BANNER = banner(
    name="vphone",
    model="VirtualPhone",
    device="vphone",
    features=("shell_v2", "cmd", "fixed_push_mkdir"),
)


def test_cnxn_header_matches_the_spec_example() -> None:
    raw = encode(Message(A_CNXN, VERSION, MAX_DATA, b"x" * 107))
    assert (
        raw[:HEADER_SIZE].hex(" ")
        == "43 4e 58 4e 01 00 00 01 00 00 10 00 6b 00 00 00 00 00 00 00 bc b1 a7 b1"
    )


def test_round_trip_through_arbitrary_reads() -> None:
    messages = [
        Message(A_OPEN, 14, 0, b"shell:echo hi\0"),
        Message(A_OKAY, 2, 14),
        Message(A_WRTE, 2, 14, bytes(range(256)) * 10),
    ]
    stream = b"".join(encode(message) for message in messages)
    position = 0

    def read_exactly(size: int) -> bytes:
        nonlocal position
        chunk = stream[position : position + size]
        position += size
        return chunk

    assert [read_message(read_exactly) for _ in messages] == messages


def test_bad_magic_is_a_protocol_error() -> None:
    header = struct.pack("<6I", A_OKAY, 1, 2, 0, 0, 0x12345678)
    with pytest.raises(ProtocolError, match="magic"):
        decode_header(header)


def test_checksum_is_not_verified() -> None:
    header = struct.pack("<6I", A_WRTE, 1, 2, 3, 0xDEADBEEF, A_WRTE ^ 0xFFFFFFFF)
    assert decode_header(header) == (A_WRTE, 1, 2, 3)


def test_split_service_on_the_first_colon() -> None:
    assert split_service("shell,v2,TERM=xterm,raw:echo a:b") == (
        "shell",
        ["v2", "TERM=xterm", "raw"],
        "echo a:b",
    )
    assert split_service("sync:") == ("sync", [], "")
    assert split_service("tcp:9008") == ("tcp", [], "9008")


class Host:
    """The adb server's side of a socket pair."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        sock.settimeout(5)

    def send(self, command: int, arg0: int, arg1: int, data: bytes = b"") -> None:
        self.sock.sendall(encode(Message(command, arg0, arg1, data)))

    def receive(self) -> Message:
        def read_exactly(size: int) -> bytes:
            data = b""
            while len(data) < size:
                chunk = self.sock.recv(size - len(data))
                if not chunk:
                    raise EOFError
                data += chunk
            return data

        return read_message(read_exactly)


def _echo_service(pipe: Pipe) -> None:
    pipe.write(b"a" * 10)
    pipe.write(b"b" * 10)


def _reverse_service(pipe: Pipe) -> None:
    while data := pipe.read():
        pipe.write(data[::-1])


SERVICES: dict[str, Service] = {"echo:": _echo_service, "reverse:": _reverse_service}


@pytest.fixture
def host() -> Iterator[Host]:
    device_sock, host_sock = socket.socketpair()
    connection = Connection(device_sock, SERVICES.get, BANNER)
    thread = threading.Thread(target=connection.serve, daemon=True)
    thread.start()
    peer = Host(host_sock)
    peer.send(A_CNXN, VERSION, MAX_DATA, b"host::features=shell_v2")
    reply = peer.receive()
    assert (reply.command, reply.arg0, reply.arg1, reply.data) == (
        A_CNXN,
        VERSION,
        MAX_DATA,
        BANNER,
    )
    yield peer
    host_sock.close()
    thread.join(timeout=5)


def test_unknown_service_is_refused_and_the_transport_survives(host: Host) -> None:
    host.send(A_OPEN, 7, 0, b"reverse:tcpip:5555\0")
    assert host.receive() == Message(A_CLSE, 0, 7)
    host.send(A_OPEN, 8, 0, b"echo:\0")
    assert host.receive().command == A_OKAY


def test_stop_and_wait_then_close(host: Host) -> None:
    host.send(A_OPEN, 7, 0, b"echo:\0")
    okay = host.receive()
    assert (okay.command, okay.arg1) == (A_OKAY, 7)
    first = host.receive()
    assert first == Message(A_WRTE, okay.arg0, 7, b"a" * 10)
    host.sock.settimeout(0.2)
    with pytest.raises(TimeoutError):
        host.receive()  # no second WRTE before our OKAY
    host.sock.settimeout(5)
    host.send(A_OKAY, 7, okay.arg0)
    assert host.receive() == Message(A_WRTE, okay.arg0, 7, b"b" * 10)
    host.send(A_OKAY, 7, okay.arg0)
    assert host.receive() == Message(A_CLSE, okay.arg0, 7)


def test_host_data_is_acknowledged_and_delivered(host: Host) -> None:
    host.send(A_OPEN, 9, 0, b"reverse:\0")
    device_id = host.receive().arg0
    host.send(A_WRTE, 9, device_id, b"abc")
    replies = [host.receive(), host.receive()]
    assert Message(A_OKAY, device_id, 9) in replies
    assert Message(A_WRTE, device_id, 9, b"cba") in replies
    host.send(A_OKAY, 9, device_id)
    host.send(A_CLSE, 9, device_id)
    host.send(A_OPEN, 10, 0, b"echo:\0")  # still serving after the close
    assert host.receive().command == A_OKAY


def test_bad_magic_closes_the_connection(host: Host) -> None:
    host.sock.sendall(struct.pack("<6I", A_OPEN, 1, 0, 0, 0, 0))
    with pytest.raises((EOFError, ConnectionError)):
        host.receive()
