"""The replay cache: a flow that passed reruns its steps without grounding them again.

While a flow runs, `ReplayRunner` notes each look grounding takes: the action, the
`fingerprint` of the settled screen it looked at and the decision (its grounded command
included) with the time grounding took. When the flow passes, `Replay.finish` writes them
to `DATA/flows-cache/<flow hash>/<serial>-<model>.json`, the hash being of what the flow
does (its parsed steps, included flows and variables), not of where its file lies. On the
next run a look whose action and screen fingerprint match a recorded one takes the
recorded decision without grounding; any other look grounds afresh. Grounding is a function
of the action and the screen, so a hit acts as the grounder would have; a screen that
differs in any element's role, words, id, state or bounds is a miss, and never acted on
with a recorded command.

A cache file that cannot be read is ignored with a warning (the flow grounds every step
and, when it passes, writes the file again).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

import aci
from device import AndroidDevice, LauncherApp
from device.errors import DeviceError
from grounding.grounded import Grounded
from planning.explorer.memory import screen_id
from service.flows.capture import StepShots
from service.flows.execute import FlowResult, StepRecord, run_flow_on
from service.flows.model import Flow
from service.runner import Phone, Runner, RunnerConfig, StepReport, Targeted

__all__ = ["Replay", "ReplayCache", "ReplayRunner", "fingerprint", "run_cached"]

logger = logging.getLogger(__name__)

_VERSION = 1
_STATUS_BAR = 0.04
"""Share of the screen's height at the top whose bounds are left out: the clock's width
changes with the time (`screen_id` leaves its words out for the same reason)."""


def fingerprint(screen: aci.Screen) -> str:
    """A short hash of the screen as grounding sees it: `screen_id` (app, each element's
    role, words, id and state) and every element's bounds below the status bar."""
    bar = screen.height * _STATUS_BAR
    bounds = [",".join(map(str, e.bounds)) for e in screen.elements if e.bounds[3] > bar]
    parts = [screen_id(screen), f"{screen.width}x{screen.height}", *bounds]
    return hashlib.sha1("\n".join(parts).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Look:
    """One grounding decision as the cache keeps it."""

    action: str
    """The action in ACI text, e.g. `tap "Wi-Fi"`."""
    fingerprint: str
    grounding: Grounded
    ground_ms: float
    """How long grounding took when it was made: the time a replay saves."""

    @property
    def key(self) -> tuple[str, str]:
        return self.action, self.fingerprint

    def as_json(self) -> dict[str, object]:
        return {
            "action": self.action,
            "fingerprint": self.fingerprint,
            "ground_ms": self.ground_ms,
            "grounding": self.grounding.model_dump(mode="json"),
        }


class ReplayRunner(Runner):
    """The service's `Runner`, answering `_ground` from the recorded looks when the action
    and the screen's fingerprint match, and noting every look for the next run."""

    def __init__(
        self,
        phone: Phone,
        recorded: Collection[Look] = (),
        *,
        config: RunnerConfig | None = None,
        apps: Callable[[], Sequence[LauncherApp]] | None = None,
    ) -> None:
        super().__init__(phone, config=config, apps=apps)
        self.recorded = {look.key: look for look in recorded}
        self.looks: dict[tuple[str, str], Look] = {}
        """This run's looks, recorded ones that were replayed included."""
        self.replayed = 0
        """Steps whose every look came from the cache."""
        self.saved_ms = 0.0
        """Grounding time the replayed looks took when they were recorded."""
        self._hits = self._misses = 0
        self._perceived: tuple[str, aci.Screen] | None = None

    def perform(self, action: aci.Action) -> StepReport:
        """`Runner.perform`, counting the step as replayed when grounding was not needed."""
        self._hits = self._misses = 0
        report = super().perform(action)
        if self._hits and not self._misses:
            self.replayed += 1
        return report

    def _ground(self, action: Targeted) -> Grounded:
        key = (aci.format_action(action), fingerprint(self._screen()))
        look = self.recorded.get(key)
        if look is not None:
            self._hits += 1
            self.saved_ms += look.ground_ms
        else:
            self._misses += 1
            started = time.perf_counter()
            grounded = super()._ground(action)
            ground_ms = round((time.perf_counter() - started) * 1000, 2)
            look = Look(key[0], key[1], grounded, ground_ms)
        self.looks[key] = look
        return look.grounding

    def _screen(self) -> aci.Screen:
        """The settled screen, perceived once per hierarchy: the fingerprint and grounding
        look at the same one (the runner perceives the hierarchy alone, its default)."""
        xml = self.hierarchy()
        if self._perceived is None or self._perceived[0] != xml:
            self._perceived = (xml, super()._screen())
        return self._perceived[1]


class Replay:
    """The cache of one flow on one phone: the runner that replays it, and `finish`, which
    tells the result what was replayed and records the run when the flow passed."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.recorded = _read(path)

    def runner(self, phone: AndroidDevice) -> ReplayRunner:
        return ReplayRunner(phone, self.recorded, apps=phone.launcher_apps)

    def finish(self, result: FlowResult, runner: ReplayRunner) -> None:
        result.replayed, result.saved_s = runner.replayed, round(runner.saved_ms / 1000, 3)
        if not result.passed:
            return
        document = {"version": _VERSION, "flow": str(result.file), "serial": result.serial}
        document["looks"] = [look.as_json() for look in runner.looks.values()]
        partial = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            text = json.dumps(document, indent=1, ensure_ascii=False)
            partial.write_text(text, encoding="utf-8")
            partial.replace(self.path)  # a reader never sees half a file
        except OSError as exc:  # the flow passed all the same
            logger.warning("replay cache %s not written: %s", self.path, exc)


@dataclass
class ReplayCache:
    """The cache's folder, `DATA/flows-cache`; `for_run` the `Replay` of a flow on a phone."""

    root: Path
    _models: dict[str, str] = field(default_factory=dict)

    def for_run(self, flow: Flow, phone: AndroidDevice) -> Replay:
        what = json.dumps(_without_paths(flow.model_dump(mode="json")), sort_keys=True)
        digest = hashlib.sha1(what.encode()).hexdigest()[:16]
        model = self._models.get(phone.serial)
        if model is None:
            try:
                model = phone.adb().shell(["getprop", "ro.product.model"]).strip()
            except DeviceError:
                model = ""
            self._models[phone.serial] = model
        name = re.sub(r"[^\w.-]+", "_", f"{phone.serial}-{model or 'unknown'}").strip("_")
        return Replay(self.root / digest / f"{name}.json")


def run_cached(
    flow: Flow,
    phone: AndroidDevice,
    replay: ReplayCache | None,
    *,
    out_dir: Path | None = None,
    max_steps: int | None = None,
    data_dir: Path | None = None,
    on_failure: Callable[[StepRecord], None] | None = None,
    step_shots: StepShots | None = None,
) -> FlowResult:
    """`run_flow_on`, replaying what the cache holds for this flow on this phone and
    recording the run when it passes; without a cache, every step grounds afresh."""
    cached = None if replay is None else replay.for_run(flow, phone)
    runner = None if cached is None else cached.runner(phone)
    result = run_flow_on(
        flow,
        phone,
        runner=runner,
        out_dir=out_dir,
        max_steps=max_steps,
        data_dir=data_dir,
        on_failure=on_failure,
        step_shots=step_shots,
    )
    if cached is not None and runner is not None:
        cached.finish(result, runner)
    return result


def _without_paths(value: Any) -> Any:
    """A dumped flow without its file paths: the same flow checked out in another folder,
    or sent to the service, finds the cache its earlier runs wrote."""
    if isinstance(value, dict):
        return {key: _without_paths(item) for key, item in value.items() if key != "path"}
    if isinstance(value, list):
        return [_without_paths(item) for item in value]
    return value


def _read(path: Path) -> list[Look]:
    """The recorded looks; none when there is no file, or a warning when it is unreadable."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        if document.get("version") != _VERSION:
            raise ValueError(f"version {document.get('version')!r}, expected {_VERSION}")
        return [
            Look(
                str(entry["action"]),
                str(entry["fingerprint"]),
                Grounded.model_validate(entry["grounding"]),
                float(entry["ground_ms"]),
            )
            for entry in document["looks"]
        ]
    except FileNotFoundError:
        return []
    except (OSError, ValueError, KeyError, TypeError, AttributeError, ValidationError) as exc:
        logger.warning("replay cache %s ignored, every step grounds afresh: %s", path, exc)
        return []
