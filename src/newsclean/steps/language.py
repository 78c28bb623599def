"""``language``: detect the document's language, so that English-only rules leave others alone.

The language goes to ``meta["language"]`` (ISO 639-1) with the detector's
confidence in ``meta["language_score"]``. Detection uses py3langid (its model ships
in the wheel) on a bounded sample of the text's prose lines. A language the caller
gives in ``meta["language"]`` (or ``meta["lang"]``) wins; a text too short (or too
mixed) to tell gets ``"und"`` (undetermined), and then every step runs as before.

>>> from newsclean import Document
>>> doc = LanguageStep()(Document("Die Bundesregierung hat am Mittwoch beschlossen, "
...     "die Ausbildungsmission im Nordirak bis Ende Januar fortzusetzen."))
>>> doc.meta["language"], doc.meta["language_score"] > 0.9
('de', True)
>>> dict(LanguageStep()(Document("Isis fell .")).meta)
{'language': 'und'}
>>> LanguageStep()(Document("Isis fell .", {"lang": "EN-gb"})).meta["language"]
'en'
"""

from __future__ import annotations

import copy
import itertools
import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any, ClassVar

from .._version import __version__
from ..diskcache import cached_arrays
from ..document import Document
from .base import UNKNOWN_LANGUAGE, ConfigError, Drop, Step

__all__ = ["LanguageStep", "detect", "detect_many"]

#: The drop reason of a document whose language is not in ``allow``.
NOT_ALLOWED = "language.not_allowed"
#: Lines shorter than this are left out of the sample (menus, titles, bylines).
_PROSE_LINE = 40


#: The ASCII characters that are not letters (``str.isalpha``): deleted to count letters.
_ASCII_NON_LETTERS = bytes(b for b in range(128) if not chr(b).isalpha())

#: Per-thread scratch arrays of the feature count (see :func:`_slots`).
_SCRATCH = threading.local()
#: The most texts walked and counted at once: their scratch array holds one slot per
#: (text, feature), 26 MB for 64 texts (its pages are only taken as they are written).
_GROUP = 64

#: The longest byte string a state of py3langid's tokenizer stands for (its model's
#: n-grams; tests/test_language_speed.py checks the shipped model against it).
_MAX_DEPTH = 6
#: The NULs that lead the bytes of a text in the vectorised walk (they keep the start state).
_LEAD = bytes(_MAX_DEPTH - 1)


