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
from service.api.metrics import MetricsDep
from service.errors import InvalidInputError, error_responses
from service.ground import ALL_SOURCES, GroundResult, read_action

router = APIRouter(prefix="/ground", tags=["grounding"])

SCREEN_ERRORS = (
    "invalid_input",
    "bad_screen",
    "input_too_large",
    "body_too_large",
    "device_not_found",
    "device_offline",
    "device_timeout",
    "device_command_failed",
)
"""Codes of the errors of a request with a screen in it: sent (and refused) or observed on a
phone (which may be missing, gone or silent)."""

_DATA_URL = re.compile(r"^data:[\w/+.-]*;base64,", re.IGNORECASE)

EXAMPLE_HIERARCHY = (
    '<hierarchy rotation="0">'
    '<node class="android.widget.FrameLayout" text="" content-desc="" bounds="[0,0][1080,2400]">'
    '<node class="android.widget.TextView" text="Internet" content-desc="" '
    'bounds="[168,110][1049,184]" />'
    '<node class="android.widget.LinearLayout" text="" content-desc="" clickable="true" '
    'bounds="[0,231][1080,430]">'
    '<node class="android.widget.TextView" text="Wi-Fi" content-desc="" '
    'bounds="[52,290][400,370]" />'
    '<node class="android.widget.Switch" text="" content-desc="" checkable="true" '
    'checked="false" bounds="[900,290][1028,370]" /></node>'
    '<node class="android.widget.LinearLayout" text="" content-desc="" clickable="true" '
    'bounds="[0,430][1080,629]">'
    '<node class="android.widget.TextView" text="Airplane mode" content-desc="" '
    'bounds="[52,490][600,570]" /></node></node></hierarchy>'
)
"""A small Internet settings page as `uiautomator dump` writes it: the request examples of
the docs answer 200 on any server, with no phone attached."""


class GroundRequest(RequestModel):
    """An action and a screen: a screenshot and/or a UI hierarchy, or a phone to observe."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"action": 'tap "Wi-Fi"', "hierarchy": EXAMPLE_HIERARCHY},
                {
                    "action": {"type": "tap", "target": "Wi-Fi switch"},
                    "hierarchy": EXAMPLE_HIERARCHY,
                    "sources": ["hierarchy"],
                },
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


@router.post(
    "",
    response_model=GroundResult,
    responses=error_responses("bad_action", *SCREEN_ERRORS),
)
def ground(request: GroundRequest, grounder: GrounderDep, metrics: MetricsDep) -> GroundResult:
    """Ground the action on the screen: the command to run, the element it hits, and why.

    Runs in the threadpool: perception (OCR, detectors) and observing a phone block.
    """
    action = read_action(request.action)
    result = grounder.ground(
        action,
        image=decode_image(request.image) if request.image is not None else None,
        hierarchy=request.hierarchy,
        device=request.device,
        sources=tuple(dict.fromkeys(request.sources)),
    )
    metrics.observe_grounding(result.timing_ms)
    return result
