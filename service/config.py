"""Service settings, read from `DROIDPILOT_*` environment variables."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from device import DeviceConfig
from device.config import BackendChoice


class Settings(BaseSettings):
    """Defaults that every CLI flag and route falls back to."""

    model_config = SettingsConfigDict(env_prefix="DROIDPILOT_")

    adb_host: str = "127.0.0.1"
    adb_port: int = Field(default=5037, ge=1, le=65535)
    backend: BackendChoice = "auto"
    command_timeout_s: float = Field(default=20.0, gt=0)
    max_body_bytes: int = Field(default=20 * 1024 * 1024, ge=1024)
    """Largest request body the API accepts (a screenshot in base64 plus a hierarchy)."""

    def device_config(
        self, *, adb_host: str | None = None, adb_port: int | None = None
    ) -> DeviceConfig:
        """The device layer's section, with per-call overrides."""
        return DeviceConfig(
            adb_host=adb_host or self.adb_host,
            adb_port=adb_port or self.adb_port,
            backend=self.backend,
            command_timeout_s=self.command_timeout_s,
        )


@lru_cache
def get_settings() -> Settings:
    return Settings()
