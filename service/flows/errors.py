"""`FlowError`: every problem of a flow file, each with the file and line it is on.

The tree::

    FlowError     one or more problems in a flow file (or a file it includes)

A flow is parsed whole before anything runs, and the parser keeps going after a problem so
that one run names them all (every unsupported Maestro command, not just the first).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

__all__ = ["FlowError", "FlowProblem"]


@dataclass(frozen=True)
class FlowProblem:
    """One problem: where it is and what was expected there."""

    path: Path
    line: int
    """1-based; 0 when the problem is about the file as a whole."""
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class FlowError(ValueError):
    """A flow file that cannot be run as written; `str()` gives one line per problem."""

    def __init__(self, path: Path | str, line: int, message: str) -> None:
        self.problems: tuple[FlowProblem, ...] = (FlowProblem(Path(path), line, message),)
        super().__init__(str(self.problems[0]))

    @property
    def path(self) -> Path:
        return self.problems[0].path

    @property
    def line(self) -> int:
        return self.problems[0].line

    @property
    def message(self) -> str:
        return self.problems[0].message

    @classmethod
    def of(cls, problems: Iterable[FlowProblem]) -> FlowError:
        """One error carrying several problems, in the order found."""
        found = tuple(problems)
        if not found:
            raise ValueError("FlowError.of needs at least one problem")
        error = cls(found[0].path, found[0].line, found[0].message)
        error.problems = found
        error.args = ("\n".join(str(problem) for problem in found),)
        return error

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)
