"""The mini sh: quoting, lists, `$?`, assignments, redirections, and Android's not-found error."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

import pytest

from device.virtual.commands import registry
from device.virtual.files import FileSystem
from device.virtual.shell import Shell
from device.virtual.shell_syntax import ShellSyntaxError, parse


@dataclass
class FakePhone:
    """Only what the file and text commands touch."""

    files: FileSystem = field(default_factory=FileSystem)
    props: dict[str, str] = field(default_factory=lambda: {"ro.product.model": "VirtualPhone"})


def run(line: str, phone: Any = None) -> tuple[str, str, int]:
    out, err = bytearray(), bytearray()
    shell = Shell(phone or FakePhone(), registry(), out=out.extend, err=err.extend)
    status = shell.run(line)
    return out.decode(), err.decode(), status


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("echo hello world", "hello world\n"),
        ("echo 'a b' 'c&d'", "a b c&d\n"),
        ('echo "x  y" \'$HOME\' "$USER"', "x  y $HOME shell\n"),
        (r"echo a\ b \"q\"", 'a b "q"\n'),
        ("echo -n abc", "abc"),
        ("echo ''", "\n"),
        ("echo a;echo b", "a\nb\n"),
        ("echo a # comment", "a\n"),
    ],
)
def test_quoting_and_lists(line: str, expected: str) -> None:
    assert run(line)[0] == expected


def test_exit_status_travels_through_dollar_question() -> None:
    assert run("false; echo X4EXIT:$?") == ("X4EXIT:1\n", "", 0)
    assert run("true; echo X4EXIT:$?")[0] == "X4EXIT:0\n"


def test_and_or_short_circuit() -> None:
    assert run("false && echo no || echo yes")[0] == "yes\n"
    assert run("true && echo yes || echo no")[0] == "yes\n"
    assert run("false && echo no")[2] == 1


def test_unknown_command_is_127_with_androids_message() -> None:
    out, err, _status = run("false_cmd_xyz arg; echo X4EXIT:$?")
    assert err == "/system/bin/sh: false_cmd_xyz: inaccessible or not found\n"
    assert out == "X4EXIT:127\n"
    assert run("nope")[2] == 127


def test_assignments_prefix_a_command_or_set_a_variable() -> None:
    assert run("FOO=bar env")[0].count("FOO=bar") == 1
    assert run("FOO=bar; echo $FOO ${FOO}x")[0] == "bar barx\n"
    assert run("FOO=bar true; echo [$FOO]")[0] == "[]\n"


def test_redirections_to_files_and_dev_null() -> None:
    phone = FakePhone()
    assert (
        run("echo hi > /data/local/tmp/a.txt; echo more >>/sdcard/../sdcard/b.txt", phone)[0] == ""
    )
    assert phone.files.read("/data/local/tmp/a.txt") == b"hi\n"
    assert phone.files.read("/storage/emulated/0/b.txt") == b"more\n"
    assert run("cat /nope 2>/dev/null; echo $?")[0] == "1\n"
    out, err, _ = run("cat /nope 2>&1")
    assert (out, err) == ("cat: /nope: No such file or directory\n", "")
    assert run("cat </dev/null")[0] == ""
    _out, err, status = run("echo x > /no/such/dir/f")
    assert status == 1 and "can't create /no/such/dir/f" in err


def test_pipes_feed_stdout_to_stdin() -> None:
    assert run("echo abc | cat")[0] == "abc\n"
    digest = hashlib.md5(b"abc\n").hexdigest()
    assert run("echo abc | md5sum")[0] == f"{digest}  -\n"


def test_files_commands_and_toybox() -> None:
    phone = FakePhone()
    phone.files.write("/data/local/tmp/u2.jar", b"jar-bytes")
    digest = hashlib.md5(b"jar-bytes").hexdigest()
    assert (
        run("toybox md5sum /data/local/tmp/u2.jar", phone)[0]
        == f"{digest}  /data/local/tmp/u2.jar\n"
    )
    assert run("md5 /data/local/tmp/u2.jar", phone)[0].startswith(digest)
    assert run(
        "mkdir -p /sdcard/a/b && ls /sdcard/a && rm -r /sdcard/a && ls /sdcard/a", phone
    ) == ("b\n", "ls: /sdcard/a: No such file or directory\n", 1)
    assert run("rm -f /nothing; echo $?")[0] == "0\n"
    assert "u2.jar" in run("ls -l /data/local/tmp", phone)[0]


def test_exit_and_sh_c() -> None:
    assert run("exit 3; echo never") == ("", "", 3)
    assert run("sh -c 'echo inner; exit 4'; echo $?")[0] == "inner\n4\n"


def test_getprop_with_and_without_a_name() -> None:
    assert run("getprop ro.product.model")[0] == "VirtualPhone\n"
    assert run("getprop ro.missing")[0] == "\n"
    assert run("getprop")[0] == "[ro.product.model]: [VirtualPhone]\n"


@pytest.mark.parametrize("line", ["echo 'open", 'echo "open', "&& echo", "echo a |", "echo >"])
def test_syntax_errors(line: str) -> None:
    with pytest.raises(ShellSyntaxError):
        parse(line)
    _out, err, status = run(line)
    assert err.startswith("/system/bin/sh: ") and status != 0
