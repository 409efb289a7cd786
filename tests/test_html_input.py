"""HTML input: recognising pages, paragraphs and spaces, emphasis, breaks, quotes, lists, tables,
headings as chapters, centred text, pictures, MHTML, and the same words from .txt and .html."""

from __future__ import annotations

import base64
import html as htmlmod
import io
import re

import pytest

from fic2epub import Options, convert
from fic2epub.errors import InputError
from fic2epub.html_input import is_html, read_page
from fic2epub.model import AuthorNote, Heading, Image, ListBlock, Paragraph, Quote, Table, book_text
from fic2epub.structure import finish

from conftest import CORPUS, EXAMPLE, corpus_files
from wordcheck import tokens


def page_book(html: str, options: Options):
    """A page read by the HTML reader and finished into its Book: (book, removed, draft)."""
    draft = read_page(html, options)
    book, removed = finish(draft, options)
    return book, removed, draft


def blocks_of(html: str, **options) -> list:
    book = page_book(html, Options(source_name="page.html", **options))[0]
    return [b for c in book.chapters for b in c.blocks]


def texts(html: str) -> list[str]:
    return [b.text for b in blocks_of(html) if isinstance(b, Paragraph)]


def marks(par: Paragraph) -> list[tuple[str, str]]:
    return [(m.kind, par.text[m.start : m.end]) for m in par.marks]


# --- recognising HTML -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["a.html", "a.HTM", "a.xhtml", "a.mhtml"])
def test_html_by_name(name):
    assert is_html("just words", name)


@pytest.mark.parametrize(
    "text",
    [
        "<!DOCTYPE html><html><body><p>x</p></body></html>",
        "<?xml version='1.0'?>\n<html xmlns='http://www.w3.org/1999/xhtml'><body/></html>",
        '<p data-p-id="1">Hello</p>\n<p data-p-id="2">World</p>',
        "Title: A story\n" + "<p>A paragraph of the story.</p>" * 12,
    ],
)
def test_html_by_content(text):
    assert is_html(text, "story.txt")


@pytest.mark.parametrize(
    "path",
    [p for p in corpus_files() if p.suffix in (".txt", ".md") and "storytext" not in p.name],
    ids=lambda p: p.name,
)
def test_text_files_are_not_html(path):
    from fic2epub.reading import read_text

    assert not is_html(read_text(path.read_bytes()).text, path.name)


def test_a_story_mentioning_tags_is_not_html():
    text = "She typed <p> and </p> into the editor, twice: </p></p>.\n\n" + "A long paragraph of story. " * 400
    assert not is_html(text, "story.txt")


# --- paragraphs and spaces --------------------------------------------------------------------


def test_ao3_padded_spans_keep_single_spaces():
    html = (
        "<div id='chapters'><p> <span>Just like people tend to leave </span> <em> <span>her</span> </em>"
        " <span> alone.</span> </p><p> <em> <span>Haruno Mebuki.</span> </em> </p></div>"
    )
    first, second = [b for b in blocks_of(html) if isinstance(b, Paragraph)]
    assert first.text == "Just like people tend to leave her alone."
    assert marks(first) == [("i", "her")]
    assert second.text == "Haruno Mebuki." and marks(second) == [("i", "Haruno Mebuki.")]


def test_line_breaks_and_double_breaks():
    html = "<body><div>one<br>two <br/> three<br><br>four<br> <br />five</div><p><br>six<br></p></body>"
    assert texts(html) == ["one\ntwo\nthree", "four", "five", "six"]


def test_hard_wrapped_source_lines_become_spaces():
    assert texts("<p>a line\n      wrapped here\n\tand here</p>") == ["a line wrapped here and here"]


