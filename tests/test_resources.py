"""Package data found once per process, and other packages' data found without importing them."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest


@pytest.mark.parametrize(
    ("package", "parts"),
    [
        pytest.param("lemminflect", ("resources", "lemma_lu.csv.gz"), id="lemminflect"),
        pytest.param("codespell_lib", ("data", "dictionary.txt"), id="codespell"),
        pytest.param("newsclean", ("data", "typos.toml"), id="own-data"),
    ],
)
def test_package_data_is_found_without_importing_the_package(package: str, parts: Any) -> None:
    """resources.package_file finds the file; the package itself is not imported (lemminflect
    would import spaCy where it is installed)."""
    code = (
        "import sys; from newsclean.resources import package_file; "
        f"path = package_file({package!r}, *{parts!r}); "
        f"print(path.is_file(), {package!r} in sys.modules or {package!r} == 'newsclean')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "True" if package == "newsclean" else "False"]
