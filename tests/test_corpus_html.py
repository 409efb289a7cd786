"""Every HTML file of the corpus converts as ../shared/corpus/README.md describes it: site, chapters,
metadata, emphasis, no chrome, and every word of the story container in the book, in order."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import pytest

from conftest import CORPUS, EpubView
from fic2epub import Options, convert
from fic2epub.model import AuthorNote, Paragraph, SceneBreak, Table, book_text, iter_paragraphs
from wordcheck import describe_missing, missing_in_order, story_text, tokens


@lru_cache(maxsize=None)
def result(name: str):
    path = CORPUS / name
    return convert(path.read_bytes(), Options(source_name=path.name))


def flat(text: str) -> str:
    """Quotes, apostrophes, dashes and spaces made plain, so typography does not matter to a check."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[‘’]", "'", re.sub(r"[“”]", '"', text))
    text = re.sub(r"\s*[—–]\s*", " - ", text)
    return " ".join(text.split())


def paragraphs(name: str) -> list[Paragraph]:
    return [p for c in result(name).book.chapters for p in iter_paragraphs(c.blocks)]


def marked(name: str, kind: str) -> list[str]:
    """The text under every mark of ``kind`` in the book."""
    return [flat(p.text[m.start:m.end]) for p in paragraphs(name) for m in p.marks if m.kind == kind]


# --- what the README says of each file ---------------------------------------------------------

#: file -> (site, chapter titles, story container CSS selector)
SHAPE = {
    "ao3/ao3-end-notes-chapter-page.html": ("ao3", ["Chapter 1"], "#workskin"),
    "ao3/ao3-download-crimson-supernova-ch2.html": ("ao3", ["Chapter 2: orbit"], "body"),
    "fanfiction.net/ffn-following-phoenix-ch82.xhtml": (
        "fanfiction.net", ["Chapter 82: Taboo Tradeoffs, Final"], "#storytext"),
    "fanfiction.net/ffn-hunted-ch1.xhtml": ("fanfiction.net", ["Changes"], "body"),
    "fanfiction.net/ffn-downloader-past-and-future-king.html": (
        "fanfiction.net", ["Past and Future King"], "#storytext"),
    "fanfiction.net/saving-connor-storytext-concat.txt": ("fanfiction.net", None, "body"),
    "scribblehub/scribblehub-announcement-chapter.html": (
        "scribblehub", ["All my Chapters got Deleted!"], "#chp_raw"),
    "webnovel-aggregator/hostednovel-lgs-ch1.html": ("hostednovel", ["Chapter 1 - The Black Ox Speaks"], "#chapter"),
    "royalroad/pioneer-abyss-ch1.html": ("royalroad", ["B1 | Chapter 1"], ".chapter-content"),
    "wattpad/wattpad-api-part-kids-arent-alright.html": ("wattpad", None, "body"),
}
FILES = sorted(SHAPE)

#: Chrome the README quotes, per file: none of it may be in the story documents of the book.
CHROME = {
    "ao3/ao3-end-notes-chapter-page.html": [
        "Archive of Our Own beta", "Hi, Sidra!", "Main Content", "it will work better with it enabled",
        "Rating:", "Fandom:", "Relationships:", "Stats:", "2/25", "(See the end of the chapter for notes.)",
        "Chapter Text", "↑ Top", "Next Chapter →", "Kudos ♥", "Comments (1)", "left kudos on this work!",
        "Comment as Sid", "Plain text with limited HTML", "10000 characters left", "otwarchive v0.9.318.5"],
    "ao3/ao3-download-crimson-supernova-ch2.html": ["(See the end of the chapter for more notes.)", "Chapter Text"],
    "fanfiction.net/ffn-following-phoenix-ch82.xhtml": [", a harry potter fanfic", "19. Following the Phoenix"],
    "fanfiction.net/ffn-hunted-ch1.xhtml": [],
    "fanfiction.net/ffn-downloader-past-and-future-king.html": ["Past and Future King | Kitsune Foxfire", "_infos.html"],
    "fanfiction.net/saving-connor-storytext-concat.txt": [
        "Title: Saving Connor", "&apos;", "&quot;", "&#x2014;", "<p>", "<strong>", "</p>"],
    "scribblehub/scribblehub-announcement-chapter.html": [
        "Menu", "Series Ranking", "Series Finder", "Font Size", "A-", "A+", "Table of Contents",
        "Loading... please wait.", "PreviousNext", "PreviousIndexNext", "© 2023 Scribble Hub", "387",
        "Are you going to archive the old story so people can still read it?",
        "@Osamaru Archive bud, change is good, but memories should be cherished."],
    "webnovel-aggregator/hostednovel-lgs-ch1.html": [
        "Why not go ad free? Go Premium now.", "Hosted Novel", "Ongoing", "100,000/Hour Professional Stand-in",
        "Apex War God", "Night Mode", "Table of Contents", "Next Chapter ›", "Terms of Use", "Privacy Policy",
        "Translated by Pipipingu.", "Support LGS", "Recent Chapters"],
    "royalroad/pioneer-abyss-ch1.html": [
        "Stolen from its rightful author, this tale is not meant to be on Amazon; report any sightings."],
    "wattpad/wattpad-api-part-kids-arent-alright.html": ["data-p-id", "<p"],
}


