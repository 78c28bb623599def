"""Repair steps (unicode, spacing, typos): what they fix, and the names they must never touch.

The must-not-change corpus holds correct news sentences full of rare names (Arabic,
Kurdish, Persian, Ukrainian, Chinese transliterations), numbers, times, currencies,
URLs and quotations: none of the three steps may change any of them.
"""

from __future__ import annotations

import string

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from newsclean import Document, default_chain, replay
from newsclean.steps import SpacingStep, TyposStep, UnicodeStep
from newsclean.steps.entities import known_names
from newsclean.steps.typos import codespell_misspellings, english_words
from newsclean.steps.unicode import _PLAIN_SYMBOLS

REPAIR_STEPS = [UnicodeStep(), SpacingStep(), TyposStep()]


def run(step, text: str) -> Document:
    """Run one step; check its edits replay and name its own rules."""
    out = step(Document(text))
    assert out is not None
    assert replay(text, out.edits) == out.text
    assert all(e.step == step.name and e.rule in step.rules for e in out.edits)
    return out


MUST_NOT_CHANGE = [
    "Haider al-Abadi, the Iraqi prime minister, visited troops at Taji on Tuesday.",
    "Masoud Barzani, the president of the Kurdistan Regional Government, met Nechirvan Barzani in Erbil.",
    "The Popular Mobilisation Forces, known as Hashd al-Shaabi, said Abu Mahdi al-Muhandis had arrived.",
    "Ayatollah Ali al-Sistani's office in Najaf issued a fatwa on Friday.",
    "Peshmerga fighters retook Bashiqa and Bartella, east of Mosul, on 7 November.",
    "Abu Bakr al-Baghdadi was last seen at the al-Nuri mosque in 2014.",
    "Qassem Soleimani, the commander of the Quds Force, was killed near Baghdad airport.",
    "Javad Zarif, Iran's foreign minister, spoke to reporters in Tehran.",
    "Mohammad Javad Zarif and Hassan Rouhani travelled to Isfahan and Mashhad.",
    "The Yazidis of Sinjar fled to Mount Sinjar in August 2014.",
    "Salih Muslim, co-chair of the PYD, said the YPG would hold Kobani.",
    "Volodymyr Zelenskyy met Vitali Klitschko in Kyiv on Wednesday.",
    "Shelling hit Kharkiv, Mariupol and Zaporizhzhia overnight, officials in Dnipro said.",
    "Oleksandr Syrskyi replaced Valerii Zaluzhnyi as commander-in-chief.",
    "Xi Jinping and Li Keqiang visited Shenzhen and Guangzhou.",
    "Uyghur activists in Urumqi and Kashgar were detained, Human Rights Watch said.",
    "The spokesman, Zhao Lijian, said Beijing opposed the move.",
    "Recep Tayyip Erdogan spoke in Ankara; Ahmet Davutoglu was in Istanbul.",
    "Bashar al-Assad's forces advanced on Idlib and Deir ez-Zor.",
    "Jabhat al-Nusra and Hayat Tahrir al-Sham were listed in the report.",
    "Nouri al-Maliki, the former prime minister, criticised Muqtada al-Sadr.",
    "Fuad Hussein, Iraq's foreign minister, met Hoshyar Zebari in Sulaymaniyah.",
    "Kata'ib Hezbollah claimed the attack on Ain al-Asad air base.",
    "Asa'ib Ahl al-Haq's leader, Qais al-Khazali, denied the claim.",
    "The Shi'ite shrine at Samarra was bombed in 2006.",
    "Shi'ite and Sunni leaders met in Karbala on Sunday.",
    "Ahmed al-Sharaa entered Damascus after Hama and Homs fell.",
    "Mosul's old city was retaken by the Counter Terrorism Service in July 2017.",
    "The Iraqi army's 9th Division moved north from Tikrit towards Baiji.",
    "Fallujah, Ramadi and Hit lie along the Euphrates in Anbar province.",
    "Tal Afar was cleared in August, said Lt Gen Abdul Amir Yarallah.",
    "Maj Gen Rupert Jones said the coalition had trained 100,000 Iraqi troops.",
    "Brig Gen Yahya Rasool told state television the operation was over.",
    "The Kurdistan Workers' Party (PKK) has bases in the Qandil mountains.",
    "Kirkuk's governor, Najmaldin Karim, was dismissed by parliament.",
    "Mahmoud Abbas and Ismail Haniyeh spoke by phone, Wafa reported.",
    "Sheikh Tamim bin Hamad Al Thani received the envoy in Doha.",
    "Mohammed bin Salman, the Saudi crown prince, visited Riyadh's new airport.",
    "Abdel Fattah el-Sisi met Benjamin Netanyahu in Sharm el-Sheikh.",
    "Rached Ghannouchi of Ennahda spoke in Tunis.",
    "Khalifa Haftar's forces shelled Tripoli and Misrata.",
    "Amrullah Saleh and Ashraf Ghani left Kabul as the Taliban entered.",
    "Zabihullah Mujahid, a Taliban spokesman, spoke to reporters in Kandahar.",
    "Imran Khan addressed a rally in Lahore and Rawalpindi.",
    "Narendra Modi visited Srinagar; Omar Abdullah was released.",
    "Aung San Suu Kyi appeared in court in Naypyidaw.",
    "Teodoro Obiang and Paul Kagame attended the summit in Addis Ababa.",
    "Abiy Ahmed's forces entered Mekelle, the capital of Tigray.",
    "Al-Shabaab fighters attacked a base in Lower Shabelle.",
    "Boko Haram abducted 276 girls from Chibok in April 2014.",
    "Sergei Lavrov and Dmitry Peskov both denied the report.",
    "Alexei Navalny's team in Tomsk and Novosibirsk was raided.",
    "Ramzan Kadyrov posted a video from Grozny.",
    "Alexander Lukashenko met Sviatlana Tsikhanouskaya's envoys in Minsk.",
    "Nikol Pashinyan and Ilham Aliyev met in Brussels.",
    "Mikheil Saakashvili was detained in Tbilisi.",
    "Tsai Ing-wen visited Kaohsiung and Tainan.",
    "Kim Jong-un inspected a factory in Pyongyang.",
    "Moon Jae-in met Shinzo Abe in Osaka.",
    "Nguyen Phu Trong received the delegation in Hanoi.",
    "Ho Chi Minh City's metro opened in December.",
    "Joko Widodo travelled from Jakarta to Surabaya.",
    "Rodrigo Duterte's spokesman, Salvador Panelo, spoke in Manila.",
    "Mahathir Mohamad and Anwar Ibrahim met in Putrajaya.",
    "Jacinda Ardern spoke in Wellington; Scott Morrison in Canberra.",
    "Justin Trudeau and Chrystia Freeland met in Ottawa.",
    "Andres Manuel Lopez Obrador spoke in Mexico City.",
    "Luiz Inacio Lula da Silva won in Sao Paulo and Bahia.",
    "Nicolas Maduro and Juan Guaido both claimed the presidency.",
    "Gustavo Petro met negotiators of the ELN in Havana.",
    "The Hashemite kingdom's King Abdullah II spoke in Amman.",
    "Mohammed Shia' al-Sudani took office in October 2022.",
    "Ammar al-Hakim leads the Hikma movement.",
    "Hadi al-Amiri commands the Badr Organisation.",
    "The UK will invest £10m over three years, the Ministry of Defence said.",
    "Inflation rose to 3.5 per cent in October, the highest since 2012.",
    "The meeting began at 10.30am and ended at 12.45pm.",
    "The flight left at 6:15 a.m. and landed at 9 p.m.",
    "Turnout was 67.3%, up from 61.1% at the last election.",
    "She earned $1.2bn in 2016 - or about 4,000 times the average wage.",
    "The fee was $3,500,000 (about £2.7m), a court in Delaware heard.",
    "The dinar traded at 1,460 to the dollar; the rial at 42,000.",
    "Oil fell 2.4% to $78.20 a barrel on Monday.",
    "The budget of 120tn dinars ($92bn) was passed 2-1.",
    "Temperatures reached 50.2C in Basra on 22 July.",
    "The vote was 312 to 57, with 11 abstentions.",
    "The bill costs €1.5bn, or about 0.4% of GDP.",
    "A 7.8-magnitude earthquake struck at 04:17 local time.",
    "Details are at https://example.com/a.b and on example.com.",
    "Write to press.office@mod.gov.uk or see www.gov.uk/News.Html for updates.",
    "The report is at http://www.un.org/en/ga/search/view_doc.asp?symbol=A/72/1.",
    "Read the filing at sec.gov/Archives/edgar/data/1318605/000156459021004599/tsla-10k.htm.",
    "Contact tips@nytimes.com or visit nytimes.com/tips.",
    "The data file, results_2017.csv, was published on GitHub.",
    "He posted on X at @Kurdistan24 and on t.me/rudawnews.",
    "The U.S. and the U.K. agreed, e.g. on training, i.e. not on combat.",
    "Mr. Smith, Dr. Jones and J.R.R. Tolkien's heirs were named in the U.S.-led case.",
    "Yahoo! News reported a 3:2 vote at 10:30 on Friday.",
    'He paused ... and then said: "We are not going anywhere."',
    "'It is over,' she said. \"Really?\" he asked.",
    '"We will not retreat," said Brig Gen Yahya Rasool. "Mosul will be liberated."',
    "\"The so-called 'caliphate' is finished,\" the general told reporters.",
    "He called it \"a 'historic' day for Iraq\" in a speech in Baghdad.",
    "The song \"Rock 'n' roll is here to stay\" was played in the '90s.",
    '"It\'s the Iraqis\' fight," a Whitehall source said, "not ours."',
    "Rock 'n' roll arrived in Baghdad in the '60s, the museum says.",
    "They will be there, and it will be complete by Friday.",
    "It had had an effect, he said that that was fine.",
    "The bridge will be open by June, and the road will be set for traffic.",
    "Talks will be held in Geneva; a deal could be signed in March.",
    "The city will be run by a council, and the fighters will be paid.",
    "The base will be home to 500 troops, officials said.",
    "It will be war, he warned, if the talks fail.",
    "The result will be change, the minister said.",
    "The operation could be over within weeks.",
    "They would be back in Erbil by Friday, said Col Ahmed Hussein.",
    "The government will be better placed, the report said.",
    "The mission will be key to stability in Anbar.",
    "His release may be part of a wider deal.",
    "The plan must be ready by Monday, the UN said.",
    "Baghdad's Green Zone was reopened to the public in 2019.",
    "The Sykes-Picot agreement of 1916 drew the borders.",
    "Hezbollah's al-Manar television broadcast the speech.",
    "The Organisation for the Prohibition of Chemical Weapons visited Khan Sheikhoun.",
    "Al-Jazeera's correspondent in Raqqa filed the report.",
    'The Arabic word "daesh" is an acronym of the group\'s name.',
    "The Quran and the Hadith were quoted in the sermon.",
    "Eid al-Adha began on Tuesday in most of the Muslim world.",
    "The Muharram and Ashura processions passed peacefully.",
    "Nowruz celebrations in Sulaymaniyah drew thousands.",
    "The Dnipro and Desna rivers were frozen in January.",
    "Zhytomyr, Chernihiv and Kherson were hit by drones.",
    "The Verkhovna Rada voted on the bill on Thursday.",
    "Ukrenergo said power was restored in Lviv and Ternopil.",
    "Wang Yi met Antony Blinken in Anchorage.",
    "The Xinhua news agency quoted Hua Chunying.",
    "Chiang Kai-shek's statue in Taoyuan was removed.",
    "Deng Xiaoping's reforms began in 1978.",
    "Hong Kong's Legislative Council met on Wednesday.",
    "Mahsa Amini died in the custody of the morality police in Tehran.",
    "Ebrahim Raisi's helicopter crashed near Varzaqan.",
    "Ali Khamenei addressed the Assembly of Experts in Qom.",
    "The Kurdish town of Halabja was gassed in March 1988.",
    "Shaikh Mohammed bin Rashid Al Maktoum opened the expo in Dubai.",
    "The Houthis, formally Ansar Allah, fired missiles at Marib.",
    "Abdulmalik al-Houthi gave a televised speech in Sanaa.",
    "The envoy, Staffan de Mistura, arrived in Astana.",
    "Lakhdar Brahimi and Kofi Annan both resigned the post.",
    "The Naqshbandi Army and Ba'athist officers joined the revolt.",
    "Izzat Ibrahim al-Douri was reported dead several times.",
    "The coalition struck 14 targets near Qaim and Abu Kamal.",
    "Officials in Diyala and Salahuddin provinces confirmed the attack.",
    "The Tigris and Euphrates meet at Qurna, north of Basra.",
    "Kadhimiya and Adhamiyah are on opposite banks of the Tigris.",
    "Taji lies north of Baghdad; Daesh fighters once shelled it.",
    "Qaraqosh, also called Bakhdida, was retaken in October.",
    "Daesh is the Arabic acronym the government prefers.",
    "Nechirvan Barzani said the KRG would pay salaries.",
    "Zaporizhzhia's nuclear plant lost power again, the IAEA said.",
    "Uyghurs in Xinjiang face curbs, the OHCHR report found.",
    "Hashd al-Shaabi units withdrew from Sinjar after talks in Duhok.",
    "Tal Abyad and Ras al-Ain were seized in 2019.",
    "Kobani's defenders were supported by coalition air strikes.",
    "Sadrists gathered in Tahrir Square on Friday.",
    "- Peshmerga units were redeployed to Makhmour.",
    "1. Inflation: 3.2% in the first quarter, 2.9% in the second.",
    "The file, report_final.v2.PDF, was leaked on 4chan.",
    "Visit gov.uk/coronavirus or call 0300 123 4567.",
    "Run `pip install teh-tool` to reproduce the recieve_data bug.",
    "He wrote to info@acheive-news.com and to recieve.org.",
    "IRGC, PMU, KDP and PUK officials met at 9.45pm.",
    "The CIA, FSB and MSS were named; GCHQ declined to comment.",
]


