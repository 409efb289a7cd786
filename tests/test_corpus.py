"""Every corpus file becomes what the case table (corpus_cases.toml) says: its site, title, authors,
chapters, scene breaks, notes, metadata in the OPF and on the title page, no chrome, and every word
of the story in the book, in order. Each file is converted once per session (converted_corpus)."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import unicodedata
from collections import Counter

import pytest

from fic2epub import Options, convert, reading, sites
from fic2epub.kindle import lint
from fic2epub.language import format_number
from fic2epub.model import AuthorNote, Paragraph, Quote, SceneBreak, Table, book_text, iter_paragraphs

from conftest import CORPUS, epubcheck_messages
from converted_corpus import cases, converted
from wordcheck import describe_missing, minus_removals, missing_in_order, story_text, tokens

KEYS = sorted(cases())


def _marks(key: str):
    marks = [pytest.mark.corpus] if key.startswith("shared:") else []
    if cases()[key].get("pending"):  # an entry whose file is being worked on: its failures are expected
        marks.append(pytest.mark.xfail(reason="pending: expectations not met yet", strict=False))
    return marks


PARAMS = [pytest.param(key, id=key, marks=_marks(key)) for key in KEYS]


def params(field: str):
    """The entries that state ``field``."""
    return [pytest.param(key, id=key, marks=_marks(key)) for key in KEYS if field in cases()[key]]


def flat(text: str) -> str:
    """Quotes, apostrophes, dashes and spaces made plain, so typography does not matter to a check."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[‘’]", "'", re.sub(r"[“”«»„]", '"', text))
    text = re.sub(r"\s*[—–]\s*|\s*--\s*", " - ", text)
    return " ".join(text.split())


def book(key: str):
    return converted(key).result.book


def paragraphs(key: str) -> list[Paragraph]:
    return [p for c in book(key).chapters for p in iter_paragraphs(c.blocks)]


# --- the table ------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", PARAMS)
def test_site_and_reader(key):
    case, result = cases()[key], converted(key).result
    assert result.site == case["site"]
    if "input" in case:
        assert result.report.input == case["input"]
    if case["site"] != "generic":
        assert 0 < result.site_confidence <= 1 and result.report.site.evidence


@pytest.mark.parametrize("key", params("title"))
def test_title(key):
    assert flat(book(key).metadata.title) == flat(cases()[key]["title"])


@pytest.mark.parametrize("key", params("authors"))
def test_authors(key):
    assert book(key).metadata.authors == cases()[key]["authors"]


@pytest.mark.parametrize("key", params("language"))
def test_language(key):
    assert converted(key).view.metadata("language") == [cases()[key]["language"]]


def toc_labels(key: str) -> list[str]:
    """The table of contents as the reader sees it (nav.xhtml)."""
    view = converted(key).view
    nav = next(
        view.read(view.folder + item["href"])
        for item in view.manifest().values()
        if "nav" in item.get("properties", "")
    )
    toc = re.search(r'<nav epub:type="toc".*?</nav>', nav, re.S).group(0)
    return [html.unescape(label) for label in re.findall(r"<a href=\"[^\"]+\">(.*?)</a>", toc)]


@pytest.mark.parametrize("key", params("chapters"))
def test_chapters(key):
    expected = [flat(t) for t in cases()[key]["chapters"]]
    assert [flat(label) for label in toc_labels(key)] == expected
    assert [flat(c.title) for c in book(key).chapters if c.title] == [
        t for t, c in zip(expected, book(key).chapters) if c.title
    ]


@pytest.mark.parametrize("key", PARAMS)
def test_front_matter(key):
    """Front matter (a dedication, an epigraph, a preface) is a section of its kind, before the chapters,
    and not counted as a chapter on the information page."""
    chapters = book(key).chapters
    kinds = [c.kind for c in chapters if c.kind != "chapter"]
    assert kinds == cases()[key].get("front", [])
    assert [c.kind for c in chapters[: len(kinds)]] == kinds
    docs = converted(key).view.spine_documents()
    for kind in kinds:
        assert any(f'<section class="{kind}" epub:type="{kind}">' in d for d in docs)
    title_page = next(d for d in docs if 'epub:type="titlepage"' in d)
    count = sum(c.kind == "chapter" for c in chapters)
    if "chapters" not in book(key).metadata.stats:
        assert f"<dd>{count}</dd>" in title_page