@cache
def _identifier() -> Any:
    """py3langid's identifier with probabilities (its model is read once per process:
    0.8 s, or 0.1 s from the disk cache, see :mod:`newsclean.diskcache`).

    Built as ``LanguageIdentifier.from_model_file`` builds it, with changes that keep
    every score the same (tests/test_language_speed.py checks them against the stock
    identifier on random text):

    - the feature weights are widened from float16 to float32 (the same values): scoring
      then multiplies the rows it reads as they are, 2.5 times faster, for 28 MB more;
    - the features of a sample are found and counted with numpy instead of a Python
      loop over its bytes (:meth:`Identifier._raw_score`), from look-up tables that
      stand for py3langid's automaton (39 MB more than its own);
    - the two aliased columns (``srl`` into ``sr`` ...) are folded with one numpy
      operation each instead of a loop of scalar ones (:meth:`Identifier._decide`).
    """
    import numpy as np
    from py3langid.langid import MODEL_DIR, MODEL_FILE, RAW_FLOOR, LanguageIdentifier
    from py3langid.modelio import load_model

    class Identifier(LanguageIdentifier):  # type: ignore[misc]
        """A ``LanguageIdentifier`` that scores with a few numpy operations per text."""

        def _set_alias_pairs(self) -> None:
            super()._set_alias_pairs()
            firsts = [i for i, _ in self._alias_pairs]
            # one operation folds every pair when no column takes in two others
            self._fold = None
            if len(set(firsts)) == len(firsts):
                dupes = [j for _, j in self._alias_pairs]
                self._fold = np.array(firsts, dtype=np.intp), np.array(dupes, dtype=np.intp)

        def _raw_score(self, text: bytes) -> Any:
            """py3langid's scores of one text (:meth:`_raw_scores` of one)."""
            return self._raw_scores([text])[0]

        def _raw_scores(self, texts: Sequence[bytes]) -> list[Any]:
            """py3langid's scores of each text: its features counted in the order the
            walk meets them, the walk and the count done once for all the texts.

            py3langid walks an Aho-Corasick automaton of byte n-grams and counts the
            feature of each state it enters. Its state after a byte depends only on the
            last :data:`_MAX_DEPTH` bytes, so the states of all positions come from that
            many vectorised look-ups, the first two in one (``_two_bytes``). Each text is
            led by ``_MAX_DEPTH - 1`` NULs, which keep the start state (checked when the
            tables are made), so the texts are walked as one string and none reads into
            another. A state is known by its transition row (``row * 256``):
            ``_next_row[row * 256 + byte]`` is the row of the next state,
            ``_next_feature[row * 256 + byte]`` its feature (-1: none). Each (text,
            feature) is counted at its first position (``np.minimum.at``), and the
            positions that hold a count give each text's features in the order of
            py3langid's ``Counter``, so its matrix product multiplies the same rows in
            the same order: a text's scores do not depend on the texts around it. The
            weight rows are gathered text by text (some 170 kB each), so the product
            reads them from the cache, not from memory (a quarter faster than one
            gather for all the texts).
            """
            if not texts:
                return []
            if len(texts) > _GROUP:  # bounds the scratch array (see _slots)
                return [
                    score
                    for at in range(0, len(texts), _GROUP)
                    for score in self._raw_scores(texts[at : at + _GROUP])
                ]
            sizes = [len(text) for text in texts]
            joined = _LEAD + _LEAD.join(texts)
            n = len(joined) - len(_LEAD)  # a state for each byte after the first lead
            data = np.frombuffer(joined, dtype=np.uint8).astype(np.intp)
            rows = data[:n] << 8
            rows |= data[1 : n + 1]
            rows = self._two_bytes.take(rows)
            for back in range(2, _MAX_DEPTH - 1):
                rows += data[back : back + n]
                rows[...] = self._next_row.take(rows)
            rows += data[_MAX_DEPTH - 1 :]
            features = self._next_feature.take(rows)
            # the text each position belongs to; the leads between texts find nothing
            spans = np.add(sizes, len(_LEAD))  # a text and the lead after it
            text_of = np.repeat(np.arange(len(texts)), spans)[:n]
            features[(np.cumsum(spans[:-1])[:, None] - np.arange(1, len(_LEAD) + 1)).ravel()] = -1
            found = features >= 0
            features = features[found]
            text_of = text_of[found]
            width = len(self.nb_ptc)
            # one key per (text, feature), the texts of a feature side by side: the keys of
            # common features share cache lines (25 MB of slots, a few MB touched)
            keys = features * len(texts) + text_of
            m = len(keys)
            slot = _slots(width * len(texts))  # key -> its first position (scratch)
            slot[keys] = m
            np.minimum.at(slot, keys, np.arange(m, dtype=np.int32))
            counts = np.bincount(slot.take(keys), minlength=m)  # by first position
            first = counts.nonzero()[0]
            weights = np.log1p(counts.take(first).astype(np.float32))
            found_features = features.take(first)
            bounds = np.searchsorted(text_of.take(first), np.arange(len(texts) + 1))
            fill = 0.0 if self._norm_probs else RAW_FLOOR
            scores = []
            for a, b in itertools.pairwise(bounds.tolist()):
                if a == b:  # no feature: py3langid's own fill
                    scores.append(np.full(len(self.nb_classes), fill, dtype=np.float32))
                else:  # its weight rows gathered alone: they stay in the cache for @
                    rows = self.nb_ptc.take(found_features[a:b], axis=0)
                    scores.append(weights[a:b] @ rows + self.nb_pc)
            return scores

        def _decide(self, text: str | bytes) -> Any:
            """py3langid's ``_decide`` (probabilities), the aliases folded at once."""
            if not self._norm_probs or self._fold is None:
                return super()._decide(text)
            text = self._encode(text)
            return self._probabilities_many([self._raw_score(text)], [len(text)])[0]

        def _probabilities_many(self, scores: list[Any], lengths: list[int]) -> Any:
            """py3langid's probabilities from each text's raw scores and its length in
            bytes (a row each), with one numpy operation per step for all the texts: each
            row is what py3langid computes for its text alone (element by element, each
            row's sum the same pairwise sum; tests/test_language_speed.py)."""
            rows = np.stack(scores)
            rows *= np.array([1.0 / math.sqrt(n or 1) for n in lengths], dtype=rows.dtype)[:, None]
            rows -= np.maximum.reduce(rows, axis=1, keepdims=True)
            np.exp(rows, out=rows)
            rows /= np.add.reduce(rows, axis=1, keepdims=True)
            firsts, dupes = self._fold
            rows[:, firsts] += rows[:, dupes]
            rows[:, dupes] = 0.0
            return rows

        def classify_many(self, texts: Sequence[str]) -> list[tuple[str, float]]:
            """:meth:`classify` of each text, the walks, counts and probabilities done at once."""
            if not self._norm_probs or self._fold is None or self.min_confidence is not None:
                return [self.classify(text) for text in texts]
            if not texts:
                return []
            encoded = [self._encode(text) for text in texts]
            rows = self._probabilities_many(self._raw_scores(encoded), list(map(len, encoded)))
            best = rows.argmax(axis=1)
            found = rows[np.arange(len(rows)), best].tolist()
            return [(self.nb_classes[i], p) for i, p in zip(best.tolist(), found, strict=True)]

    model = MODEL_DIR / MODEL_FILE
    stat = model.stat()
    key = {
        "py3langid": version("py3langid"),
        "model": f"{stat.st_size}-{stat.st_mtime_ns}",
        "newsclean": __version__,
    }
    tables = cached_arrays("language", key, lambda: _tables(model))
    if not tables:  # the automaton does not suit the vectorised walk: stock scoring
        ptc, pc, classes, nextmove, row, output = load_model(model)
        return LanguageIdentifier(
            ptc.astype("float32"), pc, classes, nextmove, output, norm_probs=True, tk_row=row
        )
    identifier = Identifier(
        tables["ptc"],
        tables["pc"],
        tables["classes"].tolist(),
        None,  # the automaton's moves and outputs: the tables below stand for them
        None,
        norm_probs=True,
        tk_row=tables["row"].tolist(),
    )
    identifier._next_row = tables["next_row"]
    identifier._next_feature = tables["next_feature"]
    identifier._two_bytes = tables["two_bytes"]
    return identifier


