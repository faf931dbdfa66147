"""sync v1 over a byte stream cut anywhere, as the adb server's WRTEs may be."""

from __future__ import annotations

import os
import struct

import pytest

from device.virtual.files import FileSystem
from device.virtual.sync import SyncError, SyncSession


def request(ident: bytes, path: str) -> bytes:
    raw = path.encode()
    return ident + struct.pack("<I", len(raw)) + raw


def send(path: str, data: bytes, mode: int = 33261, mtime: int = 1_700_000_000) -> bytes:
    out = bytearray(request(b"SEND", f"{path},{mode}"))
    for start in range(0, len(data), 65536):
        chunk = data[start : start + 65536]
        out += b"DATA" + struct.pack("<I", len(chunk)) + chunk
    return bytes(out + b"DONE" + struct.pack("<I", mtime))


def feed_in_pieces(session: SyncSession, stream: bytes, size: int) -> bytes:
    replies = bytearray()
    for start in range(0, len(stream), size):
        for reply in session.feed(stream[start : start + size]):
            replies += reply
    return bytes(replies)


@pytest.mark.parametrize("piece", [1, 7, 65544, 1 << 20])
def test_send_then_recv_round_trip_whatever_the_chunking(piece: int) -> None:
    files = FileSystem()
    data = os.urandom(200_000)
    stream = (
        send("/sdcard/new/dir/x.bin", data)
        + request(b"STAT", "/sdcard/new/dir/x.bin")
        + request(b"RECV", "/sdcard/new/dir/x.bin")
        + request(b"QUIT", "")
    )
    session = SyncSession(files)
    replies = feed_in_pieces(session, stream, piece)
    assert session.finished
    assert replies[:8] == b"OKAY\0\0\0\0"
    mode, size, mtime = struct.unpack_from("<3I", replies, 12)
    assert replies[8:12] == b"STAT" and (mode, size, mtime) == (0o100755, len(data), 1_700_000_000)
    received, position = bytearray(), 24
    while replies[position : position + 4] == b"DATA":
        (length,) = struct.unpack_from("<I", replies, position + 4)
        received += replies[position + 8 : position + 8 + length]
        position += 8 + length
    assert replies[position:] == b"DONE\0\0\0\0"
    assert bytes(received) == data == files.read("/storage/emulated/0/new/dir/x.bin")


def test_stat_of_a_missing_path_is_all_zero() -> None:
    assert SyncSession(FileSystem()).feed(request(b"STAT", "/nope")) == [b"STAT" + bytes(12)]


def test_recv_of_a_missing_file_fails() -> None:
    reply = SyncSession(FileSystem()).feed(request(b"RECV", "/nope"))[0]
    assert reply == b"FAIL" + struct.pack("<I", 25) + b"No such file or directory"


def test_list_gives_dents_then_done() -> None:
    files = FileSystem()
    files.write("/data/local/tmp/a.txt", b"12345")
    reply = b"".join(SyncSession(files).feed(request(b"LIST", "/data/local/tmp")))
    names = []
    position = 0
    while reply[position : position + 4] == b"DENT":
        _mode, size, _mtime, length = struct.unpack_from("<4I", reply, position + 4)
        names.append((reply[position + 20 : position + 20 + length].decode(), size))
        position += 20 + length
    assert names[-1] == ("a.txt", 5) and {".", ".."} <= {name for name, _ in names}
    assert reply[position:] == b"DONE" + bytes(16)


def test_garbage_during_send_is_a_protocol_error() -> None:
    session = SyncSession(FileSystem())
    with pytest.raises(SyncError):
        session.feed(request(b"SEND", "/sdcard/x,33188") + b"JUNK\0\0\0\0")
