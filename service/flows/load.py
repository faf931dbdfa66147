"""`load_flow`: read a flow file in either format, with its included flows, into a `Flow`.

The format is told by the content: Maestro's when the header has `appId` or the commands
are Maestro's; droidpilot's own when the document is a mapping with `app:` or `steps:`.
`run_flow`/`runFlow` paths resolve against the including file; a cycle is an error.
"""

from __future__ import annotations

from collections.abc import Mapping as AbcMapping
from pathlib import Path
from typing import Any

from service.flows.errors import FlowError
from service.flows.maestro import HEADER_KEYS, parse_maestro
from service.flows.model import Flow, RunFlow
from service.flows.own import OWN_KEYS, parse_own
from service.flows.source import Mapping, Sequence, Source, load_documents

__all__ = ["load_flow"]


def load_flow(path: Path | str, *, environ: AbcMapping[str, str] | None = None) -> Flow:
    """Parse a flow file and the flows it includes; raises one `FlowError` naming every problem.

    `environ` stands in for the process environment (for `${VAR}`), so callers and tests
    need not change `os.environ`.
    """
    import os

    return _Loader(dict(os.environ) if environ is None else dict(environ)).load(Path(path), (), {})


class _Loader:
    def __init__(self, environ: dict[str, str]) -> None:
        self.environ = environ

    def load(self, path: Path, stack: tuple[Path, ...], env: dict[str, str]) -> Flow:
        source = Source(path=path, env=dict(env), process_env=self.environ)
        documents = load_documents(path)

        def include(raw: str, line: int, passed: dict[str, str]) -> RunFlow:
            target = (path.parent / raw).resolve()
            chain = (*stack, path.resolve())
            if target in chain:
                names = " -> ".join(p.name for p in (*chain[chain.index(target) :], target))
                raise source.error(line, f"run_flow cycle: {names}")
            if not target.is_file():
                raise source.error(line, f"run_flow file not found: {raw} (looked for {target})")
            return RunFlow(line=line, path=target, flow=self.load(target, chain, passed))

        flow = self._parse(documents, source, include)
        if source.problems:
            raise FlowError.of(source.problems)
        return flow

    def _parse(self, documents: list[Any], source: Source, include: Any) -> Flow:
        if len(documents) == 2 and isinstance(documents[0], Mapping | type(None)):
            return parse_maestro(documents[0], documents[1], _line(documents[1]), source, include)
        if len(documents) == 1 and isinstance(documents[0], Sequence):
            return parse_maestro(None, documents[0], documents[0].line, source, include)
        if len(documents) == 1 and isinstance(documents[0], Mapping):
            doc = documents[0]
            if "appId" in doc or (set(doc) <= HEADER_KEYS and doc):
                raise source.error(
                    doc.line, "a Maestro header without commands: expected '---' and a command list"
                )
            if set(doc) & OWN_KEYS:
                return parse_own(doc, source, include)
        raise source.error(
            _line(documents[0]) if documents else 0,
            "expected a droidpilot flow (a mapping with app: and steps:) or a Maestro flow "
            "(a header with appId:, then ---, then a list of commands)",
        )


def _line(value: Any) -> int:
    return value.line if isinstance(value, Mapping | Sequence) else 1
