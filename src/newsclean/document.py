"""The :class:`Document` value that flows through a chain, and its annotations.

A document is immutable: steps return new documents (see :meth:`Document.with_changes`)
and never change one in place, so a document can be shared between chains and threads.

>>> doc = Document("Isis fell in 2017.", meta={"source": "x.txt"})
>>> doc.text, doc.meta["source"], doc.edits
('Isis fell in 2017.', 'x.txt', ())
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, TypeVar

from .edits import Change, Edit, apply_changes, map_span
from .limits import DEFAULT_LIMITS

__all__ = ["DateMention", "Document", "Entity"]


@dataclass(frozen=True, slots=True)
class Entity:
    """A mention of a known entity at ``text[start:end]`` of the document's current text."""

    id: str
    name: str
    type: str
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, object]:
        """The mention as a JSON-ready dict."""
        return dataclasses.asdict(self)

    def _moved(self, start: int, end: int, text: str) -> Entity:
        """The mention at ``start:end`` of a new text (``text``: what it covers there)."""
        return Entity(self.id, self.name, self.type, start, end, text)


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date found at ``text[start:end]``: ``value`` is ISO 8601 at ``granularity``.

    ``kind`` is ``"absolute"`` or ``"relative"``; a relative date carries the
    ``anchor`` (the publication date) it was resolved against, if any (``value`` is
    ``None`` when it could not be resolved). ``original`` is the mention as it read
    before the step that found it rewrote it.
    """

    value: str | None
    granularity: str
    start: int
    end: int
    text: str
    kind: str = "absolute"
    anchor: str | None = None
    original: str | None = None

    def to_dict(self) -> dict[str, object]:
        """The mention as a JSON-ready dict."""
        return dataclasses.asdict(self)

    def _moved(self, start: int, end: int, text: str) -> DateMention:
        """The mention at ``start:end`` of a new text (``text``: what it covers there)."""
        g = self
        return DateMention(g.value, g.granularity, start, end, text, g.kind, g.anchor, g.original)


Annotation = TypeVar("Annotation", Entity, DateMention)


def _freeze(meta: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return MappingProxyType(dict(meta or {}))


@dataclass(frozen=True, eq=True)
class Document:
    """A news article: its text, metadata, annotations and audit trail.

    ``meta`` is a read-only mapping; well-known keys are ``title``, ``date``
    (ISO 8601), ``source``, ``url``, ``kind`` and ``captions``. ``entities`` and
    ``dates`` are annotations whose spans index the current ``text``; ``edits``
    is the audit trail of every change made by every step so far, in order.
    """

    text: str
    meta: Mapping[str, Any] = field(default_factory=dict)
    entities: tuple[Entity, ...] = ()
    dates: tuple[DateMention, ...] = ()
    edits: tuple[Edit, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.text, str):
            raise TypeError(f"Document text must be str, not {type(self.text).__name__}")
        if not isinstance(self.meta, MappingProxyType):
            object.__setattr__(self, "meta", _freeze(self.meta))

    __hash__ = None  # type: ignore[assignment]  # meta is a mapping: documents compare, never hash

    def __reduce__(self) -> tuple[Any, ...]:
        # a read-only mapping does not pickle: send a plain dict (for worker processes, Dask)
        return (Document, (self.text, dict(self.meta), self.entities, self.dates, self.edits))

    @classmethod
    def from_html(
        cls,
        html: str | bytes,
        url: str | None = None,
        *,
        max_size: int | None = DEFAULT_LIMITS.max_html_size,
    ) -> Document:
        """Extract the main text and page metadata from an HTML page (with trafilatura).

        Bytes are decoded by detecting their charset. Paragraphs are separated by
        blank lines. ``meta`` gets ``title``, ``date``, ``author``, ``sitename``,
        ``url``, ``categories``, ``tags``, ``captions`` where the page has them,
        and ``format="html"``. A page over ``max_size`` (bytes or characters;
        ``None``: no limit), or nested too deep to parse, raises
        :class:`~newsclean.limits.LimitExceeded` (see :mod:`newsclean.html`).

        >>> page = "<html><head><title>Hi</title></head><body><article><p>" + "Word " * 40 + "</p></article></body></html>"
        >>> doc = Document.from_html(page)
        >>> doc.text.startswith("Word Word"), doc.meta["title"]
        (True, 'Hi')
        """
        from .html import extract

        text, meta = extract(html, url=url, max_size=max_size)
        return cls(text, meta)

    def evolve(self, **fields: Any) -> Document:
        """A copy with some fields replaced (``text``, ``meta``, ``entities``, ...).

        >>> Document("Isis fell").evolve(text="IS fell").text
        'IS fell'
        >>> Document("x").evolve(title="T")
        Traceback (most recent call last):
        ...
        TypeError: Document has no field 'title'
        """
        if not fields.keys() <= _FIELDS:  # what dataclasses.replace checks, twice as fast
            name = sorted(fields.keys() - _FIELDS)[0]
            raise TypeError(f"Document has no field {name!r}")
        get = fields.get
        return Document(
            get("text", self.text),
            get("meta", self.meta),
            get("entities", self.entities),
            get("dates", self.dates),
            get("edits", self.edits),
        )

    def with_meta(self, **updates: Any) -> Document:
        """A copy whose meta has ``updates`` merged in.

        >>> Document("x").with_meta(title="T").meta["title"]
        'T'
        """
        meta = MappingProxyType({**self.meta, **updates})  # read-only already: not copied again
        return Document(self.text, meta, self.entities, self.dates, self.edits)

    def with_changes(self, step: str, changes: Iterable[Change]) -> Document:
        """Apply a step's changes: new text, edits appended, annotations moved along.

        >>> doc = Document("year .").with_changes("spacing", [Change(4, 5, "", "spacing.before_punct")])
        >>> doc.text, [e.rule for e in doc.edits]
        ('year.', ['spacing.before_punct'])
        """
        text, edits, _ = apply_changes(self.text, changes, step)
        return self.with_edits(text, edits)

    def with_edits(self, text: str, edits: Sequence[Edit]) -> Document:
        """A copy with ``text`` (the result of ``edits`` on the current text) and edits recorded."""
        if not edits:
            return self
        return Document(
            text,
            self.meta,
            _remap(self.entities, edits, text),
            _remap(self.dates, edits, text),
            self.edits + tuple(edits),
        )

    def edits_by(self, step: str) -> tuple[Edit, ...]:
        """The edits one step made."""
        return tuple(e for e in self.edits if e.step == step)

    def to_record(self) -> dict[str, Any]:
        """The document as a JSON-ready dict (the JSON Lines schema, without ``id``/``source``)."""
        counts: dict[str, int] = {}
        for edit in self.edits:
            counts[edit.step] = counts.get(edit.step, 0) + 1
        return {
            "text": self.text,
            "meta": dict(self.meta),
            "entities": [e.to_dict() for e in self.entities],
            "dates": [d.to_dict() for d in self.dates],
            "edits": counts,
        }


#: The fields of a :class:`Document`, in order.
_FIELDS = frozenset(f.name for f in dataclasses.fields(Document))


def _remap(
    annotations: tuple[Annotation, ...], edits: Sequence[Edit], text: str
) -> tuple[Annotation, ...]:
    if not annotations:
        return annotations
    moved = []
    for ann in annotations:
        span = map_span(ann.start, ann.end, edits)
        if span is not None:
            moved.append(ann._moved(span[0], span[1], text[span[0] : span[1]]))
    return tuple(moved)
