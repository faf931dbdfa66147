"""File commands over the virtual filesystem: ls, cat, rm, mkdir, touch, md5sum, md5, chmod."""

from __future__ import annotations

import hashlib
import stat
import time

from device.virtual.commands.context import Command, Context
from device.virtual.files import Entry, FileSystem, normalize


def _split_flags(args: list[str]) -> tuple[set[str], list[str]]:
    """Single-letter flags (`-rf` -> {r, f}) and the operands, as toybox parses them."""
    flags: set[str] = set()
    operands: list[str] = []
    for arg in args:
        if arg.startswith("-") and len(arg) > 1 and not operands:
            flags.update(arg[1:])
        else:
            operands.append(arg)
    return flags, operands


def _files(ctx: Context) -> FileSystem:
    return ctx.phone.files


def _why(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _long_line(name: str, entry: Entry) -> str:
    when = time.strftime("%Y-%m-%d %H:%M", time.gmtime(entry.mtime))
    return f"{stat.filemode(entry.mode)} 1 shell shell {entry.size} {when} {name}"


def ls(ctx: Context) -> int:
    flags, operands = _split_flags(ctx.args)
    status = 0
    targets = operands or ["."]
    for target in targets:
        path = normalize(target, ctx.cwd)
        entry = _files(ctx).stat(path)
        if entry is None:
            status = ctx.fail(f"ls: {target}: No such file or directory")
            continue
        if len(targets) > 1 and entry.is_dir:
            ctx.say(f"{target}:")
        rows = [(target, entry)] if not entry.is_dir or "d" in flags else _files(ctx).listdir(path)
        if entry.is_dir and "a" in flags and "d" not in flags:
            rows = [(".", entry), ("..", entry), *rows]
        for name, child in rows:
            if entry.is_dir and name.startswith(".") and not flags & {"a", "d"}:
                continue
            ctx.say(_long_line(name, child) if "l" in flags else name)
    return status


def cat(ctx: Context) -> int:
    _flags, operands = _split_flags(ctx.args)
    if not operands:
        ctx.out(ctx.stdin)
        return 0
    status = 0
    for target in operands:
        try:
            ctx.out(_files(ctx).read(normalize(target, ctx.cwd)))
        except OSError as exc:
            status = ctx.fail(f"cat: {target}: {_why(exc)}")
    return status


def rm(ctx: Context) -> int:
    flags, operands = _split_flags(ctx.args)
    if not operands and "f" not in flags:
        return ctx.fail("rm: Need 1 argument")
    status = 0
    for target in operands:
        try:
            _files(ctx).remove(normalize(target, ctx.cwd), recursive=bool(flags & {"r", "R"}))
        except FileNotFoundError:
            if "f" not in flags:
                status = ctx.fail(f"rm: {target}: No such file or directory")
        except OSError as exc:
            status = ctx.fail(f"rm: {target}: {_why(exc)}")
    return status


def mkdir(ctx: Context) -> int:
    flags, operands = _split_flags(ctx.args)
    if not operands:
        return ctx.fail("mkdir: Needs 1 argument")
    status = 0
    for target in operands:
        try:
            _files(ctx).mkdir(normalize(target, ctx.cwd), parents="p" in flags)
        except OSError as exc:
            status = ctx.fail(f"mkdir: '{target}': {_why(exc)}")
    return status


def touch(ctx: Context) -> int:
    _flags, operands = _split_flags(ctx.args)
    status = 0
    for target in operands:
        path = normalize(target, ctx.cwd)
        try:
            existing = _files(ctx).stat(path)
            data = b"" if existing is None or existing.data is None else existing.data
            if existing is None or not existing.is_dir:
                _files(ctx).write(path, data)
        except OSError as exc:
            status = ctx.fail(f"touch: '{target}': {_why(exc)}")
    return status


def md5sum(ctx: Context) -> int:
    _flags, operands = _split_flags(ctx.args)
    if not operands:
        ctx.say(f"{hashlib.md5(ctx.stdin).hexdigest()}  -")
        return 0
    status = 0
    for target in operands:
        try:
            digest = hashlib.md5(_files(ctx).read(normalize(target, ctx.cwd))).hexdigest()
        except OSError as exc:
            status = ctx.fail(f"md5sum: {target}: {_why(exc)}")
            continue
        ctx.say(f"{digest}  {target}")
    return status


def chmod(ctx: Context) -> int:
    _flags, operands = _split_flags(ctx.args)
    if len(operands) < 2:
        return ctx.fail("chmod: Need 2 arguments")
    status = 0
    for target in operands[1:]:
        entry = _files(ctx).stat(normalize(target, ctx.cwd))
        if entry is None:
            status = ctx.fail(f"chmod: {target}: No such file or directory")
        elif operands[0].isdigit():
            entry.mode = stat.S_IFMT(entry.mode) | int(operands[0], 8)
    return status


COMMANDS: dict[str, Command] = {
    "ls": ls,
    "cat": cat,
    "rm": rm,
    "mkdir": mkdir,
    "touch": touch,
    "md5sum": md5sum,
    "md5": md5sum,
    "chmod": chmod,
}
