"""The replay cache on a virtual phone: a flow that passed reruns without grounding, a
changed screen grounds afresh, `--no-cache` never replays, a corrupt file is ignored."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from device import AdbServer, AndroidDevice
from service import cli
from service.flows import load_flow, run_flow_on
from service.flows.execute import FlowResult
from service.flows.replay import ReplayCache

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SETTINGS = (
    "name: Replay\n"
    "app: com.android.settings\n"
    "steps:\n"
    '  - assert visible "Settings"\n'
    '  - tap "Network & internet"\n'
    '  - assert visible "Internet"\n'
    "  - press back\n"
    '  - assert visible "Network & internet"\n'
)
GROUNDED_STEPS = 4
"""The flow's steps that ground a target (`press back` has none)."""
KEEP = (
    "name: Keep note\n"
    "app: com.google.android.keep\n"
    "steps:\n"
    '  - tap "Create a note"\n'
    '  - tap "Title"\n'
    '  - type "Milk"\n'
    "  - press back\n"
    '  - assert visible "Milk"\n'
)


def run(path: Path, device: AndroidDevice, cache: ReplayCache) -> FlowResult:
    replay = cache.for_run(load_flow(path), device)
    runner = replay.runner(device)
    result = run_flow_on(load_flow(path), device, runner=runner)
    replay.finish(result, runner)
    return result


def outcomes(result: FlowResult) -> list[tuple[str, str, object]]:
    return [
        (r.text, r.outcome, r.decision and (r.decision.bounds, r.decision.element))
        for r in result.steps
    ]


def test_a_rerun_replays_every_grounded_step_with_the_same_result(
    device: AndroidDevice, tmp_path: Path
) -> None:
    flow = tmp_path / "settings.yaml"
    flow.write_text(SETTINGS)
    cache = ReplayCache(tmp_path / "cache")
    cold = run(flow, device, cache)
    assert cold.passed and cold.replayed == 0, cold.message
    (recorded,) = (tmp_path / "cache").rglob("*.json")
    looks = json.loads(recorded.read_text())["looks"]
    assert {look["action"] for look in looks} >= {'tap "Network & internet"'}
    assert all(look["grounding"]["command"] or "assert" in look["action"] for look in looks)
    warm = run(flow, device, cache)
    assert warm.passed, warm.message
    assert warm.replayed == GROUNDED_STEPS and warm.saved_s > 0
    assert outcomes(warm) == outcomes(cold)


def test_a_changed_screen_grounds_afresh_and_still_passes(
    device: AndroidDevice, tmp_path: Path
) -> None:
    flow = tmp_path / "keep.yaml"
    flow.write_text(KEEP)
    cache = ReplayCache(tmp_path / "cache")
    assert run(flow, device, cache).passed
    (recorded,) = (tmp_path / "cache").rglob("*.json")
    before = looked_at(recorded, 'tap "Create a note"')
    # another flow leaves a note on Keep's list: the screen the flow starts on differs
    assert run_flow_on(load_flow(EXAMPLES / "maestro_keep_note.yaml"), device).passed
    device.stop_app("com.google.android.keep")
    second = run(flow, device, cache)
    assert second.passed, second.message
    assert second.replayed < 3
    texts = [r.text for r in second.steps if r.outcome == "passed"]
    assert 'tap "Create a note"' in texts and 'assert visible "Milk"' in texts
    after = looked_at(recorded, 'tap "Create a note"')
    assert after and after != before  # grounded afresh on the new screen, and recorded


def looked_at(recorded: Path, action: str) -> set[str]:
    """The fingerprints of the screens the cache file has `action` grounded on."""
    looks = json.loads(recorded.read_text())["looks"]
    return {look["fingerprint"] for look in looks if look["action"] == action}


def test_no_cache_never_replays_and_the_cache_reports_replays(
    adb_server: AdbServer, serial: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flow = tmp_path / "settings.yaml"
    flow.write_text(SETTINGS)
    argv = ["flow", "run", "--adb-port", str(adb_server.port), str(flow), "--device", serial]
    for _ in range(2):
        assert cli.main([*argv, "--no-cache"]) == 0
        assert "replayed" not in capsys.readouterr().err
    assert cli.main(argv) == 0  # records
    assert "replayed" not in capsys.readouterr().err
    report = tmp_path / "report"
    assert cli.main([*argv, "--html", str(report)]) == 0
    err = capsys.readouterr().err
    assert f"; {GROUNDED_STEPS} steps replayed, " in err and "ms of grounding saved" in err, err
    page = (report / "index.html").read_text(encoding="utf-8")
    assert f"{GROUNDED_STEPS} steps replayed from the replay cache" in page


def test_a_corrupt_cache_file_is_ignored_with_a_warning(
    device: AndroidDevice, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    flow = tmp_path / "settings.yaml"
    flow.write_text(SETTINGS)
    cache = ReplayCache(tmp_path / "cache")
    path = cache.for_run(load_flow(flow), device).path
    path.parent.mkdir(parents=True)
    path.write_text('{"version": 1, "looks": [{"action": "tap')
    with caplog.at_level(logging.WARNING, logger="service.flows.replay"):
        result = run(flow, device, cache)
    assert result.passed and result.replayed == 0, result.message
    assert "ignored, every step grounds afresh" in caplog.text
    assert json.loads(path.read_text())["looks"]  # rewritten once the flow passed