@pytest.mark.parametrize("key", params("chapter_count"))
def test_chapter_count(key):
    """The chapters, front-matter sections (pinned by test_front_matter) aside, as first_run.py counts."""
    assert sum(c.kind == "chapter" for c in book(key).chapters) == cases()[key]["chapter_count"]


@pytest.mark.parametrize("key", params("breaks"))
def test_scene_breaks(key):
    assert sum(isinstance(b, SceneBreak) for c in book(key).chapters for b in c.blocks) == cases()[key]["breaks"]
    assert (
        sum(d.count('<hr class="scene-break"/>') for d in converted(key).view.spine_documents())
        == cases()[key]["breaks"]
    )


@pytest.mark.parametrize("key", params("notes"))
def test_notes(key):
    labels = [flat(b.label) for c in book(key).chapters for b in c.blocks if isinstance(b, AuthorNote)]
    assert labels == [flat(label) for label in cases()[key]["notes"]]


@pytest.mark.parametrize("key", params("note_count"))
def test_note_count(key):
    assert sum(isinstance(b, AuthorNote) for c in book(key).chapters for b in c.blocks) == cases()[key]["note_count"]


@pytest.mark.parametrize("key", params("chrome"))
def test_chrome_absent_from_the_story(key):
    text = flat(story_text(converted(key).view))
    for chrome in cases()[key]["chrome"]:
        assert not re.search(rf"(?<!\w){re.escape(flat(chrome))}(?!\w)", text), f"chrome left: {chrome!r}"


@pytest.mark.parametrize("key", params("kept"))
def test_story_strings_kept(key):
    text = flat(story_text(converted(key).view))
    for kept in cases()[key]["kept"]:
        assert flat(kept) in text, f"lost {kept!r}"


@pytest.mark.parametrize("key", params("opf"))
def test_metadata_in_the_opf(key):
    view = converted(key).view
    for field, values in cases()[key]["opf"].items():
        assert view.metadata(field) == values, f"dc:{field}"


@pytest.mark.parametrize("key", params("title_page"))
def test_title_page_shows(key):
    title_page = next(d for d in converted(key).view.spine_documents() if 'epub:type="titlepage"' in d)
    for shown in cases()[key]["title_page"]:
        assert shown in title_page


@pytest.mark.parametrize("key", params("metadata"))
def test_metadata_fields(key):
    meta = book(key).metadata
    for field, value in cases()[key]["metadata"].items():
        if isinstance(value, dict):
            got = getattr(meta, field)
            assert {k: got.get(k) for k in value} == value, field
        else:
            assert getattr(meta, field) == value, field


def _story_paragraphs(key: str, front: bool = True) -> list[tuple[str, bool]]:
    """(text, in a note or a chapter's epigraph) of every paragraph of the chapters, in reading order (``front``: and of the
    front matter before them)."""
    out = []
    for chapter in book(key).chapters:
        if not front and chapter.front:
            continue
        for block in chapter.blocks:
            if isinstance(block, AuthorNote):
                out.extend((p.text, True) for p in block.paragraphs)
            elif isinstance(block, Quote) and block.kind == "epigraph":  # a chapter's epigraph is set apart too
                out.extend((p.text, True) for p in iter_paragraphs(block.blocks))
            else:
                out.extend((p.text, False) for p in iter_paragraphs([block]))
    return out


@pytest.mark.parametrize("key", params("first_words"))
def test_the_story_starts_where_it_does(key):
    """The first words of the story open the book's first chapter (notes aside; a dedication or a
    preface before it is front matter, not a chapter): nothing of the site before them, nothing of the
    story lost."""
    story = [text for text, note in _story_paragraphs(key, front=False) if not note]
    assert flat(cases()[key]["first_words"]).casefold() in flat(" ".join(story[:2])).casefold(), story[:2]


@pytest.mark.parametrize("key", params("paragraphs"))
def test_the_story_has_its_paragraphs(key):
    """As many story paragraphs (notes aside) as the file has: none run together, none split."""
    story = [text for text, note in _story_paragraphs(key, front=False) if not note]
    assert len(story) == cases()[key]["paragraphs"], [t[:40] for t in story[:5]]


@pytest.mark.parametrize("key", params("last_words"))
def test_the_story_ends_where_it_does(key):
    everything = _story_paragraphs(key)
    story = [text for text, note in everything if not note]
    want = flat(cases()[key]["last_words"]).casefold()
    ends = (flat(" ".join(t for t, _ in everything[-2:])).casefold(), flat(" ".join(story[-2:])).casefold())
    assert any(want in end for end in ends), everything[-2:]


