"""Every text file of the corpus: its site recognised, its chrome gone, its metadata in the OPF,
and every other word of the story in the book, in order (see ../shared/corpus/README.md)."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

import pytest

from conftest import CORPUS, EpubView
from fic2epub import Options, convert, reading, sites
from wordcheck import describe_missing, minus_removals, missing_in_order, story_text, tokens

#: file -> what the corpus README says: site profile, chrome quoted (absent from the story), OPF
#: metadata (dc:NAME -> values), title-page strings, story strings that must stay.
CASES = {
    "wattpad/sterek-goodbye.txt": dict(
        site="wattpad",
        chrome=["Where stories live. Discover now", "Discover now", "1.4K 84 24"],
        opf={"title": ["Sterek || Goodbye"], "creator": [], "publisher": ["Wattpad"]},
        title_page=["<dd>1.4K</dd>", "<dd>84</dd>", "<dd>24</dd>"],
        kept=["So we all know Derek"],
    ),
    "wattpad/wattpad-crawl-in-too-deep-statsline.txt": dict(
        site="wattpad",
        chrome=["Read this story for FREE!", "70 4 0"],
        opf={"title": ["In Too Deep//l.h"], "creator": [], "publisher": ["Wattpad"]},
        title_page=["<dd>70</dd>", "<dd>4</dd>", "<dd>0</dd>"],
        kept=["We were wandering through hmv"],
    ),
    "fanfiction.net/ffn-crawl-gundam-wing-oneshot.txt": dict(
        site="fanfiction.net",
        chrome=[],
        opf={"publisher": ["FanFiction.net"]},
        # the disclaimer and both notes are the author's words
        kept=["I don't own Gundam Wing", "So it's not Christmas anymore", "Written because non-stop holiday music"],
    ),
    "fanfictions.fr/crise-naruto-fr-cp1252-crlf.txt": dict(
        site="fanfictions.fr",
        chrome=[],
        opf={"title": ["Crise"], "language": ["fr"], "publisher": ["Fanfictions.fr"]},
        kept=["Crise est une fanfic qui date", "Tel est Kiba Inuzuka."],
    ),
    "gutenberg/alice-wonderland-crlf.txt": dict(
        site="gutenberg",
        chrome=[],
        opf={"title": ["Alice’s Adventures in Wonderland"], "creator": ["Lewis Carroll"],
             "publisher": ["Project Gutenberg"]},
        kept=["Down the Rabbit-Hole", "THE END"],
    ),
    "gutenberg/christmas-carol-latin1-pgheader.txt": dict(
        site="gutenberg",
        chrome=["*** START OF THE PROJECT GUTENBERG EBOOK", "*** END OF THE PROJECT GUTENBERG EBOOK",
                "This eBook is for the use of anyone anywhere", "START: FULL LICENSE", "Project Gutenberg",
                "Release Date"],
        opf={"title": ["A Christmas Carol"], "creator": ["Charles Dickens"], "language": ["en"],
             "publisher": ["Project Gutenberg"], "source": ["https://www.gutenberg.org/ebooks/46"],
             "date": ["1992"]},
        kept=["God bless Us, Every One!"],
    ),
    "gutenberg/great-gatsby-cp1252-roman-headings.txt": dict(
        site="gutenberg",
        chrome=["*** START OF THE PROJECT GUTENBERG EBOOK", "*** END OF THE PROJECT GUTENBERG EBOOK",
                "Project Gutenberg", "Produced by: Alex Cabal"],
        opf={"title": ["The Great Gatsby"], "creator": ["F. Scott Fitzgerald"], "language": ["en"],
             "publisher": ["Project Gutenberg"], "source": ["https://www.gutenberg.org/ebooks/64317"],
             "date": ["2021-01-17"]},
        kept=["borne back ceaselessly into the past"],
    ),
    "chinese-webnovel/1qxs-daozhong-ch1-zh.md": dict(
        site="1qxs",
        chrome=["【我以道种铸长生】小说免费阅读", "1qxs.com", "一七小说", "我以道种铸长生小说", "**"],
        opf={"title": ["我以道种铸长生"], "language": ["zh"], "publisher": ["一七小说"]},
        kept=["第一章 此界有仙！", "梆——梆！梆！", "内投已过，老板们可以放心投资啦~"],
    ),
    "fanfiction-markdown/aci100-fabric-of-fate-pandoc-TRUNCATED.md": dict(
        site="pandoc-fic",
        chrome=["By ACI100", "Season I: The Veil of Reality"],
        opf={"title": ["Ace Iverson and the Fabric of Fate"], "creator": ["ACI100"], "publisher": []},
        kept=["This is a work of fanfiction based on the PJO universe"],
    ),
}


@lru_cache(maxsize=None)
def converted(name: str):
    path = CORPUS / name
    data = path.read_bytes()
    options = Options(source_name=path.name)
    decoded = reading.read_text(data, options.encoding, options.fix_text).text
    result = convert(data, options)
    return decoded, sites.strip_text(decoded), result, EpubView(result.epub)


def _flat(text: str) -> str:
    return " ".join(text.replace("’", "'").split())


@pytest.mark.parametrize("name", sorted(CASES))
def test_site_detected_with_evidence(name):
    _, site, result, _ = converted(name)
    assert result.site == CASES[name]["site"]
    assert site.detection.profile.name == CASES[name]["site"]
    assert 0 < site.detection.confidence <= 1 and site.detection.evidence


@pytest.mark.parametrize("name", sorted(CASES))
def test_chrome_absent_from_the_story(name):
    _, _, _, view = converted(name)
    text = _flat(story_text(view))
    for chrome in CASES[name]["chrome"]:
        assert _flat(chrome) not in text, f"chrome left in {name}: {chrome!r}"


@pytest.mark.parametrize("name", sorted(CASES))
def test_story_strings_kept(name):
    _, _, _, view = converted(name)
    text = _flat(story_text(view))
    for kept in CASES[name]["kept"]:
        assert _flat(kept) in text, f"{name}: lost {kept!r}"


@pytest.mark.parametrize("name", sorted(CASES))
def test_metadata_in_the_opf_and_title_page(name):
    _, _, _, view = converted(name)
    for field, values in CASES[name]["opf"].items():
        assert view.metadata(field) == values, f"dc:{field}"
    title_page = next(d for d in view.spine_documents() if 'epub:type="titlepage"' in d)
    for shown in CASES[name].get("title_page", []):
        assert shown in title_page


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_removal_recorded(name):
    """The decoded text minus the recorded removals is exactly the text handed to structure."""
    decoded, site, _, _ = converted(name)
    assert minus_removals(decoded, site.removed.items) == site.text


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_story_word_in_the_book_in_order(name):
    decoded, site, result, view = converted(name)
    expected = tokens(minus_removals(decoded, site.removed.items))
    missing = missing_in_order(expected, tokens(story_text(view)))
    # later stages may drop text (recorded) and set a chapter's heading before the note it
    # followed: only those recorded words and heading words may be missing where they stood
    site_removals = {(r.rule, r.text, r.line) for r in site.removed.items}
    excused = Counter(t for r in result.removed.items if (r.rule, r.text, r.line) not in site_removals
                      for t in tokens(r.text))
    excused.update(t for chapter in result.book.chapters for t in tokens(chapter.title or ""))
    unexplained = []
    for i, tok in missing:
        if excused[tok] > 0:
            excused[tok] -= 1
        else:
            unexplained.append((i, tok))
    assert not unexplained, describe_missing(expected, unexplained)


def test_pandoc_front_matter_kept_once_and_every_chapter_heading_kept():
    _, site, _, view = converted("fanfiction-markdown/aci100-fabric-of-fate-pandoc-TRUNCATED.md")
    text = _flat(story_text(view))
    assert text.count("This is a work of fanfiction based on the PJO universe") == 1
    assert text.count("Self-Promotion: I have a Discord server") == 1
    numerals = "I II III IV V VI VII VIII IX X XI".split()
    positions = [text.find(f"Chapter {n}:") for n in numerals]
    assert all(p >= 0 for p in positions) and positions == sorted(positions)
    repeats = [r for r in site.removed.items if r.rule == "pandoc_fic.front_matter_repeat"]
    assert len(repeats) == 11  # before chapters II..XI and the cut-off XII
    assert site.metadata.extra["season"] == "Season I: The Veil of Reality"


def test_gutenberg_header_metadata():
    _, site, _, _ = converted("gutenberg/christmas-carol-latin1-pgheader.txt")
    meta = site.metadata
    assert (meta.story_id, meta.published, meta.updated) == ("46", "1992", "2018-03-04")
    assert meta.extra["subtitle"] == "A Ghost Story of Christmas"
    assert site.text.lstrip().startswith("A CHRISTMAS CAROL")
    assert site.text.rstrip().endswith("God bless Us, Every One!")


def test_1qxs_chapter_heading_without_site_suffix():
    _, site, _, _ = converted("chinese-webnovel/1qxs-daozhong-ch1-zh.md")
    assert site.text.startswith("# 第一章 此界有仙！\n")
    assert [r.rule for r in site.removed.items].count("1qxs.page_join") == 3
