"""Every ```console block of the docs runs, so no command line example can rot.

Each ``$ command`` line (a line ending in ``\\`` continues on the next) runs in
bash, in a temporary folder of its page holding a copy of ``seeds/`` and the
small trees of :data:`TREE` that the examples use (``news/``, ``blog/``,
``crawl/``); ``newsclean`` and ``python`` are this interpreter's. The lines after
a command are its expected output (stdout and stderr together), compared like a
doctest (``...`` matches anything, runs of whitespace are equal) after the
timings and sizes of the summary line are blanked. The blocks of one page run in
order in the same folder, so a later block sees what an earlier one wrote
(pages run side by side, each in its own thread);
``echo $?`` shows the exit code of the command before it. ``$ cat FILE`` of a
FILE that does not exist yet writes the lines shown as FILE: the page supplies
its own input.

A block that cannot run here (it needs the network, a cluster, a huge archive)
has ``<!-- not run: reason -->`` on the line before its fence, and is listed in
:data:`NOT_RUN`, so leaving an example out is a deliberate change.
"""

from __future__ import annotations

import doctest
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from newsclean.cli.jobs import default_jobs

ROOT = Path(__file__).resolve().parent.parent
PAGES = [*sorted((ROOT / "docs").glob("*.md")), ROOT / "README.md"]

#: A ```console fence, with the not-run marker on the line before it if there is one.
CONSOLE = re.compile(
    r"(?:^(?P<marker><!--[ \t]*not run\b(?::(?P<reason>.*?))?-->)[ \t]*\n)?"
    r"^(?P<fence>```console)[^\n]*\n(?P<body>.*?)^```[ \t]*$",
    re.M | re.S,
)
ANY_MARKER = re.compile(r"^<!--[ \t]*not run\b", re.M)
#: A ```python block outside recipes.md (whose blocks tests/test_recipes.py runs), with
#: the not-run marker on the line before it if there is one.
PYTHON = re.compile(
    r"(?:^(?P<marker><!--[ \t]*not run\b(?::(?P<reason>.*?))?-->)[ \t]*\n)?"
    r"^```python[^\n]*\n(?P<first>[^\n]*)",
    re.M,
)
#: The figures of the summary line, which vary from run to run.
SUMMARY = re.compile(r"\d+\.\d\d (MB/s|MB|s)\b")
OPTIONS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE

#: The blocks that do not run, by page and first command (:attr:`Block.key`).
NOT_RUN = {
    ("README.md", "newsclean clean archive/ -o cleaned/"),
    ("docs/getting-started.md", "python -m pip install ."),
    ("docs/index.md", "python -m pip install ."),
    ("docs/index.md", 'python -m pip install -e ".[test]"'),
    ("docs/recipes.md", "curl -XPUT localhost:9200/news -H 'Content-Type: application/json' ..."),
    ("docs/scale.md", "newsclean clean archive/ -o cleaned/"),
    ("docs/scale.md", "pip install 'newsclean[dask]'"),
    ("docs/scale.md", "python benchmarks/scale.py"),
    ("README.md", "pip install . && newsclean clean seeds/ -o cleaned/"),
}
#: The ```python blocks that do not run, by page and first line (recipes.md's all run).
NOT_RUN_PYTHON = {
    ("docs/scale.md", "import json"),  # a Dask bag on S3
    ("docs/scale.md", "import pandas as pd"),  # Spark
}


@dataclass(frozen=True)
class Command:
    """One ``$ command`` of a block and the output shown after it."""

    line: int
    text: str
    want: str


@dataclass(frozen=True)
class Block:
    """A ```console block: its page, the line of its fence (1-based) and its commands."""

    page: str
    line: int
    commands: tuple[Command, ...]
    not_run: str | None

    @property
    def key(self) -> str:
        """The first command, without its comment, shortened to 70 characters."""
        command = re.sub(r"\s+#.*", "", self.commands[0].text)
        return command if len(command) <= 70 else command[:66] + " ..."

    @property
    def id(self) -> str:
        """``page:line``, the test id."""
        return f"{self.page}:{self.line}"


