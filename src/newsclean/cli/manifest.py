"""The resume manifest: which inputs a run under an output folder has finished.

One JSON line per finished input, appended as each one is done, in
``OUT/.newsclean/manifest.jsonl``: its name, size and modification time, the
fingerprint of the chain that cleaned it and newsclean's version. ``--resume``
skips an input whose line still matches; anything else (a new or changed file,
another chain, another version) is cleaned again. Lines are appended with one
``write`` each and flushed at once, so a killed run loses at most the line it
was writing; a torn last line is ignored when the manifest is read back.

>>> import pathlib, tempfile
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> with Manifest.create(out, fingerprint="f1", resume=False) as manifest:
...     manifest.done("news/a.txt", 12, 1000)
>>> again = Manifest.create(out, fingerprint="f1", resume=True)
>>> again.is_done("news/a.txt", 12, 1000), again.is_done("news/a.txt", 13, 1000)
(True, False)
>>> Manifest.create(out, fingerprint="f2", resume=True).is_done("news/a.txt", 12, 1000)
False
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import TextIO

from .._version import __version__
from .files import Input

__all__ = ["MANIFEST_NAME", "RUN_FOLDER", "SUCCESS_NAME", "Manifest", "skip_done"]

#: The folder under an output folder where newsclean keeps its run files.
RUN_FOLDER = ".newsclean"
MANIFEST_NAME = "manifest.jsonl"
#: Written in the output folder, last, by a run in which every input was cleaned.
SUCCESS_NAME = "_SUCCESS"


class Manifest:
    """The manifest of one output folder, open for appending."""

    def __init__(self, path: Path, fingerprint: str, done: set[bytes], fh: TextIO) -> None:
        self.path = path
        self.fingerprint = fingerprint
        self._done = done
        self._fh = fh

    @classmethod
    def create(cls, outdir: Path, *, fingerprint: str, resume: bool) -> Manifest:
        """Open ``outdir``'s manifest: read what is done (``resume``) or start afresh."""
        path = outdir / RUN_FOLDER / MANIFEST_NAME
        path.parent.mkdir(parents=True, exist_ok=True)
        done: set[bytes] = set()
        if resume and path.exists():
            with path.open("rb") as fh:
                for raw in fh:
                    try:
                        entry = json.loads(raw)
                        key = cls._key(
                            entry["path"], entry["size"], entry["mtime_ns"], entry["fingerprint"]
                        )
                    except (ValueError, KeyError, TypeError):
                        continue  # a line torn by a kill, or not ours
                    if entry.get("version") == __version__:
                        done.add(key)
        mode = "a" if resume else "w"
        fh = path.open(mode, encoding="utf-8", newline="\n")
        if resume and path.stat().st_size and not _ends_with_newline(path):
            fh.write("\n")  # close a torn last line, so the next line is whole
        return cls(path, fingerprint, done, fh)

    @staticmethod
    def _key(name: str, size: int, mtime_ns: int, fingerprint: str) -> bytes:
        blob = json.dumps([name, size, mtime_ns, fingerprint]).encode("utf-8", "surrogatepass")
        return hashlib.blake2b(blob, digest_size=16).digest()  # ~100 bytes per input in the set

    def is_done(self, name: str, size: int, mtime_ns: int) -> bool:
        """Whether this input, with this size and time, was finished with this chain."""
        return self._key(name, size, mtime_ns, self.fingerprint) in self._done

    def done(self, name: str, size: int, mtime_ns: int) -> None:
        """Record that an input was cleaned and its output written."""
        entry = {
            "path": name,
            "size": size,
            "mtime_ns": mtime_ns,
            "fingerprint": self.fingerprint,
            "version": __version__,
        }
        line = json.dumps(entry, ensure_ascii=True)  # ASCII: odd file names cannot fail
        self._fh.write(line + "\n")
        self._fh.flush()

    def close(self) -> None:
        """Flush the manifest to disk and close it."""
        if not self._fh.closed:
            self._fh.flush()
            os.fsync(self._fh.fileno())
            self._fh.close()

    def __enter__(self) -> Manifest:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def skip_done(
    inputs: Iterable[Input], manifest: Manifest, skipped: Callable[[Input], object]
) -> Iterator[Input]:
    """``inputs`` without those the manifest has as done (each given to ``skipped``)."""
    for item in inputs:
        if item.error is None:
            try:
                info = item.path.stat()
            except OSError:
                yield item  # cleaning it reports why it cannot be read
                continue
            if manifest.is_done(item.relative.as_posix(), info.st_size, info.st_mtime_ns):
                skipped(item)
                continue
        yield item


def _ends_with_newline(path: Path) -> bool:
    with path.open("rb") as fh:
        fh.seek(-1, os.SEEK_END)
        return fh.read(1) == b"\n"
