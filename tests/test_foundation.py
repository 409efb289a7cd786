"""The example Wattpad scrape converts exactly as ../shared/corpus/README.md describes."""

from __future__ import annotations

import re

import pytest

from fic2epub import Options, convert

from conftest import EpubView, body_text, epubcheck_messages

#: the scrape the product was specified from, in the shared corpus
pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def example_book():
    from conftest import EXAMPLE

    return convert(EXAMPLE.read_bytes(), Options(source_name=EXAMPLE.name))


@pytest.fixture(scope="module")
def view(example_book):
    return EpubView(example_book.epub)


def chapter_docs(view):
    return [d for d in view.spine_documents() if "<h1>" in d and "titlepage" not in d and "<nav" not in d]


def test_title_and_no_invented_author(view):
    assert view.metadata("title") == ["Sterek || Goodbye"]
    assert view.metadata("creator") == []
    assert view.metadata("language") == ["en"]


def test_one_chapter_titled_by_the_part(view):
    docs = chapter_docs(view)
    assert len(docs) == 1
    assert re.findall(r"<h1>(.*?)</h1>", docs[0]) == ["Goodbye."]
    nav = view.read(view.folder + "nav.xhtml")
    assert ">Goodbye.</a>" in nav
    ncx = view.read(view.folder + "toc.ncx")
    assert "<text>Goodbye.</text>" in ncx


def test_counters_on_title_page_not_in_text(view):
    docs = chapter_docs(view)
    assert "1.4K" not in docs[0]
    title_page = next(d for d in view.spine_documents() if "titlepage" in d)
    for label, value in (("Reads", "1.4K"), ("Votes", "84"), ("Comments", "24")):
        assert f"<dt>{label}</dt><dd>{value}</dd>" in title_page


def test_paragraphs_scene_break_and_no_chrome(view):
    doc = chapter_docs(view)[0]
    paragraphs = re.findall(r"<p\b[^>]*>(.*?)</p>", doc, re.S)
    # the author's note and the 26 story paragraphs
    assert len(paragraphs) == 27
    assert paragraphs[0].startswith("So we all know Derek’s leaving right?")
    assert doc.count("<hr") == 1
    assert doc.index("<hr") > doc.index("I hope a goodbye.")
    assert doc.index("<hr") < doc.index("Stiles sat impatiently")
    text = view.text()
    for chrome in ("Where stories live", "Discover now", "+++", "1.4K 84 24"):
        assert chrome not in text
    assert paragraphs[-1] == "Then without another word, Derek turned his back on Stiles and exited the loft."


@pytest.mark.parametrize(
    "expected",
    [
        "neither should you—” “She’s your girlfriend’s mother,” He spat",
        "“What? No—” Derek threw up his hands",
        "“I—” “You don’t need to say anything Stiles,”",
        "Stiles’ voice",
        "“What?” “You heard me.”",
        "the one person I want—I can’t have.",
        "Derek’s",
    ],
)
def test_typography_rows(view, expected):
    assert expected in view.text()


def test_no_straight_quotes_left(view):
    doc = chapter_docs(view)[0]
    assert '"' not in re.sub(r"<[^>]+>", "", doc)
    assert "'" not in re.sub(r"<[^>]+>", "", doc)


def test_every_word_in_order(example_book, view):
    from conftest import EXAMPLE

    source = EXAMPLE.read_text()
    source = source.replace("Where stories live. Discover now", "").replace("1.4K 84 24", "").replace("+++", "")
    words = [w.lower() for w in re.findall(r"[A-Za-z0-9]+", source)]
    book_text = "\n".join(body_text(d) for d in chapter_docs(view)).replace("’", "'")
    book = [w.lower() for w in re.findall(r"[A-Za-z0-9]+", book_text)]
    # the book title moved from the footer to the metadata
    assert words[-2:] == ["sterek", "goodbye"]
    assert book == words[:-2]


@pytest.mark.epubcheck
def test_epubcheck_clean(example_book):
    assert epubcheck_messages(example_book.epub) == []


def test_deterministic(example_book):
    from conftest import EXAMPLE

    again = convert(EXAMPLE.read_bytes(), Options(source_name=EXAMPLE.name))
    assert again.epub == example_book.epub


def test_identifier_from_story_not_clock():
    from fic2epub.model import Metadata
    from fic2epub.structure.identity import identifier

    a = identifier(Metadata(title="Goodbye"), "Once upon a time there was a wolf")
    b = identifier(Metadata(title="Goodbye"), "It was raining in Beacon Hills that night")
    assert a != b
    assert a == identifier(Metadata(title="Goodbye"), "Once upon a time there was a wolf")


def test_library_call_touches_no_disk(tmp_path, monkeypatch, example_bytes):
    monkeypatch.chdir(tmp_path)
    result = convert(example_bytes)
    assert result.epub[:2] == b"PK"
    assert list(tmp_path.iterdir()) == []


def test_variant_without_footer_and_with_trailing_newline(example_bytes):
    data = example_bytes.replace(b"Sterek || GoodbyeWhere stories live. Discover now", b"") + b"\n\n"
    result = convert(data, Options(source_name="sterek.txt"))
    assert result.book.metadata.title == "Goodbye."
    assert result.book.chapters[0].blocks[-1].text.endswith("exited the loft.")
