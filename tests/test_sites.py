"""The sites stage: detection, forcing, anchored chrome rules, recorded removals, metadata capture,
and what must never be removed. Variants are built from corpus files."""

from __future__ import annotations

import re
from functools import cache
from types import SimpleNamespace

import pytest

from fic2epub import Options, convert, reading, sites
from fic2epub.errors import UsageError
from fic2epub.language import normalise_tag
from fic2epub.model import AuthorNote, book_text
from fic2epub.sites.fields import iso_date

from conftest import CORPUS, EXAMPLE, EpubView
from wordcheck import minus_removals, story_text


@cache
def _corpus(name: str) -> str:
    return reading.read_text((CORPUS / name).read_bytes()).text


def STEREK() -> str:  # noqa: N802 - read as the constant it stands for
    return EXAMPLE.read_text(encoding="utf-8")


def QXS() -> str:  # noqa: N802
    return _corpus("chinese-webnovel/1qxs-daozhong-ch1-zh.md")


def GUNDAM() -> str:  # noqa: N802
    return _corpus("fanfiction.net/ffn-crawl-gundam-wing-oneshot.txt")


def ALICE() -> str:  # noqa: N802
    return _corpus("gutenberg/alice-wonderland-crlf.txt")


def FABRIC() -> str:  # noqa: N802
    return _corpus("fanfiction-markdown/aci100-fabric-of-fate-pandoc-TRUNCATED.md")


#: a paragraph from the middle of the example story
MIDDLE = "Stiles groaned and rubbed the back of his neck"


def _insert_after_paragraph(text: str, anchor: str, new: str) -> str:
    """``text`` with the paragraph ``new`` after the paragraph that starts with ``anchor``."""
    start = text.index(anchor)
    end = text.index("\n\n", start)
    return text[:end] + "\n\n" + new + text[end:]


def _book_text(text: str, **options) -> str:
    result = convert(text.encode("utf-8"), Options(source_name="story.txt", **options))
    return " ".join(story_text(EpubView(result.epub)).split())


def _stripped(text: str, forced: str | None = None, keep_chrome: bool = False) -> SimpleNamespace:
    draft, left = sites.strip_text(text, forced, keep_chrome)
    return SimpleNamespace(
        text=left, metadata=draft.metadata, removed=draft.removed, detection=draft.site, part_title=draft.part_title
    )


def _checked(text: str, forced: str | None = None) -> SimpleNamespace:
    """strip_text, checking that the removals account exactly for what left the text."""
    result = _stripped(text, forced)
    assert minus_removals(text, result.removed.items) == result.text
    for removal in result.removed.items:
        assert removal.rule and removal.text and removal.line >= 1
    return result


# --- detection and --site ----------------------------------------------------------------------


@pytest.mark.parametrize("profile", sites.all_profiles(), ids=lambda p: p.name)
def test_every_profile_has_one_spelling_and_every_rule_says_why(profile):
    """Module, profile name and rule prefix are one spelling; every pattern compiles; every rule says why."""
    assert profile.name in sites.PROFILE_MODULES
    for rule in profile.rules + (profile.html.chrome if profile.html else ()):
        assert rule.name.startswith(f"{profile.name}."), rule.name
        sites.compile_pattern(rule.pattern, rule.flags)
        assert rule.why, f"{profile.name}: rule {rule.name} has no why"
    for sig in profile.signatures:
        assert sig.why, f"{profile.name}: signature {sig.pattern} has no why"


def test_a_rule_with_an_unknown_where_fails_when_it_is_made():
    from fic2epub.sites.schema import Rule

    with pytest.raises(ValueError, match="where"):
        Rule("x.y", "^a$", where="middle")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "name, expected",
    [
        ("wattpad", "wattpad"),
        ("WATTPAD", "wattpad"),
        ("pg", "gutenberg"),
        ("1qxs", "yiqi"),
        ("pandoc", "pandoc_fic"),
        ("pandoc-fic", "pandoc_fic"),
        ("fanfictions.fr", "fanfictions_fr"),
        ("fanfiction.net", "fanfiction_net"),
        ("generic", "generic"),
    ],
)
def test_site_forced_by_name_or_alias(name, expected):
    detection = sites.detect("Just a story.\n", name)
    assert detection.profile.name == expected
    assert detection.confidence == 1.0 and "forced" in detection.evidence[0]


