"""The phones of the farm as clients use them: list, lease, look at, act on, reset.

`Phones` is the one place the HTTP routes and the MCP tools reach a phone through. Every
call names its phone and, when the phone is leased, must carry that lease (409 otherwise).
Device work runs in worker threads, at most `_THREADS_PER_PHONE` per phone: a frozen phone
holds only its own threads while its calls time out (504), and every other phone, the
phone-free routes and `/healthz` go on answering.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from threading import Lock
from typing import Literal, TypeVar

import anyio
from PIL import Image
from pydantic import BaseModel, ConfigDict, Field

import aci
from aci import Action, Command, Element, Screen, Source, format_action
from device import AndroidDevice, DeviceCommandError, DeviceNotFoundError, DeviceTimeoutError
from device.farm import AdbAddress, Farm, FarmDevice
from device.lease import Lease, LeaseBook
from grounding.perceive import perceive
from service.config import Settings
from service.hosts import LOCAL_HOST, FarmHosts, HostPhone, remote_host
from service.runner import Runner, StepError, StepReport
from service.tasks.records import GroundingBrief

__all__ = [
    "ActResult",
    "CompactElement",
    "DeviceInfo",
    "LeaseGrant",
    "LeaseInfo",
    "Observation",
    "Phones",
    "compact",
    "farm_for",
    "only_phone",
]

_THREADS_PER_PHONE = 4
"""Device calls of one phone that may wait at once; more queue without a thread."""
_ACTION_BUDGET_S = 120.0
"""Longest one action may take, finding its target by scrolling and settling included;
each device call inside has the shorter `adb.command_timeout_s` of its own."""

_HIERARCHY: tuple[Source, ...] = ("hierarchy",)

T = TypeVar("T")


class LeaseInfo(BaseModel):
    """Who holds a phone and until when (the lease's id is only told to its holder)."""

    model_config = ConfigDict(use_attribute_docstrings=True)

    serial: str
    """The leased phone's adb serial."""
    holder: str | None
    """Who took it, as they said when leasing (a name, a CI job...)."""
    ttl_s: float
    """The lease's length in seconds, counted from when it was taken or last renewed."""
    expires_in_s: float
    """Seconds left; renew before they run out or the phone frees itself."""


class LeaseGrant(LeaseInfo):
    """A lease just taken or renewed: send its `id` with every call on the phone."""

    id: str
    """The lease's id: send it as the `X-Lease-ID` header with every call on the phone, and
    use it to renew or release the lease."""


class DeviceInfo(BaseModel):
    """One phone of the farm."""

    model_config = ConfigDict(use_attribute_docstrings=True)

    serial: str
    """The phone's adb serial (e.g. emulator-5554, or host:port for a phone over TCP)."""
    server: str
    """The adb server it is attached to, as host:port."""
    state: str
    """adb's word: `device` when usable; `offline`, `unauthorized`..."""
    model: str
    """The model adb reports (e.g. Pixel_7); empty when adb gives none."""
    size: tuple[int, int] | None
    """Screen width and height in pixels, once droidpilot has talked to the phone."""
    backend: str | None
    """`uiautomator2` or `adb`: how droidpilot drives it; null before the first call."""
    health: str
    """`ok`, `unresponsive` (the last call timed out), `offline` (the connection dropped) or
    `unknown` (not used yet)."""
    last_error: str | None
    """The error of the last call when it timed out or lost the connection; null when the
    last call was answered or none was made yet."""
    lease: LeaseInfo | None
    """Who holds the phone and until when; null when nobody leased it."""
    host: str = LOCAL_HOST
    """The farm host the phone is attached to; `local` for the service's own adb servers."""
    api_level: int | None = None
    """Android's API level (`ro.build.version.sdk`); null until read."""
    abi: str | None = None
    """The primary ABI (`ro.product.cpu.abi`); null until read."""
    tags: list[str] = Field(default_factory=list)
    """Words the operator gave the phone's host (`droidpilot node --tag`), for routing."""


class CompactElement(BaseModel):
    """An element in brief: what a planner or an agent needs to name and reach it."""

    model_config = ConfigDict(use_attribute_docstrings=True)

    label: str
    """Its text, else its content-desc; empty for unnamed controls."""
    role: str
    """What kind of widget it is: button, switch, checkbox, field, icon, text, list..."""
    icon: str = ""
    """What an icon shows when the app gave it no words, as the icon recogniser names it
    from its pixels (`search`, `back`, `shopping cart`); empty otherwise."""
    center: tuple[int, int]
    """Where a tap on it lands."""
    state: list[str] = Field(default_factory=list)
    """What holds of it: checked, selected, focused, disabled, editable, scrollable."""


class Observation(BaseModel):
    """What a phone shows now."""

    model_config = ConfigDict(use_attribute_docstrings=True)

    serial: str
    """The phone's adb serial."""
    package: str | None
    """The package of the app in front, e.g. com.android.settings; null when unknown."""
    activity: str | None
    """The activity in front, as the phone names it; null when unknown."""
    width: int
    """Screen width in pixels."""
    height: int
    """Screen height in pixels."""
    elements: list[CompactElement] | list[Element]
    """Compact by default; every field of every element with `compact=false`."""
    timing_ms: dict[str, float]
    """Milliseconds the observation took (`total`); empty for the screen after an action or
    a reset."""


class ActResult(BaseModel):
    """One action carried out: how its target was found, what was done, what shows now."""

    model_config = ConfigDict(use_attribute_docstrings=True)

    action: str
    """The action in its canonical text form."""
    outcome: Literal["succeeded", "target_not_found", "assertion_failed"]
    """`succeeded`, `target_not_found` (no element matched the target, after any scrolling
    to find it) or `assertion_failed` (an assert did not hold)."""
    detail: str
    """Why it did not succeed, when it did not."""
    grounding: GroundingBrief | None
    """Null for steps without a target (press back, wait, open an app by package)."""
    commands: list[Command]
    """What the phone was told, in order, scrolls made to find the target included."""
    screen: Observation
    """The screen once it settled after the action."""
    timing_ms: dict[str, float]
    """Milliseconds per stage: `ground` (perceiving included), `act` (the phone's commands),
    `settle`, and `observe` (reading the screen after); only `observe` when it failed."""


def farm_for(settings: Settings, *, leases: LeaseBook | None = None) -> Farm:
    """The farm of the configured adb servers, the main one first, its leases kept in
    `leases` (in memory when None)."""
    addresses = [AdbAddress(host, port) for host, port in settings.adb.addresses()]
    return Farm(
        addresses, settings.adb.device_config(), connect=settings.adb.connect, leases=leases
    )


def only_phone(farm: Farm, wanted: str | None) -> AndroidDevice:
    """The phone `wanted`, or the only one online when none is named (what the CLI's
    `run` and `explore` drive); DeviceNotFoundError saying which phones there are."""
    online = [device.serial for device in farm.devices() if device.state == "device"]
    where = ", ".join(farm.servers)
    if wanted is not None:
        if wanted not in online:
            listed = ", ".join(online) or "none"
            raise DeviceNotFoundError(
                f"no phone {wanted!r} on adb server {where} (online: {listed})", serial=wanted
            )
        return farm.device(wanted)
    if len(online) != 1:
        found = "no phone is" if not online else f"{len(online)} phones are"
        hint = "start one with: droidpilot virtual" if not online else "pick one with --device"
        raise DeviceNotFoundError(f"{found} attached to adb server {where}; {hint}")
    return farm.device(online[0])


def compact(screen: Screen) -> list[CompactElement]:
    """The elements worth naming: those with words, and controls a finger can use."""
    shown = []
    for element in screen.elements:
        usable = element.clickable or element.editable or element.scrollable
        if not element.label and not element.icon and not usable:
            continue
        state = [
            name
            for name, holds in (
                ("checked", element.checked),
                ("selected", element.selected),
                ("focused", element.focused),
                ("disabled", not element.enabled),
                ("editable", element.editable),
                ("scrollable", element.scrollable),
            )
            if holds
        ]
        center = element.center
        shown.append(
            CompactElement(
                label=element.label,
                role=element.role.value,
                icon=element.icon,
                center=(center.x, center.y),
                state=state,
            )
        )
    return shown


class Phones:
    """The farm's phones, reached from async routes without blocking the event loop."""

    def __init__(
        self,
        settings: Settings,
        farm: Farm,
        *,
        hosts: FarmHosts | None = None,
    ) -> None:
        """`hosts`: a farm's other hosts, whose phones are listed and driven here too."""
        self.settings = settings
        self.farm = farm
        self.hosts = hosts
        self._limiters: dict[str, anyio.CapacityLimiter] = {}
        self._limiters_lock = Lock()

    # -- the farm ------------------------------------------------------------------------

    async def list(self) -> list[DeviceInfo]:
        """Every phone of every adb server (a dead server hides only its own phones), then
        those of the farm's other hosts."""
        devices = await anyio.to_thread.run_sync(self.farm.devices)
        now = time.time()
        listed = [device_info(device, now) for device in devices]
        if self.hosts is not None:
            remote = await anyio.to_thread.run_sync(self.hosts.phones)
            leases = self.farm.leases
            listed += [
                host_phone_info(phone, leases.of(phone.serial), now)
                for phone in remote
                if phone.host != LOCAL_HOST
            ]
        return listed

    async def lease(self, serial: str, *, ttl_s: float, holder: str | None) -> LeaseGrant:
        """Hold the phone (of this host's adb servers, or of another host of the farm);
        finding it may wait, so not on the event loop."""

        def take() -> Lease:
            if remote_host(self.hosts, serial) is not None:
                return self.farm.leases.grant(serial, ttl_s=ttl_s, holder=holder, lasting=True)
            return self.farm.lease(serial, ttl_s=ttl_s, holder=holder, lasting=True)

        return lease_grant(await anyio.to_thread.run_sync(take), time.time())

    def renew(self, lease_id: str, *, ttl_s: float) -> LeaseGrant:
        return lease_grant(self.farm.renew(lease_id, ttl_s=ttl_s), time.time())

    def release(self, lease_id: str) -> None:
        self.farm.release(lease_id)

    # -- one phone -----------------------------------------------------------------------

    async def screenshot(
        self, serial: str, lease_id: str | None, image_format: Literal["png", "jpeg"]
    ) -> bytes:
        """The screen as an image in the format asked for."""
        observation = await self._on(serial, lease_id, lambda device: device.observe())
        return convert(observation.screenshot, image_format)

    async def observe(
        self,
        serial: str,
        lease_id: str | None,
        *,
        sources: tuple[Source, ...] = ("hierarchy",),
        full: bool = False,
    ) -> Observation:
        """The screen now, as elements."""
        started = time.perf_counter()
        screen = await self.screen(serial, lease_id, sources=sources)
        timing = {"total": (time.perf_counter() - started) * 1000}
        return observation_of(serial, screen, full=full, timing_ms=timing)

    async def screen(
        self, serial: str, lease_id: str | None, *, sources: tuple[Source, ...] = _HIERARCHY
    ) -> Screen:
        """The screen now, perceived through `sources` (what a planner plans on)."""
        return await self._on(serial, lease_id, lambda device: perceive(device.observe(), sources))

    async def act(
        self,
        serial: str,
        lease_id: str | None,
        action: Action,
        *,
        sources: tuple[Source, ...] = ("hierarchy",),
    ) -> ActResult:
        """Ground `action` on the settled screen, carry it out, wait for the screen to settle."""

        def carry_out(device: AndroidDevice) -> ActResult:
            runner = Runner(device, sources=sources, apps=device.launcher_apps)
            outcome: Literal["succeeded", "target_not_found", "assertion_failed"] = "succeeded"
            detail = ""
            report: StepReport | StepError
            try:
                report = runner.perform(action)
                timing = dict(report.timing_ms)
            except StepError as exc:
                report, timing = exc, {}
                failed_assertion = isinstance(action, aci.Assert)
                outcome = "assertion_failed" if failed_assertion else "target_not_found"
                detail = str(exc)
            started = time.perf_counter()
            screen = perceive(device.observe(), sources)
            timing["observe"] = (time.perf_counter() - started) * 1000
            return ActResult(
                action=format_action(action),
                outcome=outcome,
                detail=detail,
                grounding=None if report.grounding is None else GroundingBrief.of(report.grounding),
                commands=list(report.commands),
                screen=observation_of(serial, screen, full=False, timing_ms={}),
                timing_ms={stage: round(ms, 2) for stage, ms in timing.items()},
            )

        return await self._on(serial, lease_id, carry_out, budget_s=_ACTION_BUDGET_S)

    async def reset(
        self, serial: str, lease_id: str | None, *, package: str | None, clear: bool
    ) -> Observation:
        """Stop (or wipe) an app and go to the home screen: a known state to start from."""

        def reset(device: AndroidDevice) -> Observation:
            if package is not None:
                if clear:
                    device.clear_app(package)
                else:
                    device.stop_app(package)
            device.execute(aci.KeyCommand(name=aci.Key.HOME))
            Runner(device).settle()
            screen = perceive(device.observe(), _HIERARCHY)
            return observation_of(serial, screen, full=False, timing_ms={})

        return await self._on(serial, lease_id, reset)

    async def _on(
        self,
        serial: str,
        lease_id: str | None,
        work: Callable[[AndroidDevice], T],
        *,
        budget_s: float | None = None,
    ) -> T:
        """`work` on the phone in a worker thread of its own, within a deadline; on its
        host when the phone is another host's of the farm.

        The device layer bounds each call by `command_timeout_s`; this deadline is the
        backstop for a call queued behind others on a phone that stopped answering.
        """
        self.farm.check_access(serial, lease_id)
        timeout_s = self.settings.adb.command_timeout_s
        limit_s = (budget_s or 0) + 2 * timeout_s + 5.0

        def run() -> T:
            if self.hosts is not None and remote_host(self.hosts, serial) is not None:
                return self.hosts.call(serial, work, timeout_s=limit_s)
            return work(self.farm.device(serial))

        with anyio.move_on_after(limit_s):
            return await anyio.to_thread.run_sync(
                run, limiter=self._limiter(serial), abandon_on_cancel=True
            )
        raise DeviceTimeoutError(
            f"{serial}: the phone did not answer within {limit_s:.0f} s", serial=serial
        )

    def _limiter(self, serial: str) -> anyio.CapacityLimiter:
        with self._limiters_lock:
            limiter = self._limiters.get(serial)
            if limiter is None:
                limiter = self._limiters[serial] = anyio.CapacityLimiter(_THREADS_PER_PHONE)
            return limiter


def observation_of(
    serial: str, screen: Screen, *, full: bool, timing_ms: dict[str, float]
) -> Observation:
    elements: list[CompactElement] | list[Element] = (
        list(screen.elements) if full else compact(screen)
    )
    return Observation(
        serial=serial,
        package=screen.package,
        activity=screen.activity,
        width=screen.width,
        height=screen.height,
        elements=elements,
        timing_ms={stage: round(ms, 2) for stage, ms in timing_ms.items()},
    )


def convert(image: bytes, image_format: Literal["png", "jpeg"]) -> bytes:
    """The screenshot in `image_format`; as it came when it is already in it."""
    is_png = image.startswith(b"\x89PNG")
    if (image_format == "png") == is_png:
        return image
    try:
        with Image.open(io.BytesIO(image)) as opened:
            out = io.BytesIO()
            picture = opened.convert("RGB")
            picture.save(out, format="PNG" if image_format == "png" else "JPEG", quality=85)
            return out.getvalue()
    except OSError as exc:
        raise DeviceCommandError(f"the phone's screenshot is not an image: {exc}") from exc


def device_info(device: FarmDevice, now: float) -> DeviceInfo:
    return DeviceInfo(
        serial=device.serial,
        server=device.server,
        state=device.state,
        model=device.model,
        size=device.size,
        backend=device.backend,
        health=device.health,
        last_error=device.last_error,
        lease=None if device.lease is None else lease_info(device.lease, now),
        api_level=device.api_level,
        abi=device.abi,
    )


def host_phone_info(phone: HostPhone, lease: Lease | None, now: float) -> DeviceInfo:
    """A phone of another host of the farm, as its host's agent last reported it."""
    return DeviceInfo(
        serial=phone.serial,
        server=phone.host,
        state=phone.state,
        model=phone.model,
        size=None,
        backend=None,
        health="ok" if phone.usable else "offline",
        last_error=None,
        lease=None if lease is None else lease_info(lease, now),
        host=phone.host,
        api_level=phone.api_level,
        abi=phone.abi,
        tags=list(phone.tags),
    )


def lease_info(lease: Lease, now: float) -> LeaseInfo:
    return LeaseInfo(
        serial=lease.serial,
        holder=lease.holder,
        ttl_s=lease.ttl_s,
        expires_in_s=round(max(0.0, lease.expires_at - now), 1),
    )


def lease_grant(lease: Lease, now: float) -> LeaseGrant:
    return LeaseGrant(id=lease.id, **lease_info(lease, now).model_dump())
