"""Limits on what one document may cost: its size and its time.

A :class:`Limits` travels with a :class:`~newsclean.Chain` (``[limits]`` in a
config file, ``--max-doc-size`` and friends on the command line). Hitting one
raises :class:`LimitExceeded`, whose ``reason`` is a stable id:

=====================  ==========================================================
``limit.input_size``   a file, or one line of a JSON Lines file, is larger than
                       ``max_input_size`` bytes (refused before it is read whole)
``limit.html_size``    an HTML page is larger than ``max_html_size`` (bytes, or
                       characters for a ``str``), refused before extraction
``limit.html_depth``   an HTML page nests elements deeper than the parser can
                       follow (2,048 levels); the text below would be lost
``limit.doc_size``     the text entering the chain is longer than ``max_doc_size``
                       characters
``limit.time``         the document used up ``time_limit`` seconds in the chain
=====================  ==========================================================

A limit of ``0`` (or ``None``) is no limit.

>>> limits = Limits(max_doc_size=10)
>>> limits.check_doc_size("Twelve chars")
Traceback (most recent call last):
...
newsclean.limits.LimitExceeded: limit.doc_size: 12 characters, over the limit of 10 characters (max_doc_size)
>>> Limits.from_config({"max_doc_size": "2M", "time_limit": 5}).max_doc_size
2000000
"""

from __future__ import annotations

import contextvars
import dataclasses
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import regex

__all__ = [
    "DEFAULT_LIMITS",
    "REASONS",
    "Clocks",
    "LimitExceeded",
    "Limits",
    "parse_size",
    "regex_timeout",
    "size_error",
]

#: Every reason id a :class:`LimitExceeded` can carry, with what it means.
REASONS: Mapping[str, str] = {
    "limit.input_size": "a file or a JSON Lines line is larger than max_input_size bytes",
    "limit.html_size": "an HTML page is larger than max_html_size",
    "limit.html_depth": "an HTML page nests elements deeper than the parser follows",
    "limit.doc_size": "the text entering the chain is longer than max_doc_size characters",
    "limit.time": "the document used up its time_limit in the chain",
}

_SIZE = regex.compile(r"\s*(\d+(?:\.\d+)?)\s*(?:([kmg])(i?)b?|b)?\s*", regex.I)
_UNITS = {"k": 1, "m": 2, "g": 3}


