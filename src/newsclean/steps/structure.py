"""``structure``: move the parts of a page that are not body text into metadata.

The title (with its label: "Press release:", "Opinion:"), the dateline or source
header ("LONDON (Reuters) -"), captions and photo credits, and credit lines
("Reporting by ...") leave the text for ``meta``; each removal is an edit naming
its rule, and the removed text is kept in ``meta``, so no line is lost.
Patterns are data (``newsclean/data/structure.toml``).

>>> from newsclean import Document
>>> text = "Press release: Troops return to Iraq\\n\\nLONDON (Reuters) - Britain will send troops."
>>> doc = StructureStep()(Document(text))
>>> doc.text
'Britain will send troops.'
>>> doc.meta["kind"], doc.meta["title"], doc.meta["source"], doc.meta["dateline"]
('press release', 'Troops return to Iraq', 'Reuters', 'LONDON')
"""

from __future__ import annotations

import re
from bisect import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from operator import itemgetter
from typing import Any, ClassVar

import regex

from ..document import Document
from ..edits import Change
from ..layout import SENTENCE_END, Paragraph, paragraphs, removals, word_key, words
from ..resources import data_toml
from .base import Step

__all__ = ["StructureStep"]

#: A line that ends with one of these marks, maybe before closing quotes and brackets, is
#: punctuated (a sentence end, or a colon or comma that announces more): no title.
_MARKS, _CLOSERS = ".!?…:;,", "\"'”’)]"
#: A sentence break inside a line: ". They", "? The".
_SENTENCE_BREAK = regex.compile(r"[.!?][\"'”’)\]]*\s+[\"'“‘]?\p{Lu}")
#: A sentence that ends inside a line after a lower-case word or a number ("said. Tags",
#: "2012. The"), not after an abbreviation ("U.S. Army", "Gov. Newsom"): prose, not a title.
_PROSE_BREAK = regex.compile(r"(?:\b\p{Ll}{3,}|\b\p{N}{2,})[.!?][\"'”’)\]]*\s+[\"'“‘]?\p{Lu}")
_LABEL = regex.compile(r"(?P<label>[^:\n]{2,30}?)\s*:\s+(?P<rest>\S.*)")
#: A title starts with a capital or a digit, maybe after a quote or a bracket.
_TITLE_START = regex.compile(r"[\"'“‘(\[]?[\p{Lu}\p{N}]")
#: How many paragraphs after the title can hold a caption or a standfirst.
_HEADER_PARAGRAPHS = 4


@dataclass(frozen=True)
class _Patterns:
    title_words: int
    kind: regex.Pattern[str]
    #: The dateline patterns as one alternation (the first that matches wins, as in the
    #: data's order; they share their group names).
    dateline: regex.Pattern[str]
    captions: regex.Pattern[str]
    #: Characters every caption has one of: lines without them are not tried.
    caption_needs: tuple[str, ...]
    #: What every caption line starts with, or else holds (a cheaper test than ``captions``).
    caption_start: re.Pattern[str]
    caption_gate: re.Pattern[str]
    caption_words: int
    credits: regex.Pattern[str]


@cache
def _patterns() -> _Patterns:
    data = data_toml("structure.toml")

    def one(patterns: Iterable[str]) -> regex.Pattern[str]:
        return regex.compile("|".join(f"(?:{p})" for p in patterns), regex.V1)

    return _Patterns(
        title_words=int(data["title"]["max_words"]),
        kind=regex.compile(data["title"]["kind"], regex.V1),
        dateline=one(data["dateline"]["patterns"]),
        captions=one(data["caption"]["patterns"]),
        caption_needs=tuple(data["caption"]["needs"]),
        caption_start=re.compile(data["caption"]["start"], re.IGNORECASE),
        caption_gate=re.compile(data["caption"]["gate"], re.IGNORECASE),
        caption_words=int(data["caption"]["header_max_words"]),
        credits=one(data["credit"]["patterns"]),
    )


