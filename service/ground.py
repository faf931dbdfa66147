"""Ground one action on one screen: the operation behind `POST /v1/ground` and `droidpilot ground`.

The screen comes from the caller (a screenshot and/or a UI hierarchy) or from a phone,
observed through the device layer. `Grounder` owns the one `Perceiver` of the process
(its models load once, on first use); phones come from the farm.
On a phone, `open app "Clock"` starts the installed app the name resolves to (its
label, a table of well-known Android apps, or the words of its package), from any screen.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Collection, Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from aci import (
    ACTION_ADAPTER,
    Action,
    Command,
    Element,
    OpenApp,
    RawObservation,
    Source,
    StartAppCommand,
    format_action,
    parse_action,
)
from device import AndroidDevice, DeviceCommandError, LauncherApp
from device.farm import Farm
from grounding.grounded import Candidate, Grounded
from grounding.locate import locate
from grounding.perceive import Perceiver, shared_perceiver
from lexicon.encoder import shared_encoder
from service.app_names import InstalledApp, closest_apps, is_package, resolve_app
from service.config import Settings
from service.errors import InvalidInputError
from service.hosts import FarmHosts, remote_host

__all__ = [
    "ALL_SOURCES",
    "GroundResult",
    "Grounder",
    "ScreenSummary",
    "read_action",
]

logger = logging.getLogger(__name__)

T = TypeVar("T")

ALL_SOURCES: tuple[Source, ...] = ("hierarchy", "ocr", "detector")

_MAX_SHOWN_CHARS = 200
"""A rejected structured action is quoted back up to this length."""


class ScreenSummary(BaseModel):
    """The screen the action was grounded on, in brief."""

    model_config = ConfigDict(use_attribute_docstrings=True)

    width: int
    """Screen width in pixels."""
    height: int
    """Screen height in pixels."""
    package: str | None
    """The package of the app in front, e.g. com.android.settings; null when unknown."""
    activity: str | None
    """The activity in front, as the phone names it; null when unknown."""
    elements: int
    """How many elements perception found."""


class GroundResult(BaseModel):
    """Where the action lands: the command to run, the element it hits, how sure and why."""

    model_config = ConfigDict(use_attribute_docstrings=True)

    found: bool
    """Whether the action was resolved; false when no element matched well enough (replan,
    or pick from `candidates`)."""
    action: str
    """The action in its canonical text form."""
    command: Command | None
    """What to run on the phone, in pixels; null when nothing was found or the action needs
    no command (done, fail, assert)."""
    element: Element | None
    """The element the action lands on or checks; null when there is none (a key, a wait)."""
    confidence: float = Field(ge=0, le=1)
    """How sure grounding is, 0-1: 1 for actions that need no matching, lowered when other
    elements match almost as well; 0 when nothing was found."""
    candidates: list[Candidate]
    """Other elements the target might mean, best first, at most 5; the chosen one is not
    among them."""
    reason: str
    """Why this answer, in words: what matched and how, or why nothing did."""
    screen: ScreenSummary
    """The screen it was grounded on: its size, the app in front, how many elements."""
    timing_ms: dict[str, float]
    """Milliseconds per stage (observe, decode, hierarchy, ocr, detector, fusion, ground...):
    no decode, ocr nor detector when the hierarchy alone answered surely enough, and
    `hierarchy_first` when it was tried first and the pixels were read after."""
    apps: list[InstalledApp] = Field(default_factory=list)
    """For `open app` on a phone when the name fits no installed app: the closest ones."""


def read_action(value: str | Mapping[str, Any]) -> Action:
    """An action from its text form or its structured (JSON) form.

    Raises `aci.ActionSyntaxError` (text) or `InvalidInputError` (structure), each
    saying what is wrong.
    """
    if isinstance(value, str):
        return parse_action(value)
    try:
        return ACTION_ADAPTER.validate_python(dict(value))
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False):
            # the first part of the location is the action type the union tried
            field = ".".join(str(part) for part in error["loc"][1:])
            message = error["msg"].removeprefix("Value error, ")
            problems.append(f"{field}: {message}" if field else message)
        shown = repr(dict(value))
        if len(shown) > _MAX_SHOWN_CHARS:
            shown = shown[:_MAX_SHOWN_CHARS] + "...}"
        raise InvalidInputError(
            f"action {shown} is not a valid action: {'; '.join(problems)}"
        ) from exc


class Grounder:
    """Perceives screens and grounds actions on them; safe to share between threads."""

    def __init__(self, settings: Settings, farm: Farm, hosts: FarmHosts | None = None) -> None:
        self.settings = settings
        self.farm = farm
        """Where the phones named by `device` are found (each with its own lock)."""
        self.hosts = hosts
        """A farm's other hosts, whose phones are observed where they are."""
        shared_perceiver(settings.grounding)  # made now with these settings: the runner's
        # steps perceive through the same one (its models still load on first use)
        self._perceiver: Perceiver | None = None
        self._perceiver_lock = threading.Lock()

    @property
    def models_loaded(self) -> bool:
        return self._perceiver is not None

    def perceiver(self) -> Perceiver:
        """The app's perceiver, its models (OCR, the element and icon models and the sentence
        encoder) loaded on first use: once, since they take seconds."""
        with self._perceiver_lock:
            if self._perceiver is None:
                perceiver = shared_perceiver(self.settings.grounding)  # models load once
                perceiver.load()
                shared_encoder().load()
                self._perceiver = perceiver
            return self._perceiver

    def ground(
        self,
        action: Action,
        *,
        image: bytes | None = None,
        hierarchy: str | None = None,
        device: str | None = None,
        sources: Collection[Source] = ALL_SOURCES,
    ) -> GroundResult:
        """Perceive the screen (given, or observed on `device`) and ground `action` on it:
        on the hierarchy alone when that answers surely, else on every source allowed."""
        started = time.perf_counter()
        timing: dict[str, float] = {}
        package = activity = None
        if device is not None:
            if image is not None or hierarchy is not None:
                raise InvalidInputError(
                    "give either device (to observe a phone) or image/hierarchy, not both"
                )
            observation = self._on(device, _observe)
            timing["observe"] = observation.elapsed_ms
            image, hierarchy = observation.screenshot, observation.hierarchy_xml
            package, activity = observation.package, observation.activity
        elif image is None and hierarchy is None:
            raise InvalidInputError(
                "no screen to ground on: give image (a screenshot), hierarchy "
                "(a uiautomator dump) or device (a serial to observe)"
            )
        loaded, loading = self.models_loaded, time.perf_counter()
        perceiver = self.perceiver()
        if not loaded:
            timing["load_models"] = (time.perf_counter() - loading) * 1000
        located = locate(
            perceiver, action, image=image, hierarchy=hierarchy, sources=sources,
            package=package, activity=activity,
        )  # fmt: skip
        timing.update(located.timing_ms)
        grounded = located.grounded
        apps: list[InstalledApp] = []
        by_name = isinstance(action, OpenApp) and not is_package(action.app)
        if device is not None and isinstance(action, OpenApp) and by_name:
            grounded, apps = self._open_installed(device, action.app, grounded, timing)
        timing["total"] = (time.perf_counter() - started) * 1000
        screen = located.screen
        return GroundResult(
            found=grounded.found,
            action=format_action(action),
            command=grounded.command,
            element=grounded.element,
            confidence=grounded.confidence,
            candidates=grounded.candidates,
            reason=grounded.reason,
            screen=ScreenSummary(
                width=screen.width,
                height=screen.height,
                package=screen.package,
                activity=screen.activity,
                elements=len(screen.elements),
            ),
            timing_ms={stage: round(ms, 2) for stage, ms in timing.items()},
            apps=apps,
        )

    def observe(self, serial: str) -> RawObservation:
        """One observation of the phone `serial`, connected on first use."""
        return self._on(serial, _observe)

    def _open_installed(
        self, serial: str, name: str, on_screen: Grounded, timing: dict[str, float]
    ) -> tuple[Grounded, list[InstalledApp]]:
        """Start the installed app `name` resolves to; else what the screen offers, and the
        installed apps closest to the name."""
        started = time.perf_counter()
        try:
            apps = self._on(serial, _launcher_apps)
        except DeviceCommandError as exc:  # an old Android without `cmd package`
            logger.warning("%s: cannot list the launcher apps: %s", serial, exc)
            return on_screen, []
        finally:
            timing["apps"] = (time.perf_counter() - started) * 1000
        resolved = resolve_app(name, apps)
        if resolved is not None:
            app, how = resolved
            command = StartAppCommand(package=app.package, activity=app.activity)
            started_app = Grounded(
                found=True, command=command, element=None, confidence=1.0, candidates=[],
                reason=f"start {app.package}: {how}",
            )  # fmt: skip
            return started_app, []
        if on_screen.found or not apps:
            return on_screen, []
        closest = closest_apps(name, apps)
        listed = ", ".join(app.name for app in closest)
        reason = f"no installed app is called {name!r} (closest: {listed}); {on_screen.reason}"
        return on_screen.model_copy(update={"reason": reason}), closest

    def _on(self, serial: str, work: Callable[[AndroidDevice], T]) -> T:
        """`work` on the phone: here, or on its host when it is another host's of the farm."""
        if self.hosts is not None and remote_host(self.hosts, serial) is not None:
            timeout_s = self.settings.adb.command_timeout_s * 2
            return self.hosts.call(serial, work, timeout_s=timeout_s)
        return work(self.farm.device(serial))


def _observe(device: AndroidDevice) -> RawObservation:
    return device.observe()


def _launcher_apps(device: AndroidDevice) -> list[LauncherApp]:
    return device.launcher_apps()
