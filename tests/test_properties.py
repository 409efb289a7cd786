"""End-to-end properties: any input gives a well-formed EPUB or a clean error; no story word is lost.

Default runs are modest; `pytest --run-slow` runs the same properties with many more examples.
"""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from fic2epub import Options, convert
from fic2epub.errors import Fic2EpubError

from conftest import CORPUS, SAMPLE, body_text, epubcheck_messages

FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Real words and punctuation from the corpus, so generated stories look like stories.
_VOCAB = sorted(set(re.findall(r"[A-Za-z']+|[.,!?;:\"-]", SAMPLE.read_text(encoding="utf-8"))))
_MARKERS = ["+++", "***", "* * *", "~~~", "oOo", "-x-", "###"]


def _check_epub(data: bytes) -> None:
    from lxml import etree

    archive = zipfile.ZipFile(io.BytesIO(data))
    names = archive.namelist()
    assert names[0] == "mimetype"
    assert archive.read("mimetype") == b"application/epub+zip"
    for name in names:
        if name.endswith((".xhtml", ".opf", ".ncx", ".xml")):
            etree.fromstring(archive.read(name))  # well-formed XML, or this raises


def _convert_or_clean_error(data: bytes) -> None:
    try:
        result = convert(data, Options(source_name="story.txt"))
    except Fic2EpubError as err:
        message = str(err)
        assert message and "\n" not in message and "Traceback" not in message
    else:
        _check_epub(result.epub)


@FAST
@given(st.binary(max_size=3000))
def test_any_bytes_give_an_epub_or_a_clean_error(data):
    _convert_or_clean_error(data)


@FAST
@given(st.text(max_size=3000))
def test_any_text_gives_an_epub_or_a_clean_error(text):
    _convert_or_clean_error(text.encode("utf-8"))


@pytest.mark.slow
@SLOW
@given(st.one_of(st.binary(max_size=20000), st.text(max_size=20000).map(lambda t: t.encode("utf-8"))))
def test_any_input_long_run(data):
    _convert_or_clean_error(data)


_paragraph = st.lists(st.sampled_from(_VOCAB), min_size=3, max_size=60).map(" ".join)
_story = st.lists(st.one_of(_paragraph, _paragraph, _paragraph, st.sampled_from(_MARKERS)), min_size=1, max_size=30)


def _words(text: str) -> list[str]:
    text = text.replace("’", "'").replace("‘", "'")
    return [w.lower() for w in re.findall(r"[A-Za-z0-9]+", text)]


def _check_words_kept(blocks: list[str]) -> None:
    source = "\n\n".join(blocks)
    want = _words("\n\n".join(b for b in blocks if b not in _MARKERS))
    try:
        result = convert(source.encode("utf-8"), Options(source_name="story.txt"))
    except Fic2EpubError:
        assert not want, "a story with words must convert"
        return
    front = re.compile(r'<nav\b|epub:type="(?:cover|titlepage|toc)"')
    docs = [d for d in _spine(result.epub) if not front.search(d)]
    book = _words("\n".join(body_text(d) for d in docs))
    # every input word, in order
    it = iter(book)
    missing = [w for w in want if not any(w == b for b in it)]
    assert not missing, f"words lost: {missing[:10]}"


def _spine(epub: bytes) -> list[str]:
    from conftest import EpubView

    return EpubView(epub).spine_documents()


@FAST
@given(_story)
def test_no_story_word_lost(blocks):
    _check_words_kept(blocks)


@pytest.mark.slow
@SLOW
@given(_story)
def test_no_story_word_lost_long_run(blocks):
    _check_words_kept(blocks)


#: Odd but real-looking inputs built from the example, each checked by EPUBCheck.
ODD_INPUTS = {
    "markup characters": SAMPLE.read_bytes().replace(b"Down the Rabbit-Hole", b'Tom & Jerry <3 ]]> "quoted"', 1),
    "only a title line": b"Goodbye.",
    "emoji and rtl": "Goodbye 👨‍👩‍👧\n\nשלום עולם, ما هذا؟ \u202bembedded\u202c".encode("utf-8"),
    "control characters": SAMPLE.read_bytes().replace(b"Alice", b"Al\x00ice\x0b", 3),
}


