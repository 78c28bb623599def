"""``entities``: find every mention of a known entity; rewrite aliases to one canonical name.

The gazetteer is data: ``newsclean/data/countries.toml`` (every ISO 3166-1
country, generated from pycountry by ``tools/build_countries.py``) and
``newsclean/data/gazetteer.toml`` (armed groups, organisations, bodies, and the
curated country names and guards). Every name of every entity is found in one
pass of one trie-shaped pattern, on word boundaries; each mention then passes
its name's guards, and is rewritten to the form the context needs.

>>> from newsclean import Document
>>> doc = EntitiesStep()(Document("Britain says Isis and Daesh's fighters left Iraq."))
>>> doc.text
"The UK says Islamic State and Islamic State's fighters left Iraq."
>>> [(e.id, e.name, e.text) for e in doc.entities]
[('GB', 'UK', 'UK'), ('Q2429253', 'Islamic State', 'Islamic State'), ('Q2429253', 'Islamic State', 'Islamic State'), ('IQ', 'Iraq', 'Iraq')]
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Container, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from functools import cache
from pathlib import Path
from typing import Any, ClassVar

import ahocorasick_rs

from ..document import Document, Entity
from ..edits import Change, apply_changes
from ..patterns import URL_LIKE
from ..resources import data_toml
from .base import ConfigError, Step

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["EntitiesStep", "Gazetteer", "GazetteerEntry", "Guard", "known_names"]

TYPES = frozenset({"group", "country", "organisation", "body", "place", "person"})
MODES = ("rewrite", "annotate")
#: Up to this many spellings the automaton is a DFA (fastest; memory grows with its size).
_DFA_SPELLINGS = 5_000
_LISTS = ("aliases", "exact", "bare", "articled", "prefixes")
_KEYS = frozenset({"id", "name", "type", "noun", "rewrite", "guard", "merge", *_LISTS})

# A name starts after a non-word character (a hyphen is fine: "anti-Isis") and ends before
# one; a possessive or plural ending ('s, ’s, ') may follow, a contraction ('ll) may not.
_AFTER_RE = re.compile(r"\w|['’]\w\w")  # matches where a name may not end
_WORD_BEFORE = re.compile(r"[\w'’]")  # matches where a name may not start after
_ARTICLE = re.compile(r"(?<![\w'’-])([Tt]he)[ \t]+\Z")
_SENTENCE_START = re.compile(
    r"""(?:\A|\n|[.!?]["'”’)\]]*[ \t])[ \t]*(?:[-*•–][ \t]+)?["“‘(\[]*\Z"""
)
_NEXT_WORD = re.compile(r"['’]s\b|[ \t]+([^\W\d_][\w'’-]*)")
_QUOTE = re.compile(r'"[^"\n]*"|“[^”\n]*”')
_PUNCT = ".,;:!?()[]\"'“”‘’"
_URL_CHARS = "/.@:_~=&?#%+"
_INITIALS = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]?\.?")
_HYPHENATED = re.compile(r"-\w")  # "UK-based", "Isis-K" after a name
_LETTER_SUFFIX = re.compile(r"-\w(?!\w)")  # "Isis-K": a name of its own


def _lower(text: str) -> str:
    """``text`` in lower case, with the same length (so offsets carry over)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _word_at_end(before: str, word: str) -> bool:
    return before.endswith(word) and not before[: len(before) - len(word)][-1:].isalnum()


def _word_at_start(after: str, word: str) -> bool:
    return after.startswith(word) and not after[len(word) : len(word) + 1].isalnum()


def _is_capitals(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


@dataclass(frozen=True)
class Guard:
    """The context a name needs (``after``/``before``: one suffices) or must not have.

    >>> g = Guard(after=("the",), before=("fighters",), not_in_capitals=True)
    >>> [g.allows(t, t.index("IS"), t.index("IS") + 2) for t in ("the IS said", "IS fighters", "IT IS OVER")]
    [True, True, False]
    """

    after: tuple[str, ...] = ()
    before: tuple[str, ...] = ()
    not_after: tuple[str, ...] = ()
    not_before: tuple[str, ...] = ()
    not_before_name: bool = False
    not_in_capitals: bool = False

    def allows(self, text: str, start: int, end: int, names: Container[str] = ()) -> bool:
        """Whether the name at ``text[start:end]`` passes this guard (``names``: lower-cased
        names of the gazetteer, which do not count as words in capitals around it)."""
        before = text[max(0, start - 40) : start].rstrip(" \t")
        after = text[end : end + 40]
        spaced = after.lstrip(" \t")
        # (str.endswith/startswith with all the words at once: the word loops run only
        # when one of the words is there)
        if (self.after or self.before) and not (
            (before.endswith(self.after) and any(_word_at_end(before, w) for w in self.after))
            or (
                spaced.startswith(self.before)
                and any(_word_at_start(spaced, w) for w in self.before)
            )
        ):
            return False
        if before.endswith(self.not_after) and any(_word_at_end(before, w) for w in self.not_after):
            return False
        if spaced.startswith(self.not_before) and any(
            _word_at_start(spaced, w) for w in self.not_before
        ):
            return False
        if self.not_before_name and after[:1] == " ":
            name = spaced[4:] if spaced[:4] in ("the ", "The ") else spaced
            if name[:1].isupper():  # "Isis Smith", "Isis the UK"
                return False
        if self.not_in_capitals:
            prev = before.rsplit(None, 1)[-1] if before and before[-1:].isalpha() else ""
            nxt = (spaced.split(None, 1) or [""])[0] if after[:1].isspace() else ""
            for word in (prev, nxt):
                if _is_capitals(word):
                    bare = {_lower(word.strip(_PUNCT)), _lower(word.strip(_PUNCT[1:]))}  # "U.K."
                    if not any(w in names for w in bare):
                        return False
        return True


@dataclass(frozen=True)
class GazetteerEntry:
    """One entity of the gazetteer: its names, the forms it takes, the guards of its names."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    exact: tuple[str, ...] = ()
    noun: str = ""
    bare: tuple[str, ...] = ()
    articled: tuple[str, ...] = ()
    prefixes: tuple[str, ...] = ()
    rewrite: bool = True
    guards: Mapping[str, Guard] = field(default_factory=dict)

    @property
    def noun_form(self) -> str:
        """The form used as a noun (``"the UK"``); the name when no form is given."""
        return self.noun or self.name


class Gazetteer:
    """Entities by their names, and the one automaton that finds them all.

    All names go into one Aho-Corasick automaton (ahocorasick_rs, a DFA): exact
    names as written, other names also in lower case, upper case and with capitals.
    The text is scanned once, whatever the number of names; of matches starting at
    the same place the longest is kept, and each is then checked for word
    boundaries and its name's guards.

    >>> g = Gazetteer([GazetteerEntry("x", "Golden Division", "body", exact=("ISOF",))])
    >>> [(m[0], m[1], m[2].name) for m in g.mentions("The ISOF and the isof.")]
    [(4, 8, 'Golden Division')]
    """

    def __init__(self, entries: Iterable[GazetteerEntry]) -> None:
        self.entries = tuple(entries)
        # lower-cased name -> [(name as written, case-sensitive?, entry)]
        self._names: dict[str, list[tuple[str, bool, GazetteerEntry]]] = {}
        for entry in self.entries:
            # the canonical name matches in any case only beside other such names, and never
            # an acronym: "Chad" (all of a country's names are exact) and "US" are not "us"
            own = {entry.name, entry.noun_form.removeprefix("the ")}
            for name in own:
                self._add(name, not entry.aliases or not any(c.islower() for c in name), entry)
            for name in entry.aliases:
                self._add(name, False, entry)
            for name in entry.exact:
                self._add(name, True, entry)
        # each spelling carries what a match of it means (its length, name and entry), so a
        # match costs a boundary check and, for guarded names, the guard
        self._spellings: list[str] = []
        self._values: list[tuple[str, GazetteerEntry, Guard | None]] = []
        #: Spellings whose mentions stay as they are in every context.
        self._plain: set[str] = set()
        seen: set[str] = set()
        for variants in self._names.values():
            for name, exact, _ in variants:
                for surface in sorted({name} if exact else _cases(name)):
                    found = self._lookup(surface)
                    if found is not None and surface not in seen:
                        seen.add(surface)
                        name_, entry = found
                        self._spellings.append(surface)
                        self._values.append((name_, entry, entry.guards.get(name_)))
                        if (
                            surface == entry.name
                            and not entry.prefixes
                            and name_ not in entry.articled
                            and name_ not in entry.bare
                        ):  # its canonical name, which no context rewrites (see _rewritten)
                            self._plain.add(surface)
        # The automaton scans bytes that the text is encoded to here (a str given to the
        # library is encoded to UTF-8 by it, that UTF-8 kept with the str, and every match's
        # offsets recounted in characters). A text whose characters are all Latin-1, or
        # whose others are in no spelling, is scanned as Latin-1 (one byte a character, any
        # other character a "?" that no spelling holds): its offsets are the characters'.
        # Others (a "’" in "Da’esh") are scanned as UTF-8, with their offsets recounted.
        latin = [_is_latin(surface) for surface in self._spellings]
        order = sorted(range(len(latin)), key=lambda k: not latin[k])  # Latin-1 ones first
        self._spellings = [self._spellings[k] for k in order]
        self._values = [self._values[k] for k in order]
        self._latin = [s.encode("latin-1") for s in self._spellings if _is_latin(s)]
        #: Characters of spellings that Latin-1 lacks: a text with one is scanned as UTF-8.
        self._wide = sorted({c for s in self._spellings for c in s if c > "\xff"})
        if any("?" in s for s in self._spellings):  # ("?" stands for the others in Latin-1)
            self._wide.append("")  # every text that is not ASCII
        self._latin_matcher = _automaton(self._latin) if self._latin else None
        self._utf8_matcher: ahocorasick_rs.BytesAhoCorasick | None = None  # made when needed

    def spellings(self) -> list[str]:
        """Every spelling the automaton matches (exact names, and the case variants of others)."""
        return list(self._spellings)

    def _add(self, name: str, exact: bool, entry: GazetteerEntry) -> None:
        if name:
            self._names.setdefault(_lower(name), []).append((name, exact, entry))

    def _lookup(self, surface: str) -> tuple[str, GazetteerEntry] | None:
        """The name (as written in the gazetteer) and entry a surface form matches."""
        for name, exact, entry in reversed(self._names.get(_lower(surface), ())):
            if not exact or name == surface:
                return name, entry
        return None

    def matches(self, text: str) -> list[tuple[int, int, int]]:
        """``(spelling index, start, end)`` of the spellings in ``text``, leftmost-longest.

        >>> g = Gazetteer([GazetteerEntry("x", "Golden Division", "body", exact=("ISOF", "I’SOF"))])
        >>> [(g.spellings()[i], s, e) for i, s, e in g.matches("Café — ISOF, I’SOF")]
        [('ISOF', 7, 11), ('I’SOF', 13, 18)]
        """
        if not self._spellings:
            return []
        if self._latin_matcher is not None and (
            text.isascii() or not any(c in text for c in self._wide)
        ):
            return self._latin_matcher.find_matches_as_indexes(text.encode("latin-1", "replace"))
        if self._utf8_matcher is None:
            self._utf8_matcher = _automaton(
                [s.encode("utf-8", "surrogatepass") for s in self._spellings]
            )
        data = text.encode("utf-8", "surrogatepass")  # (a lone surrogate is 3 bytes too)
        found = self._utf8_matcher.find_matches_as_indexes(data)
        if len(data) == len(text) or not found:  # ASCII: a byte is a character
            return found
        matches = []
        byte = char = 0
        for index, start, end in found:  # a match starts and ends between characters
            char += _characters(data, byte, start)
            first = char
            char += _characters(data, start, end)
            byte = end
            matches.append((index, first, char))
        return matches

    def mentions(self, text: str) -> Iterator[tuple[int, int, GazetteerEntry, str]]:
        """``(start, end, entry, name)`` of every mention that passes its name's guards."""
        names, values = self._names, self._values
        for index, start, end in self.matches(text):
            name, entry, guard = values[index]
            if (start and _WORD_BEFORE.match(text, start - 1)) or _AFTER_RE.match(text, end):
                continue
            if guard is None or guard.allows(text, start, end, names):
                yield start, end, entry, name


def _is_latin(text: str) -> bool:
    return text.isascii() or max(text) <= "\xff"


def _automaton(spellings: list[bytes]) -> ahocorasick_rs.BytesAhoCorasick:
    """The leftmost-longest automaton of ``spellings``."""
    return ahocorasick_rs.BytesAhoCorasick(
        spellings,
        matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
        # a DFA scans fastest (a few times pyahocorasick's speed); its memory grows with the
        # number of spellings, so a very large gazetteer gets the library's own choice
        implementation=ahocorasick_rs.Implementation.DFA
        if len(spellings) <= _DFA_SPELLINGS
        else None,
    )


def _characters(data: bytes, start: int, end: int) -> int:
    """How many characters the UTF-8 bytes ``data[start:end]`` encode (whole characters)."""
    part = data[start:end]
    return len(part) if part.isascii() else len(part.decode("utf-8", "surrogatepass"))


def _cases(name: str) -> set[str]:
    """The spellings of a name matched in any case.

    >>> sorted(_cases("so-called Daesh"))
    ['SO-CALLED DAESH', 'So-Called Daesh', 'So-called Daesh', 'so-called Daesh', 'so-called daesh']
    """
    title = " ".join(w[:1].upper() + w[1:] for w in name.replace("-", "- ").split(" "))
    return {name, name.lower(), name.upper(), name[:1].upper() + name[1:], title.replace("- ", "-")}


# -- building the gazetteer ----------------------------------------------------------


def _guard(name: str, table: Any) -> Guard:
    if not isinstance(table, Mapping):
        raise ConfigError(f"gazetteer guard for {name!r} must be a table")
    known = {f.name for f in fields(Guard)}
    unknown = set(table) - known
    if unknown:
        raise ConfigError(f"gazetteer guard for {name!r} has unknown keys {sorted(unknown)}")
    return Guard(
        **{k: tuple(v) if isinstance(v, list | tuple) else bool(v) for k, v in table.items()}
    )


def _check(table: Mapping[str, Any]) -> None:
    unknown = set(table) - _KEYS
    if unknown:
        raise ConfigError(f"gazetteer entry {table.get('id')!r} has unknown keys {sorted(unknown)}")
    for key in _LISTS:
        value = table.get(key, ())
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"gazetteer entry {table.get('id')!r}: {key} must be a list of names")


def _merge(tables: Iterable[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """Tables by id: a later table replaces an earlier one, or with ``merge`` extends it."""
    by_id: dict[str, dict[str, Any]] = {}
    for table in tables:
        if not isinstance(table, Mapping) or "id" not in table:
            raise ConfigError(f"gazetteer entry {table!r} lacks 'id'")
        _check(table)
        key = str(table["id"])
        if table.get("merge"):
            if key not in by_id:
                raise ConfigError(
                    f"gazetteer entry {key!r}: merge = true but no entry to merge into"
                )
            old = by_id[key]
            new = {**old, **{k: v for k, v in table.items() if k not in (*_LISTS, "guard")}}
            for k in _LISTS:
                new[k] = [*old.get(k, ()), *table.get(k, ())]
            new["guard"] = {**old.get("guard", {}), **table.get("guard", {})}
            if "name" in table and table["name"] != old.get("name"):  # renamed: the old name
                new["exact"].append(old["name"])  # stays a name, with its article
                if str(old.get("noun", "")).startswith("the ") and "noun" not in table:
                    new["articled"].append(old["name"])
                    new.pop("noun")
            by_id[key] = new
        else:
            by_id[key] = dict(table)
    return by_id


def _entry(table: Mapping[str, Any], preferred: Any = None) -> GazetteerEntry:
    try:
        name, type_ = str(table["name"]), str(table["type"])
    except KeyError as exc:
        raise ConfigError(f"gazetteer entry {table['id']!r} lacks {exc}") from exc
    if type_ not in TYPES:
        raise ConfigError(f"gazetteer entry {table['id']!r}: type {type_!r} not in {sorted(TYPES)}")
    noun = str(table.get("noun", ""))
    aliases = list(table.get("aliases", ()))
    articled = list(table.get("articled", ()))
    if preferred is not None:  # the user's canonical form: "Britain", or {name=..., noun=...}
        if isinstance(preferred, str):
            preferred = {"noun": preferred}
        if not isinstance(preferred, Mapping) or set(preferred) - {"name", "noun"}:
            raise ConfigError(f"canonical form for {table['id']!r} must be a name or a table")
        noun = str(preferred.get("noun", preferred.get("name", "")))
        aliases.append(name)  # the shipped canonical name becomes an alias
        name = str(preferred.get("name", noun.removeprefix("the ")))
        # "the UK is" -> "Britain is": the article goes with every name
        articled = [*aliases, *table.get("exact", ()), noun.removeprefix("the ")]
    guards = {n: _guard(n, g) for n, g in dict(table.get("guard", {})).items()}
    return GazetteerEntry(
        id=str(table["id"]),
        name=name,
        type=type_,
        aliases=tuple(aliases),
        exact=tuple(table.get("exact", ())),
        noun=noun if noun != name else "",
        bare=tuple(table.get("bare", ())),
        articled=tuple(articled),
        prefixes=tuple(table.get("prefixes", ())),
        rewrite=bool(table.get("rewrite", True)),
        guards=guards,
    )


@cache
def _build(config: str) -> Gazetteer:
    """The gazetteer for a configuration (JSON: extra tables, disabled ids, preferred forms)."""
    extra, disable, preferred = json.loads(config)
    tables = [
        *data_toml("countries.toml")["entity"],
        *data_toml("gazetteer.toml")["entity"],
        *extra,
    ]
    by_id = _merge(tables)
    unknown = (set(disable) | set(preferred)) - set(by_id)
    if unknown:
        raise ConfigError(f"entities: no entity {', '.join(sorted(unknown))} in the gazetteer")
    return Gazetteer(
        _entry(t, preferred.get(key)) for key, t in by_id.items() if key not in disable
    )


def _config_key(extra: Any, disable: Iterable[str], preferred: Any) -> str:
    try:
        return json.dumps([list(extra), sorted(disable), dict(preferred)], sort_keys=True)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"entities: gazetteer entries must be plain TOML data: {exc}") from exc


@cache
def _noun_followers() -> frozenset[str]:
    return frozenset(data_toml("gazetteer.toml")["grammar"]["noun_followers"])


@cache
def known_names() -> frozenset[str]:
    """Every canonical name and alias of the shipped gazetteer, as written.

    Other steps use it as a guard: ``typos`` never corrects a known name.

    >>> {"Daesh", "Islamic State", "Britain", "Chad"} <= known_names()
    True
    """
    return frozenset(
        name
        for e in _build(_config_key((), (), {})).entries
        for name in (e.name, *e.aliases, *e.exact)
    )


# -- the step ------------------------------------------------------------------------


@dataclass(frozen=True)
class EntitiesStep(Step):
    """Annotate entity mentions; rewrite aliases to their entity's canonical name."""

    name: ClassVar[str] = "entities"
    summary: ClassVar[str] = "annotate entities; rewrite aliases to one canonical name"
    #: The forms, articles and guards of rewriting are English; other languages are annotated.
    languages: ClassVar[frozenset[str]] = frozenset({"en"})
    other_languages: ClassVar[dict[str, Any]] = {"mode": "annotate"}
    rules: ClassVar[dict[str, str]] = {
        "entities.canonical": "an alias rewritten to its entity's canonical name, in the form the context needs",
        "entities.redundant_alias": "an alias in brackets right after a name of the same entity removed",
    }

    #: ``"rewrite"``: rewrite aliases and annotate; ``"annotate"``: annotate only.
    mode: str = "rewrite"
    #: Entity ids to switch off.
    disable: frozenset[str] = field(default_factory=frozenset)
    #: Extra gazetteer entries (tables in the gazetteer format).
    extra_entities: tuple[dict[str, Any], ...] = ()
    #: An extra gazetteer file (TOML, ``[[entity]]`` tables), read when the step is made;
    #: in a config file, a relative path is relative to the config file's folder.
    gazetteer_file: str = field(default="", metadata={"path": True})
    #: Preferred canonical forms by entity id: ``{"GB": "Britain"}`` or a table.
    canonical: Mapping[str, Any] = field(default_factory=dict)
    #: Do not rewrite inside quotation marks (mentions there are still annotated).
    verbatim_quotes: bool = False

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ConfigError(
                f"entities: mode must be one of {', '.join(MODES)}, not {self.mode!r}"
            )
        if not isinstance(self.canonical, Mapping):
            raise ConfigError("entities: canonical must be a table of entity id -> form")
        self.gazetteer  # noqa: B018  # build now: a bad gazetteer is a config error

    def _extra(self) -> list[Any]:
        tables: list[Any] = []
        if self.gazetteer_file:
            path = Path(self.gazetteer_file)
            try:
                tables = list(tomllib.loads(path.read_text(encoding="utf-8")).get("entity", []))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
                raise ConfigError(f"entities: cannot read gazetteer_file {path}: {exc}") from exc
        return [*tables, *self.extra_entities]

    @property
    def gazetteer(self) -> Gazetteer:
        """The gazetteer in force (built once per distinct configuration)."""
        built = self.__dict__.get("_gazetteer")
        if built is None:
            built = _build(_config_key(self._extra(), self.disable, self.canonical))
            object.__setattr__(self, "_gazetteer", built)
        return built

    def __getstate__(self) -> dict[str, Any]:
        # the compiled gazetteer is rebuilt (from the cache) after unpickling
        return {k: v for k, v in self.__dict__.items() if k != "_gazetteer"}

    def apply(self, doc: Document) -> Document:
        text = doc.text
        rewrite = self.mode == "rewrite"
        quotes = [m.span() for m in _QUOTE.finditer(text)] if self.verbatim_quotes else []
        # change, entry, and what of the new text is not the name: article, kept full stop
        found: list[tuple[Change, GazetteerEntry, int, int]] = []
        previous: tuple[int, GazetteerEntry] | None = None  # end and entry of the last mention
        edited = False  # whether a change rewrites its text (else the text stays as it is)
        gazetteer = self.gazetteer
        plain = gazetteer._plain
        for start, end, entry, name in gazetteer.mentions(text):
            if _in_url(text, start, end):
                continue
            can_rewrite = (
                rewrite and entry.rewrite and not (quotes and any(a < start < b for a, b in quotes))
            )
            if (
                can_rewrite
                and previous is not None
                and previous[1] is entry
                and text[start - 1 : start] == "("
                and text[end : end + 1] == ")"
                and not text[previous[0] : start - 1].strip(" ")
            ):  # "Islamic State (ISIS)": the bracketed alias goes
                removal = Change(previous[0], end + 1, "", "entities.redundant_alias")
                found.append((removal, entry, -1, 0))
                previous = (end + 1, entry)  # "Isis (ISIS) (Daesh)": all go
                edited = True
                continue
            surface = text[start:end]
            if (
                can_rewrite
                and surface not in plain
                and (surface != entry.name or entry.noun or entry.articled or entry.prefixes)
                and not (text[end : end + 1] == "-" and _LETTER_SUFFIX.match(text, end, end + 3))
            ):  # (not "Isis-K")
                change, lead, trail = _rewritten(text, start, end, entry, name)
                if not edited and (change.start != start or change.new != surface):
                    edited = change.new != text[change.start : change.end]
                found.append((change, entry, lead, trail))
            else:
                found.append((Change(start, end, surface, "entities.canonical"), entry, 0, 0))
            previous = (end, entry)
        if not found:
            return doc.evolve(entities=()) if doc.entities else doc
        if edited or not _in_order(found):
            new_text, edits, spans = apply_changes(text, [f[0] for f in found], self.name)
            doc = doc.with_edits(new_text, edits)
        else:  # no change rewrites its text: the spans stay where they are
            new_text, spans = text, [(f[0].start, f[0].end) for f in found]
        mentions = tuple(
            Entity(
                entry.id,
                entry.name,
                entry.type,
                s + lead,
                e - trail,
                new_text[s + lead : e - trail],
            )
            for (_, entry, lead, trail), (s, e) in zip(found, spans, strict=True)
            if lead >= 0
        )
        return doc.evolve(entities=mentions)


def _in_order(found: list[tuple[Change, GazetteerEntry, int, int]]) -> bool:
    """Whether the changes follow each other without overlapping (``apply_changes`` would
    refuse them otherwise: that is a bug, and it must show)."""
    end = 0
    for change, *_ in found:
        if change.start < end or change.end < change.start:
            return False
        end = change.end
    return True


def _rewritten(
    text: str, start: int, end: int, entry: GazetteerEntry, name: str
) -> tuple[Change, int, int]:
    """The change that puts the mention at ``start:end`` in its canonical form, and the
    lengths of the article before the name and of the full stop after it in the new text."""
    noun = entry.noun_form
    if entry.prefixes:
        start = _prefixed(text, start, entry.prefixes)
    # (the patterns only where the character they need is: a space or tab, a hyphen)
    article = (
        _ARTICLE.search(text, max(0, start - 12), start)
        if text[start - 1 : start] in (" ", "\t")
        else None
    )
    compound = text[start - 1 : start] == "-" or (
        text[end : end + 1] == "-" and _HYPHENATED.match(text, end, end + 2)
    )
    if compound:  # "Britain-based", "anti-Isis": the name before a noun
        new = entry.name
    elif article and not noun.lower().startswith("the ") and name in entry.articled:
        if _is_noun(text, end):  # "the Republic of Iraq is" -> "Iraq is"
            new = noun[0].upper() + noun[1:] if article[1] == "The" else noun
            return Change(article.start(), end, new, "entities.canonical"), 0, 0
        new = entry.name
    elif name in entry.bare and not article:  # "Britain is" -> "the UK is"
        new = noun
        if new.startswith("the ") and _SENTENCE_START.search(text, max(0, start - 40), start):
            new = "The" + new[3:]
    else:
        new = entry.name
    surface, trail = text[start:end], 0
    if surface.endswith(".") and not new.endswith("."):  # "U.S." at a sentence end
        after = text[end : end + 2]
        if not after or after[0] == "\n":
            new, trail = new + ".", 1
        elif (
            after[0] in " \t" and after[1:2].isupper()
        ):  # "the U.S. President" or "in the U.S. The"
            new = surface
    lead = 4 if new.lower().startswith("the ") and not entry.name.lower().startswith("the ") else 0
    return Change(start, end, new, "entities.canonical"), lead, trail


def _prefixed(text: str, start: int, prefixes: tuple[str, ...]) -> int:
    """Where the name at ``start`` begins with the qualifiers before it ("so-called")."""
    moved = True
    while moved:
        moved = False
        before = text[max(0, start - 40) : start].lower()
        for prefix in prefixes:
            if _word_at_end(before, prefix.lower() + " "):
                start -= len(prefix) + 1
                moved = True
    return start


def _is_noun(text: str, end: int) -> bool:
    """Whether "the <name>" ending at ``end`` is a noun ("the UK is"), not a modifier
    ("the UK government")."""
    m = _NEXT_WORD.match(text, end)
    if m is None or m[1] is None:
        return True
    return not m[1][0].islower() or m[1] in _noun_followers()


def _in_url(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is part of a URL, an e-mail address or a domain name."""
    before, after = text[start - 1 : start], text[end : end + 2]
    if not (
        (before and before in _URL_CHARS)
        or after[:1] in ("/", "@", ":")
        or (after[:1] == "." and after[1:2].isalnum())
    ):
        return False
    lo = max(0, start - 300)
    left = max(text.rfind(c, lo, start) for c in " \n\t")
    left = left + 1 if left >= 0 else lo
    right = min(
        (i for i in (text.find(c, end, end + 300) for c in " \n\t") if i >= 0), default=end + 300
    )
    token = text[left:right]
    if not any(c in token for c in "/@") and token.count(".") < 1:
        return False
    return any(
        m.start() < end - left and start - left < m.end() and not _INITIALS.fullmatch(m[0])
        for m in URL_LIKE.finditer(token)
    )
