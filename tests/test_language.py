"""The ``language`` step, and English-only rules leaving other languages alone.

The paragraphs below were written for the suite: news prose with names, numbers and
dates, and words that codespell's misspelling map would "correct" ("als", "vor",
"generell", "alle", "ist", "dass"), in German, French, Spanish, Russian and Japanese.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsclean import ChainStats, Document, default_chain
from newsclean.steps import (
    BoilerplateStep,
    DatesStep,
    EntitiesStep,
    LanguageStep,
    SpacingStep,
    TyposStep,
)
from newsclean.steps.base import ConfigError

CHAIN = default_chain()

PARAGRAPHS: dict[str, list[str]] = {
    "de": [
        "Die Bundesregierung hat am 29. November 2017 beschlossen, die Ausbildungsmission im "
        "Nordirak generell fortzusetzen. Verteidigungsministerin Ursula von der Leyen sagte in "
        "Berlin, rund 150 Soldaten sollen als Ausbilder vor Ort bleiben.",
        "Nach Angaben der Polizei wurden am Samstag in Köln mehr als 2.000 Menschen zu einer "
        "Kundgebung erwartet. Der Bürgermeister warnte vor Verkehrsbehinderungen in der "
        "Innenstadt, die bis in die Abendstunden andauern könnten.",
        "Der Dax schloss am Freitag mit einem Plus von 1,2 Prozent bei 13.023 Punkten. "
        "Analysten der Deutschen Bank hatten vor der Sitzung der Europäischen Zentralbank am "
        "14. Dezember generell mit einer ruhigen Woche gerechnet.",
        "Das Statistische Bundesamt meldete am 2017-11-29, dass die Zahl der Erwerbstätigen im "
        "Oktober um 0,3 Prozent gestiegen ist. Vor allem im Dienstleistungsbereich seien neue "
        "Stellen entstanden, teilte die Behörde in Wiesbaden mit.",
    ],
    "fr": [
        "Le président Emmanuel Macron s'est rendu mercredi 29 novembre 2017 à Ouagadougou, "
        "où il a prononcé un discours devant 800 étudiants. Il a annoncé un plan de 1,5 "
        "milliard d'euros pour soutenir l'éducation en Afrique de l'Ouest.",
        "Selon le ministère de l'Intérieur, plus de 280 000 manifestants ont défilé samedi "
        "dans toute la France contre la réforme des retraites. À Paris, le cortège est parti "
        "de la place de la République en début d'après-midi.",
        "La Banque de France prévoit une croissance de 1,7 % pour l'année prochaine, contre "
        "1,3 % en début d'année. Le gouverneur François Villeroy de Galhau a toutefois mis en "
        "garde contre les risques liés au commerce international.",
    ],
    "es": [
        "El Gobierno de España aprobó el martes 29 de noviembre de 2017 un plan de inversión "
        "de 5.000 millones de euros en infraestructuras. El ministro de Fomento, Íñigo de la "
        "Serna, dijo en Madrid que las obras comenzarán en enero.",
        "Al menos 23 personas murieron y decenas resultaron heridas en un accidente de "
        "autobús en la provincia de Chimborazo, según informó la policía ecuatoriana. El "
        "vehículo cubría la ruta entre Quito y Riobamba.",
        "La inflación en Argentina se situó en el 1,5 % en octubre, según el Instituto "
        "Nacional de Estadística y Censos. El Banco Central anunció el 29/11/2017 que "
        "mantendrá los tipos de interés sin cambios hasta marzo.",
    ],
    "ru": [
        "Президент России Владимир Путин 29 ноября 2017 года провёл совещание с членами "
        "правительства в Кремле. Обсуждались вопросы развития транспортной инфраструктуры и "
        "выделения 120 миллиардов рублей на строительство дорог.",
        "По данным МЧС, в результате пожара на складе в Подмосковье никто не пострадал. "
        "Площадь возгорания составила около 2000 квадратных метров, на месте работали 40 "
        "пожарных расчётов.",
        "Центральный банк снизил ключевую ставку до 8,25 процента годовых. Как заявила глава "
        "регулятора Эльвира Набиуллина, инфляция в стране остаётся на рекордно низком уровне.",
    ],
    "ja": [
        "政府は2017年11月29日、北朝鮮が弾道ミサイルを発射したと発表した。安倍晋三首相は記者団に"
        "対し、断じて容認できないと述べ、国連安全保障理事会の緊急会合を要請する考えを示した。",
        "東京証券取引所では30日、日経平均株価が前日比150円高の2万2724円で取引を終えた。"
        "輸出関連株を中心に買いが広がり、市場関係者は年末に向けた上昇を予想している。",
        "気象庁によると、台風21号は22日夜に静岡県に上陸し、関東地方を中心に記録的な大雨と"
        "なった。各地で避難勧告が出され、交通機関にも大きな乱れが生じた。",
    ],
}

ENGLISH = [
    "The Prime Minister visited British troops at Taji on Wednesday, the first visit by a "
    "serving leader since the campaign against Islamic State began in 2014.",
    "Inflation rose to 3.1 per cent in November, its highest level for almost six years, "
    "the Office for National Statistics said on Tuesday.",
    "Police in Manchester said a 23-year-old man had been arrested on suspicion of "
    "terrorism offences after the attack at the arena on 22 May 2017.",
    "Shares in the company fell by more than 10 per cent after it warned that profits "
    "would be lower than expected because of the weak pound.",
]

#: Steps whose English words must make no edit on another language's text.
ENGLISH_ONLY = {"typos", "boilerplate"}

OTHER = [
    pytest.param(lang, text, id=f"{lang}-{i}")
    for lang, texts in PARAGRAPHS.items()
    for i, text in enumerate(texts)
]


def _english_texts(seed_texts: dict[str, str]) -> list[str]:
    return [*ENGLISH, *seed_texts.values()]


# -- detection -----------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "text"), OTHER)
def test_detects_other_languages(lang: str, text: str):
    doc = LanguageStep()(Document(text))
    assert doc is not None
    assert doc.meta["language"] == lang
    assert 0.5 <= doc.meta["language_score"] <= 1.0


def test_detects_english_news_and_the_seeds(seed_texts):
    found = [LanguageStep()(Document(t)).meta.get("language") for t in _english_texts(seed_texts)]
    assert found == ["en"] * len(found)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("Isis fell .", id="short-english"),
        pytest.param("Der Dax schloss im Plus.", id="short-german"),
        pytest.param("2017-11-29 12:30 +++ 1.234,56 €", id="no-letters"),
        pytest.param("\n\n  \t", id="blank"),
    ],
)
def test_short_text_is_undetermined_and_runs_every_step(text: str):
    outcome = CHAIN.run(text)
    assert outcome.document is not None
    assert outcome.document.meta["language"] == "und"
    assert "language_score" not in outcome.document.meta
    assert outcome.skipped == ()


def test_the_sample_skips_short_lines():
    menu = "Home\nNews\nSport\nWeather\nSign in\n"
    doc = LanguageStep()(Document(menu + PARAGRAPHS["de"][0]))
    assert doc is not None and doc.meta["language"] == "de"


# -- the caller's language wins -------------------------------------------------------


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        pytest.param({"language": "fr"}, "fr", id="language"),
        pytest.param({"lang": "fr"}, "fr", id="lang"),
        pytest.param({"lang": "FR-be"}, "fr", id="lang-region"),
        pytest.param({"language": "pt_BR"}, "pt", id="underscore"),
        pytest.param({"language": "fr", "lang": "en"}, "fr", id="language-beats-lang"),
        pytest.param({"language": 7}, "de", id="not-a-string-detected"),
        pytest.param({"lang": "  "}, "de", id="blank-detected"),
    ],
)
def test_callers_language_wins(meta: dict[str, object], expected: str):
    doc = LanguageStep()(Document(PARAGRAPHS["de"][0], meta))
    assert doc is not None
    assert doc.meta["language"] == expected
    assert ("language_score" in doc.meta) == (expected == "de")


def test_callers_english_on_german_text_runs_english_rules():
    doc = CHAIN(Document("Die goverment sagte am Mittwoch nichts dazu.", {"language": "en"}))
    assert doc is not None and "government" in doc.text


def test_callers_und_means_unknown():
    outcome = CHAIN.run(Document(PARAGRAPHS["de"][0], {"language": "und"}))
    assert outcome.skipped == ()
    assert outcome.document is not None and outcome.document.meta["language"] == "und"


# -- other languages through the default chain ----------------------------------------


@pytest.mark.parametrize(("lang", "text"), OTHER)
def test_no_english_edits_on_other_languages(lang: str, text: str):
    outcome = CHAIN.run(text)
    doc = outcome.document
    assert doc is not None and doc.meta["language"] == lang
    assert [e for e in doc.edits if e.step in ENGLISH_ONLY] == []
    assert [e for e in doc.edits if e.step == "entities"] == []  # annotated, never rewritten
    for edit in doc.edits_by("dates"):  # only numeric dates are rewritten
        assert not any(c.isalpha() for c in edit.old), edit
    assert dict(outcome.skipped) == {
        "boilerplate": "language_rules",
        "typos": "language",
        "entities": "language_rules",
        "dates": "language_rules",
    }


#: Paragraphs the default chain must leave exactly as they are.
UNCHANGED = [
    pytest.param(text, id=f"{lang}-{i}")
    for lang, texts in PARAGRAPHS.items()
    for i, text in enumerate(texts)
    if "/" not in text  # the numeric date of the Spanish row is rewritten
]


@pytest.mark.parametrize("text", UNCHANGED)
def test_other_languages_are_left_alone(text: str):
    doc = CHAIN(text)
    assert doc is not None
    assert doc.text == text
    assert doc.edits == ()


def test_codespell_words_survive_in_german():
    text = PARAGRAPHS["de"][0]
    blind = CHAIN.without("language")(text)  # what the chain did before it knew languages
    assert blind is not None
    assert [(e.old, e.new) for e in blind.edits] == [("generell", "general")]
    doc = CHAIN(text)
    assert doc is not None and doc.text == text


def test_iso_and_numeric_dates_are_kept_in_other_languages():
    de = CHAIN(PARAGRAPHS["de"][3])
    assert de is not None
    assert [(d.value, d.text) for d in de.dates] == [("2017-11-29", "2017-11-29")]
    es = CHAIN(PARAGRAPHS["es"][2])
    assert es is not None
    assert [(e.rule, e.old, e.new) for e in es.edits] == [
        ("dates.absolute", "29/11/2017", "2017-11-29")
    ]
    assert [d.value for d in es.dates] == ["2017-11-29"]


def test_entities_are_annotated_in_other_languages():
    text = "Die Terrormiliz Daesh hat nach Angaben der Regierung in Bagdad große Teile ihres Gebiets im Irak verloren."
    doc = CHAIN(text)
    assert doc is not None and doc.text == text
    assert [(e.name, e.text) for e in doc.entities] == [("Islamic State", "Daesh")]


def test_language_neutral_boilerplate_still_goes():
    text = PARAGRAPHS["fr"][1] + "\n\n© 2017 AFP\n\nPartager cet article"
    doc = CHAIN(text)
    assert doc is not None
    assert [e.rule for e in doc.edits_by("boilerplate")] == ["boilerplate.copyright_sign"]
    assert doc.text.endswith("Partager cet article")


def test_english_documents_still_get_every_rule():
    text = (
        ENGLISH[0] + " Daesh will be join the goverment on 29 November 2017 .\nShare this:\nTwitter"
    )
    outcome = CHAIN.run(text)
    doc = outcome.document
    assert doc is not None and doc.meta["language"] == "en"
    assert outcome.skipped == ()
    assert {e.step for e in doc.edits} >= {"typos", "boilerplate", "dates", "entities"}


def test_steps_declare_their_languages():
    assert TyposStep.languages == frozenset({"en"}) and TyposStep.other_languages is None
    assert SpacingStep.languages is None
    assert EntitiesStep().for_language("ru") == EntitiesStep(mode="annotate")
    assert DatesStep(rewrite=False).for_language("ja") == DatesStep(rewrite=False, names=False)
    mine = BoilerplateStep(disable=frozenset({"boilerplate.copyright_sign"}))
    variant = mine.for_language("de")
    assert variant is not None and variant.disable == set(BoilerplateStep.rules)
    assert variant is mine.for_language("fr")  # made once per step


# -- the filter ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("allow", "text", "kept"),
    [
        pytest.param({"en"}, ENGLISH[0], True, id="english-kept"),
        pytest.param({"en"}, PARAGRAPHS["de"][0], False, id="german-dropped"),
        pytest.param({"en", "de"}, PARAGRAPHS["de"][0], True, id="german-allowed"),
        pytest.param({"en"}, "Isis fell .", False, id="unknown-dropped"),
        pytest.param({"en", "und"}, "Isis fell .", True, id="unknown-allowed"),
    ],
)
def test_allow_filter(allow: set[str], text: str, kept: bool):
    chain = default_chain(language={"allow": sorted(allow)})
    stats = ChainStats()
    out = list(chain.map([text], stats=stats))
    assert bool(out) == kept
    assert stats.dropped == ({} if kept else {("language", "language.not_allowed"): 1})


def test_skips_are_counted():
    stats = ChainStats()
    list(CHAIN.map([PARAGRAPHS["ru"][0], ENGLISH[0]], stats=stats))
    assert stats.to_dict()["skipped"] == [
        {"step": "boilerplate", "reason": "language_rules", "count": 1},
        {"step": "dates", "reason": "language_rules", "count": 1},
        {"step": "entities", "reason": "language_rules", "count": 1},
        {"step": "typos", "reason": "language", "count": 1},
    ]


@pytest.mark.parametrize(
    "options",
    [
        pytest.param({"sample": 0}, id="sample"),
        pytest.param({"min_letters": -1}, id="min_letters"),
        pytest.param({"min_score": 1.5}, id="min_score"),
        pytest.param({"langs": ["en"]}, id="unknown-option"),
    ],
)
def test_bad_options(options: dict[str, object]):
    with pytest.raises(ConfigError):
        LanguageStep.from_options(options)


# -- properties -------------------------------------------------------------------------

_MIXED = st.lists(
    st.sampled_from([t for texts in PARAGRAPHS.values() for t in texts] + ENGLISH + ["", "\n"]),
    max_size=4,
).map("\n\n".join)


@given(st.one_of(st.text(), _MIXED))
def test_language_step_never_raises_and_is_idempotent(text: str):
    once = LanguageStep()(Document(text))
    assert once is not None
    assert LanguageStep()(once) == once


@given(_MIXED)
def test_chain_is_idempotent_on_mixed_languages(text: str):
    once = CHAIN(text)
    assert once is not None
    twice = CHAIN(once)
    assert twice is not None
    assert twice.text == once.text and twice.meta == once.meta