def test_the_corpus_is_big_enough():
    assert len(MUST_NOT_CHANGE) >= 150
    assert len(set(MUST_NOT_CHANGE)) == len(MUST_NOT_CHANGE)


@pytest.mark.parametrize("step", REPAIR_STEPS, ids=lambda s: s.name)
@pytest.mark.parametrize("sentence", MUST_NOT_CHANGE)
def test_repair_steps_leave_correct_news_alone(step, sentence):
    assert run(step, sentence).edits == ()


@pytest.mark.parametrize("step", REPAIR_STEPS, ids=lambda s: s.name)
def test_repair_steps_leave_the_whole_corpus_alone(step):
    text = "\n\n".join(MUST_NOT_CHANGE)
    assert run(step, text).edits == ()


# -- seed 001 ----------------------------------------------------------------------


def test_seed_001_repairs(seed_texts):
    text = seed_texts["001"]
    out = default_chain().without("entities", "dates")(text).text
    assert "a massive problem. If we are serious" in out
    assert "earlier in the year." in out
    assert 'committed to the military fight," the Whitehall source said.' in out
    assert 'then we are doomed."\n' in out
    assert "They will join an American headquarters" in out
    assert "They will be join" not in out


def test_seed_001_quotes_kept_typographic(seed_texts):
    chain = default_chain(unicode={"quotes": "keep"}).without("entities", "dates")
    out = chain(seed_texts["001"]).text
    assert "committed to the military fight,\u201d the Whitehall source said." in out
    assert "then we are doomed.\u201d\n" in out
    assert "Iraq\u2019s military" in out


