"""The JUnit report against the schema CI tools check JUnit with (Jenkins xUnit's
junit-10.xsd, tests/data): built from flow results, and written by a real `flow run`.

The schema does not declare Maestro's own attributes; they are removed before validating,
and they must be the only attributes outside it, so a new unknown one fails here."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from lxml import etree

from device import AdbServer
from service import cli
from service.flows.execute import FailedStep, FlowResult
from service.flows.junit import junit_xml

SCHEMA = Path(__file__).resolve().parents[1] / "data" / "junit-10.xsd"
MAESTRO_ONLY = {"testsuite": {"device"}, "testcase": {"id", "file", "status"}}
"""Maestro's attributes that junit-10.xsd does not declare, by element."""
ODD = "Grüße \"quoted\" <tag> & 'apostrophe' 🚀"


def _declared() -> dict[str, set[str]]:
    """The attributes the schema declares, by element name."""
    tree = etree.parse(str(SCHEMA))
    xs = "{http://www.w3.org/2001/XMLSchema}"
    return {
        element.get("name"): {attribute.get("name") for attribute in element.iter(f"{xs}attribute")}
        for element in tree.getroot().iterchildren(f"{xs}element")
    }


def _validated(document: bytes) -> Any:
    """The report, its Maestro-only attributes removed, valid against the schema."""
    root = etree.fromstring(document)
    declared = _declared()
    outside: dict[str, set[str]] = {}
    for element in root.iter():
        unknown = set(element.attrib) - declared[element.tag]
        if unknown:
            outside.setdefault(element.tag, set()).update(unknown)
        for name in unknown & MAESTRO_ONLY.get(element.tag, set()):
            del element.attrib[name]
    assert outside == MAESTRO_ONLY, outside
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    assert schema.validate(root), schema.error_log
    return root


def test_a_report_of_passed_and_failed_flows_is_valid_junit() -> None:
    flow = Path("flows") / f"{ODD}.yaml"
    passed = FlowResult(name=ODD, file=flow, serial="emulator-5554", passed=True, wall_s=1.5)
    failed = FlowResult(
        name="Checkout & pay <EU>",
        file=Path("checkout.yaml"),
        serial="emulator-5556",
        wall_s=12.25,
        failed=FailedStep(3, 11, f'tap "{ODD}"', Path("checkout.yaml"), "not on screen"),
        reason="not on screen",
    )
    errored = FlowResult(name="Gone", file=Path("g.yaml"), serial="emulator-5556", reason=ODD)
    root = _validated(junit_xml([passed, failed, errored]).encode("utf-8"))
    assert root.attrib == {"tests": "3", "failures": "2", "errors": "0", "time": "13.750"}
    first, second = root
    assert [case.get("name") for case in first] == [ODD]
    assert second.get("tests") == "2" and second.get("failures") == "2"
    messages = [case.find("failure").get("message") for case in second]
    assert messages == [f'step 3 (line 11): `tap "{ODD}"` — not on screen', ODD]


def test_the_report_of_a_run_on_a_phone_is_valid_junit(
    adb_server: AdbServer, serial: str, tmp_path: Path
) -> None:
    good, bad = tmp_path / "good.yaml", tmp_path / "bad.yaml"
    name = json.dumps(ODD, ensure_ascii=False)  # a YAML double-quoted string
    good.write_text(f"appId: com.android.settings\nname: {name}\n---\n- launchApp\n")
    bad.write_text(
        "appId: com.android.settings\n---\n- launchApp\n- assertVisible: Teleporter <&>\n"
    )
    out = tmp_path / "out.xml"
    argv = ["flow", "run", str(good), str(bad), "--device", serial]
    assert cli.main([*argv, "--adb-port", str(adb_server.port), "--junit", str(out)]) == 1
    root = _validated(out.read_bytes())
    (suite,) = root
    assert [case.get("name") for case in suite] == [ODD, "bad"]
    assert suite.get("failures") == "1" and suite.get("errors") == "0"
    assert "Teleporter <&>" in suite[1].find("failure").get("message")
