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


def data_pairs(name: str) -> dict[str, str]:
    """A two-column tab-separated data file as a dict; ``#`` starts a comment line."""
    pairs: dict[str, str] = {}
    for line in data_text(name).splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("\t")
            pairs[key.strip()] = value.strip()
    return pairs