def test_default_chain_settles_in_one_run_on_the_seeds(seed_texts):
    chain = default_chain()
    for text in seed_texts.values():
        once = chain(text).text
        assert chain(once).text == once


# -- spacing -----------------------------------------------------------------------

SPACING_FIXES = [
    pytest.param(
        '"We are committed to the fight, "the Whitehall source said.',
        '"We are committed to the fight," the Whitehall source said.',
        "quote_pairing",
        id="closing-quote-on-the-wrong-side",
    ),
    pytest.param(
        '"The strategy is Iraq first," a source said. "If we lose Iraq we are doomed. "',
        '"The strategy is Iraq first," a source said. "If we lose Iraq we are doomed."',
        "quote_pairing",
        id="dangling-quote-at-paragraph-end",
    ),
    pytest.param(
        "\u201cWe will fight, \u201cthe minister said.",
        "\u201cWe will fight,\u201d the minister said.",
        "quote_pairing",
        id="curly-closing-quote",
    ),
    pytest.param(
        "\u201cWe are doomed. \u201c\nNext paragraph.",
        "\u201cWe are doomed.\u201d\nNext paragraph.",
        "quote_pairing",
        id="curly-dangling",
    ),
    pytest.param(
        'He said " we will win " on Friday.',
        'He said "we will win" on Friday.',
        "inside_quotes",
        id="spaces-inside-quotes",
    ),
    pytest.param(
        "The group ( known as Daesh ) fled.",
        "The group (known as Daesh) fled.",
        "inside_brackets",
        id="spaces-inside-brackets",
    ),
    pytest.param("[ sic ]", "[sic]", "inside_brackets", id="square-brackets"),
    pytest.param(
        "The insurgents.ISIS fighters left.",
        "The insurgents. ISIS fighters left.",
        "after_punct",
        id="glued-alias",
    ),
    pytest.param(
        "The army fought ISIS.The war ended.",
        "The army fought ISIS. The war ended.",
        "after_punct",
        id="glued-after-acronym",
    ),
    pytest.param(
        "They fled.daesh followed.", "They fled. daesh followed.", "after_punct", id="lower-name"
    ),
    pytest.param(
        "The insurgents .ISIS fighters", "The insurgents. ISIS fighters", "space_moved", id="moved"
    ),
    pytest.param(
        "a massive problem.If we are serious",
        "a massive problem. If we are serious",
        "after_punct",
        id="seed-001",
    ),
    pytest.param(
        "earlier in the year .", "earlier in the year.", "before_punct", id="stray-full-stop"
    ),
    pytest.param(
        "operation , officials said", "operation, officials said", "before_punct", id="comma"
    ),
    pytest.param("one  two", "one two", "repeated", id="runs"),
    pytest.param("end.   \nnext", "end.\nnext", "trailing", id="line-end"),
]


