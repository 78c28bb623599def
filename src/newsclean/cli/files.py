"""The file side of ``newsclean clean``: walking sources, naming outputs, atomic writes.

The walk follows directory symlinks but visits each real directory once, so
symlink loops cannot hang it; hidden files and folders (``.name``) are skipped.
Outputs are written to a temporary file in the target folder and renamed into
place, so a killed run leaves no half-written output, only temporary files that
the next run sweeps away.
"""

from __future__ import annotations

import fnmatch
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

__all__ = [
    "TEMP_SUFFIX",
    "Input",
    "atomic_open",
    "atomic_write",
    "plan_outputs",
    "sweep_temporaries",
    "walk",
]

#: Every temporary file newsclean writes ends with this; a later run removes leftovers.
TEMP_SUFFIX = ".newsclean-tmp"


@dataclass(frozen=True)
class Input:
    """One input file: where it is, the name it is reported by, and where its output goes."""

    path: Path
    name: str
    relative: Path
    output: Path | None = None
    error: str | None = None


def walk(
    sources: Sequence[Path], *, include: Sequence[str] = (), exclude: Iterable[Path] = ()
) -> Iterator[Input]:
    """Input files under ``sources``, in a stable sorted order.

    A single source folder is mirrored as is; with several sources each keeps its
    own name as the first part of the relative path (like ``cp -r a b DEST``).
    """
    skip = {_real(p) for p in exclude}
    seen: set[tuple[int, int]] = set()
    for source in sources:
        prefix = Path(source.name) if len(sources) > 1 else Path()
        if source.is_dir():
            yield from _walk_dir(source, prefix, include, skip, seen)
        else:
            yield Input(source, str(source), Path(source.name))


def _walk_dir(
    root: Path,
    prefix: Path,
    include: Sequence[str],
    skip: set[str],
    seen: set[tuple[int, int]],
) -> Iterator[Input]:
    skip_names = {os.path.basename(s) for s in skip}  # realpath only for these names
    stack = [(root, prefix)]
    while stack:
        folder, relative = stack.pop()
        try:
            info = folder.stat()
            if (info.st_dev, info.st_ino) in seen or _real(folder) in skip:
                continue  # a symlink loop, a folder reached twice, or the output folder
            seen.add((info.st_dev, info.st_ino))
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            yield Input(folder, str(folder), relative, error=f"cannot list folder: {exc.strerror}")
            continue
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                subfolders.append((path, relative / entry.name))
            elif entry.name in skip_names and _real(path) in skip:
                continue  # the --jsonl output of an earlier run
            elif not include or any(fnmatch.fnmatch(entry.name, pat) for pat in include):
                yield Input(path, str(path), relative / entry.name)
        stack.extend(reversed(subfolders))


def plan_outputs(inputs: Iterable[Input], outdir: Path, sources: Sequence[Path]) -> Iterator[Input]:
    """Give each input its output path under ``outdir``.

    Text, Markdown and HTML become ``.txt``; JSON Lines stay ``.jsonl``. When two
    inputs would share an output (``a.html`` and ``a.txt``), the later one in the walk
    keeps its full name (``a.txt.txt``). An output that would overwrite an input is an error.
    """
    from ..readers import kind_of

    taken: set[Path] = set()
    folder: Path | None = None
    # Two outputs can only clash inside one folder, and the walk yields a folder's files
    # together, so only the current folder's names are kept (memory stays flat) -- unless
    # two sources share a name and so write into the same folders.
    names = [s.name for s in sources]
    forget = len(set(names)) == len(names)
    source_files = {_real(s) for s in sources}
    for item in inputs:
        if item.error:
            yield item
            continue
        suffix = ".jsonl" if kind_of(item.path) == "jsonl" else ".txt"
        target = outdir / item.relative.with_suffix(suffix)
        if forget and target.parent != folder:
            folder = target.parent
            taken.clear()
        if target in taken:
            target = outdir / item.relative.with_name(item.relative.name + suffix)
        error = None
        if target in taken:
            error = f"its output {target} is already the output of another input"
        elif _real(target) == _real(item.path) or _real(target) in source_files:
            error = f"its output {target} would overwrite an input"
        taken.add(target)
        yield Input(item.path, item.name, item.relative, target, error)


@contextmanager
def atomic_open(path: Path) -> Iterator[TextIO]:
    """A text file that appears at ``path`` only when the block ends without error."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            yield fh
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename."""
    with atomic_open(path) as fh:
        fh.write(text)


def sweep_temporaries(folder: Path) -> int:
    """Remove temporary files a killed run left under ``folder``; returns how many."""
    removed = 0
    if not folder.is_dir():
        return 0
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            if name.endswith(TEMP_SUFFIX):
                Path(dirpath, name).unlink(missing_ok=True)
                removed += 1
    return removed


def _real(path: Path) -> str:
    return os.path.realpath(path)