@pytest.mark.parametrize("name", FILES)
def test_site_detected(name):
    assert result(name).site == SHAPE[name][0]
    assert result(name).info["input"] == "html"


@pytest.mark.parametrize("name", FILES)
def test_chapter_titles(name):
    expected = SHAPE[name][1]
    titles = [flat(c.title or "") for c in result(name).book.chapters]
    if expected is not None:
        assert titles == expected
    else:
        assert len(titles) >= 1 and all(titles)


@pytest.mark.parametrize("name", FILES)
def test_no_chrome_in_the_story(name):
    text = flat(story_text(EpubView(result(name).epub)))
    for chrome in CHROME[name]:
        assert not re.search(rf"(?<!\w){re.escape(flat(chrome))}(?!\w)", text), chrome


def container_text(name: str) -> str:
    """The text of the story container, read independently of fic2epub."""
    import warnings

    from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        doc = BeautifulSoup((CORPUS / name).read_text("utf-8"), "lxml")
    for tag in doc(["script", "style", "noscript", "template", "svg", "form"]):
        tag.decompose()
    return "\n".join(el.get_text(" ") for el in doc.select(SHAPE[name][2]))


def split_digits(words: list[str]) -> list[str]:
    """Digits apart from letters: a footnote mark glued to its word ("Li Er<sup>1</sup>") is one token
    in the book and two in the page's text."""
    return [part for word in words for part in re.findall(r"\D+|\d+", word)]


def minus(words: list[str], removal: list[str]) -> list[str]:
    """``words`` without any run equal to ``removal`` (a removal may repeat)."""
    if not removal:
        return words
    out, i, n = [], 0, len(removal)
    while i < len(words):
        if words[i:i + n] == removal:
            i += n
        else:
            out.append(words[i])
            i += 1
    return out


@pytest.mark.parametrize("name", FILES)
def test_every_story_word_in_order(name):
    expected = split_digits(tokens(container_text(name)))
    for removal in result(name).removed.items:
        words = split_digits(tokens(removal.text))
        expected = minus(expected, words[:-1] if removal.text.endswith("…") else words)
    for chapter in result(name).book.chapters:  # checked by test_chapter_titles; front matter may precede them
        expected = minus(expected, split_digits(tokens(chapter.title)))
    missing = missing_in_order(expected, split_digits(tokens(book_text(result(name).book))))
    assert not missing, describe_missing(expected, missing)
    assert len(expected) > 300


# --- metadata -------------------------------------------------------------------------------------


def test_ao3_page_metadata():
    name = "ao3/ao3-end-notes-chapter-page.html"
    meta = result(name).book.metadata
    assert meta.title == "New Day Dawning"
    assert meta.authors == ["IncompleteSentanc (Erava)"]
    assert meta.rating == "Teen And Up Audiences"
    assert meta.warnings == ["Graphic Depictions Of Violence"]
    assert meta.fandoms == ["Naruto"]
    assert "Haruno Sakura/Uzumaki Naruto" in meta.relationships
    assert "Uchiha Obito" in meta.characters and len(meta.characters) == 9
    assert "Sharingan Misuse" in meta.tags
    assert meta.language == "en"
    assert meta.published == "2022-05-12"
    assert meta.stats == {"words": "4425", "chapters": "2/25", "comments": "5", "kudos": "12",
                          "bookmarks": "3", "hits": "61"}
    assert meta.status == "In progress"
    assert meta.story_id == "38952696"
    assert meta.source_url == "https://archiveofourown.org/works/38952696"
    assert meta.summary.startswith("One day, while visiting the grave of Nohara Rin")
    view = EpubView(result(name).epub)
    assert view.metadata("title") == ["New Day Dawning"]
    assert view.metadata("creator") == ["IncompleteSentanc (Erava)"]
    assert view.metadata("language") == ["en"]
    assert view.metadata("source") == ["https://archiveofourown.org/works/38952696"]
    assert "Sharingan Misuse" in view.metadata("subject")
    assert view.metadata("description")[0].startswith("One day, while visiting")