@pytest.mark.parametrize(("text", "expected", "rule"), SPACING_FIXES)
def test_spacing_fixes(text, expected, rule):
    out = run(SpacingStep(), text)
    assert out.text == expected
    assert f"spacing.{rule}" in {e.rule for e in out.edits}
    assert run(SpacingStep(), out.text).edits == ()


SPACING_KEEPS = [
    "Shi'ite militias, the '90s and rock 'n' roll.",
    "He called it \"a 'historic' day\" in Baghdad.",
    "\"The so-called 'caliphate' is finished,\" the general said.",
    "'It is over,' she said. \"Really?\" he asked.",
    # a quotation that goes on into the next paragraph: no closing quote, nothing paired
    '"We will stay. We will fight.\n"And we will win," he said.',
    '"Open quote without an end, and "another one',
    'He is 6\'2" tall and the pipe is 3" wide.',
    "The U.S.The end",
    "the St.Louis office and Mr.Smith",
    "See node.js, README.md, results_2017.csv and ASP.NET.",
    "Visit www.example.com/Iraq.ISIS or mail isis.desk@example.org.",
    "Wait...What? It was 10.30am, 3.5% and $4.20.",
    "A checkbox [ ] and a list [1]",
    "(a) one, (b) two",
    '"Yes," he said, "we will."',
    "\u201cYes,\u201d he said, \u201cwe will.\u201d",
    "The \u2018caliphate\u2019 fell.",
    "list:\n- one\n- two",
]