def parse_commands(body: str, first_line: int) -> tuple[Command, ...]:
    """The ``$`` commands of a block body whose first line is ``first_line``."""
    commands: list[Command] = []
    lines = body.splitlines()
    i = 0
    while i < len(lines):
        number, line = first_line + i, lines[i]
        if not line.startswith("$ "):
            raise ValueError(f"line {number}: a console block must start with '$ '")
        text = line[2:]
        while text.endswith("\\") and i + 1 < len(lines):
            i += 1
            text = text + "\n" + lines[i]
        i += 1
        want = []
        while i < len(lines) and not lines[i].startswith("$ "):
            want.append(lines[i] + "\n")
            i += 1
        commands.append(Command(number, text, "".join(want)))
    return tuple(commands)


def console_blocks(page: Path) -> Iterator[Block]:
    """The ```console blocks of ``page``, in order."""
    text = page.read_text(encoding="utf-8")
    name = page.relative_to(ROOT).as_posix()
    for m in CONSOLE.finditer(text):
        fence = text.count("\n", 0, m.start("fence")) + 1
        reason = (m["reason"] or "").strip() if m["marker"] else None
        yield Block(name, fence, parse_commands(m["body"], fence + 1), reason)


BLOCKS = [block for page in PAGES for block in console_blocks(page)]


# The trees the examples clean, besides seeds/.
TROOPS_HTML = """<html><head><title>Troops return to Iraq</title></head><body><article>
<p>Britain will be send troops to Iraq , the MoD said on Nov. 30, 2017.</p>
<p>A number of officers are set to help train and advise the Iraqi army.</p>
<p>Advertisement</p>
<p>More British training teams could be sent to the north of the country.</p>
</article></body></html>
"""
TROOPS_TXT = """UK troops head back to Iraq

Daesh fighters left Mosul on 29 November 2017 , officials said.

Leave a Reply
"""
POST_MD = """# Notes from Baghdad

The goverment said ISIL had left the the city .
"""
#: ``crawl/``, the hostile tree of limits.md: the JSON Lines file's line 5 is 2 MB.
TREE = {
    "news/2017/troops.html": TROOPS_HTML,
    "news/2017/troops.txt": TROOPS_TXT,
    "blog/post.md": POST_MD,
    "crawl/big.txt": "word " * 3000,
    "crawl/deep.html": "<html><body>" + "<div>" * 3000 + "deep" + "</div>" * 3000,
    "crawl/ok.txt": "The UK said so .\n",
    "crawl/page.html": TROOPS_HTML,
    "crawl/feed.jsonl": "\n".join(
        [
            '{"id": "a1", "text": "' + "word " * 1200 + '"}',
            '{"id": "a2", "text": "Daesh left Mosul."}',
            '{"id": "a3", "text": "The UK said so ."}',
            '{"id": "a4", "text": "It was the the end."}',
            '{"id": "a5", "text": "' + "x" * 2_000_000 + '"}',
            "",
        ]
    ),
}


def normalise(output: str) -> str:
    """``output`` with the summary line's figures blanked, ending in one newline if any."""
    output = SUMMARY.sub("N", output).rstrip()
    return output + "\n" if output else ""


#: A page's folder, and how the output of each block differs from the page, by line.
Outcome = tuple[Path, dict[int, list[str]]]