def _has(meta, field: str, want) -> bool:
    def f(text) -> str:
        return flat(str(text or "")).casefold()

    if field == "site":
        return f(meta.site) == f(want)
    if field == "words":
        return re.sub(r"\D", "", str(meta.stats.get("words", ""))) == str(want)
    if field == "url":
        return (meta.source_url or "").rstrip("/") == want.rstrip("/")
    if field == "summary":
        return f(want) in f(meta.summary)
    if field in ("published", "updated"):
        return (getattr(meta, field) or "").startswith(want)
    if field in ("status", "rating"):
        return f(want) in f(getattr(meta, field))
    if isinstance(want, list):
        have = {f(t) for t in [*meta.tags, *meta.fandoms, *meta.relationships, *meta.characters, *meta.warnings]}
        return all(f(w) in have for w in want)
    return f(getattr(meta, field, None) or meta.extra.get(field)) == f(want)


@pytest.mark.parametrize("key", params("has"))
def test_metadata_holds(key):
    """Metadata the page shows, found where a reader looks for it: the site's name, a summary that
    starts as the page's does, tags among the tags, the date, the word count, the address."""
    meta = book(key).metadata
    wrong = {field: want for field, want in cases()[key]["has"].items() if not _has(meta, field, want)}
    assert not wrong, {field: getattr(meta, field, None) for field in wrong}


@pytest.mark.parametrize("key", params("removals"))
def test_removals_by_rule(key):
    # places (a line, or an element) where the rule moved text into the metadata or removed it as chrome
    rules = Counter(rule for rule, _, _ in {(r.rule, r.line, r.where) for r in converted(key).result.removed.items})
    for rule, count in cases()[key]["removals"].items():
        assert rules[rule] == count, rule


@pytest.mark.parametrize("key", params("emphasis"))
def test_emphasis_kept(key):
    for kind, words in cases()[key]["emphasis"].items():
        found = [flat(p.text[m.start : m.end]) for p in paragraphs(key) for m in p.marks if m.kind == kind]
        for word in words:
            assert flat(word) in found, (kind, word, found[:20])


# --- every word -------------------------------------------------------------------------------------


def _text_params():
    return [p for p in PARAMS if cases()[p.values[0]].get("input") == "text"]


@pytest.mark.parametrize("key", _text_params())
def test_every_removal_recorded(key):
    """The decoded text minus the site's recorded removals is exactly the text handed to structure."""
    decoded = converted(key).decoded
    draft, left = sites.strip_text(decoded)
    assert minus_removals(decoded, draft.removed.items) == left


@pytest.mark.parametrize("key", _text_params())
def test_every_story_word_in_the_book_in_order(key):
    item = converted(key)
    decoded, result = item.decoded, item.result
    draft, _ = sites.strip_text(decoded)
    expected = tokens(minus_removals(decoded, draft.removed.items))
    missing = missing_in_order(expected, tokens(story_text(item.view)))
    # later stages may move text (recorded) and set a chapter's heading before the note it
    # followed: only those recorded words and heading words may be missing where they stood
    site_removals = {(r.rule, r.text, r.line) for r in draft.removed.items}
    excused = Counter(
        t for r in result.removed.items if (r.rule, r.text, r.line) not in site_removals for t in tokens(r.text)
    )
    excused.update(t for chapter in result.book.chapters for t in tokens(chapter.title or ""))
    unexplained = []
    for i, tok in missing:
        if excused[tok] > 0:
            excused[tok] -= 1
        else:
            unexplained.append((i, tok))
    assert not unexplained, describe_missing(expected, unexplained)


def _container_text(key: str) -> str:
    """The text of the story container, read independently of fic2epub."""
    import warnings

    from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        doc = BeautifulSoup(reading.read_text(converted(key).path.read_bytes()).text, "lxml")
    for tag in doc(["script", "style", "noscript", "template", "svg", "form"]):
        tag.decompose()
    # inline elements do not part words: "<i>Typhon</i>s" is one word on the page and in the book
    for tag in doc(["i", "em", "b", "strong", "u", "s", "span", "a", "font", "small", "code", "sup", "sub"]):
        tag.unwrap()
    doc.smooth()
    return "\n".join(el.get_text(" ") for el in doc.select(cases()[key]["container"]))