@pytest.mark.parametrize("text", SPACING_KEEPS)
def test_spacing_keeps(text):
    assert run(SpacingStep(), text).edits == ()


def test_spacing_disable_quote_rules():
    text = '"We are doomed, "he said ( twice ).'
    step = SpacingStep(disable=frozenset({"spacing.quote_pairing", "spacing.inside_brackets"}))
    assert run(step, text).text == text
    assert run(SpacingStep(), text).text == '"We are doomed," he said (twice).'


# -- typos -------------------------------------------------------------------------

TYPO_FIXES = [
    pytest.param("Recieve it.", "Receive it.", "news", id="case-kept"),
    pytest.param("the accomodation was", "the accommodation was", "codespell", id="codespell"),
    pytest.param("Accomodation was", "Accommodation was", "codespell", id="codespell-start"),
    pytest.param("a goverment-backed plan", "a government-backed plan", "news", id="compound"),
    pytest.param("a well-recieved plan", "a well-received plan", "news", id="second-part"),
    pytest.param("- Recieve the aid", "- Receive the aid", "news", id="bullet"),
    pytest.param("* Goverment plans", "* Government plans", "news", id="star-bullet"),
    pytest.param("1. Goverment plans", "1. Government plans", "news", id="numbered"),
    pytest.param("(Goverment sources)", "(Government sources)", "news", id="bracket"),
    pytest.param("ACCOMODATION", "ACCOMMODATION", "codespell", id="headline-caps"),
    pytest.param("the goverment\u2019s plan", "the government\u2019s plan", "news", id="curly-s"),
    pytest.param("said the the decision", "said the decision", "doubled_word", id="the-the"),
    pytest.param(
        "They will be join an American headquarters",
        "They will join an American headquarters",
        "modal_be_verb",
        id="seed-001",
    ),
    pytest.param(
        "The troops will be deploy the new system.",
        "The troops will deploy the new system.",
        "modal_be_verb",
        id="lexicon-verb",
    ),
    pytest.param(
        "Britain could be recruit them.", "Britain could recruit them.", "modal_be_verb", id="verb"
    ),
]