class PageRun:
    """The folder of one page's examples, where its blocks run in order."""

    def __init__(self, folder: Path, env: dict[str, str]) -> None:
        self.folder = folder
        self.env = env
        self.returncode = 0

    def run(self, blocks: list[Block]) -> dict[int, list[str]]:
        """Run ``blocks`` in order: how the output of each differs from the page, by line."""
        return {b.line: [diff for c in b.commands if (diff := self.run_command(c))] for b in blocks}

    def run_command(self, command: Command) -> str | None:
        """Run ``command`` (or write the file it shows); how its output differs, if it does."""
        argv = shlex.split(command.text, comments=True)
        if argv[:1] == ["cat"] and len(argv) == 2 and not (self.folder / argv[1]).exists():
            target = self.folder / argv[1]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(command.want, encoding="utf-8")
            return None
        result = subprocess.run(
            ["bash", "-c", f"(exit {self.returncode}); {command.text}"],
            cwd=self.folder,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=120,
        )
        self.returncode = result.returncode
        got, want = normalise(result.stdout), normalise(command.want)
        checker = doctest.OutputChecker()
        if checker.check_output(want, got, OPTIONS):
            return None
        example = doctest.Example(command.text, want)
        return f"line {command.line}: $ {command.text}\n" + checker.output_difference(
            example, got, OPTIONS
        )


@pytest.fixture(scope="module")
def page_results(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path
) -> Iterator[dict[str, Future[Outcome]]]:
    """The differences of every block, by page and line: the selected pages run side by side."""
    bindir = tmp_path_factory.mktemp("bin")
    for name, argv in {"newsclean": "-m newsclean ", "python": ""}.items():
        script = bindir / name
        script.write_text(f'#!/bin/sh\nexec "{sys.executable}" {argv}"$@"\n', encoding="utf-8")
        script.chmod(0o755)
    env = {
        **os.environ,
        "PATH": f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}",
        "COLUMNS": "80",
        "LC_ALL": "C.UTF-8",
        "PYTHONUNBUFFERED": "1",  # stdout and stderr in the order they were written
        "NO_COLOR": "1",
    }
    params = (getattr(getattr(i, "callspec", None), "params", {}) for i in request.session.items)
    selected = {p["block"].page for p in params if isinstance(p.get("block"), Block)}

    def run_page(page: str) -> Outcome:
        folder = tmp_path_factory.mktemp(Path(page).stem)
        shutil.copytree(seeds_dir, folder / "seeds")
        for name, content in TREE.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(content, encoding="utf-8")
        blocks = [b for b in BLOCKS if b.page == page and b.not_run is None]
        return folder, PageRun(folder, env).run(blocks)

    with ThreadPoolExecutor(max_workers=min(4, default_jobs())) as pool:
        commands = Counter(b.page for b in BLOCKS for _ in b.commands)
        longest_first = sorted(selected, key=lambda page: -commands[page])
        yield {page: pool.submit(run_page, page) for page in longest_first}


@pytest.mark.parametrize("block", BLOCKS, ids=lambda b: b.id)
def test_console_block(block: Block, page_results: dict[str, Future[Outcome]]) -> None:
    if block.not_run is not None:
        pytest.skip(f"not run: {block.not_run}")
    folder, differences = page_results[block.page].result()
    assert not differences[block.line], f"{block.id} (run in {folder}):\n" + "\n".join(
        differences[block.line]
    )


def test_not_run_blocks_are_listed_with_a_reason() -> None:
    not_run = {(b.page, b.key): b.not_run for b in BLOCKS if b.not_run is not None}
    for (page, command), reason in not_run.items():
        assert reason, f"{page}: '$ {command}': a not-run marker needs a reason"
    assert set(not_run) == NOT_RUN, "update NOT_RUN when a block is marked or unmarked"
    python = {}
    for page in PAGES:
        if page.name != "recipes.md":
            for m in PYTHON.finditer(page.read_text(encoding="utf-8")):
                key = (page.relative_to(ROOT).as_posix(), m["first"])
                python[key] = (m["reason"] or "").strip() if m["marker"] else None
    assert all(python.values()), f"python blocks that neither run nor say why: {python}"
    assert set(python) == NOT_RUN_PYTHON, "update NOT_RUN_PYTHON when a block is added"
    markers = sum(len(ANY_MARKER.findall(page.read_text(encoding="utf-8"))) for page in PAGES)
    assert markers == len(not_run) + len(python), (
        "a not-run marker must be on the line before a ```console or ```python fence"
    )
    assert len(BLOCKS) - len(not_run) >= 20, "most console examples run"
