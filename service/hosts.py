"""The phones of a farm's hosts, the queries that pick one by what it is rather than by
serial (`device_query`), and the errors of work sent to a host: what the executors list and
raise, and what the task manager and the flows route route by."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from device import AndroidDevice
from device.errors import DeviceError

__all__ = [
    "LOCAL_HOST",
    "DeviceQuery",
    "FarmHosts",
    "HostLostError",
    "HostPhone",
    "NotPlacedError",
    "remote_host",
]

T = TypeVar("T")

LOCAL_HOST = "local"
"""The host name the in-process executor gives its phones."""


class DeviceQuery(BaseModel):
    """Which phones a task may run on, by what they are rather than by serial: every field
    given must match (`tags`: the phone has all of them)."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

    api_level: int | None = Field(default=None, ge=1, le=99)
    """Android's API level (`ro.build.version.sdk`), e.g. 34."""
    model: str | None = Field(default=None, min_length=1, max_length=128)
    """The phone's model (`ro.product.model`: `Pixel 8`), compared without regard to case,
    and with `_` for a space, as `adb devices -l` writes it (`Pixel_8`)."""
    abi: str | None = Field(default=None, min_length=1, max_length=32)
    """The primary ABI (`ro.product.cpu.abi`): `x86_64`, `arm64-v8a`..."""
    tags: list[str] = Field(default_factory=list, max_length=16)
    """Words the farm's operator gave the phone's host (`droidpilot node --tag fast`)."""
    host: str | None = Field(default=None, min_length=1, max_length=253)
    """The host the phone is attached to."""

    def matches(self, phone: HostPhone) -> bool:
        return (
            (self.api_level is None or phone.api_level == self.api_level)
            and (self.model is None or _model_key(phone.model) == _model_key(self.model))
            and (self.abi is None or phone.abi == self.abi)
            and set(self.tags) <= set(phone.tags)
            and (self.host is None or phone.host == self.host)
        )

    def __str__(self) -> str:
        given = self.model_dump(exclude_defaults=True)
        return ", ".join(f"{name} {value}" for name, value in given.items()) or "any phone"


def _model_key(model: str) -> str:
    return model.replace("_", " ").casefold()


@dataclass(frozen=True)
class HostPhone:
    """A phone an executor can run episodes on, with the attributes tasks are routed by."""

    serial: str
    host: str
    """The host whose adb server lists the phone (`local` for this process's own)."""
    state: str
    """adb's word: `device` when usable."""
    model: str = ""
    api_level: int | None = None
    abi: str | None = None
    tags: tuple[str, ...] = ()

    @property
    def usable(self) -> bool:
        return self.state == "device"


class HostLostError(DeviceError):
    """The host running the episode died or left the farm; the episode's outcome is unknown."""

    def __init__(self, host: str, detail: str) -> None:
        super().__init__(f"host lost: {host}: {detail}")
        self.host = host


class NotPlacedError(DeviceError):
    """No host took the job within its queue timeout (its phone's host is gone or full)."""


class FarmHosts(Protocol):
    """The other hosts of a farm, as the one-phone routes reach them (`RayExecutor`)."""

    def phones(self) -> list[HostPhone]:
        """Every host's phones, as of a few seconds ago at most."""
        ...

    def call(self, serial: str, work: Callable[[AndroidDevice], T], *, timeout_s: float) -> T:
        """`work` on the phone, run on its host; raises as `work` does, HostLostError when
        the host dies under it, NotPlacedError when it could not start within `timeout_s`."""
        ...


def remote_host(hosts: FarmHosts | None, serial: str) -> str | None:
    """The farm host the phone is attached to when it is another host's; None when it is
    this service's own (or there is no farm)."""
    for phone in hosts.phones() if hosts is not None else ():
        if phone.serial == serial and phone.host != LOCAL_HOST:
            return phone.host
    return None
