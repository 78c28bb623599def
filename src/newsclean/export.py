"""Export cleaned records to search engines: the Elasticsearch/OpenSearch bulk format.

``newsclean clean ... --jsonl FILE`` writes one record per document (see
docs/jsonl.md). :func:`bulk_lines` turns records into the bulk API's NDJSON: an
action line, then the document, for every record. The document is the record
with the page ``title`` and the publication ``date`` lifted out of ``meta`` into
top-level fields, which :func:`index_mapping` maps (``text``, ``title``,
``date``, ``entities.id`` as a keyword facet, ``dates.value`` as dates).

>>> record = {"id": "a1", "source": "feed.jsonl", "text": "Islamic State fell.",
...           "meta": {"date": "2017-11-29"}, "entities": [], "dates": [], "edits": {}}
>>> for line in bulk_lines([record], index="news"):
...     print(line)
{"index": {"_index": "news", "_id": "a1"}}
{"id": "a1", "source": "feed.jsonl", "title": null, "date": "2017-11-29", "text": "Islamic State fell.", "entities": [], "dates": [], "edits": {}, "meta": {"date": "2017-11-29"}}
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from .jsontext import json_line
from .resources import data_text

__all__ = ["MAX_ID_BYTES", "bulk_document", "bulk_id", "bulk_lines", "index_mapping"]

#: Elasticsearch and OpenSearch refuse a document ``_id`` longer than this (in UTF-8 bytes).
MAX_ID_BYTES = 512


def index_mapping() -> dict[str, Any]:
    """The index body (``{"mappings": ...}``) for bulk documents: ``PUT /NAME`` with it.

    >>> props = index_mapping()["mappings"]["properties"]
    >>> props["entities"]["properties"]["id"]["type"], props["dates"]["properties"]["value"]["type"]
    ('keyword', 'date')
    """
    mapping: dict[str, Any] = json.loads(data_text("index_mapping.json"))
    return mapping


def bulk_id(record_id: str) -> str:
    """``record_id`` as a bulk ``_id``: itself, or its SHA-1 when it is over 512 bytes.

    >>> bulk_id("seeds/002.txt")
    'seeds/002.txt'
    >>> len(bulk_id("x" * 600))
    40
    """
    if len(record_id.encode("utf-8", "surrogatepass")) <= MAX_ID_BYTES:
        return record_id
    return hashlib.sha1(record_id.encode("utf-8", "surrogatepass")).hexdigest()


def bulk_document(record: Mapping[str, Any]) -> dict[str, Any]:
    """The indexed document of a record: ``title`` and ``date`` lifted out of ``meta``.

    ``title`` and ``date`` are ``None`` when the document has none.
    """
    meta = record.get("meta") if isinstance(record.get("meta"), Mapping) else {}
    return {
        "id": record.get("id"),
        "source": record.get("source"),
        "title": meta.get("title"),
        "date": meta.get("date"),
        "text": record.get("text"),
        "entities": record.get("entities", []),
        "dates": record.get("dates", []),
        "edits": record.get("edits", {}),
        "meta": meta,
    }


def bulk_lines(
    records: Iterable[Mapping[str, Any]], index: str, *, action: str = "index"
) -> Iterator[str]:
    """Bulk API lines (without newlines) for ``records``: an action line, then the document.

    Every record needs a string ``id`` (the JSON Lines records of ``newsclean clean``
    have one); it becomes the ``_id``, so indexing the same file twice replaces
    documents instead of duplicating them. ``action`` is ``"index"`` (insert or
    replace) or ``"create"`` (fail on existing ids). Write each line followed by
    ``\\n``: the bulk API needs the last line to end with one too.
    """

    if action not in ("index", "create"):
        raise ValueError(f"action must be 'index' or 'create', not {action!r}")
    for record in records:
        doc_id = record.get("id")
        if not isinstance(doc_id, str) or not doc_id:
            raise ValueError(f"a record without a string 'id': {str(dict(record))[:80]}")
        yield json_line({action: {"_index": index, "_id": bulk_id(doc_id)}})
        yield json_line(bulk_document(record))
