"""`droidpilot flow run|check`, as CI runs it: flow files on virtual phones through the real
adb server, with JUnit out."""

from __future__ import annotations

import json
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from device import AdbServer, AndroidDevice
from service import cli
from service.flows import load_flow, run_flow_on

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SMOKE = EXAMPLES / "settings_smoke.yaml"
KEEP = EXAMPLES / "maestro_keep_note.yaml"


def flow(adb_server: AdbServer, *argv: str) -> int:
    verb, rest = argv[0], argv[1:]
    port = ["--adb-port", str(adb_server.port)] if verb == "run" else []
    return cli.main(["flow", verb, *port, *rest])


def junit(path: Path) -> ET.Element:
    """The report, checked for what CI readers (and Maestro's writer) have on each element."""
    root = ET.parse(path).getroot()
    assert root.tag == "testsuites"
    for suite in root:
        assert suite.tag == "testsuite"
        assert {"name", "device", "tests", "failures", "errors", "time"} <= set(suite.attrib)
        assert suite.get("errors") == "0"
        cases = list(suite)
        assert int(suite.get("tests", "")) == len(cases)
        assert int(suite.get("failures", "")) == sum(
            case.get("status") == "ERROR" for case in cases
        )
        float(suite.get("time", ""))
        for case in cases:
            assert case.tag == "testcase"
            assert {"id", "name", "classname", "file", "time", "status"} <= set(case.attrib)
            assert case.get("status") in {"SUCCESS", "ERROR"}
            float(case.get("time", ""))
            failures = case.findall("failure")
            assert len(failures) == (case.get("status") == "ERROR")
            for failure in failures:
                assert failure.get("message") and failure.text == failure.get("message")
    return root


def test_the_example_flows_pass_with_a_junit_report(
    adb_server: AdbServer, serial: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, shots = tmp_path / "out.xml", tmp_path / "shots"
    argv = ["--device", serial, "--junit", str(out), "--screenshots", str(shots)]
    assert flow(adb_server, "run", str(SMOKE), str(KEEP), *argv) == 0
    err = capsys.readouterr().err
    assert f"[{serial}] PASS Settings smoke" in err and "2 passed, 0 failed" in err, err
    (suite,) = junit(out)
    assert suite.get("device") == serial
    assert [case.get("name") for case in suite] == ["Settings smoke", "Keep - create a note"]
    assert {case.get("status") for case in suite} == {"SUCCESS"}
    pngs = sorted(p.name for p in shots.rglob("*.png"))
    assert pngs == ["keep_note.png", "network.png"]
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in shots.rglob("*.png"))


def test_a_broken_step_fails_the_flow_naming_step_and_line(
    adb_server: AdbServer, serial: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        "name: Broken\n"
        "app: com.android.settings\n"
        "steps:\n"
        '  - tap "Network & internet"\n'
        '  - tap "Teleporter"\n'
        '  - assert visible "Internet"\n'
    )
    out = tmp_path / "out.xml"
    assert flow(adb_server, "run", str(broken), "--device", serial, "--junit", str(out)) == 1
    err = capsys.readouterr().err
    assert 'line 5: tap "Teleporter" failed' in err and "FAIL Broken" in err, err
    (suite,) = junit(out)
    (case,) = suite
    message = case.findtext("failure") or ""
    assert message.startswith('step 3 (line 5): `tap "Teleporter"` — '), message
    assert "not on screen" in message
    assert suite.get("failures") == "1"


def test_shard_all_runs_every_flow_on_each_phone(
    adb_server: AdbServer,
    serial: str,
    phone_process: tuple[subprocess.Popen[str], str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, second = phone_process
    out = tmp_path / "out.xml"
    argv = ["--device", serial, "--device", second, "--shard-all", "2", "--junit", str(out)]
    assert flow(adb_server, "run", str(SMOKE), str(KEEP), *argv) == 0, capsys.readouterr().err
    suites = junit(out)
    assert sorted(suite.get("device", "") for suite in suites) == sorted([serial, second])
    for suite in suites:
        assert [case.get("status") for case in suite] == ["SUCCESS", "SUCCESS"]
    assert "4 passed, 0 failed, 4 flows on 2 phone(s)" in capsys.readouterr().err


def test_too_few_phones_is_one_line_and_status_2(
    adb_server: AdbServer, serial: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert flow(adb_server, "run", str(SMOKE), "--device", serial, "--shard-split", "2") == 2
    err = capsys.readouterr().err
    assert "2 phones needed, 1 named with --device" in err and err.count("\n") == 1, err


def test_check_reports_file_and_line_of_a_malformed_flow(
    adb_server: AdbServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("appId: com.example\n---\n- tapOn: Save\n- evalScript: ${1 + 1}\n")
    assert flow(adb_server, "check", str(bad), str(SMOKE)) == 2
    err = capsys.readouterr().err
    assert f"{bad}:4:" in err, err
    assert flow(adb_server, "check", str(SMOKE), str(KEEP)) == 0


def test_blocks_waits_and_the_keyboard_on_a_phone(device: AndroidDevice, tmp_path: Path) -> None:
    maestro = tmp_path / "blocks.yaml"
    maestro.write_text(
        "appId: com.android.settings\n"
        "---\n"
        "- launchApp\n"
        "- tapOn:\n"
        "    text: Teleporter\n"
        "    optional: true\n"
        "- hideKeyboard\n"
        "- waitForAnimationToEnd\n"
        "- extendedWaitUntil:\n"
        "    visible: Network & internet\n"
        "    timeout: 2000\n"
        "- scrollUntilVisible:\n"
        "    element: About phone\n"
        "- retry:\n"
        "    maxRetries: 1\n"
        "    commands:\n"
        "      - assertVisible: About phone\n"
        "- stopApp\n"
    )
    result = run_flow_on(load_flow(maestro), device)
    assert result.passed, result.message
    by_text = {record.text: record for record in result.steps if record.depth == 0}
    assert by_text["hide keyboard"].detail == "the keyboard was hidden"
    (warned,) = [record for record in result.steps if record.detail.startswith("warned: ")]
    assert warned.text == "optional (1 steps)" and warned.outcome == "passed"
    (missing,) = [record for record in result.steps if record.outcome == "failed"]
    assert "Teleporter" in missing.text and missing.depth == 1
    assert result.wall_s > 0 and all(record.duration_s >= 0 for record in result.steps)


def test_a_data_seed_gives_the_apps_the_same_data_every_run(
    device: AndroidDevice, tmp_path: Path
) -> None:
    def contacts_after(seed: int) -> list[str]:
        path = tmp_path / f"seed{seed}.yaml"
        path.write_text(
            f"app: com.google.android.contacts\nsetup: {{seed: {seed}}}\nsteps: [press back]\n"
        )
        result = run_flow_on(load_flow(path), device)
        assert result.passed, result.message
        assert result.steps[0].detail == f"the apps' data regenerated from seed {seed}"
        state = json.loads(device.adb().shell(["vphone", "state", "com.google.android.contacts"]))
        return [record["name"] for record in state["contacts"]]

    first = contacts_after(3)
    assert contacts_after(4) != first
    assert contacts_after(3) == first
