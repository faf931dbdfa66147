"""The virtual phone's filesystem, shared by shell commands and `sync:`.

A flat map from normalised absolute paths to entries keeps every operation a
dictionary look-up. `/sdcard` is an alias of `/storage/emulated/0`, as on a
phone, so a file pushed to one is seen under the other. Errors are the
built-in `OSError` subclasses so that callers print them the way toybox does.
"""

from __future__ import annotations

import errno
import posixpath
import stat
import threading
import time
from dataclasses import dataclass

DIR_MODE = stat.S_IFDIR | 0o771
FILE_MODE = stat.S_IFREG | 0o644

_ALIASES = {"/sdcard": "/storage/emulated/0", "/storage/self/primary": "/storage/emulated/0"}
_INITIAL_DIRS = (
    "/data/local/tmp",
    "/data/app",
    "/storage/emulated/0/Download",
    "/storage/emulated/0/Pictures",
    "/storage/emulated/0/DCIM",
    "/system/bin",
    "/system/app",
    "/system/etc",
    "/vendor",
    "/proc",
    "/dev",
    "/sys",
    "/cache",
    "/mnt",
    "/etc",
)


@dataclass
class Entry:
    """A file (`data` set) or a directory (`data` None)."""

    mode: int
    mtime: int
    data: bytes | None = None

    @property
    def is_dir(self) -> bool:
        return self.data is None

    @property
    def size(self) -> int:
        return 4096 if self.data is None else len(self.data)


def normalize(path: str, cwd: str = "/") -> str:
    """Absolute, `..`-free path with aliases such as `/sdcard` resolved."""
    full = posixpath.normpath(posixpath.join(cwd, path)) if path else cwd
    full = "/" + full.lstrip("/")
    for alias, target in _ALIASES.items():
        if full == alias or full.startswith(alias + "/"):
            return target + full[len(alias) :]
    return full


_ERRNOS = {
    FileNotFoundError: errno.ENOENT,
    IsADirectoryError: errno.EISDIR,
    NotADirectoryError: errno.ENOTDIR,
    FileExistsError: errno.EEXIST,
    PermissionError: errno.EACCES,
}


def _error(kind: type[OSError], path: str, reason: str) -> OSError:
    """`kind` with errno, strerror (what toybox prints) and filename set."""
    return kind(_ERRNOS[kind], reason, path)


class FileSystem:
    """In-memory files as bytes with a mode and a modification time (seconds)."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        now = int(time.time())
        self._entries: dict[str, Entry] = {"/": Entry(DIR_MODE, now)}
        for path in _INITIAL_DIRS:
            self.mkdir(path, parents=True)
        self.write("/system/bin/sh", b"\x7fELF", mode=stat.S_IFREG | 0o755)

    def stat(self, path: str) -> Entry | None:
        """The entry at `path`, or None when there is none."""
        with self._lock:
            return self._entries.get(normalize(path))

    def exists(self, path: str) -> bool:
        return self.stat(path) is not None

    def is_dir(self, path: str) -> bool:
        entry = self.stat(path)
        return entry is not None and entry.is_dir

    def read(self, path: str) -> bytes:
        with self._lock:
            entry = self._entries.get(normalize(path))
            if entry is None:
                raise _error(FileNotFoundError, path, "No such file or directory")
            if entry.data is None:
                raise _error(IsADirectoryError, path, "Is a directory")
            return entry.data

    def write(
        self,
        path: str,
        data: bytes,
        *,
        mode: int | None = None,
        mtime: int | None = None,
        parents: bool = False,
        append: bool = False,
    ) -> None:
        """Create or replace a file; `parents` creates missing folders (`fixed_push_mkdir`)."""
        full = normalize(path)
        with self._lock:
            parent = posixpath.dirname(full)
            if parents:
                self.mkdir(parent, parents=True)
            self._require_dir(parent, path)
            old = self._entries.get(full)
            if old is not None and old.data is None:
                raise _error(IsADirectoryError, path, "Is a directory")
            if append and old is not None and old.data is not None:
                data = old.data + data
            file_mode = stat.S_IFREG | (stat.S_IMODE(mode) if mode is not None else 0o644)
            if mode is None and old is not None:
                file_mode = old.mode
            self._entries[full] = Entry(
                file_mode, int(time.time()) if mtime is None else mtime, bytes(data)
            )

    def mkdir(self, path: str, *, parents: bool = False) -> None:
        full = normalize(path)
        with self._lock:
            existing = self._entries.get(full)
            if existing is not None:
                if parents and existing.is_dir:
                    return
                raise _error(FileExistsError, path, "File exists")
            parent = posixpath.dirname(full)
            if parents and parent != full:
                self.mkdir(parent, parents=True)
            self._require_dir(parent, path)
            self._entries[full] = Entry(DIR_MODE, int(time.time()))

    def listdir(self, path: str) -> list[tuple[str, Entry]]:
        """Direct children of a directory, sorted by name."""
        full = normalize(path)
        with self._lock:
            self._require_dir(full, path)
            prefix = full.rstrip("/") + "/"
            children = [
                (name[len(prefix) :], entry)
                for name, entry in self._entries.items()
                if name.startswith(prefix) and name != full and "/" not in name[len(prefix) :]
            ]
            return sorted(children, key=lambda child: child[0])

    def remove(self, path: str, *, recursive: bool = False) -> None:
        full = normalize(path)
        with self._lock:
            entry = self._entries.get(full)
            if entry is None:
                raise _error(FileNotFoundError, path, "No such file or directory")
            if entry.is_dir:
                if not recursive:
                    raise _error(IsADirectoryError, path, "Is a directory")
                if full == "/":
                    raise _error(PermissionError, path, "Permission denied")
                prefix = full + "/"
                for name in [name for name in self._entries if name.startswith(prefix)]:
                    del self._entries[name]
            del self._entries[full]

    def _require_dir(self, full: str, shown: str) -> None:
        entry = self._entries.get(full)
        if entry is None:
            raise _error(FileNotFoundError, shown, "No such file or directory")
        if not entry.is_dir:
            raise _error(NotADirectoryError, shown, "Not a directory")
