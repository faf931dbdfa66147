"""Perception settings (the service reads them from `DROIDPILOT_GROUNDING_*`)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["GroundingConfig"]


class GroundingConfig(BaseModel):
    """How hard perception works on pixels: threads, image sizes, cache."""

    model_config = ConfigDict(frozen=True, use_attribute_docstrings=True)

    ocr_threads: int = Field(default=2, ge=1, le=64)
    """CPU threads one OCR model run may use."""
    ocr_max_side_px: int = Field(default=2400, ge=320, le=8192)
    """Larger frames are scaled down to this longest side before OCR."""
    ocr_det_side_px: int = Field(default=960, ge=320, le=4096)
    """Text detection sees the frame scaled so its longest side is this many pixels;
    recognition still reads the full-resolution crops."""
    ocr_recogniser: Literal["tiny", "small"] = "tiny"
    """The PP-OCRv6 model that reads each detected line: `tiny` (shipped with droidpilot)
    reads Latin scripts, Greek and simplified Chinese in a quarter of the time; `small`
    (shipped with RapidOCR) also reads Japanese kana and traditional and rare Chinese
    characters."""
    ocr_text_score: float = Field(default=0.5, ge=0.0, le=1.0)
    """Recognised lines scoring below this are dropped."""
    ocr_cache_size: int = Field(default=256, ge=0, le=100_000)
    """Regions whose OCR result is remembered (keyed by their pixels); 0 turns reuse off."""
    max_image_pixels: int = Field(default=32_000_000, ge=10_000)
    """Screenshots with more pixels (width x height, read from the header before decoding)
    are refused: the largest phones and tablets have under 8 million."""
    max_hierarchy_nodes: int = Field(default=50_000, ge=100)
    """Hierarchies with more nodes are refused: real screens hold a few hundred to a few
    thousand."""
    max_hierarchy_depth: int = Field(default=256, ge=16)
    """Hierarchies nested deeper are refused: real view trees are a few dozen levels deep."""
