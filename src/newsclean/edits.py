"""The audit trail: edits, and the one function that turns changes into text.

Every step that changes text describes the change as a list of :class:`Change`
objects (non-overlapping spans of its *input*, with their replacement). The
step never builds the output string itself: :func:`apply_changes` does, in one
linear pass, and returns the :class:`Edit` records at the same time. Because
output and audit trail come from the same list, edits always replay:

>>> text = "a massive problem.If we"
>>> out, edits, _ = apply_changes(text, [Change(17, 18, ". ", "spacing.after_punct")], "spacing")
>>> out
'a massive problem. If we'
>>> replay(text, edits) == out
True
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from operator import itemgetter, le
from typing import NamedTuple

__all__ = [
    "Change",
    "Edit",
    "apply_changes",
    "diff_change",
    "diff_changes",
    "map_span",
    "replay",
]


class Change(NamedTuple):
    """A replacement proposed by a step: ``text[start:end]`` becomes ``new``.

    ``rule`` is the stable rule id (``"<step>.<rule>"``) recorded in the audit trail.
    A change whose ``new`` equals the old text is kept out of the audit trail but
    still reports its output span (used by annotating steps). Changes and edits are
    named tuples: immutable, and cheap to make by the thousand.
    """

    start: int
    end: int
    new: str
    rule: str


class Edit(NamedTuple):
    """One recorded change: in the input of ``step``, ``old`` at ``start:end`` became ``new``.

    Spans are offsets into the text the step received, so a step's edits replay
    on its input to give its output (see :func:`replay`).
    """

    step: str
    rule: str
    start: int
    end: int
    old: str
    new: str

    def to_dict(self) -> dict[str, object]:
        """The edit as a JSON-ready dict."""
        return {
            "step": self.step,
            "rule": self.rule,
            "start": self.start,
            "end": self.end,
            "old": self.old,
            "new": self.new,
        }


def apply_changes(
    text: str, changes: Iterable[Change], step: str
) -> tuple[str, tuple[Edit, ...], list[tuple[int, int]]]:
    """Apply non-overlapping ``changes`` to ``text`` in one pass.

    Returns the new text, the edits (no-op changes left out) and, for every
    change in input order, its span in the new text.

    Raises :class:`ValueError` if changes overlap or fall outside the text: that
    is a bug in the step, and replaying would not be possible.

    >>> apply_changes("Isis fell", [Change(0, 4, "Islamic State", "entities.alias")], "entities")[0]
    'Islamic State fell'
    """
    listed = changes if isinstance(changes, list | tuple) else list(changes)
    if not listed:
        return text, (), []
    size = len(text)
    order = None  # the input order of the changes, when they do not come in text order
    if not _in_order(listed, size):
        order = sorted(range(len(listed)), key=lambda i: _SPAN(listed[i]))  # ties: input order
        listed = [listed[i] for i in order]
        if not _in_order(listed, size):
            bad = _misplaced(listed, size)
            raise ValueError(f"overlapping or out-of-range change {bad!r} in step {step!r}")
    parts: list[str] = []
    edits: list[Edit] = []
    spans: list[tuple[int, int]] = []
    append, record, span = parts.append, edits.append, spans.append
    pos = 0  # position in the input
    shift = 0  # how much longer the output is than the input so far
    for start, end, new, rule in listed:
        if start > pos:
            append(text[pos:start])
        append(new)
        at = start + shift
        span((at, at + len(new)))
        shift += len(new) - end + start
        old = text[start:end]
        if old != new:  # (a named tuple made without its Python-level constructor)
            record(tuple.__new__(Edit, (step, rule, start, end, old, new)))
        pos = end
    if order is not None:  # the spans in input order
        by_input = spans[:]
        for k, i in enumerate(order):
            by_input[i] = spans[k]
        spans = by_input
    if not edits:
        return text, (), spans
    append(text[pos:])
    return "".join(parts), tuple(edits), spans


def _in_order(changes: Sequence[Change], size: int) -> bool:
    """Whether ``changes`` follow each other in a text of ``size`` characters, none
    overlapping the next (checked by C functions, not Python code per change).

    >>> _in_order([Change(0, 2, "", "r"), Change(2, 2, "x", "r")], 2)
    True
    >>> _in_order([Change(2, 3, "", "r"), Change(0, 1, "", "r")], 3), _in_order([Change(0, 3, "", "r")], 2)
    (False, False)
    """
    starts = list(map(_START, changes))
    ends = list(map(_END, changes))
    return (
        starts[0] >= 0
        and ends[-1] <= size
        and all(map(le, starts, ends))
        and all(map(le, ends, islice(starts, 1, None)))
    )


def _misplaced(ordered: list[Change], size: int) -> Change | None:
    """The first of ``ordered`` changes (sorted by span) that overlaps the one before it
    or falls outside a text of ``size`` characters."""
    pos = 0
    for change in ordered:
        if change.start < pos or change.end < change.start or change.end > size:
            return change
        pos = change.end
    return None


_SPAN = itemgetter(0, 1)  # a change's (start, end)
_START = itemgetter(0)
_END = itemgetter(1)


def replay(text: str, edits: Sequence[Edit]) -> str:
    """Apply recorded ``edits`` of one step to that step's input.

    >>> replay("year .", [Edit("spacing", "spacing.before_punct", 4, 5, " ", "")])
    'year.'
    """
    changes = [Change(e.start, e.end, e.new, e.rule) for e in edits]
    return apply_changes(text, changes, "replay")[0]


def diff_change(old: str, new: str, rule: str) -> list[Change]:
    """The smallest single change turning ``old`` into ``new`` (common prefix and suffix kept).

    Used for steps that return whole new texts (such as plain function steps).

    >>> diff_change("the cat sat", "the dog sat", "x")
    [Change(start=4, end=7, new='dog', rule='x')]
    >>> diff_change("same", "same", "x")
    []
    """
    if old == new:
        return []
    limit = min(len(old), len(new))
    prefix = _agree(old, new, limit, lambda n: (old[:n], new[:n]))
    rest = limit - prefix
    suffix = _agree(old, new, rest, lambda n: (old[len(old) - n :], new[len(new) - n :]))
    return [Change(prefix, len(old) - suffix, new[prefix : len(new) - suffix], rule)]


def diff_changes(old: str, new: str, rule: str) -> list[Change]:
    """Changes turning ``old`` into ``new``: one per run of differing characters
    when the lengths match (quote and space fixes), else :func:`diff_change`.

    >>> [(c.start, c.new) for c in diff_changes("“a” b", '"a" b', "q")]
    [(0, '"'), (2, '"')]
    """
    if len(old) != len(new):
        return diff_change(old, new, rule)
    changes: list[Change] = []
    start = end = -1
    for i in _differing(old, new, 0, len(old)):
        if i != end:
            if start >= 0:
                changes.append(Change(start, end, new[start:end], rule))
            start = i
        end = i + 1
    if start >= 0:
        changes.append(Change(start, end, new[start:end], rule))
    return changes


def _agree(old: str, new: str, limit: int, ends: Callable[[int], tuple[str, str]]) -> int:
    """The largest ``n <= limit`` whose two ``ends(n)`` are equal (binary search: slices
    compare at C speed, no loop over characters)."""
    low, high = 0, limit
    while low < high:
        mid = (low + high + 1) // 2
        a, b = ends(mid)
        if a == b:
            low = mid
        else:
            high = mid - 1
    return low


def _differing(old: str, new: str, start: int, end: int) -> Iterator[int]:
    """The positions in ``start:end`` where two equal-length strings differ, in order
    (halving the span while its two slices differ: equal parts are skipped at C speed)."""
    if old[start:end] == new[start:end]:
        return
    if end - start <= 16:
        yield from (i for i in range(start, end) if old[i] != new[i])
        return
    mid = (start + end) // 2
    yield from _differing(old, new, start, mid)
    yield from _differing(old, new, mid, end)


def map_span(start: int, end: int, edits: Sequence[Edit]) -> tuple[int, int] | None:
    """Map a span of a step's input to its output through that step's ``edits``.

    A span boundary inside an edited region moves to that region's edge in the
    output. Returns ``None`` when nothing of the span is left.

    >>> e = [Edit("s", "r", 0, 4, "Isis", "Islamic State")]
    >>> map_span(5, 9, e)
    (14, 18)
    >>> map_span(0, 4, e)
    (0, 13)
    """
    new_start = _map_point(start, edits, left=True)
    new_end = _map_point(end, edits, left=False)
    if new_end <= new_start:
        return None
    return new_start, new_end


def _map_point(point: int, edits: Sequence[Edit], *, left: bool) -> int:
    shift = 0
    for edit in edits:  # sorted by start, non-overlapping
        if edit.start == edit.end == point:  # an insertion exactly here stays outside the span
            if left:
                shift += len(edit.new)
                continue
            break
        if edit.end <= point:
            shift += len(edit.new) - (edit.end - edit.start)
            continue
        if edit.start < point:  # the point falls inside the edited region
            base = edit.start + shift
            return base if left else base + len(edit.new)
        break
    return point + shift