@pytest.mark.epubcheck
@pytest.mark.parametrize("name", sorted(ODD_INPUTS))
def test_odd_inputs_pass_epubcheck(name):
    result = convert(ODD_INPUTS[name], Options(source_name="odd.txt"))
    assert epubcheck_messages(result.epub) == []


@pytest.mark.corpus
def test_every_corpus_file_converts_or_fails_cleanly():
    for path in sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.parent != CORPUS):
        result = convert(path.read_bytes(), Options(source_name=path.name))
        _check_epub(result.epub)


# --- one-shots built from real paragraphs, with the openings real scrapes have ------------------------

#: Title-page openings: a title, a byline (same block or the next), maybe a title-page line.
_TITLES = ["Rain", "Down the Rabbit-Hole", "Goodbye.", "Silent Night (Gundam Wing)", "Crise", "The Great Gatsby"]
_BYLINES = ["by fanwriter99", "by Lewis Carroll", "By Kaz_99", "Author: Kitsune Foxfire", "by\nF. Scott Fitzgerald"]
_TITLE_PAGE_LINES = ["Rated T", "Words: 1,234", "THE MILLENNIUM FULCRUM EDITION 3.0", "Published: April 26, 2021"]
#: Openings that are story, whatever they look like (the issue's cases and the corpus's shapes).
_ONE_WORD = ["Left.", "Right.", "Silence.", "No.", "Later", "Satoru", "Goodbye."]
_CUSTOM_HEADINGS = ["~~ Day 1: Arrival ~~", "--- Harry's POV ---", "[Hermione]", "~ Three days later ~", "**Part One**"]
#: Words of a title page's own labels (the information page writes its own: "by", "Words" …), and
#: month names (it writes dates as ISO dates: April 26, 2021 -> 2021-04-26).
_LABEL_WORDS = {"by", "author", "rated", "rating", "words", "published", "chapters", "status"} | {
    *"january february march april may june july august september october november december".split()
}


def _real_paragraphs(texts: list[str]) -> list[str]:
    """Story paragraphs of real texts, each on one line (hard wraps joined); headings, notes, markers,
    chrome and very short lines left out (they are the openings' job)."""
    out = []
    for text in texts:
        for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
            par = " ".join(block.split())
            if len(par.split()) < 4 or re.match(r"(?i)(chapter|a/n|an:|note|\*|\+|by\s)", par):
                continue
            if "Where stories live" in par or "Read this story" in par or par.isupper():
                continue
            out.append(par)
    return out


def _texts_in_the_repository() -> list[str]:
    golden = SAMPLE.parent.parent / "tests" / "golden"
    return [SAMPLE.read_text("utf-8")] + [
        (golden / name).read_text("utf-8") for name in ("out-of-order.txt", "great-gatsby-opening.txt")
    ]


_POOL = _real_paragraphs(_texts_in_the_repository())
_DIALOGUE = [p for p in _POOL if p.startswith(('"', "“")) and len(p.split()) <= 14] or ['"No."']


def _title_page_opening():
    def block(parts):
        title, byline, lines, together = parts
        sep = "\n" if together else "\n\n"
        return sep.join([title, byline, *lines])

    return st.tuples(
        st.sampled_from(_TITLES),
        st.sampled_from(_BYLINES),
        st.lists(st.sampled_from(_TITLE_PAGE_LINES), max_size=2, unique=True),
        st.booleans(),
    ).map(lambda parts: ("title page", block(parts)))


def _openings(dialogue: list[str]):
    story_opening = st.one_of(
        st.sampled_from(dialogue), st.sampled_from(_ONE_WORD), st.sampled_from(_CUSTOM_HEADINGS)
    ).map(lambda text: ("story", text))
    return st.lists(st.one_of(_title_page_opening(), story_opening, story_opening), max_size=4)


