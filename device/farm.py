"""The device farm: the phones of one or more adb servers, their health and leases.

The farm's lock guards only its tables and is never held across device I/O: one
frozen phone or dead adb server must not stall calls for the others. Each
`AndroidDevice` serialises its own calls, with deadlines.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from device.adb import AdbServer, DeviceSummary, is_tcp_serial
from device.android import AndroidDevice
from device.config import DeviceConfig
from device.errors import DeviceError, DeviceNotFoundError, DeviceOfflineError
from device.health import HealthState
from device.lease import Lease, LeaseBook

logger = logging.getLogger(__name__)

_CONNECT_EVERY_S = 5.0
"""A configured TCP phone that is not online is tried again after this many seconds."""
_CONNECT_TIMEOUT_S = 3.0
"""One `adb connect` waits this long: a phone on the network answers in milliseconds."""
_FACTS_RETRY_S = 60.0
"""A phone whose properties could not be read is asked again after this long, so that a
hung phone slows one listing a minute at most."""


@dataclass(frozen=True)
class AdbAddress:
    """Where an adb server listens."""

    host: str
    port: int

    def __post_init__(self) -> None:
        if not self.host:
            raise ValueError("adb server host is empty: use e.g. 127.0.0.1:5037")
        if not 0 < self.port < 65536:
            raise ValueError(f"adb server port {self.port} out of range: use 1-65535")

    @classmethod
    def parse(cls, text: str) -> AdbAddress:
        """`host:port` (`[::1]:5037` for IPv6)."""
        host, colon, port = text.strip().rpartition(":")
        if not colon or not host or not port.isdigit():
            raise ValueError(f"adb server address {text!r} is not host:port, e.g. 127.0.0.1:5037")
        return cls(host.removeprefix("[").removesuffix("]"), int(port))

    def __str__(self) -> str:
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"


@dataclass(frozen=True)
class FarmDevice:
    """One phone as the farm lists it, read without waiting on the phone itself."""

    serial: str
    server: str
    """The adb server (`host:port`) that lists it."""
    state: str
    """adb's word: `device` when usable; `offline`, `unauthorized`... otherwise."""
    model: str
    size: tuple[int, int] | None
    """Screen size in pixels, once read from a connected phone."""
    backend: str | None
    """`uiautomator2` or `adb` once connected; None before."""
    health: HealthState
    last_error: str | None
    lease: Lease | None
    api_level: int | None = None
    """`ro.build.version.sdk`, read once per phone; None until read."""
    abi: str | None = None
    """`ro.product.cpu.abi`, read once per phone; None until read."""


@dataclass(frozen=True)
class _Facts:
    """What a phone is, as its properties say; constant while it runs."""

    api_level: int | None
    abi: str | None