def test_lines_indented_with_no_break_spaces_are_paragraphs():
    # ficbook's text: a line a paragraph, indented with &nbsp; (its stylesheet keeps the breaks)
    lines = ["Джинни вскрикнула.", "Она торопилась, <i>и сумка\n&nbsp;&nbsp;была тяжёлой.</i>", "— Луна?", "— Да."]
    html = "<body><div>" + "\n".join("&nbsp;&nbsp;&nbsp;" + line for line in lines) + "</div></body>"
    assert texts(html) == ["Джинни вскрикнула.", "Она торопилась, и сумка", "была тяжёлой.", "— Луна?", "— Да."]
    # two indented lines are not enough, and a paragraph inside keeps its own wrapping
    assert texts("<div>&nbsp;one\n&nbsp;two\n<p>a\nb</p></div>") == ["one \u00a0two", "a b"]
    html = "<div>\n&nbsp;x\n&nbsp;y\n&nbsp;z<p>wrapped\nline</p></div>"
    assert texts(html) == ["x", "y", "z", "wrapped line"]


def test_a_pre_wrap_style_keeps_line_breaks():
    assert texts('<div style="white-space: pre-wrap">one\ntwo\n\nthree</div>') == ["one\ntwo", "three"]


PROSE_P = "<p>" + "The rain had not stopped for three days, and the gutters ran like rivers. " * 3 + "</p>"


def test_headings_of_one_level_that_name_chapters_are_chapters():
    # an eFiction printable page: an Index of the chapters, then an <h4> over each, Back to Index under it
    index = "<p><b>Index</b><br><a href='#0'>Chapter 1: Rain</a><br><a href='#1'>Chapter 2: Snow</a></p>"
    body = "".join(
        f"<h4>Chapter {n}: {name}</h4>{PROSE_P}<p align='right'><a href='#top'>Back to Index</a></p>"
        for n, name in ((1, "Rain"), (2, "Snow"))
    )
    book = page_book(f"<html><body><h3>Weather by Someone</h3>{index}{body}</body></html>", Options())[0]
    assert [c.title for c in book.chapters] == ["Chapter 1: Rain", "Chapter 2: Snow"]
    assert (book.metadata.title, book.metadata.authors) == ("Weather", ["Someone"])
    assert "Back to Index" not in book_text(book) and "Index" not in book_text(book).split()


def test_one_chapter_heading_or_a_list_of_other_lines_stays_text():
    html = f"<html><body><h4>Chapter 1: Rain</h4>{PROSE_P}<p>Rain<br>Snow</p>{PROSE_P}</body></html>"
    book = page_book(html, Options())[0]
    assert len(book.chapters) == 1 and "Rain\nSnow" in book_text(book)


def test_text_outside_paragraphs_is_a_paragraph():
    html = "<body>Bare words<br>\nmore<p>In a p</p>tail <b>bold</b></body>"
    blocks = blocks_of(html)
    assert [b.text for b in blocks] == ["Bare words\nmore", "In a p", "tail bold"]
    assert marks(blocks[2]) == [("b", "bold")]


def test_empty_paragraphs_vanish():
    assert texts("<p/><p></p><p>&nbsp;</p><p> <br> </p><p>word</p>") == ["word"]


# --- emphasis -----------------------------------------------------------------------------------

EMPHASIS = [
    ("<i>a</i>", "i"),
    ("<em>a</em>", "i"),
    ("<cite>a</cite>", "i"),
    ("<b>a</b>", "b"),
    ("<strong>a</strong>", "b"),
    ("<u>a</u>", "u"),
    ("<ins>a</ins>", "u"),
    ("<s>a</s>", "s"),
    ("<strike>a</strike>", "s"),
    ("<del>a</del>", "s"),
    ("<sup>a</sup>", "sup"),
    ("<sub>a</sub>", "sub"),
    ("<code>a</code>", "code"),
    ("<small>a</small>", "small"),
    ("<span style='font-style: italic'>a</span>", "i"),
    ("<span style='FONT-STYLE:oblique;color:red'>a</span>", "i"),
    ("<span style='font-weight:bold'>a</span>", "b"),
    ("<span style='font-weight: 700'>a</span>", "b"),
    ("<span style='text-decoration: underline'>a</span>", "u"),
    ("<span style='text-decoration:line-through'>a</span>", "s"),
    ("<font style='font-style:italic' color=red>a</font>", "i"),
]


@pytest.mark.parametrize("markup,kind", EMPHASIS, ids=[m for m, _ in EMPHASIS])
def test_emphasis(markup, kind):
    (par,) = blocks_of(f"<p>x {markup} y</p>")
    assert par.text == "x a y"
    assert marks(par) == [(kind, "a")]


