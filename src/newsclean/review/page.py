"""The review page: every document with its edits marked, a filter, and a chart.

The page is one HTML file with its CSS, script and SVG chart inline: it opens
from disk, without a server or network access.

>>> from newsclean import Document, default_chain
>>> items = review(default_chain(), [("a", Document("Isis fell ."))])
>>> page = render_report(items, title="Two edits")
>>> page.startswith("<!DOCTYPE html>"), "<del>Isis</del><ins>Islamic State</ins>" in page
(True, True)
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources

from .._version import __version__
from ..chain import Chain
from ..document import Document
from ..edits import Edit
from ..limits import LimitExceeded
from .marks import Piece, mark_edits

__all__ = ["Reviewed", "render_report", "review"]

#: Colours of the steps, in chain order (cycled); readable on white and dark text.
_PALETTE = (
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
)
_BAR_ROW = 22  # px per bar of the chart
_LABEL = 250  # px for the rule labels
_PLOT = 420  # px for the longest bar


@dataclass(frozen=True)
class Reviewed:
    """One cleaned document for the report: its original text and the chain's edits."""

    id: str
    original: str
    edits: tuple[Edit, ...] = ()
    dropped_by: str | None = None
    reason: str | None = None


def review(chain: Chain, docs: Iterable[tuple[str, Document]]) -> Iterator[Reviewed]:
    """Clean ``(id, document)`` pairs with ``chain``, keeping what the report needs.

    A document over one of the chain's limits is shown as dropped by ``limits``,
    with the reason, so one bad document does not end the report.
    """
    for doc_id, doc in docs:
        try:
            outcome = chain.run(doc)
        except LimitExceeded as exc:
            yield Reviewed(doc_id, doc.text, (), "limits", str(exc))
            continue
        edits = outcome.document.edits if outcome.document is not None else ()
        yield Reviewed(doc_id, doc.text, edits, outcome.dropped_by, outcome.reason)


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def render_report(
    items: Iterable[Reviewed],
    *,
    title: str = "newsclean review",
    limit: int | None = None,
    steps: Iterable[str] = (),
) -> str:
    """The HTML page for ``items``: the chart counts all of them, the page shows ``limit``.

    ``steps`` (a chain's names) orders the filters; other steps follow as found.
    """
    per_rule: Counter[tuple[str, str]] = Counter()
    order = dict.fromkeys(steps)
    sections: list[str] = []
    total = edits = dropped = 0
    for item in items:
        total += 1
        edits += len(item.edits)
        dropped += item.dropped_by is not None
        for edit in item.edits:
            order.setdefault(edit.step, None)
            per_rule[(edit.step, edit.rule)] += 1
        if limit is None or len(sections) < limit:
            sections.append(_section(item, len(sections)))
    seen = {step for step, _rule in per_rule}
    used = [step for step in order if step in seen]
    colours = {step: _PALETTE[i % len(_PALETTE)] for i, step in enumerate(used)}
    shown = len(sections)
    summary = f"{total} documents, {edits} edits, {dropped} dropped"
    if shown < total:
        summary += f"; the first {shown} are shown below, the chart counts all {total}"
    style = "\n".join(f".s-{_css_name(s)} {{ --step: {c}; }}" for s, c in colours.items())
    body = "\n".join(
        [
            f"<header><h1>{_e(title)}</h1><p class=summary>{_e(summary)}</p></header>",
            _chart(per_rule, colours),
            _filters(per_rule, used),
            "<main>",
            *sections,
            "</main>",
            f"<footer>newsclean {_e(__version__)}</footer>",
        ]
    )
    page = (
        "<!DOCTYPE html>\n<html lang=en>\n<head>\n<meta charset=utf-8>\n"
        '<meta name=viewport content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n<style>\n{_asset('report.css')}\n{style}\n</style>\n"
        f"</head>\n<body>\n{body}\n<script>\n{_asset('report.js')}\n</script>\n</body>\n</html>\n"
    )
    return page.encode("utf-8", "replace").decode("utf-8")  # lone surrogates become '?'


def _css_name(step: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in step)


