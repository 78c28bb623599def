"""Throughput of the line and paragraph steps (boilerplate, duplicates, paragraphs,
structure) beside ftfy.fix_text, and how many documents pass their cheap gates.

Usage::

    python benchmarks/layout_steps.py PATH [PATH ...] [--repeat N]

Each PATH is a UTF-8 ``.txt`` file (one document), a folder of them (searched
recursively), or a ``ground-truth.json`` of the article-extraction benchmark (its
``articleBody`` fields). Each step gets the documents as the default chain hands them
to it (the steps before it run first, untimed). Every contender runs over every
document, one at a time: one untimed warm-up pass, then ``N`` interleaved timed passes
(CPU time of this process); the best is kept. ftfy (a dependency) is the yardstick:
the default chain has about ftfy's time / 30 per step.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable

import ftfy
from common import step_inputs
from repair import MB, read_corpus

from newsclean import default_chain
from newsclean.steps.duplicates import _GAP

STEPS = ("boilerplate", "duplicates", "paragraphs", "structure")


def best_of(runs: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """The best CPU time of each run, over ``repeat`` interleaved rounds (after a warm-up)."""
    for run in runs.values():
        run()
    best = dict.fromkeys(runs, float("inf"))
    for _ in range(repeat):
        for name, run in runs.items():
            start = time.process_time()
            run()
            best[name] = min(best[name], time.process_time() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    texts = read_corpus(args.paths)
    if not texts:
        print("no documents", file=sys.stderr)
        return 2
    size = sum(len(t.encode()) for t in texts)
    inputs = step_inputs(texts, STEPS)
    chain = default_chain()
    steps = {s.name: s for s in chain.steps}

    def pass_of(name: str) -> Callable[[], object]:
        step, docs = steps[name], inputs[name]
        return lambda: [step(d) for d in docs]

    runs = {name: pass_of(name) for name in STEPS}
    runs["ftfy.fix_text"] = lambda: [ftfy.fix_text(t) for t in texts]
    best = best_of(runs, args.repeat)
    print(f"{len(texts)} documents, {size / MB:.2f} MB; best of {args.repeat} (CPU time)")
    ftfy_time = best["ftfy.fix_text"]
    for name, seconds in best.items():
        print(
            f"  {name:14s} {seconds * 1000:8.1f} ms  {size / seconds / MB:7.1f} MB/s"
            f"  {seconds / ftfy_time * 100:5.1f}% of ftfy"
        )
    # how much the gates let through (the rest of the documents cost one cheap look)
    rules = steps["boilerplate"].active_rules
    lines = sum(len(d.text.splitlines()) for d in inputs["boilerplate"])
    tried = sum(len(rules.candidates(d.text)) for d in inputs["boilerplate"])
    matched = sum(bool(rules.matching(d.text)) for d in inputs["boilerplate"])
    print(
        f"  boilerplate: {tried} of {lines} lines tried against a rule; {matched} documents matched"
    )
    dup = steps["duplicates"]
    alike = sum(bool(dup._keys(_GAP.split(d.text))) for d in inputs["duplicates"])
    print(f"  duplicates: {alike} of {len(texts)} documents had paragraphs to compare word by word")
    return 0


if __name__ == "__main__":
    sys.exit(main())
