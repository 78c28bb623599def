"""Chains: an ordered, named, configurable sequence of steps.

>>> from newsclean import Chain, default_chain
>>> chain = default_chain()
>>> chain.names
('unicode', 'language', 'boilerplate', 'duplicates', 'paragraphs', 'spacing', 'typos', 'entities', 'structure', 'dates')
>>> chain.only("unicode", "spacing", "entities").names
('unicode', 'spacing', 'entities')
>>> Chain.from_config(chain.to_config()) == chain
True
>>> chain("They will be join the US-led mission .").text
'They will join the US-led mission.'

A chain carries the :class:`~newsclean.limits.Limits` each document must keep to:

>>> chain.with_limits(Limits(max_doc_size=5)).run("Too long a text")
Traceback (most recent call last):
...
newsclean.limits.LimitExceeded: limit.doc_size: 15 characters, over the limit of 5 characters (max_doc_size)
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._version import __version__
from .document import Document
from .limits import DEFAULT_LIMITS, Clocks, LimitExceeded, Limits
from .steps.base import ConfigError, Drop, Step, resolve_step

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["Chain", "ChainStats", "Outcome", "default_chain"]

#: The most documents :meth:`Chain.map` (and the ``newsclean`` command, and
#: ``newsclean.dask``) runs through the steps at a time.
BATCH_SIZE = 256
#: A batch also closes once its texts hold this many characters, so that a batch of
#: long documents stays small in memory.
BATCH_CHARS = 2_000_000

#: The names of the default chain's steps, in order.
DEFAULT_STEPS = (
    "unicode",
    # on repaired characters, before the steps that skip or adapt to other languages
    "language",
    "boilerplate",
    "duplicates",
    "paragraphs",
    "spacing",
    "typos",
    "entities",
    # after the steps that change words, so that its title, dateline and captions are
    # taken from the final text (and a second run finds nothing new); before dates,
    # which reads the publication date it finds
    "structure",
    "dates",
)


def batches(
    items: Iterable[Any], size: int = BATCH_SIZE, chars: int = BATCH_CHARS
) -> Iterator[list[Any]]:
    """``items`` in lists of up to ``size``, each closed early once its texts hold
    ``chars`` characters (a ``Document``'s text, a string, a record's ``"text"``).

    >>> [len(b) for b in batches(["a" * 10] * 7, size=3, chars=25)]
    [3, 3, 1]
    >>> [len(b) for b in batches(["a" * 10] * 7, size=5, chars=15)]
    [2, 2, 2, 1]
    >>> [len(b) for b in batches([{"text": "a" * 10}, Document("a" * 10), 7], size=5, chars=15)]
    [2, 1]
    """
    batch: list[Any] = []
    held = 0
    for item in items:
        batch.append(item)
        held += _text_size(item)
        if len(batch) >= size or held >= chars:
            yield batch
            batch, held = [], 0
    if batch:
        yield batch


def _text_size(item: Any) -> int:
    text = item.text if isinstance(item, Document) else item
    if isinstance(text, Mapping):
        text = text.get("text")
    return len(text) if isinstance(text, str) else 0


def _prepared(step: Step, docs: list[Document], numbers: list[int], clocks: Clocks | None) -> Step:
    """``step.prepare(docs)``, its time shared by the documents' clocks; the step itself
    if preparing fails (each document then meets the error on its own)."""
    if len(docs) < 2:
        return step
    started = time.monotonic()
    try:
        return step.prepare(docs)
    except Exception:  # a bug: running the documents one by one tells which fail
        return step
    finally:
        if clocks is not None:
            clocks.share(numbers, time.monotonic() - started)


@dataclass(frozen=True)
class Outcome:
    """What a chain did with one document: the result, or who dropped it and why.

    ``skipped`` names the steps that did not run in full on the document's language:
    ``(step, "language")`` for a step skipped, ``(step, "language_rules")`` for a step
    that ran with its language-specific rules off (see ``Step.for_language``).
    """

    document: Document | None
    dropped_by: str | None = None
    reason: str | None = None
    skipped: tuple[tuple[str, str], ...] = ()


@dataclass
class ChainStats:
    """Counters for a run: documents in and out, drops by reason, edits by step and rule,
    and steps skipped (or run in part) by reason.

    >>> stats = ChainStats()
    >>> for _ in default_chain().map(["Isis fell .", ""], stats=stats): pass
    >>> stats.documents_in, stats.edits[("spacing", "spacing.before_punct")]
    (2, 1)
    """

    documents_in: int = 0
    documents_out: int = 0
    dropped: Counter[tuple[str, str]] = field(default_factory=Counter)
    edits: Counter[tuple[str, str]] = field(default_factory=Counter)
    #: documents that went over a limit, by reason id (``limit.time``, ...)
    failed: Counter[str] = field(default_factory=Counter)
    skipped: Counter[tuple[str, str]] = field(default_factory=Counter)

    def add(self, outcome: Outcome) -> None:
        """Count one outcome."""
        self.documents_in += 1
        self.skipped.update(outcome.skipped)
        if outcome.document is None:
            self.dropped[(outcome.dropped_by or "?", outcome.reason or "")] += 1
            return
        self.documents_out += 1
        self.edits.update((e.step, e.rule) for e in outcome.document.edits)

    def fail(self, error: LimitExceeded) -> None:
        """Count a document that went over a limit."""
        self.documents_in += 1
        self.failed[error.reason] += 1

    def merge(self, other: ChainStats) -> None:
        """Add another run's counters (for example a worker process's)."""
        self.documents_in += other.documents_in
        self.documents_out += other.documents_out
        self.dropped.update(other.dropped)
        self.edits.update(other.edits)
        self.failed.update(other.failed)
        self.skipped.update(other.skipped)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready counters; edits nested as ``{step: {rule: n}}``."""
        edits: dict[str, dict[str, int]] = {}
        for (step_name, rule), n in sorted(self.edits.items()):
            edits.setdefault(step_name, {})[rule] = n
        return {
            "documents_in": self.documents_in,
            "documents_out": self.documents_out,
            "dropped": [
                {"step": s, "reason": r, "count": n} for (s, r), n in sorted(self.dropped.items())
            ],
            "edits": edits,
            "skipped": [
                {"step": s, "reason": r, "count": n} for (s, r), n in sorted(self.skipped.items())
            ],
            "failed": [{"reason": r, "count": n} for r, n in sorted(self.failed.items())],
        }


