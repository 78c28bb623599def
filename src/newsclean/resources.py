"""Package data (pattern files, word lists, the gazetteer), read once per process."""

from __future__ import annotations

import functools
import sys
from importlib import resources
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["data_text", "data_toml"]


@functools.cache
def data_text(name: str) -> str:
    """The text of ``newsclean/data/<name>``."""
    return resources.files("newsclean").joinpath("data", name).read_text(encoding="utf-8")


@functools.cache
def data_toml(name: str) -> dict[str, Any]:
    """``newsclean/data/<name>`` parsed as TOML (callers must not mutate it)."""
    return tomllib.loads(data_text(name))
