"""Regular expressions shared by several modules, compiled once."""

from __future__ import annotations

import re

import regex

#: ``<meta charset="...">`` or ``content="text/html; charset=..."`` in raw HTML bytes.
DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)

#: Tokens that steps must never rewrite inside: URLs, e-mail addresses, domain names.
URL_LIKE = regex.compile(
    r"""(?:https?://|ftp://|www\.)\S+"""
    r"""|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"""
    r"""|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|edu|gov|mil|int|io|co|uk|de|fr|info|biz|news|me|tv|us|ca|au|eu)\b(?:/\S*)?""",
    regex.I,
)