def test_unknown_and_presentational_elements_keep_their_text():
    (par,) = blocks_of(
        "<p><font face=Arial>big</font> <big>words</big> <blink>here</blink> <custom-el>too</custom-el></p>"
    )
    assert par.text == "big words here too" and par.marks == []


def test_nested_and_overlapping_emphasis():
    (par,) = blocks_of("<p><b>bold <i>both</i></b><i> italic</i></p>")
    assert par.text == "bold both italic"
    assert sorted(marks(par)) == [("b", "bold both"), ("i", "both"), ("i", "italic")]


def test_emphasis_across_a_paragraph_break():
    first, second = blocks_of("<div><i>one<br><br>two</i></div>")
    assert marks(first) == [("i", "one")] and marks(second) == [("i", "two")]


def test_no_markup_in_text():
    for block in blocks_of("<p>a &lt;b&gt; tag &amp; <b>real</b></p>"):
        assert block.text == "a <b> tag & real"


# --- breaks, quotes, lists, tables, headings, alignment -------------------------------------------

HR = [
    "<hr>",
    "<hr/>",
    "<hr />",
    "<hr size=1 noshade>",
    '<hr size="1" width="100%" noshade>',
    '<hr size="1" noshade="noshade" class="calibre9"/>',
    "<p>***</p>",
    "<p>* * *</p>",
    "<p>~~~</p>",
]


@pytest.mark.parametrize("rule", HR)
def test_scene_breaks(rule):
    blocks = blocks_of(f"<p>before</p>{rule}<p>after</p>")
    assert [type(b).__name__ for b in blocks] == ["Paragraph", "SceneBreak", "Paragraph"]


def test_blockquote_list_table():
    html = (
        "<p>start</p><blockquote><p>quoted <i>words</i></p><p>two</p></blockquote>"
        "<ul><li>one</li><li>two <b>bold</b><p>second line</p></li></ul><ol><li>first</li></ol>"
        "<table><tr><th>Name</th><th>Level</th></tr><tr><td>Aqua</td><td><p>1</p><p>max</p></td></tr></table>"
    )
    _, quote, bullets, numbers, table = blocks_of(html)
    assert isinstance(quote, Quote) and [b.text for b in quote.blocks] == ["quoted words", "two"]
    assert isinstance(bullets, ListBlock) and not bullets.ordered
    assert [i.text for i in bullets.items] == ["one", "two bold\nsecond line"]
    assert marks(bullets.items[1]) == [("b", "bold")]
    assert isinstance(numbers, ListBlock) and numbers.ordered
    assert isinstance(table, Table)
    assert [[c.text for c in row] for row in table.rows] == [["Name", "Level"], ["Aqua", "1\nmax"]]


def test_layout_table_is_unwrapped():
    long = "<p>" + "Story words go on and on. " * 80 + "</p>"
    blocks = blocks_of(f"<table><tr><td>{long}{long}</td></tr></table>")
    assert [type(b).__name__ for b in blocks] == ["Paragraph", "Paragraph"]


def test_headings_make_chapters():
    html = (
        "<html><head><title>My Story - Some Site</title></head><body><h1>My Story</h1>"
        "<h2>Chapter 1</h2><p>one</p><h3>A scene</h3><p>more</p><h2>Chapter 2</h2><p>two</p></body></html>"
    )
    book = page_book(html, Options(source_name="page.html"))[0]
    assert book.metadata.title == "My Story"
    assert [c.title for c in book.chapters] == ["Chapter 1", "Chapter 2"]
    assert isinstance(book.chapters[0].blocks[1], Heading) and book.chapters[0].blocks[1].text == "A scene"


