"""Tokens and grammar of the mini `sh`: the subset adb clients actually send.

Clients never send argv: adbutils joins `shlex.quote`d words and appends
`; echo X4EXIT:$?`, and the adb CLI adds `</dev/null`. Variables are kept as
parts of a word and expanded only when the command runs, because `$?` must see
the status of the command before it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

OPERATORS = ("&&", "||", ";", "|", "&", "\n")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SPECIAL_VARS = "?$#!0"


class ShellSyntaxError(ValueError):
    """The line cannot be parsed; the message is what mksh would print after `sh: `."""


@dataclass
class Part:
    """A literal run of characters, or a variable reference (`var` True: text is the name)."""

    text: str
    quoted: bool = False
    var: bool = False


@dataclass
class Word:
    parts: list[Part] = field(default_factory=list)

    def assignment(self) -> tuple[str, list[Part]] | None:
        """(name, value parts) when the word is `NAME=value` with an unquoted `NAME=`."""
        if not self.parts or self.parts[0].quoted or self.parts[0].var:
            return None
        first = self.parts[0].text
        match = _NAME.match(first)
        if not match or first[match.end() : match.end() + 1] != "=":
            return None
        rest = first[match.end() + 1 :]
        return match.group(), ([Part(rest)] if rest else []) + self.parts[1:]


@dataclass
class Redirect:
    """`fd op target`: op is `>`, `>>`, `<` or `>&` (target an fd number such as `1`)."""

    fd: int
    op: str
    target: Word


@dataclass
class Simple:
    """One simple command: words (assignments first) and its redirections."""

    words: list[Word] = field(default_factory=list)
    redirects: list[Redirect] = field(default_factory=list)


Pipeline = list[Simple]
Script = list[tuple[str, Pipeline]]
"""(connector, pipeline) pairs; the connector of the first pipeline is `;`."""


class _Lexer:
    def __init__(self, line: str) -> None:
        self.line = line
        self.pos = 0
        self.tokens: list[Word | Redirect | str] = []

    def peek(self, offset: int = 0) -> str:
        index = self.pos + offset
        return self.line[index] if index < len(self.line) else ""

    def run(self) -> list[Word | Redirect | str]:
        while self.pos < len(self.line):
            char = self.peek()
            if char in " \t":
                self.pos += 1
            elif char == "#":
                while self.pos < len(self.line) and self.peek() != "\n":
                    self.pos += 1
            elif char in "<>" or (char.isdigit() and self.peek(1) in ("<", ">")):
                self.tokens.append(self.redirect())
            elif any(self.line.startswith(op, self.pos) for op in OPERATORS):
                op = next(op for op in OPERATORS if self.line.startswith(op, self.pos))
                self.tokens.append(op)
                self.pos += len(op)
            else:
                self.tokens.append(self.word())
        return self.tokens

    def redirect(self) -> Redirect:
        fd_text = ""
        if self.peek().isdigit():
            fd_text = self.peek()
            self.pos += 1
        if self.line.startswith(">>", self.pos):
            op = ">>"
        elif self.line.startswith(">&", self.pos) or self.line.startswith("<&", self.pos):
            op = ">&"
        else:
            op = self.peek()
        self.pos += len(op)
        while self.peek() in (" ", "\t"):
            self.pos += 1
        if not self.peek() or self.peek() in "\n;&|<>":
            raise ShellSyntaxError(f"syntax error: {self.peek() or 'newline'!r} unexpected")
        fd = int(fd_text) if fd_text else (0 if op == "<" else 1)
        return Redirect(fd, op, self.word())

    def word(self) -> Word:
        word = Word()
        literal: list[str] = []

        def flush() -> None:
            if literal:
                word.parts.append(Part("".join(literal)))
                literal.clear()

        while self.pos < len(self.line):
            char = self.peek()
            if char in " \t\n;&|<>":
                break
            if char == "'":
                flush()
                end = self.line.find("'", self.pos + 1)
                if end < 0:
                    raise ShellSyntaxError("no closing quote")
                word.parts.append(Part(self.line[self.pos + 1 : end], quoted=True))
                self.pos = end + 1
            elif char == '"':
                flush()
                self.pos += 1
                self.double_quoted(word)
            elif char == "\\":
                if self.peek(1) == "\n":
                    self.pos += 2
                    continue
                literal.append(self.peek(1))
                self.pos += 2
            elif char == "$" and self.variable(word, quoted=False, before=flush):
                continue
            else:
                literal.append(char)
                self.pos += 1
        flush()
        if not word.parts:
            word.parts.append(Part("", quoted=True))
        return word

    def double_quoted(self, word: Word) -> None:
        literal: list[str] = []

        def flush() -> None:
            if literal:
                word.parts.append(Part("".join(literal), quoted=True))
                literal.clear()

        while True:
            if self.pos >= len(self.line):
                raise ShellSyntaxError("no closing quote")
            char = self.peek()
            if char == '"':
                self.pos += 1
                flush()
                if not word.parts:
                    word.parts.append(Part("", quoted=True))
                return
            if char == "\\" and self.peek(1) in '$`"\\\n':
                literal.append(self.peek(1) if self.peek(1) != "\n" else "")
                self.pos += 2
            elif char == "$" and self.variable(word, quoted=True, before=flush):
                continue
            else:
                literal.append(char)
                self.pos += 1

    def variable(self, word: Word, *, quoted: bool, before: Callable[[], None]) -> bool:
        """Consume `$NAME`, `${NAME}` or `$?`; False when `$` is a plain character."""
        rest = self.line[self.pos + 1 :]
        if rest[:1] == "{":
            end = rest.find("}")
            if end < 0:
                raise ShellSyntaxError("${: bad substitution")
            name, length = rest[1:end], end + 1
        elif rest[:1] and rest[0] in _SPECIAL_VARS:
            name, length = rest[0], 1
        elif match := _NAME.match(rest):
            name, length = match.group(), match.end()
        else:
            return False
        before()
        word.parts.append(Part(name, quoted=quoted, var=True))
        self.pos += 1 + length
        return True


def tokenize(line: str) -> list[Word | Redirect | str]:
    """Words, redirections and operators (`;`, `&&`, `||`, `|`, `&`, newline)."""
    return _Lexer(line).run()


def parse(line: str) -> Script:
    """The command list of one line; ShellSyntaxError when it is malformed."""
    script: Script = []
    connector = ";"
    pipeline: Pipeline = []
    simple = Simple()
    for token in tokenize(line):
        if isinstance(token, Word):
            simple.words.append(token)
        elif isinstance(token, Redirect):
            simple.redirects.append(token)
        elif token == "|":
            if not simple.words and not simple.redirects:
                raise ShellSyntaxError("syntax error: '|' unexpected")
            pipeline.append(simple)
            simple = Simple()
        else:
            if not simple.words and not simple.redirects:
                if pipeline or token in ("&&", "||"):
                    raise ShellSyntaxError(f"syntax error: {token!r} unexpected")
                continue
            pipeline.append(simple)
            script.append((connector, pipeline))
            connector = token if token in ("&&", "||") else ";"
            pipeline, simple = [], Simple()
    if simple.words or simple.redirects:
        pipeline.append(simple)
    elif pipeline or connector != ";":
        raise ShellSyntaxError("syntax error: unexpected end of line")
    if pipeline:
        script.append((connector, pipeline))
    return script
