"""`droidpilot flow run --html DIR`: the report a CI user opens, checked as they would read it
(the summary, each step's row, its picture and grounding) on virtual phones."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from device import AdbServer
from service import cli

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@dataclass
class Row:
    css: str
    cells: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)


class _Report(HTMLParser):
    """Table rows (class, cell texts, image sources), section titles, and scripts seen."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[Row] = []
        self.titles: list[str] = []
        self.tags: set[str] = set()
        self._row: Row | None = None
        self._title: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        found = dict(attrs)
        if tag == "tr":
            self._row = Row(found.get("class") or "")
        elif tag == "td" and self._row is not None:
            self._row.cells.append("")
        elif tag == "img" and self._row is not None:
            self._row.images.append(found.get("src") or "")
        elif tag == "h2":
            self._title = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None
        elif tag == "h2" and self._title is not None:
            self.titles.append("".join(self._title))
            self._title = None

    def handle_data(self, data: str) -> None:
        if self._row is not None and self._row.cells:
            self._row.cells[-1] += data
        if self._title is not None:
            self._title.append(data)


def report(folder: Path) -> tuple[str, _Report]:
    text = (folder / "index.html").read_text(encoding="utf-8")
    parsed = _Report()
    parsed.feed(text)
    assert not parsed.tags & {"script", "link", "iframe"}, parsed.tags
    assert "http://" not in text and "https://" not in text
    return text, parsed


def step_rows(parsed: _Report) -> list[Row]:
    return [row for row in parsed.rows if row.css in {"passed", "failed", "skipped"}]


def check_pictures(folder: Path, rows: list[Row]) -> None:
    for row in rows:
        assert len(row.images) == 1, row
        path = folder / row.images[0]
        assert path.is_file() and path.resolve().is_relative_to(folder.resolve()), path
        with Image.open(path) as image:
            image.verify()
        with Image.open(path) as image:
            assert image.width <= 360


def test_the_examples_on_two_phones_have_a_report_with_a_picture_per_step(
    adb_server: AdbServer,
    serial: str,
    phone_process: tuple[subprocess.Popen[str], str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, second = phone_process
    out, folder = tmp_path / "out.xml", tmp_path / "report"
    examples = sorted(str(path) for path in EXAMPLES.glob("*.yaml"))
    argv = ["--device", serial, "--device", second, "--shard-all", "2"]
    argv += ["--junit", str(out), "--html", str(folder), "--adb-port", str(adb_server.port)]
    assert cli.main(["flow", "run", *examples, *argv]) == 0, capsys.readouterr().err
    assert out.is_file()
    text, parsed = report(folder)
    for name in ("Settings smoke", "Keep - create a note"):
        for phone in (serial, second):
            title = f"{name} on {phone}: PASS in "
            assert any(t.startswith(title) for t in parsed.titles), parsed.titles
    summary = [row for row in parsed.rows if row.cells and row.cells[0] == "Settings smoke"]
    assert len(summary) == 1 and len(summary[0].cells) == 4  # flow, file, one per phone
    assert all(cell.startswith("PASS") for cell in summary[0].cells[2:]), summary
    rows = step_rows(parsed)
    assert rows and all(row.css != "failed" for row in rows)
    check_pictures(folder, rows)
    tap = next(row for row in rows if row.cells[2].strip() == 'tap "Network & internet"')
    # the grounding decision: the element chosen, its confidence and why
    assert "Network & internet" in tap.cells[6] and "confidence" in tap.cells[6], tap
    assert "&amp;" in text and "Network & internet" not in text


def test_a_broken_flow_marks_its_failing_step_and_escapes_step_text(
    adb_server: AdbServer, serial: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        "name: Broken <script>\n"
        "app: com.android.settings\n"
        "setup:\n"
        "  launch: true\n"
        "steps:\n"
        '  - tap "Network & internet"\n'
        '  - tap "Fish & <Chips>"\n'
        '  - assert visible "Internet"\n'
    )
    folder = tmp_path / "report"
    argv = ["--device", serial, "--html", str(folder), "--adb-port", str(adb_server.port)]
    assert cli.main(["flow", "run", str(broken), *argv]) == 1
    assert "HTML report:" in capsys.readouterr().err
    text, parsed = report(folder)
    assert "<Chips>" not in text and "&lt;Chips&gt;" in text and "Fish &amp;" in text
    assert "<script>" not in text and "Broken &lt;script&gt; on" in text
    assert parsed.titles[0].startswith(f"Broken <script> on {serial}: FAIL in ")
    rows = step_rows(parsed)
    check_pictures(folder, rows)
    failed = [row for row in rows if row.css == "failed"]
    assert len(failed) == 1 and failed[0].cells[1] == "7", failed
    assert 'tap "Fish & <Chips>"' in failed[0].cells[2] and failed[0].cells[3] == "failed"
    assert "not on screen" in failed[0].cells[5]
    assert not any('Internet"' in row.cells[2] for row in rows)  # it stopped there
