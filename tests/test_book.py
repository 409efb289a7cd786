"""The finished book: OPF metadata, title page, escaping, navigation, markup, CSS, splitting.

Books are built here from the model (a rich AO3-like story, a right-to-left one, a 1 MB chapter)
and read back from the EPUB bytes. Every book built here also passes the Kindle lint.
"""

from __future__ import annotations

import io
import re

import pytest
from lxml import etree

from fic2epub import Options, convert
from fic2epub.errors import UsageError
from fic2epub.kindle import lint
from fic2epub.language import normalise_tag
from fic2epub.model import (
    AuthorNote,
    Book,
    Chapter,
    Heading,
    Image,
    ListBlock,
    Mark,
    Metadata,
    Paragraph,
    Quote,
    SceneBreak,
    Table,
)
from fic2epub.package import file_as, package
from fic2epub.render import CSS, SPLIT_BYTES, render_book

from conftest import SAMPLE, EpubView, body_text, epubcheck_messages

TITLE = "Tom & Jerry <3 || Goodbye"


def png(width: int = 40, height: int = 30, colour=(200, 30, 30)) -> bytes:
    from PIL import Image as PILImage

    out = io.BytesIO()
    PILImage.new("RGB", (width, height), colour).save(out, "PNG")
    return out.getvalue()


def rich_metadata(**changes) -> Metadata:
    meta = Metadata(
        title=TITLE,
        authors=["Jane Smith", "derek_fan99"],
        language="en",
        summary="Stiles & Derek say <goodbye>.\nA second summary line.",
        tags=["Angst", "Hurt/Comfort"],
        fandoms=["Teen Wolf (TV)"],
        relationships=["Derek Hale/Stiles Stilinski"],
        characters=["Stiles Stilinski", "Derek Hale"],
        rating="Teen And Up Audiences",
        warnings=["No Archive Warnings Apply"],
        status="Completed",
        published="2021-04-26",
        updated="2021-05-01",
        series="Goodbyes",
        series_index="2",
        source_url="https://archiveofourown.org/works/123?view=full&x=1",
        site="Archive of Our Own",
        story_id="123",
        stats={"words": "2,345", "chapters": "2/2", "kudos": "84", "hits": "1,400", "comments": "24"},
    )
    for key, value in changes.items():
        setattr(meta, key, value)
    return meta


def rich_chapters() -> list[Chapter]:
    return [
        Chapter(
            "1. Tom & Jerry",
            [
                AuthorNote([Paragraph("Thanks for reading & commenting!")], "A/N"),
                Paragraph("Hello & <world>, said Tom.", [Mark(0, 5, "i"), Mark(2, 5, "b")]),
                Paragraph("A centred line", align="center"),
                SceneBreak("+++"),
                Heading("Part <1>", 3),
                Quote([Paragraph("A quoted letter.")]),
                ListBlock([Paragraph("first"), Paragraph("second")], ordered=True),
                ListBlock([Paragraph("bullet")]),
                Table([[Paragraph("HP"), Paragraph("10/10")], [Paragraph("MP"), Paragraph("3")]]),
                Image(png(), "image/png", "a map of the loft"),
                Paragraph("Line one\nline two."),
            ],
        ),
        Chapter("Two", [Paragraph("The end."), AuthorNote([Paragraph("See you!")], "Notes", "endnote")]),
    ]


def build(book: Book, cover: tuple[bytes, str] | None = None) -> bytes:
    epub = package(book, render_book(book, cover))
    assert lint(epub) == []
    return epub


@pytest.fixture(scope="module")
def rich_epub() -> bytes:
    from fic2epub.cover import MEDIA_TYPE, generate_cover

    meta = rich_metadata()
    return build(Book(meta, rich_chapters()), (generate_cover(meta), MEDIA_TYPE))


@pytest.fixture(scope="module")
def rich(rich_epub) -> EpubView:
    return EpubView(rich_epub)


def meta_property(view: EpubView, prop: str) -> list[str]:
    return re.findall(rf'<meta [^>]*property="{prop}"[^>]*>(.*?)</meta>', view.opf)


