"""LLM planner settings: per-request overrides, what is missing."""

from __future__ import annotations

import pytest

from planning import LlmOverrides, LlmSettings, PlannerInputError


def test_the_request_overrides_each_field() -> None:
    settings = LlmSettings(base_url="http://a/v1", model="a", temperature=0.7)
    config = settings.resolve(
        LlmOverrides(base_url="http://b/v1/chat/completions", model="b", timeout_s=3, temperature=0)
    )
    assert (config.endpoint, config.model, config.timeout_s, config.temperature) == (
        "http://b/v1/chat/completions",
        "b",
        3,
        0,
    )
    assert settings.resolve(LlmOverrides(model="c")).endpoint == "http://a/v1/chat/completions"


def test_a_missing_endpoint_or_model_says_where_to_give_it() -> None:
    with pytest.raises(PlannerInputError) as caught:
        LlmSettings(base_url=None, model=None).resolve()
    assert str(caught.value).startswith(
        "the llm planner needs llm.base_url (or DROIDPILOT_LLM_BASE_URL) and llm.model "
        "(or DROIDPILOT_LLM_MODEL)"
    )
    with pytest.raises(PlannerInputError, match=r"needs llm.model \(or DROIDPILOT_LLM_MODEL\):"):
        LlmSettings(base_url="http://a/v1", model=None).resolve()
