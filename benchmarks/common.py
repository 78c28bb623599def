"""What several benchmark scripts share: the documents the default chain hands each step,
and the best CPU time of repeated runs.

Imported as ``from common import ...`` by the scripts in this folder (run as
``python benchmarks/<script>.py``, which puts this folder on ``sys.path``).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence

from newsclean import Document, Drop, default_chain


def step_inputs(
    texts: Iterable[str], names: Sequence[str] | None = None
) -> dict[str, list[Document]]:
    """The documents the default chain hands each step in ``names`` (default: all),
    in the order of ``texts``; a document a step drops goes no further."""
    chain = default_chain()
    found: dict[str, list[Document]] = {name: [] for name in names or chain.names}
    for text in texts:
        doc: Document | None = Document(text)
        for step in chain.steps:
            if doc is None:
                break
            if step.name in found:
                found[step.name].append(doc)
            try:
                doc = step(doc)
            except Drop:
                doc = None
    return found


def cpu_best(run: Callable[[], object], repeat: int) -> float:
    """The least CPU seconds (``time.process_time``) of ``repeat`` runs of ``run``, after
    one warm-up run (data files, compiled patterns)."""
    run()
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
    return best
