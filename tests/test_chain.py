"""Chains: composition, config round trips, drops, lazy mapping, stats, custom steps."""

from __future__ import annotations

import copy
import sys
import textwrap
import time
import uuid
from dataclasses import dataclass
from typing import ClassVar

import pytest

import newsclean
from newsclean import Chain, ChainStats, ConfigError, Document, Drop, Outcome, default_chain
from newsclean.limits import regex_timeout
from newsclean.steps import (
    BoilerplateStep,
    DatesStep,
    DuplicatesStep,
    EntitiesStep,
    LanguageStep,
    ParagraphsStep,
    SpacingStep,
    StructureStep,
    TyposStep,
    UnicodeStep,
)
from newsclean.steps.base import Step

DEFAULT_NAMES = (
    "unicode",
    "language",
    "boilerplate",
    "duplicates",
    "paragraphs",
    "spacing",
    "typos",
    "entities",
    "structure",
    "dates",
)
LAYOUT = ("duplicates", "paragraphs", "structure")


@newsclean.step
def drop_short(doc, *, min_words: int = 3):
    """Drop documents with fewer than ``min_words`` words."""
    if len(doc.text.split()) < min_words:
        raise Drop(f"fewer than {min_words} words")
    return doc


@newsclean.step
def drop_empty(doc):
    """Drop empty documents by returning None."""
    return doc if doc.text.strip() else None


@newsclean.step
def exclaim(doc, *, marks: int = 1, word: str = "!"):
    """Append marks."""
    return doc.text + word * marks


@newsclean.step(name="tagger")
def tag_source(doc, *, source: str = "wire"):
    """Return a document with meta added (and the text unchanged)."""
    return doc.with_meta(source=source)


@newsclean.step
def explode(doc):
    raise AssertionError("a step after a drop must not run")


# -- composition -------------------------------------------------------------------


def test_default_chain_names_and_types():
    chain = default_chain()
    assert chain.names == DEFAULT_NAMES
    assert len(chain) == 10
    assert [type(s) for s in chain] == [
        UnicodeStep,
        LanguageStep,
        BoilerplateStep,
        DuplicatesStep,
        ParagraphsStep,
        SpacingStep,
        TyposStep,
        EntitiesStep,
        StructureStep,
        DatesStep,
    ]
    assert isinstance(chain["typos"], TyposStep)


def test_pipe_composes_steps_and_chains():
    chain = Chain([UnicodeStep()]) | SpacingStep()
    assert chain.names == ("unicode", "spacing")
    longer = chain | Chain([TyposStep(), DatesStep()])
    assert longer.names == ("unicode", "spacing", "typos", "dates")
    assert chain.names == ("unicode", "spacing")  # the left chain is not changed
    assert longer("They will be join on 29 November 2017 .").text == (
        "They will join on 2017-11-29."
    )


def test_without_and_only():
    chain = default_chain()
    assert chain.without("typos", "dates", *LAYOUT).names == (
        "unicode",
        "language",
        "boilerplate",
        "spacing",
        "entities",
    )
    assert chain.only("dates", "unicode").names == ("unicode", "dates")  # chain order
    assert chain.names == DEFAULT_NAMES
    assert chain.only("spacing")("year .").text == "year."
    assert chain.without("spacing")("year .").text == "year ."


@pytest.mark.parametrize("call", ["without", "only", "getitem"])
def test_unknown_step_name_is_a_key_error(call):
    chain = default_chain()
    with pytest.raises(KeyError, match="nope"):
        if call == "getitem":
            chain["nope"]
        else:
            getattr(chain, call)("spacing", "nope")


def test_duplicate_names_are_a_config_error():
    with pytest.raises(ConfigError, match=r"unique.*spacing"):
        Chain([SpacingStep(), TyposStep(), SpacingStep(disable=["spacing.edges"])])
    with pytest.raises(ConfigError, match="unique"):
        default_chain() | SpacingStep()
    with pytest.raises(ConfigError, match="unique"):
        default_chain() | default_chain().only("dates")


def test_a_chain_holds_only_steps():
    with pytest.raises(TypeError, match="not a step"):
        Chain([SpacingStep(), str.upper])


def test_chain_equality_follows_step_options():
    assert default_chain() == default_chain()
    assert default_chain() != default_chain(typos={"disable": ["typos.doubled_word"]})
    assert default_chain().fingerprint() == default_chain().fingerprint()
    assert default_chain().fingerprint() != default_chain(dates={"rewrite": False}).fingerprint()


