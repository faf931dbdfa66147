"""The mini `/system/bin/sh` that runs every `shell:` and `exec:` command line.

It runs parsed scripts (see `shell_syntax`) command by command: `;`, `&&`,
`||`, pipes (buffered, one stage after the other), `VAR=value` prefixes,
`$VAR`/`$?` expansion at run time, and the redirections clients send. Unknown
commands fail as on Android (`inaccessible or not found`, status 127) so that
the `X4EXIT:$?` trailer of adbutils reports the right code.
"""

from __future__ import annotations

import logging
import posixpath
import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING

from device.virtual.commands.context import Command, Context, Flush, Sink
from device.virtual.files import normalize
from device.virtual.pipe import PipeClosed
from device.virtual.shell_syntax import (
    Part,
    Pipeline,
    Redirect,
    ShellSyntaxError,
    Simple,
    Word,
    parse,
)

if TYPE_CHECKING:
    from device.virtual.files import FileSystem
    from device.virtual.phone import VirtualPhone

logger = logging.getLogger(__name__)

SH = "/system/bin/sh"
_BIN_DIRS = ("/system/bin", "/system/xbin", "/vendor/bin", "/bin", "/sbin")
_SHELL_PID = "4242"
DEFAULT_ENV = {
    "PATH": "/product/bin:/apex/com.android.runtime/bin:/system/bin:/system/xbin:/vendor/bin",
    "HOME": "/",
    "USER": "shell",
    "SHELL": SH,
    "TMPDIR": "/data/local/tmp",
    "ANDROID_DATA": "/data",
    "ANDROID_ROOT": "/system",
    "EXTERNAL_STORAGE": "/sdcard",
    "HOSTNAME": "localhost",
}


