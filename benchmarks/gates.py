"""CPU time of ``spacing`` and ``typos`` on the texts the default chain hands them,
beside ftfy.fix_text, and how often their fast searches let a text through.

Usage::

    python benchmarks/gates.py PATH [PATH ...] [--repeat N]

PATH is as for ``benchmarks/repair.py`` (``.txt`` files, folders of them, or the
article-extraction benchmark's ``ground-truth.json``). Each document first runs
through the default chain up to the step, so each step sees what it sees in the
chain. Times are CPU time (``time.process_time``), the best of ``N`` passes.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

import ftfy
from common import cpu_best, step_inputs
from repair import read_corpus

from newsclean import Document, default_chain
from newsclean.steps import spacing, typos


def _gates(docs: Sequence[Document]) -> dict[str, int]:
    """How many texts each fast search lets through to the slower work behind it (those
    of typos: among the texts in a language it runs on)."""
    lists = typos._lists()
    counts = dict.fromkeys(
        ("whitespace rules", "quote paragraphs", "after_punct", "misspellings", "doubled words"), 0
    )
    for doc in docs:
        text = doc.text
        english = typos.TyposStep().for_language(doc.meta.get("language")) is not None
        counts["whitespace rules"] += bool(spacing._whitespace_starts(text))
        counts["quote paragraphs"] += any(
            gate.search(text) for gate in spacing._QUOTE_GATE.values()
        )
        counts["after_punct"] += any(p.search(text) for p in spacing._MARKS.values())
        ascii_text = b" " + text.encode("ascii", "replace").translate(typos._ASCII_WORDS) + b" "
        counts["misspellings"] += english and bool(typos._gate(ascii_text, lists)[0])
        counts["doubled words"] += english and bool(typos._ASCII_DOUBLES.search(ascii_text))
    return counts


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    texts = read_corpus(args.paths)
    size = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    inputs = step_inputs(texts, ("spacing", "typos"))
    chain = default_chain()
    print(f"{len(texts)} documents, {size:.2f} MB; CPU time, best of {args.repeat}")
    ftfy_time = cpu_best(lambda: [ftfy.fix_text(t) for t in texts], args.repeat)
    for name, docs in inputs.items():
        step = chain.only(name).steps[0]
        took = cpu_best(lambda step=step, docs=docs: [step(d) for d in docs], args.repeat)
        print(
            f"{name:8s} {took * 1000:7.1f} ms {size / took:7.1f} MB/s"
            f"  ({ftfy_time / took:.0f}x faster than ftfy.fix_text)"
        )
    print(f"{'ftfy':8s} {ftfy_time * 1000:7.1f} ms {size / ftfy_time:7.1f} MB/s")
    print("texts past each fast search (of", len(inputs["spacing"]), "):")
    for gate, count in _gates(inputs["spacing"]).items():
        print(f"  {gate:18s} {count}")


if __name__ == "__main__":
    main()