def _tables(model: Path) -> dict[str, Any]:
    """The arrays of the fast identifier, made from py3langid's ``model`` file; none when
    its automaton does not keep the start state on a NUL (then the stock one scores).

    ``ptc``, ``pc``, ``classes``, ``row`` are the model's (the weights as float32);
    ``next_row``, ``next_feature`` and ``two_bytes`` stand for its automaton (see
    ``Identifier._raw_scores``).
    """
    import numpy as np
    from py3langid.modelio import load_model

    ptc, pc, classes, nextmove, row, output = load_model(model)
    rowbase = np.asarray(row, dtype=np.int32) << 8  # state -> row * 256
    moves = np.asarray(nextmove)  # row * 256 + byte -> state (the array.array, no copy)
    start, byte = int(rowbase[0]), np.arange(256)
    next_row = rowbase[moves]
    # the walk leads a text with NULs: they must keep the start state
    if next_row[start] != start:
        return {}
    one_byte = next_row[start + byte]
    return {
        "ptc": ptc.astype("float32"),
        "pc": np.asarray(pc),
        "classes": np.asarray(classes, dtype=str),
        "row": np.asarray(row, dtype=np.int32),
        "next_row": next_row,
        "next_feature": np.asarray(output, dtype=np.int32)[moves],
        "two_bytes": next_row[(one_byte[:, None] + byte).ravel()].astype(np.intp),
    }


def _slots(size: int) -> Any:
    """A scratch array of at least ``size`` integers for the calling thread (stale values).

    >>> len(_slots(3)) >= 3, _slots(3) is _slots(2)
    (True, True)
    """
    slots = getattr(_SCRATCH, "slots", None)
    if slots is None or len(slots) < size:
        import numpy as np

        slots = _SCRATCH.slots = np.empty(size, dtype=np.int32)
    return slots


def detect(text: str) -> tuple[str, float]:
    """The language of ``text`` (ISO 639-1) and the detector's confidence, 0 to 1.

    >>> detect("Le gouvernement a annoncé mercredi un nouveau plan pour les hôpitaux.")
    ('fr', 1.0)
    """
    language, score = _identifier().classify(text)
    return str(language), round(float(score), 2)


def detect_many(texts: Sequence[str]) -> list[tuple[str, float]]:
    """:func:`detect` of each text, the detector's numpy work done once for all of them
    (the same results: a text's scores do not depend on the texts beside it).

    >>> detect_many(["Le gouvernement a annoncé mercredi un nouveau plan.",
    ...     "The government announced a new plan for hospitals on Wednesday."])
    [('fr', 0.99), ('en', 0.93)]
    """
    identifier = _identifier()
    many = getattr(identifier, "classify_many", None)  # absent from the stock identifier
    found = many(texts) if many is not None else [identifier.classify(t) for t in texts]
    return [(str(language), round(float(score), 2)) for language, score in found]


def _sample(text: str, size: int) -> str:
    """Up to ``size`` characters of the text's prose lines (all of its start if it has none).

    The lines are read from the text's start (up to a line break after ``4 * size``
    characters) and only when those do not fill the sample from the whole text.

    >>> _sample("Menu\\n" + "A line of prose long enough to be read. " * 2, 30)
    'A line of prose long enough to'
    """
    cut = text.find("\n", 4 * size)
    if cut >= 0:  # text[:cut] ends at a line break: its lines are the text's first ones
        parts, length = _prose(text[:cut], size)
        if length >= size:
            return "\n".join(parts)[:size]
    parts, _ = _prose(text, size)
    return "\n".join(parts)[:size] if parts else text[:size]