@pytest.mark.epubcheck
def test_rich_book_passes_epubcheck(rich_epub):
    assert epubcheck_messages(rich_epub) == []


def test_opf_metadata_read_back(rich):
    assert rich.metadata("title") == [TITLE]
    assert rich.metadata("creator") == ["Jane Smith", "derek_fan99"]
    assert meta_property(rich, "file-as") == ["Smith, Jane"]
    assert meta_property(rich, "role") == ["aut", "aut"]
    assert rich.metadata("language") == ["en"]
    assert rich.metadata("description") == ["Stiles & Derek say <goodbye>.\nA second summary line."]
    assert rich.metadata("subject") == ["Angst", "Hurt/Comfort", "Teen Wolf (TV)"]
    assert rich.metadata("publisher") == ["Archive of Our Own"]
    assert rich.metadata("source") == ["https://archiveofourown.org/works/123?view=full&x=1"]
    assert rich.metadata("date") == ["2021-04-26"]
    (identifier,) = rich.metadata("identifier")
    assert identifier.startswith("urn:uuid:")
    assert meta_property(rich, "belongs-to-collection") == ["Goodbyes"]
    assert meta_property(rich, "collection-type") == ["series"]
    assert meta_property(rich, "group-position") == ["2"]
    assert re.search(r'<meta name="calibre:series" content="Goodbyes"(/>|></meta>)', rich.opf)
    assert re.search(r'<meta name="calibre:series_index" content="2"(/>|></meta>)', rich.opf)


def test_identifier_is_the_story_not_the_text():
    a = EpubView(build(Book(rich_metadata(), rich_chapters())))
    b = EpubView(build(Book(rich_metadata(), [Chapter("Other", [Paragraph("Different words.")])])))
    assert a.metadata("identifier") == b.metadata("identifier")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Jane Smith", "Smith, Jane"),
        ("F. Scott Fitzgerald", "Fitzgerald, F. Scott"),
        ("derek_fan99", None),
        ("IncompleteSentanc (Erava)", None),
        ("Charles Dickens", "Dickens, Charles"),
        ("Mandorakat", None),
    ],
)
def test_file_as_only_for_personal_names(name, expected):
    assert file_as(name) == expected


def test_escaping_everywhere(rich):
    escaped = "Tom &amp; Jerry &lt;3 || Goodbye"
    assert f"<dc:title>{escaped}</dc:title>" in rich.opf
    ncx = rich.read(rich.folder + "toc.ncx")
    assert f"<docTitle><text>{escaped}</text></docTitle>" in ncx
    assert "<text>1. Tom &amp; Jerry</text>" in ncx
    nav = rich.read(rich.folder + "nav.xhtml")
    assert ">1. Tom &amp; Jerry</a>" in nav
    title_page = rich.read(rich.folder + "titlepage.xhtml")
    assert f'<h1 class="title">{escaped}</h1>' in title_page
    assert f"<title>{escaped}</title>" in title_page
    assert 'href="https://archiveofourown.org/works/123?view=full&amp;x=1"' in title_page
    for name in rich.names:
        if name.endswith((".xhtml", ".opf", ".ncx")):
            etree.fromstring(rich.zip.read(name))
    assert "</i> &amp; &lt;world&gt;, said Tom." in rich.read(rich.folder + "chapter001.xhtml")


