"""Settings of the device layer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

BackendChoice = Literal["auto", "uiautomator2", "adb"]


@dataclass(frozen=True)
class DeviceConfig:
    """How to reach phones and how long to wait for them."""

    adb_host: str = "127.0.0.1"
    adb_port: int = 5037
    """Port of the adb server (the one `adb start-server` runs)."""
    backend: BackendChoice = "auto"
    """`auto`: uiautomator2 when its server starts on the phone, plain adb otherwise."""
    command_timeout_s: float = 20.0
    """Longest wait for one shell command or RPC before the phone counts as unresponsive;
    also the longest a call waits for another call on the same phone to finish."""
    connect_timeout_s: float = 30.0
    """Longest wait for the uiautomator2 server to come up."""

    def __post_init__(self) -> None:
        if not 0 < self.adb_port < 65536:
            raise ValueError(f"adb_port {self.adb_port} out of range: use 1-65535")
        if self.command_timeout_s <= 0 or self.connect_timeout_s <= 0:
            raise ValueError("timeouts must be positive seconds")
