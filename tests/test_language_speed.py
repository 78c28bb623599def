"""The fast paths of the ``language`` step give py3langid's own results, bit for bit.

``newsclean.steps.language._identifier`` replaces py3langid's Python loop over the
sample's bytes with a few numpy operations (a vectorised walk of its automaton, a count
of the features at their first position, the alias columns folded at once). Every
test here compares them with the stock ``LanguageIdentifier`` on the same model.
"""

from __future__ import annotations

import copy
import threading
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsclean import Document
from newsclean.steps.language import (
    _GROUP,
    _MAX_DEPTH,
    LanguageStep,
    _identifier,
    _letters,
    _slots,
    detect,
    detect_many,
)
from test_language import _MIXED, ENGLISH, PARAGRAPHS


@pytest.fixture(scope="module")
def stock_identifier() -> Any:
    """py3langid's identifier as the library builds it (its Python loop over the bytes),
    with the same float32 weights."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier
    from py3langid.modelio import load_model

    ptc, pc, classes, nextmove, row, output = load_model(MODEL_DIR / MODEL_FILE)
    return LanguageIdentifier(
        ptc.astype("float32"), pc, classes, nextmove, output, norm_probs=True, tk_row=row
    )


def test_tokenizer_states_are_no_deeper_than_the_window(stock_identifier: Any) -> None:
    """Every state of the model's automaton stands for at most _MAX_DEPTH bytes (its
    distance from the start state), so the last _MAX_DEPTH bytes decide it."""
    moves = np.asarray(stock_identifier.tk_nextmove)
    rows = np.asarray(stock_identifier._rowbase)
    depth = np.full(len(rows), -1)
    depth[0], frontier, d = 0, np.array([0]), 0
    while len(frontier):
        reached = np.unique(moves[(rows[frontier][:, None] + np.arange(256)).ravel()])
        frontier = reached[depth[reached] < 0]
        d += 1
        depth[frontier] = d
    assert (depth >= 0).all()
    assert depth.max() <= _MAX_DEPTH


def test_the_tables_stand_for_py3langids_automaton(stock_identifier: Any) -> None:
    moves = np.asarray(stock_identifier.tk_nextmove)
    rowbase = np.asarray(stock_identifier._rowbase)
    output = np.asarray(stock_identifier.tk_output)
    ours = _identifier()
    assert hasattr(ours, "_next_row")  # the fast identifier, not the fallback
    start = rowbase[0]
    assert moves[start] == 0  # a leading NUL keeps the start state
    assert np.array_equal(ours._next_row, rowbase[moves])
    assert np.array_equal(ours._next_feature, output[moves])
    byte = np.arange(256)
    after_one = rowbase[moves[start + byte]]
    after_two = rowbase[moves[(after_one[:, None] + byte).ravel()]]
    assert np.array_equal(ours._two_bytes, after_two)


#: Texts whose features repeat a lot (long runs, few distinct bytes) or are none at all.
_REPEATS = st.text(alphabet="ab .\n\x00é", max_size=800)
_TEXTS = st.one_of(_MIXED, st.text(max_size=600), _REPEATS)


@given(_TEXTS)
def test_vectorised_scores_are_py3langids(stock_identifier: Any, text: str) -> None:
    ours = _identifier()
    encoded = stock_identifier._encode(text)
    assert np.array_equal(ours._raw_score(encoded), stock_identifier._raw_score(encoded))
    assert np.array_equal(ours._decide(text), stock_identifier._decide(text))
    assert ours.classify(text) == stock_identifier.classify(text)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("\x00" * 9, id="nuls"),
        pytest.param("a", id="one-byte"),
        pytest.param(" " * 3000, id="spaces"),
        pytest.param(" ".join(ENGLISH) * 8, id="long-english"),
        pytest.param(PARAGRAPHS["ja"][0], id="japanese"),
    ],
)
def test_edge_texts_score_as_py3langid(stock_identifier: Any, text: str) -> None:
    ours = _identifier()
    assert np.array_equal(ours._decide(text), stock_identifier._decide(text))
    assert ours.rank(text) == stock_identifier.rank(text)


def test_aliases_that_chain_fold_as_py3langid(stock_identifier: Any) -> None:
    """A label on three columns cannot be folded with one operation: the stock loop runs."""
    ours, stock = copy.copy(_identifier()), copy.copy(stock_identifier)
    assert ours._fold is not None and len(ours._alias_pairs) == len(ours._fold[0])
    classes = list(stock.nb_classes)
    first = ours._alias_pairs[0][0]
    classes[0] = classes[first]  # now the first column of that label is column 0, twice
    for ident in (ours, stock):
        ident.nb_classes = classes
        ident._set_alias_pairs()
    assert ours._fold is None
    text = PARAGRAPHS["ru"][0]
    assert np.array_equal(ours._decide(text), stock._decide(text))


@given(st.lists(_TEXTS, max_size=6))
def test_texts_walked_together_score_as_each_alone(texts: list[str]) -> None:
    """A text's scores do not depend on the texts beside it in a batch."""
    ours = _identifier()
    encoded = [ours._encode(text) for text in texts]
    together = ours._raw_scores(encoded)
    assert len(together) == len(texts)
    for text, scores in zip(encoded, together, strict=True):
        assert np.array_equal(scores, ours._raw_score(text))
    assert detect_many(texts) == [detect(text) for text in texts]


