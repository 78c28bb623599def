"""Cost of the language step, and what English-only rules still do to other languages.

Usage::

    python benchmarks/language.py PATH [PATH ...] [--repeat N]

Each PATH is as for ``benchmarks/repair.py``: a UTF-8 ``.txt`` file, a folder of them,
or a ``ground-truth.json`` of the article-extraction benchmark (whose bodies include
German, Russian, Korean and Japanese articles). Printed:

- the languages detected, and the model's load time;
- MB/s of the ``language`` step alone, and of the default chain with and without it
  (best of ``N`` interleaved passes after a warm-up);
- on the documents detected as not English: the edits of English-only rules (typos,
  boilerplate phrases, dates with words, entity rewrites) with and without the step;
- lingua (``lingua-language-detector``), when installed, on the same samples: its
  speed and how often it agrees. It is not a dependency.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from collections.abc import Callable

from repair import MB, read_corpus

from newsclean import Document, default_chain
from newsclean.edits import Edit
from newsclean.steps import LanguageStep
from newsclean.steps.language import _identifier, _sample


def best_pass(run: Callable[[], object], repeat: int) -> float:
    """The best wall time of ``repeat`` passes of ``run``."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def english_only(edit: Edit) -> bool:
    """An edit made by a rule that reads English words."""
    if edit.step in ("typos", "boilerplate"):
        return edit.rule != "boilerplate.copyright_sign"
    if edit.step == "dates":
        return any(c.isalpha() for c in edit.old)
    return edit.step == "entities"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    texts = read_corpus(args.paths)
    size = sum(len(t.encode("utf-8")) for t in texts) / MB

    start = time.perf_counter()
    _identifier()
    print(f"py3langid model load: {time.perf_counter() - start:.2f} s")
    step = LanguageStep()
    docs = [step(Document(t)) for t in texts]
    found = Counter(d.meta["language"] for d in docs if d is not None)
    print(f"{len(texts)} documents, {size:.2f} MB; detected: {dict(found.most_common())}")

    with_step, without = default_chain(), default_chain().without("language")
    contenders = {
        "language step alone": lambda: [step(Document(t)) for t in texts],
        "default chain": lambda: [with_step(t) for t in texts],
        "chain without language": lambda: [without(t) for t in texts],
    }
    for run in contenders.values():  # warm-up
        run()
    for name, run in contenders.items():
        seconds = best_pass(run, args.repeat)
        print(f"{name:<24} {size / seconds:7.2f} MB/s  ({seconds:.2f} s)")

    others = [t for t, d in zip(texts, docs, strict=True) if d and d.meta["language"] != "en"]
    for name, chain in (("with", with_step), ("without", without)):
        counts: Counter[str] = Counter()
        for text in others:
            out = chain(text)
            counts.update(e.rule for e in (out.edits if out else ()) if english_only(e))
        total = sum(counts.values())
        print(f"English-only edits on {len(others)} non-English documents, {name} the step: ")
        print(f"  {total} {dict(counts.most_common())}")

    try:
        from lingua import LanguageDetectorBuilder
    except ImportError:
        print("lingua: not installed")
        return
    samples = [_sample(t, step.sample) for t in texts]
    start = time.perf_counter()
    detector = LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()
    detector.detect_language_of("warm up the models")
    print(f"lingua (low accuracy mode) load: {time.perf_counter() - start:.2f} s")
    sample_mb = sum(len(s.encode("utf-8")) for s in samples) / MB
    results: list[object] = []
    seconds = best_pass(
        lambda: results.__setitem__(slice(None), map(detector.detect_language_of, samples)),
        args.repeat,
    )
    agree = sum(
        (r.iso_code_639_1.name.lower() if r else "und") == d.meta["language"]
        for r, d in zip(results, docs, strict=True)
        if d is not None
    )
    seconds_langid = best_pass(lambda: [_identifier().classify(s) for s in samples], args.repeat)
    print(
        f"on the samples ({sample_mb:.2f} MB): py3langid {sample_mb / seconds_langid:.2f} MB/s,"
        f" lingua {sample_mb / seconds:.2f} MB/s; they agree on {agree}/{len(docs)}"
    )


if __name__ == "__main__":
    main()
