"""Extraction quality of newsclean's HTML path beside trafilatura alone, in one run.

Usage::

    python benchmarks/extraction.py [CORPUS_DIR] [--repeat N] [--worst K] [--json OUT]

CORPUS_DIR is the public article-extraction benchmark (181 news pages with their true
article text), by default ``../shared/corpus/article-extraction-benchmark`` next to the
repository; it is read, never copied. The metric is the benchmark's published one
(its README): texts are split into ``\\w+`` tokens, tokens into overlapping 4-token
shingles; per page, precision = shared / predicted shingles and recall = shared / true
shingles (counts, so repeats count); the means over the pages give precision and
recall, and F1 is their harmonic mean.

Contenders:

- ``trafilatura``: ``trafilatura.extract(html, include_comments=False)``, as the
  benchmark's own runner calls it;
- ``newsclean``: ``Document.from_html`` then the default chain without ``typos``,
  ``entities`` and ``dates`` (the steps that do not decide what is article text).

Times are the best of ``--repeat`` interleaved passes over all pages, after one
untimed warm-up pass each.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path

import trafilatura

import newsclean
from newsclean import Document, default_chain

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "article-extraction-benchmark"
_TOKEN = re.compile(r"\w+")

Shingles = Counter[tuple[str, ...]]


def shingles(text: str, n: int = 4) -> Shingles:
    """The text's ``n``-token shingles with their counts (a text shorter than n is one)."""
    tokens = _TOKEN.findall(text)
    return Counter(
        tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n]
    )


def page_scores(true: Shingles, pred: Shingles) -> tuple[float | None, float | None]:
    """Precision and recall of one page (None where the page does not count)."""
    tp = sum((true & pred).values())
    fp = sum((pred - true).values())
    fn = sum((true - pred).values())
    if fp == fn == 0:
        return (1.0 if tp else None), (1.0 if tp else None)
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    return precision, recall


def score(truth: Mapping[str, Shingles], outputs: Mapping[str, str]) -> dict[str, float]:
    """Mean precision and recall over the pages, and their harmonic mean."""
    precisions, recalls = [], []
    for key, true in truth.items():
        p, r = page_scores(true, shingles(outputs.get(key) or ""))
        if p is not None:
            precisions.append(p)
        if r is not None:
            recalls.append(r)
    precision = sum(precisions) / len(precisions)
    recall = sum(recalls) / len(recalls)
    return {
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / (precision + recall),
    }


def load(corpus: Path) -> tuple[dict[str, str], dict[str, str]]:
    """The pages' HTML and their true article text, by page id."""
    truth = json.loads((corpus / "ground-truth.json").read_text(encoding="utf-8"))
    pages = {}
    for key in truth:
        with gzip.open(corpus / "html" / f"{key}.html.gz", "rt", encoding="utf-8") as f:
            pages[key] = f.read()
    return pages, {key: entry.get("articleBody") or "" for key, entry in truth.items()}


def contenders() -> dict[str, Callable[[str], str]]:
    chain = default_chain().without("typos", "entities", "dates")

    def ours(html: str) -> str:
        doc = chain(Document.from_html(html))
        return doc.text if doc is not None else ""

    def theirs(html: str) -> str:
        return trafilatura.extract(html, include_comments=False) or ""

    return {"trafilatura": theirs, "newsclean": ours}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=3, help="timed passes (best is kept)")
    parser.add_argument(
        "--worst", type=int, default=0, help="list the K pages newsclean loses most"
    )
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args(argv)
    if not (args.corpus / "ground-truth.json").is_file():
        print(
            f"error: {args.corpus}: no ground-truth.json (see benchmarks/README.md)",
            file=sys.stderr,
        )
        return 2
    pages, bodies = load(args.corpus)
    truth = {key: shingles(body) for key, body in bodies.items()}
    runs = contenders()
    outputs: dict[str, dict[str, str]] = {}
    times: dict[str, list[float]] = {name: [] for name in runs}
    for name, func in runs.items():  # warm-up: data files, compiled patterns
        outputs[name] = {key: func(html) for key, html in pages.items()}
    for _ in range(args.repeat):
        for name, func in runs.items():
            start = time.perf_counter()
            for html in pages.values():
                func(html)
            times[name].append(time.perf_counter() - start)

    results = {name: {**score(truth, outputs[name]), "seconds": min(times[name])} for name in runs}
    base = results["trafilatura"]
    print(
        f"{len(pages)} pages, newsclean {newsclean.__version__},"
        f" trafilatura {trafilatura.__version__}, best of {args.repeat}"
    )
    print(f"{'':12} {'precision':>9} {'recall':>7} {'F1':>7} {'seconds':>8} {'time':>6}")
    for name, r in results.items():
        ratio = r["seconds"] / base["seconds"]
        print(
            f"{name:12} {r['precision']:9.4f} {r['recall']:7.4f} {r['f1']:7.4f}"
            f" {r['seconds']:8.2f} {ratio:5.2f}x"
        )
    ours = results["newsclean"]
    print(
        f"newsclean - trafilatura: F1 {ours['f1'] - base['f1']:+.4f},"
        f" recall {ours['recall'] - base['recall']:+.4f},"
        f" precision {ours['precision'] - base['precision']:+.4f}"
    )
    if args.worst:
        losses = []
        for key, true in truth.items():
            p0, r0 = page_scores(true, shingles(outputs["trafilatura"][key]))
            p1, r1 = page_scores(true, shingles(outputs["newsclean"][key]))
            losses.append(((r1 or 0) - (r0 or 0) + (p1 or 0) - (p0 or 0), key))
        for loss, key in sorted(losses)[: args.worst]:
            print(f"  {loss:+.3f} {key}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