def test_running_accepts_text_or_document():
    chain = default_chain()
    doc = Document("Isis fell .", {"source": "a.txt"})
    assert chain(doc).meta["source"] == "a.txt"
    assert chain("Isis fell .").text == chain(doc).text == "Islamic State fell."
    assert chain.run(doc) == Outcome(chain(doc))


def test_clean_shortcut():
    text = "Isis advanced .They will be join the mission on 29 November 2017."
    expected = "Islamic State advanced. They will join the mission on 2017-11-29."
    assert newsclean.clean(text) == expected
    assert newsclean.clean(text, date="2017-11-29") == expected
    assert newsclean.clean("") == ""


@pytest.mark.parametrize(
    "text",
    [
        "Isis advanced .They will be join the mission on 29 November 2017.",
        "the so-called Isis group and So-called ISIS fighters",
        "Leave  a Reply\n\nName (required)\n\nThe end.",
        "A.\n\n\n\u00a9 2017 Reuters\nB.\n\n",
        "invest\u00a0\u00c2\u00a310m",
        "The insurgents.ISIS fighters left.",
        "The insurgents .ISIS fighters left.",
        "The army fought ISIS.The war ended.",
        "They fled.daesh followed.",
    ],
)
def test_default_chain_is_idempotent(text):
    once = default_chain()(text).text
    assert default_chain()(once).text == once


def test_default_chain_is_idempotent_on_the_seeds(seed_texts):
    chain = default_chain()
    for text in seed_texts.values():
        once = chain(text)
        assert once.edits
        assert chain(once.text).text == once.text


# -- config ------------------------------------------------------------------------


def test_config_round_trip_of_the_default_chain():
    chain = default_chain()
    config = chain.to_config()
    assert [t["step"] for t in config["steps"]] == list(DEFAULT_NAMES)
    assert Chain.from_config(config) == chain


def test_config_round_trip_with_options():
    chain = default_chain(
        unicode={"quotes": "keep"},
        spacing={"disable": ["spacing.after_punct", "spacing.blank_lines"]},
        boilerplate={"disable": ["boilerplate.ad_label"]},
        entities={"mode": "annotate"},
        dates={"format": "%d/%m/%Y"},
    )
    config = chain.to_config()
    spacing = next(t for t in config["steps"] if t["step"] == "spacing")
    assert spacing["disable"] == ["spacing.after_punct", "spacing.blank_lines"]  # sorted list
    again = Chain.from_config(config)
    assert again == chain
    assert again["spacing"].disable == frozenset({"spacing.after_punct", "spacing.blank_lines"})
    assert again.to_config() == config


def test_config_from_a_toml_file(tmp_path):
    path = tmp_path / "chain.toml"
    path.write_text(
        textwrap.dedent(
            """
            [[steps]]
            step = "unicode"
            quotes = "keep"

            [[steps]]
            step = "spacing"
            disable = ["spacing.after_punct"]

            [[steps]]
            step = "dates"
            rewrite = false
            """
        ),
        encoding="utf-8",
    )
    chain = Chain.from_config(path)
    assert chain.names == ("unicode", "spacing", "dates")
    assert chain["unicode"].quotes == "keep"
    assert chain["spacing"].disable == frozenset({"spacing.after_punct"})
    doc = chain("\u201cIt was a problem.If so ,\u201d he said on 29 November 2017.")
    assert doc.text == "\u201cIt was a problem.If so,\u201d he said on 29 November 2017."
    assert [d.value for d in doc.dates] == ["2017-11-29"]
    assert Chain.from_config(chain.to_config()) == chain
    assert Chain.from_config(str(path)) == chain


def test_extends_default_config(tmp_path):
    path = tmp_path / "chain.toml"
    path.write_text(
        textwrap.dedent(
            """
            extends = "default"
            without = ["dates", "entities"]

            [options.typos]
            disable = ["typos.doubled_word"]

            [options.unicode]
            quotes = "keep"
            """
        ),
        encoding="utf-8",
    )
    chain = Chain.from_config(path)
    assert chain.names == (
        "unicode",
        "language",
        "boilerplate",
        "duplicates",
        "paragraphs",
        "spacing",
        "typos",
        "structure",
    )
    assert chain["typos"].disable == frozenset({"typos.doubled_word"})
    assert chain("the the Isis on 29 November 2017").text == "the the Isis on 29 November 2017"
    assert chain == default_chain(
        typos={"disable": ["typos.doubled_word"]}, unicode={"quotes": "keep"}
    ).without("dates", "entities")