def _split_digits(words: list[str]) -> list[str]:
    """Digits apart from letters: a footnote mark glued to its word ("Li Er<sup>1</sup>") is one token
    in the book and two in the page's text."""
    return [part for word in words for part in re.findall(r"\D+|\d+", word)]


def _minus(words: list[str], removal: list[str]) -> list[str]:
    """``words`` without any run equal to ``removal`` (a removal may repeat)."""
    if not removal:
        return words
    out, i, n = [], 0, len(removal)
    while i < len(words):
        if words[i : i + n] == removal:
            i += n
        else:
            out.append(words[i])
            i += 1
    return out


@pytest.mark.parametrize("key", params("container"))
def test_every_story_word_of_the_page_in_order(key):
    result = converted(key).result
    expected = _split_digits(tokens(_container_text(key)))
    # longer removals first: a short one ("Changes") must not break up a longer one holding it
    for removal in sorted(result.removed.items, key=lambda r: -len(tokens(r.text))):
        expected = _minus(expected, _split_digits(tokens(removal.text)))
    for chapter in result.book.chapters:  # chapter titles may stand before front matter
        expected = _minus(expected, _split_digits(tokens(chapter.title)))
    missing = missing_in_order(expected, _split_digits(tokens(book_text(result.book))))
    assert not missing, describe_missing(expected, missing)
    assert len(expected) > 300


# --- the finished book ------------------------------------------------------------------------------


#: Every book with its cover; the shared corpus's also without one (a book without a cover differs in
#: its manifest and title page only, so one corpus checks that shape: EPUBCheck is the slowest test).
_EPUBCHECK = [
    pytest.param(key, cover, id=f"{key}-{'cover' if cover else 'no-cover'}", marks=_marks(key))
    for key in KEYS
    for cover in (True, False)
    if cover or key.startswith("shared:")
]


@pytest.mark.epubcheck
@pytest.mark.parametrize(("key", "cover"), _EPUBCHECK)
def test_epubcheck_clean(key, cover):
    item = converted(key)
    epub = (
        item.result.epub
        if cover
        else convert(item.path.read_bytes(), Options(source_name=item.path.name, make_cover=False)).epub
    )
    assert epubcheck_messages(epub) == []


@pytest.mark.parametrize("key", PARAMS)
def test_kindle_lint_clean(key):
    assert lint(converted(key).result.epub) == []
    assert converted(key).result.report.kindle == []


@pytest.mark.parametrize("key", PARAMS)
def test_cover_and_information_page(key):
    result, view = converted(key).result, converted(key).view
    manifest = view.manifest()
    assert manifest["cover-image"]["properties"] == "cover-image"
    assert '<meta name="cover" content="cover-image"' in view.opf
    docs = view.spine_documents()
    assert 'epub:type="cover"' in docs[0] and "images/cover.png" in docs[0]
    assert 'class="titlepage"' in docs[1]
    meta = result.book.metadata
    title_page = html.unescape(docs[1])
    assert re.search(r"<h1[^>]*>(.*?)</h1>", title_page).group(1) == view.metadata("title")[0] == meta.title
    for author in meta.authors:
        assert author in title_page
    for value in meta.stats.values():  # counts as the book's language writes them (4425 -> 4,425)
        assert f"<dd>{format_number(value, meta.language)}</dd>" in title_page


@pytest.mark.parametrize("key", PARAMS)
def test_language_on_every_document(key):
    view = converted(key).view
    (language,) = view.metadata("language")
    assert re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", language)
    for item in view.manifest().values():
        if item["media-type"] == "application/xhtml+xml":
            doc = view.read(view.folder + item["href"])
            assert f'lang="{language}" xml:lang="{language}"' in doc
            assert doc.startswith('<?xml version="1.0" encoding="utf-8"?>')


@pytest.mark.parametrize("key", PARAMS)
def test_no_empty_chapters_and_no_markers_left(key):
    for chapter in book(key).chapters:
        assert chapter.blocks, chapter.title
        assert not isinstance(chapter.blocks[0], SceneBreak) and not isinstance(chapter.blocks[-1], SceneBreak)
        for block in chapter.blocks:
            if isinstance(block, Paragraph):
                assert not re.fullmatch(r"[*+~#=_\-\s]+|……", block.text), block.text