def _check_one_shot(openings: list[tuple[str, str]], story: list[str]) -> None:
    """Every story word reaches the chapters, in order; only a title page's lines may go elsewhere,
    and what is taken is on the information page."""
    from fic2epub.model import book_text

    from wordcheck import missing_in_order, tokens

    text = "\n\n".join([*(t for _, t in openings), *story]) + "\n"
    result = convert(text.encode("utf-8"), Options(source_name="story.txt", make_cover=False))
    chapters = tokens(book_text(result.book))
    # a short line alone before the first chapter heading is the book's title line (documented): it
    # is the title, on the information page, not story text
    # is the title, on the information page, not story text; and so is that line said again above the title
    # page (``Goodbye.`` twice over ``Goodbye.`` / ``by fanwriter99``: a story word equal to the title there
    # cannot be told from the title)
    title_lines = {
        r.text
        for r in result.removed.items
        if r.rule == "structure.title_line"
        or (
            r.rule in ("structure.duplicate_title", "structure.duplicate_heading")
            and r.text == result.book.metadata.title
        )
    }
    assert all(line == result.book.metadata.title for line in title_lines)
    told = [t for kind, t in openings if kind == "story" and t not in title_lines]
    want = tokens("\n\n".join([*told, *story]))
    missing = missing_in_order(want, chapters)
    assert not missing, f"story words lost: {[w for _, w in missing][:12]} from {text[:300]!r}"
    from conftest import EpubView

    view = EpubView(result.epub)
    page = next(d for d in view.spine_documents() if 'epub:type="titlepage"' in d)
    shown = set(tokens(body_text(page))) | {t for c in result.book.chapters for t in tokens(c.title or "")}
    for removal in result.removed.items:
        assert removal.moved, f"{removal.rule} removed {removal.text!r}"
        lost = [t for t in tokens(removal.text) if t not in shown and t not in _LABEL_WORDS]
        assert not lost, f"{removal.rule} took {removal.text!r}, not on the information page: {lost}"


@FAST
@given(_openings(_DIALOGUE), st.lists(st.sampled_from(_POOL), min_size=1, max_size=6))
def test_one_shot_story_words_reach_the_chapters(openings, story):
    _check_one_shot(openings, story)


@pytest.mark.slow
@SLOW
@given(_openings(_DIALOGUE), st.lists(st.sampled_from(_POOL), min_size=1, max_size=6))
def test_one_shot_story_words_reach_the_chapters_long_run(openings, story):
    _check_one_shot(openings, story)


def _corpus_pool() -> list[str]:
    if not CORPUS.is_dir():
        return []
    names = ["wattpad/sterek-goodbye.txt", "wattpad/wattpad-crawl-in-too-deep-statsline.txt",
             "fanfiction.net/ffn-crawl-gundam-wing-oneshot.txt", "gutenberg/christmas-carol-latin1-pgheader.txt"]  # fmt: skip
    from fic2epub import reading, sites

    decoded = [reading.read_text((CORPUS / n).read_bytes()).text for n in names if (CORPUS / n).is_file()]
    texts = [sites.strip_text(text)[1] for text in decoded]  # the story, without the site's chrome
    return _real_paragraphs(texts)


_CORPUS_POOL = _corpus_pool() or ["placeholder paragraph of four words"]
_CORPUS_DIALOGUE = [p for p in _CORPUS_POOL if p.startswith(('"', "“")) and len(p.split()) <= 14] or ['"No."']


@pytest.mark.corpus
@FAST
@given(_openings(_CORPUS_DIALOGUE), st.lists(st.sampled_from(_CORPUS_POOL), min_size=1, max_size=6))
@example(  # found by this test: the title said three times, then its byline
    [("story", "Goodbye."), ("story", "Goodbye."), ("title page", "Goodbye.\n\nby fanwriter99")],
    [
        "So we all know Derek's leaving right? But how is he going to leave? Suddenly, or with a goodbye? I hope a goodbye."
    ],
)
def test_one_shot_from_corpus_paragraphs(openings, story):
    _check_one_shot(openings, story)
