"""newsclean: clean scraped news articles into normalised text plus metadata.

>>> import newsclean
>>> newsclean.clean("Isis advanced .They will be join the mission on 29 November 2017.")
'Islamic State advanced. They will join the mission on 2017-11-29.'
>>> doc = newsclean.default_chain()(newsclean.Document("year ."))
>>> [(e.step, e.rule) for e in doc.edits]
[('spacing', 'spacing.before_punct')]
"""

from __future__ import annotations

from typing import Any

from ._version import __version__
from .chain import Chain, ChainStats, Outcome, default_chain
from .decoding import DecodeError
from .document import DateMention, Document, Entity
from .edits import Change, Edit, replay
from .limits import LimitExceeded, Limits
from .steps import ConfigError, Drop, Step, TextStep, step

__all__ = [
    "Chain",
    "ChainStats",
    "Change",
    "ConfigError",
    "DateMention",
    "DecodeError",
    "Document",
    "Drop",
    "Edit",
    "Entity",
    "LimitExceeded",
    "Limits",
    "Outcome",
    "Step",
    "TextStep",
    "__version__",
    "clean",
    "default_chain",
    "replay",
    "step",
]

_DEFAULT: Chain | None = None


def clean(text: str, **meta: Any) -> str:
    """Run the default chain on one text and return the cleaned text.

    ``meta`` (for example ``date="2017-11-29"``) is passed to the steps. A
    document the chain drops comes back as the empty string.
    """
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = default_chain()
    result = _DEFAULT(Document(text, meta))
    return "" if result is None else result.text
