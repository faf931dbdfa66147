"""What a device hands to perception: one raw look at the screen.

It lives in `aci` because it crosses the seam: `device` produces it and
`grounding.perceive` consumes it, and neither may import the other.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Backend = Literal["uiautomator2", "adb", "image"]
"""Who served the observation: the uiautomator2 server, plain adb, or a client's upload."""


class RawObservation(BaseModel):
    """Screenshot bytes and the UI hierarchy as the device gave them, before any parsing."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", ser_json_bytes="base64", val_json_bytes="base64"
    )

    screenshot: bytes = Field(repr=False)
    """Encoded image as the backend returned it (PNG from adb, JPEG from uiautomator2)."""
    image_format: Literal["png", "jpeg"]
    hierarchy_xml: str | None = Field(default=None, repr=False)
    """The uiautomator XML, or None where the device gave none."""
    package: str = ""
    activity: str = ""
    width: int = Field(ge=0)
    height: int = Field(ge=0)
    backend: Backend
    elapsed_ms: float = Field(ge=0)
    """Wall time of the whole observation."""
