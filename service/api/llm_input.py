"""`LlmInput`: the llm planner's endpoint, model and key as a request may give them.

Checked here, at the edge, so that what reaches the HTTP client is something it can send:
an http(s) URL with a host, and a key that fits in a header.
"""

from __future__ import annotations

import ipaddress
import re

from pydantic import Field, SecretStr, field_validator
from pydantic_core import PydanticCustomError

from planning import LlmOverrides
from service.api.limits import ApiKeyText, ModelText, RequestModel, UrlText

__all__ = ["LlmInput"]

_VISIBLE_ASCII = re.compile(r"[\x21-\x7e]+")
"""What a URL or a bearer token is made of: no spaces, no control characters, no accents."""
_URL = re.compile(
    r"(?i:https?)://"
    r"(?P<host>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])"
    r"(?::(?P<port>[0-9]{1,5}))?"
    r"(?P<path>(?:/(?:[A-Za-z0-9._~!$&'()*+,;=:@-]|%[0-9A-Fa-f]{2})*)*)"
)
"""An endpoint URL: scheme, host name or IP address, port, path; no user, query or
fragment, which no OpenAI-compatible base URL needs."""
_IPV4 = re.compile(r"[0-9]+(?:\.[0-9]+){3}")


class LlmInput(RequestModel):
    """The llm planner's endpoint, model, key and timeout for this request; None keeps the
    setting (`DROIDPILOT_LLM_*`)."""

    base_url: UrlText | None = None
    """The OpenAI-compatible endpoint, e.g. http://localhost:8000/v1."""
    model: ModelText | None = None
    """The model's name as the endpoint knows it (e.g. qwen2.5-7b-instruct), 1-256
    characters."""
    api_key: ApiKeyText | None = None
    """Sent as a bearer token; never shown back in an error."""
    timeout_s: float | None = Field(default=None, gt=0, le=600, allow_inf_nan=False)
    """Seconds to wait for the reply: a large model on a CPU answers within minutes."""
    temperature: float | None = Field(default=None, ge=0, le=2, allow_inf_nan=False)
    """Sampling temperature, 0-2: lower gives more repeatable plans (the setting is 0 unless
    changed)."""

    @field_validator("base_url")
    @classmethod
    def _http_url(cls, url: str | None) -> str | None:
        if url is None:
            return None
        problem = _url_problem(url)
        if problem:
            raise ValueError(
                f"{problem}; give the endpoint's http(s) URL, e.g. http://localhost:8000/v1"
            )
        return url

    @field_validator("api_key")
    @classmethod
    def _header_safe(cls, key: str | None) -> str | None:
        if key is not None and not _VISIBLE_ASCII.fullmatch(key):
            raise PydanticCustomError(
                "invalid_secret",
                "api_key must be visible ASCII characters (letters, digits, punctuation) "
                "without spaces, as it is sent in a header",
            )
        return key

    def overrides(self) -> LlmOverrides:
        """The planner's overrides: the fields given, the key kept secret."""
        given = self.model_dump(exclude_none=True)
        if self.api_key is not None:
            given["api_key"] = SecretStr(self.api_key)
        return LlmOverrides(**given)


def _url_problem(url: str) -> str:
    """What keeps `url` from being an http(s) endpoint; empty when nothing does."""
    if not _VISIBLE_ASCII.fullmatch(url):
        return "holds spaces, control or non-ASCII characters"
    match = _URL.fullmatch(url)
    if match is None:
        return "is not http(s)://host[:port][/path]"
    host, port = match["host"], match["port"]
    if port is not None and int(port) > 65535:
        return f"has port {port}, over 65535"
    try:
        if host.startswith("["):
            ipaddress.IPv6Address(host[1:-1])
        elif _IPV4.fullmatch(host):
            ipaddress.IPv4Address(host)
    except ValueError:
        return f"has host {host}, which is no IP address"
    if any(label.lower().startswith("xn--") for label in host.split(".")):
        return f"has host {host} in punycode: give its IP address"
    return ""