@pytest.mark.parametrize(("text", "expected", "rule"), TYPO_FIXES)
def test_typos_fixes(text, expected, rule):
    out = run(TyposStep(), text)
    assert out.text == expected
    assert {e.rule for e in out.edits} == {f"typos.{rule}"}


TYPO_KEEPS = [
    "Daesh fighters left. Isis fighters left. ISIL fighters left.",
    "Hizbollah and Hizballah are both spellings; so is Daech.",
    "He met Goverment Mbeki in Accomodation Street.",  # capitalised inside a sentence
    "Haider al-Abadi and al-Recieve met.",  # hyphenated names
    "The ACCOM and RECV units.",  # acronyms
    "See https://example.com/goverment and www.recieve.org.",
    "Mail accomodation@example.com or goverment@mod.gov.uk.",
    "The file goverment.txt and the recieve_data function.",
    "Run `recieve --goverment` to test.",
    "It will be complete, it will be set, it will be run by the council.",
    "It will be open, it will be back, it will be key.",
    "It will be love at first sight; it will be war.",
    "The result will be change, he said.",
    "They will be joining the mission; it could be done.",
    "It had had an effect; he said that that was fine.",
    "The The played in London.",
    "McRecieve and O'Goverment are names.",
    "despatch, connexion, co-ordinate and pre-empt are British.",
    "Beng Hock died in custody. Diong Kai said so.",  # pinyin names at sentence starts
]


@pytest.mark.parametrize("text", TYPO_KEEPS)
def test_typos_keeps(text):
    assert run(TyposStep(), text).edits == ()


def test_typos_never_corrects_a_gazetteer_name():
    names = {n.casefold() for n in known_names()}
    table = codespell_misspellings()
    assert not names & set(table)
    for name in known_names():
        assert run(TyposStep(), f"{name} said. The {name} said.").edits == ()


def test_codespell_list_is_read_from_the_package():
    table = codespell_misspellings()
    assert len(table) > 50_000
    assert table["recieve"] == "receive"
    assert not set(table) & english_words()  # no entry is itself an English word
    assert all(" " not in w and w.islower() for w in table)
    assert codespell_misspellings() is table  # loaded once per process


