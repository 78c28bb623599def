"""CPU time of each step of the default chain as ``Chain.map`` runs it, and its fixed cost.

Usage::

    python benchmarks/steps_in_chain.py PATH [PATH ...] [--repeat N] [--steps a,b]

Each PATH is a UTF-8 ``.txt`` file (one document), a folder of them (searched
recursively), or a ``ground-truth.json`` of the article-extraction benchmark (its
``articleBody`` fields). The documents go through the default chain in the batches of
``Chain.map`` (``newsclean.chain.batches``), each step over the whole batch before the
next, ``prepare``d for it, as ``Chain.run_many`` does: a step's figure then
includes the CPU caches the other steps took from it (a step timed alone on warm inputs
looks 20-30% cheaper). Two rows per step, best of ``N`` passes (CPU time of this
process): ``corpus``, the documents; ``fixed``, as many copies of one short news
sentence (what a step costs on every document whatever its text).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence

from repair import read_corpus

from newsclean import Document, Drop, default_chain
from newsclean.chain import batches

SENTENCE = "Britain will send 200 more troops to Iraq, the defence secretary said on Tuesday."


def step_times(texts: Sequence[str], repeat: int) -> dict[str, float]:
    """The least CPU seconds each step took over ``texts``, run in batches as ``Chain.map``."""
    steps = default_chain().steps
    best = {step.name: float("inf") for step in steps}
    for _ in range(repeat + 1):  # the first pass warms up (data files, compiled patterns)
        spent = dict.fromkeys(best, 0.0)
        for batch in batches(texts):
            docs = [Document(text) for text in batch]
            for step in steps:
                began = time.process_time()
                runner = step.prepare(docs)
                kept = []
                for doc in docs:
                    try:
                        out = runner(doc)
                    except Drop:
                        out = None
                    if out is not None:
                        kept.append(out)
                spent[step.name] += time.process_time() - began
                docs = kept
        best = {name: min(best[name], spent[name]) for name in best}
    return best


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--steps", default="", help="comma-separated step names (default: all)")
    args = parser.parse_args(argv)
    texts = read_corpus(args.paths)
    if not texts:
        print("no documents found", file=sys.stderr)
        return 2
    corpus = step_times(texts, args.repeat)
    fixed = step_times([SENTENCE] * len(texts), args.repeat)
    names = [n for n in args.steps.split(",") if n] or list(corpus)
    size = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(f"{len(texts)} documents, {size:.2f} MB; CPU ms, best of {args.repeat}")
    print(f"{'step':<12} {'corpus':>8} {'fixed':>8}")
    for name in names:
        print(f"{name:<12} {corpus[name] * 1000:8.1f} {fixed[name] * 1000:8.1f}")
    print(f"{'sum':<12} {sum(corpus.values()) * 1000:8.1f} {sum(fixed.values()) * 1000:8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