@pytest.mark.parametrize(
    ("config", "message"),
    [
        pytest.param({"steps": [{"step": "nope"}]}, r"unknown step 'nope'.*spacing", id="step"),
        pytest.param(
            {"steps": [{"step": "spacing", "disabled": ["x"]}]},
            r"step 'spacing' has no option 'disabled' \(options: disable\)",
            id="option",
        ),
        pytest.param(
            {"steps": [{"step": "unicode", "quotes": "fancy"}]}, r"quotes.*'fancy'", id="value"
        ),
        pytest.param(
            {"steps": [{"step": "spacing", "disable": ["spacing.nope"]}]},
            r"spacing.nope",
            id="disabled-rule",
        ),
        pytest.param({"step": "spacing"}, r"unknown config key\(s\): step", id="key"),
        pytest.param({}, r"list of steps", id="no-steps"),
        pytest.param({"steps": [{"disable": []}]}, r"steps\[0\] needs a 'step' key", id="table"),
        pytest.param({"extends": "other"}, r'extends = "default"', id="extends-other"),
        pytest.param(
            {"extends": "default", "steps": []}, r'extends = "default"', id="extends-and-steps"
        ),
        pytest.param(
            {"extends": "default", "options": {"nope": {}}}, r"no step named nope", id="opt-step"
        ),
        pytest.param(
            {"extends": "default", "options": {"typos": {"colour": 1}}},
            r"step 'typos' has no option 'colour'",
            id="opt-option",
        ),
        pytest.param(
            {"steps": [{"step": "no_such_module_xyz:fn"}]},
            r"cannot import step 'no_such_module_xyz:fn'",
            id="module",
        ),
        pytest.param(
            {"steps": [{"step": "newsclean:Document"}]}, r"is not a step", id="not-a-step"
        ),
    ],
)
def test_bad_config_is_a_config_error(config, message):
    with pytest.raises(ConfigError, match=message):
        Chain.from_config(config)