def test_an_hgroups_heading_and_subtitle_are_one_heading():
    # Standard Ebooks' chapter markup (tests/corpus/standardebooks/se-love-among-the-chickens-ch12-2026.xhtml)
    section = (
        '<section id="chapter-{n}" epub:type="chapter"><hgroup><h2 epub:type="z3998:ordinal z3998:roman">{n}</h2>'
        '<p epub:type="title">{title}</p></hgroup><p>The fame which came to me was a little embarrassing.</p></section>'
    )
    html = "<html><body>" + "".join(
        section.format(n=n, title=t) for n, t in (("I", "Some Emotions and Yellow Lupin"), ("II.", "Ukridge"))
    )
    book = page_book(html + "</body></html>", Options(source_name="page.html"))[0]
    assert [c.title for c in book.chapters] == ["I: Some Emotions and Yellow Lupin", "II. Ukridge"]
    assert [b.text for c in book.chapters for b in c.blocks] == [
        "The fame which came to me was a little embarrassing."
    ] * 2


def test_single_untitled_chapter_takes_the_book_title():
    book = page_book("<p>only words</p>", Options(source_name="my_story-final.html"))[0]
    assert [c.title for c in book.chapters] == [book.metadata.title] == ["my story final"]


def test_centred_text():
    blocks = blocks_of(
        "<p style='text-align: center'>c1</p><center>c2<p>c3</p></center><div align=right><p>r</p></div><p>plain</p>"
    )
    assert [(b.text, b.align) for b in blocks] == [
        ("c1", "center"),
        ("c2", "center"),
        ("c3", "center"),
        ("r", "right"),
        ("plain", None),
    ]


def test_hidden_elements_are_not_story():
    assert texts("<p>seen</p><p style='display:none'>hidden</p><span style='visibility: hidden'>gone</span>") == [
        "seen"
    ]


def test_labelled_notes_become_notes():
    blocks = blocks_of("<p><strong>Author's Note:</strong> thanks for reading</p><p>Story.</p>")
    assert isinstance(blocks[0], AuthorNote) and "thanks for reading" in blocks[0].paragraphs[0].text


# --- pictures -----------------------------------------------------------------------------------


def png(width: int = 40, height: int = 30, color: str = "blue") -> bytes:
    from PIL import Image as PILImage

    out = io.BytesIO()
    PILImage.new("RGB", (width, height), color).save(out, "PNG")
    return out.getvalue()


def images(html: str, **options) -> tuple[list[Image], list[str]]:
    book, _, draft = page_book(html, Options(source_name="page.html", **options))
    return [b for c in book.chapters for b in c.blocks if isinstance(b, Image)], draft.warnings


def test_data_uri_picture_is_embedded():
    uri = "data:image/png;base64," + base64.b64encode(png()).decode()
    (image,), warnings = images(f"<p>before</p><img src='{uri}' alt='a map'><p>after</p>")
    assert image.media_type == "image/png" and image.alt == "a map" and image.data == png()
    assert warnings == []


def test_local_picture_under_the_folder_is_embedded(tmp_path):
    (tmp_path / "pics").mkdir()
    (tmp_path / "pics" / "a b.png").write_bytes(png())
    (image,), _ = images("<p>x</p><img src='pics/a%20b.png'>", base_dir=str(tmp_path))
    assert image.data == png()


def test_huge_picture_is_resized(tmp_path):
    (tmp_path / "big.png").write_bytes(png(4000, 3000))
    (image,), _ = images("<p>x</p><img src='big.png'>", base_dir=str(tmp_path))
    from PIL import Image as PILImage

    assert max(PILImage.open(io.BytesIO(image.data)).size) <= 1600


def test_remote_and_outside_pictures_are_left_out_with_a_notice(tmp_path):
    (tmp_path / "secret.png").write_bytes(png())
    inside = tmp_path / "story"
    inside.mkdir()
    (inside / "notapicture.png").write_bytes(b"#!/bin/sh\necho hi\n")
    found, warnings = images(
        "<p>x</p><img src='https://example.com/a.png'><img src='../secret.png'>"
        f"<img src='{tmp_path / 'secret.png'}'><img src='notapicture.png'>"
        "<img src='data:text/html;base64,PHNjcmlwdD4='>",
        base_dir=str(inside),
    )
    assert found == []
    assert any("remote" in w for w in warnings) and any("outside" in w for w in warnings)


def test_no_folder_no_local_pictures(tmp_path):
    (tmp_path / "a.png").write_bytes(png())
    assert images("<p>x</p><img src='a.png'>")[0] == []


