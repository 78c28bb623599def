"""Read input files into documents: text, Markdown, HTML and JSON Lines.

Each input yields ``(id, document)`` pairs, or :class:`InputError` for a record
or a whole file that cannot be read; reading goes on past a bad record. Nothing
larger than ``limits.max_input_size`` is read into memory whole: a larger file,
or a larger line of a JSON Lines file, is an error (``limit.input_size``).

>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "a.jsonl").write_text('{"id": "x1", "text": "Isis fell", "lang": "en"}\\nnot json\\n')
>>> for item in read_path(folder / "a.jsonl", "a.jsonl"):
...     print(repr(item))
('x1', Document(text='Isis fell', meta=mappingproxy({'lang': 'en'}), entities=(), dates=(), edits=()))
InputError('a.jsonl:2: not valid JSON (Expecting value)')
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from .decoding import DecodeError, decode_bytes
from .document import Document
from .limits import DEFAULT_LIMITS, LimitExceeded, Limits, size_error

__all__ = [
    "HTML_SUFFIXES",
    "JSONL_SUFFIXES",
    "InputError",
    "document_from_record",
    "kind_of",
    "read_bytes",
    "read_path",
]

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
_SKIP_CHUNK = 1 << 20


class InputError(Exception):
    """An input (or one record of it) that cannot be cleaned, with the reason."""

    def __repr__(self) -> str:
        return f"InputError({str(self)!r})"


def kind_of(path: str | Path) -> str:
    """``"html"``, ``"jsonl"`` or ``"text"``, from the file name."""
    suffix = Path(path).suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    return "text"


def read_path(
    path: Path, name: str, *, limits: Limits = DEFAULT_LIMITS
) -> Iterator[tuple[str, Document] | InputError]:
    """Documents in the file at ``path``; ``name`` is how errors and ids refer to it."""
    kind = kind_of(path)
    if kind == "jsonl":
        yield from _read_jsonl(path, name, limits.max_input_size)
        return
    try:
        size = path.stat().st_size
        if limits.max_input_size is not None and size > limits.max_input_size:
            raise size_error("limit.input_size", size, limits.max_input_size, "max_input_size")
        data = path.read_bytes()
    except OSError as exc:
        yield InputError(f"{name}: cannot read: {exc.strerror or exc}")
        return
    except LimitExceeded as exc:
        yield InputError(f"{name}: {exc}")
        return
    try:
        yield name, read_bytes(data, kind, limits=limits)
    except (DecodeError, LimitExceeded) as exc:
        yield InputError(f"{name}: {exc}")


def read_bytes(data: bytes, kind: str = "text", *, limits: Limits = DEFAULT_LIMITS) -> Document:
    """One document from the bytes of a text or HTML file.

    Raises :class:`~newsclean.decoding.DecodeError` for bytes that are not text and
    :class:`~newsclean.limits.LimitExceeded` for a page over ``limits.max_html_size``.
    """
    if kind == "html":
        return Document.from_html(data, max_size=limits.max_html_size)
    return Document(decode_bytes(data), {"format": "text"})


def _lines(fh: BinaryIO, limit: int | None) -> Iterator[tuple[int, bytes | int]]:
    r"""Numbered lines of ``fh``; the size of a line over ``limit`` bytes instead of it.

    A line over the limit is never held whole: the rest of it is read and dropped
    in chunks.

    >>> import io
    >>> list(_lines(io.BytesIO(b"ab\nabcdef\nabc"), 3))
    [(1, b'ab\n'), (2, 6), (3, b'abc')]
    """
    number = 0
    while True:
        raw = fh.readline() if limit is None else fh.readline(limit + 1)
        if not raw:
            return
        number += 1
        if limit is None or raw.endswith(b"\n") or len(raw) <= limit:
            yield number, raw
            continue
        size = len(raw)
        while not raw.endswith(b"\n"):
            raw = fh.readline(_SKIP_CHUNK)
            if not raw:
                break
            size += len(raw.rstrip(b"\n"))
        yield number, size


def _read_jsonl(
    path: Path, name: str, limit: int | None
) -> Iterator[tuple[str, Document] | InputError]:
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield InputError(f"{name}: cannot read: {exc.strerror or exc}")
        return
    with fh:
        for number, raw in _lines(fh, limit):
            where = f"{name}:{number}"
            if isinstance(raw, int):
                assert limit is not None
                yield InputError(
                    f"{where}: {size_error('limit.input_size', raw, limit, 'max_input_size')}"
                )
                continue
            if not raw.strip():
                continue
            try:
                record = json.loads(decode_bytes(raw))
            except (DecodeError, json.JSONDecodeError) as exc:
                reason = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
                yield InputError(f"{where}: not valid JSON ({reason})")
                continue
            try:
                record_id, doc = document_from_record(record)
            except ValueError as exc:
                yield InputError(f"{where}: {exc}")
                continue
            yield (record_id if record_id is not None else where), doc


def document_from_record(record: object) -> tuple[str | None, Document]:
    """The id (if any) and document of a JSON Lines record; ``ValueError`` if it has no text.

    >>> document_from_record({"id": 7, "text": "Isis fell", "meta": {"lang": "en"}, "url": "u"})
    ('7', Document(text='Isis fell', meta=mappingproxy({'url': 'u', 'lang': 'en'}), entities=(), dates=(), edits=()))
    """
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        raise ValueError("a record needs a string 'text' field")
    record = dict(record)
    text = record.pop("text")
    record_id = record.pop("id", None)
    meta = record.pop("meta", None)
    merged = {**record, **meta} if isinstance(meta, dict) else record
    if meta is not None and not isinstance(meta, dict):
        merged["meta"] = meta  # kept as it came: nothing of a record is lost
    return (str(record_id) if record_id is not None else None), Document(text, merged)
