"""The HTML report of a flow run: one folder, `index.html` and the step pictures, that a CI
artifact viewer or a browser opens offline.

Plain HTML with inline CSS and no script, so it shows the same from a zip, a file share
or an artifact store that blocks scripts. On top, a table of flows by phone, each cell
linking to its run; below, per run, every step: its text and file line, outcome, time,
detail, the grounding decision (element, bounds, confidence, why) and the screen after it.
Every text from a flow or a phone is escaped.
"""

from __future__ import annotations

import html
import os
import shutil
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from service.flows.execute import FlowResult, StepRecord

__all__ = ["write_html"]

INDEX = "index.html"

_CSS = """
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #222; }
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 2em; }
table { border-collapse: collapse; margin: .5em 0; }
th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
.passed { color: #17672a; } .failed { color: #b00020; font-weight: bold; }
.skipped { color: #777; }
tr.failed td { background: #fde8ea; }
td.pass { background: #e6f4ea; } td.fail { background: #fde8ea; }
code { font: 12px/1.3 ui-monospace, monospace; white-space: pre-wrap; }
.why { color: #555; font-size: 12px; }
img { width: 180px; border: 1px solid #999; }
"""


def write_html(results: Sequence[FlowResult], folder: Path) -> Path:
    """Write `FOLDER/index.html` (making the folder); pictures taken elsewhere are copied in
    so the folder stands alone. Returns the index's path."""
    folder.mkdir(parents=True, exist_ok=True)
    index = folder / INDEX
    index.write_text(_page(results, folder), encoding="utf-8")
    return index


def _page(results: Sequence[FlowResult], folder: Path) -> str:
    """The report's page; picture links are relative to `folder`, where it will be written."""
    serials = list(dict.fromkeys(result.serial for result in results))
    flows = list(dict.fromkeys((result.name, str(result.file)) for result in results))
    failed = sum(not result.passed for result in results)
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>droidpilot flows: {len(results) - failed} passed, {failed} failed</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>droidpilot flow run</h1>",
        f"<p>{len(results) - failed} passed, {failed} failed, {len(results)} flow runs on "
        f"{len(serials)} phone(s), {when}.</p>",
        _summary(results, flows, serials),
    ]
    pictures = _Pictures(folder)
    for number, result in enumerate(results, start=1):
        parts.append(_run(number, result, pictures))
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _summary(
    results: Sequence[FlowResult], flows: list[tuple[str, str]], serials: list[str]
) -> str:
    """Flows down, phones across; each cell links to its run's section."""
    cells: dict[tuple[str, str, str], list[tuple[int, FlowResult]]] = {}
    for number, result in enumerate(results, start=1):
        cells.setdefault((result.name, str(result.file), result.serial), []).append(
            (number, result)
        )
    head = "".join(f"<th>{_e(serial)}</th>" for serial in serials)
    rows = [f'<table class="summary"><tr><th>flow</th><th>file</th>{head}</tr>']
    for name, file in flows:
        row = [f"<td>{_e(name)}</td><td><code>{_e(file)}</code></td>"]
        for serial in serials:
            runs = cells.get((name, file, serial), [])
            if not runs:
                row.append("<td>—</td>")
                continue
            links = " ".join(
                f'<a href="#run-{number}">{"PASS" if run.passed else "FAIL"}</a> {run.wall_s:.1f} s'
                for number, run in runs
            )
            ok = all(run.passed for _, run in runs)
            row.append(f'<td class="{"pass" if ok else "fail"}">{links}</td>')
        rows.append(f"<tr>{''.join(row)}</tr>")
    rows.append("</table>")
    return "\n".join(rows)


def _run(number: int, result: FlowResult, pictures: _Pictures) -> str:
    verdict = "PASS" if result.passed else "FAIL"
    css = "passed" if result.passed else "failed"
    parts = [
        f'<h2 id="run-{number}">{_e(result.name)} on {_e(result.serial)}: '
        f'<span class="{css}">{verdict}</span> in {result.wall_s:.1f} s</h2>',
        f"<p><code>{_e(str(result.file))}</code></p>",
    ]
    if result.replayed:
        saved_ms = result.saved_s * 1000
        parts.append(
            f"<p>{result.replayed} steps replayed from the replay cache, "
            f"{saved_ms:.0f} ms of grounding saved</p>"
        )
    if result.message is not None:
        parts.append(f'<p class="failed">{_e(result.message)}</p>')
    parts.append(
        "<table><tr><th>#</th><th>line</th><th>step</th><th>outcome</th><th>time</th>"
        "<th>detail</th><th>grounding</th><th>screen after</th></tr>"
    )
    for index, step in enumerate(result.steps, start=1):
        parts.append(_step(index, step, result.file, pictures))
    parts.append("</table>")
    return "\n".join(parts)


def _step(index: int, step: StepRecord, flow_file: Path, pictures: _Pictures) -> str:
    where = str(step.line)
    if step.file is not None and step.file.resolve() != flow_file.resolve():
        where = f"{step.file.name}:{step.line}"
    indent = "&nbsp;" * 4 * step.depth
    picture = pictures.link(step.screenshot)
    image = (
        f'<a href="{_e(picture)}"><img src="{_e(picture)}" alt="screen after step {index}"></a>'
        if picture is not None
        else ""
    )
    return (
        f'<tr class="{step.outcome}"><td>{index}</td><td>{_e(where)}</td>'
        f"<td>{indent}<code>{_e(step.text)}</code></td>"
        f'<td class="{step.outcome}">{step.outcome}</td><td>{step.duration_s:.2f} s</td>'
        f"<td>{_e(step.detail)}</td><td>{_grounding(step)}</td><td>{image}</td></tr>"
    )


def _grounding(step: StepRecord) -> str:
    note = step.decision
    if note is None:
        return "" if step.grounding is None else f'<span class="why">{_e(step.grounding)}</span>'
    chosen = []
    if note.element is not None:
        chosen.append(f"<b>{_e(note.element)}</b>")
    if note.bounds is not None:
        chosen.append(_e("[{}, {}, {}, {}]".format(*note.bounds)))
    if note.confidence is not None:
        chosen.append(f"confidence {note.confidence:.2f}")
    return f'{" ".join(chosen)}<br><span class="why">{_e(note.reason)}</span>'


class _Pictures:
    """Links to step pictures, relative to the report's folder; a picture outside it is
    copied into `FOLDER/shots/` first, so the folder stands alone."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder.resolve()
        self.copied = 0

    def link(self, path: Path | None) -> str | None:
        if path is None or not path.is_file():
            return None
        source = path.resolve()
        if not source.is_relative_to(self.folder):
            self.copied += 1
            target = self.folder / "shots" / f"copied-{self.copied:04d}{source.suffix}"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            source = target
        return Path(os.path.relpath(source, self.folder)).as_posix()


def _e(text: str) -> str:
    return html.escape(text, quote=True)
