"""CPU time of the ``unicode`` and ``language`` steps, next to ``ftfy.fix_text``.

Usage::

    python benchmarks/unicode_language.py PATH [PATH ...] [--repeat N]

Each PATH is as for ``benchmarks/repair.py``: a UTF-8 ``.txt`` file, a folder of them,
or a ``ground-truth.json`` of the article-extraction benchmark. Each step gets the
documents the default chain hands it (the steps before it applied), and is timed
with ``time.process_time`` (CPU time, so other work on the machine disturbs it less),
best of ``N`` passes after a warm-up. Also printed: how many lines the ``unicode``
step looks at alone, and how many of those still go to ftfy.
"""

from __future__ import annotations

import argparse

import ftfy
from common import cpu_best, step_inputs
from repair import MB, read_corpus

from newsclean import default_chain
from newsclean.steps import UnicodeStep
from newsclean.steps.unicode import _LINES, _NEEDS_FTFY


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    texts = read_corpus(args.paths)
    size = sum(len(t.encode("utf-8")) for t in texts)
    chain = default_chain()
    names = ["unicode", "language"]
    docs = step_inputs(texts, names)
    print(f"{len(texts)} documents, {size / MB:.2f} MB")
    for name in names:
        step = chain.steps[chain.names.index(name)]
        seconds = cpu_best(lambda step=step, name=name: [step(d) for d in docs[name]], args.repeat)
        print(f"{name:14s} {seconds * 1000:8.1f} ms CPU {size / seconds / MB:8.1f} MB/s")
    seconds = cpu_best(lambda: [ftfy.fix_text(t) for t in texts], max(1, args.repeat // 2))
    print(f"{'ftfy.fix_text':14s} {seconds * 1000:8.1f} ms CPU {size / seconds / MB:8.1f} MB/s")
    lines = [line for d in docs["unicode"] for line in _LINES.findall(d.text)]
    looked = [line for line in lines if _NEEDS_FTFY.search(line)]
    sent = [line for line in looked if not UnicodeStep()._only_replaced(line)]
    print(f"unicode: {len(lines)} lines, {len(looked)} looked at alone, {len(sent)} sent to ftfy")


if __name__ == "__main__":
    main()
