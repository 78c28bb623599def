"""``entities``: annotate known entities and rewrite aliases to one canonical name.

The gazetteer is data (``newsclean/data/gazetteer.toml``); every name of every
entity is matched in one pass of one compiled pattern (the ``regex`` module's
named lists), on word boundaries. Entities marked ``rewrite`` have their
aliases replaced by the canonical name; all mentions are annotated.

>>> from newsclean import Document
>>> doc = EntitiesStep()(Document("Isis and Daesh's fighters left Iraq."))
>>> doc.text
"Islamic State and Islamic State's fighters left Iraq."
>>> [(e.name, e.text) for e in doc.entities]
[('Islamic State', 'Islamic State'), ('Islamic State', 'Islamic State'), ('Iraq', 'Iraq')]

Guards: a hyphenated compound ("ISIS-schemed") and an alias in brackets right
after its canonical name ("Islamic State (ISIS)") are annotated, not rewritten.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, ClassVar

import regex

from ..document import Document, Entity
from ..edits import Change, apply_changes
from ..resources import data_toml
from .base import ConfigError, Step

__all__ = ["EntitiesStep", "Gazetteer", "known_names"]

_BEFORE = r"(?<![\w'’-])"
_AFTER = r"(?!\w|['’]\w\w)"


@dataclass(frozen=True)
class GazetteerEntry:
    """One entity of the gazetteer."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    exact: tuple[str, ...] = ()
    rewrite: bool = False


class Gazetteer:
    """Entities by their names, and the one pattern that finds them all."""

    def __init__(self, entries: Iterable[GazetteerEntry]) -> None:
        self.entries = tuple(entries)
        self._folded: dict[str, GazetteerEntry] = {}
        self._exact: dict[str, GazetteerEntry] = {}
        for entry in self.entries:
            for alias in (entry.name, *entry.aliases):
                self._folded[alias.casefold()] = entry
            for alias in entry.exact:
                self._exact[alias] = entry
        self.pattern = regex.compile(
            rf"{_BEFORE}(?:\L<exact>|(?i:\L<folded>)){_AFTER}",
            regex.V1,
            exact=list(self._exact) or ["\x00"],
            folded=list(self._folded) or ["\x00"],
        )

    def lookup(self, mention: str) -> GazetteerEntry:
        """The entry a matched mention names."""
        return self._exact.get(mention) or self._folded[mention.casefold()]


def _entry(table: Mapping[str, Any]) -> GazetteerEntry:
    try:
        return GazetteerEntry(
            id=str(table["id"]),
            name=str(table["name"]),
            type=str(table["type"]),
            aliases=tuple(table.get("aliases", ())),
            exact=tuple(table.get("exact", ())),
            rewrite=bool(table.get("rewrite", False)),
        )
    except KeyError as exc:
        raise ConfigError(f"gazetteer entry {dict(table)!r} lacks {exc}") from exc


@cache
def _gazetteer(
    extra: tuple[tuple[tuple[str, Any], ...], ...], disable: frozenset[str]
) -> Gazetteer:
    tables = [*data_toml("gazetteer.toml")["entity"], *map(dict, extra)]
    by_id: dict[str, GazetteerEntry] = {}
    for table in tables:
        entry = _entry(table)
        by_id[entry.id] = entry  # an extra entry with a shipped id replaces it
    return Gazetteer(e for e in by_id.values() if e.id not in disable)


def known_names() -> frozenset[str]:
    """Every canonical name and alias of the shipped gazetteer, as written.

    Other steps use it as a guard: ``typos`` never corrects a known name.

    >>> {"Daesh", "Islamic State"} <= known_names()
    True
    """
    return frozenset(
        name for e in _gazetteer((), frozenset()).entries for name in (e.name, *e.aliases, *e.exact)
    )


def _freeze(table: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in table.items()))


@dataclass(frozen=True)
class EntitiesStep(Step):
    """Annotate entity mentions; rewrite aliases of rewrite-marked entities."""

    name: ClassVar[str] = "entities"
    summary: ClassVar[str] = "annotate entities; rewrite aliases to one canonical name"
    rules: ClassVar[dict[str, str]] = {
        "entities.canonical": "an alias rewritten to its entity's canonical name",
    }

    #: Rewrite aliases of entities marked ``rewrite`` (false: annotate only).
    rewrite: bool = True
    #: Entity ids to switch off.
    disable: frozenset[str] = field(default_factory=frozenset)
    #: Extra gazetteer entries (tables with id, name, type, aliases, exact, rewrite).
    extra_entities: tuple[dict[str, Any], ...] = ()

    @property
    def gazetteer(self) -> Gazetteer:
        """The gazetteer in force (built once per distinct configuration)."""
        return _gazetteer(tuple(map(_freeze, self.extra_entities)), frozenset(self.disable))

    def apply(self, doc: Document) -> Document:
        gazetteer = self.gazetteer
        text = doc.text
        found: list[tuple[Change, GazetteerEntry]] = []
        for m in gazetteer.pattern.finditer(text):
            entry = gazetteer.lookup(m.group())
            new = m.group()
            if self.rewrite and entry.rewrite and not _guarded(text, m, entry):
                new = entry.name
            found.append((Change(m.start(), m.end(), new, "entities.canonical"), entry))
        if not found:
            return doc.evolve(entities=()) if doc.entities else doc
        new_text, edits, spans = apply_changes(text, [c for c, _ in found], self.name)
        moved = doc.with_edits(new_text, edits)
        mentions = tuple(
            Entity(entry.id, entry.name, entry.type, start, end, new_text[start:end])
            for (_, entry), (start, end) in zip(found, spans, strict=True)
        )
        return moved.evolve(entities=mentions)


def _guarded(text: str, m: regex.Match[str], entry: GazetteerEntry) -> bool:
    if text[m.end() : m.end() + 1] == "-":
        return True  # "ISIS-schemed": part of a compound
    before = text[: m.start()].rstrip("( ")
    return text[max(0, m.start() - 1) : m.start()] == "(" and before.endswith(entry.name)
