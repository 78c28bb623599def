"""The ``entities`` step: gazetteer, forms, guards, modes, options and the generated data."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsclean import Chain, ConfigError, Document, default_chain, replay
from newsclean.steps import EntitiesStep
from newsclean.steps.entities import known_names

REPO = Path(__file__).resolve().parent.parent
IS = "Islamic State"


def run(text: str, step: EntitiesStep | None = None) -> Document:
    """Run the step; check the edits replay and every annotation indexes the new text."""
    step = step or EntitiesStep()
    out = step(Document(text))
    assert replay(text, out.edits) == out.text
    assert all(e.rule in EntitiesStep.rules for e in out.edits)
    for e in out.entities:
        assert out.text[e.start : e.end] == e.text
    return out


REWRITES = [
    # aliases, possessives, plurals
    pytest.param("Isis advanced.", f"{IS} advanced.", id="isis"),
    pytest.param("ISIL and Da'esh fighters", f"{IS} and {IS} fighters", id="isil-daesh"),
    pytest.param("Daech a revendiqué", f"{IS} a revendiqué", id="daech"),
    pytest.param("Isis's leaders fled", f"{IS}'s leaders fled", id="possessive"),
    pytest.param("Daesh's ability", f"{IS}'s ability", id="possessive-daesh"),
    pytest.param("Daesh\u2019s ability", f"{IS}\u2019s ability", id="possessive-curly"),
    pytest.param("the so-called Islamic State group", f"the {IS} group", id="so-called"),
    pytest.param("Islamic State of Iraq and the Levant", IS, id="long-form"),
    pytest.param("anti-Isis coalition", f"anti-{IS} coalition", id="prefix-compound"),
    pytest.param("an ISIS-schemed plot", f"an {IS}-schemed plot", id="suffix-compound"),
    pytest.param("al-Qaida and Hizbollah", "al-Qaeda and Hezbollah", id="other-groups"),
    pytest.param("the Taleban took Kabul", "the Taliban took Kabul", id="taliban"),
    # the IS guard lets the group through
    pytest.param("IS fighters and the IS group", f"{IS} fighters and the {IS} group", id="IS"),
    pytest.param("the rise of IS in Syria", f"the rise of {IS} in Syria", id="of-IS"),
    # no doubling
    pytest.param("the Islamic State (ISIS) insurgents", f"the {IS} insurgents", id="no-doubling"),
    pytest.param("Daesh (Isis) fell", f"{IS} fell", id="no-doubling-aliases"),
    pytest.param("(ISIS) claimed it", f"({IS}) claimed it", id="bracket-alone"),
    # articles and forms
    pytest.param("Britain is preparing", "The UK is preparing", id="sentence-start"),
    pytest.param("He said Britain is ready.", "He said the UK is ready.", id="mid-sentence"),
    pytest.param("UK forces left", "UK forces left", id="modifier-stays"),
    pytest.param("troops from the United Kingdom are", "troops from the UK are", id="the-uk"),
    pytest.param("The United Kingdom said", "The UK said", id="The-uk"),
    pytest.param("Britain's influence", "The UK's influence", id="possessive-start"),
    pytest.param("an attack in Britain.", "an attack in the UK.", id="sentence-end"),
    pytest.param('"Britain will', '"The UK will', id="after-quote"),
    pytest.param("- Britain will", "- The UK will", id="bullet"),
    pytest.param("A. Britain will", "A. The UK will", id="after-full-stop"),
    pytest.param("a Britain-based firm", "a UK-based firm", id="compound-modifier"),
    pytest.param("America and the U.S. military", "The US and the US military", id="america"),
    pytest.param("the U.S. Army", "the U.S. Army", id="dotted-before-capital"),
    pytest.param("in the U.K.", "in the UK.", id="dotted-at-end"),
    pytest.param("the U.S.-led case", "the US-led case", id="dotted-compound"),
    pytest.param("the Republic of Iraq is", "Iraq is", id="official-name"),
    pytest.param("the Republic of the Philippines", "the Philippines", id="official-the"),
    pytest.param("the United Arab Emirates", "the UAE", id="uae"),
    pytest.param("the Democratic Republic of the Congo", "DR Congo", id="drc"),
    pytest.param("Viet Nam and Türkiye", "Vietnam and Turkey", id="pycountry-names"),
    pytest.param("the United Nations and Nato", "the UN and NATO", id="organisations"),
    pytest.param("the MoD said", "the Ministry of Defence said", id="mod"),
    pytest.param(
        "the Iraq Counter Anti-Terror Service", "the Iraq Counter-Terrorism Service", id="cts"
    ),
]


@pytest.mark.parametrize(("text", "expected"), REWRITES)
def test_rewrites(text, expected):
    out = run(text)
    assert out.text == expected
    assert run(out.text).text == out.text  # idempotent


UNCHANGED = [
    # the verb, in headlines and prose
    pytest.param("WHO IS TO BLAME? IT IS OVER", id="verb-IS-headline"),
    pytest.param("What is IS? That is the question he is asking.", id="verb-is"),
    pytest.param("Let US know", id="US-in-caps"),
    pytest.param("he is in us and them", id="lowercase-us"),
    # Isis the name, the goddess, the river
    pytest.param("Isis Smith scored twice for the under-21s.", id="isis-first-name"),
    pytest.param("a temple of Isis on the Nile", id="goddess"),
    pytest.param("the goddess Isis and the River Isis", id="river"),
    pytest.param("isis the goddess", id="lowercase-isis"),
    pytest.param("Isiss and ISIS2 and crisis", id="inside-words"),
    pytest.param("the Isis-K group", id="isis-k"),
    # demonyms are not countries; words that contain a name
    pytest.param("British and American troops, Iraqi and Syrian forces", id="demonyms"),
    pytest.param("Ukraine's Ukrainian units and Chadian troops", id="containing"),
    # country names that are words or names
    pytest.param("Chad Smith and Michael Jordan played", id="first-names"),
    pytest.param("a turkey dinner on fine china plates", id="lowercase-words"),
    pytest.param("Georgia Tech beat Atlanta, Georgia rivals", id="georgia"),
    pytest.param("a guinea pig from New Guinea", id="guinea"),
    pytest.param("oil from the Niger Delta and the River Niger", id="niger"),
    pytest.param("the Jordan River and Jordan Henderson", id="jordan"),
    pytest.param("He moved to New Jersey.", id="new-jersey"),
    pytest.param("India Knight wrote it in Latin America.", id="india-america"),
    # URLs and e-mail addresses
    pytest.param("see https://example.com/isis/Britain or www.daesh.example.org", id="urls"),
    pytest.param("Write to press@isis.example.com or isis.org/Britain now.", id="email-domain"),
]


@pytest.mark.parametrize("text", UNCHANGED)
def test_must_not_change(text):
    out = run(text)
    assert out.text == text
    assert out.edits == ()


@pytest.mark.parametrize(
    ("text", "annotated"),
    [
        pytest.param("Isis Smith met Chad officials", ["Chad"], id="guarded-out"),
        pytest.param("the UK and the US, UK forces", ["UK", "US", "UK"], id="canonical"),
        pytest.param(
            "Georgia, Armenia and Azerbaijan", ["Georgia", "Armenia", "Azerbaijan"], id="list"
        ),
        pytest.param("British and American", [], id="demonyms"),
        pytest.param("the Isis-K group", ["Isis"], id="isis-k"),
    ],
)
def test_annotations(text, annotated):
    assert [e.text for e in run(text).entities] == annotated


def test_annotations_carry_id_name_type_and_the_span_of_the_name():
    out = run("Britain and Daesh left Iraq.")
    assert out.text == "The UK and Islamic State left Iraq."
    assert [(e.id, e.name, e.type, e.start, e.end, e.text) for e in out.entities] == [
        ("GB", "UK", "country", 4, 6, "UK"),
        ("Q2429253", IS, "group", 11, 24, IS),
        ("IQ", "Iraq", "country", 30, 34, "Iraq"),
    ]
    assert out.to_record()["entities"][0] == {
        "id": "GB",
        "name": "UK",
        "type": "country",
        "start": 4,
        "end": 6,
        "text": "UK",
    }


def test_redundant_alias_edit_has_its_own_rule():
    out = run("the Islamic State (ISIS) insurgents")
    assert [(e.rule, e.old, e.new) for e in out.edits] == [
        ("entities.redundant_alias", " (ISIS)", "")
    ]
    assert [e.text for e in out.entities] == [IS]


def test_seeds(seed_texts):
    chain = default_chain()
    for key, text in seed_texts.items():
        out = chain(text).text
        for alias in ("ISIS", "Isis", "Daesh"):
            assert alias not in out, (key, alias)
        assert IS in out, key
    assert "the Islamic State insurgents" in chain(seed_texts["000"]).text
    assert "The UK is preparing to send soldiers" in chain(seed_texts["001"]).text


def test_annotate_mode_changes_no_text_but_lists_every_mention(seed_texts):
    step = EntitiesStep(mode="annotate")
    out = run("Britain and Isis (Daesh)", step)
    assert out.text == "Britain and Isis (Daesh)"
    assert [(e.id, e.text) for e in out.entities] == [
        ("GB", "Britain"),
        ("Q2429253", "Isis"),
        ("Q2429253", "Daesh"),
    ]
    for text in seed_texts.values():
        assert run(text, step).text == text


def test_verbatim_quotes():
    text = 'He said "Isis will fall" and Isis fell.'
    out = run(text, EntitiesStep(verbatim_quotes=True))
    assert out.text == f'He said "Isis will fall" and {IS} fell.'
    assert [e.text for e in out.entities] == ["Isis", IS]
    assert run(text).text == f'He said "{IS} will fall" and {IS} fell.'


def test_preferred_canonical_forms():
    britain = EntitiesStep(canonical={"GB": "Britain"})
    assert run("The UK is preparing, the United Kingdom said.", britain).text == (
        "Britain is preparing, Britain said."
    )
    assert [e.name for e in run("UK forces", britain).entities] == ["Britain"]
    table = EntitiesStep(canonical={"GB": {"noun": "Britain", "name": "UK"}})
    assert run("the UK government and the UK said", table).text == (
        "the UK government and Britain said"
    )


def test_disable_extra_entities_and_gazetteer_file(tmp_path):
    assert run("Isis left Iraq.", EntitiesStep(disable=frozenset({"Q2429253"}))).text == (
        "Isis left Iraq."
    )
    extra = {"id": "x1", "name": "Golden Division", "type": "body", "exact": ["ISOF"]}
    assert run("The ISOF and isof.", EntitiesStep(extra_entities=(extra,))).text == (
        "The Golden Division and isof."
    )
    path = tmp_path / "more.toml"
    path.write_text(
        '[[entity]]\nid = "IQ"\nmerge = true\nexact = ["Mesopotamia"]\n\n'
        '[[entity]]\nid = "nc:pmf"\nname = "Hashd"\ntype = "group"\naliases = ["PMF"]\n',
        encoding="utf-8",
    )
    step = EntitiesStep(gazetteer_file=str(path))
    assert run("Mesopotamia and the pmf", step).text == "Iraq and the Hashd"


@pytest.mark.parametrize(
    "config",
    [
        pytest.param(
            'extends = "default"\n[options.entities]\ngazetteer_file = "{}"\n', id="extends"
        ),
        pytest.param('[[steps]]\nstep = "entities"\ngazetteer_file = "{}"\n', id="steps"),
    ],
)
def test_gazetteer_file_is_relative_to_the_config_file(tmp_path, monkeypatch, config):
    folder = tmp_path / "conf"
    (folder / "lists").mkdir(parents=True)
    (folder / "lists" / "g.toml").write_text(
        '[[entity]]\nid = "IQ"\nmerge = true\nexact = ["Mesopotamia"]\n', encoding="utf-8"
    )
    (folder / "chain.toml").write_text(config.format("lists/g.toml"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # not the config's folder: the path must not be cwd-relative
    chain = Chain.from_config(folder / "chain.toml")
    assert chain["entities"].gazetteer_file == str(folder / "lists" / "g.toml")
    assert chain(Document("Mesopotamia fell.")).text == "Iraq fell."
    absolute = tmp_path / "abs.toml"
    absolute.write_text('[[entity]]\nid = "IQ"\nmerge = true\nexact = ["Babylon"]\n')
    (folder / "chain.toml").write_text(config.format(absolute), encoding="utf-8")
    assert Chain.from_config(folder / "chain.toml")["entities"].gazetteer_file == str(absolute)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        pytest.param({"mode": "rewrite-all"}, "mode must be one of", id="mode"),
        pytest.param({"disable": frozenset({"Q0"})}, "no entity Q0", id="disable"),
        pytest.param({"canonical": {"XX": "Nowhere"}}, "no entity XX", id="canonical"),
        pytest.param({"gazetteer_file": "/nonexistent.toml"}, "cannot read", id="file"),
        pytest.param(
            {"extra_entities": ({"id": "a", "name": "A", "type": "planet"},)}, "type", id="type"
        ),
        pytest.param(
            {"extra_entities": ({"id": "a", "name": "A", "type": "body", "alias": []},)},
            "unknown keys",
            id="key",
        ),
        pytest.param(
            {"extra_entities": ({"id": "a", "merge": True, "exact": ["B"]},)}, "merge", id="merge"
        ),
    ],
)
def test_bad_config_is_refused(options, message):
    with pytest.raises(ConfigError, match=message):
        EntitiesStep(**options)


def test_config_round_trip_and_toml():
    chain = default_chain(entities={"mode": "annotate", "canonical": {"GB": "Britain"}})
    assert Chain.from_config(chain.to_config()) == chain
    with pytest.raises(ConfigError, match="mode"):
        default_chain(entities={"mode": "off"})


def test_known_names_are_the_shipped_names():
    names = known_names()
    assert {"Daesh", "Isis", IS, "Britain", "United Kingdom", "UK", "Chad", "Türkiye"} <= names
    assert "the UK" not in names


def test_pickled_step_works():
    import pickle

    step = EntitiesStep(canonical={"GB": "Britain"})
    again = pickle.loads(pickle.dumps(step))
    assert again == step
    assert again(Document("the UK said")).text == "Britain said"


def test_generated_countries_file_is_current():
    pytest.importorskip("pycountry")
    spec = importlib.util.spec_from_file_location("build", REPO / "tools" / "build_countries.py")
    assert spec is not None and spec.loader is not None
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    committed = build.OUT.read_text(encoding="utf-8").splitlines()[1:]  # line 1: the version
    assert build.render().splitlines()[1:] == committed, "run python tools/build_countries.py"


NEWS_WORDS = st.sampled_from(
    [
        "Isis", "ISIS", "IS", "is", "Daesh's", "Britain", "the", "The", "UK", "U.K.", "US",
        "U.S.", "America", "Islamic", "State", "(ISIS)", "(", ")", "fighters", "Chad", "Smith",
        "Georgia", "-", "based", ".", ",", '"', "\n", "https://isis.example.com/x", "Iraq's",
        "United", "Kingdom", "so-called", "anti-Isis", "Isis-K", "Türkiye", "é", "'s",
    ]
)  # fmt: skip
news_like = st.lists(NEWS_WORDS, max_size=30).map(" ".join)
any_text = st.text(max_size=200)


@given(st.one_of(news_like, any_text))
def test_idempotent_and_never_raises(text):
    once = run(text)
    twice = run(once.text)
    assert twice.text == once.text


@given(st.one_of(news_like, any_text))
def test_annotate_mode_changes_no_text(text):
    out = run(text, EntitiesStep(mode="annotate"))
    assert out.text == text
    assert out.edits == ()


# -- the automaton: leftmost-longest matches, as the definition gives them ----------------

_SPELLINGS = ["Isis", "IS", "Islamic State", "Islamic State of Iraq", "State", "US", "U.S.", "Iraq"]


def leftmost_longest(text: str, spellings: list[str]) -> list[tuple[int, int]]:
    """The definition: from left to right, at each place the longest spelling that starts
    there, then on from its end."""
    found, pos = [], 0
    while pos < len(text):
        ends = [pos + len(s) for s in spellings if text.startswith(s, pos)]
        if ends:
            found.append((pos, max(ends)))
            pos = max(ends)
        else:
            pos += 1
    return found


@given(st.lists(st.sampled_from([*_SPELLINGS, " ", ".", "of ", "x", "\n", "Isl"]), max_size=30))
def test_automaton_finds_leftmost_longest_matches(parts):
    from newsclean.steps.entities import Gazetteer, GazetteerEntry

    text = "".join(parts)
    gazetteer = Gazetteer(
        [GazetteerEntry(f"e{i}", s, "body", exact=(s,)) for i, s in enumerate(_SPELLINGS)]
    )
    matches = [(s, e) for _, s, e in gazetteer.matches(text)]
    assert matches == leftmost_longest(text, gazetteer.spellings())
