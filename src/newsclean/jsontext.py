"""JSON as newsclean writes it: readable UTF-8, unless the data cannot be written so.

Lone surrogates (from file names that are not UTF-8, or ``"\\ud800"`` escapes in
JSON input) cannot be encoded as UTF-8; such data is written with ``\\u`` escapes
instead, which any JSON reader decodes to the same strings: nothing is lost and
writing cannot fail.

>>> json_line({"text": "Islamic State fell", "place": "Mossoul é"})
'{"text": "Islamic State fell", "place": "Mossoul é"}'
>>> json_line({"name": "bad\\udc80name"})
'{"name": "bad\\\\udc80name"}'
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["dumps", "json_line"]


def dumps(obj: Any, *, indent: int | None = None) -> str:
    """``obj`` as JSON text: UTF-8 characters as they are, ``\\u`` escapes only when needed."""
    text = json.dumps(obj, ensure_ascii=False, indent=indent)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(obj, indent=indent)
    return text


def json_line(obj: Any) -> str:
    """``obj`` as one line of JSON (a JSON Lines record, without its newline)."""
    return dumps(obj)
