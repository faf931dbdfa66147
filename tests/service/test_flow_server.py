"""`droidpilot flow run --server URL`: flows parsed here, run on the service's phones through
`POST /v1/flows/run`, with the same JUnit, HTML report and exit status as a local run."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr

from device import AdbServer
from planning import LlmSettings
from service import cli
from service.config import AdbSection, ApiSection, DataSection, Settings
from service.flows import load_flow
from tests.service.live import serving
from tests.service.test_flow_report import check_pictures, report, step_rows

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SMOKE = EXAMPLES / "settings_smoke.yaml"
KEEP = EXAMPLES / "maestro_keep_note.yaml"
TOKEN = "a-token-for-the-flow-tests"


@pytest.fixture
def url(adb_server: AdbServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The service, asking for a token, on the adb server of the virtual phones; the token in
    the environment, as a CI secret puts it there."""
    settings = Settings(
        adb=AdbSection(port=adb_server.port, command_timeout_s=10.0),
        api=ApiSection(token=SecretStr(TOKEN)),
        data=DataSection(dir=tmp_path / "service-data"),
        llm=LlmSettings(),
    )
    monkeypatch.setenv("DROIDPILOT_API_TOKEN", TOKEN)
    with serving(settings) as base:
        yield base


def run(*argv: str) -> int:
    return cli.main(["flow", "run", *argv])


def test_flows_run_on_two_phones_of_the_service_with_junit_and_pictures(
    url: str,
    serial: str,
    phone_process: tuple[subprocess.Popen[str], str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, second = phone_process
    out, folder = tmp_path / "out.xml", tmp_path / "report"
    argv = ["--server", url, "--device", serial, "--device", second, "--shard-all", "2"]
    assert run(str(SMOKE), str(KEEP), *argv, "--junit", str(out), "--html", str(folder)) == 0, (
        capsys.readouterr().err
    )
    suites = ET.parse(out).getroot()
    assert sorted(suite.get("device", "") for suite in suites) == sorted([serial, second])
    for suite in suites:
        assert suite.get("tests") == "2" and suite.get("failures") == "0"
    _, parsed = report(folder)
    rows = step_rows(parsed)
    assert rows and all(row.css == "passed" for row in rows)
    check_pictures(folder, rows)  # the service's pictures, one per step, kept here
    with httpx.Client(headers={"Authorization": f"Bearer {TOKEN}"}) as client:
        devices = client.get(f"{url}/v1/devices").json()
    assert all(device["lease"] is None for device in devices), devices  # leases released


def test_a_rerun_replays_and_a_broken_step_fails_with_its_line(
    url: str, serial: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for _ in range(2):  # the second run replays the first's grounding on the service
        assert run(str(SMOKE), "--server", url, "--device", serial) == 0
    first, second = capsys.readouterr().err.split("PASS Settings smoke")[1:]
    assert "steps replayed" not in first and "steps replayed" in second, second

    broken = tmp_path / "broken.yaml"
    broken.write_text(
        "app: com.android.settings\n"
        "setup:\n"
        "  launch: true\n"
        "steps:\n"
        '  - tap "Network & internet"\n'
        '  - tap "Teleporter"\n'
    )
    out = tmp_path / "out.xml"
    assert run(str(broken), "--server", url, "--device", serial, "--junit", str(out)) == 1
    err = capsys.readouterr().err
    assert 'line 6: tap "Teleporter" failed' in err, err
    (failure,) = ET.parse(out).getroot().iter("failure")
    assert failure.get("message", "").startswith('step 3 (line 6): `tap "Teleporter"`')


def test_a_phone_someone_else_holds_fails_the_flow_saying_so(
    url: str, serial: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with httpx.Client(headers={"Authorization": f"Bearer {TOKEN}"}) as client:
        lease = client.post(f"{url}/v1/devices/{serial}/lease", json={"holder": "someone"})
        assert lease.status_code == 201, lease.text
        assert run(str(SMOKE), "--server", url, "--device", serial) == 1
        err = capsys.readouterr().err
        assert "FAIL Settings smoke" in err and "409" in err and "someone" in err, err
        client.delete(f"{url}/v1/leases/{lease.json()['id']}")


def test_a_wrong_token_an_unknown_phone_and_no_service_are_one_line_each(
    url: str, serial: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DROIDPILOT_API_TOKEN", "not-the-token-of-this-service")
    assert run(str(SMOKE), "--server", url) == 1
    assert "401" in capsys.readouterr().err
    monkeypatch.setenv("DROIDPILOT_API_TOKEN", TOKEN)
    assert run(str(SMOKE), "--server", url, "--device", "emulator-5999") == 2
    assert f"no phone 'emulator-5999' on {url} (online: " in capsys.readouterr().err
    assert run(str(SMOKE), "--server", "http://127.0.0.1:9") == 1
    assert "cannot reach http://127.0.0.1:9" in capsys.readouterr().err
    assert run(str(SMOKE), "--server", "localhost:8000") == 2
    assert run(str(SMOKE), "--server", url, "--adb-port", "5037") == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].endswith("--adb-port is for phones of a local adb server, not with --server")


def test_the_route_refuses_a_flow_it_cannot_read_and_a_run_without_a_phone(
    url: str, serial: str
) -> None:
    flow = load_flow(SMOKE).model_dump(mode="json")
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {TOKEN}"}) as client:
        answer = client.post("/v1/flows/run", json={"flow": flow})
        assert answer.status_code == 422 and "give device" in answer.json()["detail"]
        bad = {**flow, "steps": [{"kind": "teleport", "line": 3}]}
        answer = client.post("/v1/flows/run", json={"flow": bad, "device": serial})
        assert answer.status_code == 422 and "flow.steps" in answer.json()["detail"]


def test_a_flow_may_ask_for_any_phone_with_some_attributes(url: str, serial: str) -> None:
    flow = load_flow(SMOKE).model_dump(mode="json")
    with httpx.Client(
        base_url=url, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=120
    ) as client:
        ran = client.post("/v1/flows/run", json={"flow": flow, "device_query": {"api_level": 35}})
        assert ran.status_code == 200 and ran.json()["passed"], ran.json()
        assert ran.json()["device"] == serial
        none = client.post("/v1/flows/run", json={"flow": flow, "device_query": {"abi": "mips"}})
        assert none.status_code == 404 and "no phone matches abi mips" in none.json()["detail"]
        pinned = {"flow": flow, "device": serial, "retry_on_host_loss": True}
        assert client.post("/v1/flows/run", json=pinned).status_code == 422
