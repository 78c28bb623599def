"""Cleaning inputs, in this process or in a pool of worker processes.

Each worker builds the chain once (from its config) and reads, cleans and
writes its inputs itself; the parent only receives small results (and the JSON
Lines records when a single ``--jsonl`` stream is wanted). Work is sent in
chunks of files, and at most a few chunks per worker are in flight, so memory
stays flat whatever the size of the tree.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, TextIO

from ..chain import BATCH_CHARS, BATCH_SIZE, Chain, ChainStats, Outcome, default_chain
from ..document import Document
from ..jsontext import json_line
from ..limits import LimitExceeded, Limits
from ..readers import InputError, kind_of, read_path
from .files import TEMP_SUFFIX, Input, atomic_open, atomic_write

__all__ = [
    "CHUNK",
    "FileResult",
    "Job",
    "clean_input",
    "clean_inputs",
    "document_name",
    "json_line",
    "record",
    "run_inputs",
]

#: Inputs sent to a worker at a time (small files: half a batch of the chain's, whose
#: steps run over a chunk's documents together; more would balance small trees worse).
CHUNK = 32


@dataclass(frozen=True)
class Job:
    """What every worker needs to know: the chain's config and what to produce.

    ``config`` is a TOML file (read by each worker); ``spec`` is the chain's config
    as JSON (:meth:`Chain.to_config`), for workers that do not share the client's files.
    ``spool`` is the folder where workers put the ``--jsonl`` records of a chunk.
    """

    config: str | None = None
    write_files: bool = True
    want_records: bool = False
    spec: str | None = None
    spool: str | None = None
    #: limits set on the command line (instead of the config's)
    limits: Limits | None = None

    def chain(self) -> Chain:
        """The job's chain (built from the spec or the config file, or the default chain)."""
        if self.spec is not None:
            chain = Chain.from_config(json.loads(self.spec))
        else:
            chain = Chain.from_config(self.config) if self.config else default_chain()
        return chain if self.limits is None else chain.with_limits(self.limits)


@dataclass
class FileResult:
    """The outcome of one input (small: the documents themselves are never in it)."""

    name: str
    key: str = ""  # the input's path relative to its source: its name in the manifest
    documents: int = 0
    size: int = 0
    mtime_ns: int = 0
    errors: list[str] = field(default_factory=list)
    stats: ChainStats = field(default_factory=ChainStats)


def record(doc_id: str, source: str, doc: Document) -> dict[str, Any]:
    """The JSON Lines record of a cleaned document (see docs/jsonl.md)."""
    return {"id": doc_id, "source": source, **doc.to_record()}


def document_name(source: str, doc_id: str) -> str:
    """How an error names a document: its file, and its record when that has an id.

    >>> document_name("a.txt", "a.txt"), document_name("f.jsonl", "x1")
    ('a.txt', 'f.jsonl: record x1')
    """
    return doc_id if doc_id.startswith(source) else f"{source}: record {doc_id}"


def clean_input(
    item: Input, job: Job, chain: Chain, emit: Callable[[str], object] | None = None
) -> FileResult:
    """Read, clean and write one input; every failure becomes an error line (see
    :func:`clean_inputs`)."""
    (result,) = clean_inputs([item], job, chain, emit)
    return result


def clean_inputs(
    items: Iterable[Input], job: Job, chain: Chain, emit: Callable[[str], object] | None = None
) -> Iterator[FileResult]:
    """Read, clean and write inputs; their results come in input order.

    The chain cleans documents in batches of up to :data:`~newsclean.chain.BATCH_SIZE`
    documents and :data:`~newsclean.chain.BATCH_CHARS` characters
    (:meth:`Chain.run_many`, a third faster than one at a time), gathered across
    small files or taken from one large JSON Lines file. Documents stream: each is
    written to its file's output (and given to ``emit`` as a JSON line when records
    are wanted) when its batch is clean, so an input of any size is cleaned in flat
    memory. Every failure becomes an error line of its input's result.
    """
    waiting: list[tuple[_Cleaning, str, Document | InputError]] = []  # read, not yet cleaned
    unfinished: deque[_Cleaning] = deque()  # in input order

    def clean_waiting() -> Iterator[FileResult]:
        docs = [entry for _, _, entry in waiting if isinstance(entry, Document)]
        outcomes = iter(chain.run_many(docs))
        for cleaning, doc_id, entry in waiting:
            if isinstance(entry, InputError):
                cleaning.result.errors.append(str(entry))
            else:
                cleaning.take(doc_id, next(outcomes), emit)
        waiting.clear()
        while unfinished and (unfinished[0].read_all or len(unfinished) > 1):
            yield unfinished.popleft().finish()

    try:
        documents = held = 0
        for item in items:
            cleaning = _Cleaning(item, job)
            unfinished.append(cleaning)
            entries = () if item.error else read_path(item.path, item.name, limits=chain.limits)
            for entry in entries:
                if isinstance(entry, InputError):
                    waiting.append((cleaning, "", entry))
                    continue
                waiting.append((cleaning, *entry))
                documents += 1
                held += len(entry[1].text)
                if documents >= BATCH_SIZE or held >= BATCH_CHARS:
                    yield from clean_waiting()
                    documents = held = 0
            cleaning.read_all = True
        yield from clean_waiting()
    finally:  # stopped early (an error, or the caller gave up): no half-written output
        for cleaning in unfinished:
            cleaning.abandon()