@pytest.mark.corpus
def test_unknown_site_is_a_usage_error_listing_the_known_ones():
    with pytest.raises(UsageError) as err:
        convert(STEREK().encode(), Options(site="spacebattles-typo"))
    message = str(err.value)
    assert "spacebattles-typo" in message and "\n" not in message
    for known in ("wattpad", "gutenberg", "yiqi", "pandoc_fic", "fanfictions_fr", "generic"):
        assert known in message


@pytest.mark.corpus
def test_forcing_a_site_applies_its_rules_only():
    # the Wattpad footer stays when the user says the text is from Project Gutenberg
    forced = _checked(STEREK(), "gutenberg")
    assert "Where stories live. Discover now" in forced.text
    book = convert(STEREK().encode(), Options(site="gutenberg", make_cover=False)).book
    assert book.metadata.site == "Project Gutenberg"


def test_plain_story_is_generic_with_no_confidence():
    text = "The Long Night\n\nIt was dark. She waited.\n\nTHE END\n"
    detection = sites.detect(text)
    assert detection.profile.name == "generic" and detection.confidence == 0.0


@pytest.mark.corpus
def test_evidence_names_what_was_seen():
    detection = sites.detect(STEREK())
    assert detection.profile.name == "wattpad"
    assert any("Where stories live. Discover now" in e for e in detection.evidence)


@pytest.mark.corpus
def test_gutenberg_shape_without_boilerplate_is_still_gutenberg():
    detection = sites.detect(ALICE())
    assert detection.profile.name == "gutenberg"
    assert any("Illustration" in e for e in detection.evidence)
    result = _checked(ALICE())
    assert result.metadata.title == "Alice’s Adventures in Wonderland"
    assert result.metadata.authors == ["Lewis Carroll"]
    assert result.text == ALICE()  # nothing to strip: the book's own title page is not chrome


# --- Wattpad -------------------------------------------------------------------------------------


@pytest.mark.corpus
def test_wattpad_saved_page_prompts_are_removed_and_recorded():
    prompts = (
        "Continue reading on Wattpad\n\nYou've reached the end of published parts.\n\n"
        "⏰ Last updated: Apr 04, 2021\n\nAdd this story to your Library to get notified about new parts!\n\n"
        "Vote\nComment\nShare\n\nGet the Wattpad app\n\nAdvertisement\n\n"
    )
    text = STEREK().replace("Sterek || GoodbyeWhere", prompts + "Sterek || GoodbyeWhere")
    result = _checked(text)
    for prompt in (
        "Continue reading",
        "end of published parts",
        "Last updated",
        "Library",
        "Vote",
        "Wattpad app",
        "Advertisement",
    ):
        assert prompt not in result.text
    assert result.metadata.updated == "2021-04-04"
    assert result.metadata.title == "Sterek || Goodbye"
    rules = [r.rule for r in result.removed.items]
    assert rules[-1] == "wattpad.footer" and "wattpad.vote_comment_share" in rules and "generic.advertisement" in rules


@pytest.mark.corpus
def test_wattpad_story_url_line_sets_id_and_source():
    text = "https://www.wattpad.com/story/173080052-the-kids-arent-alright\n" + STEREK()
    result = _checked(text)
    assert result.metadata.story_id == "173080052"
    assert result.metadata.source_url == "https://www.wattpad.com/story/173080052-the-kids-arent-alright"
    assert result.part_title == "Goodbye."


@pytest.mark.corpus
def test_story_sentences_that_sound_like_chrome_are_kept():
    sentences = [
        "Come with me and discover now what the forest hides, she said. Discover now!",
        "Read this story for FREE! the banner on the bus stop shouted, and Stiles rolled his eyes.",
        "She typed Chapter Text into the empty box and stared at it.",
        "Vote for me, he begged. Comment if you must. Share the news.",
        "The advertisement on the wall flickered. Share this with me, Derek said.",
    ]
    text = STEREK()
    for sentence in sentences:
        text = _insert_after_paragraph(text, MIDDLE, sentence)
    result = _checked(text)
    book = _book_text(text, smarten=False)
    for sentence in sentences:
        assert sentence in result.text
        assert sentence in book