class Chain:
    """An ordered sequence of uniquely named steps, applied one after another.

    ``limits`` bound the size of each document and the time the chain spends on
    it (see :class:`~newsclean.limits.Limits`; the defaults unless given).
    """

    def __init__(self, steps: Iterable[Step] = (), *, limits: Limits = DEFAULT_LIMITS) -> None:
        self.steps: tuple[Step, ...] = tuple(steps)
        self.limits = limits
        for s in self.steps:
            if not isinstance(s, Step):
                raise TypeError(f"not a step: {s!r} (decorate functions with @newsclean.step)")
        names = [s.name for s in self.steps]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ConfigError(f"step names must be unique in a chain: {', '.join(duplicates)}")

    # -- running -----------------------------------------------------------------
    def run(self, doc: Document | str) -> Outcome:
        """Apply every step to ``doc``; stop at the first step that drops it.

        Raises :class:`~newsclean.limits.LimitExceeded` when the document is over
        ``limits.max_doc_size``, or when its ``limits.time_limit`` runs out: the
        budget is checked before each step, and a step's regular expressions that
        take ``timeout=regex_timeout()`` stop at it (their ``TimeoutError``).
        """
        (result,) = self.run_many((doc,))
        if isinstance(result, Exception):
            raise result
        return result

    def run_many(self, docs: Iterable[Document | str]) -> list[Outcome | Exception]:
        """Apply the chain to a batch of documents: each step over the whole batch,
        then the next step.

        Every document gets what :meth:`run` would give it, in order: its
        :class:`Outcome`, or the exception that ended it, a
        :class:`~newsclean.limits.LimitExceeded` or an error inside a step (a bug),
        which ends that document only. Running a step over many documents in a row
        keeps its tables and patterns in the CPU caches: a third faster than one
        document at a time through all the steps. Each document's ``time_limit`` counts
        the steps' time on it alone.

        >>> [type(r).__name__ for r in default_chain().with_limits(Limits(max_doc_size=9))
        ...     .run_many(["Isis fell .", "Isis fell"])]
        ['LimitExceeded', 'Outcome']
        """
        current: list[Document | None] = []
        results: list[Outcome | Exception | None] = []
        for doc in docs:
            document = doc if isinstance(doc, Document) else Document(doc)
            try:
                self.limits.check_doc_size(document.text)
            except LimitExceeded as exc:
                current.append(None)
                results.append(exc)
            else:
                current.append(document)
                results.append(None)
        time_limit = self.limits.time_limit
        clocks = None if time_limit is None else Clocks(time_limit, len(current))
        with clocks if clocks is not None else nullcontext():
            live, skipped = self._run_steps(current, results, clocks)
        for i in live:
            results[i] = Outcome(current[i], skipped=tuple(skipped.get(i, ())))
        return results  # type: ignore[return-value]  # every place is filled

    def _run_steps(
        self,
        current: list[Document | None],
        results: list[Outcome | Exception | None],
        clocks: Clocks | None,
    ) -> tuple[list[int], dict[int, list[tuple[str, str]]]]:
        """Run the steps over the documents of :meth:`run_many`, each step over them all;
        fill ``results`` for those that end on the way (``current``: each one's latest
        form). Give the documents that come through, and the steps each skipped.

        A step runs on a document as ``step.for_language(language)`` (its prepared copy,
        see :meth:`Step.prepare`): its ``apply``, or nothing when that is ``None``.
        """
        live = [i for i, d in enumerate(current) if d is not None]
        skipped: dict[int, list[tuple[str, str]]] = {}
        for number, s in enumerate(self.steps):
            if clocks is not None and number:
                for i in live:
                    if clocks.over(i):
                        results[i] = self._out_of_time(f"before step {s.name!r}")
                live = [i for i in live if results[i] is None]
            runner = _prepared(s, [current[i] for i in live], live, clocks)  # type: ignore[misc]
            going = []
            for i in live:
                doc: Document = current[i]  # type: ignore[assignment]
                runs = runner.for_language(doc.meta.get("language"))
                if runs is not runner:
                    note = "language" if runs is None else "language_rules"
                    skipped.setdefault(i, []).append((s.name, note))
                    if runs is None:
                        going.append(i)
                        continue
                started = None if clocks is None else clocks.start(i)
                try:
                    result = runs.apply(doc)
                except Drop as drop:
                    results[i] = Outcome(None, s.name, drop.reason, tuple(skipped.get(i, ())))
                    continue
                except TimeoutError as exc:
                    results[i] = self._out_of_time(f"in step {s.name!r} ({exc})") if clocks else exc
                    continue
                except Exception as exc:  # a bug in a step: this document only
                    results[i] = exc
                    continue
                finally:
                    if started is not None:
                        clocks.stop(i, started)  # type: ignore[union-attr]
                if result is None:
                    results[i] = Outcome(None, s.name, "dropped", tuple(skipped.get(i, ())))
                    continue
                current[i] = result
                going.append(i)
            live = going
        return live, skipped

    def _out_of_time(self, where: str) -> LimitExceeded:
        return LimitExceeded(
            "limit.time", f"over the {self.limits.time_limit:g} s time limit {where} (time_limit)"
        )

    def __call__(self, doc: Document | str) -> Document | None:
        """The cleaned document, or ``None`` if a step dropped it (limits as in :meth:`run`)."""
        return self.run(doc).document

    def map(
        self,
        docs: Iterable[Document | str],
        *,
        stats: ChainStats | None = None,
        batch_size: int = BATCH_SIZE,
    ) -> Iterator[Document]:
        """Clean documents lazily, ``batch_size`` at a time (see :meth:`run_many`), in order.

        Dropped documents, and documents over a limit, are skipped and counted in
        ``stats`` (``dropped`` and ``failed``): one bad document does not end the run.
        An error inside a step (a bug) is raised when its document's turn comes.
        """
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, not {batch_size!r}")
        for batch in batches(docs, batch_size):
            for result in self.run_many(batch):
                if isinstance(result, LimitExceeded):
                    if stats is not None:
                        stats.fail(result)
                    continue
                if isinstance(result, Exception):
                    raise result
                if stats is not None:
                    stats.add(result)
                if result.document is not None:
                    yield result.document

    # -- composing ---------------------------------------------------------------
    @property
    def names(self) -> tuple[str, ...]:
        """The step names, in order."""
        return tuple(s.name for s in self.steps)

    def __or__(self, other: Step | Chain) -> Chain:
        if isinstance(other, Chain):
            return Chain(self.steps + other.steps, limits=self.limits)
        return Chain((*self.steps, other), limits=self.limits)

    def without(self, *names: str) -> Chain:
        """A chain with the named steps left out."""
        self._check(names)
        return Chain((s for s in self.steps if s.name not in names), limits=self.limits)

    def only(self, *names: str) -> Chain:
        """A chain of just the named steps, in this chain's order."""
        self._check(names)
        return Chain((s for s in self.steps if s.name in names), limits=self.limits)

    def with_limits(self, limits: Limits) -> Chain:
        """The same steps under other limits."""
        return Chain(self.steps, limits=limits)

    def __getitem__(self, name: str) -> Step:
        for s in self.steps:
            if s.name == name:
                return s
        raise KeyError(name)

    def __iter__(self) -> Iterator[Step]:
        return iter(self.steps)

    def __len__(self) -> int:
        return len(self.steps)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Chain) and (self.steps, self.limits) == (
            other.steps,
            other.limits,
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Chain({list(self.steps)!r})"

    def _check(self, names: Iterable[str]) -> None:
        unknown = [n for n in names if n not in self.names]
        if unknown:
            raise KeyError(f"no step named {', '.join(unknown)} in chain {self.names}")

    # -- config ------------------------------------------------------------------
    def to_config(self) -> dict[str, Any]:
        """The chain as a plain dict (``{"steps": [{"step": name, **options}, ...]}``).

        Limits other than the defaults are in a ``"limits"`` table.
        """
        config: dict[str, Any] = {"steps": [s.to_config() for s in self.steps]}
        if self.limits != DEFAULT_LIMITS:
            config["limits"] = self.limits.to_config()
        return config

    def fingerprint(self) -> str:
        """A hash of the chain's config and newsclean's version: equal chains, equal prints."""
        blob = json.dumps([__version__, self.to_config()], sort_keys=True, default=str)
        return hashlib.sha256(blob.encode()).hexdigest()[:16]

    @classmethod
    def from_config(cls, config: Mapping[str, Any] | str | os.PathLike[str]) -> Chain:
        """Build a chain from a dict or a TOML file.

        The file holds ``[[steps]]`` tables, each with ``step = "<name>"`` (a
        built-in step or ``"module:function"``) and the step's options. A file
        may instead say ``extends = "default"`` and give ``[options.<step>]``
        tables and a ``without = [...]`` list. A ``[limits]`` table sets the
        chain's :class:`~newsclean.limits.Limits`. Modules of custom steps are
        imported with the config file's folder on ``sys.path``.
        """
        if isinstance(config, (str, os.PathLike)):
            path = Path(config)
            try:
                with path.open("rb") as fh:
                    data = tomllib.load(fh)
            except OSError as exc:
                raise ConfigError(f"{path}: cannot read config: {exc.strerror or exc}") from exc
            except tomllib.TOMLDecodeError as exc:
                raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
            folder = path.resolve().parent
            if str(folder) not in sys.path:
                sys.path.append(str(folder))
            try:
                return cls._from_mapping(data, folder)
            except ConfigError as exc:
                raise ConfigError(f"{path}: {exc}") from exc
        return cls._from_mapping(config)

    @classmethod
    def _from_mapping(cls, config: Mapping[str, Any], folder: Path | None = None) -> Chain:
        """The chain a config mapping describes; ``folder``: the config file's, against
        which relative file options are resolved."""
        unknown = sorted(set(config) - {"steps", "extends", "options", "without", "limits"})
        if unknown:
            raise ConfigError(f"unknown config key(s): {', '.join(unknown)}")
        table = config.get("limits", {})
        if not isinstance(table, Mapping):
            raise ConfigError("limits must be a table ([limits])")
        limits = Limits.from_config(table)
        return cls._steps_from_mapping(config, folder).with_limits(limits)

    @classmethod
    def _steps_from_mapping(cls, config: Mapping[str, Any], folder: Path | None) -> Chain:
        def options_of(step_cls: type[Step], options: Any) -> Any:
            if folder is None or not isinstance(options, Mapping):
                return options
            return step_cls.resolve_paths(options, folder)

        if "extends" in config:
            if config["extends"] != "default" or "steps" in config:
                raise ConfigError('config: extends = "default" is the only base, without [[steps]]')
            given = config.get("options", {})
            if not isinstance(given, Mapping):
                raise ConfigError("config: options must be a table of step name -> options")
            options = {
                name: options_of(resolve_step(name), opts) if name in DEFAULT_STEPS else opts
                for name, opts in given.items()
            }
            chain = default_chain(**options)
            unknown = [n for n in config.get("without", ()) if n not in chain.names]
            if unknown:
                raise ConfigError(f"without: no step named {', '.join(map(str, unknown))}")
            return chain.without(*config.get("without", ()))
        tables = config.get("steps")
        if not isinstance(tables, list):
            raise ConfigError("config needs a list of steps ([[steps]] tables)")
        steps = []
        for i, table in enumerate(tables):
            if not isinstance(table, Mapping) or "step" not in table:
                raise ConfigError(f"steps[{i}] needs a 'step' key naming the step")
            options = {k: v for k, v in table.items() if k != "step"}
            step_cls = resolve_step(str(table["step"]))
            steps.append(step_cls.from_options(options_of(step_cls, options)))
        return cls(steps)


def default_chain(**options: Mapping[str, Any]) -> Chain:
    """The standard chain; ``options`` maps a step name to its options.

    >>> default_chain(typos={"disable": ["typos.doubled_word"]})["typos"].disable
    frozenset({'typos.doubled_word'})
    """
    from . import steps  # noqa: F401  (registers the built-in steps)

    unknown = sorted(set(options) - set(DEFAULT_STEPS))
    if unknown:
        raise ConfigError(f"no step named {', '.join(unknown)} in the default chain")
    return Chain(resolve_step(name).from_options(options.get(name, {})) for name in DEFAULT_STEPS)