class _Cleaning:
    """One input on its way through :func:`clean_inputs`: its result so far, and its
    output, opened (through a temporary file) for its first cleaned document."""

    def __init__(self, item: Input, job: Job) -> None:
        self.item = item
        self.result = FileResult(item.name, item.relative.as_posix())
        self.target = item.output if job.write_files else None
        self.is_jsonl = kind_of(item.path) == "jsonl"
        self.output = contextlib.ExitStack()
        self.out: TextIO | None = None
        self.read_all = False  # every document of the input has been read
        self.failed = False  # no more of it is taken: it could not be read, or not written
        if item.error:
            self.result.errors.append(f"{item.name}: {item.error}")
            self.failed = True
            return
        with contextlib.suppress(OSError):  # unreadable inputs are reported by read_path
            info = item.path.stat()
            self.result.size, self.result.mtime_ns = info.st_size, info.st_mtime_ns

    def take(
        self, doc_id: str, outcome: Outcome | Exception, emit: Callable[[str], object] | None
    ) -> None:
        """Count one document's outcome (or error) and write the cleaned document."""
        if self.failed:
            return
        result = self.result
        where = document_name(self.item.name, doc_id)
        if isinstance(outcome, LimitExceeded):  # this document only: the run goes on
            result.errors.append(f"{where}: {outcome}")
            result.stats.fail(outcome)
            return
        if isinstance(outcome, Exception):  # a bug in a step must not stop the run
            result.errors.append(
                f"{where}: internal error in the chain: {type(outcome).__name__}: {outcome}"
            )
            return
        result.documents += 1
        result.stats.add(outcome)
        if outcome.document is None:
            return
        line = json_line(record(doc_id, self.item.name, outcome.document))
        if emit is not None:
            emit(line)
        if self.target is None:
            return
        text = line if self.is_jsonl else outcome.document.text
        try:
            if self.out is None:  # opened for the first document: a dropped one gets no file
                self.out = self.output.enter_context(atomic_open(self.target))
            if text:
                self.out.write(text + "\n")
        except OSError as exc:
            self._cannot_write(exc)

    def finish(self) -> FileResult:
        """Close the output (it appears under its name now); the input's result."""
        try:
            nothing_read = self.result.documents == 0 and not self.result.errors
            if self.target is not None and self.out is None and nothing_read:
                atomic_write(self.target, "")  # an empty JSON Lines file
            self.output.close()
        except OSError as exc:
            self._cannot_write(exc)
        return self.result

    def abandon(self) -> None:
        """Remove the temporary output of an input that will not be finished."""
        with contextlib.suppress(OSError):
            self.output.__exit__(RuntimeError, RuntimeError("abandoned"), None)

    def _cannot_write(self, exc: OSError) -> None:
        self.result.errors.append(
            f"{self.item.name}: cannot write {self.target}: {exc.strerror or exc}"
        )
        self.failed = True
        self.abandon()


# -- worker processes ------------------------------------------------------------
_WORKER: tuple[Job, Chain] | None = None
_PARENT: int | None = None  # the worker's parent when it started


def _init_worker(job: Job) -> None:
    global _WORKER, _PARENT
    _WORKER = (job, job.chain())
    _PARENT = os.getppid()
    threading.Thread(target=_exit_with_parent, daemon=True).start()


def _exit_with_parent() -> None:
    """End this worker when the process that started it is gone.

    A parent killed with SIGKILL cannot shut its pool down: its workers would
    go on cleaning the chunks already sent to them, writing outputs after the
    run ended, and then wait for more work forever.
    """
    while os.getppid() == _PARENT:
        time.sleep(0.1)
    os._exit(1)


def _clean_chunk(items: list[Input]) -> tuple[list[FileResult], str | None]:
    """Clean a chunk; its ``--jsonl`` records go to a spool file the parent copies."""
    assert _WORKER is not None, "worker not initialised"
    job, chain = _WORKER
    results = []
    with contextlib.ExitStack() as stack:
        spool: str | None = None
        emit = None
        if job.want_records:
            fd, spool = tempfile.mkstemp(dir=job.spool, prefix=".records.", suffix=TEMP_SUFFIX)
            emit = _line_writer(
                stack.enter_context(os.fdopen(fd, "w", encoding="utf-8", newline="\n"))
            )
        for result in clean_inputs(items, job, chain, emit):
            if os.getppid() != _PARENT:  # orphaned: write nothing more (see _exit_with_parent)
                os._exit(1)
            results.append(result)
    return results, spool


def _line_writer(fh: TextIO) -> Callable[[str], object]:
    """A function writing one line to ``fh``."""

    def write(line: str) -> object:
        return fh.write(line + "\n")

    return write


def run_inputs(
    inputs: Iterable[Input], job: Job, jobs: int, records: TextIO | None = None
) -> Iterator[FileResult]:
    """Clean ``inputs`` with ``jobs`` processes; results come back in input order.

    Inputs are sent to the workers in chunks, and a few chunks per worker at most
    are in flight, so neither the inputs nor the results pile up in this process.
    The ``--jsonl`` records (when ``job.want_records``) are written to ``records``.
    """
    items = iter(inputs)
    if jobs <= 1:
        chain = job.chain()
        emit = None if records is None else _line_writer(records)
        yield from clean_inputs(items, job, chain, emit)
        return
    window: deque[Future[tuple[list[FileResult], str | None]]] = deque()
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(job,)) as pool:
        while True:
            while len(window) < jobs * 4:
                chunk = list(islice(items, CHUNK))
                if not chunk:
                    break
                window.append(pool.submit(_clean_chunk, chunk))
            if not window:
                return
            results, spool = window.popleft().result()
            if spool is not None:
                with open(spool, encoding="utf-8", newline="\n") as fh:
                    if records is not None:
                        shutil.copyfileobj(fh, records)
                os.unlink(spool)
            yield from results


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1
