"""The service's one `Settings`, read from `DROIDPILOT_*` environment variables.

Each component has a section, and a variable names its section then its field:
`DROIDPILOT_ADB_PORT` is `adb.port`, `DROIDPILOT_API_TOKEN` is `api.token`,
`DROIDPILOT_LLM_BASE_URL` is `llm.base_url`, `DROIDPILOT_GROUNDING_OCR_THREADS` is
`grounding.ocr_threads`, `DROIDPILOT_DATA_DIR` is `data.dir`. The environment is read once,
here; every component gets its section handed down (`create_app(settings)`, the CLI).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from device import DeviceConfig
from device.config import BackendChoice
from grounding.config import GroundingConfig
from planning import LlmSettings

__all__ = [
    "AdbSection",
    "ApiSection",
    "ClusterSection",
    "DataSection",
    "Settings",
    "get_settings",
]

_TOKEN_CHARS = 16
"""The shortest API token accepted: it guards every phone of the adb servers."""


def _default_data_dir() -> Path:
    """`$XDG_DATA_HOME/droidpilot`, else `~/.local/share/droidpilot`, as Linux tools keep data."""
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "droidpilot"


def _host_port(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"adb server {text!r} is not host:port, e.g. 10.0.0.7:5037")
    return host.strip("[]"), int(port)


class AdbSection(BaseModel):
    """Where the phones are (`DROIDPILOT_ADB_*`)."""

    model_config = ConfigDict(use_attribute_docstrings=True, frozen=True)

    host: str = "127.0.0.1"
    """Host of the main adb server."""
    port: int = Field(default=5037, ge=1, le=65535)
    """Port of the main adb server (the one `adb start-server` runs)."""
    servers: Annotated[list[str], NoDecode] = Field(default_factory=list)
    """More adb servers of the farm, as `host:port` (comma-separated in the environment)."""
    connect: Annotated[list[str], NoDecode] = Field(default_factory=list)
    """Phones reached over TCP (`emulator:5555`, comma-separated) that the main adb server is
    kept connected to: an emulator container that boots after the service joins by itself."""
    backend: BackendChoice = "auto"
    """`auto`: uiautomator2 when its server starts on the phone, plain adb otherwise."""
    command_timeout_s: float = Field(default=20.0, gt=0)
    """Longest wait for one device call; a phone slower than this answers 504."""
    connect_timeout_s: float = Field(default=30.0, gt=0)
    """Longest wait for the uiautomator2 server to come up on a phone."""

    @field_validator("servers", "connect", mode="before")
    @classmethod
    def _split(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("servers", "connect")
    @classmethod
    def _addresses(cls, addresses: list[str]) -> list[str]:
        for address in addresses:
            _host_port(address)  # a ValueError that names the bad one
        return addresses

    def addresses(self) -> list[tuple[str, int]]:
        """Every adb server of the farm as (host, port), the main one first, each once."""
        found = [(self.host, self.port)]
        for server in self.servers:
            address = _host_port(server)
            if address not in found:
                found.append(address)
        return found

    def device_config(self) -> DeviceConfig:
        """The device layer's settings for the main adb server."""
        return DeviceConfig(
            adb_host=self.host,
            adb_port=self.port,
            backend=self.backend,
            command_timeout_s=self.command_timeout_s,
            connect_timeout_s=self.connect_timeout_s,
        )


class ApiSection(BaseModel):
    """The HTTP API (`DROIDPILOT_API_*`)."""

    model_config = ConfigDict(use_attribute_docstrings=True, frozen=True)

    token: SecretStr | None = None
    """Bearer token every request must carry (`/healthz` and the docs excepted); required
    when the API listens beyond loopback. Sixteen characters at least: it guards every phone."""
    max_body_bytes: int = Field(default=20 * 1024 * 1024, ge=1024)
    """Largest request body the API accepts (a screenshot in base64 plus a hierarchy)."""

    @field_validator("token")
    @classmethod
    def _long_enough(cls, token: SecretStr | None) -> SecretStr | None:
        if token is not None and len(token.get_secret_value()) < _TOKEN_CHARS:
            raise ValueError(
                f"the API token is {len(token.get_secret_value())} characters: use "
                f"{_TOKEN_CHARS} or more, e.g. python -c 'import secrets; "
                "print(secrets.token_urlsafe(24))'"
            )
        return token


class DataSection(BaseModel):
    """What the service keeps on disk (`DROIDPILOT_DATA_*`)."""

    model_config = ConfigDict(use_attribute_docstrings=True, frozen=True)

    dir: Path = Field(default_factory=_default_data_dir)
    """Tasks, trajectories and screenshots live here (`tasks.sqlite3`, `screenshots/`)."""
    keep_screenshots_of: int = Field(default=200, ge=0)
    """Screenshots of the newest this many tasks are kept; older tasks keep their steps."""


class ClusterSection(BaseModel):
    """The farm on Ray (`DROIDPILOT_CLUSTER_*`; needs the `cluster` extra)."""

    model_config = ConfigDict(use_attribute_docstrings=True, frozen=True)

    head: str | None = Field(default=None, pattern=r"^[^\s:]+:\d{1,5}$")
    """The Ray head's address (`host:port`): tasks then run on the hosts that joined it
    (`droidpilot node`); unset, they run in the service's process on its own phones."""


class Settings(BaseSettings):
    """Every setting of the service, one section per component."""

    model_config = SettingsConfigDict(
        env_prefix="DROIDPILOT_",
        env_nested_delimiter="_",
        env_nested_max_split=1,  # DROIDPILOT_ADB_COMMAND_TIMEOUT_S: section adb, the rest a field
        frozen=True,
    )

    adb: AdbSection = Field(default_factory=AdbSection)
    api: ApiSection = Field(default_factory=ApiSection)
    data: DataSection = Field(default_factory=DataSection)
    llm: LlmSettings = Field(default_factory=LlmSettings)
    grounding: GroundingConfig = Field(default_factory=GroundingConfig)
    cluster: ClusterSection = Field(default_factory=ClusterSection)

    def with_adb(self, host: str | None = None, port: int | None = None) -> Settings:
        """These settings with the main adb server replaced where a CLI flag says so."""
        changes = {name: value for name, value in (("host", host), ("port", port)) if value}
        if not changes:
            return self
        return self.model_copy(update={"adb": self.adb.model_copy(update=changes)})


@lru_cache
def get_settings() -> Settings:
    """The environment's settings, read once per process."""
    return Settings()
