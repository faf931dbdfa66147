"""`GET /v1/health`: is the service up, are its models loaded, which phones can it reach."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict

from device import AdbServer, DeviceError
from service.adb_probe import adb_answers
from service.api.deps import GrounderDep, SettingsDep

router = APIRouter(prefix="/health", tags=["health"])


class AdbStatus(BaseModel):
    model_config = ConfigDict(use_attribute_docstrings=True)

    server: str
    """host:port of the adb server the service talks to."""
    devices: list[str]
    """Serials of the usable phones on it."""
    error: str | None = None
    """Why the adb server could not be asked, when it could not."""


class Health(BaseModel):
    model_config = ConfigDict(use_attribute_docstrings=True)

    status: Literal["ok"] = "ok"
    """Always "ok": the service is up and answering."""
    version: str
    """The installed droidpilot version; "unknown" when running from an uninstalled tree."""
    models_loaded: bool
    """Whether the perception models are loaded (they load on the first grounding)."""
    adb: AdbStatus
    """The adb server the service talks to, and the usable phones on it."""


def _version() -> str:
    try:
        return version("droidpilot")
    except PackageNotFoundError:
        return "unknown"


@router.get("", response_model=Health)
def health(settings: SettingsDep, grounder: GrounderDep) -> Health:
    """Always 200 while the service runs; `adb.error` says when no phone can be reached."""
    server = AdbServer(host=settings.adb.host, port=settings.adb.port, timeout_s=5.0)
    adb = AdbStatus(server=f"{server.host}:{server.port}", devices=[])
    if not adb_answers(server.host, server.port):
        adb.error = f"no adb server answers on {adb.server}"
        return Health(version=_version(), models_loaded=grounder.models_loaded, adb=adb)
    try:
        adb.devices = [entry.serial for entry in server.devices() if entry.state == "device"]
    except DeviceError as exc:
        adb.error = str(exc)
    return Health(version=_version(), models_loaded=grounder.models_loaded, adb=adb)