class LimitExceeded(Exception):
    """A document went over one of its :class:`Limits`; ``reason`` is a stable id."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail

    def __reduce__(self) -> tuple[Any, ...]:  # pickles across worker processes
        return (LimitExceeded, (self.reason, self.detail))


def parse_size(value: int | str | None) -> int | None:
    """A size from an int or a string such as ``"20M"``, ``"512k"``, ``"1GiB"``.

    ``K``/``M``/``G`` are powers of 1,000, ``Ki``/``Mi``/``Gi`` of 1,024; ``0`` and
    ``None`` mean no limit (``None``).

    >>> parse_size("20M"), parse_size("1Ki"), parse_size(0), parse_size("300")
    (20000000, 1024, None, 300)
    """
    if value is None or isinstance(value, bool):
        if value is None:
            return None
        raise ValueError(f"not a size: {value!r}")
    if isinstance(value, int):
        number = value
    else:
        m = _SIZE.fullmatch(str(value))
        if m is None:
            raise ValueError(f"not a size: {value!r} (use a number, optionally with K, M or G)")
        base = 1024 if m[3] else 1000
        number = int(float(m[1]) * base ** _UNITS.get((m[2] or "").lower(), 0))
    if number < 0:
        raise ValueError(f"a size cannot be negative: {value!r}")
    return number or None


def _seconds(value: float | int | str | None) -> float | None:
    if value is None:
        return None
    number = float(value)
    if number < 0 or number != number:
        raise ValueError(f"not a time limit: {value!r}")
    return number or None


@dataclass(frozen=True)
class Limits:
    """What one document may cost; ``None`` is no limit.

    ``max_input_size`` (bytes) bounds what a reader holds in memory at once;
    ``max_html_size`` bounds a page before extraction (which needs about ten
    times the page's size in memory); ``max_doc_size`` (characters) bounds the
    text given to the chain; ``time_limit`` (seconds) bounds the chain's work on
    one document: it is checked before each step, and regular expressions that
    take ``timeout=regex_timeout()`` stop at it too.
    """

    max_input_size: int | None = 256_000_000
    max_html_size: int | None = 20_000_000
    max_doc_size: int | None = 10_000_000
    time_limit: float | None = 60.0

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            fixed = _seconds(value) if f.name == "time_limit" else parse_size(value)
            object.__setattr__(self, f.name, fixed)

    @classmethod
    def from_config(cls, table: Mapping[str, Any]) -> Limits:
        """Limits from a ``[limits]`` config table; unset keys keep their defaults."""
        from .steps.base import ConfigError

        known = [f.name for f in dataclasses.fields(cls)]
        unknown = sorted(set(table) - set(known))
        if unknown:
            raise ConfigError(
                f"limits: no limit {', '.join(map(repr, unknown))} (limits: {', '.join(known)})"
            )
        try:
            return cls(**table)
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"limits: {exc}") from exc

    def to_config(self) -> dict[str, Any]:
        """The limits as a config table (``0`` for no limit)."""
        return {f.name: getattr(self, f.name) or 0 for f in dataclasses.fields(self)}

    def check_doc_size(self, text: str) -> None:
        """Raise ``limit.doc_size`` when ``text`` is too long for the chain."""
        if self.max_doc_size is not None and len(text) > self.max_doc_size:
            raise size_error(
                "limit.doc_size", len(text), self.max_doc_size, "max_doc_size", "characters"
            )

    def deadline(self) -> float | None:
        """The ``time.monotonic()`` by which a document started now must be done."""
        return None if self.time_limit is None else time.monotonic() + self.time_limit


#: The limits a chain has unless it is given others.
DEFAULT_LIMITS = Limits()


class _Deadline:
    """The ``time.monotonic()`` by which the document a step works on must be done
    (``None``: no document, or no limit); one per :class:`Clocks`, changed in place."""

    __slots__ = ("at",)

    def __init__(self) -> None:
        self.at: float | None = None


_DEADLINE: contextvars.ContextVar[_Deadline | None] = contextvars.ContextVar(
    "newsclean_deadline", default=None
)


def regex_timeout() -> float | None:
    """Seconds left of the current document's time budget, for ``regex``'s ``timeout=``.

    ``None`` (no timeout) outside a chain run or without a time limit. A pattern
    that runs out raises ``TimeoutError``, which the chain reports as ``limit.time``.

    >>> regex_timeout() is None
    True
    """
    deadline = _DEADLINE.get()
    at = None if deadline is None else deadline.at
    return None if at is None else max(at - time.monotonic(), 0.001)


def size_error(
    reason: str, size: int, limit: int, option: str, unit: str = "bytes"
) -> LimitExceeded:
    """A size limit error with readable sizes.

    >>> str(size_error("limit.html_size", 52_400_000, 20_000_000, "max_html_size"))
    'limit.html_size: 52.4 MB, over the limit of 20.0 MB (max_html_size)'
    """
    detail = f"{_human(size, unit)}, over the limit of {_human(limit, unit)} ({option})"
    return LimitExceeded(reason, detail)


class Clocks:
    """The time budgets of a batch of documents, each spent step by step.

    A chain runs a batch one step at a time (see :meth:`~newsclean.Chain.run_many`),
    so a document's time is the sum of the steps' time on it. Inside ``with clocks``,
    while a step works on document ``i`` (between :meth:`start` and :meth:`stop`),
    that document's deadline is the one :func:`regex_timeout` reads. (The deadline is
    one object, set in the context once for the batch and changed in place: a start
    and a stop cost two clock reads and no context switch.)

    >>> with Clocks(60.0, 2) as clocks:
    ...     started = clocks.start(0)
    ...     print(0 < regex_timeout() <= 60)
    ...     clocks.stop(0, started)
    ...     print(clocks.over(0), regex_timeout() is None)
    True
    False True
    """

    __slots__ = ("_deadline", "_tokens", "spent", "time_limit")

    def __init__(self, time_limit: float, size: int) -> None:
        self.time_limit = time_limit
        self.spent = [0.0] * size
        self._deadline = _Deadline()
        self._tokens: list[contextvars.Token[_Deadline | None]] = []

    def __enter__(self) -> Clocks:
        self._tokens.append(_DEADLINE.set(self._deadline))
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._deadline.at = None
        _DEADLINE.reset(self._tokens.pop())

    def over(self, i: int) -> bool:
        """Whether document ``i`` has used up its time."""
        return self.spent[i] > self.time_limit

    def start(self, i: int) -> float:
        """Start timing document ``i``; give what :meth:`stop` needs (the time now)."""
        now = time.monotonic()
        self._deadline.at = now + self.time_limit - self.spent[i]
        return now

    def share(self, numbers: Iterable[int], seconds: float) -> None:
        """Add an equal part of ``seconds`` (work done for them all at once) to each
        of the documents ``numbers``.

        >>> clocks = Clocks(1.0, 3); clocks.share([0, 2], 0.5); clocks.spent
        [0.25, 0.0, 0.25]
        """
        numbers = list(numbers)
        part = seconds / (len(numbers) or 1)
        for i in numbers:
            self.spent[i] += part

    def stop(self, i: int, started: float) -> None:
        """Stop timing document ``i``: add the time since :meth:`start` to what it spent."""
        self.spent[i] += time.monotonic() - started
        self._deadline.at = None


def _human(n: int, unit: str) -> str:
    """``n`` for a message.

    >>> _human(52_400_000, "bytes"), _human(900, "bytes"), _human(12, "characters")
    ('52.4 MB', '900 bytes', '12 characters')
    """
    if unit == "bytes" and n >= 1_000_000:
        return f"{n / 1e6:.1f} MB"
    return f"{n:,} {unit}"
