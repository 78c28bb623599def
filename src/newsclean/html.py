"""Main text and metadata from an HTML page, with trafilatura.

Reader comments are left out (trafilatura keeps them by default); paragraphs
become blank-line separated; figure captions go to ``meta["captions"]``.
"""

from __future__ import annotations

from typing import Any

import lxml.html
import trafilatura

from .decoding import decode_bytes

__all__ = ["extract"]

_META_KEYS = ("title", "author", "date", "sitename", "url", "description", "categories", "tags")


def extract(html: str | bytes, url: str | None = None) -> tuple[str, dict[str, Any]]:
    """Return the main text and the metadata of ``html``.

    Raises :class:`newsclean.decoding.DecodeError` for bytes that are not text.
    """
    if isinstance(html, bytes):
        html = decode_bytes(html, html=True)
    meta: dict[str, Any] = {"kind": "html"}
    if url:
        meta["url"] = url
    if not html.strip():
        return "", meta
    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return "", meta
    captions = [" ".join(c.text_content().split()) for c in tree.iter("figcaption")]
    result = trafilatura.bare_extraction(
        tree, url=url, with_metadata=True, include_comments=False, include_tables=True
    )
    if result is None:
        text = ""
    else:
        data = result.as_dict() if hasattr(result, "as_dict") else dict(result)
        text = data.get("text") or ""
        for key in _META_KEYS:
            value = data.get(key)
            if value:
                meta[key] = value
    if captions := [c for c in captions if c]:
        meta["captions"] = captions
    paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
    return "\n\n".join(paragraphs), meta