def test_ao3_notes_are_notes():
    name = "ao3/ao3-end-notes-chapter-page.html"
    blocks = result(name).book.chapters[0].blocks
    assert isinstance(blocks[0], AuthorNote) and blocks[0].label == "Notes:"
    assert flat(blocks[0].paragraphs[0].text).startswith("Hello! I'm super excited about this fic.")
    assert isinstance(blocks[-1], AuthorNote) and blocks[-1].kind == "endnote"
    assert flat(blocks[-1].paragraphs[0].text).startswith("And thus Obito snatches himself a child")
    assert sum(isinstance(b, SceneBreak) for b in blocks) == 1
    download = result("ao3/ao3-download-crimson-supernova-ch2.html").book.chapters[0].blocks
    assert isinstance(download[0], AuthorNote) and download[0].paragraphs[0].text.startswith("when I tagged slow burn")
    assert isinstance(download[-1], AuthorNote) and download[-1].kind == "endnote"


def test_ffn_metadata():
    assert result("fanfiction.net/ffn-following-phoenix-ch82.xhtml").book.metadata.title == "Following the Phoenix"
    assert result("fanfiction.net/ffn-following-phoenix-ch82.xhtml").book.metadata.fandoms == ["harry potter"]
    king = result("fanfiction.net/ffn-downloader-past-and-future-king.html").book.metadata
    assert (king.title, king.authors) == ("Past and Future King", ["Kitsune Foxfire"])
    assert result("fanfiction.net/saving-connor-storytext-concat.txt").book.metadata.title == "Saving Connor"


def test_ffn_notes_are_notes():
    king = result("fanfiction.net/ffn-downloader-past-and-future-king.html").book.chapters[0].blocks
    assert isinstance(king[0], AuthorNote) and len(king[0].paragraphs) == 2  # bold italic, no label
    assert king[0].paragraphs[1].text.startswith("Question of the chapter:")
    assert isinstance(king[1], SceneBreak)
    phoenix = result("fanfiction.net/ffn-following-phoenix-ch82.xhtml").book.chapters[0].blocks
    assert isinstance(phoenix[0], AuthorNote) and phoenix[0].paragraphs[0].text.startswith("loyal HPMoR readers")
    hunted = result("fanfiction.net/ffn-hunted-ch1.xhtml").book.chapters[0].blocks
    assert hunted[0].text == "HUNTED"  # the in-body title is not a note
    notes = [b for b in hunted if isinstance(b, AuthorNote)]
    assert [n.paragraphs[0].text[:20] for n in notes[:2]] == ["Okay so this is my f", "All chapters associa"]
    assert notes[-1].paragraphs[0].text.startswith("How did I do")


def test_saving_connor_chapters_in_file_order():
    titles = [flat(c.title) for c in result("fanfiction.net/saving-connor-storytext-concat.txt").book.chapters]
    numbers = [re.match(r"(Chapter \w+|Interlude)", t).group(1) for t in titles]
    assert numbers[:13] == ["Chapter One", "Chapter Five", "Chapter Three", "Chapter Ten", "Chapter Four",
                            "Chapter Two", "Chapter Eleven", "Chapter Six", "Chapter Seven", "Chapter Eight",
                            "Chapter Nine", "Chapter Fifteen", "Interlude"]
    assert titles[0] == "Chapter One: Brother's Keeper"
    first = result("fanfiction.net/saving-connor-storytext-concat.txt").book.chapters[0].blocks
    assert flat(first[0].text).startswith("Summary: AU, eventual HP/DM slash")  # front matter opens chapter one


def test_scribblehub_metadata_and_notes():
    name = "scribblehub/scribblehub-announcement-chapter.html"
    meta = result(name).book.metadata
    assert meta.title == "The story of how a Cultivation Universe was Conquered by an Interstellar Weapons Platform"
    assert meta.authors == ["Osamaru"]
    assert meta.stats == {"views": "387", "comments": "5", "hearts": "11"}
    assert meta.story_id == "188780"
    blocks = result(name).book.chapters[0].blocks
    assert isinstance(blocks[0], AuthorNote) and blocks[0].label == "Announcement"
    assert blocks[0].paragraphs[0].text.startswith("[Well that was embarrassing")
    assert isinstance(blocks[-1], AuthorNote)
    assert any(isinstance(b, SceneBreak) and "=" in b.marker for b in blocks)


