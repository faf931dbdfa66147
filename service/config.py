"""Service settings, read from `DROIDPILOT_*` environment variables."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from device import DeviceConfig
from device.config import BackendChoice

_TOKEN_CHARS = 16
"""The shortest API token accepted: it guards every phone of the adb server."""


class Settings(BaseSettings):
    """Defaults that every CLI flag and route falls back to."""

    model_config = SettingsConfigDict(env_prefix="DROIDPILOT_")

    adb_host: str = "127.0.0.1"
    adb_port: int = Field(default=5037, ge=1, le=65535)
    backend: BackendChoice = "auto"
    command_timeout_s: float = Field(default=20.0, gt=0)
    max_body_bytes: int = Field(default=20 * 1024 * 1024, ge=1024)
    """Largest request body the API accepts (a screenshot in base64 plus a hierarchy)."""
    api_token: SecretStr | None = None
    """Bearer token every request must carry (`/healthz` excepted); required when the API
    listens beyond loopback. Sixteen characters at least: it guards every phone."""

    @field_validator("api_token")
    @classmethod
    def _long_enough(cls, token: SecretStr | None) -> SecretStr | None:
        if token is not None and len(token.get_secret_value()) < _TOKEN_CHARS:
            raise ValueError(
                f"api_token is {len(token.get_secret_value())} characters: use "
                f"{_TOKEN_CHARS} or more, e.g. python -c 'import secrets; "
                "print(secrets.token_urlsafe(24))'"
            )
        return token

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
