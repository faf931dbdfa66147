"""`droidpilot ground`: one action on a screenshot and/or a dump, JSON on stdout."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from device.virtual import PhoneConfig, VirtualPhone
from service import cli
from tests.service.test_api_ground import clickable_bounds_of


@pytest.fixture(scope="module")
def screen(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The Internet page of Settings, as a PNG and a `uiautomator dump`."""
    phone = VirtualPhone(PhoneConfig())
    assert phone.start_app("com.android.settings", ".Settings$WifiSettingsActivity")
    folder = tmp_path_factory.mktemp("screen")
    image, dump = folder / "internet.png", folder / "internet.xml"
    image.write_bytes(phone.screenshot_png())
    dump.write_text(phone.hierarchy_xml(form="dump"), encoding="utf-8")
    return image, dump


def test_prints_the_same_json_as_the_api(
    screen: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    image, dump = screen
    argv = ["ground", "--image", str(image), "--hierarchy", str(dump), 'tap "Wi-Fi"']
    assert cli.main(argv) == 0
    answer = json.loads(capsys.readouterr().out)
    assert set(answer) >= {"found", "command", "element", "confidence", "candidates", "reason"}
    x1, y1, x2, y2 = clickable_bounds_of(dump.read_text(encoding="utf-8"), "Wi-Fi")
    assert answer["found"] and answer["command"]["type"] == "tap"
    assert x1 <= answer["command"]["x"] <= x2 and y1 <= answer["command"]["y"] <= y2


def test_hierarchy_only_with_chosen_sources(
    screen: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _, dump = screen
    argv = ["ground", "--hierarchy", str(dump), "--sources", "hierarchy", "tap the back arrow"]
    assert cli.main(argv) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["action"] == "tap the back arrow"
    assert answer["found"] and answer["element"]["desc"] == "Navigate up"


@pytest.mark.parametrize(
    ("argv", "status", "message"),
    [
        (["ground", 'tap "Wi-Fi"'], 2, "--image"),
        (["ground", "--hierarchy", "DUMP", "--sources", "pixels", "tap x"], 2, "'pixels'"),
        (["ground", "--hierarchy", "DUMP", 'tap "Wi-Fi'], 1, "column"),
        (["ground", "--image", "/no/such.png", 'tap "Wi-Fi"'], 1, "/no/such.png"),
        (["ground", "--image", "DUMP", 'tap "Wi-Fi"'], 1, "image"),
        (["ground", "--hierarchy", "PNG", 'tap "Wi-Fi"'], 1, "--hierarchy"),
    ],
)
def test_errors_are_one_line(
    screen: tuple[Path, Path],
    argv: list[str],
    status: int,
    message: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    image, dump = screen
    argv = [{"DUMP": str(dump), "PNG": str(image)}.get(arg, arg) for arg in argv]
    try:
        assert cli.main(argv) == status
    except SystemExit as exited:  # argparse's own usage errors
        assert exited.code == status
    captured = capsys.readouterr()
    assert captured.out == ""
    assert message in captured.err and captured.err.count("\n") == 1