@pytest.mark.corpus
@pytest.mark.parametrize("line", ["Discover now", "Read this story", "Chapter Text", "Share", "12", "2.1K 90 31"])
def test_chrome_like_lines_in_the_middle_are_kept(line):
    """A line of its own mid-story that only *looks* like chrome stays, whatever the site."""
    text = _insert_after_paragraph(STEREK(), MIDDLE, line)
    assert f"\n\n{line}\n\n" in _checked(text).text
    for profile in sites.all_profiles():
        assert f"\n\n{line}\n\n" in _checked(text, profile.name).text


@pytest.mark.corpus
def test_a_bare_number_line_survives_into_the_book():
    text = _insert_after_paragraph(STEREK(), MIDDLE, "12")
    assert " 12 " in _book_text(text)


@pytest.mark.corpus
def test_counters_only_at_the_top():
    result = _checked(_insert_after_paragraph(STEREK(), MIDDLE, "1.4K 84 24"))
    assert "\n\n1.4K 84 24\n\n" in result.text
    # the part title (line 1) and the counters (line 3) at the top, nothing in the middle
    assert {r.line for r in result.removed.items if r.rule == "wattpad.counters"} == {1, 3}
    assert {r.moved for r in result.removed.items if r.rule == "wattpad.counters"} == {
        "part_title",
        "stats.reads",
        "stats.votes",
        "stats.comments",
    }


@pytest.mark.corpus
def test_keep_chrome_removes_nothing_but_still_reads_metadata():
    result = _stripped(STEREK(), keep_chrome=True)
    assert result.text == STEREK() and not result.removed.items
    pg = (CORPUS / "gutenberg/christmas-carol-latin1-pgheader.txt").read_bytes()
    kept = _stripped(reading.read_text(pg).text, keep_chrome=True)
    assert "*** START OF THE PROJECT GUTENBERG EBOOK" in kept.text
    assert kept.metadata.title == "A Christmas Carol" and kept.metadata.story_id == "46"


# --- generic residue -------------------------------------------------------------------------------


def test_generic_residue_is_removed_as_whole_lines_only():
    residue = [
        "Skip to content",
        "Advertisement",
        "Share this:",
        "Click to share on Twitter (Opens in new window)",
        "We use cookies to give you the best experience on our website. By continuing you agree.",
        "Accept all cookies",
    ]
    story = (
        "The Lighthouse\n\n"
        + "\n\n".join(residue)
        + (
            "\n\nThe keeper climbed the stairs. Skip to content, she thought, skip the boring part."
            "\n\nAn advertisement for soap hung by the door.\n\n12\n\nShare this bread with me.\n"
        )
    )
    result = _checked(story)
    assert result.detection.profile.name == "generic"
    for line in residue:
        assert line not in result.text.split("\n")
    for kept in ("Skip to content, she thought", "An advertisement for soap", "\n12\n", "Share this bread"):
        assert kept in result.text
    assert {r.rule for r in result.removed.items} == {
        "generic.skip_link",
        "generic.advertisement",
        "generic.share",
        "generic.share_button",
        "generic.cookie_banner",
        "generic.cookie_button",
    }


# --- FanFiction.net text, disclaimers ---------------------------------------------------------------


@pytest.mark.corpus
def test_disclaimer_and_notes_are_the_authors_text_kept_as_notes():
    result = _checked(GUNDAM())
    assert result.detection.profile.name == "fanfiction_net"
    assert not result.removed.items and result.text == GUNDAM()
    book = convert(GUNDAM().encode(), Options(source_name="gundam.txt")).book
    notes = [b for b in book.chapters[0].blocks if isinstance(b, AuthorNote)]
    assert "own Gundam Wing" in notes[0].paragraphs[0].text
    assert len(notes) == 3


# --- 一七小说 -------------------------------------------------------------------------------------------


@pytest.mark.corpus
def test_1qxs_join_inside_a_sentence_becomes_one_paragraph():
    """A page join that cuts a sentence: the halves are joined back (built from the corpus file)."""
    paragraph = "一个气质温婉的中年女子动作利索地将衣物放进包裹，嘴上一遍遍叮嘱道。"
    join = QXS()[QXS().index("\n\n\n---") : QXS().index("房间顿时沉寂下来")]
    cut = paragraph.index("将衣物")
    text = QXS().replace(paragraph, paragraph[:cut] + join + paragraph[cut:])
    result = _checked(text)
    assert paragraph in result.text
    assert "yiqi.page_join_inside_paragraph" in [r.rule for r in result.removed.items]