def test_title_page_contents(rich):
    page = rich.read(rich.folder + "titlepage.xhtml")
    rows = dict(re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", page))
    assert rows == {
        "Site": "Archive of Our Own",
        "Source": '<a href="https://archiveofourown.org/works/123?view=full&amp;x=1">'
        "https://archiveofourown.org/works/123?view=full&amp;x=1</a>",
        "Rating": "Teen And Up Audiences",
        "Warnings": "No Archive Warnings Apply",
        "Fandoms": "Teen Wolf (TV)",
        "Relationships": "Derek Hale/Stiles Stilinski",
        "Characters": "Stiles Stilinski, Derek Hale",
        "Tags": "Angst, Hurt/Comfort",
        "Series": "Goodbyes #2",
        "Language": "English",
        "Status": "Completed",
        "Published": "2021-04-26",
        "Updated": "2021-05-01",
        "Words": "2,345",
        "Chapters": "2/2",
        "Kudos": "84",
        "Hits": "1,400",
        "Comments": "24",
    }
    assert '<p class="byline">by Jane Smith, derek_fan99</p>' in page
    assert "<h2>Summary</h2><p>Stiles &amp; Derek say &lt;goodbye&gt;.</p><p>A second summary line.</p>" in page
    # title, author and summary first, then the facts (one block), the tags last
    order = [page.index(s) for s in ('class="title"', 'class="byline"', 'class="summary"', "<dt>Site", "<dt>Hits")]
    assert order == sorted(order)
    assert page.index("<dt>Hits") < page.index('<dl class="info tags"><dt>Fandoms') < page.index("<dt>Tags")


def test_title_page_omits_what_is_unknown():
    view = EpubView(build(Book(Metadata(title="Bare", language="fr"), [Chapter(None, [Paragraph("Un deux trois.")])])))
    page = view.read(view.folder + "titlepage.xhtml")
    assert dict(re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", page)) == {  # in the book's language
        "Langue": "français",
        "Mots": "3",
        "Chapitres": "1",
    }
    assert "byline" not in page and "summary" not in page
    assert view.metadata("creator") == [] and view.metadata("description") == []
    assert "belongs-to-collection" not in view.opf and "calibre:series" not in view.opf


def test_every_block_type_is_rendered(rich):
    doc = rich.read(rich.folder + "chapter001.xhtml")
    assert "<h1>1. Tom &amp; Jerry</h1>" in doc
    assert "<p><i>He<b>llo</b></i> &amp; &lt;world&gt;, said Tom.</p>" in doc
    assert '<p class="center">A centred line</p>' in doc
    assert '<hr class="scene-break"/>' in doc
    assert '<div class="note"><p class="note-label">A/N</p><p>Thanks for reading &amp; commenting!</p></div>' in doc
    assert "<h3>Part &lt;1&gt;</h3>" in doc
    assert "<blockquote><p>A quoted letter.</p></blockquote>" in doc
    assert "<ol><li>first</li><li>second</li></ol>" in doc and "<ul><li>bullet</li></ul>" in doc
    assert "<table><tr><td>HP</td><td>10/10</td></tr><tr><td>MP</td><td>3</td></tr></table>" in doc
    assert '<img src="images/image001.png" alt="a map of the loft"/>' in doc
    assert "<p>Line one<br/>line two.</p>" in doc
    assert rich.manifest()["image001"]["media-type"] == "image/png"
    assert rich.zip.read(rich.folder + "images/image001.png") == png()
    assert '<div class="note note-endnote">' in rich.read(rich.folder + "chapter002.xhtml")


def test_author_notes_are_never_footnotes(rich):
    for doc in rich.spine_documents():
        assert not re.search(r"footnote|endnote\"|rearnote|epub:type=\"note", doc.replace("note-endnote", ""))


def test_unreadable_image_keeps_its_description():
    book = Book(
        Metadata(title="Pictures"), [Chapter("One", [Image(b"not a picture", "image/png", "the hero's sword")])]
    )
    view = EpubView(build(book))
    assert "[the hero’s sword]" in view.text() or "[the hero's sword]" in view.text()
    assert not any(n.startswith(view.folder + "images/") for n in view.names)


def test_file_names_ascii_and_ids_not_digits(rich):
    for item in rich.manifest().values():
        assert re.fullmatch(r"[a-z0-9/_.-]+", item["href"]), item["href"]
        assert re.match(r"[A-Za-z_]", item["id"]), item["id"]
        assert "tom" not in item["href"].lower() and "jerry" not in item["href"].lower()
    for doc in rich.spine_documents():
        for value in re.findall(r'\bid="([^"]+)"', doc):
            assert not value[0].isdigit()


def test_navigation_toc_page_and_landmarks(rich):
    nav = rich.read(rich.folder + "nav.xhtml")
    assert re.findall(r'<nav epub:type="toc"[^>]*>.*?<a href="([^"]+)">', nav, re.S)[0] == "chapter001.xhtml"
    landmarks = re.search(r'<nav epub:type="landmarks"[^>]*hidden="hidden">(.*?)</nav>', nav, re.S).group(1)
    assert re.findall(r'epub:type="(\w+)" href="([^"]+)"', landmarks) == [
        ("cover", "cover.xhtml"),
        ("titlepage", "titlepage.xhtml"),
        ("bodymatter", "chapter001.xhtml"),
    ]
    spine = re.findall(r'<itemref idref="([^"]+)"', rich.opf)
    assert spine == ["cover", "titlepage", "nav", "chapter001", "chapter002"]
    assert '<reference type="cover" title="Cover" href="cover.xhtml"/>' in rich.opf


def test_no_visible_toc_for_one_chapter():
    view = EpubView(build(Book(Metadata(title="One"), [Chapter(None, [Paragraph("Only words.")])])))
    assert re.findall(r'<itemref idref="([^"]+)"', view.opf) == ["titlepage", "chapter001"]
    assert ">One</a>" in view.read(view.folder + "nav.xhtml")  # an untitled single chapter is the book


def test_css_leaves_the_reader_in_charge():
    rules = {k.strip(): v for k, v in re.findall(r"([^{}]+)\{([^}]*)\}", re.sub(r"/\*.*?\*/", "", CSS, flags=re.S))}
    selectors = [s.strip() for group in rules for s in group.split(",")]
    assert "body" not in selectors and "html" not in selectors
    for declarations in rules.values():
        assert not re.search(r"(^|;)\s*(color|background[\w-]*|font-family|line-height)\s*:", declarations)
        assert not re.search(r"\bcontent\s*:", declarations)
        assert not re.search(r"font-size\s*:\s*[\d.]+(px|pt)", declarations)
    headings = next(v for k, v in rules.items() if k.startswith("h1, h2, h3, h4, h5, h6"))
    assert "page-break-after: avoid" in headings and "page-break-inside: avoid" in headings
    assert "text-indent: 0" in next(v for k, v in rules.items() if "hr + p" in k)
    assert "text-indent" in rules["p"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("en", "en"),
        ("en_us", "en-US"),
        ("zh-hant-tw", "zh-Hant-TW"),
        ("PT-br", "pt-BR"),
        ("und", "en"),
        ("", "en"),
        (None, "en"),
        ("english", "en"),
        ("iw", "he"),
        ("sr-Latn", "sr-Latn"),
        ("es-419", "es-419"),
        ("French", "fr"),
        ("fra", "fr"),
        ("deu-AT", "de-AT"),
        ("klingon!", "en"),
        ("x-private", "en"),
    ],
)
def test_language_tags(value, expected):
    assert (normalise_tag(value) or "en") == expected