# --- MHTML ----------------------------------------------------------------------------------------


def mhtml(parts: list[tuple[str, str]]) -> str:
    out = [
        "From: <Saved by Blink>",
        "MIME-Version: 1.0",
        'Content-Type: multipart/related; type="text/html"; boundary="BOUNDARY"',
        "",
    ]
    for kind, body in parts:
        out += [
            "--BOUNDARY",
            f"Content-Type: {kind}",
            "Content-Transfer-Encoding: quoted-printable",
            "Content-Location: https://example.com/story",
            "",
            body,
        ]
    return "\n".join(out + ["--BOUNDARY--", ""])


def test_mhtml_page_is_read():
    page = "<html><body><h2>Chapter 1</h2><p>A saved =E2=80=9Cpage=E2=80=9D with a long line that is =\nwrapped.</p></body></html>"
    result = convert(mhtml([("text/html; charset=utf-8", page)]).encode(), Options(source_name="saved.mhtml"))
    assert "A saved “page” with a long line that is wrapped." in book_text(result.book)
    assert [c.title for c in result.book.chapters] == ["Chapter 1"]


def test_mhtml_without_a_page_is_refused():
    with pytest.raises(InputError, match="no HTML page"):
        convert(mhtml([("text/css", "p { color: red }")]).encode(), Options(source_name="saved.mhtml"))


# --- negative tests: story sentences that look like chrome stay ---------------------------------


@pytest.mark.corpus
def test_ao3_story_sentence_chapter_text_is_kept():
    source = (CORPUS / "ao3/ao3-end-notes-chapter-page.html").read_text("utf-8")
    story = "<p>She wrote Chapter Text on the folder.</p><p>Chapter Text</p>"
    variant = source.replace("<p> <span>Konohagakure", story + "<p> <span>Konohagakure", 1)
    assert variant != source
    text = book_text(convert(variant.encode(), Options(source_name="page.html")).book)
    assert "She wrote Chapter Text on the folder." in text
    assert re.search(r"^Chapter Text$", text, re.M)


@pytest.mark.corpus
def test_wattpad_story_sentence_discover_now_is_kept():
    source = (CORPUS / "wattpad/wattpad-api-part-kids-arent-alright.html").read_text("utf-8")
    variant = source.replace(
        '<p data-p-id="d2cda243f0339ff660092524f3213ab7">',
        '<p data-p-id="x1">The poster said: Where stories live. Discover now.</p>\n'
        '<p data-p-id="x2">Discover now what the city hides.</p>\n'
        '<p data-p-id="d2cda243f0339ff660092524f3213ab7">',
        1,
    )
    assert variant != source
    text = book_text(convert(variant.encode(), Options(source_name="part.html")).book)
    assert "The poster said: Where stories live. Discover now." in text
    assert "Discover now what the city hides." in text


def test_royal_road_story_sentence_about_amazon_is_kept():
    html = (
        "<div class='chapter-inner chapter-content'><p>She said the tale is not meant to be on Amazon; "
        "report any sightings, she joked.</p><p>Stolen story; please report.</p></div>"
    )
    book, removed, _ = page_book(html, Options(source_name="c.html", site="royalroad"))
    assert [p.text for c in book.chapters for p in c.blocks] == [
        "She said the tale is not meant to be on Amazon; report any sightings, she joked."
    ]


