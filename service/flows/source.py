"""Reading a flow file: YAML with the line of every value, and `${VAR}` substitution.

PyYAML's node API (`yaml.compose_all`) keeps each node's position; values are rebuilt as
`Mapping`/`Sequence` (dict and list that remember their lines) and plain scalars, so the
parsers can name the line of any step or option. PyYAML's errors are translated here.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from collections.abc import Mapping as AbcMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml

from service.flows.errors import FlowError, FlowProblem

_T = TypeVar("_T")

__all__ = ["Mapping", "Sequence", "Source", "load_documents"]


class Mapping(dict[str, Any]):
    """A YAML mapping that knows its own line and the line of each key."""

    line: int
    lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)


class Sequence(list[Any]):
    """A YAML sequence that knows its own line and the line of each item."""

    line: int
    lines: list[int]


def load_documents(path: Path) -> list[Any]:
    """Every YAML document of the file, with lines; a file that is not YAML is a `FlowError`."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise FlowError(path, 0, f"cannot read the flow file: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise FlowError(path, 0, "the flow file is not UTF-8 text") from exc
    try:
        nodes = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 0
        raise FlowError(path, line, f"not valid YAML: {exc.problem or exc.context}") from exc
    except yaml.YAMLError as exc:
        raise FlowError(path, 0, f"not valid YAML: {exc}") from exc
    return [_value(node, path) for node in nodes if node is not None]


_CONSTRUCTOR = yaml.SafeLoader("")


def _value(node: yaml.Node, path: Path) -> Any:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        mapping = Mapping()
        mapping.line, mapping.lines = line, {}
        for key_node, value_node in node.value:
            key = _value(key_node, path)
            if not isinstance(key, str):
                raise FlowError(
                    path, key_node.start_mark.line + 1, f"a key must be text, got {key!r}"
                )
            mapping[key] = _value(value_node, path)
            mapping.lines[key] = key_node.start_mark.line + 1
        return mapping
    if isinstance(node, yaml.SequenceNode):
        sequence = Sequence(_value(item, path) for item in node.value)
        sequence.line = line
        sequence.lines = [item.start_mark.line + 1 for item in node.value]
        return sequence
    try:
        return _CONSTRUCTOR.construct_object(node, deep=True)
    except yaml.YAMLError as exc:
        raise FlowError(path, line, f"not a valid YAML value: {exc}") from exc


_VAR = re.compile(r"\$\{([^}]*)\}")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass
class Source:
    """One flow file being parsed: where it is, its variables, and the problems found so far."""

    path: Path
    env: dict[str, str] = field(default_factory=dict)
    problems: list[FlowProblem] = field(default_factory=list)
    process_env: AbcMapping[str, str] = field(default_factory=lambda: dict(os.environ))

    def problem(self, line: int, message: str) -> None:
        self.problems.append(FlowProblem(self.path, line, message))

    def error(self, line: int, message: str) -> FlowError:
        return FlowError(self.path, line, message)

    def text(self, value: Any, line: int, what: str) -> str:
        """A scalar as text with `${VAR}` filled in: the flow's env first, then the process's."""
        if isinstance(value, bool) or value is None or isinstance(value, (Mapping, Sequence)):
            raise self.error(line, f"expected text for {what}, got {_kind(value)}")
        return _VAR.sub(lambda match: self._variable(match.group(1).strip(), line), str(value))

    def _variable(self, name: str, line: int) -> str:
        if not _NAME.fullmatch(name):
            raise self.error(
                line, f"expected a variable name in ${{{name}}}; expressions are not supported"
            )
        if name in self.env:
            return self.env[name]
        if name in self.process_env:
            return self.process_env[name]
        raise self.error(
            line, f"undefined variable ${{{name}}}: define it under env: or in the environment"
        )

    def integer(self, value: Any, line: int, what: str, *, low: int = 0) -> int:
        """A whole number of at least `low` (text such as "3" after substitution is accepted)."""
        if isinstance(value, str):
            value = self.text(value, line, what)
            if value.strip().isdigit():
                value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise self.error(line, f"expected a whole number >= {low} for {what}, got {value!r}")
        return value

    def flag(self, value: Any, line: int, what: str) -> bool:
        if not isinstance(value, bool):
            raise self.error(line, f"expected true or false for {what}, got {value!r}")
        return value

    def mapping(self, value: Any, line: int, what: str) -> Mapping:
        if not isinstance(value, Mapping):
            raise self.error(line, f"expected a mapping for {what}, got {_kind(value)}")
        return value

    def sequence(self, value: Any, line: int, what: str) -> Sequence:
        if not isinstance(value, Sequence):
            raise self.error(line, f"expected a list for {what}, got {_kind(value)}")
        return value

    def each(self, raw: Any, line: int, what: str, parse: Callable[[Any, int], _T]) -> list[_T]:
        """`parse` of every item of the list `raw`, each item's problem recorded and the item
        skipped, so that one run names every problem of the file."""
        try:
            items = self.sequence(raw, line, what)
        except FlowError as exc:
            self.problems.extend(exc.problems)
            return []
        parsed: list[_T] = []
        for item, item_line in zip(items, items.lines, strict=True):
            try:
                parsed.append(parse(item, item_line))
            except FlowError as exc:
                self.problems.extend(exc.problems)
        return parsed

    def only_keys(self, mapping: Mapping, allowed: set[str], what: str) -> None:
        """Name every key that is not one of `allowed` as a problem."""
        for key in mapping:
            if key not in allowed:
                self.problem(
                    mapping.line_of(key),
                    f"unknown key {key!r} in {what}; expected one of {', '.join(sorted(allowed))}",
                )


def _kind(value: Any) -> str:
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, Sequence):
        return "a list"
    if value is None:
        return "nothing"
    return f"{type(value).__name__} {value!r}"
