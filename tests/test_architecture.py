"""ARCHITECTURE.md's import table, checked on the source text so a broken import cannot hide it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import aci

ROOT = Path(__file__).resolve().parent.parent
PROJECT = frozenset({"aci", "lexicon", "device", "grounding", "planning", "service"})
ALLOWED: dict[str, frozenset[str]] = {
    "aci": frozenset(),
    "lexicon": frozenset({"aci"}),
    "device": frozenset({"aci"}),
    "grounding": frozenset({"aci", "lexicon"}),
    "planning": frozenset({"aci", "lexicon"}),
    "service": PROJECT,
}


def _imported_packages(path: Path) -> list[tuple[int, str]]:
    """(line, top-level name) of every absolute import in the file, nested ones included."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name.split(".")[0]) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module.split(".")[0]))
    return found


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_package_imports_only_what_the_architecture_allows(package: str) -> None:
    allowed = ALLOWED[package] | {package}
    offences = [
        f"{path.relative_to(ROOT)}:{line}: imports {name}"
        for path in sorted((ROOT / package).rglob("*.py"))
        for line, name in _imported_packages(path)
        if name in PROJECT and name not in allowed
    ]
    assert not offences, f"{package} may import only {sorted(allowed)}:\n" + "\n".join(offences)


def test_aci_public_names_are_pinned() -> None:
    assert len(set(aci.__all__)) == len(aci.__all__)
    assert set(aci.__all__) == {
        "ACTION_ADAPTER",
        "COMMAND_ADAPTER",
        "AciError",
        "Action",
        "ActionSyntaxError",
        "Assert",
        "ClearText",
        "ClearTextCommand",
        "Command",
        "Condition",
        "Direction",
        "Done",
        "Element",
        "Fail",
        "Key",
        "KeyCommand",
        "LongPress",
        "LongPressCommand",
        "OpenApp",
        "Point",
        "PressKey",
        "RawObservation",
        "Role",
        "Screen",
        "Scroll",
        "SetSlider",
        "Source",
        "StartAppCommand",
        "Swipe",
        "SwipeCommand",
        "Tap",
        "TapCommand",
        "TypeText",
        "TypeTextCommand",
        "Wait",
        "WaitCommand",
        "format_action",
        "parse_action",
    }
    assert all(hasattr(aci, name) for name in aci.__all__)


def test_only_the_cluster_package_imports_ray() -> None:
    """A plain install (no `cluster` extra) must run everything else without Ray."""
    offences = [
        f"{path.relative_to(ROOT)}:{line}"
        for package in sorted(PROJECT)
        for path in sorted((ROOT / package).rglob("*.py"))
        if "cluster" not in path.relative_to(ROOT).parts
        for line, name in _imported_packages(path)
        if name == "ray"
    ]
    assert not offences, "only service/cluster may import ray:\n" + "\n".join(offences)


def test_the_service_and_cli_load_without_ray() -> None:
    probe = (
        "import sys\n"
        "import service.app, service.cli, service.runtime\n"
        "assert 'ray' not in sys.modules, 'ray was imported'\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
