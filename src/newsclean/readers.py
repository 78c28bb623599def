"""Read input files into documents: text, Markdown, HTML and JSON Lines.

Each input yields ``(id, document)`` pairs, or :class:`InputError` for a record
or a whole file that cannot be read; reading goes on past a bad record.

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

from .decoding import DecodeError, decode_bytes
from .document import Document

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
#: The largest single input read whole (a JSON Lines file streams and has no limit).
MAX_FILE_BYTES = 256 * 1024 * 1024


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


def read_path(path: Path, name: str) -> Iterator[tuple[str, Document] | InputError]:
    """Documents in the file at ``path``; ``name`` is how errors and ids refer to it."""
    kind = kind_of(path)
    if kind == "jsonl":
        yield from _read_jsonl(path, name)
        return
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(
                f"{name}: {size / 2**20:.0f} MB is over the {MAX_FILE_BYTES // 2**20} MB limit"
            )
        data = path.read_bytes()
    except OSError as exc:
        yield InputError(f"{name}: cannot read: {exc.strerror or exc}")
        return
    except InputError as exc:
        yield exc
        return
    try:
        yield name, read_bytes(data, kind)
    except DecodeError as exc:
        yield InputError(f"{name}: {exc}")


def read_bytes(data: bytes, kind: str = "text") -> Document:
    """One document from the bytes of a text or HTML file."""
    if kind == "html":
        return Document.from_html(data)
    return Document(decode_bytes(data), {"format": "text"})


def _read_jsonl(path: Path, name: str) -> Iterator[tuple[str, Document] | InputError]:
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield InputError(f"{name}: cannot read: {exc.strerror or exc}")
        return
    with fh:
        for number, raw in enumerate(fh, start=1):
            where = f"{name}:{number}"
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
