"""Main text and metadata from an HTML page, with trafilatura.

Reader comments are left out (trafilatura keeps them by default); paragraphs
become blank-line separated; figure captions go to ``meta["captions"]``.

trafilatura runs in its ``fast`` mode (no fallback extractors): on the public
article-extraction benchmark it is both faster and more accurate, and the text
steps then remove what extraction left behind (``docs/performance.md``). When
the fast result is mostly a menu (many paragraphs, most of the text in very
short ones), extraction runs again with trafilatura's fallbacks.

Hostile pages: a page over ``max_size`` is refused before it is parsed
(``limit.html_size``). lxml stops parsing, silently, at 256 levels of nested
elements and drops the rest of the page; such a page is parsed again with
lxml's ``huge_tree`` (2,048 levels), and a page deeper still is refused
(``limit.html_depth``) rather than cut short. Pages of nothing but scripts,
styles or comments give the empty text; trafilatura removes scripts and styles
one by one in quadratic time (37 s for 80,000 of them), so a page with more than
1,000 has them removed first, in one linear pass (JSON-LD metadata kept).
"""

from __future__ import annotations

from typing import Any

import lxml.etree
import lxml.html
import regex
import trafilatura
from trafilatura.utils import HTML_PARSER, load_html

from .decoding import decode_bytes
from .limits import DEFAULT_LIMITS, LimitExceeded, size_error

__all__ = ["extract"]

#: The fast result is taken for a menu when it has at least this many paragraphs ...
_MENU_PARAGRAPHS = 20
#: ... and at least this share of its characters sits in paragraphs shorter than
_MENU_SHARE = 0.5
_MENU_ITEM_CHARS = 25

_FIGCAPTION = regex.compile(r"<figcaption\b[^>]*>(.*?)</figcaption\s*>", regex.I | regex.S)

#: trafilatura's parser options, with libxml2's limits raised (nesting: 256 -> 2,048 levels)
_DEEP_PARSER = lxml.html.HTMLParser(
    collect_ids=False,
    default_doctype=False,
    encoding="utf-8",
    remove_comments=True,
    remove_pis=True,
    huge_tree=True,
)

#: more script and style elements than a real page has: removed before trafilatura sees them
_MANY_SCRIPTS = 1000

_META_KEYS = ("title", "author", "date", "sitename", "url", "description", "categories", "tags")


def extract(
    html: str | bytes,
    url: str | None = None,
    *,
    max_size: int | None = DEFAULT_LIMITS.max_html_size,
) -> tuple[str, dict[str, Any]]:
    """Return the main text and the metadata of ``html``.

    Raises :class:`newsclean.decoding.DecodeError` for bytes that are not text,
    and :class:`newsclean.limits.LimitExceeded` for a page over ``max_size``
    (bytes, or characters of a ``str``; ``None``: no limit) or nested too deep.

    >>> extract("<html><body>" + "<div>" * 5000 + "<p>Deep.</p></body></html>")
    Traceback (most recent call last):
    ...
    newsclean.limits.LimitExceeded: limit.html_depth: the page nests elements deeper than 2,048 levels
    """
    if max_size is not None and len(html) > max_size:
        unit = "bytes" if isinstance(html, bytes) else "characters"
        raise size_error("limit.html_size", len(html), max_size, "max_html_size", unit)
    if isinstance(html, bytes):
        html = decode_bytes(html, html=True)
    meta: dict[str, Any] = {"format": "html"}
    if url:
        meta["url"] = url
    if not html.strip():
        return "", meta
    captions = _captions(html)
    tree = _parse(html)
    result = _extract(tree, url, fast=True)
    if result is not None and _looks_like_a_menu(result.text or ""):
        result = _extract(tree, url, fast=False)
    text = ""
    if result is not None:
        data = result.as_dict() if hasattr(result, "as_dict") else dict(result)
        text = data.get("text") or ""
        for key in _META_KEYS:
            value = data.get(key)
            if value:
                meta[key] = value
        if "date" in meta:
            meta["date_source"] = "html"
    if captions:
        meta["captions"] = captions
    paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
    return "\n\n".join(paragraphs), meta


def _parse(html: str) -> lxml.html.HtmlElement | None:
    """The page's tree as trafilatura parses it, or deeper when lxml stopped at 256 levels."""
    tree = load_html(html)
    if _too_deep(HTML_PARSER):
        try:
            data = html.encode("utf-8", "surrogatepass")
            tree = lxml.html.fromstring(data, parser=_DEEP_PARSER)
        except (ValueError, lxml.etree.ParserError):
            return None
        if _too_deep(_DEEP_PARSER):
            raise LimitExceeded(
                "limit.html_depth", "the page nests elements deeper than 2,048 levels"
            )
    if tree is not None:
        _drop_script_floods(tree)
    return tree


def _drop_script_floods(tree: lxml.html.HtmlElement) -> None:
    """Remove the scripts and styles (not JSON-LD) of a page that has very many of them."""
    scripts = [
        el
        for el in tree.iter("script", "style")
        if (el.get("type") or "").strip().lower() != "application/ld+json"
    ]
    if len(scripts) > _MANY_SCRIPTS:
        for el in scripts:
            el.drop_tree()  # its tail, page text, stays


def _too_deep(parser: lxml.html.HTMLParser) -> bool:
    """Whether the parser's last run stopped at its nesting limit (it does so silently)."""
    return any(
        e.type_name == "ERR_RESOURCE_LIMIT" and "depth" in e.message for e in parser.error_log
    )


def _extract(tree: lxml.html.HtmlElement | None, url: str | None, *, fast: bool) -> Any:
    if tree is None:  # not HTML trafilatura can read
        return None
    try:
        return trafilatura.bare_extraction(
            tree,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            fast=fast,
        )
    except (ValueError, lxml.etree.ParserError):  # not a tree trafilatura can read
        return None


def _captions(html: str) -> list[str]:
    """The text of the page's ``<figcaption>`` elements.

    Found in the markup and parsed one by one: parsing the page a second time
    (trafilatura parses it too) would cost more than the rest of the HTML path.

    >>> _captions('<figure><img><figcaption>Fighters in <b>Mosul</b>.</figcaption></figure>')
    ['Fighters in Mosul.']
    """
    captions = []
    for m in _FIGCAPTION.finditer(html):
        try:
            text = lxml.html.fragment_fromstring(m[1], create_parent="div").text_content()
        except (ValueError, lxml.etree.ParserError):
            continue
        if text := " ".join(text.split()):
            captions.append(text)
    return captions


def _looks_like_a_menu(text: str) -> bool:
    """Most of the text in many short lines: navigation, not an article.

    >>> _looks_like_a_menu("\\n".join(["Home", "News", "Sport", "Contact"] * 6))
    True
    >>> _looks_like_a_menu("\\n".join(["A long enough paragraph of article text."] * 30))
    False
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) < _MENU_PARAGRAPHS:
        return False
    short = sum(len(line) for line in lines if len(line) < _MENU_ITEM_CHARS)
    return short >= _MENU_SHARE * sum(map(len, lines))
