"""Shared fixtures and Hypothesis profiles.

Profiles: ``ci`` (the default: 100 examples, no deadline), ``dev`` (a quick
local loop) and ``deep`` (3,000 examples, for a long hunt). Pick one with ``pytest --hypothesis-profile=dev`` or the
``HYPOTHESIS_PROFILE`` environment variable.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=15, deadline=None)
settings.register_profile(  # a long local hunt before a release
    "deep", max_examples=3000, deadline=None, suppress_health_check=list(HealthCheck)
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The folder of seed articles shipped with the repository."""
    assert SEEDS_DIR.is_dir(), f"seed folder missing: {SEEDS_DIR}"
    return SEEDS_DIR


@pytest.fixture(scope="session")
def seed_texts(seeds_dir: Path) -> dict[str, str]:
    """The seed articles by their three-digit prefix ("000", "001", "002")."""
    texts = {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))}
    assert len(texts) >= 3, "expected at least three seed articles"
    return texts