def test_right_to_left_book():
    book = Book(
        Metadata(title="שלום", language="he"),
        [Chapter("א", [Paragraph("שלום עולם")]), Chapter("ב", [Paragraph("עוד")])],
    )
    epub = build(book)
    view = EpubView(epub)
    assert 'page-progression-direction="rtl"' in view.opf
    for item in view.manifest().values():
        if item["media-type"] == "application/xhtml+xml":
            doc = view.read(view.folder + item["href"])
            assert 'lang="he" xml:lang="he" dir="rtl"' in doc
    assert epubcheck_messages(epub) == []


@pytest.fixture(scope="module")
def split_book():
    paragraph = "All work and no play makes Jack a dull boy, said the paragraph number {n}. " * 4
    blocks = [Paragraph(paragraph.format(n=n)) for n in range(3500)]
    blocks.insert(1750, SceneBreak())
    book = Book(Metadata(title="Long", language="en"), [Chapter("Short", [Paragraph("Hi.")]), Chapter("Huge", blocks)])
    return book, build(book)


def test_a_1mb_chapter_is_split_under_one_toc_entry(split_book):
    book, epub = split_book
    view = EpubView(epub)
    chapter_files = sorted(n for n in view.names if re.search(r"chapter002(-\d+)?\.xhtml$", n))
    sizes = [len(view.zip.read(n)) for n in chapter_files]
    assert sum(sizes) > 1_000_000
    assert len(chapter_files) >= 4 and max(sizes) <= SPLIT_BYTES + 2000
    spine = re.findall(r'<itemref idref="([^"]+)"', view.opf)
    assert spine[spine.index("chapter002") :] == ["chapter002", *[f"chapter002-{n}" for n in range(2, len(sizes) + 1)]]
    nav = view.read(view.folder + "nav.xhtml")
    assert re.findall(r'<a href="(chapter[^"]+)">', nav) == ["chapter001.xhtml", "chapter002.xhtml"]
    assert view.read(view.folder + "toc.ncx").count("<navPoint") == 2
    text = view.text()
    positions = [text.index(f"paragraph number {n}.") for n in (0, 1000, 2000, 3499)]
    assert positions == sorted(positions)
    assert len(re.findall(r"paragraph number \d+\.", text)) == 3500 * 4
    assert view.read(view.folder + "chapter002-2.xhtml").count("<h1>") == 0