def _prose(text: str, size: int) -> tuple[list[str], int]:
    """The text's first prose lines, stripped, until they hold ``size`` characters (one
    more each, for the line break), and that length."""
    parts: list[str] = []
    length = 0
    for line in text.splitlines():
        line = line.strip()
        if len(line) >= _PROSE_LINE:
            parts.append(line)
            length += len(line) + 1
            if length >= size:
                break
    return parts, length


def _has_letters(text: str, count: int) -> bool:
    """Whether ``text`` has at least ``count`` letters (``str.isalpha``), read no further
    than a first ``2 * count`` characters when those have enough.

    >>> _has_letters("Isis fell .", 8), _has_letters("Isis fell .", 9)
    (True, False)
    """
    return _letters(text[: 2 * count]) >= count or (
        len(text) > 2 * count and _letters(text) >= count
    )


def _letters(text: str) -> int:
    """How many letters (``str.isalpha``) ``text`` has; ASCII text is counted in C.

    >>> _letters("Isis fell ."), _letters("Ça va, 2 élèves")
    (8, 10)
    """
    if text.isascii():
        return len(text.encode().translate(None, _ASCII_NON_LETTERS))
    return sum(map(str.isalpha, text))


def _given(meta: Any) -> str | None:
    """The caller's language: ``meta["language"]``, else ``meta["lang"]``, as a primary tag."""
    for key in ("language", "lang"):
        value = meta.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip().replace("_", "-").partition("-")[0].lower()
    return None


@dataclass(frozen=True)
class LanguageStep(Step):
    """Set ``meta["language"]`` and ``meta["language_score"]``; optionally keep some languages."""

    name: ClassVar[str] = "language"
    summary: ClassVar[str] = "detect the language (meta language, language_score); filter"
    rules: ClassVar[dict[str, str]] = {
        NOT_ALLOWED: "document dropped: its language is not in `allow`",
    }

    #: Characters of prose lines the detector reads (the cost per document is bounded).
    sample: int = 500
    #: Samples with fewer letters get no language (every step then runs).
    min_letters: int = 60
    #: Detections less confident than this give no language.
    min_score: float = 0.5
    #: Keep only documents in these languages ("und": those of no known language); empty: all.
    allow: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if self.sample < 1 or self.min_letters < 0:
            raise ConfigError("language: sample must be positive and min_letters not negative")
        if not 0.0 <= self.min_score <= 1.0:
            raise ConfigError(f"language: min_score must be 0 to 1, not {self.min_score!r}")

    def prepare(self, docs: Sequence[Document]) -> LanguageStep:
        """The step with the detections of a batch's documents made at once (see
        :func:`detect_many`; :meth:`apply` finds them by document)."""
        samples = {}
        for doc in docs:
            sample = None if _given(doc.meta) is not None else self._readable_sample(doc)
            if sample is not None:
                samples[id(doc)] = doc, sample
        if len(samples) < 2:
            return self
        found = detect_many([sample for _, sample in samples.values()])
        ready = copy.copy(self)
        detected = {
            key: (doc, result)
            for (key, (doc, _)), result in zip(samples.items(), found, strict=True)
        }
        object.__setattr__(ready, "_detected", detected)
        return ready

    def _detect(self, doc: Document) -> tuple[str, float]:
        """The document's language and score, as :meth:`prepare` found them, or found now."""
        detected = self.__dict__.get("_detected")
        hit = None if detected is None else detected.get(id(doc))
        if hit is not None and hit[0] is doc:
            return hit[1]
        sample = self._readable_sample(doc)
        return (UNKNOWN_LANGUAGE, 0.0) if sample is None else detect(sample)

    def _readable_sample(self, doc: Document) -> str | None:
        """The sample the detector reads, or ``None`` when it has too few letters."""
        sample = _sample(doc.text, self.sample)
        return sample if _has_letters(sample, self.min_letters) else None

    def apply(self, doc: Document) -> Document:
        language = _given(doc.meta)
        if language is not None:
            if language != doc.meta.get("language"):
                doc = doc.with_meta(language=language)
        else:
            language, score = self._detect(doc)
            if score >= self.min_score and language != UNKNOWN_LANGUAGE:
                doc = doc.with_meta(language=language, language_score=score)
            else:  # recorded, so that a second run does not decide otherwise on cleaner text
                language = UNKNOWN_LANGUAGE
                doc = doc.with_meta(language=language)
        if self.allow and language not in self.allow:
            raise Drop(NOT_ALLOWED)
        return doc
