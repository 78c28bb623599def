"""Package data (pattern files, word lists, the gazetteer), read once per process."""

from __future__ import annotations

import functools
import importlib.util
import sys
from importlib import resources
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["data_text", "data_toml", "package_file"]


@functools.cache
def data_text(name: str) -> str:
    """The text of ``newsclean/data/<name>``."""
    return resources.files("newsclean").joinpath("data", name).read_text(encoding="utf-8")


@functools.cache
def data_toml(name: str) -> dict[str, Any]:
    """``newsclean/data/<name>`` parsed as TOML (callers must not mutate it)."""
    return tomllib.loads(data_text(name))


def package_file(package: str, *parts: str) -> Path:
    """A data file inside an installed ``package``, found without importing it.

    ``importlib.resources.files`` imports the package, and some import much more than
    their data needs (``lemminflect`` imports spaCy when it is installed: 0.7 s).

    >>> package_file("codespell_lib", "data", "dictionary.txt").is_file()
    True
    """
    spec = importlib.util.find_spec(package)
    folders = None if spec is None else spec.submodule_search_locations
    if folders:
        found = Path(next(iter(folders))).joinpath(*parts)
        if found.is_file():
            return found
    return Path(str(resources.files(package).joinpath(*parts)))
