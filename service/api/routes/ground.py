"""`POST /v1/ground`: where on this screen does this action land?"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any

from fastapi import APIRouter
from pydantic import ConfigDict, Field, field_validator

from aci import Source
from service.api.deps import GrounderDep
from service.api.limits import (
    MAX_SOURCES,
    HierarchyText,
    ImageText,
    RequestModel,
    SerialText,
    check_action_input,
)
from service.errors import InvalidInputError
from service.ground import ALL_SOURCES, GroundResult, read_action

router = APIRouter(prefix="/ground", tags=["grounding"])

_DATA_URL = re.compile(r"^data:[\w/+.-]*;base64,", re.IGNORECASE)


class GroundRequest(RequestModel):
    """An action and a screen: a screenshot and/or a UI hierarchy, or a phone to observe."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"action": 'tap "Wi-Fi"', "device": "127.0.0.1:5555"},
                {"action": {"type": "tap", "target": "Wi-Fi"}, "image": "iVBORw0KGgo..."},
            ]
        },
    )

    action: str | dict[str, Any]
    """ACI text (`tap "Wi-Fi"`) or the structured action (`{"type": "tap", "target": "Wi-Fi"}`);
    at most `MAX_ACTION_CHARS` (2,000) characters, in the text or in any field."""
    image: ImageText | None = None
    """The screenshot, PNG or JPEG, in base64 (a `data:image/png;base64,` prefix is fine)."""
    hierarchy: HierarchyText | None = None
    """The UI hierarchy XML, as `uiautomator dump` or uiautomator2 writes it."""
    device: SerialText | None = None
    """Serial of a phone on the service's adb server, observed instead of image/hierarchy."""
    sources: list[Source] = Field(
        default_factory=lambda: list(ALL_SOURCES), min_length=1, max_length=MAX_SOURCES
    )
    """Which perception sources to use."""

    @field_validator("action", mode="before")
    @classmethod
    def _text_or_object(cls, value: Any) -> Any:
        return check_action_input(value)


def decode_image(text: str) -> bytes:
    """The image bytes of a base64 string; InvalidInputError saying what is wrong otherwise."""
    payload = "".join(_DATA_URL.sub("", text.strip(), count=1).split())
    try:
        data = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise InvalidInputError(
            f"image is not valid base64 ({exc}); send the PNG or JPEG file's bytes "
            "base64-encoded, e.g. base64 -w0 screen.png"
        ) from exc
    if not data:
        raise InvalidInputError("image is empty; send a PNG or JPEG screenshot in base64")
    return data


@router.post("", response_model=GroundResult)
def ground(request: GroundRequest, grounder: GrounderDep) -> GroundResult:
    """Ground the action on the screen: the command to run, the element it hits, and why.

    Runs in the threadpool: perception (OCR, detectors) and observing a phone block.
    """
    action = read_action(request.action)
    return grounder.ground(
        action,
        image=decode_image(request.image) if request.image is not None else None,
        hierarchy=request.hierarchy,
        device=request.device,
        sources=tuple(dict.fromkeys(request.sources)),
    )