@pytest.mark.epubcheck
def test_split_book_passes_epubcheck(split_book):
    assert epubcheck_messages(split_book[1]) == []


def test_same_book_same_bytes():
    from fic2epub.cover import MEDIA_TYPE, generate_cover

    def make():
        meta = rich_metadata()
        return build(Book(meta, rich_chapters()), (generate_cover(meta), MEDIA_TYPE))

    assert make() == make()


def test_options_reach_the_opf():
    result = convert(
        SAMPLE.read_bytes(),
        Options(
            source_name=SAMPLE.name,
            title="Tom & Jerry <3",
            authors=("Jane Smith",),
            series="Goodbyes",
            series_index="3",
            tags=("Angst", "Teen Wolf"),
            summary="Derek leaves & Stiles stays.",
            make_cover=False,
        ),
    )
    view = EpubView(result.epub)
    assert view.metadata("title") == ["Tom & Jerry <3"]
    assert view.metadata("creator") == ["Jane Smith"]
    assert view.metadata("subject")[:2] == ["Angst", "Teen Wolf"]
    assert view.metadata("description") == ["Derek leaves & Stiles stays."]
    assert meta_property(view, "group-position") == ["3"]
    assert "cover-image" not in view.manifest()
    assert "Derek leaves &amp; Stiles stays." in view.read(view.folder + "titlepage.xhtml")
    assert "Tom & Jerry <3" in body_text(view.read(view.folder + "titlepage.xhtml"))


def test_invalid_language_option_is_an_option_error():
    with pytest.raises(UsageError, match="klingon!") as err:
        convert(SAMPLE.read_bytes(), Options(source_name=SAMPLE.name, language="klingon!", make_cover=False))
    assert err.value.option == "language"


def test_a_language_name_is_read_as_its_tag():
    result = convert(SAMPLE.read_bytes(), Options(source_name=SAMPLE.name, language="French", make_cover=False))
    assert EpubView(result.epub).metadata("language") == ["fr"]
    assert not any("French" in w for w in result.warnings)


# --- front matter, the information page, the reader's stylesheet ----------------------------------


def _front_book(language: str = "en") -> Book:
    return Book(
        Metadata(title="Gatsby", authors=["F. Scott Fitzgerald"], language=language),
        [
            Chapter(None, [Paragraph("Once again\nto\nZelda")], "dedication"),
            Chapter(
                None, [Paragraph("Then wear the gold hat,\nif that will move her;"), Paragraph("Thomas")], "epigraph"
            ),
            Chapter("I", [Paragraph("In my younger and more vulnerable years.")]),
            Chapter("II", [Paragraph("About halfway between West Egg and New York.")]),
        ],
    )


