"""Documents per second of the ``dates`` step next to dateparser and datefinder.

Usage::

    python benchmarks/dates.py [FOLDER] [--corpus GROUND_TRUTH_JSON] [--repeat N]

FOLDER is a folder of UTF-8 ``*.txt`` articles (default: the repository's ``seeds/``).
``--corpus`` adds the article bodies of a ground-truth JSON file (a dict of
id -> {"articleBody": ...}, as in the article-extraction benchmark). Every contender
runs on the same articles in the same run, one article at a time; rounds are
interleaved and the best pass is kept. Peers that are not installed are skipped
(``pip install -e '.[bench]'`` installs them).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import importlib.metadata
import json
import platform
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

from newsclean import Document
from newsclean.steps import DatesStep

REPO = Path(__file__).resolve().parent.parent
BASE = dt.datetime(2017, 11, 29)  # the publication date every contender resolves against


def load(folder: Path, corpus: Path | None) -> list[str]:
    """The articles: every ``*.txt`` in ``folder``, then the corpus bodies."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    if corpus is not None:
        data = json.loads(corpus.read_text(encoding="utf-8"))
        texts += [v["articleBody"] for v in data.values() if v.get("articleBody")]
    return texts


def contenders() -> dict[str, Callable[[str], int]]:
    """Each contender: a function from an article to the number of dates it found."""
    step = DatesStep()
    meta = {"date": BASE.date().isoformat()}
    found: dict[str, Callable[[str], int]] = {
        "newsclean dates step": lambda text: len(step(Document(text, meta)).dates)
    }
    try:
        from dateparser.search import search_dates
    except ImportError:
        print("dateparser is not installed: skipped", file=sys.stderr)
    else:
        settings = {"RELATIVE_BASE": BASE}

        def dateparser_count(text: str) -> int:
            return len(search_dates(text, languages=["en"], settings=settings) or ())

        found["dateparser search_dates"] = dateparser_count
    try:
        import datefinder
    except ImportError:
        print("datefinder is not installed: skipped", file=sys.stderr)
    else:
        found["datefinder find_dates"] = lambda text: sum(
            1 for _ in datefinder.find_dates(text, base_date=BASE)
        )
    return found


def one_pass(func: Callable[[str], int], texts: list[str]) -> tuple[float, int]:
    """Seconds for one pass over ``texts``, and the dates found (errors count as none)."""
    gc.collect()
    count = 0
    start = time.perf_counter()
    for text in texts:
        with contextlib.suppress(Exception):  # a peer that fails on an article finds nothing
            count += func(text)
    return time.perf_counter() - start, count


def version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "-"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=REPO / "seeds")
    parser.add_argument("--corpus", type=Path, help="a ground-truth JSON of article bodies")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes (default 3)")
    args = parser.parse_args(argv)
    if not args.folder.is_dir() or (args.corpus and not args.corpus.is_file()):
        print(f"no such folder or corpus: {args.folder} {args.corpus or ''}", file=sys.stderr)
        return 2
    texts = load(args.folder, args.corpus)
    if not texts:
        print(f"no articles in {args.folder}", file=sys.stderr)
        return 2
    warnings.simplefilter("ignore")  # dateparser's deprecation warnings, once per call
    runs = contenders()
    for func in runs.values():  # warm-up: data files, compiled patterns
        one_pass(func, texts[:3])
    times: dict[str, list[float]] = {name: [] for name in runs}
    counts: dict[str, int] = {}
    for _ in range(max(1, args.repeat)):
        for name, func in runs.items():
            seconds, counts[name] = one_pass(func, texts)
            times[name].append(seconds)
    size = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(
        f"{len(texts)} articles, {size:.2f} MB; best of {args.repeat}; "
        f"Python {platform.python_version()}, newsclean {version('newsclean')}, "
        f"dateparser {version('dateparser')}, datefinder {version('datefinder')}"
    )
    ours = min(times["newsclean dates step"])
    print("| contender | docs/s | dates found | time vs `dates` |")
    print("| --- | ---: | ---: | ---: |")
    for name in runs:
        best = max(min(times[name]), 1e-9)
        print(f"| {name} | {len(texts) / best:.1f} | {counts[name]} | {best / ours:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
