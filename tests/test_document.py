"""Document: an immutable value; annotations follow edits; records; HTML input."""

from __future__ import annotations

import dataclasses
import json
import pickle
from types import MappingProxyType

import pytest

from newsclean import Change, DateMention, Document, Entity

ISIS = Entity("Q2429253", "Islamic State", "group", 0, 4, "Isis")
IRAQ = Entity("Q796", "Iraq", "country", 14, 18, "Iraq")
DATE = DateMention("2017-11-29", "day", 22, 38, "29 November 2017")
TEXT = "Isis fell in  Iraq on 29 November 2017 ."


def annotated() -> Document:
    doc = Document(TEXT, {"source": "a.txt"}, entities=(ISIS, IRAQ), dates=(DATE,))
    for ann in (*doc.entities, *doc.dates):
        assert doc.text[ann.start : ann.end] == ann.text  # the fixture itself is right
    return doc


# -- a value -----------------------------------------------------------------------


def test_fields_cannot_be_assigned():
    doc = Document("text")
    with pytest.raises(dataclasses.FrozenInstanceError):
        doc.text = "other"
    with pytest.raises(dataclasses.FrozenInstanceError):
        doc.meta = {}


def test_meta_is_read_only():
    doc = Document("text", {"title": "T"})
    assert isinstance(doc.meta, MappingProxyType)
    with pytest.raises(TypeError):
        doc.meta["title"] = "changed"
    with pytest.raises(TypeError):
        del doc.meta["title"]
    assert doc.meta["title"] == "T"


def test_meta_is_copied_from_the_caller():
    meta = {"title": "T"}
    doc = Document("text", meta)
    meta["title"] = "changed"
    meta["extra"] = 1
    assert dict(doc.meta) == {"title": "T"}


def test_meta_defaults_to_empty_and_read_only():
    doc = Document("text")
    assert dict(doc.meta) == {}
    with pytest.raises(TypeError):
        doc.meta["x"] = 1


@pytest.mark.parametrize("bad", [b"bytes", None, 42])
def test_text_must_be_str(bad):
    with pytest.raises(TypeError, match="must be str"):
        Document(bad)


def test_equality_by_value_and_unhashable():
    assert Document("a", {"k": 1}) == Document("a", {"k": 1})
    assert Document("a", {"k": 1}) != Document("a", {"k": 2})
    assert Document("a") != Document("b")
    with pytest.raises(TypeError):
        hash(Document("a"))


def test_with_meta_returns_a_new_document():
    doc = Document("text", {"title": "T"})
    new = doc.with_meta(date="2017-11-29", title="New")
    assert dict(new.meta) == {"title": "New", "date": "2017-11-29"}
    assert dict(doc.meta) == {"title": "T"}
    assert new is not doc
    assert new.text == doc.text
    assert isinstance(new.meta, MappingProxyType)


def test_with_changes_returns_a_new_document_and_keeps_the_original():
    doc = Document("year .", {"source": "x"})
    new = doc.with_changes("spacing", [Change(4, 5, "", "spacing.before_punct")])
    assert new.text == "year."
    assert doc.text == "year ."
    assert doc.edits == ()
    assert [(e.step, e.rule, e.old, e.new) for e in new.edits] == [
        ("spacing", "spacing.before_punct", " ", "")
    ]
    assert new.meta == doc.meta


def test_with_changes_appends_to_the_audit_trail():
    doc = Document("Isis fell .")
    doc = doc.with_changes("entities", [Change(0, 4, "Islamic State", "entities.canonical")])
    doc = doc.with_changes("spacing", [Change(18, 19, "", "spacing.before_punct")])
    assert doc.text == "Islamic State fell."
    assert [e.step for e in doc.edits] == ["entities", "spacing"]
    assert doc.edits_by("spacing") == (doc.edits[1],)
    assert doc.edits_by("dates") == ()


def test_with_changes_without_effect_returns_the_same_document():
    doc = Document("same")
    assert doc.with_changes("s", []) is doc
    assert doc.with_changes("s", [Change(0, 4, "same", "s.r")]) is doc


def test_evolve_replaces_fields():
    doc = annotated()
    new = doc.evolve(entities=())
    assert new.entities == () and doc.entities == (ISIS, IRAQ)
    assert new.dates == doc.dates


def test_pickles():
    doc = annotated().with_changes("s", [Change(0, 4, "IS", "s.r")])
    assert pickle.loads(pickle.dumps(doc)) == doc


# -- annotations move with edits ---------------------------------------------------


def test_annotations_shift_after_an_edit_before_them():
    doc = annotated().with_changes("spacing", [Change(12, 13, "", "spacing.repeated")])
    assert doc.text == "Isis fell in Iraq on 29 November 2017 ."
    assert [(e.start, e.end, e.text) for e in doc.entities] == [(0, 4, "Isis"), (13, 17, "Iraq")]
    assert [(d.start, d.end, d.text) for d in doc.dates] == [(21, 37, "29 November 2017")]


def test_annotation_grows_with_a_rewrite_of_itself():
    doc = annotated().with_changes("entities", [Change(0, 4, "Islamic State", "e.r")])
    first = doc.entities[0]
    assert (first.start, first.end, first.text) == (0, 13, "Islamic State")
    assert doc.text[doc.entities[1].start : doc.entities[1].end] == "Iraq"
    assert doc.text[doc.dates[0].start : doc.dates[0].end] == "29 November 2017"


def test_annotation_text_follows_an_edit_inside_it():
    doc = annotated().with_changes("dates", [Change(25, 33, "Nov.", "d.r")])
    (date,) = doc.dates
    assert date.text == "29 Nov. 2017"
    assert doc.text[date.start : date.end] == date.text
    assert date.value == "2017-11-29"  # only the span and text move