def test_front_matter_sections_listed_and_not_counted():
    view = EpubView(build(_front_book()))
    docs = view.spine_documents()
    assert any('<section class="dedication" epub:type="dedication">' in d for d in docs)
    epigraph = next(d for d in docs if 'epub:type="epigraph"' in d)
    assert '<p class="attribution">Thomas</p>' in epigraph and "<h1>" not in epigraph
    nav = view.read(view.folder + "nav.xhtml")
    toc = re.findall(r'<li><a href="([^"]+)">(.*?)</a></li>', nav)
    assert toc == [("front01.xhtml", "Dedication"), ("front02.xhtml", "Epigraph"), ("chapter001.xhtml", "I"),
                   ("chapter002.xhtml", "II")]  # fmt: skip
    assert 'epub:type="bodymatter" href="chapter001.xhtml"' in nav
    assert 'epub:type="frontmatter" href="front01.xhtml"' in nav
    assert "<dt>Chapters</dt><dd>2</dd>" in view.read(view.folder + "titlepage.xhtml")


@pytest.mark.epubcheck
def test_front_matter_book_passes_epubcheck():
    assert epubcheck_messages(build(_front_book("fr"))) == []


def test_front_matter_named_in_the_books_language():
    view = EpubView(build(_front_book("fr")))
    nav = view.read(view.folder + "nav.xhtml")
    assert ">Dédicace</a>" in nav and ">Épigraphe</a>" in nav and "<h1>Table des matières</h1>" in nav
    assert "<dt>Chapitres</dt><dd>2</dd>" in view.read(view.folder + "titlepage.xhtml")
    assert '<p class="byline">par F. Scott Fitzgerald</p>' in view.read(view.folder + "titlepage.xhtml")


def test_no_information_page():
    result = convert(SAMPLE.read_bytes(), Options(source_name=SAMPLE.name, info_page=False))
    view = EpubView(result.epub)
    assert "titlepage.xhtml" not in " ".join(view.names)
    assert not any('epub:type="titlepage"' in d for d in view.spine_documents())
    assert lint(result.epub) == []


@pytest.mark.epubcheck
def test_no_information_page_passes_epubcheck():
    assert epubcheck_messages(convert(SAMPLE.read_bytes(), Options(info_page=False, make_cover=False)).epub) == []


READER_CSS = "p { text-indent: 0; margin: 0 0 0.8em 0; }\n"


def test_readers_stylesheet_after_ours():
    result = convert(SAMPLE.read_bytes(), Options(source_name=SAMPLE.name, css=READER_CSS.encode()))
    view = EpubView(result.epub)
    assert view.read(view.folder + "user.css") == READER_CSS
    assert view.manifest()["user-style"]["media-type"] == "text/css"
    for doc in view.spine_documents():
        links = re.findall(r'<link rel="stylesheet" type="text/css" href="([^"]+)"/>', doc)
        assert links == ["style.css", "user.css"]


@pytest.mark.epubcheck
def test_readers_stylesheet_passes_epubcheck():
    assert epubcheck_messages(convert(SAMPLE.read_bytes(), Options(css=READER_CSS, make_cover=False)).epub) == []


@pytest.mark.parametrize(
    "css,message",
    [
        (b"\xff\xfe p {}", "UTF-8"),
        ("   ", "empty"),
        ("@import 'other.css';", "loads other files"),
        ("body { background: url(http://x/y.png) }", "loads other files"),
        ("</style><script>", "not a CSS file"),
    ],
)
def test_readers_stylesheet_checked(css, message):
    with pytest.raises(UsageError) as err:
        convert(SAMPLE.read_bytes(), Options(css=css))
    assert err.value.option == "css" and message in str(err.value)


def test_pseud_and_account():
    meta = Metadata(title="T", authors=["IncompleteSentanc", "Jane Smith"], usernames={"IncompleteSentanc": "Erava"})
    view = EpubView(build(Book(meta, [Chapter("One", [Paragraph("Text.")])])))
    assert view.metadata("creator") == ["IncompleteSentanc", "Jane Smith"]
    assert meta_property(view, "file-as") == ["IncompleteSentanc", "Smith, Jane"]
    assert meta_property(view, "schema:alternateName") == ["Erava"]
    page = view.read(view.folder + "titlepage.xhtml")
    assert '<p class="byline">by IncompleteSentanc (Erava), Jane Smith</p>' in page
