"""The documentation: it builds with ``mkdocs build --strict`` and its examples run.

Every ```pycon block in ``docs/*.md`` and ``README.md`` is a doctest. The blocks of
one file run in order in one namespace (like one interpreter session), from the
repository root, so a later block can use what an earlier one defined. Line
numbers in failure reports are the Markdown file's own.
"""

from __future__ import annotations

import doctest
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from newsclean import default_chain
from newsclean.steps.base import STEPS

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES = [*sorted(DOCS.glob("*.md")), ROOT / "README.md"]

#: A fenced block: its indentation, its language, its body, and the closing fence.
FENCE = re.compile(
    r"^(?P<indent>[ \t]*)```(?P<lang>[\w+-]*)[^\n]*\n(?P<body>.*?)^(?P=indent)```[ \t]*$",
    re.M | re.S,
)
OPTIONS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def fenced_blocks(text: str, lang: str) -> list[tuple[int, str]]:
    """``(line number of the first body line, body)`` of every ```lang block (0-based lines)."""
    return [
        (text.count("\n", 0, m.start("body")), m.group("body"))
        for m in FENCE.finditer(text)
        if m.group("lang") == lang
    ]


def pycon_script(text: str) -> str:
    """The file's pycon blocks, every other line blanked so line numbers stay the file's."""
    lines = [""] * (text.count("\n") + 1)
    for first, body in fenced_blocks(text, "pycon"):
        for i, line in enumerate(body.splitlines()):
            lines[first + i] = line
    return "\n".join(lines)


def test_mkdocs_build_strict(tmp_path: Path) -> None:
    for module in ("mkdocs", "material"):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"{module} is not installed (pip install -e '.[test]')")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},  # Material's banner, not a warning
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stdout}{result.stderr}"


@pytest.fixture
def isolated_session(monkeypatch: pytest.MonkeyPatch):
    """Run from the repository root; undo what examples register or put on ``sys.path``."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(sys, "path", list(sys.path))
    registry = dict(STEPS)
    yield
    STEPS.clear()
    STEPS.update(registry)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_pycon_examples(page: Path, isolated_session: None) -> None:
    if not page.exists():
        pytest.skip(f"{page.name} does not exist")
    text = page.read_text(encoding="utf-8")
    if not fenced_blocks(text, "pycon"):
        pytest.skip(f"{page.name} has no pycon examples")
    name = page.relative_to(ROOT).as_posix()
    test = doctest.DocTestParser().get_doctest(
        pycon_script(text), {"__name__": "__main__"}, name, str(page), 0
    )
    assert test.examples, f"{name}: pycon blocks without >>> examples"
    report: list[str] = []
    runner = doctest.DocTestRunner(optionflags=OPTIONS)
    result = runner.run(test, out=report.append, clear_globs=True)
    assert result.failed == 0, "".join(report)


def test_steps_page_lists_every_rule_and_option() -> None:
    """docs/steps.md documents exactly the rule ids and options of the default steps."""
    text = (DOCS / "steps.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z_]+\.[a-z_]+)` \|", text, re.M))
    expected = {rule for s in default_chain() for rule in s.rules}
    assert documented == expected, (
        f"missing: {sorted(expected - documented)}; unknown: {sorted(documented - expected)}"
    )
    for s in default_chain():
        for option in s.options():
            assert f"`{option}`" in text, f"option {s.name}.{option} is not documented"


def test_toml_examples_build_chains() -> None:
    """Every ```toml chain config in the docs loads (custom-step references excepted)."""
    from newsclean import Chain

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib

    checked = 0
    for page in sorted(DOCS.glob("*.md")):
        for first, body in fenced_blocks(page.read_text(encoding="utf-8"), "toml"):
            config = tomllib.loads(body)
            tables = config.get("steps", [])
            if not ({"steps", "extends"} & set(config)) or any(":" in t["step"] for t in tables):
                continue
            assert isinstance(Chain.from_config(config), Chain), f"{page.name}:{first + 1}"
            checked += 1
    assert checked, "no TOML chain configs found in docs/"
