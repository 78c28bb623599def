"""The ``dates`` step, table-driven: every form it reads, every trap it leaves alone,
relative dates against a fixed publication date, and its invariants."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from newsclean import ConfigError, Document, replay
from newsclean.steps import DatesStep

PUBLISHED = {"date": "2017-11-29"}  # a Wednesday


def run(text: str, meta=None, step: DatesStep | None = None) -> Document:
    """Run the step; check its edits replay and its mentions index the text."""
    step = step or DatesStep()
    out = step(Document(text, meta or {}))
    assert replay(text, out.edits) == out.text
    assert all(e.step == "dates" and e.rule in step.rules for e in out.edits)
    for d in out.dates:
        assert out.text[d.start : d.end] == d.text
    return out


def found(out: Document) -> list[tuple]:
    return [(d.original, d.value, d.granularity) for d in out.dates]


# -- absolute dates -------------------------------------------------------------------

ABSOLUTE = [
    pytest.param(
        "On 29 November 2017 the Prime Minister",
        "On 2017-11-29 the Prime Minister",
        ("29 November 2017", "2017-11-29", "day"),
        id="dmy",
    ),
    pytest.param(
        "Talks began November 29, 2017 in Baghdad.",
        "Talks began 2017-11-29 in Baghdad.",
        ("November 29, 2017", "2017-11-29", "day"),
        id="mdy",
    ),
    pytest.param(
        "Talks began Nov. 29, 2017 in Baghdad.",
        "Talks began 2017-11-29 in Baghdad.",
        ("Nov. 29, 2017", "2017-11-29", "day"),
        id="mdy-abbr",
    ),
    pytest.param(
        "It fell on the 29th of November 2017.",
        "It fell on the 2017-11-29.",
        ("29th of November 2017", "2017-11-29", "day"),
        id="ordinal-of",
    ),
    pytest.param(
        "Published Wednesday, 29 November 2017.",
        "Published 2017-11-29.",
        ("Wednesday, 29 November 2017", "2017-11-29", "day"),
        id="weekday",
    ),
    pytest.param(
        "Published Wednesday, November 29, 2017.",
        "Published 2017-11-29.",
        ("Wednesday, November 29, 2017", "2017-11-29", "day"),
        id="weekday-mdy",
    ),
    pytest.param(
        "Filed 2017-11-29 in London.",
        "Filed 2017-11-29 in London.",
        ("2017-11-29", "2017-11-29", "day"),
        id="iso",
    ),
    pytest.param(
        "Filed 2017/11/29 in London.",
        "Filed 2017-11-29 in London.",
        ("2017/11/29", "2017-11-29", "day"),
        id="ymd-slash",
    ),
    pytest.param(
        "Filed 29/11/2017 in London.",
        "Filed 2017-11-29 in London.",
        ("29/11/2017", "2017-11-29", "day"),
        id="numeric-dmy",
    ),
    pytest.param(
        "Filed 3/4/2017 in London.",
        "Filed 2017-04-03 in London.",
        ("3/4/2017", "2017-04-03", "day"),
        id="numeric-day-first",
    ),
    pytest.param(
        "Elections are due in May 2024.",
        "Elections are due in May 2024.",
        ("May 2024", "2024-05", "month"),
        id="month-year",
    ),
    pytest.param(
        "Prices rose in Nov. 2017 again.",
        "Prices rose in Nov. 2017 again.",
        ("Nov. 2017", "2017-11", "month"),
        id="month-year-abbr",
    ),
    pytest.param(
        "The summit ran 29-30 November 2017.",
        "The summit ran 2017-11-29/2017-11-30.",
        ("29-30 November 2017", "2017-11-29/2017-11-30", "day"),
        id="range-dash",
    ),
    pytest.param(
        "It met between 29 and 30 November 2017.",
        "It met between 2017-11-29 and 2017-11-30.",
        ("29 and 30 November 2017", "2017-11-29/2017-11-30", "day"),
        id="range-between",
    ),
    pytest.param(
        "It ran from 29 November to 3 December 2017.",
        "It ran from 2017-11-29 to 2017-12-03.",
        ("29 November to 3 December 2017", "2017-11-29/2017-12-03", "day"),
        id="range-months",
    ),
    pytest.param(
        "It ran November 29-30, 2017 in Rome.",
        "It ran 2017-11-29/2017-11-30 in Rome.",
        ("November 29-30, 2017", "2017-11-29/2017-11-30", "day"),
        id="range-mdy",
    ),
    pytest.param(
        "UK forces pulled out in 2011, officials said.",
        "UK forces pulled out in 2011, officials said.",
        ("2011", "2011", "year"),
        id="year-in",
    ),
    pytest.param(
        "It has not happened since 2003.",
        "It has not happened since 2003.",
        ("2003", "2003", "year"),
        id="year-since",
    ),
    pytest.param(
        "UK forces left after the 2003 invasion.",
        "UK forces left after the 2003 invasion.",
        ("2003", "2003", "year"),
        id="year-the-event",
    ),
    pytest.param(
        "It was the summer of 2014 in Mosul.",
        "It was the summer of 2014 in Mosul.",
        ("2014", "2014", "year"),
        id="year-summer-of",
    ),
    pytest.param(
        "RESULTS OF 29 MAY 2017 VOTE",
        "RESULTS OF 2017-05-29 VOTE",
        ("29 MAY 2017", "2017-05-29", "day"),
        id="all-caps-headline",
    ),
]


@pytest.mark.parametrize(("text", "expected", "mention"), ABSOLUTE)
def test_absolute_dates(text, expected, mention):
    out = run(text)
    assert out.text == expected
    assert found(out) == [mention]
    assert all(d.kind == "absolute" and d.anchor is None for d in out.dates)


def test_numeric_order_mdy():
    out = run("Filed 3/4/2017.", step=DatesStep(numeric_order="mdy"))
    assert out.text == "Filed 2017-03-04."
    with pytest.raises(ConfigError, match="numeric_order"):
        DatesStep(numeric_order="ydm")


def test_other_format_and_annotate_only():
    text = "On 29 November 2017 and 29-30 November 2017."
    assert run(text, step=DatesStep(format="%d %B %Y")).text == (
        "On 29 November 2017 and 29 November 2017/30 November 2017."
    )
    out = run(text, step=DatesStep(rewrite=False))
    assert out.text == text
    assert [d.value for d in out.dates] == ["2017-11-29", "2017-11-29/2017-11-30"]


# -- traps: must not change, must not be annotated ---------------------------------------

NOT_DATES = [
    pytest.param("Officials may visit Baghdad later, the ministry said.", id="modal-may"),
    pytest.param("May officials visit Baghdad? Nobody knows.", id="modal-may-first"),
    pytest.param("Thousands will march on the capital, organisers said.", id="march-verb"),
    pytest.param("They March on the capital every year.", id="march-capital-verb"),
    pytest.param("A 24-hour ceasefire was agreed on the border.", id="24-hour"),
    pytest.param("Iraq won 3-1 against Jordan in the final.", id="score"),
    pytest.param("Turnout rose to 20.17% in the north.", id="percentage"),
    pytest.param("The contract was worth £2017 and $2,017 each.", id="money"),
    pytest.param("Call the desk on 020 7946 2017 or +44 20 7946 0958.", id="phone"),
    pytest.param("Update to version 2.1.2017 or v2017.11 now.", id="version"),
    pytest.param("The meeting began at 10:30 and ended at 12.45pm.", id="time"),
    pytest.param("The White House is at 1600 Pennsylvania Avenue in Washington.", id="address"),
    pytest.param("He lives in 1600 Pennsylvania Avenue now.", id="address-after-cue"),
    pytest.param("The flood reached in 2000 homes along the river.", id="count-after-cue"),
    pytest.param("Officials said the 2000 soldiers would stay.", id="count-after-the"),
    pytest.param("Around 2017 people signed the petition.", id="bare-count"),
    pytest.param("Talks resume on 29 MAY 2017, officials said.", id="caps-month-in-lower-line"),
    pytest.param("The talks on 29 November were cancelled.", id="no-year"),
    pytest.param("Prices rose in November, officials said.", id="month-alone"),
    pytest.param("It was agreed on 31 February 2017 by nobody.", id="impossible"),
    pytest.param("The ceasefire was agreed on 129 November 2017.", id="long-day"),
    pytest.param("An announcement is expected in the coming days.", id="coming-days"),
    pytest.param(
        "It came eight years after the invasion that overthrew Saddam Hussein.", id="years-after"
    ),
    pytest.param("It happened years ago and a few days ago, over the last year.", id="vague"),
    pytest.param("The army fell back in the summer, and earlier in the year.", id="seasons"),
    pytest.param("Bloody Sunday and Good Friday were remembered.", id="named-days"),
    pytest.param("The Sunday Times and the Mail on Sunday reported it.", id="newspapers"),
    pytest.param(
        "Details are at https://example.com/2017/11/29/story and www.gov.uk.", id="url-ish"
    ),
    pytest.param("Mr. Smith, Dr. Jones and J.R.R. Tolkien's heirs were named.", id="initials"),
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_traps_are_not_dates(text):
    out = run(text, PUBLISHED)
    assert out.text == text
    assert out.dates == ()


# -- relative dates against a fixed publication date ----------------------------------------

RELATIVE = [
    pytest.param(
        "The Prime Minister visited Taji earlier today.",
        "earlier today",
        "2017-11-29",
        "day",
        id="earlier-today",
    ),
    pytest.param("Today the talks resume.", "Today", "2017-11-29", "day", id="today"),
    pytest.param(
        "The minister spoke yesterday in Baghdad.", "yesterday", "2017-11-28", "day", id="yesterday"
    ),
    pytest.param(
        "The minister speaks tomorrow in Baghdad.", "tomorrow", "2017-11-30", "day", id="tomorrow"
    ),
    pytest.param("He revealed a plot last week.", "last week", "2017-W47", "week", id="last-week"),
    pytest.param(
        "Talks resume this week in Geneva.", "this week", "2017-W48", "week", id="this-week"
    ),
    pytest.param(
        "Talks resume next week in Geneva.", "next week", "2017-W49", "week", id="next-week"
    ),
    pytest.param(
        "Prices fell last month, the ONS said.", "last month", "2017-10", "month", id="last-month"
    ),
    pytest.param(
        "Prices fell this month, the ONS said.", "this month", "2017-11", "month", id="this-month"
    ),
    pytest.param("An election is due next year.", "next year", "2018", "year", id="next-year"),
    pytest.param("The budget fell last year.", "last year", "2016", "year", id="last-year"),
    pytest.param("The town fell two days ago.", "two days ago", "2017-11-27", "day", id="days-ago"),
    pytest.param("The town fell 10 days ago.", "10 days ago", "2017-11-19", "day", id="digits-ago"),
    pytest.param(
        "The town fell three weeks ago.", "three weeks ago", "2017-W45", "week", id="weeks-ago"
    ),
    pytest.param(
        "The ministers will meet on Tuesday in Paris.",
        "Tuesday",
        "2017-12-05",
        "day",
        id="future-tuesday",
    ),
    pytest.param(
        "The ministers met on Tuesday in Paris.", "Tuesday", "2017-11-28", "day", id="past-tuesday"
    ),
    pytest.param(
        "On Friday, the ministers agreed a deal.", "Friday", "2017-11-24", "day", id="past-after"
    ),
    pytest.param(
        "The vote is due to take place on Friday.", "Friday", "2017-12-01", "day", id="due-to"
    ),
    pytest.param(
        "The ministers met on Wednesday in Paris.", "Wednesday", "2017-11-29", "day", id="same-day"
    ),
    pytest.param(
        "He spoke to reporters last Wednesday.",
        "last Wednesday",
        "2017-11-22",
        "day",
        id="last-weekday",
    ),
    pytest.param(
        "A decision comes next Wednesday.", "next Wednesday", "2017-12-06", "day", id="next-weekday"
    ),
]


@pytest.mark.parametrize(("text", "mention", "value", "granularity"), RELATIVE)
def test_relative_dates(text, mention, value, granularity):
    out = run(text, PUBLISHED)
    assert out.text == text  # never rewritten
    assert [(d.text, d.value, d.granularity, d.kind, d.anchor) for d in out.dates] == [
        (mention, value, granularity, "relative", "2017-11-29")
    ]


def test_relative_dates_without_a_publication_date_are_unresolved():
    out = run("He spoke yesterday and will return on Tuesday.")
    assert [(d.text, d.value, d.kind, d.anchor) for d in out.dates] == [
        ("yesterday", None, "relative", None),
        ("Tuesday", None, "relative", None),
    ]


def test_weekday_without_tense_is_unresolved():
    out = run("Tuesday: talks in Paris", PUBLISHED)
    assert [(d.text, d.value) for d in out.dates] == [("Tuesday", None)]


# -- the publication date --------------------------------------------------------------------

PUBLICATION = [
    pytest.param(
        {"date": "2017-11-29"},
        {"date": "2017-11-29", "date_source": "meta"},
        "2017-11-28",
        id="meta-iso",
    ),
    pytest.param(
        {"date": "29 November 2017"},
        {"date": "2017-11-29", "date_source": "meta"},
        "2017-11-28",
        id="meta-text",
    ),
    pytest.param(
        {"date": "Wed, 29 Nov 2017 10:00:00 GMT"},
        {"date": "2017-11-29T10:00:00+00:00", "date_source": "meta"},
        "2017-11-28",
        id="meta-rfc2822",
    ),
    pytest.param(
        {"date": "2017-11-29T10:00:00Z"},
        {"date": "2017-11-29T10:00:00Z", "date_source": "meta"},
        "2017-11-28",
        id="meta-datetime",
    ),
    pytest.param(
        {"date": dt.date(2017, 11, 29)},
        {"date": "2017-11-29", "date_source": "meta"},
        "2017-11-28",
        id="meta-date-object",
    ),
    pytest.param({"date": "soon"}, {"date": "soon", "date_source": "meta"}, None, id="meta-junk"),
    pytest.param({"date": 42}, {"date": 42, "date_source": "meta"}, None, id="meta-number"),
    pytest.param(
        {"date": "2017-11-29", "date_source": "html"},
        {"date": "2017-11-29", "date_source": "html"},
        "2017-11-28",
        id="html",
    ),
    pytest.param(
        {"date": "2023-07-10", "date_source": "dateline"},
        {"date": "2023-07-10", "date_source": "dateline"},
        "2023-07-09",
        id="dateline",
    ),
]


@pytest.mark.parametrize(("meta", "expected", "yesterday"), PUBLICATION)
def test_publication_date_from_meta(meta, expected, yesterday):
    out = run("On 1 March 2016 a report came out. The minister spoke yesterday.", meta)
    assert dict(out.meta) == expected  # the caller's date wins over the text's
    assert out.dates[-1].value == yesterday


OPENINGS = [
    pytest.param("On 29 November 2017 the Prime Minister visited Iraq.", "2017-11-29", id="on"),
    pytest.param(
        "On Wednesday, 29 November 2017 the Prime Minister visited Iraq.",
        "2017-11-29",
        id="on-weekday",
    ),
    pytest.param("29 November 2017 – The Prime Minister visited Iraq.", "2017-11-29", id="dash"),
    pytest.param(
        "Press release: UK ramps up effort\n\nOn 29 November 2017 the Prime Minister",
        "2017-11-29",
        id="after-title",
    ),
    pytest.param("The Prime Minister visited Iraq on 29 November 2017.", None, id="not-opening"),
    pytest.param("On May 2017 the Prime Minister visited Iraq.", None, id="month-only"),
    pytest.param("One.\n\nTwo.\n\nOn 29 November 2017 the Prime Minister", None, id="third-line"),
]


@pytest.mark.parametrize(("text", "date"), OPENINGS)
def test_publication_date_from_text(text, date):
    out = run(text)
    assert out.meta.get("date") == date
    assert out.meta.get("date_source") == ("text" if date else None)


def test_seed_002(seed_texts):
    out = run(seed_texts["002"])
    assert out.meta["date"] == "2017-11-29"
    assert out.meta["date_source"] == "text"
    assert "On 2017-11-29 the Prime Minister" in out.text
    earlier = [d for d in out.dates if d.text == "earlier today"]
    assert [(d.value, d.anchor) for d in earlier] == [("2017-11-29", "2017-11-29")]


def test_seed_000_with_its_dateline_date(seed_texts):
    meta = {"date": "2023-07-10", "date_source": "dateline"}
    out = run(seed_texts["000"], meta)
    assert out.meta["date"] == "2023-07-10"
    assert [(d.text, d.value) for d in out.dates if d.kind == "relative"] == [
        ("last week", "2023-W27")
    ]


def test_seed_001_years_and_vague_phrases(seed_texts):
    out = run(seed_texts["001"])
    assert [(d.text, d.value) for d in out.dates] == [("2011", "2011"), ("2003", "2003")]
    assert out.text == seed_texts["001"]


def test_records_carry_the_mentions():
    out = run("On 29 November 2017 the minister spoke yesterday.")
    assert [d.to_dict() for d in out.dates][1] == {
        "value": "2017-11-28",
        "granularity": "day",
        "start": 33,
        "end": 42,
        "text": "yesterday",
        "kind": "relative",
        "anchor": "2017-11-29",
        "original": "yesterday",
    }


# -- properties --------------------------------------------------------------------------------

PIECES = [
    "On 29 November 2017 the Prime Minister",
    "between 29 and 30 November 2017",
    "Nov. 29 - Dec. 3, 2017",
    "Wednesday, 29 November 2017",
    "29/11/2017",
    "in 2011",
    "May 2024",
    "they may march",
    "yesterday",
    "will meet on Tuesday",
    "two days ago",
    "a 24-hour ceasefire",
    "3-1",
    "ON 29 MAY 2017",
    "\n",
    ". ",
    " ",
    "2017-11-29",
]
texts = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=12).map("".join),
    st.text(alphabet=" \n-/.,0123456789MayNovemberTuesdayon", max_size=60),
    st.text(max_size=60),
)
formats = st.sampled_from(["%Y-%m-%d", "%d %B %Y", "%B %d, %Y", "%d/%m/%Y"])


@given(texts, formats)
@example("will meet on Tuesday\nWednesday, 29 November 2017", "%d %B %Y")  # found by hypothesis
@example("will meet on Tuesday\n29/11/2017", "%d %B %Y")  # found by hypothesis
def test_never_raises_and_is_idempotent(text, fmt):
    step = DatesStep(format=fmt)
    once = run(text, step=step)
    twice = run(once.text, step=step)
    assert twice.text == once.text


@given(texts)
def test_annotate_only_changes_no_text(text):
    out = run(text, PUBLISHED, DatesStep(rewrite=False))
    assert out.text == text
    assert out.edits == ()


@given(texts, st.one_of(st.none(), st.text(max_size=20), st.integers(), st.dates().map(str)))
def test_any_meta_date_is_safe(text, date):
    out = run(text, {} if date is None else {"date": date})
    assert all(d.anchor is None or d.value is not None for d in out.dates)


@pytest.mark.parametrize(
    ("text", "iso", "day_month_year"),
    [
        # a weekday right before a date, not part of it: rewritten "29 November 2017", the
        # date would take that weekday in a second run; ISO dates take no weekday
        pytest.param(
            "Tuesday Wednesday, 29 November 2017",
            "Tuesday 2017-11-29",
            "Tuesday Wednesday, 29 November 2017",
            id="after-a-weekday",
        ),
        pytest.param(
            "met on Tuesday\nWednesday, 29 November 2017",
            "met on Tuesday\n2017-11-29",
            "met on Tuesday\nWednesday, 29 November 2017",
            id="after-a-weekday-line",
        ),
        pytest.param(
            "Wednesday Wednesday, November 29, 2017",
            "Wednesday 2017-11-29",
            "Wednesday Wednesday, November 29, 2017",
            id="same-weekday",
        ),
        pytest.param(
            "will meet on Tuesday\n29/11/2017",
            "will meet on Tuesday\n2017-11-29",
            "will meet on Tuesday\n29/11/2017",
            id="numeric",
        ),
        # must change: the date's own weekday, or a word between
        pytest.param(
            "On Wednesday, 29 November 2017 we met.",
            "On 2017-11-29 we met.",
            "On 29 November 2017 we met.",
            id="own-weekday",
        ),
        pytest.param(
            "Tuesday and Wednesday, 29 November 2017",
            "Tuesday and 2017-11-29",
            "Tuesday and 29 November 2017",
            id="word-between",
        ),
    ],
)
def test_a_rewrite_never_joins_the_weekday_before_it(text, iso, day_month_year):
    for fmt, expected in [("%Y-%m-%d", iso), ("%d %B %Y", day_month_year), ("%A, %d %B %Y", None)]:
        step = DatesStep(format=fmt)
        once = step(Document(text))
        assert once.dates[-1].value == "2017-11-29"
        assert expected is None or once.text == expected, fmt
        assert step(Document(once.text)).text == once.text, fmt
