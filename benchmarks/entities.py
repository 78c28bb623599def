"""Throughput of the ``entities`` step beside flashtext and pyahocorasick, in one run.

Usage::

    python benchmarks/entities.py [CORPUS ...] [--repeat N] [--aliases N]

CORPUS: folders of ``*.txt`` files or JSON files with article bodies (the
article-extraction benchmark's ``ground-truth.json``); default:
``../shared/corpus/article-extraction-benchmark/ground-truth.json`` next to the
repository. Two gazetteers are measured: the shipped one, and a synthetic one of
``--aliases`` (default 10,000) names built from the corpus's own words. Peers that
are not installed (``pip install -e '.[bench]'``) are skipped.

Rows (each applied to every document, one document at a time, best of N passes):

- ``newsclean entities``: the step on a ``Document`` (guards, forms, edits, annotations);
- ``newsclean matching only``: the gazetteer's one-pass pattern plus guards (``mentions``);
- ``flashtext replace_keywords``: flashtext with the same names (case-sensitive);
- ``pyahocorasick iter_long``: an automaton of the same names, longest matches kept
  on word boundaries and replaced (the usual hand-written loop).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from newsclean import Document
from newsclean.steps import EntitiesStep

REPO = Path(__file__).resolve().parent.parent
DEFAULT = REPO.parent / "shared" / "corpus" / "article-extraction-benchmark" / "ground-truth.json"
MB = 1_000_000


def load(paths: Sequence[Path]) -> list[str]:
    """Article texts from folders of ``*.txt`` files and JSON files of article bodies."""
    texts: list[str] = []
    for path in paths:
        if path.is_dir():
            texts += [p.read_text(encoding="utf-8") for p in sorted(path.rglob("*.txt"))]
        elif path.suffix == ".json":
            data = json.loads(path.read_text(encoding="utf-8"))
            texts += [v.get("articleBody", "") for v in data.values() if isinstance(v, dict)]
        else:
            texts.append(path.read_text(encoding="utf-8"))
    return [t for t in texts if t]


def synthetic_names(texts: Sequence[str], count: int) -> list[str]:
    """``count`` capitalised one- to three-word names made of the corpus's words."""
    rng = random.Random(5)
    words = sorted({w for t in texts for w in re.findall(r"[^\W\d_]{4,}", t)})
    names: set[str] = set()
    while len(names) < count:
        names.add(" ".join(rng.choice(words).capitalize() for _ in range(rng.choice((1, 2, 2, 3)))))
    return sorted(names)


def peers(names: Sequence[str]) -> dict[str, Callable[[str], object]]:
    """The installed peers, each set up with ``names`` (mapped to themselves)."""
    found: dict[str, Callable[[str], object]] = {}
    try:
        from flashtext import KeywordProcessor
    except ImportError:
        print("flashtext not installed: skipped", file=sys.stderr)
    else:
        kp = KeywordProcessor(case_sensitive=True)
        for name in names:
            kp.add_keyword(name, name)
        found["flashtext replace_keywords"] = kp.replace_keywords
    try:
        import ahocorasick
    except ImportError:
        print("pyahocorasick not installed: skipped", file=sys.stderr)
    else:
        automaton = ahocorasick.Automaton()
        for name in names:
            automaton.add_word(name, name)
        automaton.make_automaton()

        def aho(text: str) -> str:
            parts, pos = [], 0
            for end, name in automaton.iter_long(text):
                start = end - len(name) + 1
                if (start and text[start - 1].isalnum()) or text[end + 1 : end + 2].isalnum():
                    continue
                parts += [text[pos:start], name]
                pos = end + 1
            parts.append(text[pos:])
            return "".join(parts)

        found["pyahocorasick iter_long"] = aho
    return found


def best_time(func: Callable[[str], object], texts: Sequence[str], repeat: int) -> float:
    for text in texts[:20]:  # warm-up
        func(text)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for text in texts:
            func(text)
        best = min(best, time.perf_counter() - start)
    return best


def section(title: str, step: EntitiesStep, texts: Sequence[str], repeat: int) -> None:
    """Time the step and the peers (given the same spellings) and print a table."""
    nbytes = sum(len(t.encode("utf-8")) for t in texts)
    gazetteer = step.gazetteer
    spellings = gazetteer.spellings()
    rows: dict[str, Callable[[str], object]] = {
        "newsclean entities": lambda t: step(Document(t)),
        "newsclean matching only": lambda t: list(gazetteer.mentions(t)),
        **peers(spellings),
    }
    times = {name: best_time(func, texts, repeat) for name, func in rows.items()}
    fastest_peer = min((v for k, v in times.items() if not k.startswith("newsclean")), default=None)
    names = len({n for e in gazetteer.entries for n in (e.name, *e.aliases, *e.exact)})
    print(
        f"\n{title}: {names} names ({len(spellings)} spellings), {len(texts)} docs, {nbytes / MB:.2f} MB"
    )
    print(f"| {'row':<28} | {'MB/s':>6} | {'time/fastest peer':>17} |")
    print(f"| {'-' * 28} | {'-' * 5}: | {'-' * 16}: |")
    for name, seconds in times.items():
        ratio = f"{seconds / fastest_peer:.2f}" if fastest_peer else "-"
        print(f"| {name:<28} | {nbytes / MB / seconds:6.2f} | {ratio:>17} |")


def main(argv: Sequence[str] | None = None) -> int:
    """Measure the shipped gazetteer and one grown by ``--aliases`` synthetic names."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", nargs="*", type=Path, default=[DEFAULT])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--aliases", type=int, default=10_000)
    args = parser.parse_args(argv)
    missing = [p for p in args.corpus if not p.exists()]
    if missing:
        print(f"no such corpus: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    texts = load(args.corpus)
    section("Shipped gazetteer", EntitiesStep(), texts, args.repeat)
    names = synthetic_names(texts, args.aliases)
    entries = [
        {"id": f"x{i}", "name": n, "type": "place", "exact": [n]} for i, n in enumerate(names)
    ]
    section(
        f"Shipped + {len(names)} synthetic names",
        EntitiesStep(extra_entities=tuple(entries)),
        texts,
        args.repeat,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
