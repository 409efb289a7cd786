"""Structure of the real text scrapes: chapter titles, scene breaks and notes, written down from
reading each corpus file (the HTML files' chapters are tested with the HTML input)."""

from __future__ import annotations

import re

import pytest

from conftest import CORPUS, EpubView
from fic2epub import Options, convert
from fic2epub.conversion import build
from fic2epub.model import AuthorNote, Paragraph, SceneBreak

ALICE = [f"CHAPTER {n}. {t}" for n, t in [
    ("I", "Down the Rabbit-Hole"), ("II", "The Pool of Tears"), ("III", "A Caucus-Race and a Long Tale"),
    ("IV", "The Rabbit Sends in a Little Bill"), ("V", "Advice from a Caterpillar"), ("VI", "Pig and Pepper"),
    ("VII", "A Mad Tea-Party"), ("VIII", "The Queen’s Croquet-Ground"), ("IX", "The Mock Turtle’s Story"),
    ("X", "The Lobster Quadrille"), ("XI", "Who Stole the Tarts?"), ("XII", "Alice’s Evidence")]]

FABRIC = [f"Chapter {n}: {t}" for n, t in [
    ("I", "Future Aspirations"), ("II", "Cato Hates California"), ("III", "Ace's Empousai Encounter"),
    ("IV", "Perpetuated Plans Pertaining to Pipe Bombs"), ("V", "Yippee--Ki--Yay"), ("VI", "The Daemons of Erebus"),
    ("VII", "Armed and Dangerous"), ("VIII", "Ace Learns Acrobatics"), ("IX", "A Deadly Dose of Déjà Vu"),
    ("X", "Strangers in Boston Part I"), ("XI", "Strangers in Boston Part II")]]

#: file -> (chapter titles, scene breaks, note labels in order, book title)
EXPECTED = {
    # part title "Goodbye." above the counters; one "+++" after the opening note
    "wattpad/sterek-goodbye.txt": (["Goodbye."], 1, [], "Sterek || Goodbye"),
    # no part title: the one chapter takes the book title from the footer; no break, no note
    "wattpad/wattpad-crawl-in-too-deep-statsline.txt": (["In Too Deep//l.h"], 0, [], "In Too Deep//l.h"),
    # a one-shot with no title line: the file name; disclaimer and two AN: notes
    "fanfiction.net/ffn-crawl-gundam-wing-oneshot.txt": (["Ffn Crawl Gundam Wing Oneshot"], 0,
                                                         ["Disclaimer", "AN", "AN"], "Ffn Crawl Gundam Wing Oneshot"),
    # "Note : …" before the title line "Crise", then the heading "Un : Kiba" (NBSP before the colons)
    "fanfictions.fr/crise-naruto-fr-cp1252-crlf.txt": (["Un : Kiba"], 0, ["Note"], "Crise"),
    # "# 第一章 此界有仙！ - …" (site suffix stripped by the 1qxs profile); one "……" break; "ps：" at the end
    "chinese-webnovel/1qxs-daozhong-ch1-zh.md": (["第一章 此界有仙！"], 1, ["ps"], None),
    # bold Roman-numeral headings; bold-italic datelines are text, not breaks; one endnote a chapter
    "fanfiction-markdown/aci100-fabric-of-fate-pandoc-TRUNCATED.md": (FABRIC, 0, ["Disclaimer"] + ["Author's Endnote"] * 11,
                                                                       "Ace Iverson and the Fabric of Fate"),
    # Contents list dropped; two-line headings; star rows: one in chapter I, one at its end (dropped), one in V
    "gutenberg/alice-wonderland-crlf.txt": (ALICE, 2, [], "Alice’s Adventures in Wonderland"),
    # PREFACE, CONTENTS dropped, five staves with two spaces after the colon (collapsed)
    "gutenberg/christmas-carol-latin1-pgheader.txt": (["PREFACE", "STAVE I: MARLEY'S GHOST", "STAVE II: THE FIRST OF THE THREE SPIRITS",
                                                       "STAVE III: THE SECOND OF THE THREE SPIRITS", "STAVE IV: THE LAST OF THE SPIRITS",
                                                       "STAVE V: THE END OF IT"], 0, [], "A Christmas Carol"),
    # dedication and epigraph before chapter I (a front chapter under the book title), bare centred
    # numerals I-IX, 25 rules of 72 dashes
    "gutenberg/great-gatsby-cp1252-roman-headings.txt": (["The Great Gatsby", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"], 25, [],
                                                         "The Great Gatsby"),
}


def _build(name: str):
    path = CORPUS / name
    return build(path.read_bytes(), Options(source_name=path.name, smarten=False))


@pytest.fixture(scope="module", params=sorted(EXPECTED))
def built(request):
    return request.param, _build(request.param)


def test_chapter_titles(built):
    name, (book, _, _) = built
    assert [re.sub("\u00a0", " ", c.title or "") for c in book.chapters] == EXPECTED[name][0]


def test_scene_breaks(built):
    name, (book, _, _) = built
    assert sum(isinstance(b, SceneBreak) for c in book.chapters for b in c.blocks) == EXPECTED[name][1]


def test_notes(built):
    name, (book, _, _) = built
    assert [b.label for c in book.chapters for b in c.blocks if isinstance(b, AuthorNote)] == EXPECTED[name][2]


def test_book_title(built):
    name, (book, _, _) = built
    if EXPECTED[name][3]:
        assert book.metadata.title == EXPECTED[name][3]


def test_no_empty_chapters_and_no_markers_left(built):
    name, (book, _, _) = built
    for chapter in book.chapters:
        assert chapter.blocks, chapter.title
        assert not isinstance(chapter.blocks[0], SceneBreak) and not isinstance(chapter.blocks[-1], SceneBreak)
        for block in chapter.blocks:
            if isinstance(block, Paragraph):
                assert not re.fullmatch(r"[*+~#=_\-\s]+|……", block.text), block.text


def test_alice_author_and_contents_recorded():
    book, removed, _ = _build("gutenberg/alice-wonderland-crlf.txt")
    assert book.metadata.authors == ["Lewis Carroll"]
    assert [r.rule for r in removed.items].count("structure.contents") == 2


def test_carol_paragraphs_are_whole_sentences_across_wrap_points():
    book, _, _ = _build("gutenberg/christmas-carol-latin1-pgheader.txt")
    stave = book.chapters[1]
    pars = [b.text for b in stave.blocks if isinstance(b, Paragraph)]
    assert pars[1].startswith("Mind! I don't mean to say that I know, of my own knowledge, what there is particularly dead about a door-nail.")
    assert all(not re.search(r"[a-z,]\n[a-z]", p) for p in pars)  # no line break inside a sentence
    assert all(len(p) > 0 for p in pars) and len(pars) > 150


def test_epub_table_of_contents_matches():
    path = CORPUS / "gutenberg" / "alice-wonderland-crlf.txt"
    result = convert(path.read_bytes(), Options(source_name=path.name, make_cover=False))
    view = EpubView(result.epub)
    nav = next(view.read(view.folder + item["href"]) for item in view.manifest().values() if "nav" in item.get("properties", ""))
    toc = re.findall(r"<a href=\"chapter\d+\.xhtml\">(.*?)</a>", nav)
    assert toc == ALICE
    assert sum(d.count('<hr class="scene-break"/>') for d in view.spine_documents()) == 2