def _chart(per_rule: Counter[tuple[str, str]], colours: dict[str, str]) -> str:
    """A horizontal bar chart of edits per rule, most frequent first, as inline SVG."""
    if not per_rule:
        return "<p class=nochart>No edits.</p>"
    rows = per_rule.most_common()
    top = rows[0][1]
    height = _BAR_ROW * len(rows) + 4
    width = _LABEL + _PLOT + 60
    out = [
        f'<svg id=chart class=chart role=img width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">',
        "<title>Edits per rule</title>",
    ]
    for i, ((step, rule), count) in enumerate(rows):
        y = 2 + i * _BAR_ROW
        w = max(1.0, _PLOT * count / top)
        out.append(
            f'<g class=row data-step="{_e(step)}" data-rule="{_e(rule)}">'
            f"<title>{_e(rule)}: {count} edits</title>"
            f'<text class=label x="{_LABEL - 6}" y="{y + 15}" text-anchor=end>{_e(rule)}</text>'
            f'<rect class=bar x="{_LABEL}" y="{y + 3}" width="{w:.1f}" height="{_BAR_ROW - 6}" '
            f'fill="{colours[step]}"/>'
            f'<text class=count x="{_LABEL + w + 5:.1f}" y="{y + 15}">{count}</text></g>'
        )
    out.append("</svg>")
    return f"<figure class=chartbox>{''.join(out)}<figcaption>Edits per rule across the run; click a bar to filter.</figcaption></figure>"


def _filters(per_rule: Counter[tuple[str, str]], steps: list[str]) -> str:
    out = ['<nav class=filters aria-label="Filter edits">']
    out.append('<button type=button class="filter active" data-filter="">All edits</button>')
    for step in steps:
        rules = sorted((r, n) for (s, r), n in per_rule.items() if s == step)
        count = sum(n for _r, n in rules)
        out.append(f'<span class="group s-{_css_name(step)}">')
        out.append(
            f'<button type=button class="filter step" data-filter="step:{_e(step)}">'
            f"{_e(step)} <small>{count}</small></button>"
        )
        out.extend(
            f'<button type=button class="filter rule" data-filter="rule:{_e(rule)}">'
            f"{_e(rule)} <small>{n}</small></button>"
            for rule, n in rules
        )
        out.append("</span>")
    out.append("</nav>")
    return "".join(out)


def _section(item: Reviewed, number: int) -> str:
    counts = Counter(e.step for e in item.edits)
    facts = ", ".join(f"{step} {n}" for step, n in counts.items()) or "no edits"
    head = f"<h2>{_e(item.id)}</h2><p class=facts>{len(item.edits)} edits: {_e(facts)}</p>"
    if item.dropped_by is not None:
        head += f"<p class=dropped>Dropped by {_e(item.dropped_by)}: {_e(item.reason or '')}</p>"
    edits = item.edits
    text = _marked(mark_edits(item.original, edits), edits)
    rules = " ".join(sorted({e.rule for e in edits}))
    step_names = " ".join(sorted({e.step for e in edits}))
    return (
        f'<section class=doc id="doc-{number}" data-rules="{_e(rules)}" '
        f'data-steps="{_e(step_names)}">{head}<div class=text>{text}</div></section>'
    )


def _marked(pieces: list[Piece], edits: tuple[Edit, ...]) -> str:
    """Pieces as HTML: one ``span.e`` per edit run, holding its ``del`` and ``ins``."""
    out: list[str] = []
    i = 0
    while i < len(pieces):
        piece = pieces[i]
        if piece.edit is None:
            out.append(_e(piece.text))
            i += 1
            continue
        edit = edits[piece.edit]
        parts = []
        tags = set()
        while i < len(pieces) and pieces[i].edit == piece.edit:
            tag = "del" if pieces[i].kind == "del" else "ins"
            tags.add(tag)
            parts.append(f"<{tag}>{_e(pieces[i].text)}</{tag}>")
            i += 1
        kind = "change" if len(tags) > 1 else ("removed" if "del" in tags else "inserted")
        tip = f"{edit.rule}: {edit.old!r} → {edit.new!r}"
        out.append(
            f'<span class="e {kind} s-{_css_name(edit.step)}" data-step="{_e(edit.step)}" '
            f'data-rule="{_e(edit.rule)}" title="{_e(tip[:300])}">{"".join(parts)}</span>'
        )
    return "".join(out)