@pytest.mark.parametrize("key", PARAMS)
def test_opf_metadata_is_the_books(key):
    """Whatever metadata the conversion found is in the OPF, read back from the file."""
    result, view = converted(key).result, converted(key).view
    meta = result.book.metadata
    assert view.metadata("title") == [meta.title]
    assert view.metadata("creator") == meta.authors
    assert view.metadata("subject") == list(dict.fromkeys([*meta.tags, *meta.fandoms]))
    assert view.metadata("description") == ([meta.summary.strip()] if meta.summary else [])
    assert view.metadata("publisher") == ([meta.site] if meta.site else [])
    assert view.metadata("source") == ([meta.source_url] if meta.source_url else [])


# --- what a table row cannot say ------------------------------------------------------------------

pytestmark_corpus = pytest.mark.corpus


@pytestmark_corpus
def test_ao3_notes_are_notes():
    blocks = book("shared:ao3/ao3-end-notes-chapter-page.html").chapters[0].blocks
    assert isinstance(blocks[0], AuthorNote) and blocks[0].label == "Notes:"
    assert flat(blocks[0].paragraphs[0].text).startswith("Hello! I'm super excited about this fic.")
    assert isinstance(blocks[-1], AuthorNote) and blocks[-1].kind == "endnote"
    assert flat(blocks[-1].paragraphs[0].text).startswith("And thus Obito snatches himself a child")
    meta = book("shared:ao3/ao3-end-notes-chapter-page.html").metadata
    assert "Haruno Sakura/Uzumaki Naruto" in meta.relationships
    assert "Uchiha Obito" in meta.characters and len(meta.characters) == 9
    assert "Sharingan Misuse" in meta.tags
    assert meta.summary.startswith("One day, while visiting the grave of Nohara Rin")
    download = book("shared:ao3/ao3-download-crimson-supernova-ch2.html").chapters[0].blocks
    assert isinstance(download[0], AuthorNote) and download[0].paragraphs[0].text.startswith("when I tagged slow burn")
    assert isinstance(download[-1], AuthorNote) and download[-1].kind == "endnote"


@pytestmark_corpus
def test_ffn_notes_are_notes():
    king = book("shared:fanfiction.net/ffn-downloader-past-and-future-king.html").chapters[0].blocks
    assert isinstance(king[0], AuthorNote) and len(king[0].paragraphs) == 2  # bold italic, no label
    assert king[0].paragraphs[1].text.startswith("Question of the chapter:")
    assert isinstance(king[1], SceneBreak)
    phoenix = book("shared:fanfiction.net/ffn-following-phoenix-ch82.xhtml").chapters[0].blocks
    assert isinstance(phoenix[0], AuthorNote) and phoenix[0].paragraphs[0].text.startswith("loyal HPMoR readers")
    hunted_book = book("shared:fanfiction.net/ffn-hunted-ch1.xhtml")
    hunted = hunted_book.chapters[0].blocks
    assert hunted_book.metadata.title == "HUNTED"  # the in-body title is the book's, not a note
    assert isinstance(hunted[0], AuthorNote)
    notes = [b for b in hunted if isinstance(b, AuthorNote)]
    assert [n.paragraphs[0].text[:20] for n in notes[:2]] == ["Okay so this is my f", "All chapters associa"]
    assert notes[-1].paragraphs[0].text.startswith("How did I do")


@pytestmark_corpus
def test_saving_connor_chapters_in_file_order():
    connor = book("shared:fanfiction.net/saving-connor-storytext-concat.txt")
    titles = [flat(c.title) for c in connor.chapters]
    numbers = [re.match(r"(Chapter \w+|Interlude)", t).group(1) for t in titles]
    assert numbers[:13] == [
        "Chapter One",
        "Chapter Five",
        "Chapter Three",
        "Chapter Ten",
        "Chapter Four",
        "Chapter Two",
        "Chapter Eleven",
        "Chapter Six",
        "Chapter Seven",
        "Chapter Eight",
        "Chapter Nine",
        "Chapter Fifteen",
        "Interlude",
    ]
    assert titles[0] == "Chapter One: Brother's Keeper"
    # the fic's header opening chapter one: its summary and warnings are metadata, its notes a note
    assert connor.metadata.summary.startswith("AU, eventual HP/DM slash")
    assert flat(connor.metadata.warnings[0]).startswith("Much more for language and violence than for sex.")
    first = connor.chapters[0].blocks[0]
    assert isinstance(first, AuthorNote) and first.paragraphs[0].text.startswith("Okay, this is the first chapter")