def test_more_texts_than_a_group_are_walked_in_groups() -> None:
    texts = [t for texts in PARAGRAPHS.values() for t in texts] * (_GROUP // 8 + 1)
    assert len(texts) > _GROUP
    assert detect_many(texts) == [detect(text) for text in texts]


def test_a_prepared_batch_gives_each_document_what_it_gets_alone() -> None:
    texts = [t for texts in PARAGRAPHS.values() for t in texts] + ENGLISH + ["Isis fell ."]
    docs = [Document(t) for t in texts] + [Document(ENGLISH[0], {"lang": "de"})]
    step = LanguageStep()
    ready = step.prepare(docs)
    assert ready == step and ready is not step  # the same options, the detections held
    assert [ready(doc) for doc in docs] == [step(doc) for doc in docs]
    # a document it was not prepared for (an equal copy) is detected as usual
    assert ready(Document(texts[0])) == step(Document(texts[0]))


@given(st.text(max_size=300))
def test_letters_are_counted_as_str_isalpha(text: str) -> None:
    assert _letters(text) == sum(map(str.isalpha, text))


@pytest.mark.parametrize(
    ("text", "letters"),
    [
        pytest.param("Isis fell 3 times.", 13, id="ascii"),
        pytest.param("Ça va, 2 élèves", 10, id="latin"),
        pytest.param("東京 2017", 2, id="cjk"),
        pytest.param("_\t0-9\x7f", 0, id="no-letters"),
    ],
)
def test_letters_rows(text: str, letters: int) -> None:
    assert _letters(text) == letters


def test_threads_have_their_own_scratch_and_the_same_scores() -> None:
    texts = [t for texts in PARAGRAPHS.values() for t in texts] + ENGLISH
    expected = [_identifier().classify(t) for t in texts]
    found: dict[int, list[tuple[str, float]]] = {}
    scratch: dict[int, Any] = {}  # the arrays themselves: their ids stay distinct

    def run(k: int) -> None:
        scratch[k] = _slots(1)
        found[k] = [_identifier().classify(t) for t in texts * 5][: len(texts)]

    threads = [threading.Thread(target=run, args=(k,)) for k in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(found[k] == expected for k in range(3))
    assert len({id(array) for array in scratch.values()}) == 3


@given(st.lists(_TEXTS, max_size=6))
def test_probabilities_of_many_texts_are_each_ones_bit_for_bit(
    stock_identifier: Any, texts: list[str]
) -> None:
    """The probabilities of a batch, a numpy operation per step over all its rows, are
    each text's own as py3langid computes them alone, bit for bit, and so are the labels."""
    ours = _identifier()
    decoded = [*texts, "", "The army said so."]
    encoded = [ours._encode(text) for text in decoded]
    rows = ours._probabilities_many(ours._raw_scores(encoded), [len(t) for t in encoded])
    for text, row in zip(decoded, rows, strict=True):
        assert np.array_equal(row, stock_identifier._decide(text))
    assert ours.classify_many(decoded) == [stock_identifier.classify(text) for text in decoded]
