"""Settings of the LLM planner (the service reads them from `DROIDPILOT_LLM_*`), and the
resolved config.

`LlmSettings` holds the defaults (any may be missing); a request may override
each field; `LlmSettings.resolve` merges the two into an `LlmConfig` and says
which required value is missing and where to give it.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, SecretStr

from planning.errors import PlannerInputError

__all__ = ["LlmConfig", "LlmOverrides", "LlmSettings"]


class LlmConfig(BaseModel):
    """Everything one call to an OpenAI-compatible chat-completions endpoint needs."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    base_url: str = Field(min_length=1)
    """E.g. http://localhost:8000/v1 (vLLM), http://localhost:11434/v1 (Ollama)."""
    model: str = Field(min_length=1)
    api_key: SecretStr | None = None
    """Sent as a bearer token when set."""
    timeout_s: float = Field(default=60.0, gt=0)
    """Seconds one chat-completions request may take, connecting included."""
    temperature: float = Field(default=0.0, ge=0, le=2)
    max_tokens: int = Field(default=512, gt=0)
    """Room for one action and a short reason (GUI models think aloud first)."""
    coordinate_grid: int | None = Field(default=1000, gt=0)
    """The grid GUI-model coordinates are on (`click(start_box='(500,300)')`): 1000 for the
    0-1000 grid of UI-TARS and similar; None when the model answers in screen pixels."""

    @property
    def endpoint(self) -> str:
        """The chat-completions URL under `base_url` (which may already name it)."""
        base = self.base_url.rstrip("/")
        return base if base.endswith("/chat/completions") else f"{base}/chat/completions"


class LlmOverrides(BaseModel):
    """Per-request values that replace the settings' defaults; None keeps the default."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    base_url: str | None = Field(default=None, min_length=1)
    model: str | None = Field(default=None, min_length=1)
    api_key: SecretStr | None = None
    timeout_s: float | None = Field(default=None, gt=0)
    temperature: float | None = Field(default=None, ge=0, le=2)


class LlmSettings(BaseModel):
    """Defaults for the LLM planner; nothing is required until the planner is used."""

    model_config = ConfigDict(frozen=True, use_attribute_docstrings=True)

    base_url: str | None = Field(default=None, min_length=1)
    model: str | None = Field(default=None, min_length=1)
    api_key: SecretStr | None = None
    timeout_s: float = Field(default=60.0, gt=0)
    temperature: float = Field(default=0.0, ge=0, le=2)
    max_tokens: int = Field(default=512, gt=0)
    coordinate_grid: int | None = Field(default=1000, gt=0)

    def resolve(self, overrides: LlmOverrides | None = None) -> LlmConfig:
        """The config for one planner; PlannerInputError naming a missing base_url or model."""
        given = overrides or LlmOverrides()
        base_url = given.base_url or self.base_url
        model = given.model or self.model
        missing = [
            f"llm.{name} (or DROIDPILOT_LLM_{name.upper()})"
            for name, value in (("base_url", base_url), ("model", model))
            if value is None
        ]
        if missing or base_url is None or model is None:
            raise PlannerInputError(
                f"the llm planner needs {' and '.join(missing)}: the OpenAI-compatible endpoint, "
                'e.g. {"base_url": "http://localhost:8000/v1", "model": "qwen2.5-7b-instruct"}'
            )
        # The operator's key goes only to the operator's endpoint: a request that names
        # another one brings its own key, or none is sent.
        own_endpoint = self.base_url is not None and _same_url(base_url, self.base_url)
        return LlmConfig(
            base_url=base_url,
            model=model,
            api_key=given.api_key or (self.api_key if own_endpoint else None),
            timeout_s=given.timeout_s or self.timeout_s,
            temperature=self.temperature if given.temperature is None else given.temperature,
            max_tokens=self.max_tokens,
            coordinate_grid=self.coordinate_grid,
        )


def _same_url(a: str, b: str) -> bool:
    return a.strip().rstrip("/").casefold() == b.strip().rstrip("/").casefold()