@pytestmark_corpus
def test_scribblehub_and_hostednovel_notes():
    blocks = book("shared:scribblehub/scribblehub-announcement-chapter.html").chapters[0].blocks
    assert isinstance(blocks[0], AuthorNote) and blocks[0].label == "Announcement"
    assert blocks[0].paragraphs[0].text.startswith("[Well that was embarrassing")
    assert isinstance(blocks[-1], AuthorNote)
    assert any(isinstance(b, SceneBreak) and "=" in b.marker for b in blocks)
    blocks = book("shared:webnovel-aggregator/hostednovel-lgs-ch1.html").chapters[0].blocks
    assert isinstance(blocks[-1], AuthorNote) and blocks[-1].kind == "translator"
    assert flat(blocks[-1].label) == "Pipipingu's Notes:"
    texts = [flat(p.text) for p in paragraphs("shared:webnovel-aggregator/hostednovel-lgs-ch1.html")]
    assert any(t.startswith("2. Qingshan means green mountains.") for t in texts)  # footnotes are kept


@pytestmark_corpus
def test_royalroad_tables_kept_and_the_authors_own_piracy_note_stays():
    blocks = book("shared:royalroad/pioneer-abyss-ch1.html").chapters[0].blocks
    tables = [b for b in blocks if isinstance(b, Table)]
    assert len(tables) == 3
    assert flat(tables[0].rows[0][0].text) == "System Notification"
    assert isinstance(blocks[-1], AuthorNote)
    assert "not Royal Road" in blocks[-1].paragraphs[0].text


@pytestmark_corpus
def test_wattpad_api_part_paragraphs():
    key = "shared:wattpad/wattpad-api-part-kids-arent-alright.html"
    blocks = book(key).chapters[0].blocks
    assert sum(isinstance(b, Paragraph) for b in blocks) == 138  # 139 lines, one of them "***"
    assert not any("  " in p.text or p.text != p.text.strip() for p in paragraphs(key))


@pytestmark_corpus
def test_centred_paragraphs():
    centred = [
        flat(p.text) for p in paragraphs("shared:ao3/ao3-download-crimson-supernova-ch2.html") if p.align == "center"
    ]
    assert "Satoru" in centred and "April 26, 2021" in centred
    assert any(t.startswith("orbit - the curved path") for t in centred)
    assert next(p for p in paragraphs("shared:royalroad/pioneer-abyss-ch1.html") if p.text == "Aqua").align == "center"


@pytestmark_corpus
def test_carol_paragraphs_are_whole_sentences_across_wrap_points():
    stave = book("shared:gutenberg/christmas-carol-latin1-pgheader.txt").chapters[1]
    pars = [flat(b.text) for b in stave.blocks if isinstance(b, Paragraph)]
    assert pars[1].startswith(
        "Mind! I don't mean to say that I know, of my own knowledge, what there is particularly dead about a door-nail."
    )
    assert all(not re.search(r"[a-z,]\n[a-z]", p) for p in pars)  # no line break inside a sentence
    assert len(pars) > 150


@pytestmark_corpus
def test_alice_table_of_contents_in_the_nav():
    view = converted("shared:gutenberg/alice-wonderland-crlf.txt").view
    nav = next(
        view.read(view.folder + item["href"])
        for item in view.manifest().values()
        if "nav" in item.get("properties", "")
    )
    toc = re.findall(r"<a href=\"chapter\d+\.xhtml\">(.*?)</a>", nav)
    assert toc == cases()["shared:gutenberg/alice-wonderland-crlf.txt"]["chapters"]


@pytestmark_corpus
def test_pandoc_front_matter_kept_once():
    text = flat(story_text(converted("shared:fanfiction-markdown/aci100-fabric-of-fate-pandoc-TRUNCATED.md").view))
    assert text.count("This is a work of fanfiction based on the PJO universe") == 1
    assert text.count("Self-Promotion: I have a Discord server") == 1


@pytestmark_corpus
def test_gutenberg_header_goes_and_the_story_stays():
    draft, left = sites.strip_text(converted("shared:gutenberg/christmas-carol-latin1-pgheader.txt").decoded)
    assert left.lstrip().startswith("A CHRISTMAS CAROL")
    assert left.rstrip().endswith("God bless Us, Every One!")
    draft, left = sites.strip_text(converted("shared:chinese-webnovel/1qxs-daozhong-ch1-zh.md").decoded)
    assert left.startswith("# 第一章 此界有仙！\n")