class Farm:
    """Phones across adb servers: discovery, one cached `AndroidDevice` each, leases."""

    def __init__(
        self,
        servers: Sequence[AdbAddress],
        config: DeviceConfig,
        *,
        connect: Sequence[str] = (),
        clock: Callable[[], float] = time.time,
        leases: LeaseBook | None = None,
    ) -> None:
        """`leases` keeps the phones' leases (in memory unless given a store that outlives
        the process, as the service's is)."""
        if not servers:
            raise ValueError("a farm needs at least one adb server address")
        self._config = config
        self._servers = {
            str(address): AdbServer(
                host=address.host, port=address.port, timeout_s=config.command_timeout_s
            )
            for address in servers
        }
        self._leases = leases if leases is not None else LeaseBook(clock=clock)
        self._lock = threading.Lock()
        self._devices: dict[str, AndroidDevice] = {}
        self._homes: dict[str, str] = {}
        """Serial -> the adb server that last listed it."""
        self._sizes: dict[str, tuple[int, int]] = {}
        self._facts: dict[str, _Facts] = {}
        self._facts_failed: dict[str, float] = {}
        """Serial -> when reading its properties last failed (monotonic seconds)."""
        self._server_errors: dict[str, str] = {}
        self._connect = {address: -_CONNECT_EVERY_S for address in connect}
        """TCP phones (`host:port`) to keep connected to the first adb server -> when it was
        last tried (monotonic seconds)."""

    @property
    def leases(self) -> LeaseBook:
        """The phones' leases: this farm's, and those of phones a farm of hosts runs."""
        return self._leases

    @property
    def servers(self) -> list[str]:
        return list(self._servers)

    def server_errors(self) -> dict[str, str]:
        """Why each adb server that failed its last listing did (absent when it answered)."""
        with self._lock:
            return dict(self._server_errors)

    def devices(self) -> list[FarmDevice]:
        """Every phone of every adb server that answers; the others are skipped and their
        errors kept in `server_errors()`."""
        listed: list[FarmDevice] = []
        for key, summaries in self._listings():
            for summary in summaries:
                with self._lock:
                    device = self._devices.get(summary.serial)
                health = device.health if device is not None else None
                facts = self._facts_of(key, summary)
                listed.append(
                    FarmDevice(
                        serial=summary.serial,
                        server=key,
                        state=summary.state,
                        model=summary.model,
                        size=self._size(summary, device),
                        backend=device.connected_backend if device is not None else None,
                        health=health.state if health is not None else HealthState.UNKNOWN,
                        last_error=health.last_error if health is not None else None,
                        lease=self._leases.of(summary.serial),
                        api_level=facts.api_level if facts else None,
                        abi=facts.abi if facts else None,
                    )
                )
        return listed

    def health_counts(self) -> dict[str, int]:
        """How many of the phones the farm has driven are in each health state (for
        metrics; asks no phone and no adb server)."""
        with self._lock:
            devices = list(self._devices.values())
        counts = dict.fromkeys(HealthState, 0)
        for device in devices:
            counts[device.health.state] += 1
        return {state.value: count for state, count in counts.items()}

    def device(self, serial: str) -> AndroidDevice:
        """The phone's `AndroidDevice`, found on its adb server on first use and kept.

        A kept device reconnects by itself after a drop. A TCP phone that its server
        no longer lists, or lists offline, gets one `adb connect` first.
        """
        with self._lock:
            device = self._devices.get(serial)
        if device is not None:
            return device
        key = self._find(serial)
        server = self._servers[key]
        config = replace(self._config, adb_host=server.host, adb_port=server.port)
        with self._lock:
            return self._devices.setdefault(serial, AndroidDevice(serial, config=config))

    def lease(
        self, serial: str, *, ttl_s: float, holder: str | None = None, lasting: bool = False
    ) -> Lease:
        """Hold the phone alone for `ttl_s` seconds (renew before it runs out)."""
        self.device(serial)  # an unknown phone is a DeviceNotFoundError, not a lease
        return self._leases.grant(serial, ttl_s=ttl_s, holder=holder, lasting=lasting)

    def renew(self, lease_id: str, *, ttl_s: float) -> Lease:
        return self._leases.renew(lease_id, ttl_s=ttl_s)

    def release(self, lease_id: str) -> Lease:
        return self._leases.release(lease_id)

    def lease_by_id(self, lease_id: str) -> Lease:
        """The unexpired lease with this id (its holder showed it); LeaseNotFoundError else."""
        return self._leases.get(lease_id)

    def lease_of(self, serial: str) -> Lease | None:
        return self._leases.of(serial)

    def check_access(self, serial: str, lease_id: str | None) -> None:
        """Raise unless a caller showing `lease_id` (or none) may drive the phone now."""
        self._leases.check(serial, lease_id)

    def close(self) -> None:
        """Stop the uiautomator2 servers the farm's devices started; phones stay connected."""
        with self._lock:
            devices, self._devices = list(self._devices.values()), {}
        for device in devices:
            try:
                device.close()
            except DeviceError as exc:
                logger.warning("%s: closing: %s", device.serial, exc)

    def _connect_missing(self, listed: Sequence[DeviceSummary]) -> bool:
        """`adb connect` the configured TCP phones the first server does not list online,
        each at most every `_CONNECT_EVERY_S`: an emulator container that boots after the
        service, or restarts, joins the farm by itself. True when one was tried."""
        online = {summary.serial for summary in listed if summary.state == "device"}
        now = time.monotonic()
        with self._lock:
            due = [
                address
                for address, tried in self._connect.items()
                if address not in online and now - tried >= _CONNECT_EVERY_S
            ]
            self._connect.update(dict.fromkeys(due, now))
        server = next(iter(self._servers.values()))
        for address in due:
            try:
                server.connect(address, timeout_s=_CONNECT_TIMEOUT_S)
                logger.info("%s: connected to adb server %s:%s", address, server.host, server.port)
            except DeviceError as exc:
                logger.info("%s: not reachable yet: %s", address, exc)
        return bool(due)

    def _listings(self) -> list[tuple[str, list[DeviceSummary]]]:
        """Each answering server with its phones; remembers the errors of the others."""
        listings = []
        first = next(iter(self._servers))
        for key, server in self._servers.items():
            try:
                if not server.answers():  # adbutils would start a local server instead
                    raise DeviceOfflineError(f"no adb server answers on {key}")
                summaries = server.devices()
                if key == first and self._connect and self._connect_missing(summaries):
                    summaries = server.devices()
            except DeviceError as exc:
                logger.warning("adb server %s skipped: %s", key, exc)
                with self._lock:
                    self._server_errors[key] = str(exc)
                continue
            with self._lock:
                self._server_errors.pop(key, None)
                self._homes.update((summary.serial, key) for summary in summaries)
            listings.append((key, summaries))
        return listings

    def _find(self, serial: str) -> str:
        """The adb server that has the phone online, after one `adb connect` if needed."""
        states = {
            key: summary.state
            for key, summaries in self._listings()
            for summary in summaries
            if summary.serial == serial
        }
        online = [key for key, state in states.items() if state == "device"]
        if online:
            return online[0]
        with self._lock:
            home = self._homes.get(serial)
            home_error = self._server_errors.get(home or "")
        if home is None:
            errors = self.server_errors()
            if errors:  # it may be on a server that did not answer: gone, not unknown
                raise DeviceOfflineError(
                    f"no device {serial!r} on the adb servers that answer; not answering: "
                    + "; ".join(errors.values()),
                    serial=serial,
                )
            raise DeviceNotFoundError(
                f"no device {serial!r} on adb servers {', '.join(self._servers)}", serial=serial
            )
        if home_error is not None:
            raise DeviceOfflineError(
                f"{serial}: its adb server failed: {home_error}", serial=serial
            )
        state = states.get(home, "gone")
        if is_tcp_serial(serial):
            logger.info("%s: %s on %s; trying adb connect once", serial, state, home)
            try:
                self._servers[home].reconnect(serial)
                state = next(
                    (s.state for s in self._servers[home].devices() if s.serial == serial), "gone"
                )
            except DeviceError as exc:
                raise DeviceOfflineError(
                    f"{serial}: {state} on adb server {home}, and adb connect failed: {exc}",
                    serial=serial,
                ) from exc
            if state == "device":
                return home
        raise DeviceOfflineError(f"{serial}: device is {state} on adb server {home}", serial=serial)

    def _facts_of(self, key: str, summary: DeviceSummary) -> _Facts | None:
        """The phone's API level and ABI, read once (`getprop`) from a phone that is online."""
        serial = summary.serial
        with self._lock:
            facts = self._facts.get(serial)
            failed = self._facts_failed.get(serial)
        if facts is not None or summary.state != "device":
            return facts
        if failed is not None and time.monotonic() - failed < _FACTS_RETRY_S:
            return None
        try:
            props = self._servers[key].phone(serial).properties()
        except DeviceError as exc:
            logger.debug("%s: no properties: %s", serial, exc)
            with self._lock:
                self._facts_failed[serial] = time.monotonic()
            return None
        sdk = props.get("ro.build.version.sdk", "")
        facts = _Facts(int(sdk) if sdk.isdigit() else None, props.get("ro.product.cpu.abi") or None)
        with self._lock:
            self._facts[serial] = facts
            self._facts_failed.pop(serial, None)
        return facts

    def _size(self, summary: DeviceSummary, device: AndroidDevice | None) -> tuple[int, int] | None:
        """The screen size, read once per serial and only from a phone that is online,
        connected, answered its last call and is not busy: a listing never waits on it."""
        with self._lock:
            size = self._sizes.get(summary.serial)
        if size is not None or device is None or summary.state != "device":
            return size
        size = device.known_size
        if (
            size is None
            and device.connected_backend is not None
            and device.health.state is HealthState.OK
            and not device.busy
        ):
            try:
                size = device.screen_size()
            except DeviceError as exc:
                logger.debug("%s: no screen size: %s", summary.serial, exc)
        if size is not None:
            with self._lock:
                self._sizes[summary.serial] = size
        return size