@pytest.mark.corpus
def test_1qxs_join_after_a_closed_quote_stays_a_paragraph_break():
    # "…不能为景儿提供多少支持”" closes its quote; the next page opens a new paragraph of narration
    result = _checked(QXS())
    assert re.search(r"支持”\n\s*\n+房间顿时沉寂下来", result.text)
    assert "yiqi.page_join_inside_paragraph" not in [r.rule for r in result.removed.items]


# --- pandoc fic ------------------------------------------------------------------------------------------


@pytest.mark.corpus
def test_pandoc_chapter_headings_never_removed():
    result = _checked(FABRIC())
    headings = re.findall(r"^\*\*Chapter [IVXLC]+:[^\n]*\*\*$", FABRIC(), re.M)
    assert len(headings) == 11
    assert re.findall(r"^\*\*Chapter [IVXLC]+:[^\n]*\*\*$", result.text, re.M) == headings
    assert result.text.count("**Disclaimer:") == 1
    assert result.metadata.title == "Ace Iverson and the Fabric of Fate" and result.metadata.authors == ["ACI100"]
    assert result.metadata.site is None  # a format, not a publisher


# --- AO3 copy-paste --------------------------------------------------------------------------------------


def _ao3_copy_paste() -> str:
    """The corpus AO3 chapter page as a browser's select-all copy gives it: one text line per block."""
    from bs4 import BeautifulSoup

    page = BeautifulSoup((CORPUS / "ao3/ao3-end-notes-chapter-page.html").read_text(encoding="utf-8"), "lxml")
    for tag in page(["script", "style", "noscript"]):
        tag.decompose()
    text = re.sub(r"[ \t]+\n", "\n", page.get_text("\n"))
    return re.sub(r"\n\s*\n+", "\n\n", text)


@pytest.mark.corpus
def test_ao3_copy_paste_text():
    text = _ao3_copy_paste()
    result = _checked(text)
    meta = result.metadata
    assert result.detection.profile.name == "ao3"
    assert (meta.title, meta.authors, meta.rating) == (
        "New Day Dawning",
        ["IncompleteSentanc (Erava)"],
        "Teen And Up Audiences",
    )
    assert meta.fandoms == ["Naruto"] and "Haruno Sakura & Uchiha Obito" in meta.relationships
    assert "Sharingan Misuse" in meta.tags and "Uchiha Obito" in meta.characters
    assert meta.summary.startswith("One day, while visiting the grave of Nohara Rin")
    assert (meta.published, meta.stats["chapters"], meta.stats["hits"]) == ("2022-05-12", "2/25", "61")
    for chrome in (
        "Chapter Text",
        "See the end of the chapter",
        "↑ Top",
        "left kudos on this work!",
        "Hi, Sidra!",
        "otwarchive",
        "Stats:",
    ):
        assert chrome not in result.text
    story = result.text.strip()
    assert story.startswith("Notes:\n\nHello! I'm super excited about this fic.")
    assert "Five year old Sakura has a bounce in her step" in story
    assert story.endswith("It'll be up in just a few!")


# --- values -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, iso",
    [
        ("January 17, 2021", "2021-01-17"),
        ("January 24 2021", "2021-01-24"),
        ("Apr 04, 2021", "2021-04-04"),
        ("4 March 2018", "2018-03-04"),
        ("1992", "1992"),
        ("2022-05-12", "2022-05-12"),
        ("sometime in May", None),
        ("Febtember 3, 2020", None),
    ],
)
def test_iso_date(raw, iso):
    assert iso_date(raw) == iso


@pytest.mark.parametrize("raw, tag", [("English", "en"), ("French", "fr"), ("pt-BR", "pt-BR"), ("Klingon", None)])
def test_language_tag(raw, tag):
    assert normalise_tag(raw) == tag


#: A plain story of twelve paragraphs, to put a line into.
PLAIN_STORY = (
    "The rain had not stopped for three days, and the gutters ran like rivers.",
    "Mara watched it from the window of the shop, counting the people who hurried past.",
    "By evening the street was empty, and the lamps came on one by one.",
    "She locked the door, turned the sign, and sat down with the ledger.",
) * 3

