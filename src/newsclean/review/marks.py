"""Every edit of a chain, placed on the *original* text.

Each step records its edits in the coordinates of its own input (see
``newsclean.edits``). :func:`mark_edits` replays the steps one after the other
on a list of pieces of text, each piece kept (``"keep"``), removed (``"del"``)
or inserted (``"ins"``) by a given edit, so that the original text reads off
the kept and removed pieces, and the cleaned text off the kept and inserted
ones:

>>> from newsclean.edits import Edit
>>> edits = [
...     Edit("spacing", "spacing.before_punct", 9, 10, " ", ""),
...     Edit("entities", "entities.canonical", 0, 4, "Isis", "Islamic State"),
... ]
>>> pieces = mark_edits("Isis fell .", edits)
>>> [(p.text, p.kind, p.edit) for p in pieces]
[('Isis', 'del', 1), ('Islamic State', 'ins', 1), (' fell', 'keep', None), (' ', 'del', 0), ('.', 'keep', None)]
>>> original_text(pieces), cleaned_text(pieces)
('Isis fell .', 'Islamic State fell.')

Text one step inserted and a later step removed or replaced never stood in the
original nor in the cleaned text: it leaves no piece.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import groupby

from ..edits import Edit

__all__ = ["Piece", "cleaned_text", "mark_edits", "original_text"]


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of text: ``kind`` is ``"keep"``, ``"del"`` or ``"ins"``; ``edit`` indexes the edits."""

    text: str
    kind: str
    edit: int | None = None

    @property
    def present(self) -> bool:
        """Whether the piece is in the text after the edits so far."""
        return self.kind != "del"


def original_text(pieces: Sequence[Piece]) -> str:
    """The text before any edit: kept and removed pieces."""
    return "".join(p.text for p in pieces if p.kind != "ins")


def cleaned_text(pieces: Sequence[Piece]) -> str:
    """The text after every edit: kept and inserted pieces."""
    return "".join(p.text for p in pieces if p.present)


def mark_edits(original: str, edits: Sequence[Edit]) -> list[Piece]:
    """Pieces of ``original`` marked with the ``edits`` of a chain run (in chain order).

    Consecutive edits of the same step are one step's edits, in the coordinates
    of that step's input, as :attr:`newsclean.Document.edits` records them.
    """
    pieces = [Piece(original, "keep")] if original else []
    index = 0
    for _step, group in groupby(edits, key=lambda e: e.step):
        mine = list(group)
        pieces = _apply_step(pieces, mine, index)
        index += len(mine)
    return pieces


def _apply_step(pieces: list[Piece], edits: list[Edit], first: int) -> list[Piece]:
    out: list[Piece] = []
    stream = _Stream(pieces)
    for number, change in sorted(enumerate(edits, first), key=lambda item: item[1].start):
        out.extend(stream.take(change.start - stream.pos, keep_absent=True))
        for piece in stream.take(change.end - change.start, keep_absent=False):
            if piece.kind == "keep":
                out.append(Piece(piece.text, "del", number))
            elif piece.kind == "del":
                out.append(piece)
            # an inserted piece removed again leaves nothing
        if change.new:
            out.append(Piece(change.new, "ins", number))
    out.extend(stream.rest())
    return out


class _Stream:
    """The pieces of a text, consumed by lengths of present text."""

    def __init__(self, pieces: list[Piece]) -> None:
        self.pieces = pieces
        self.i = 0
        self.head: Piece | None = None  # the unconsumed part of pieces[i - 1], if split
        self.pos = 0

    def _next(self) -> Piece | None:
        if self.head is not None:
            piece, self.head = self.head, None
            return piece
        if self.i >= len(self.pieces):
            return None
        self.i += 1
        return self.pieces[self.i - 1]

    def take(self, length: int, *, keep_absent: bool) -> Iterator[Piece]:
        """Pieces covering the next ``length`` characters of present text.

        Removed pieces met on the way come along; with ``keep_absent``, so do
        the removed pieces right after the last character.
        """
        while length > 0 or keep_absent:
            piece = self._next()
            if piece is None:
                return
            if not piece.present:
                yield piece
                continue
            if length == 0:
                self.head = piece
                return
            if len(piece.text) > length:
                self.head = Piece(piece.text[length:], piece.kind, piece.edit)
                piece = Piece(piece.text[:length], piece.kind, piece.edit)
            length -= len(piece.text)
            self.pos += len(piece.text)
            yield piece

    def rest(self) -> Iterator[Piece]:
        """Everything not consumed yet."""
        while (piece := self._next()) is not None:
            yield piece
