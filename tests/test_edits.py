"""The audit trail: apply_changes, replay, map_span, diff_change."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsclean import Change, Edit, replay
from newsclean.edits import apply_changes, diff_change, diff_changes, map_span

R = "test.rule"


def C(start, end, new, rule=R):
    return Change(start, end, new, rule)


# -- apply_changes -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "changes", "expected"),
    [
        pytest.param("year .", [C(4, 5, "")], "year.", id="delete"),
        pytest.param("problem.If", [C(8, 8, " ")], "problem. If", id="insert"),
        pytest.param("Isis fell", [C(0, 4, "Islamic State")], "Islamic State fell", id="grow"),
        pytest.param("so-called Daesh", [C(0, 15, "IS")], "IS", id="shrink-whole"),
        pytest.param("a b c", [C(4, 5, "C"), C(0, 1, "A")], "A b C", id="unsorted-input"),
        pytest.param("abcd", [C(0, 2, "X"), C(2, 4, "Y")], "XY", id="adjacent"),
        pytest.param("ab", [C(1, 1, "x"), C(1, 1, "y")], "axyb", id="two-inserts-same-point"),
        pytest.param("ab", [C(1, 1, "x"), C(1, 2, "B")], "axB", id="insert-then-replace"),
        pytest.param("abc", [C(3, 3, "!")], "abc!", id="append"),
        pytest.param("", [C(0, 0, "new")], "new", id="empty-input"),
        pytest.param("same", [], "same", id="no-changes"),
    ],
)
def test_apply_changes(text, changes, expected):
    out, edits, spans = apply_changes(text, changes, "step")
    assert out == expected
    assert len(spans) == len(changes)
    assert replay(text, edits) == expected
    for edit in edits:
        assert edit.step == "step"
        assert text[edit.start : edit.end] == edit.old


def test_apply_changes_records_edits_in_text_order():
    _, edits, _ = apply_changes("a b c", [C(4, 5, "C", "r2"), C(0, 1, "A", "r1")], "s")
    assert edits == (Edit("s", "r1", 0, 1, "a", "A"), Edit("s", "r2", 4, 5, "c", "C"))


def test_apply_changes_spans_follow_input_order():
    # The spans come back in the order the changes were given, each one the change's
    # place in the new text (annotating steps zip them with their own list).
    changes = [C(4, 5, "X"), C(0, 1, "YY")]
    out, _, spans = apply_changes("abcdef", changes, "s")
    assert out == "YYbcdXf"
    assert [out[s:e] for s, e in spans] == ["X", "YY"]


def test_no_op_change_reports_a_span_but_no_edit():
    out, edits, spans = apply_changes("Islamic State", [C(0, 13, "Islamic State")], "s")
    assert out == "Islamic State"
    assert edits == ()
    assert spans == [(0, 13)]


def test_no_op_change_among_real_ones():
    out, edits, spans = apply_changes("Isis and Iraq", [C(0, 4, "IS"), C(9, 13, "Iraq")], "s")
    assert out == "IS and Iraq"
    assert [e.old for e in edits] == ["Isis"]
    assert [out[s:e] for s, e in spans] == ["IS", "Iraq"]


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param([C(0, 3, "x"), C(2, 4, "y")], id="overlap"),
        pytest.param([C(2, 4, "y"), C(0, 3, "x")], id="overlap-unsorted"),
        pytest.param([C(0, 4, "x"), C(1, 2, "y")], id="nested"),
        pytest.param([C(1, 3, "x"), C(1, 3, "y")], id="same-span-twice"),
        pytest.param([C(4, 9, "x")], id="past-the-end"),
        pytest.param([C(3, 1, "x")], id="end-before-start"),
        pytest.param([C(-1, 2, "x")], id="negative-start"),
    ],
)
def test_bad_changes_raise_value_error(changes):
    with pytest.raises(ValueError, match="overlapping or out-of-range"):
        apply_changes("abcde", changes, "s")


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        pytest.param([C(2, 4, "y"), C(0, 3, "x")], C(2, 4, "y"), id="the-later-of-two"),
        pytest.param([C(0, 1, "x"), C(4, 9, "z")], C(4, 9, "z"), id="past-the-end"),
        pytest.param([C(3, 1, "x"), C(0, 1, "w")], C(3, 1, "x"), id="end-before-start"),
    ],
)
def test_the_error_names_the_misplaced_change(changes, named):
    with pytest.raises(ValueError, match=re.escape(f"change {named!r} in step 's'")):
        apply_changes("abcde", changes, "s")


# -- replay ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "edits", "expected"),
    [
        ("year .", [Edit("spacing", "spacing.before_punct", 4, 5, " ", "")], "year."),
        ("year .", [], "year ."),
        ("ab", [Edit("s", "r", 1, 1, "", "-")], "a-b"),
        (
            "Isis and Daesh",
            [Edit("e", "r", 0, 4, "Isis", "IS"), Edit("e", "r", 9, 14, "Daesh", "IS")],
            "IS and IS",
        ),
    ],
)
def test_replay(text, edits, expected):
    assert replay(text, edits) == expected


def test_replay_refuses_overlapping_edits():
    edits = [Edit("s", "r", 0, 3, "abc", ""), Edit("s", "r", 2, 4, "cd", "")]
    with pytest.raises(ValueError):
        replay("abcdef", edits)


def test_edit_to_dict():
    edit = Edit("spacing", "spacing.before_punct", 4, 5, " ", "")
    assert edit.to_dict() == {
        "step": "spacing",
        "rule": "spacing.before_punct",
        "start": 4,
        "end": 5,
        "old": " ",
        "new": "",
    }


# -- map_span ----------------------------------------------------------------------

GROW = Edit("s", "r", 0, 4, "Isis", "Islamic State")  # +9 characters at 0..4
INSERT_AT_5 = Edit("s", "r", 5, 5, "", "XX")
DELETE_2_6 = Edit("s", "r", 2, 6, "cdef", "")


@pytest.mark.parametrize(
    ("span", "edits", "expected"),
    [
        pytest.param((5, 9), [], (5, 9), id="no-edits"),
        pytest.param((5, 9), [GROW], (14, 18), id="edit-before-shifts"),
        pytest.param((0, 4), [GROW], (0, 13), id="span-is-the-edit"),
        pytest.param((2, 9), [GROW], (0, 18), id="start-inside-edit-moves-to-its-start"),
        pytest.param((0, 2), [GROW], (0, 13), id="end-inside-edit-moves-to-its-end"),
        pytest.param((10, 12), [Edit("s", "r", 20, 22, "ab", "")], (10, 12), id="edit-after"),
        pytest.param((5, 9), [INSERT_AT_5], (7, 11), id="insert-at-start-stays-outside"),
        pytest.param((1, 5), [INSERT_AT_5], (1, 5), id="insert-at-end-stays-outside"),
        pytest.param((4, 8), [INSERT_AT_5], (4, 10), id="insert-inside-grows"),
        pytest.param((2, 6), [DELETE_2_6], None, id="deleted-span-is-gone"),
        pytest.param((3, 5), [DELETE_2_6], None, id="span-inside-deletion-is-gone"),
        pytest.param((0, 4), [DELETE_2_6], (0, 2), id="partly-deleted"),
        pytest.param((6, 8), [DELETE_2_6], (2, 4), id="after-deletion"),
        pytest.param((12, 16), [GROW, INSERT_AT_5], (23, 27), id="two-edits-before"),
    ],
)
def test_map_span(span, edits, expected):
    assert map_span(*span, edits) == expected


# -- diff_change -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("the cat sat", "the dog sat", [C(4, 7, "dog", "x")]),
        ("same", "same", []),
        ("", "", []),
        ("ab", "aXb", [C(1, 1, "X", "x")]),
        ("aXb", "ab", [C(1, 2, "", "x")]),
        ("aaa", "aa", [C(2, 3, "", "x")]),
        ("aa", "aaa", [C(2, 2, "a", "x")]),
        ("", "abc", [C(0, 0, "abc", "x")]),
        ("abc", "", [C(0, 3, "", "x")]),
        ("year .", "year.", [C(4, 5, "", "x")]),
    ],
)
def test_diff_change(old, new, expected):
    changes = diff_change(old, new, "x")
    assert changes == expected
    assert apply_changes(old, changes, "s")[0] == new


def test_diff_changes_splits_same_length_runs():
    changes = diff_changes("“a” b", '"a" b', "q")
    assert [(c.start, c.end, c.new) for c in changes] == [(0, 1, '"'), (2, 3, '"')]


# -- properties ----------------------------------------------------------------------

small_text = st.text(alphabet="ab .\n", max_size=12)


@given(small_text, small_text)
def test_diff_change_rebuilds_new_and_is_minimal(old, new):
    changes = diff_change(old, new, "x")
    assert apply_changes(old, changes, "s")[0] == new
    assert len(changes) <= 1
    for change in changes:  # the kept prefix and suffix cannot grow
        if change.start < change.end and change.new:
            assert old[change.start] != change.new[0]
            assert old[change.end - 1] != change.new[-1]


@given(small_text, small_text)
def test_diff_changes_rebuilds_new(old, new):
    assert apply_changes(old, diff_changes(old, new, "x"), "s")[0] == new


@st.composite
def text_and_changes(draw):
    text = draw(st.text(alphabet="abc .", max_size=20))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8)))
    changes = []
    for start, end in zip(cuts[::2], cuts[1::2], strict=False):
        changes.append(C(start, end, draw(st.text(alphabet="XY ", max_size=4))))
    return text, draw(st.permutations(changes))


@given(text_and_changes())
def test_edits_replay_and_spans_index_the_output(case):
    text, changes = case
    out, edits, spans = apply_changes(text, changes, "s")
    assert replay(text, edits) == out
    assert [out[s:e] for s, e in spans] == [c.new for c in changes]
    for edit in edits:
        assert text[edit.start : edit.end] == edit.old != edit.new


def apply_one_by_one(text, changes, step):
    """apply_changes as defined: the changes by span (then input order), one at a time."""
    order = sorted(range(len(changes)), key=lambda i: (changes[i].start, changes[i].end, i))
    out, edits, spans, pos = "", [], [None] * len(changes), 0
    for i in order:
        change = changes[i]
        if change.start < pos or change.end < change.start or change.end > len(text):
            raise ValueError("overlapping or out-of-range")
        out += text[pos : change.start]
        spans[i] = (len(out), len(out) + len(change.new))
        out += change.new
        old = text[change.start : change.end]
        if old != change.new:
            edits.append(Edit(step, change.rule, change.start, change.end, old, change.new))
        pos = change.end
    return out + text[pos:], tuple(edits), spans


@given(text_and_changes(), st.booleans(), st.lists(st.integers(-2, 24), max_size=3))
def test_apply_changes_is_the_one_by_one_definition(case, in_order, bad):
    """Changes in order and apart take a path with no Python loop over them; others are
    sorted first. Both give what applying them one at a time gives, or both refuse."""
    text, changes = case
    if in_order:
        changes = sorted(changes, key=lambda c: (c.start, c.end))
    changes += [C(b, b + 1, "Z") for b in bad]  # often overlapping or out of range
    try:
        expected = apply_one_by_one(text, changes, "s")
    except ValueError:
        with pytest.raises(ValueError, match="overlapping or out-of-range"):
            apply_changes(text, changes, "s")
    else:
        assert apply_changes(text, changes, "s") == expected
        assert apply_changes(text, iter(changes), "s") == expected


@given(text_and_changes(), st.integers(0, 20), st.integers(0, 20))
def test_map_span_keeps_untouched_text(case, a, b):
    text, changes = case
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    out, edits, _ = apply_changes(text, changes, "s")
    mapped = map_span(start, end, edits)
    touched = any(e.start < end and start < e.end for e in edits)
    inserted_inside = any(e.start == e.end and start < e.start < end for e in edits)
    if start < end and not touched and not inserted_inside:
        assert mapped is not None
        assert out[mapped[0] : mapped[1]] == text[start:end]
    if mapped is not None:
        assert 0 <= mapped[0] < mapped[1] <= len(out)
