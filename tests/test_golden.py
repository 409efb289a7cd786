"""Golden books: real texts arranged as the cases the book's first pages must get right, each
converted to the committed EPUB, member by member (like the bundled example, tests/test_example.py).

* a one-shot that opens with its title and ``by Author`` (the bundled example's paragraphs);
* a scrape whose chapters were appended out of order (Alice's chapters I, III, II, IV), sorted;
* a novel with a dedication and an epigraph before chapter I (The Great Gatsby's opening);
* a French story (Crise, fanfictions.fr, cp1252 with CRLF): its information page in French.

The inputs are in tests/golden (``make_inputs.py`` made them from the example and the shared
corpus). After an intended change: ``pytest tests/test_golden.py --save-golden``, then review the
difference the failure printed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fic2epub import Options, convert
from fic2epub.model import Paragraph, iter_paragraphs

from conftest import EpubView, body_text, epubcheck_messages
from test_example import MODIFIED, differences
from wordcheck import missing_in_order, tokens

GOLDEN = Path(__file__).with_name("golden")

#: name -> the options it is converted with (besides its file name and the fixed date)
BOOKS: dict[str, dict] = {
    "oneshot-byline": {},
    "out-of-order": {"sort_chapters": True},
    "great-gatsby-opening": {},
    "crise-excerpt-fr": {
        "summary": "Crise est une fanfic qui date –mais dont je suis toujours aussi fière.",
        "tags": ("Naruto",),
    },
}


def source(name: str) -> Path:
    return GOLDEN / f"{name}.txt"


def build(name: str, **options):
    merged = {"source_name": source(name).name, "modified": MODIFIED, **BOOKS[name], **options}
    return convert(source(name).read_bytes(), Options(**merged))


@pytest.mark.parametrize("name", BOOKS)
def test_golden_book(name, request):
    result = build(name)
    golden = GOLDEN / f"{name}.epub"
    if request.config.getoption("--save-golden"):
        golden.write_bytes(result.epub)
    assert golden.read_bytes() == result.epub, f"{golden.name} changed (--save-golden if intended):\n" + "\n".join(
        differences(golden.read_bytes(), result.epub)
    )


@pytest.mark.epubcheck
@pytest.mark.parametrize("name", BOOKS)
def test_golden_book_passes_epubcheck(name):
    assert epubcheck_messages((GOLDEN / f"{name}.epub").read_bytes()) == []


def view(name: str) -> EpubView:
    return EpubView((GOLDEN / f"{name}.epub").read_bytes())


def chapters(name: str) -> list[str]:
    return [d for d in view(name).spine_documents() if 'epub:type="chapter"' in d]


def title_page(name: str) -> str:
    return next(d for d in view(name).spine_documents() if 'epub:type="titlepage"' in d)


def test_oneshot_keeps_every_paragraph_and_shows_its_title_once():
    text = source("oneshot-byline").read_text("utf-8")
    story = text.split("\n\n", 1)[1]
    (chapter,) = chapters("oneshot-byline")
    assert not missing_in_order(tokens(story), tokens(body_text(chapter)))
    assert re.findall(r"<h1>(.*?)</h1>", chapter) == ["Down the Rabbit-Hole"]
    assert body_text(chapter).count("Down the Rabbit-Hole") == 1 and "Lewis Carroll" not in body_text(chapter)
    page = title_page("oneshot-byline")
    assert '<h1 class="title">Down the Rabbit-Hole</h1>' in page and '<p class="byline">by Lewis Carroll</p>' in page
    nav = view("oneshot-byline").read("OEBPS/nav.xhtml")
    assert re.findall(r'<li><a href="chapter001.xhtml">(.*?)</a>', nav) == ["Down the Rabbit-Hole"]


def test_out_of_order_scrape_warns_and_sorts():
    warned = build("out-of-order", sort_chapters=False)
    assert [c.title for c in warned.book.chapters][:3] == [
        "CHAPTER I. Down the Rabbit-Hole",
        "CHAPTER III. A Caucus-Race and a Long Tale",
        "CHAPTER II. The Pool of Tears",
    ]
    assert any("out of order" in w and "CHAPTER II. The Pool of Tears" in w for w in warned.warnings)
    titles = [re.search(r"<h1>(.*?)</h1>", d).group(1) for d in chapters("out-of-order")]
    assert [t.split(".")[0] for t in titles] == ["CHAPTER I", "CHAPTER II", "CHAPTER III", "CHAPTER IV"]
    assert "<dt>Edition</dt><dd>THE MILLENNIUM FULCRUM EDITION 3.0</dd>" in title_page("out-of-order")
    assert not build("out-of-order").warnings


def test_dedication_and_epigraph_are_front_matter():
    docs = view("great-gatsby-opening").spine_documents()
    dedication = next(d for d in docs if 'epub:type="dedication"' in d)
    epigraph = next(d for d in docs if 'epub:type="epigraph"' in d)
    assert "Once again<br/>to<br/>Zelda" in dedication
    assert '<p class="attribution">Thomas Parke d’Invilliers</p>' in epigraph
    assert docs.index(dedication) < docs.index(epigraph) < docs.index(chapters("great-gatsby-opening")[0])
    nav = view("great-gatsby-opening").read("OEBPS/nav.xhtml")
    assert re.findall(r'<li><a href="[^"]+">(.*?)</a></li>', nav) == ["Dedication", "Epigraph", "I", "II"]
    assert "<dt>Chapters</dt><dd>2</dd>" in title_page("great-gatsby-opening")


def test_french_information_page():
    page = title_page("crise-excerpt-fr")
    assert '<h1 class="title">Crise</h1>' in page
    assert '<div class="summary"><h2>Résumé</h2><p>Crise est une fanfic qui date' in page
    rows = dict(re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", page))
    assert rows["Langue"] == "français" and rows["Chapitres"] == "1" and rows["Étiquettes"] == "Naruto"
    assert "Mots" in rows and 'lang="fr"' in page
    assert page.index("Résumé") < page.index("<dt>Langue") < page.index("<dt>Étiquettes")
    book = build("crise-excerpt-fr").book
    assert [p.text for p in iter_paragraphs(book.chapters[0].blocks) if isinstance(p, Paragraph)][-1] == (
        "Tel est Kiba Inuzuka."
    )
