"""The review report: edits placed on the original text, the page, and the page in a browser.

The browser test drives Debian's chromium with its chromedriver through
selenium (``apt-get install chromium chromium-driver``; ``.ci/run`` installs
them); it is skipped, saying why, where either is missing.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from newsclean import Document, Limits, default_chain
from newsclean.cli import main
from newsclean.edits import Edit
from newsclean.review import (
    Reviewed,
    cleaned_text,
    mark_edits,
    original_text,
    render_report,
    review,
)

CHAIN = default_chain()


def marks(original: str, edits: list[Edit]) -> list[tuple[str, str, int | None]]:
    return [(p.text, p.kind, p.edit) for p in mark_edits(original, edits)]


@pytest.mark.parametrize(
    ("original", "edits", "expected"),
    [
        pytest.param(
            "a massive problem.If we",
            [Edit("spacing", "spacing.after_punct", 17, 18, ".", ". ")],
            [
                ("a massive problem", "keep", None),
                (".", "del", 0),
                (". ", "ins", 0),
                ("If we", "keep", None),
            ],
            id="one-replacement",
        ),
        pytest.param(
            "Isis  fell",
            [
                Edit("spacing", "spacing.repeated", 4, 6, "  ", " "),
                Edit("entities", "entities.canonical", 0, 4, "Isis", "Islamic State"),
            ],
            [
                ("Isis", "del", 1),
                ("Islamic State", "ins", 1),
                ("  ", "del", 0),
                (" ", "ins", 0),
                ("fell", "keep", None),
            ],
            id="two-steps-shifted-offsets",
        ),
        pytest.param(
            "year .",
            [
                Edit("spacing", "spacing.before_punct", 4, 5, " ", ""),
                Edit("dates", "dates.x", 0, 4, "year", "2017"),
            ],
            [("year", "del", 1), ("2017", "ins", 1), (" ", "del", 0), (".", "keep", None)],
            id="removal-then-replacement-before-it",
        ),
        pytest.param(
            "ab",
            [
                Edit("one", "one.insert", 1, 1, "", "XY"),
                Edit("two", "two.drop", 1, 3, "XY", ""),
            ],
            [("a", "keep", None), ("b", "keep", None)],
            id="inserted-then-removed-leaves-nothing",
        ),
        pytest.param(
            "ab",
            [
                Edit("one", "one.insert", 1, 1, "", "XY"),
                Edit("two", "two.swap", 0, 2, "aX", "z"),
            ],
            [("a", "del", 1), ("z", "ins", 1), ("Y", "ins", 0), ("b", "keep", None)],
            id="replacement-across-an-insertion",
        ),
        pytest.param(
            "Leave a Reply\nThe Times reported it.",
            [],
            [("Leave a Reply\nThe Times reported it.", "keep", None)],
            id="no-edits-must-not-change",
        ),
        pytest.param("", [], [], id="empty-text"),
    ],
)
def test_mark_edits(original: str, edits: list[Edit], expected: list) -> None:
    assert marks(original, edits) == expected


@given(
    st.text(
        alphabet=st.sampled_from(list("Isis fell .,\n“”'\"-Daesh 29 November 2017ab")), max_size=120
    )
)
def test_marks_read_back_both_texts(text: str) -> None:
    """Kept + removed pieces are the original; kept + inserted pieces the cleaned text."""
    doc = CHAIN(Document(text))
    pieces = mark_edits(text, doc.edits if doc else ())
    assert original_text(pieces) == text
    if doc is not None:
        assert cleaned_text(pieces) == doc.text


def test_marks_read_back_the_seeds(seed_texts: dict[str, str]) -> None:
    for name, text in seed_texts.items():
        doc = CHAIN(Document(text))
        assert doc is not None and doc.edits, name
        pieces = mark_edits(text, doc.edits)
        assert (original_text(pieces), cleaned_text(pieces)) == (text, doc.text), name


def test_page_is_self_contained_and_escaped() -> None:
    items = review(CHAIN, [("<b>id</b>", Document("Isis fell . <script>alert(1)</script>"))])
    page = render_report(items, title="T & co")
    assert "<title>T &amp; co</title>" in page
    assert "&lt;b&gt;id&lt;/b&gt;" in page and "<script>alert(1)" not in page
    # nothing is fetched: no external script, stylesheet, image or font
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "<link" not in page and "@import" not in page and "url(" not in page


def test_limit_shows_the_first_documents_and_charts_all() -> None:
    docs = [(f"d{i}", Document("Isis fell .")) for i in range(5)]
    page = render_report(review(CHAIN, docs), limit=2)
    assert page.count("<section class=doc") == 2
    assert "5 documents" in page and "the chart counts all 5" in page
    assert re.search(r"<title>entities\.canonical: 5 edits</title>", page)


def test_dropped_document_is_named() -> None:
    item = Reviewed("x", "Subscribe now", (), "boilerplate", "empty after cleaning")
    page = render_report([item])
    assert "Dropped by boilerplate: empty after cleaning" in page
    assert "No edits." in page


def test_document_over_a_limit_is_shown_dropped_and_the_rest_reviewed() -> None:
    chain = default_chain().with_limits(Limits(max_doc_size=20))
    docs = [("long", Document("Isis fell back from Mosul .")), ("short", Document("Isis fell ."))]
    items = list(review(chain, docs))
    assert [(i.id, i.dropped_by) for i in items] == [("long", "limits"), ("short", None)]
    assert items[0].reason is not None and "limit.doc_size" in items[0].reason
    assert items[0].original == "Isis fell back from Mosul ."
    assert items[1].edits  # the next document is still cleaned


def test_cli_report_on_the_seeds(seeds_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["report", str(seeds_dir), "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.count("<section class=doc") == 3
    for seed in sorted(p.name for p in seeds_dir.glob("*.txt")):
        assert re.search(rf"<h2>[^<]*/{seed}</h2>", page), seed
    assert "<del>Leave a Reply" in page  # the comment form, struck through


def test_cli_report_needs_an_output(seeds_dir: Path) -> None:
    result = CliRunner().invoke(main, ["report", str(seeds_dir)])
    assert result.exit_code == 2
    assert "--output" in result.output


CHROMIUM = os.environ.get("NEWSCLEAN_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("NEWSCLEAN_CHROMEDRIVER", "/usr/bin/chromedriver")


@pytest.fixture(scope="module")
def browser():
    webdriver = pytest.importorskip(
        "selenium.webdriver", reason="selenium is not installed (pip install -e '.[test]')"
    )
    for path in (CHROMIUM, CHROMEDRIVER):
        if not (Path(path).exists() or shutil.which(path)):
            pytest.skip(
                f"no headless browser: {path} is missing"
                " (apt-get install chromium chromium-driver; .ci/run does this as root)"
            )
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--window-size=1200,900",
    ):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


def test_report_in_a_browser(browser, seeds_dir: Path, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    out = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["report", str(seeds_dir), "-o", str(out)])
    assert result.exit_code == 0, result.output
    browser.get(out.as_uri())

    # the seeds are on the page
    headings = [h.text for h in browser.find_elements(By.CSS_SELECTOR, ".doc h2")]
    assert [Path(h).name for h in headings] == sorted(p.name for p in seeds_dir.glob("*.txt"))

    # the chart draws: one bar per rule, each with a real size on screen
    bars = browser.find_elements(By.CSS_SELECTOR, "#chart rect.bar")
    assert len(bars) >= 5
    for bar in bars:
        assert bar.size["width"] > 0 and bar.size["height"] > 0, bar.get_attribute("outerHTML")

    # clicking a rule filter hides every other edit's markup, and shows this rule's
    rule = "boilerplate.comment_form"
    browser.find_element(By.CSS_SELECTOR, f'.filter[data-filter="rule:{rule}"]').click()
    edits = browser.find_elements(By.CSS_SELECTOR, ".e")
    mine = [e for e in edits if e.get_attribute("data-rule") == rule]
    others = [e for e in edits if e.get_attribute("data-rule") != rule]
    assert mine and others
    assert all(e.find_element(By.TAG_NAME, "del").is_displayed() for e in mine)
    assert "Leave a Reply" in mine[0].text
    for e in others:
        assert "off" in e.get_attribute("class").split()
        assert not any(d.is_displayed() for d in e.find_elements(By.TAG_NAME, "del"))
    docs = browser.find_elements(By.CSS_SELECTOR, ".doc")
    assert [d.is_displayed() for d in docs] == [False, True, False]  # only 001 has a comment form

    # a bar of the chart filters too; "All edits" brings everything back
    browser.find_element(By.CSS_SELECTOR, '#chart .row[data-rule="entities.canonical"]').click()
    shown = [
        e
        for e in browser.find_elements(By.CSS_SELECTOR, ".e")
        if "off" not in e.get_attribute("class")
    ]
    assert shown and {e.get_attribute("data-rule") for e in shown} == {"entities.canonical"}
    browser.find_element(By.CSS_SELECTOR, '.filter[data-filter=""]').click()
    assert not browser.find_elements(By.CSS_SELECTOR, ".e.off")
    assert all(d.is_displayed() for d in browser.find_elements(By.CSS_SELECTOR, ".doc"))