class _Exit(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


def _discard(_data: bytes) -> None:
    """The sink of /dev/null."""


def _nothing() -> None:
    """The flush of unbuffered output."""


class Shell:
    """One shell process: its variables, last status and the commands it can run."""

    def __init__(
        self,
        phone: VirtualPhone,
        commands: Mapping[str, Command],
        *,
        out: Sink,
        err: Sink,
        hangup: threading.Event | None = None,
        flush: Flush = _nothing,
    ) -> None:
        self.phone = phone
        self.flush = flush
        self.commands = commands
        self.out = out
        self.err = err
        self.hangup = hangup or threading.Event()
        self.variables = dict(DEFAULT_ENV)
        self.status = 0
        self.cwd = "/"

    def run(self, line: str) -> int:
        """Run a command line; returns the exit status of the last command run."""
        try:
            script = parse(line)
        except ShellSyntaxError as exc:
            self.err(f"{SH}: {exc}\n".encode())
            self.status = 1 if "quote" in str(exc) else 2
            return self.status
        try:
            for connector, pipeline in script:
                if self.hangup.is_set():
                    break
                if (connector == "&&" and self.status != 0) or (
                    connector == "||" and self.status == 0
                ):
                    continue
                self.status = self._pipeline(pipeline)
                self.flush()
        except _Exit as exc:
            self.status = exc.status
        return self.status

    def _pipeline(self, pipeline: Pipeline) -> int:
        stdin = b""
        status = 0
        for position, simple in enumerate(pipeline):
            if position == len(pipeline) - 1:
                status = self._simple(simple, stdin, self.out)
            else:
                captured = bytearray()
                status = self._simple(simple, stdin, captured.extend)
                stdin = bytes(captured)
        return status

    def _simple(self, simple: Simple, stdin: bytes, out: Sink) -> int:
        assignments: dict[str, str] = {}
        argv: list[str] = []
        for word in simple.words:
            assignment = word.assignment() if not argv else None
            if assignment is not None:
                name, parts = assignment
                assignments[name] = self._expand_parts(parts)
            else:
                argv.extend(self._expand(word))
        err = self.err
        files: list[tuple[str, bytearray]] = []
        for redirect in simple.redirects:
            target = "".join(self._expand(redirect.target))
            try:
                stdin, out, err = self._redirect(redirect, target, stdin, out, err, files)
            except OSError as exc:
                self.err(
                    f"{SH}: can't {'open' if redirect.op == '<' else 'create'} "
                    f"{target}: {exc.strerror}\n".encode()
                )
                return 1
        if not argv:
            self.variables.update(assignments)
            return 0
        status = self._call(argv, {**self.variables, **assignments}, stdin, out, err)
        for path, data in files:
            self._files().write(path, bytes(data), append=True)
        return status & 0xFF

    def _redirect(
        self,
        redirect: Redirect,
        target: str,
        stdin: bytes,
        out: Sink,
        err: Sink,
        files: list[tuple[str, bytearray]],
    ) -> tuple[bytes, Sink, Sink]:
        sink: Sink
        if redirect.op == ">&":
            sink = {"1": out, "2": err}.get(target, _discard)
        elif redirect.op == "<":
            return (
                b"" if target == "/dev/null" else self._files().read(self._path(target)),
                out,
                err,
            )
        elif target == "/dev/null":
            sink = _discard
        else:
            path = self._path(target)
            # Like sh, create (or truncate) the file before the command runs.
            self._files().write(path, b"", append=redirect.op == ">>")
            buffer = bytearray()
            files.append((path, buffer))
            sink = buffer.extend
        if redirect.fd == 1:
            return stdin, sink, err
        if redirect.fd == 2:
            return stdin, out, sink
        return stdin, out, err

    def _call(
        self, argv: list[str], env: dict[str, str], stdin: bytes, out: Sink, err: Sink
    ) -> int:
        name = argv[0]
        if name == "exit":
            raise _Exit(int(argv[1]) & 0xFF if len(argv) > 1 and argv[1].isdigit() else self.status)
        builtin = {
            "cd": self._cd,
            "export": self._export,
            "unset": self._unset,
            "sh": self._sh,
        }.get(name)
        if builtin is not None:
            return builtin(argv, out, err)
        command = self.commands.get(self._command_name(name))
        if command is None:
            err(f"{SH}: {name}: inaccessible or not found\n".encode())
            return 127
        context = Context(
            self.phone,
            list(argv),
            env,
            out,
            err,
            stdin=stdin,
            hangup=self.hangup,
            cwd=self.cwd,
            flush=self.flush,
        )
        try:
            return command(context)
        except PipeClosed:
            raise
        except Exception as exc:  # a command bug must read like a failing command
            logger.debug("command %r failed", argv, exc_info=True)
            err(f"{name}: {exc}\n".encode())
            return 1

    def _command_name(self, name: str) -> str:
        directory, base = posixpath.split(name)
        return base if directory in _BIN_DIRS else name

    def _cd(self, argv: list[str], _out: Sink, err: Sink) -> int:
        target = self._path(argv[1] if len(argv) > 1 else "/")
        if not self._files().is_dir(target):
            err(f"{SH}: cd: {target}: No such file or directory\n".encode())
            return 2
        self.cwd = target
        return 0

    def _export(self, argv: list[str], _out: Sink, _err: Sink) -> int:
        for item in argv[1:]:
            name, sep, value = item.partition("=")
            if sep:
                self.variables[name] = value
        return 0

    def _unset(self, argv: list[str], _out: Sink, _err: Sink) -> int:
        for name in argv[1:]:
            self.variables.pop(name, None)
        return 0

    def _sh(self, argv: list[str], out: Sink, err: Sink) -> int:
        if len(argv) >= 3 and argv[1] == "-c":
            child = Shell(
                self.phone, self.commands, out=out, err=err, hangup=self.hangup, flush=self.flush
            )
            child.variables = dict(self.variables)
            child.cwd = self.cwd
            return child.run(argv[2])
        err(f"{SH}: only 'sh -c <command>' is supported\n".encode())
        return 2

    def _expand(self, word: Word) -> list[str]:
        """The word's text; an unquoted variable that expands to nothing drops the word."""
        value = self._expand_parts(word.parts)
        if not value and all(part.var and not part.quoted for part in word.parts):
            return []
        return [value]

    def _expand_parts(self, parts: list[Part]) -> str:
        return "".join(self._variable(part.text) if part.var else part.text for part in parts)

    def _variable(self, name: str) -> str:
        special = {"?": str(self.status), "$": _SHELL_PID, "#": "0", "!": "", "0": SH}
        return special.get(name, self.variables.get(name, ""))

    def _path(self, path: str) -> str:
        return normalize(path, self.cwd)

    def _files(self) -> FileSystem:
        return self.phone.files
