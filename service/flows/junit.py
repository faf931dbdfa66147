"""JUnit XML of flow results, shaped as Maestro's `--format junit` writes it, so CI systems
that read Maestro's reports read droidpilot's unchanged.

`<testsuites>` totals all (`tests`, `failures`, `errors`, `time`); one `<testsuite>` per
device (`name`, `device`, `tests`, `failures`, `errors`, `time`), one `<testcase>` per flow
run (`id`, `name`, `classname`, `file`, `time`, `status` SUCCESS or ERROR); a failed flow
holds `<failure message="...">` naming the step, its line and why. Times are in seconds.

`errors` is always 0: a flow that fails is a failure, droidpilot has no separate error
kind; the JUnit schema CI tools check (Jenkins xUnit's junit-10.xsd) requires it. Maestro's
own attributes (`device`, `id`, `file`, `status`) are outside that schema and kept: JUnit
readers ignore attributes they do not know.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

from service.flows.execute import FlowResult

__all__ = ["junit_xml", "write_junit"]

SUITE_NAME = "Test Suite"
"""Maestro's testsuite name when none is given."""


def junit_xml(results: Sequence[FlowResult], *, suite_name: str = SUITE_NAME) -> str:
    """The results as a JUnit XML document, devices in the order they first appear."""
    root = ET.Element("testsuites")
    by_device: dict[str, list[FlowResult]] = {}
    for result in results:
        by_device.setdefault(result.serial, []).append(result)
    root.attrib.update(_counts(results))
    for serial, flows in by_device.items():
        suite = ET.SubElement(
            root, "testsuite", {"name": suite_name, "device": serial, **_counts(flows)}
        )
        for flow in flows:
            case = ET.SubElement(
                suite,
                "testcase",
                {
                    "id": flow.name,
                    "name": flow.name,
                    "classname": flow.name,
                    "file": str(flow.file),
                    "time": _seconds(flow.wall_s),
                    "status": "SUCCESS" if flow.passed else "ERROR",
                },
            )
            message = flow.message
            if message is not None:
                failure = ET.SubElement(case, "failure", {"message": message})
                failure.text = message
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def write_junit(results: Sequence[FlowResult], path: Path) -> None:
    """Write the report, making its folder if needed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(junit_xml(results), encoding="utf-8")


def _counts(flows: Sequence[FlowResult]) -> dict[str, str]:
    """The totals CI summaries read, for a suite or for the whole report."""
    return {
        "tests": str(len(flows)),
        "failures": str(sum(not flow.passed for flow in flows)),
        "errors": "0",
        "time": _seconds(sum(flow.wall_s for flow in flows)),
    }


def _seconds(value: float) -> str:
    return f"{value:.3f}"
