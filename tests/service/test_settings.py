"""The one `Settings`: every section from `DROIDPILOT_<SECTION>_<FIELD>`, with clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import SecretStr, ValidationError

from service.config import Settings


def test_each_section_reads_its_own_variables(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    variables = {
        "DROIDPILOT_ADB_HOST": "10.0.0.7",
        "DROIDPILOT_ADB_PORT": "5038",
        "DROIDPILOT_ADB_SERVERS": "10.0.0.8:5037, [::1]:5039",
        "DROIDPILOT_ADB_COMMAND_TIMEOUT_S": "7.5",
        "DROIDPILOT_API_TOKEN": "x" * 20,
        "DROIDPILOT_API_MAX_BODY_BYTES": "4096",
        "DROIDPILOT_LLM_BASE_URL": "http://gpu-box:8000/v1/",
        "DROIDPILOT_LLM_MODEL": "qwen2.5-vl-7b",
        "DROIDPILOT_LLM_API_KEY": "sk-env",
        "DROIDPILOT_GROUNDING_OCR_THREADS": "1",
        "DROIDPILOT_GROUNDING_OCR_CACHE_SIZE": "0",
        "DROIDPILOT_DATA_DIR": str(tmp_path),
        "DROIDPILOT_DATA_KEEP_SCREENSHOTS_OF": "5",
    }
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    settings = Settings()
    assert settings.adb.addresses() == [("10.0.0.7", 5038), ("10.0.0.8", 5037), ("::1", 5039)]
    assert settings.adb.device_config().command_timeout_s == 7.5
    assert settings.api.token == SecretStr("x" * 20) and settings.api.max_body_bytes == 4096
    llm = settings.llm.resolve()
    assert (llm.endpoint, llm.model) == ("http://gpu-box:8000/v1/chat/completions", "qwen2.5-vl-7b")
    assert llm.api_key == SecretStr("sk-env") and "sk-env" not in repr(settings)
    assert (settings.grounding.ocr_threads, settings.grounding.ocr_cache_size) == (1, 0)
    assert settings.data.dir == tmp_path and settings.data.keep_screenshots_of == 5


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("DROIDPILOT_GROUNDING_OCR_THREADS", "0", "ocr_threads"),
        ("DROIDPILOT_ADB_SERVERS", "10.0.0.8", "is not host:port"),
        ("DROIDPILOT_API_TOKEN", "short", "16 or more"),
    ],
)
def test_a_bad_value_names_its_field(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, says: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError, match=says):
        Settings()


def test_data_dir_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("DROIDPILOT_DATA_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert Settings().data.dir == tmp_path / "droidpilot"
