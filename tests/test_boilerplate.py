"""The ``boilerplate`` step: web residue goes, article text stays (issue 3).

Tables of residue (one or more rows per rule id, each naming the rule that must
remove it), a must-not-change corpus of real-looking news sentences that merely
mention comments, cookies, sharing, adverts and the like, checked at the top, in
the middle and at the bottom of an article (position-bound rules look only there),
the block behaviour, seed 001's comment form, the config switches, and property
tests: residue inserted into clean text comes out again, exactly.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from newsclean import Chain, ConfigError, Document, default_chain, replay
from newsclean.layout import paragraphs
from newsclean.steps import BoilerplateStep

STEP = BoilerplateStep()
CHAIN = default_chain()


def run(step: BoilerplateStep, text: str, extra_ids: frozenset[str] = frozenset()) -> Document:
    """Run the step; check its edits replay and each carries a documented rule id."""
    out = step(Document(text))
    assert out is not None
    assert replay(text, out.edits) == out.text
    known = set(step.rules) | extra_ids
    for edit in out.edits:
        assert edit.step == "boilerplate"
        assert edit.rule in known, edit.rule
        assert edit.new == "", edit  # the step only ever removes
    return out


def paras(text: str) -> list[str]:
    """The paragraphs of ``text``, stripped (blank-line differences aside)."""
    return [p.text.strip() for p in paragraphs(text)]


#: Clean article paragraphs: prose around the residue.
ARTICLE = [
    "Britain is preparing to send soldiers back to Baghdad to support the US-led mission "
    "to help the Iraqi security forces fight the Islamic State.",
    "A number of officers are set to help train and advise the Iraqi army, a senior "
    "defence source told The Times on Sunday.",
    "The initiative, although small scale, would mark the first enduring British mission "
    "to Iraq since all UK forces pulled out of the country in 2011.",
    "The United States has already agreed to send about 500 soldiers from the 1st Infantry "
    "Division to Iraq and elsewhere in the region.",
    "An announcement is expected in the coming days.",
]

PROSE_BEFORE = (
    "The minister arrived in Baghdad on Monday for two days of talks with Iraqi officials."
)
PROSE_AFTER = (
    "Officials said the visit had been planned for months and was kept secret for security reasons."
)


def _id(text: str) -> str:
    words = "".join(ch if ch.isalnum() else " " for ch in text).split()
    return "-".join(words[:6]).lower()


# -- the must-not-change corpus ---------------------------------------------------------

#: Real-looking news sentences that mention residue things. Each is article text.
LOOK_ALIKES = [
    # the four from the issue
    "Twitter said in a statement that it had removed 200 accounts.",
    "He said he would leave a reply to the committee by Friday.",
    "The regulator fined the company over its cookie banner.",
    "Advertisement spending rose 5% last year.",
    # comments, replies, log-ins
    "More than 1,200 comments were submitted during the public consultation, which closed in March.",
    "The minister declined to comment on the leaked memo.",
    "Comments made by the ambassador in 2019 resurfaced this week.",
    '"You are commenting on a case you know nothing about," the judge told him.',
    "Reply to the letter, officials were told, within 28 days.",
    "He posted a reply on X, formerly known as Twitter, shortly after midnight.",
    "Users who log in with their Google account will see the new page first.",
    "12 comments on the draft were received by the deadline.",
    "Cancel culture was a theme of his speech at the conference.",
    "The name of the victim has not been released.",
    # sharing, platforms, following
    "Facebook and Instagram were down for six hours on Monday, affecting 3.5 billion users.",
    "The post was shared more than 40,000 times before it was taken down.",
    "Shares in BP fell 3.2% in early trading in London.",
    "Share prices in Tokyo rose for a fifth day on Thursday.",
    "The share of renewable energy rose to 41.5% in 2022.",
    '"Share this with everyone you know," the post urged, before it was deleted.',
    "The club said it would release a statement on its website and on X, formerly Twitter.",
    "The court heard that she had posted 14 messages on Facebook under a false name.",
    "Millions follow the royal family's accounts on Instagram.",
    "Follow-up talks are planned in Geneva next month.",
    "Like many of his colleagues, he voted against the bill.",
    "Like this year, next year's summit will be held in Dubai.",
    # subscriptions, newsletters
    "Subscriptions to the streaming service rose to 230 million in the quarter.",
    "The newspaper's print subscriptions have halved since 2010.",
    "The newsletter, which has 300,000 subscribers, was sold to Axios for $5m.",
    "He subscribed to a far-right channel on Telegram in 2020, prosecutors say.",
    "More than 2 million people subscribe to the newsletter, which launched in 2019.",
    "Nearly 40,000 readers sign up for the newsletter each month.",
    "Subscribe or pay per article: publishers are trying both models.",
    # advertising, sponsors
    "Sponsors including Coca-Cola and Visa pulled out of the tournament.",
    "The event was sponsored by the Ministry of Culture and the British Council.",
    "Advertisers spent £7.4bn on online ads in the UK in 2022, according to the Advertising "
    "Association.",
    "Advertising revenue at Alphabet rose 11% to $59.6bn in the third quarter.",
    "The app's privacy policy allows it to share data with advertisers.",
    # cookies
    "Cookies left on the table at the summit became a symbol of the stalled talks.",
    "The European Commission wants cookie consent pop-ups to be simpler.",
    "We use cookies to track users, the company admitted in a 2019 filing.",
    # navigation words
    "The 42-year-old returned home to Mosul in 2018 after three years in a camp.",
    "Thousands of families have been unable to return home since the fighting began.",
    "The home secretary will set out the plans in a speech on Monday.",
    "The menu at the state banquet included lamb, saffron rice and dates.",
    "The search for survivors continued into the night in the town of Antakya.",
    "Search and rescue teams from 12 countries have arrived in the region.",
    "Google said the update would affect about 1% of search queries.",
    "Back to the top of the agenda came the question of who would pay.",
    "The previous article of the treaty sets out the rules on fishing quotas.",
    "He skipped to the final page of the 300-page report.",
    "The next page of the dossier, obtained by Reuters, lists 14 names.",
    "Print newspapers lost 8% of their readers in 2023.",
    # copyright, tags, loading
    "Copyright lawyers said the ruling could affect thousands of artists.",
    "All rights reserved is a phrase with no legal force in most countries, experts say.",
    "(c) a ban on exports of arms to the region.",
    "Loading of the grain ships at Odesa resumed on Tuesday under the UN-brokered deal.",
    "Tags on the luggage showed it had passed through Istanbul and Doha.",
    "The tags were removed from the bags before they were loaded onto the plane.",
    # apps
    "The app was downloaded 2 million times in its first week, the developer said.",
    "Apple removed the app from its App Store in China in 2017.",
    "Download the NHS Covid-19 app, health officials urged residents on Friday.",
    # read more, related, see also, watch
    '"Read more books," the headteacher told pupils at the assembly.',
    "Related charges against two other men were dropped in October.",
    "Related reading on the topic was assigned to students at 30 schools.",
    "Most read books of the year, according to the library, were crime novels.",
    "Don't miss the chance to vote, the electoral commission urged young people.",
    "You may also like to know that the mayor has resigned, he joked.",
    "See more of the city's history at the museum, which opens on 4 May.",
    "Also on Thursday: the Senate voted 52-48 to confirm her as ambassador.",
    # e-mail addresses, contact, websites
    "Police asked anyone with information to call 101 or e-mail appeals@met.police.uk.",
    "Readers can write to letters@example.co.uk with their views on the plan.",
    "His e-mail, sent at 10.42pm on 3 March, was read out in court.",
    "Write to Jane Smith at jane.smith@example.com, the notice said.",
    "Email the reporter at the scene? Impossible, said her editor.",
    "Contact tracing at schools will end on 1 April, the government said.",
    "Contact lenses at the pharmacy cost about £20 a box.",
    "Contact group members at the talks agreed to meet again in May.",
    "Reach Louisa at the embassy? Impossible, her colleagues joked.",
    "Reach for the stars, the astronaut told the children in Houston.",
    "The company's website was down for most of Tuesday after a cyber attack.",
    "Website owners must comply with the new rules by 1 January 2025.",
    "Visit the museum's website for opening times, a spokesman advised.",
    "Follow the news on Twitter and you would think the war was over.",
]

#: Look-alikes the step still removes (known gaps, not fixable by a small pattern change).
LOOK_ALIKE_GAPS = [
    pytest.param(
        "Copyright Office officials rejected the application in March.",
        id="copyright-office",
        marks=pytest.mark.xfail(
            strict=True,
            reason="boilerplate.copyright at the bottom takes 'Copyright' + a capitalised "
            "word (a footer's owner) even when a sentence follows",
        ),
    ),
]

LOOK_ALIKE_ROWS = [pytest.param(s, id=_id(s)) for s in LOOK_ALIKES] + LOOK_ALIKE_GAPS


def test_look_alike_corpus_is_large_and_distinct():
    assert len(LOOK_ALIKES) >= 60
    assert len(set(LOOK_ALIKES)) == len(LOOK_ALIKES)
    assert len({_id(s) for s in LOOK_ALIKES}) == len(LOOK_ALIKES)


def _placements(sentence: str) -> dict[str, str]:
    return {
        "single": sentence,
        "between": f"{PROSE_BEFORE}\n\n{sentence}\n\n{PROSE_AFTER}",
        "top": "\n\n".join([sentence, *ARTICLE]),
        "bottom": "\n\n".join([*ARTICLE, sentence]),
        "bottom-tight": "\n".join([*ARTICLE, sentence]),
    }


@pytest.mark.parametrize("sentence", LOOK_ALIKE_ROWS)
def test_look_alikes_survive_the_step(sentence):
    for where, text in _placements(sentence).items():
        out = run(STEP, text)
        assert out.edits == (), (where, [(e.rule, e.old) for e in out.edits])
        assert out.text == text


@pytest.mark.parametrize("sentence", LOOK_ALIKE_ROWS)
def test_look_alikes_survive_the_default_chain(sentence):
    for where, text in _placements(sentence).items():
        out = CHAIN(Document(text))
        assert out is not None
        removed = [(e.rule, e.old) for e in out.edits if e.step == "boilerplate"]
        assert removed == [], where


# -- residue, one rule at a time -----------------------------------------------------

#: (residue, rule id, where it may stand). Blocks are written as they come out of
#: extractors: lines one under another, or separated by blank lines.
RESIDUE = [
    # comments: WordPress, Disqus, Blogger
    pytest.param("Leave a Reply", "boilerplate.comment_form", "any", id="leave-a-reply"),
    pytest.param("Leave a comment", "boilerplate.comment_form", "any", id="leave-a-comment"),
    pytest.param(
        "Leave a Reply\nCancel reply\nYour email address will not be published. Required fields "
        "are marked *\nComment\nName *\nEmail *\nWebsite\nSave my name, email, and website in "
        "this browser for the next time I comment.\nPost Comment",
        "boilerplate.comment_form",
        "any",
        id="wordpress-form",
    ),
    pytest.param(
        "Leave a Reply\n\nName (required)\n\nEmail (required)\n\nWebsite\n\nCancel",
        "boilerplate.comment_form",
        "any",
        id="form-fields-blank-lines",
    ),
    pytest.param(
        "12 thoughts on \u201cBritain prepares to send troops back to Iraq\u201d",
        "boilerplate.comment_form",
        "any",
        id="wordpress-thoughts-on-title",
    ),
    pytest.param(
        '3 Responses to "UK ramps up counterterror effort in Iraq"',
        "boilerplate.comment_form",
        "any",
        id="wordpress-responses-to-title",
    ),
    pytest.param("24 Comments", "boilerplate.comment_form", "any", id="n-comments"),
    pytest.param("Join the discussion", "boilerplate.comment_form", "any", id="join-discussion"),
    pytest.param(
        "blog comments powered by Disqus", "boilerplate.comment_form", "any", id="disqus-powered"
    ),
    pytest.param(
        "Please enable JavaScript to view the comments powered by Disqus.",
        "boilerplate.comment_form",
        "any",
        id="disqus-javascript",
    ),
    pytest.param(
        "Post a Comment\nNewer Post Older Post Home\nSubscribe to: Post Comments (Atom)",
        "boilerplate.comment_form",
        "any",
        id="blogger",
    ),
    pytest.param(
        "Fill in your details below or click an icon to log in:",
        "boilerplate.comment_login",
        "any",
        id="fill-in-details",
    ),
    pytest.param(
        "You are commenting using your Facebook account. Log Out / Change )",
        "boilerplate.comment_login",
        "any",
        id="commenting-using",
    ),
    pytest.param("Connecting to %s", "boilerplate.comment_login", "any", id="connecting-to"),
    pytest.param(
        "Notify me of new comments via email.",
        "boilerplate.comment_login",
        "any",
        id="notify-me",
    ),
    pytest.param(
        "You must be logged in to post a comment.",
        "boilerplate.comment_login",
        "any",
        id="must-be-logged-in",
    ),
    # share and like bars
    pytest.param(
        "Share this:\nTwitter\nFacebook\nWhatsApp\nEmail\nPrint",
        "boilerplate.share_bar",
        "any",
        id="share-this-platforms",
    ),
    pytest.param(
        "Share this:\n\nClick to share on Twitter (Opens in new window)\n\n"
        "Click to share on Facebook (Opens in new window)\n\nLike this:\n\nLike Loading...",
        "boilerplate.share_bar",
        "any",
        id="wordpress-sharedaddy",
    ),
    pytest.param("Like this:\nLike Loading...", "boilerplate.share_bar", "any", id="like-this"),
    pytest.param("Share Tweet Email", "boilerplate.share_bar", "any", id="share-tweet-email"),
    pytest.param("Share on Facebook", "boilerplate.share_bar", "any", id="share-on-facebook"),
    # following
    pytest.param(
        "Follow BBC News on Twitter and Facebook", "boilerplate.follow", "any", id="follow-on"
    ),
    pytest.param(
        "Follow Newsbeat on Instagram, Facebook, Twitter and YouTube.",
        "boilerplate.follow",
        "any",
        id="follow-newsbeat",
    ),
    pytest.param("Follow us:", "boilerplate.follow", "any", id="follow-us"),
    # related lists and links
    pytest.param(
        "Related\nIraqi army retakes Ramadi from Islamic State\nKurdish forces push towards Mosul",
        "boilerplate.related",
        "any",
        id="related-headlines",
    ),
    pytest.param(
        "DON'T MISS\n- Iraqi army retakes Ramadi from Islamic State\n- Kurdish forces push "
        "towards Mosul",
        "boilerplate.related",
        "any",
        id="dont-miss-bullets",
    ),
    pytest.param(
        "You may also like\n\nIraqi army retakes Ramadi from Islamic State",
        "boilerplate.related",
        "any",
        id="you-may-also-like",
    ),
    pytest.param(
        "Related:\n\u2022 Pentagon says half of Iraqi units are not fit to fight\n\u2022 "
        "Cameron rules out ground troops",
        "boilerplate.related",
        "any",
        id="related-colon-bullets",
    ),
    pytest.param("Most Read", "boilerplate.related", "any", id="most-read"),
    pytest.param(
        "Read more: Alibaba poised to launch record-breaking $13.4bn Hong Kong listing",
        "boilerplate.related_link",
        "any",
        id="read-more-headline",
    ),
    pytest.param(
        "[Related: Pentagon says half of Iraqi units are not fit to fight]",
        "boilerplate.related_link",
        "any",
        id="bracketed-related",
    ),
    pytest.param(
        "READ MORE: Cameron rules out sending ground troops to Iraq",
        "boilerplate.related_link",
        "any",
        id="read-more-caps",
    ),
    # newsletters and subscriptions
    pytest.param(
        "Sign up for our daily newsletter", "boilerplate.newsletter", "any", id="sign-up-for"
    ),
    pytest.param(
        "Want more? Sign up for our free Middle East newsletter.",
        "boilerplate.newsletter",
        "any",
        id="want-more-sign-up",
    ),
    pytest.param("Subscribe now", "boilerplate.newsletter", "any", id="subscribe-now"),
    pytest.param(
        "Get the best of the week's news delivered to your inbox every Friday.",
        "boilerplate.newsletter",
        "any",
        id="delivered-to-inbox",
    ),
    pytest.param(
        "Thank you for subscribing!", "boilerplate.newsletter", "any", id="thanks-subscribing"
    ),
    # cookies
    pytest.param(
        "This website uses cookies to improve your experience.",
        "boilerplate.cookie",
        "any",
        id="website-uses-cookies",
    ),
    pytest.param(
        "We use cookies to personalise content and ads and to analyse our traffic.",
        "boilerplate.cookie",
        "any",
        id="we-use-cookies",
    ),
    pytest.param("Accept all cookies", "boilerplate.cookie", "any", id="accept-cookies"),
    # ads and sponsored labels
    pytest.param("Advertisement", "boilerplate.ad_label", "any", id="advertisement"),
    pytest.param(
        "Story continues below advertisement", "boilerplate.ad_label", "any", id="story-continues"
    ),
    pytest.param(
        "Continue reading the main story", "boilerplate.ad_label", "any", id="continue-reading"
    ),
    pytest.param("Sponsored content", "boilerplate.ad_label", "any", id="sponsored-content"),
    pytest.param("ADVERTISING", "boilerplate.ad_label", "any", id="advertising-caps"),
    # navigation and loading
    pytest.param("Skip to content", "boilerplate.navigation", "any", id="skip-to-content"),
    pytest.param("Back to top", "boilerplate.navigation", "any", id="back-to-top"),
    pytest.param("Previous article", "boilerplate.navigation", "any", id="previous-article"),
    pytest.param("Next story", "boilerplate.navigation", "any", id="next-story"),
    pytest.param("Toggle navigation", "boilerplate.navigation", "any", id="toggle-navigation"),
    pytest.param("Loading...", "boilerplate.loading", "any", id="loading-dots"),
    pytest.param("Loading\u2026", "boilerplate.loading", "any", id="loading-ellipsis"),
    # footers: the copyright sign (anywhere); copyright and tags lines (bottom only)
    pytest.param(
        "\u00a9 2017 Reuters. All rights reserved.",
        "boilerplate.copyright_sign",
        "any",
        id="copyright-sign",
    ),
    pytest.param("\u00a9 Reuters", "boilerplate.copyright_sign", "any", id="copyright-sign-only"),
    pytest.param(
        "Copyright 2023 The Associated Press",
        "boilerplate.copyright",
        "bottom",
        id="copyright-ap",
    ),
    pytest.param("(c) 2014 Telegraph Media Group", "boilerplate.copyright", "bottom", id="c-2014"),
    pytest.param("All rights reserved.", "boilerplate.copyright", "bottom", id="rights-reserved"),
    pytest.param(
        "Tags: Iraq, Britain, Islamic State", "boilerplate.tags", "bottom", id="tags-colon"
    ),
    pytest.param(
        "Filed under: Middle East, Defence", "boilerplate.tags", "bottom", id="filed-under"
    ),
    pytest.param("Posted in: World News", "boilerplate.tags", "bottom", id="posted-in"),
    # app prompts
    pytest.param(
        "Download the BBC News app for the latest updates",
        "boilerplate.app_prompt",
        "any",
        id="download-app",
    ),
    pytest.param("Open in app", "boilerplate.app_prompt", "any", id="open-in-app"),
    # contact lines (bottom only)
    pytest.param(
        "Email Tariq Malik at tmalik@space.com or follow him @tariqjmalik.",
        "boilerplate.contact",
        "bottom",
        id="email-author-at",
    ),
    pytest.param(
        "Have a news tip? Email tips@example.com",
        "boilerplate.contact",
        "bottom",
        id="have-a-tip",
    ),
    pytest.param("newsdesk@example.co.uk", "boilerplate.contact", "bottom", id="bare-address"),
    pytest.param("@BBCWorld", "boilerplate.contact", "bottom", id="bare-handle"),
]


def test_every_rule_has_residue_rows():
    covered = {row.values[1] for row in RESIDUE}
    assert covered == set(BoilerplateStep.rules)


def _article_with(block: str, where: str) -> str:
    if where == "top":
        parts = [block, *ARTICLE]
    elif where == "middle":
        parts = [*ARTICLE[:2], block, *ARTICLE[2:]]
    else:
        parts = [*ARTICLE, block]
    return "\n\n".join(parts)


def _check_removed(block: str, rule: str, where: str) -> None:
    text = _article_with(block, where)
    out = run(STEP, text)
    assert paras(out.text) == ARTICLE, where
    assert [e.rule for e in out.edits] == [rule] * len(out.edits), where
    assert out.edits, where
    removed = "".join(e.old for e in out.edits)
    for line in block.splitlines():
        assert line.strip() in removed
    # a second run finds nothing more
    assert run(STEP, out.text).edits == ()


@pytest.mark.parametrize(("block", "rule", "position"), RESIDUE)
def test_residue_is_removed(block, rule, position):
    places = ("top", "middle", "bottom") if position == "any" else ("bottom",)
    for where in places:
        _check_removed(block, rule, where)


@pytest.mark.parametrize(
    ("block", "rule"),
    [pytest.param(*row.values[:2], id=row.id) for row in RESIDUE if row.values[2] == "bottom"],
)
def test_bottom_rules_leave_the_top_alone(block, rule):
    # position-bound: a footer-like line in the first paragraphs is not a footer
    text = _article_with(block, "top")
    out = run(STEP, text)
    assert out.text == text
    assert rule in dict(STEP.rules)


@pytest.mark.parametrize(("block", "rule", "position"), RESIDUE)
def test_residue_alone_is_removed_whole(block, rule, position):
    out = run(STEP, block)
    assert out.text.strip() == ""
    assert {e.rule for e in out.edits} == {rule}


@pytest.mark.parametrize(
    "block",
    [
        pytest.param("Share this :", id="space-before-colon"),
        pytest.param("Leave  a   Reply", id="space-runs"),
        pytest.param("   Advertisement   ", id="padded"),
        pytest.param("Back to top\t", id="trailing-tab"),
    ],
)
def test_residue_is_matched_as_spacing_will_leave_it(block):
    out = run(STEP, _article_with(block, "middle"))
    assert paras(out.text) == ARTICLE
    assert len(out.edits) == 1


# -- blocks ----------------------------------------------------------------------------

BLOCKS = [
    pytest.param(
        "Leave a Reply\n\nName (required)\n\nEmail (required)\n\nWebsite\n\nCancel\n\n"
        "The minister arrived in Baghdad on Monday.",
        ["The minister arrived in Baghdad on Monday."],
        "boilerplate.comment_form",
        id="form-members-then-prose",
    ),
    pytest.param(
        "Share this:\nTwitter\nFacebook\nLinkedIn\nReddit\nThe minister arrived in Baghdad on Monday.",
        ["The minister arrived in Baghdad on Monday."],
        "boilerplate.share_bar",
        id="platforms-then-prose-same-paragraph",
    ),
    pytest.param(
        "Share this:\n\nTwitter\n\nFacebook\n\nBritain prepares to send troops back to Iraq\n\n"
        "The minister arrived in Baghdad on Monday.",
        [
            "Britain prepares to send troops back to Iraq",
            "The minister arrived in Baghdad on Monday.",
        ],
        "boilerplate.share_bar",
        id="headline-after-share-bar-kept",
    ),
    pytest.param(
        "Related\nIraqi army retakes Ramadi from Islamic State\n\n"
        "The minister arrived in Baghdad on Monday for talks.",
        ["The minister arrived in Baghdad on Monday for talks."],
        "boilerplate.related",
        id="related-stops-at-prose",
    ),
    pytest.param(
        "Leave a Reply\n\nTwitter picture\n\nYou are commenting using your Twitter account. "
        "Log Out / Change )\n\nFacebook photo\n\nCancel\n\nConnecting to %s\n\n"
        '"We will not leave," the commander said.',
        ['"We will not leave," the commander said.'],
        "boilerplate.comment_form",
        id="seed-form-then-quote",
    ),
]


@pytest.mark.parametrize(("text", "kept", "rule"), BLOCKS)
def test_blocks_run_through_members_and_stop_at_prose(text, kept, rule):
    out = run(STEP, text)
    assert paras(out.text) == kept
    assert [e.rule for e in out.edits] == [rule]


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("Twitter", id="platform"),
        pytest.param("Website", id="website"),
        pytest.param("Cancel", id="cancel"),
        pytest.param("Name (required)", id="name-required"),
    ],
)
def test_members_stay_when_no_header_starts_a_block(line):
    # "Name (required)" is a comment_login line of its own; the others only belong to a block
    text = f"{PROSE_BEFORE}\n\n{line}\n\n{PROSE_AFTER}"
    out = run(STEP, text)
    if line == "Name (required)":
        assert [e.rule for e in out.edits] == ["boilerplate.comment_login"]
        assert paras(out.text) == [PROSE_BEFORE, PROSE_AFTER]
    else:
        assert out.text == text


# -- seed 001 ----------------------------------------------------------------------


FORM_LINES = (
    "Leave a Reply",
    "Fill in your details",
    "You are commenting",
    "Connecting to %s",
    "Twitter picture",
    "Facebook photo",
    "Log\u00a0Out",
)


def test_seed_001_comment_form_is_gone(seed_texts):
    seed = seed_texts["001"]
    out = run(STEP, seed)
    for residue in FORM_LINES:
        assert residue in seed
        assert residue not in out.text
    assert out.text.rstrip().endswith("the Whitehall source said.")
    assert seed.startswith(out.text.rstrip())
    assert {e.rule for e in out.edits} == {"boilerplate.comment_form"}


def test_seed_001_comment_form_is_gone_after_the_default_chain(seed_texts):
    out = CHAIN(Document(seed_texts["001"]))
    for residue in FORM_LINES:
        assert residue not in out.text
    assert "commenting" not in out.text
    assert out.text.rstrip().endswith("the Whitehall source said.")
    assert {e.rule for e in out.edits if e.step == "boilerplate"} == {"boilerplate.comment_form"}


# -- config ------------------------------------------------------------------------

PODCAST = {"id": "boilerplate.podcast", "category": "promo", "pattern": r"listen to our podcast.*"}
PODCAST_LINE = "Listen to our podcast on Spotify and Apple Podcasts"

#: One residue line per rule, alone enough that no other rule takes it when its own is off.
ONE_PER_RULE = {
    "boilerplate.comment_form": "Leave a Reply",
    "boilerplate.comment_login": "Connecting to %s",
    "boilerplate.share_bar": "Share this:",
    "boilerplate.follow": "Follow BBC News on Twitter and Facebook",
    "boilerplate.related": "You may also like",
    "boilerplate.related_link": "Read more: Cameron rules out sending ground troops to Iraq",
    "boilerplate.newsletter": "Sign up for our daily newsletter",
    "boilerplate.cookie": "This website uses cookies to improve your experience.",
    "boilerplate.ad_label": "Advertisement",
    "boilerplate.navigation": "Skip to content",
    "boilerplate.loading": "Loading...",
    "boilerplate.copyright": "Copyright 2017 Reuters",
    "boilerplate.copyright_sign": "\u00a9 2017 Reuters",
    "boilerplate.tags": "Tags: Iraq, Britain",
    "boilerplate.app_prompt": "Download the BBC News app",
    "boilerplate.contact": "Have a news tip? Email tips@example.com",
}


def test_one_per_rule_covers_every_rule():
    assert set(ONE_PER_RULE) == set(BoilerplateStep.rules)


@pytest.mark.parametrize("rule", sorted(ONE_PER_RULE))
def test_disabling_a_rule_keeps_its_residue(rule):
    line = ONE_PER_RULE[rule]
    text = _article_with(line, "bottom")
    assert [e.rule for e in run(STEP, text).edits] == [rule]
    step = BoilerplateStep(disable=frozenset({rule}))
    assert run(step, text).text == text
    # the other rules are still in force
    other, other_line = (
        ("boilerplate.ad_label", "Advertisement")
        if rule == "boilerplate.navigation"
        else ("boilerplate.navigation", "Skip to content")
    )
    out = run(step, f"{other_line}\n\n{text}")
    assert paras(out.text) == paras(text)
    assert [e.rule for e in out.edits] == [other]


def test_extra_rule_adds_residue():
    text = "\n\n".join([ARTICLE[0], PODCAST_LINE, ARTICLE[1]])
    assert run(STEP, text).text == text
    step = BoilerplateStep(extra_rules=(PODCAST,))
    out = run(step, text, extra_ids=frozenset({"boilerplate.podcast"}))
    assert paras(out.text) == ARTICLE[:2]
    assert [e.rule for e in out.edits] == ["boilerplate.podcast"]
    # and an extra rule can be switched off like a shipped one
    off = BoilerplateStep(extra_rules=(PODCAST,), disable=frozenset({"boilerplate.podcast"}))
    assert run(off, text).text == text


@pytest.mark.parametrize(
    "options",
    [
        pytest.param({"disable": frozenset({"boilerplate.nope"})}, id="unknown-id"),
        pytest.param({"disable": frozenset({"ad_label"})}, id="id-without-prefix"),
        pytest.param(
            {"extra_rules": ({"id": "boilerplate.x", "category": "promo", "pattern": "("},)},
            id="bad-pattern",
        ),
        pytest.param(
            {"extra_rules": ({"id": "boilerplate.x", "category": "promo"},)}, id="no-pattern"
        ),
        pytest.param({"extra_rules": ({**PODCAST, "position": "middle"},)}, id="unknown-position"),
        pytest.param(
            {"extra_rules": ({**PODCAST, "block": True, "members": "nope"},)},
            id="unknown-members",
        ),
    ],
)
def test_bad_options_raise_config_error(options):
    with pytest.raises(ConfigError):
        BoilerplateStep(**options)


def test_config_extends_default_disables_and_adds_rules(tmp_path):
    config = tmp_path / "chain.toml"
    config.write_text(
        'extends = "default"\n'
        "\n"
        "[options.boilerplate]\n"
        'disable = ["boilerplate.ad_label"]\n'
        "\n"
        "[[options.boilerplate.extra_rules]]\n"
        'id = "boilerplate.podcast"\n'
        'category = "promo"\n'
        "pattern = 'listen to our podcast.*'\n",
        encoding="utf-8",
    )
    chain = Chain.from_config(config)
    step = chain["boilerplate"]
    assert step.disable == frozenset({"boilerplate.ad_label"})
    assert [r["id"] for r in step.extra_rules] == ["boilerplate.podcast"]
    text = "\n\n".join([ARTICLE[0], "Advertisement", PODCAST_LINE, "Back to top", ARTICLE[1]])
    out = chain(Document(text))
    assert "Advertisement" in out.text
    assert "podcast" not in out.text
    assert "Back to top" not in out.text
    assert sorted(e.rule for e in out.edits if e.step == "boilerplate") == [
        "boilerplate.navigation",
        "boilerplate.podcast",
    ]
    # the same config as a dict gives the same chain
    same = {
        "extends": "default",
        "options": {"boilerplate": {"disable": ["boilerplate.ad_label"], "extra_rules": [PODCAST]}},
    }
    assert Chain.from_config(same) == chain
    assert chain == default_chain(boilerplate=same["options"]["boilerplate"])


def test_config_full_form_disable():
    chain = Chain.from_config(
        {"steps": [{"step": "boilerplate", "disable": ["boilerplate.navigation"]}]}
    )
    text = "\n\n".join([ARTICLE[0], "Back to top", "Advertisement", ARTICLE[1]])
    out = chain(Document(text))
    assert paras(out.text) == [ARTICLE[0], "Back to top", ARTICLE[1]]


@pytest.mark.parametrize(
    "config",
    [
        pytest.param(
            {"extends": "default", "options": {"boilerplate": {"disable": ["boilerplate.nope"]}}},
            id="extends-unknown-id",
        ),
        pytest.param(
            {"steps": [{"step": "boilerplate", "disable": ["boilerplate.nope"]}]},
            id="full-unknown-id",
        ),
        pytest.param(
            {"extends": "default", "options": {"boilerplate": {"disabel": []}}},
            id="misspelt-option",
        ),
        pytest.param(
            {
                "extends": "default",
                "options": {"boilerplate": {"extra_rules": [{"id": "x", "pattern": "("}]}},
            },
            id="extends-bad-extra-rule",
        ),
    ],
)
def test_config_errors(config):
    with pytest.raises(ConfigError):
        Chain.from_config(config)


# -- properties ----------------------------------------------------------------------

#: Clean prose paragraphs, some of them look-alikes.
CLEAN = [
    *ARTICLE,
    PROSE_BEFORE,
    PROSE_AFTER,
    'Responding to the call of Iraq\'s elite "Golden Division," the British forces are set to '
    "embark on a mission to counter the resurgent threat of ISIS in the region.",
    "The Ministry of Defence, however, maintained its stance of neither confirming nor denying "
    "engagement in tasks of this nature.",
    "Speaking in Iraq, the Prime Minister said:",
    "- First, we will deepen our counter-terrorism relationship with Iraq.",
    "The UK will invest \u00a310m over the next three years to build Iraq's counter-terrorism "
    "capability.",
    "\u201cThe strategy is Iraq first, which is really important,\u201d a Whitehall source said.",
    "Details are published at https://www.gov.uk/government/news and on gov.uk.",
    *LOOK_ALIKES[::4],
]

#: Residue lines and blocks, with where their rules allow them.
RESIDUE_ANY = [row.values[0] for row in RESIDUE if row.values[2] == "any"]
RESIDUE_BOTTOM = [row.values[0] for row in RESIDUE if row.values[2] == "bottom"]


@st.composite
def dirty_articles(draw) -> tuple[str, list[str]]:
    clean = draw(st.lists(st.sampled_from(CLEAN), min_size=1, max_size=6))
    units = list(clean)
    for _ in range(draw(st.integers(1, 4))):
        if draw(st.booleans()):
            units.append(draw(st.sampled_from(RESIDUE_BOTTOM)))  # footers go at the end
        else:
            units.insert(draw(st.integers(0, len(units))), draw(st.sampled_from(RESIDUE_ANY)))
    separators = [draw(st.sampled_from(["\n\n", "\n\n\n", "\n \n"])) for _ in units]
    text = "".join(u + s for u, s in zip(units, separators, strict=True))
    return text, clean


@given(dirty_articles())
@example(("Leave a Reply\n\nTwitter picture\n\n" + ARTICLE[0] + "\n\n", [ARTICLE[0]]))
def test_inserted_residue_comes_out_exactly(case):
    text, clean = case
    out = run(STEP, text)
    assert paras(out.text) == [c.strip() for c in clean]
    assert run(STEP, out.text).edits == ()


@given(dirty_articles())
def test_default_chain_removes_inserted_residue_in_boilerplate(case):
    text, clean = case
    out = CHAIN(Document(text))
    assert out is not None
    removed = "".join(e.old for e in out.edits if e.step == "boilerplate")
    # everything removed by the step is residue: no clean paragraph went with it
    for para in clean:
        assert para.strip() not in removed


_TRICKY = " \t\n\r\u00a0.,;:!?\"'“”’-()/@&%*©…aAbBeEsIi019£éLeavRplyShrTwitFcokAdvmn"
arbitrary_text = st.one_of(st.text(), st.text(alphabet=_TRICKY))


@given(arbitrary_text)
@example("Leave a Reply\n")
@example("A.\nB.\n\u00a9 2017 Reuters\nLeave a Reply\nC.")
@example("Tags: a\n\n\u00a9 x\n\nb")
def test_step_never_raises_and_is_idempotent(text):
    once = run(STEP, text)
    twice = run(STEP, once.text)
    assert twice.edits == ()
    assert twice.text == once.text