@dataclass(frozen=True)
class StructureStep(Step):
    """Move the title, kind label, dateline, captions and credits from the text to ``meta``."""

    name: ClassVar[str] = "structure"
    summary: ClassVar[str] = "move title, kind, dateline, captions and credits to meta"
    rules: ClassVar[dict[str, str]] = {
        "structure.title": "the first line, a title, moved to meta['title'] (its label to meta['kind'])",
        "structure.dateline": "a dateline or source header moved to meta['dateline'], ['source'], ['date']",
        "structure.caption": "a caption or photo credit moved to meta['captions']",
        "structure.credit": "a credit line ('Reporting by ...') moved to meta['credits'] (option credits)",
    }

    #: Rule ids to switch off.
    disable: frozenset[str] = field(default_factory=frozenset)
    #: Also move credit lines ("(Reporting by ...; Editing by ...)") to ``meta["credits"]``.
    #: Off by default: many publishers count them as part of the article.
    credits: bool = False

    def __post_init__(self) -> None:
        self.check_disable(self.disable)

    def apply(self, doc: Document) -> Document:
        text = doc.text
        paras = paragraphs(text)
        if not paras:
            return doc
        pat = _patterns()
        meta: dict[str, Any] = {}
        removed: dict[int, str] = {}
        body = 0
        if "structure.title" not in self.disable and self._title(doc, paras, pat, meta):
            # the title, and copies of it right after it (a page's <h1> and its og:title)
            title = word_key(paras[0].text)
            while body < len(paras) - 1 and word_key(paras[body].text) == title:
                removed[body] = "structure.title"
                body += 1
        if "structure.caption" not in self.disable:
            for k in self._captions(doc, paras, body, pat, meta):
                removed[k] = "structure.caption"
        changes = []
        # the body starts at the first paragraph after the title and its captions
        first = body
        while first in removed:
            first += 1
        if first < len(paras) and "structure.dateline" not in self.disable:
            changes = self._dateline(doc, paras[first], pat, meta)
        if self.credits and "structure.credit" not in self.disable:
            for k in self._credits(doc, paras, body, removed, pat, meta):
                removed[k] = "structure.credit"
        if removed:
            changes.extend(removals(paras, removed, text))
        if not changes:
            return doc
        return doc.with_changes(self.name, changes).with_meta(**meta)

    def _title(
        self, doc: Document, paras: list[Paragraph], pat: _Patterns, meta: dict[str, Any]
    ) -> bool:
        first = paras[0].text.strip()
        known = doc.meta.get("title")
        if known:  # a title from the page's metadata, or from an earlier run
            return isinstance(known, str) and word_key(first) == word_key(known) and len(paras) > 1
        if (
            len(paras) < 2
            or "\n" in first
            or _punctuated_end(first)
            or _PROSE_BREAK.search(first)
            or words(first) > pat.title_words
            or not _TITLE_START.match(first)
        ):
            return False
        title = first
        label = _LABEL.fullmatch(first)
        if label and pat.kind.fullmatch(label["label"]) and "kind" not in doc.meta:
            meta["kind"] = label["label"].lower()
            title = label["rest"]
        meta["title"] = title
        return True

    def _dateline(
        self, doc: Document, para: Paragraph, pat: _Patterns, meta: dict[str, Any]
    ) -> list[Change]:
        if doc.meta.get("dateline") or doc.meta.get("date_source") == "dateline":
            return []
        m = pat.dateline.match(doc.text, para.start, para.end)
        if m is None:
            return []
        found = {k: " ".join(v.split()) for k, v in m.groupdict().items() if v}
        if "date" in found and "date" not in doc.meta:
            meta["date"] = found["date"]
            meta["date_source"] = "dateline"
        if "source" in found and "source" not in doc.meta:
            meta["source"] = found["source"]
        if "dateline" in found:
            meta["dateline"] = found["dateline"]
        return [Change(m.start(), m.end(), "", "structure.dateline")]

    def _credits(
        self,
        doc: Document,
        paras: list[Paragraph],
        body: int,
        removed: dict[int, str],
        pat: _Patterns,
        meta: dict[str, Any],
    ) -> list[int]:
        """Credit lines: in the last third of the paragraphs, or in brackets anywhere."""
        found = []
        for k in range(body, len(paras)):
            line = paras[k].text.strip()
            if k in removed or "\n" in line or not pat.credits.fullmatch(line):
                continue
            if k * 3 >= len(paras) * 2 or line.startswith("("):
                found.append(k)
        if found:
            known = list(doc.meta.get("credits") or ())
            meta["credits"] = known + [paras[k].text.strip() for k in found]
        return found

    def _captions(
        self,
        doc: Document,
        paras: list[Paragraph],
        body: int,
        pat: _Patterns,
        meta: dict[str, Any],
    ) -> list[int]:
        found = []
        start, gate = pat.caption_start.match, pat.caption_gate.search
        for k in _holding(doc.text, paras, pat.caption_needs, body):
            line = paras[k].text.strip()
            if (start(line) or gate(line)) and "\n" not in line and pat.captions.fullmatch(line):
                found.append(k)
        # A caption between the title (or standfirst) and the body: the last of the
        # unterminated lines before the first prose paragraph.
        if body:
            header = []
            for k in range(body, min(len(paras), body + _HEADER_PARAGRAPHS)):
                line = paras[k].text.strip()
                if SENTENCE_END.search(line):
                    break
                header.append(k)
            else:
                header = []  # no prose paragraph close after the title
            if header and (len(header) > 1 or doc.meta.get("standfirst")):
                line = paras[header[-1]].text.strip()
                if (
                    "\n" not in line
                    and not _punctuated_end(line)
                    and words(line) <= pat.caption_words
                    and not _SENTENCE_BREAK.search(line)
                    and header[-1] not in found
                ):
                    found.append(header[-1])
        if found:
            known = list(doc.meta.get("captions") or ())
            meta["captions"] = known + [paras[k].text.strip() for k in sorted(found)]
        return found


def _punctuated_end(line: str) -> bool:
    """Whether the stripped ``line`` ends with one of ``_MARKS``, maybe before some of
    ``_CLOSERS``: what the pattern ``[.!?…:;,]["'”’)\\]]*\\s*$`` finds, without a search
    that tries every position of a long paragraph.

    >>> _punctuated_end('He said: "No."'), _punctuated_end("Troops return to Iraq")
    (True, False)
    """
    end = line.rstrip(_CLOSERS)[-1:]
    return end != "" and end in _MARKS


def _holding(text: str, paras: list[Paragraph], chars: tuple[str, ...], first: int) -> list[int]:
    """The indexes (from ``first`` on) of the paragraphs that hold one of ``chars``, found
    with ``str.find`` (fast) rather than by looking at each paragraph.

    >>> text = "Title\\n\\nPhoto: AP\\n\\nBody (text)."
    >>> _holding(text, paragraphs(text), (":", "("), 0)
    [1, 2]
    """
    found: set[int] = set()
    if first >= len(paras):
        return []
    begin = paras[first].start
    starts: list[int] = []
    for char in chars:
        at = text.find(char, begin)
        if at >= 0 and not starts:
            starts = list(map(itemgetter(0), paras))  # (a Paragraph is a named tuple)
        while at >= 0:
            k = bisect(starts, at) - 1
            found.add(k)
            at = text.find(char, max(at + 1, paras[k].end))  # on from the next paragraph
    return sorted(found)