def test_annotation_removed_with_its_text():
    doc = annotated().with_changes("x", [Change(14, 18, "", "x.r")])
    assert [e.name for e in doc.entities] == ["Islamic State"]


def test_annotations_unchanged_after_an_edit_behind_them():
    doc = annotated().with_changes("spacing", [Change(38, 39, "", "spacing.before_punct")])
    assert doc.text.endswith("2017.")
    assert doc.entities == (ISIS, IRAQ)
    assert doc.dates == (DATE,)


# -- records -----------------------------------------------------------------------


def test_to_record_schema():
    doc = annotated().with_meta(title="T")
    doc = doc.with_changes("spacing", [Change(12, 13, "", "r1"), Change(38, 39, "", "r2")])
    doc = doc.with_changes("entities", [Change(0, 4, "Islamic State", "r3")])
    record = doc.to_record()
    assert set(record) == {"text", "meta", "entities", "dates", "edits"}
    assert record["text"] == doc.text
    assert record["meta"] == {"source": "a.txt", "title": "T"}
    assert isinstance(record["meta"], dict)
    assert record["edits"] == {"spacing": 2, "entities": 1}
    assert record["entities"][0] == {
        "id": "Q2429253",
        "name": "Islamic State",
        "type": "group",
        "start": 0,
        "end": 13,
        "text": "Islamic State",
    }
    assert set(record["dates"][0]) == {
        "value",
        "granularity",
        "start",
        "end",
        "text",
        "kind",
        "anchor",
        "original",
    }
    assert json.loads(json.dumps(record)) == record


def test_to_record_of_a_plain_document():
    assert Document("x").to_record() == {
        "text": "x",
        "meta": {},
        "entities": [],
        "dates": [],
        "edits": {},
    }


# -- from HTML ---------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head><meta charset="windows-1252"><title>Britain sends troops back to Iraq</title></head>
<body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article>
<h1>Britain sends troops back to Iraq</h1>
<p>Britain is preparing to send soldiers back to Baghdad to support the US-led mission to
help the Iraqi security forces fight the Islamic State. The caf\u00e9 owner said it would
cost \u00a310m.</p>
<figure><img src="a.jpg"><figcaption>Shi\u2019ite fighters near Taji</figcaption></figure>
<p>A number of officers are set to help train and advise the Iraqi army. \u201cWe are exploring
what more can be done on training,\u201d a senior defence source said.</p>
<p>The initiative, although small scale, would mark the first enduring British mission to
Iraq since all UK forces pulled out of the country in 2011.</p>
</article>
</body></html>"""


def _check_page(doc: Document) -> None:
    assert doc.meta["title"] == "Britain sends troops back to Iraq"
    assert doc.meta["format"] == "html"
    assert doc.meta["captions"] == ["Shi\u2019ite fighters near Taji"]
    assert "The caf\u00e9 owner said it would cost \u00a310m." in doc.text
    assert "\u201cWe are exploring what more can be done on training,\u201d" in doc.text
    assert "Home" not in doc.text
    paragraphs = doc.text.split("\n\n")
    assert len(paragraphs) >= 3
    assert all(p.strip() == p and p for p in paragraphs)
    assert any(p.startswith("A number of officers") for p in paragraphs)


def test_from_html_str():
    doc = Document.from_html(PAGE, url="https://example.com/news/iraq")
    _check_page(doc)
    assert doc.meta["url"] == "https://example.com/news/iraq"


def test_from_html_windows_1252_bytes_with_meta_charset():
    data = PAGE.encode("windows-1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # the page really is not UTF-8
    doc = Document.from_html(data)
    _check_page(doc)
    assert "url" not in doc.meta


def test_from_html_utf8_bytes():
    doc = Document.from_html(PAGE.replace("windows-1252", "utf-8").encode("utf-8"))
    _check_page(doc)


@pytest.mark.parametrize("empty", ["", "   ", b""])
def test_from_html_empty(empty):
    doc = Document.from_html(empty)
    assert doc.text == ""
    assert doc.meta["format"] == "html"


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"text": "IS fell"}, id="text"),
        pytest.param({"meta": {"title": "T"}}, id="meta-dict"),
        pytest.param({"entities": (), "dates": ()}, id="annotations"),
        pytest.param({"edits": (), "text": "x", "meta": {}}, id="several"),
        pytest.param({}, id="none"),
    ],
)
def test_evolve_is_dataclasses_replace(fields):
    doc = Document("Isis fell", {"language": "en"}).with_changes(
        "entities", [Change(0, 4, "Islamic State", "entities.alias")]
    )
    assert doc.evolve(**fields) == dataclasses.replace(doc, **fields)


@pytest.mark.parametrize(
    "annotation",
    [
        pytest.param(Entity("isis", "Islamic State", "group", 0, 4, "Isis"), id="entity"),
        pytest.param(
            DateMention("2017-11-28", "day", 3, 13, "yesterday", "relative", "2017-11-29", "x"),
            id="date",
        ),
    ],
)
def test_a_moved_annotation_is_dataclasses_replace(annotation):
    """``_moved`` (used as edits move annotations) builds the copy directly: every other
    field must come along (a field added to the class and not to ``_moved`` fails here)."""
    moved = annotation._moved(20, 26, "Daesh!")
    assert moved == dataclasses.replace(annotation, start=20, end=26, text="Daesh!")
    assert type(moved) is type(annotation)
    values = [getattr(annotation, f.name) for f in dataclasses.fields(annotation)]
    assert len(set(map(repr, values))) == len(values)  # distinct values: a swap would show