def test_config_file_errors(tmp_path):
    with pytest.raises(ConfigError, match="cannot read config"):
        Chain.from_config(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[[steps]\nstep = ", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        Chain.from_config(bad)


def test_step_options_are_checked_in_python_too():
    with pytest.raises(ConfigError, match="quotes"):
        UnicodeStep(quotes="fancy")
    with pytest.raises(ConfigError, match=r"typos\.nope"):
        TyposStep(disable=frozenset({"typos.nope"}))
    with pytest.raises(ConfigError, match="no step named nope"):
        default_chain(nope={})


# -- drops -------------------------------------------------------------------------


def test_drop_gives_an_outcome_with_step_and_reason():
    chain = Chain([SpacingStep(), drop_short(min_words=3), explode()])
    outcome = chain.run("Too  short")
    assert outcome == Outcome(None, "drop_short", "fewer than 3 words")
    assert chain("Too  short") is None


def test_none_drops_with_a_generic_reason():
    chain = Chain([SpacingStep(), drop_empty(), explode()])
    outcome = chain.run("  \n ")
    assert outcome.document is None
    assert outcome.dropped_by == "drop_empty"
    assert outcome.reason == "dropped"


def test_kept_documents_have_no_drop_fields():
    outcome = Chain([drop_short(), drop_empty()]).run("three words here")
    assert outcome.document.text == "three words here"
    assert outcome.dropped_by is None and outcome.reason is None


# -- map and stats -------------------------------------------------------------------


def test_map_is_lazy_batch_by_batch():
    consumed = []

    def documents():
        for i in range(4):
            consumed.append(i)
            yield f"Document {i} ."
        raise AssertionError("read past what was asked for")

    results = default_chain().map(documents(), batch_size=2)
    assert consumed == []  # nothing is read before the first result is asked for
    first = next(results)
    assert first.text == "Document 0."
    assert consumed == [0, 1]  # one batch
    assert next(results).text == "Document 1."
    assert consumed == [0, 1]
    assert [next(results).text, next(results).text] == ["Document 2.", "Document 3."]
    assert consumed == [0, 1, 2, 3]


@newsclean.step
def fail_on(doc, *, word: str = "bug"):
    """A step with a bug that shows on documents containing ``word``."""
    if word in doc.text:
        raise ZeroDivisionError(f"a bug on {doc.text!r}")
    return doc


@newsclean.step
def slow_on(doc, *, word: str = "slow", seconds: float = 0.2):
    """A step that takes ``seconds`` on documents containing ``word``."""
    if word in doc.text:
        time.sleep(seconds)
    return doc


BATCH = [
    "Isis fell .",  # cleaned
    "Short",  # dropped by drop_short
    "x " * 40,  # over max_doc_size
    "They will be join .",  # cleaned
    "a bug here",  # a step raises
    "",  # dropped
    "the the end",  # cleaned
]


def outcome_or_error(chain: Chain, text: str) -> Outcome | tuple[str, str]:
    try:
        return chain.run(text)
    except Exception as exc:
        return type(exc).__name__, str(exc)


@pytest.mark.parametrize("size", [1, 2, 3, 7])
def test_run_many_gives_each_document_what_run_gives_it(size: int) -> None:
    chain = (default_chain() | drop_short(min_words=2) | fail_on()).with_limits(
        newsclean.Limits(max_doc_size=60)
    )
    expected = [outcome_or_error(chain, text) for text in BATCH]
    got: list[object] = []
    for start in range(0, len(BATCH), size):
        for result in chain.run_many(BATCH[start : start + size]):
            got.append(
                (type(result).__name__, str(result)) if isinstance(result, Exception) else result
            )
    assert got == expected
    assert [type(r).__name__ for r in got] == [
        "Outcome", "Outcome", "tuple", "Outcome", "tuple", "Outcome", "Outcome"
    ]  # fmt: skip


@pytest.mark.parametrize("size", [1, 2, 64])
def test_map_gives_the_same_documents_and_stats_in_any_batch_size(size: int) -> None:
    chain = (default_chain() | drop_short(min_words=2)).with_limits(
        newsclean.Limits(max_doc_size=60)
    )
    texts = [t for t in BATCH if "bug" not in t]
    one, many = ChainStats(), ChainStats()
    alone = [chain.map([t], stats=one) for t in texts]
    assert list(chain.map(texts, stats=many, batch_size=size)) == [d for m in alone for d in m]
    assert many == one
    assert many.failed == {"limit.doc_size": 1} and many.documents_out == 3


def test_map_raises_a_steps_bug_at_its_documents_turn() -> None:
    results = Chain([SpacingStep(), fail_on()]).map(["Isis fell .", "a bug here", "x"])
    assert next(results).text == "Isis fell."
    with pytest.raises(ZeroDivisionError, match="a bug on 'a bug here'"):
        next(results)


def test_map_batches_close_on_documents_or_characters(monkeypatch) -> None:
    from newsclean.chain import BATCH_CHARS, BATCH_SIZE

    sizes: list[int] = []
    run_many = Chain.run_many

    def counting(self, docs):
        sizes.append(len(docs))
        return run_many(self, docs)

    monkeypatch.setattr(Chain, "run_many", counting)
    chain = Chain([SpacingStep()])
    assert len(list(chain.map(["Isis fell ."] * (BATCH_SIZE + 3)))) == BATCH_SIZE + 3
    long = "word " * (BATCH_CHARS * 3 // 4 // 5)  # three quarters of a batch's characters
    assert len(list(chain.map([long, Document(long), long, "short ."]))) == 4
    assert sizes == [BATCH_SIZE, 3, 2, 2]


def test_map_refuses_an_empty_batch() -> None:
    with pytest.raises(ValueError, match="batch_size must be at least 1"):
        next(default_chain().map(["x"], batch_size=0))


def test_each_document_of_a_batch_has_its_own_time_budget() -> None:
    # the batch takes longer than the limit in all, each fast document much less
    chain = Chain([slow_on(), SpacingStep()], limits=newsclean.Limits(time_limit=0.1))
    results = chain.run_many(["one .", "slow .", "two .", "three ."])
    assert isinstance(results[1], newsclean.LimitExceeded)
    assert results[1].reason == "limit.time"
    assert "before step 'spacing'" in str(results[1])
    assert [r.document.text for r in results if isinstance(r, Outcome)] == [
        "one.",
        "two.",
        "three.",
    ]


@dataclass(frozen=True)
class Measure(Step):
    """A step that measures a batch's documents in ``prepare``; ``apply`` says whether it
    found its document's measure there (``meta["prepared"]``)."""

    name: ClassVar[str] = "measure"
    fail: bool = False  # prepare has a bug
    pause: float = 0.0  # prepare takes this long

    def prepare(self, docs):
        time.sleep(self.pause)
        if self.fail:
            raise ZeroDivisionError("a bug in prepare")
        ready = copy.copy(self)
        object.__setattr__(ready, "_sizes", {id(doc): len(doc.text) for doc in docs})
        return ready

    def apply(self, doc):
        sizes = self.__dict__.get("_sizes", {})
        return doc.with_meta(size=sizes.get(id(doc), len(doc.text)), prepared=id(doc) in sizes)


@pytest.mark.parametrize(
    ("step", "texts", "prepared"),
    [
        pytest.param(Measure(), ["one .", "three ."], True, id="batch"),
        pytest.param(Measure(), ["one ."], False, id="one-document"),
        pytest.param(Measure(fail=True), ["one .", "three ."], False, id="prepare-fails"),
    ],
)
def test_a_batch_is_prepared_once_and_gives_what_each_document_alone_gets(
    step: Step, texts: list[str], prepared: bool
) -> None:
    chain = Chain([SpacingStep(), step])
    results = chain.run_many(texts)
    assert [r.document.meta["prepared"] for r in results] == [prepared] * len(texts)
    assert [r.document.meta["size"] for r in results] == [len(t) - 1 for t in texts]
    alone = [chain.run(t).document for t in texts]
    assert [(d.text, d.meta["size"]) for d in alone] == [
        (r.document.text, r.document.meta["size"]) for r in results
    ]


def test_the_time_of_preparing_a_batch_is_shared_by_its_documents() -> None:
    # 0.3 s of preparing, 0.15 s for each document: both over a limit of 0.1 s
    chain = Chain([Measure(pause=0.3), SpacingStep()], limits=newsclean.Limits(time_limit=0.1))
    results = chain.run_many(["one .", "two ."])
    assert [r.reason for r in results] == ["limit.time", "limit.time"]
    assert all("before step 'spacing'" in str(r) for r in results)
    # 0.1 s of preparing, 0.05 s each: both go on
    chain = Chain([Measure(pause=0.1), SpacingStep()], limits=newsclean.Limits(time_limit=0.1))
    assert [r.document.text for r in chain.run_many(["one .", "two ."])] == ["one.", "two."]


@dataclass(frozen=True)
class Deadlines(Step):
    """A step that records, in ``meta["left"]``, the time budget a pattern would get."""

    name: ClassVar[str] = "deadlines"

    def prepare(self, docs):
        assert regex_timeout() is None  # no document's budget while preparing a batch
        return self

    def apply(self, doc):
        left = regex_timeout()
        inner = Chain([Inner()], limits=newsclean.Limits(time_limit=1000.0)).run(doc).document
        assert regex_timeout() == pytest.approx(left, abs=0.05)  # the inner chain's is gone
        return doc.with_meta(left=left, inner=inner.meta["inner"])


@dataclass(frozen=True)
class Inner(Step):
    name: ClassVar[str] = "inner"

    def apply(self, doc):
        return doc.with_meta(inner=regex_timeout())


@pytest.mark.parametrize(
    ("time_limit", "expected"), [(30.0, 30.0), (None, None)], ids=["limit", "no-limit"]
)
def test_a_step_sees_its_documents_time_budget_and_only_there(
    time_limit: float | None, expected: float | None
) -> None:
    chain = Chain([Deadlines()], limits=newsclean.Limits(time_limit=time_limit))
    results = chain.run_many(["one", "two"])
    for result in results:
        left = result.document.meta["left"]
        assert left is None if expected is None else 0 < left <= expected
        assert 990 < result.document.meta["inner"] <= 1000  # the nested chain's own budget
    assert regex_timeout() is None


def test_map_skips_dropped_documents_and_counts_them():
    chain = default_chain() | drop_short(min_words=2)
    stats = ChainStats()
    texts = ["Isis fell .", "Short", "They will be join .", "", "the the end"]
    out = [d.text for d in chain.map(texts, stats=stats)]
    assert out == ["Islamic State fell.", "They will join.", "the end"]
    assert stats.documents_in == 5
    assert stats.documents_out == 3
    assert stats.dropped == {("drop_short", "fewer than 2 words"): 2}
    assert stats.edits[("spacing", "spacing.before_punct")] == 2
    assert stats.edits[("entities", "entities.canonical")] == 1
    assert stats.edits[("typos", "typos.modal_be_verb")] == 1
    assert stats.edits[("typos", "typos.doubled_word")] == 1
    assert sum(stats.edits.values()) == 5


def test_stats_to_dict_and_merge():
    chain = default_chain() | drop_short(min_words=2)
    first, second = ChainStats(), ChainStats()
    list(chain.map(["Isis fell .", "x"], stats=first))
    list(chain.map(["the year .", "y"], stats=second))
    first.merge(second)
    assert first.to_dict() == {
        "documents_in": 4,
        "documents_out": 2,
        "dropped": [{"step": "drop_short", "reason": "fewer than 2 words", "count": 2}],
        "edits": {
            "entities": {"entities.canonical": 1},
            "spacing": {"spacing.before_punct": 2},
        },
        "skipped": [],
        "failed": [],
    }


# -- custom steps ----------------------------------------------------------------------


def test_decorated_step_with_keyword_options():
    step = exclaim(marks=2, word="?")
    assert step.name == "exclaim"
    assert step.options() == {"marks": 2, "word": "?"}
    assert exclaim() == exclaim(marks=1)
    doc = step(Document("Really"))
    assert doc.text == "Really??"
    assert [(e.step, e.rule, e.start, e.old, e.new) for e in doc.edits] == [
        ("exclaim", "exclaim.rewrite", 6, "", "??")
    ]
    assert step.to_config() == {"step": f"{__name__}:exclaim", "marks": 2, "word": "?"}
    chain = Chain([SpacingStep(), step])
    assert Chain.from_config(chain.to_config()) == chain


def test_decorated_step_returning_a_document_and_a_custom_name():
    step = tag_source(source="agency")
    assert step.name == "tagger"
    doc = (default_chain() | step)("Isis fell .")
    assert doc.meta["source"] == "agency"
    assert doc.text == "Islamic State fell."
    assert doc.edits_by("tagger") == ()


def test_decorated_step_refuses_unknown_options_and_options_without_defaults():
    with pytest.raises(ConfigError, match=r"has no option 'volume' \(options: marks, word\)"):
        Chain.from_config({"steps": [{"step": f"{__name__}:exclaim", "volume": 11}]})
    with pytest.raises(TypeError, match="need defaults"):

        @newsclean.step
        def bad(doc, *, required):
            return doc


@pytest.fixture
def module_in_tmp_path(tmp_path, monkeypatch):
    """A fresh module with a decorated step, in tmp_path; sys.path and modules restored."""
    name = f"newsclean_custom_{uuid.uuid4().hex[:12]}"
    (tmp_path / f"{name}.py").write_text(
        textwrap.dedent(
            '''
            import newsclean

            @newsclean.step
            def shout(doc, *, marks: int = 1, suffix: str = "!"):
                """Upper-case the text and add marks."""
                return doc.text.upper() + suffix * marks
            '''
        ),
        encoding="utf-8",
    )
    monkeypatch.setattr(sys, "path", list(sys.path))
    yield name
    sys.modules.pop(name, None)


def test_custom_step_module_from_a_toml_config(tmp_path, module_in_tmp_path):
    name = module_in_tmp_path
    config = tmp_path / "chain.toml"
    config.write_text(
        textwrap.dedent(
            f"""
            [[steps]]
            step = "spacing"

            [[steps]]
            step = "{name}:shout"
            marks = 3
            """
        ),
        encoding="utf-8",
    )
    assert name not in sys.modules
    chain = Chain.from_config(config)
    assert str(tmp_path.resolve()) in sys.path
    assert chain.names == ("spacing", "shout")
    doc = chain("news  in brief")
    assert doc.text == "NEWS IN BRIEF!!!"
    assert [e.rule for e in doc.edits] == ["spacing.repeated", "shout.rewrite"]
    table = chain.to_config()["steps"][1]
    assert table == {"step": f"{name}:shout", "marks": 3, "suffix": "!"}
    assert Chain.from_config(chain.to_config()) == chain
