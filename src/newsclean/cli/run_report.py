"""The run report: what a ``clean`` run did, on stderr and as JSON in the output folder.

Counts (inputs cleaned, skipped by ``--resume``, failed; documents in, out and
dropped), size and speed, every failure with its reason (the first
:data:`MAX_FAILURES` of them; the rest are counted) and the edits per step and rule.

>>> from newsclean.cli.jobs import FileResult
>>> report = RunReport(engine="local", workers=1, fingerprint="abc")
>>> report.add(FileResult("a.txt", documents=1, size=2_000_000))
>>> report.add(FileResult("b.txt", errors=["b.txt: binary data (NUL bytes), not text"]))
>>> for _ in range(3): report.skip('c.txt')
>>> print(report.summary(2.0))
newsclean: 2 files, 0 documents (0 dropped), 2.00 MB in 2.00 s (1.00 MB/s), 3 skipped, 1 failed
>>> report.to_dict(2.0)["failures"]
[{'input': 'b.txt', 'reason': 'b.txt: binary data (NUL bytes), not text'}]
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from .._version import __version__
from ..chain import ChainStats
from ..jsontext import dumps
from .files import atomic_write
from .jobs import FileResult
from .manifest import RUN_FOLDER

__all__ = ["MAX_FAILURES", "REPORT_NAME", "RunReport"]

REPORT_NAME = "run.json"
#: Failures listed one by one in the JSON report; more are only counted.
MAX_FAILURES = 10_000


class RunReport:
    """Totals of a run, added up one input at a time (memory does not grow with the run)."""

    def __init__(self, *, engine: str, workers: int, fingerprint: str) -> None:
        self.engine = engine
        self.workers = workers
        self.fingerprint = fingerprint
        self.started = time.time()
        self.files = 0
        self.skipped = 0
        self.failed = 0
        self.errors = 0
        self.size = 0
        self.failures: list[dict[str, str]] = []
        self.stats = ChainStats()

    def add(self, result: FileResult) -> None:
        """Count one input's result."""
        self.files += 1
        self.failed += bool(result.errors)
        self.size += result.size
        self.stats.merge(result.stats)
        self.errors += len(result.errors)
        for error in result.errors:
            if len(self.failures) < MAX_FAILURES:
                self.failures.append({"input": result.name, "reason": error})

    def skip(self, item: object) -> None:
        """Count an input ``--resume`` skipped."""
        self.skipped += 1

    def summary(self, seconds: float) -> str:
        """The one-line summary printed last on stderr."""
        mb = self.size / 1e6
        dropped = sum(self.stats.dropped.values())  # not the documents that failed
        skipped = f"{self.skipped} skipped, " if self.skipped else ""
        return (
            f"newsclean: {self.files} files, {self.stats.documents_in} documents"
            f" ({dropped} dropped), {mb:.2f} MB in {seconds:.2f} s"
            f" ({mb / seconds if seconds else 0:.2f} MB/s), {skipped}{self.failed} failed"
        )

    def to_dict(self, seconds: float) -> dict[str, Any]:
        """The JSON report."""
        return {
            "newsclean": __version__,
            "engine": self.engine,
            "workers": self.workers,
            "chain_fingerprint": self.fingerprint,
            "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.started)),
            "seconds": round(seconds, 3),
            "files": self.files,
            "files_skipped": self.skipped,
            "files_failed": self.failed,
            "bytes": self.size,
            "mb_per_s": round(self.size / 1e6 / seconds, 3) if seconds else 0.0,
            **self.stats.to_dict(),
            "failures": self.failures,
            "failures_not_listed": self.errors - len(self.failures),
        }

    def write(self, outdir: Path, seconds: float) -> Path:
        """Write the JSON report to ``OUT/.newsclean/run.json``; returns its path."""
        path = outdir / RUN_FOLDER / REPORT_NAME
        report = self.to_dict(seconds)
        atomic_write(path, dumps(report, indent=2) + "\n")
        return path
