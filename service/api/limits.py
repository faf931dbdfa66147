"""How much text each request field may carry, and that it is valid Unicode.

Every string the API accepts has a limit: generous for real use, small enough that no
request can make the planners or the grounder work for long. The screenshot and the
hierarchy are bounded by the request body limit (`DROIDPILOT_API_MAX_BODY_BYTES`, 20 MB) and
by perception's own limits (pixels, hierarchy nodes and depth), which answer 413.

JSON may carry lone surrogates (`"\\ud800"`), which are no characters: they cannot be
encoded, matched nor printed, so every string is checked and refused with a 422 naming
the field and the position.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from aci import Action, parse_action

__all__ = [
    "MAX_ACTION_CHARS",
    "MAX_API_KEY_CHARS",
    "MAX_DETAIL_CHARS",
    "MAX_GOAL_CHARS",
    "MAX_HIERARCHY_CHARS",
    "MAX_HISTORY",
    "MAX_IMAGE_CHARS",
    "MAX_MODEL_CHARS",
    "MAX_SCREEN_ID_CHARS",
    "MAX_SERIAL_CHARS",
    "MAX_SOURCES",
    "MAX_STEPS",
    "MAX_URL_CHARS",
    "ActionInput",
    "ApiKeyText",
    "DetailText",
    "GoalText",
    "HierarchyText",
    "ImageText",
    "ModelText",
    "RequestModel",
    "ScreenIdText",
    "SerialText",
    "UrlText",
    "check_action_input",
    "valid_unicode",
]

MAX_ACTION_CHARS = 2_000
"""An action's text, or any string of a structured action: a label on a screen is rarely
over 100 characters; this leaves room for a long message to type."""
MAX_GOAL_CHARS = 2_000
"""A goal says what should happen in a sentence or two ("turn on Wi-Fi", "text Ann that
I am late"); planners read every word of it at every step."""
MAX_DETAIL_CHARS = 2_000
"""A history entry's detail: what the harness said about a step (a grounding reason, an
error message), a line or two."""
MAX_SCREEN_ID_CHARS = 256
"""A planner's name for a screen: the explorer's have 12 characters."""
MAX_SERIAL_CHARS = 256
"""A device serial: a USB serial, `emulator-5554` or `host:port`, all well under 100."""
MAX_HIERARCHY_CHARS = 32 * 1024 * 1024
"""A UI hierarchy dump: real screens dump 20-500 KB; the body limit binds first."""
MAX_IMAGE_CHARS = 48 * 1024 * 1024
"""A screenshot in base64: a phone's PNG is 0.1-3 MB; the body limit binds first."""
MAX_URL_CHARS = 2_048
"""An LLM endpoint URL, the length browsers and proxies accept."""
MAX_MODEL_CHARS = 256
"""An LLM model name (`qwen2.5-7b-instruct`, a path on a model hub)."""
MAX_API_KEY_CHARS = 8_192
"""An API key or bearer token; signed tokens (JWTs) reach a few KB."""
MAX_STEPS = 500
"""The script planner's steps: a flow in CI is tens of steps."""
MAX_HISTORY = 500
"""Steps already taken: an episode stops after 30 by default."""
MAX_SOURCES = 8
"""Entries of `sources`: there are three sources; repeats are harmless but not endless."""

_STRUCTURED_FIELDS = 16
"""An action object has at most five fields (type, target, quoted, point...)."""
_STRUCTURED_DEPTH = 2
"""An action object nests one level (`point: {"x", "y"}`); deeper is no action."""


_UNICODE_FIX = "send UTF-8 text; in JSON a \\ud800-\\udfff escape must be half of a surrogate pair"


def valid_unicode(value: str) -> str:
    """`value` when it holds only characters; a lone surrogate is refused with its position."""
    position = _surrogate_at(value)
    if position is not None:
        raise PydanticCustomError(
            "invalid_unicode",
            "invalid Unicode at character {position} ({char}, a lone surrogate): " + _UNICODE_FIX,
            {"position": position, "char": ascii(value[position])},
        )
    return value


def _surrogate_at(text: str) -> int | None:
    if text.isascii():
        return None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return exc.start
    return None


def _text_first(value: Any) -> Any:
    # before pydantic's own str check, whose message for a surrogate names no position
    return valid_unicode(value) if isinstance(value, str) else value


class RequestModel(BaseModel):
    """A JSON object of a request: unknown fields are refused, and so are field names that
    are not text (pydantic's own message would name neither the object nor the fields)."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    @model_validator(mode="before")
    @classmethod
    def _names_are_text(cls, data: Any) -> Any:
        if isinstance(data, dict):
            for name in data:
                if isinstance(name, str) and not name.isascii():
                    try:
                        name.encode("utf-8")
                    except UnicodeEncodeError:
                        raise PydanticCustomError(
                            "invalid_unicode",
                            "field name {name} is not valid Unicode (a lone surrogate); "
                            "the fields here are {fields}",
                            {"name": ascii(name), "fields": ", ".join(cls.model_fields)},
                        ) from None
        return data


GoalText = Annotated[str, Field(max_length=MAX_GOAL_CHARS), BeforeValidator(_text_first)]
DetailText = Annotated[str, Field(max_length=MAX_DETAIL_CHARS), BeforeValidator(_text_first)]
ScreenIdText = Annotated[str, Field(max_length=MAX_SCREEN_ID_CHARS), BeforeValidator(_text_first)]
SerialText = Annotated[
    str, Field(min_length=1, max_length=MAX_SERIAL_CHARS), BeforeValidator(_text_first)
]
HierarchyText = Annotated[str, Field(max_length=MAX_HIERARCHY_CHARS), BeforeValidator(_text_first)]
ImageText = Annotated[str, Field(max_length=MAX_IMAGE_CHARS), BeforeValidator(_text_first)]
UrlText = Annotated[
    str, Field(min_length=1, max_length=MAX_URL_CHARS), BeforeValidator(_text_first)
]
ModelText = Annotated[
    str, Field(min_length=1, max_length=MAX_MODEL_CHARS), BeforeValidator(_text_first)
]
ApiKeyText = Annotated[str, Field(max_length=MAX_API_KEY_CHARS), BeforeValidator(_text_first)]


def check_action_input(value: Any) -> Any:
    """An action as the API accepts it, checked for size and Unicode before it is read:
    ACI text of at most `MAX_ACTION_CHARS`, or an object of a few fields whose strings are
    as bounded. Raises ValueError (or the Unicode error) saying what is wrong."""
    if isinstance(value, str):
        if len(value) > MAX_ACTION_CHARS:
            raise ValueError(f"an action has at most {MAX_ACTION_CHARS} characters")
        return valid_unicode(value)
    if not isinstance(value, dict):
        raise ValueError(
            'an action must be ACI text such as "tap \\"Wi-Fi\\"" or an object such as '
            '{"type": "tap", "target": "Wi-Fi"}'
        )
    _check_structure(value, depth=1)
    return value


def _check_text(text: str, what: str) -> None:
    if len(text) > MAX_ACTION_CHARS:
        raise ValueError(
            f"{what} has {len(text)} characters; at most {MAX_ACTION_CHARS} are accepted"
        )
    position = _surrogate_at(text)
    if position is not None:
        raise ValueError(
            f"{what} holds invalid Unicode at character {position} "
            f"({text[position]!a}, a lone surrogate): {_UNICODE_FIX}"
        )


def _check_structure(value: dict[Any, Any], *, depth: int, prefix: str = "") -> None:
    if len(value) > _STRUCTURED_FIELDS:
        raise ValueError(
            f"an action object has at most {_STRUCTURED_FIELDS} fields, got {len(value)}; "
            'e.g. {"type": "tap", "target": "Wi-Fi"}'
        )
    for key, item in value.items():
        name = str(key)
        _check_text(name, "a field name of the action")
        where = f"action field {prefix + name!r}"
        if isinstance(item, str):
            _check_text(item, where)
        elif isinstance(item, dict | list):
            if depth >= _STRUCTURED_DEPTH or len(item) > _STRUCTURED_FIELDS:
                raise ValueError(
                    f"{where} nests too deep or holds too much: an action object looks like "
                    '{"type": "tap", "point": {"x": 540, "y": 1210}}'
                )
            fields = item if isinstance(item, dict) else dict(enumerate(item))
            _check_structure(fields, depth=depth + 1, prefix=f"{prefix}{name}.")


def _read_action(value: Any) -> Any:
    """ACI text parsed here, so that a syntax error reports its column at its field; the
    size and the Unicode of text and objects are checked first."""
    value = check_action_input(value)
    if isinstance(value, str):
        return parse_action(value)
    return value


ActionInput = Annotated[Action, BeforeValidator(_read_action)]
"""An action as ACI text (`tap "Wi-Fi"`) or structured (`{"type": "tap", "target": "Wi-Fi"}`),
at most `MAX_ACTION_CHARS` (2,000) characters in the text or in any field."""