def test_typos_disable_one_list():
    step = TyposStep(disable=frozenset({"typos.codespell"}))
    assert run(step, "the goverment accomodation").text == "the government accomodation"
    step = TyposStep(disable=frozenset({"typos.news"}))
    assert run(step, "the goverment accomodation").text == "the goverment accommodation"


# -- unicode -----------------------------------------------------------------------

_ASCII = string.printable.replace("\r", "").replace("\x0b", "").replace("\x0c", "")
_SYMBOLS = _ASCII + _PLAIN_SYMBOLS
#: Characters that are or make mojibake and entities, next to the plain symbols.
_MIXED = _SYMBOLS + "ÃÂâ€™éœ\u0080\u200b&;#"


@given(st.text(alphabet=_SYMBOLS) | st.text(alphabet=_MIXED))
@example("\u00a0Â£10m and “quoted”")
@example("caf\u00c3\u00a9 – Â£ ’")
@example("– £ “a” € • …")
def test_unicode_cheap_path_matches_ftfy(text):
    for step in (UnicodeStep(), UnicodeStep(quotes="keep")):
        for line in text.split("\n"):
            cheap = list(step.line_changes(line))
            assert cheap == list(step.line_changes(line, cheap=False)), line


UNICODE_KEEP = [
    pytest.param("\u201cWe won,\u201c he said.", "\u201cWe won,\u201d he said.", id="closing"),
    pytest.param(
        '\u201cYes,\u201d he said, "we will."',
        "\u201cYes,\u201d he said, \u201cwe will.\u201d",
        id="straight-among-curly",
    ),
    pytest.param("Iraq's \u201carmy\u201d", "Iraq\u2019s \u201carmy\u201d", id="apostrophe"),
    pytest.param('Plain "straight" text', 'Plain "straight" text', id="no-curly-no-change"),
    pytest.param(
        "The caf\u00c3\u00a9 said \u201chi\u201d",
        "The caf\u00e9 said \u201chi\u201d",
        id="mojibake",
    ),
]


@pytest.mark.parametrize(("text", "expected"), UNICODE_KEEP)
def test_unicode_keep_makes_quotes_consistent(text, expected):
    out = run(UnicodeStep(quotes="keep"), text)
    assert out.text == expected
    assert run(UnicodeStep(quotes="keep"), out.text).edits == ()


# -- properties --------------------------------------------------------------------

#: Quotes, apostrophes, brackets, punctuation, names and spaces: what the repair rules act on.
_REPAIR_ALPHABET = [
    *" \n.,;:!?\"'\u201c\u201d\u2019()[]-",
    "the ",
    "ISIS",
    "daesh",
    "Iraq",
    "If",
    "we",
    "goverment",
    "will be join ",
    "Shi'ite",
    "3.5",
    " example.com ",
]
repair_text = st.lists(st.sampled_from(_REPAIR_ALPHABET), max_size=40).map("".join)


@pytest.mark.parametrize("step", REPAIR_STEPS, ids=lambda s: s.name)
@given(text=repair_text | st.text())
@example(text='"a, "the b. "')
def test_repair_steps_are_idempotent(step, text):
    once = run(step, text)
    assert run(step, once.text).edits == ()


def _letters_and_digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum())


@given(repair_text | st.text())
def test_spacing_changes_only_whitespace_and_punctuation(text):
    out = run(SpacingStep(), text)
    assert _letters_and_digits(out.text) == _letters_and_digits(text)


@given(st.text(alphabet=string.printable.replace("\r", "").replace("\x0b", "").replace("\x0c", "")))
def test_unicode_changes_nothing_in_ascii_without_control_characters(text):
    assert run(UnicodeStep(), text).edits == ()


@pytest.mark.parametrize("quotes", ["straight", "keep"])
@given(text=repair_text)
@example(text='"a, \u201cthe b. \u201d')
def test_default_chain_settles_in_one_run(quotes, text):
    chain = default_chain(unicode={"quotes": quotes})
    once = chain(text).text
    assert chain(once).text == once