def test_hostednovel_metadata_and_notes():
    name = "webnovel-aggregator/hostednovel-lgs-ch1.html"
    meta = result(name).book.metadata
    assert meta.title == "Legend of the Great Sage"
    assert meta.authors == ["Dream Teller (说梦者)"]
    assert meta.extra["translator"] == "Pipipingu"
    assert meta.source_url == "https://hostednovel.com/17321/novel/legend-of-the-great-sage/lgs-chapter-1"
    blocks = result(name).book.chapters[0].blocks
    assert isinstance(blocks[-1], AuthorNote) and blocks[-1].kind == "translator"
    assert flat(blocks[-1].label) == "Pipipingu's Notes:"
    texts = [flat(p.text) for p in paragraphs(name)]
    assert any(t.startswith("2. Qingshan means green mountains.") for t in texts)  # footnotes are kept


def test_royalroad_piracy_gone_tables_kept():
    name = "royalroad/pioneer-abyss-ch1.html"
    removed = [r for r in result(name).removed.items if r.rule.startswith("royalroad.anti-piracy")]
    assert [r.text for r in removed] == [
        "Stolen from its rightful author, this tale is not meant to be on Amazon; report any sightings."]
    blocks = result(name).book.chapters[0].blocks
    tables = [b for b in blocks if isinstance(b, Table)]
    assert len(tables) == 3
    assert flat(tables[0].rows[0][0].text) == "System Notification"
    assert isinstance(blocks[-1], AuthorNote)  # the author's own piracy note stays, as a note
    assert "not Royal Road" in blocks[-1].paragraphs[0].text


def test_wattpad_api_part():
    name = "wattpad/wattpad-api-part-kids-arent-alright.html"
    book = result(name).book
    assert book.metadata.site == "Wattpad"
    blocks = book.chapters[0].blocks
    assert sum(isinstance(b, SceneBreak) for b in blocks) == 1
    assert sum(isinstance(b, Paragraph) for b in blocks) == 138  # 139 lines, one of them "***"
    assert not any("  " in p.text or p.text != p.text.strip() for p in paragraphs(name))


# --- emphasis -------------------------------------------------------------------------------------

EMPHASIS = [
    ("ao3/ao3-end-notes-chapter-page.html", "i", ["her", "two whole days", "chakra", "Haruno Mebuki. Haruno Kizashi."]),
    ("ao3/ao3-download-crimson-supernova-ch2.html", "u", ["Satoru"]),
    ("ao3/ao3-download-crimson-supernova-ch2.html", "i", ["April 26, 2021", "almost"]),
    ("fanfiction.net/ffn-following-phoenix-ch82.xhtml", "i", ["became", "had", "greater good"]),
    ("fanfiction.net/ffn-hunted-ch1.xhtml", "b", ["HUNTED"]),
    ("fanfiction.net/ffn-downloader-past-and-future-king.html", "i", ["shoom!", "Oy!"]),
    ("fanfiction.net/saving-connor-storytext-concat.txt", "i", ["Fumo!", "September 1st, 1991"]),
    ("fanfiction.net/saving-connor-storytext-concat.txt", "u", ["in Hogwarts"]),
    ("scribblehub/scribblehub-announcement-chapter.html", "i", ["something"]),
    ("webnovel-aggregator/hostednovel-lgs-ch1.html", "i", ["Where am I?"]),
    ("webnovel-aggregator/hostednovel-lgs-ch1.html", "sup", ["1", "2"]),
    ("royalroad/pioneer-abyss-ch1.html", "b", ["Aqua", "System Notification"]),
    ("wattpad/wattpad-api-part-kids-arent-alright.html", "i", ["stop", "Ronan", "For nothing"]),
]


@pytest.mark.parametrize("name,kind,words", EMPHASIS, ids=[f"{n.split('/')[1]}-{k}" for n, k, _ in EMPHASIS])
def test_emphasis_kept(name, kind, words):
    found = marked(name, kind)
    for word in words:
        assert flat(word) in found, (word, found[:20])


def test_centred_paragraphs():
    pars = paragraphs("ao3/ao3-download-crimson-supernova-ch2.html")
    centred = [flat(p.text) for p in pars if p.align == "center"]
    assert "Satoru" in centred and "April 26, 2021" in centred
    assert any(t.startswith("orbit - the curved path") for t in centred)
    assert next(p for p in paragraphs("royalroad/pioneer-abyss-ch1.html") if p.text == "Aqua").align == "center"