#: Story sentences that read like a chrome family, each as a whole paragraph: in the middle of a story
#: they stay (and at its edges too, where they are sentences, not a site's line).
CHROME_LOOKALIKES = [
    "“Next chapter,” she said, closing the book. “Of my life, I mean.”",
    "It was the next chapter of my life, and I meant to write it myself.",
    "Someone had stolen the story from her, word for word, and put it on Amazon under his own name.",
    "If you find this story on Amazon, she had written on the flyleaf, know that I was robbed.",
    "He read the latest chapter of the report twice before he believed it.",
    "“Any support would be appreciated,” the old soldier said, holding out his cap.",
    "She clicked Previous, then Next, then closed the window in disgust.",
    "Views: the sea, the cliffs, and a lighthouse nobody had lit in years.",
    "Her Patreon had three supporters, and one of them was her mother.",
    "Index cards covered the wall, every one of them a clue.",
    "“Please post a comment on this story,” the teacher had written under my essay, in red.",
    "She did not read the comments. She never read the comments.",
    "The main fanfic page of the forum had been down for a week.",
]


@pytest.mark.parametrize("sentence", CHROME_LOOKALIKES)
@pytest.mark.parametrize("where", ["middle", "start", "end"])
def test_story_sentences_that_look_like_chrome_stay(sentence, where):
    from fic2epub.verify import missing_words

    story = list(PLAIN_STORY)
    at = {"start": 0, "middle": 6, "end": len(story)}[where]
    story.insert(at, sentence)
    text = "\n\n".join(story) + "\n"
    options = Options(source_name="story.txt", make_cover=False)
    result = convert(text.encode(), options)
    assert not missing_words(text.encode(), result, options)
    assert not [r for r in result.removed.items if r.rule.startswith("generic.")], result.removed.items


#: Lines of a chrome family, each as a site puts it at the story's start, and the family that must
#: remove it there; the same line in the middle of the story stays.
FAMILY_LINES = [
    ("ひらがな　←→　日本語・英語　←→　English", "generic.language_links"),
    ("English | Français | Español", "generic.language_links"),
    ("Deutsch · English", "generic.language_links"),
    ("« Chapitre précédent | Sommaire | Chapitre suivant »", "generic.navigation"),
    ("Назад Оглавление Вперёд", "generic.navigation"),
    ("Télécharger en PDF", "generic.download"),
    ("Inverser le contraste", "generic.reader_ui"),
    ("Page 2 of 7", "generic.pager"),
]


@pytest.mark.parametrize("line, family", FAMILY_LINES)
def test_a_family_line_goes_at_the_edge_and_stays_in_the_middle(line, family):
    from fic2epub.verify import missing_words

    story = list(PLAIN_STORY)
    options = Options(source_name="story.txt", make_cover=False)
    edge = ("\n\n".join([line, *story]) + "\n").encode()
    result = convert(edge, options)
    assert family in [r.rule for r in result.removed.items], result.removed.items
    assert not missing_words(edge, result, options)
    middle = ("\n\n".join([*story[:6], line, *story[6:]]) + "\n").encode()
    result = convert(middle, options)
    assert not [r for r in result.removed.items if r.rule.startswith("generic.")], result.removed.items


@pytest.mark.parametrize("box", ["tn", "notebox"])
def test_a_transcribers_note_takes_its_box_or_its_paragraph_never_the_book(box):
    """*Hemsöborna*'s page (its note in ``div.tn``, then 351 paragraphs parted by one blank line each in
    the page's text): the note's box goes; with the box unnamed (``div.notebox``) only the label's own
    paragraph goes. Either way every paragraph of the story is in the book."""
    from conftest import PROJECT_CORPUS

    page = (PROJECT_CORPUS / "gutenberg" / "hemsoborna-sv-latin1-crlf-pg-html-TRUNCATED.htm").read_bytes()
    page = page.replace(b"<div class='tn'>", f"<div class='{box}'>".encode(), 1)
    result = convert(page, Options(source_name="hemsoborna.htm", make_cover=False))
    text = book_text(result.book)
    for sentence in ("Han kom som ett yrväder en aprilafton", "Klockan är tre på morgonen en julidag"):
        assert sentence in text
    taken = [r for r in result.removed.items if r.rule.startswith("gutenberg.transcriber_note")]
    assert 1 <= len(taken) <= 6, [r.text[:40] for r in taken]