@pytestmark_corpus
@pytest.mark.skipif(not shutil.which("ebook-convert"), reason="calibre is not installed")
def test_calibre_converts_to_azw3_and_reads_metadata(tmp_path):
    source = tmp_path / "book.epub"
    source.write_bytes(
        convert(
            (CORPUS / "wattpad" / "sterek-goodbye.txt").read_bytes(),
            Options(source_name="sterek-goodbye.txt", authors=("Jane Smith",), series="Goodbyes", series_index="2"),
        ).epub
    )
    target = tmp_path / "book.azw3"
    subprocess.run(["ebook-convert", str(source), str(target)], check=True, capture_output=True, timeout=300)
    meta = subprocess.run(["ebook-meta", str(target)], check=True, capture_output=True, text=True, timeout=120).stdout
    assert re.search(r"Title\s*:\s*Sterek \|\| Goodbye", meta)
    assert re.search(r"Author\(s\)\s*:\s*Jane Smith", meta)
    assert re.search(r"Languages\s*:\s*eng", meta)
    meta = subprocess.run(["ebook-meta", str(source)], check=True, capture_output=True, text=True, timeout=120).stdout
    assert re.search(r"Series\s*:\s*Goodbyes #2", meta)


def test_every_corpus_file_has_a_case():
    """A scrape added to a corpus without expectations is a failure, not a silent gap."""
    from conftest import PROJECT_CORPUS, corpus_files, project_corpus_files

    listed = set(cases())
    files = {f"shared:{p.relative_to(CORPUS).as_posix()}" for p in corpus_files()}
    files |= {
        f"project:{p.relative_to(PROJECT_CORPUS).as_posix()}"
        for p in project_corpus_files()
        if p.name not in ("SOURCES.tsv", "README.md")
    }
    assert files - listed == set()


# --- the first screen -------------------------------------------------------------------------------


def _words_of(text: str) -> str:
    return " ".join(re.findall(r"\w+", html.unescape(text).lower()))


@pytest.mark.parametrize("key", PARAMS)
def test_first_screen_shows_the_title_once_and_the_information_page_in_the_books_language(key):
    """The information page: the title once, labels in the book's language; the first chapter: its
    heading once, no line repeating it or the book's title before the story starts."""
    from fic2epub.language import page_word

    result, view = converted(key).result, converted(key).view
    meta = result.book.metadata
    docs = view.spine_documents()
    page = next(d for d in docs if 'epub:type="titlepage"' in d)
    assert len(re.findall(r"<h1\b", page)) == 1
    assert f"<dt>{page_word(meta.language, 'language')}</dt>" in page
    assert f"<dt>{page_word(meta.language, 'chapters')}</dt>" in page
    first = next(d for d in docs if 'epub:type="chapter"' in d)
    heading = re.search(r"<h1>(.*?)</h1>", first)
    lines = [_words_of(re.sub(r"<[^>]+>", "", p)) for p in re.findall(r"<p\b[^>]*>(.*?)</p>", first, re.S)[:6]]
    title = _words_of(meta.title or "")
    story = next(i for i, line in enumerate(lines) if line)  # the first line shown (notes count)
    repeated = [
        line for line in lines[: story + 1] if line == title or (heading and line == _words_of(heading.group(1)))
    ]
    assert not repeated, f"the first screen repeats {repeated}"


@pytestmark_corpus
def test_saving_connor_warned_and_sorted():
    key = "shared:fanfiction.net/saving-connor-storytext-concat.txt"
    warnings = converted(key).result.warnings
    assert any("out of order" in w and "Chapter Three" in w and "Chapter Five" in w for w in warnings)
    path = CORPUS / "fanfiction.net" / "saving-connor-storytext-concat.txt"
    result = convert(path.read_bytes(), Options(source_name=path.name, sort_chapters=True, make_cover=False))
    titles = [flat(c.title) for c in result.book.chapters]
    assert [t.split(":")[0] for t in titles[:6]] == [
        "Chapter One",
        "Chapter Two",
        "Chapter Three",
        "Chapter Four",
        "Chapter Five",
        "Chapter Six",
    ]
    # nothing lost by sorting: the same chapters, the same words
    assert sorted(titles) == sorted(flat(c.title) for c in book(key).chapters)
    assert sorted(book_text(result.book).split()) == sorted(book_text(book(key)).split())
    assert not any("out of order" in w for w in result.warnings)