ROYAL_ROAD_WARNINGS = [
    "Stolen from its rightful author, this tale is not meant to be on Amazon; report any sightings.",
    "Stolen from its original source, this story is not meant to be on Amazon; report any sightings.",
    "This tale has been unlawfully lifted from Royal Road. If you spot it on Amazon, please report it.",
    "This tale has been unlawfully lifted from Royal Road; report any instances of this story if found elsewhere.",
    "The narrative has been illicitly obtained; should you discover it on Amazon, report the violation.",
    "The tale has been taken without authorization; if you see it on Amazon, report the incident.",
    "This story has been stolen from Royal Road. If you read it on Amazon, please report it",
    "The author's tale has been misappropriated; report any instances of this story on Amazon.",
    "This tale has been pilfered from Royal Road. If found on Amazon, kindly file a report.",
    "If you encounter this story on Amazon, note that it's taken without permission from the author. Report it.",
    "If you come across this story on Amazon, be aware that it has been stolen from Royal Road. Please report it.",
    "If you spot this narrative on Amazon, know that it has been stolen. Report the violation.",
    "A case of literary theft: this tale is not rightfully on Amazon; if you see it, report the violation.",
    "Unauthorized usage: this tale is on Amazon without the author's consent. Report any sightings.",
    "Unauthorized duplication: this narrative has been taken without consent. Report sightings.",
    "Stolen content warning: this tale belongs on Royal Road. Report any occurrences elsewhere.",
    "You could be reading stolen content. Head to Royal Road for the genuine story.",
    "Did you know this story is from Royal Road? Read the official version for free and support the author.",
    "Enjoying this book? Seek out the original to ensure the author gets credit.",
    "Support creative writers by reading their stories on Royal Road, not stolen versions.",
    "Ensure your favorite authors get the support they deserve. Read this novel on Royal Road.",
    "This book was originally published on Royal Road. Check it out there for the real experience.",
    "This novel’s true home is a different platform. Support the author by finding it there.",
    "Reading on Amazon or a pirate site? This novel is from Royal Road. Support the author by reading it there.",
    "Taken from Royal Road, this narrative should be reported if found on Amazon.",
    "Stolen novel; please report.",
]


@pytest.mark.parametrize("warning", ROYAL_ROAD_WARNINGS)
def test_royal_road_warnings_go(warning):
    html = (
        f"<div class='chapter-inner chapter-content'><p>Before.</p><p>{htmlmod.escape(warning)}</p>"
        f"<span><br>{htmlmod.escape(warning)}<br></span><p>After.</p></div>"
    )
    book, removed, _ = page_book(html, Options(source_name="c.html", site="royalroad"))
    assert [p.text for c in book.chapters for p in c.blocks] == ["Before.", "After."]
    assert [r.rule.startswith("royalroad.anti_piracy") for r in removed.items] == [True, True]


# --- the same story as .txt and as .html ----------------------------------------------------------


@pytest.mark.corpus
def test_same_words_from_text_and_html():
    raw = EXAMPLE.read_text("ascii")
    lines = raw.split("\n")
    # the part title, the counters line and the footer are the text profile's chrome; the rest is story
    assert lines[2] == "1.4K 84 24" and lines[-1].endswith("Discover now")
    title, body = lines[0], "\n".join(lines[3:-1])
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]
    page = (
        f"<html><head><title>{htmlmod.escape(title)}</title></head><body><h2>{htmlmod.escape(title)}</h2>"
        + "".join(f"<p>{htmlmod.escape(p)}</p>" for p in paragraphs)
        + "</body></html>"
    )
    as_text = convert(EXAMPLE.read_bytes(), Options(source_name="story.txt")).book
    as_html = convert(page.encode(), Options(source_name="story.html")).book

    assert tokens(book_text(as_html)) == tokens(book_text(as_text))
    assert len(tokens(book_text(as_text))) > 1000
    assert [c.title for c in as_html.chapters] == [c.title for c in as_text.chapters] == ["Goodbye."]
    assert [type(b).__name__ for b in as_html.chapters[0].blocks] == [
        type(b).__name__ for b in as_text.chapters[0].blocks
    ]


@pytest.mark.parametrize(
    "change, site",
    [
        (None, "Yuletide Treasure"),  # the banner's alt text spells the host the links go to
        ((b'alt="while we tell of yuletide treasure"', b'alt="banner"'), None),  # nothing spells it
        ((b"http://yuletidetreasure.org/archive/", b"http://example.org/archive/"), None),  # one link each: no host
    ],
)
def test_a_site_named_by_its_host_as_the_page_spells_it(change, site):
    from conftest import PROJECT_CORPUS

    data = (PROJECT_CORPUS / "yuletide" / "astolat-commonplaces-holmes-2008.html").read_bytes()
    if change:
        assert change[0] in data
        data = data.replace(*change)
    result = convert(data, Options(source_name="commonplaces.html", make_cover=False))
    assert result.book.metadata.site == site
