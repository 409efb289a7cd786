"""Any input gives a valid book in which every word of the story is, or the project's one-line error.

Hypothesis mutates real scrapes (the bundled example, the project's corpus, the shared corpus when it
is there): truncations in the middle of a UTF-8 character or a tag, byte flips, re-encodings under a
charset declaration that lies, splices of two files, and arbitrary bytes and text. Each result passes
the package's own check (every conversion runs it) and ``--verify`` (no word lost), or is a
``Fic2EpubError`` of one line with its exit code. The default run tries a few hundred examples;
``pytest --run-slow`` tries 10,000 (docs/reliability.md). A sample of the books goes to EPUBCheck.
"""

from __future__ import annotations

import warnings
from functools import cache

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from fic2epub import Options, convert
from fic2epub.errors import Fic2EpubError
from fic2epub.verify import missing_words

from conftest import CORPUS, PROJECT_CORPUS, SAMPLE, corpus_files, epubcheck_messages

EXAMPLES = 60  # per strategy in the default run: 4 strategies, a few hundred examples
LONG = 2500  # per strategy with --run-slow: 10,000 in all
DEFAULT = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
LONG_RUN = settings(
    max_examples=LONG, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
CODES = {1, 3, 4, 5, 7, 9}  # what a conversion may end in (1 and 7 only as reported bugs: they fail here)


@cache
def seeds() -> list[tuple[str, bytes]]:
    """Real scrapes to mutate: small enough that a few hundred conversions take a minute or two."""
    paths = [
        SAMPLE,
        # the scrapes, not the corpus's own papers (its README, sources, expectations and evaluator)
        *sorted(
            p
            for p in PROJECT_CORPUS.rglob("*")
            if p.is_file() and p.suffix not in (".tsv", ".toml", ".py") and p.name not in ("README.md", "FIRST_RUN.md")
        ),
        *corpus_files(),
    ]
    return [(p.name, p.read_bytes()[:120_000]) for p in paths if p.stat().st_size]


def _check(name: str, data: bytes) -> bytes | None:
    options = Options(source_name=name, make_cover=False)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = convert(data, options)
    except Fic2EpubError as err:
        message = str(err)
        assert message and "\n" not in message, message
        assert err.exit_code in CODES and err.exit_code not in (1, 7), f"a bug reported as an error: {message}"
        return None
    missing = missing_words(data, result, options)
    assert not missing, f"{len(missing)} word(s) of the story are not in the book: {missing[:10]}"
    return result.epub


@st.composite
def mutated(draw) -> tuple[str, bytes]:
    name, data = draw(st.sampled_from(seeds()))
    kind = draw(st.sampled_from(["truncate", "flip", "reencode", "splice", "insert"]))
    if kind == "truncate":
        data = data[: draw(st.integers(1, max(1, len(data))))]
    elif kind == "flip":
        data = bytearray(data)
        for _ in range(draw(st.integers(1, 12))):
            at = draw(st.integers(0, len(data) - 1))
            data[at] = draw(st.integers(0, 255))
        data = bytes(data)
    elif kind == "reencode":
        text = data.decode("utf-8", errors="replace")
        codec = draw(st.sampled_from(["cp1252", "latin-1", "utf-16", "utf-16-be", "utf-16-le", "cp1251", "gb18030"]))
        lie = draw(
            st.sampled_from(
                [
                    "",
                    '<meta charset="koi8-r">\n',
                    '<?xml version="1.0" encoding="shift_jis"?>\n',
                    '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n',
                ]
            )
        )
        data = (lie + text).encode(codec, errors="replace")
    elif kind == "splice":
        other_name, other = draw(st.sampled_from(seeds()))
        data = data[: draw(st.integers(0, len(data)))] + other[draw(st.integers(0, len(other))) :]
    else:
        at = draw(st.integers(0, len(data)))
        insert = draw(
            st.sampled_from(
                [
                    b" " * 5000,
                    b"\x00" * 300,
                    "\u202e\u200f".encode() * 100,
                    b"<div>" * 2000,
                    b"\xf0\x9f\x98",
                    b"\r" * 500,
                    "\u0085".encode() * 50,
                    b"<button>",
                    b"<embed src=x>",
                    b"<!-- ",
                    b"*" * 999,
                ]
            )
        )
        data = data[:at] + insert + data[at:]
    return name, data


@DEFAULT
@given(mutated())
def test_mutated_scrapes_give_a_valid_book_with_every_word_or_a_clean_error(case):
    _check(*case)


@DEFAULT
@given(st.binary(max_size=4000), st.sampled_from(["story.txt", "page.html", "chapter.md"]))
def test_any_bytes(data, name):
    _check(name, data)


@DEFAULT
@given(st.text(max_size=4000), st.sampled_from(["story.txt", "page.html", "chapter.md"]))
def test_any_text(text, name):
    _check(name, text.encode("utf-8"))


@DEFAULT
@given(
    st.lists(
        st.sampled_from(
            [
                "<p>",
                "</p>",
                "<div>",
                "</div>",
                "<em>",
                "</em>",
                "<hr>",
                "<br>",
                "<button>",
                "<h2>",
                "</h2>",
                "<table><tr><td>",
                "<ul><li>",
                "<blockquote>",
                "<!-- c -->",
                "<script>x()</script>",
                "<p hidden>",
                "word",
                "Chapter 2",
                "&amp;",
                "\u00e9",
                " ",
            ]
        ),
        max_size=200,
    )
)
def test_tag_soup(pieces):
    _check("page.html", ("<html><body>" + "".join(pieces) + "</body></html>").encode())


def _gutenberg(name: str) -> bytes:
    return (PROJECT_CORPUS / "gutenberg" / name).read_bytes()[:120_000]


def _carol_flipped() -> bytes:
    """The printed title page's ``A Ghost Story`` with its space flipped to a NUL (the PG header's
    subtitle ``A Ghost Story of Christmas`` no longer matches it)."""
    data = (CORPUS / "gutenberg" / "christmas-carol-latin1-pgheader.txt").read_bytes()[:120_000]
    return data.replace(b"BEING\nA Ghost", b"BEING\nA\x00Ghost", 1)


def _entre_nous_twice() -> bytes:
    """*Entre nous* spliced onto itself: its song's verse numbers (``1.``) stand alone four times."""
    return _gutenberg("entre-nous-fr-utf8-bom.txt") * 2


def _collusion_then_entre_nous() -> bytes:
    """A markdown chapter's front matter and first paragraph (``chapter_title: No Rest for the Wicked``) spliced onto
    *Entre nous* from its word lists' section ``I.``: the first heading's ``I`` is not the chapter title."""
    data = _gutenberg("entre-nous-fr-utf8-bom.txt")
    at = data.index(b"\r\nI.\r\n", data.index(b"ENTRE NOUS, I."))  # its word lists' sections (CRLF)
    chapter = (PROJECT_CORPUS / "fic-archive-11ty" / "collusion-ch1-no-rest-for-the-wicked.md").read_bytes()
    opening = chapter.index(b"\n\n", chapter.index(b"\n---", 4) + 5)  # the front matter, one paragraph
    return chapter[:opening] + data[at:]


def _collusion_then_the_example() -> bytes:
    """The markdown chapter cut inside its first sentence (``Another day, a``), the bundled Wattpad-shaped
    example after it: the example's part title (glued to ``a``) is moved, but the front matter has
    the chapter's title."""
    chapter = (PROJECT_CORPUS / "fic-archive-11ty" / "collusion-ch1-no-rest-for-the-wicked.md").read_bytes()
    return chapter[: chapter.index(b"Another day, a") + len(b"Another day, a")] + SAMPLE.read_bytes()


def _pandoc_title_page_then_candide() -> bytes:
    """A pandoc fic's opening through its ``**By ACI100**`` line, then *Candide* (French): the
    information page writes the byline in French (``par ACI100``)."""
    fic = (CORPUS / "fanfiction-markdown" / "aci100-fabric-of-fate-pandoc-TRUNCATED.md").read_bytes()
    candide = _gutenberg("candide-fr-latin1-crlf.txt")
    at = fic.index(b"**By ACI100**\n\n") + len(b"**By ACI100**\n\n")
    return fic[:at] + candide[candide.index(b"y Carlo Traverso") :]


def _connor_with_an_open_button() -> bytes:
    """An unclosed ``<button>`` inside the first word (``T<button>itle: Saving Connor``) of a storytext
    dump saved as text: the widget swallows the story, which is read as a block of its own."""
    connor = (CORPUS / "fanfiction.net" / "saving-connor-storytext-concat.txt").read_bytes()[:120_000]
    return connor[:1] + b"<button>" + connor[1:]


def _efiction_cut_then_a_page() -> bytes:
    """An eFiction chapter page cut after its first letter (``"W``), the fic site's page after it: the
    page's ``<title>`` lands in the body, next to the ``W``."""
    chapter = (
        PROJECT_CORPUS / "efiction-the-archive" / "brown-betty-snuggle-inertia-kon-dox-printable-chapter-2011.html"
    )
    data = chapter.read_bytes()
    page = (PROJECT_CORPUS / "intimations" / "astolat-stardust-idol-rpf-2009.html").read_bytes()
    return data[: data.index(b'"W') + 2] + page


def _fable_with_a_bracketed_host() -> bytes:
    """A link whose address has a bracketed host that is no address (``//['gtag']/``, as a splice into a
    script leaves): the standard library refuses to read it."""
    page = (PROJECT_CORPUS / "hukumusume" / "yokubari-na-inu-aesop-ja.html").read_bytes()
    return page.replace(b"<body", b"<a href=\"//['gtag_enable_tcf_support']/\">x</a><body", 1)


def _front_matter_list_under_an_unknown_key() -> bytes:
    """Front matter whose ``characters`` key lost its first letter to a NUL: a list under a key no
    field knows, its second item (``\\x00mi``) named nowhere else."""
    page = (PROJECT_CORPUS / "fic-archive-11ty" / "if-he-had-a-hundred-years.html").read_bytes()
    return page.replace(b"characters: [Wyll Ravengard, Umi", b"\x00haracters: [Wyll Ravengard, \x00mi", 1)


def _efiction_story(name: str) -> bytes:
    return (PROJECT_CORPUS / "efiction-the-archive" / name).read_bytes()


def _story_title_then_its_chapter() -> bytes:
    """The eFiction story page cut after its heading (``non-con snuggle challenge by Brown Betty``),
    its chapter's page after it from the second byte: the chapter's ``story: chapter`` title line says
    more than the story's title, and the more is the book's subtitle."""
    story = _efiction_story("brown-betty-non-con-snuggle-challenge-printable-story-2011.html")
    chapter = _efiction_story("brown-betty-snuggle-inertia-kon-dox-printable-chapter-2011.html")
    return story[:289] + chapter[1:]


def _story_title_then_a_french_page() -> bytes:
    """The eFiction story page through ``This story archived at``, the fanfictions.fr page after it:
    the book is French, so its title page writes ``par``, not the heading's ``by``."""
    story = _efiction_story("brown-betty-non-con-snuggle-challenge-printable-story-2011.html")
    page = (PROJECT_CORPUS / "fanfictions.fr" / "brasier-annee-zero-ch1-fullpage-fr.html").read_bytes()
    return story[:386] + page[3127:]


def _entity_with_a_nul() -> bytes:
    """A NUL in the Yuletide page's ``last&#45;minute``: the reader drops it, and ``&#5;`` is a control
    character that parts no words (the book reads ``lastminute``, as a browser shows it)."""
    page = (PROJECT_CORPUS / "yuletide" / "astolat-commonplaces-holmes-2008.html").read_bytes()
    return page.replace(b"last&#45;minute", b"last&#\x005;minute", 1)


def _workskin_head_then_a_chapter_page() -> bytes:
    """The AO3 work-skin download's first 150 bytes, the AO3 chapter page from byte 401 on: the page's
    title heading arrives when the title is taken, so it has no room and stays in the story."""
    head = (PROJECT_CORPUS / "ao3" / "ao3-lion-and-stag-workskin-8ch.html").read_bytes()[:150]
    return head + (CORPUS / "ao3" / "ao3-end-notes-chapter-page.html").read_bytes()[401:]


#: What the long runs found, rebuilt from the real files they came from (docs/reliability.md).
FOUND = [
    pytest.param(
        "christmas-carol-latin1-pgheader.txt",
        _carol_flipped,
        id="a title page unlike the header's subtitle",
        marks=pytest.mark.corpus,
    ),
    pytest.param("entre-nous-fr-utf8-bom.txt", _entre_nous_twice, id="verse numbers repeated are no scene break"),
    pytest.param("collusion-ch1-no-rest-for-the-wicked.md", _collusion_then_entre_nous, id="a one-letter heading"),
    pytest.param(
        "collusion-ch1-no-rest-for-the-wicked.md",
        _collusion_then_the_example,
        id="a part title the front matter replaces",
    ),
    pytest.param(
        "saving-connor-storytext-concat.txt", _connor_with_an_open_button, id="an open button", marks=pytest.mark.corpus
    ),
    pytest.param(
        "brown-betty-snuggle-inertia-kon-dox-printable-chapter-2011.html",
        _efiction_cut_then_a_page,
        id="a page's title in the body",
    ),
    pytest.param("yokubari-na-inu-aesop-ja.html", _fable_with_a_bracketed_host, id="a bracketed host"),
    pytest.param(
        "if-he-had-a-hundred-years.html", _front_matter_list_under_an_unknown_key, id="a list under an unknown key"
    ),
    pytest.param(
        "brown-betty-non-con-snuggle-challenge-printable-story-2011.html",
        _story_title_then_its_chapter,
        id="a title line that says more",
    ),
    pytest.param(
        "brown-betty-non-con-snuggle-challenge-printable-story-2011.html",
        _story_title_then_a_french_page,
        id="a heading's by in a French book",
    ),
    pytest.param("astolat-commonplaces-holmes-2008.html", _entity_with_a_nul, id="a control character's entity"),
    pytest.param(
        "ao3-lion-and-stag-workskin-8ch.html",
        _workskin_head_then_a_chapter_page,
        id="a title with no room",
        marks=pytest.mark.corpus,
    ),
    pytest.param(
        "aci100-fabric-of-fate-pandoc-TRUNCATED.md",
        _pandoc_title_page_then_candide,
        id="a Markdown byline in a French book",
        marks=pytest.mark.corpus,
    ),
]


@pytest.mark.parametrize("name, make", FOUND)
def test_what_the_long_run_found_keeps_every_word(name, make):
    data = make()
    options = Options(source_name=name, make_cover=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = convert(data, options)
    assert missing_words(data, result, options) == []


@pytest.mark.slow
@LONG_RUN
@given(mutated())
def test_mutated_scrapes_long_run(case):
    _check(*case)


@pytest.mark.slow
@LONG_RUN
@given(st.binary(max_size=20_000), st.sampled_from(["story.txt", "page.html", "chapter.md"]))
def test_any_bytes_long_run(data, name):
    _check(name, data)


@pytest.mark.slow
@LONG_RUN
@given(st.text(max_size=20_000), st.sampled_from(["story.txt", "page.html", "chapter.md"]))
def test_any_text_long_run(text, name):
    _check(name, text.encode("utf-8"))


@pytest.mark.slow
@LONG_RUN
@given(mutated())
def test_mutated_scrapes_long_run_second_seed(case):
    _check(*case)


@pytest.mark.epubcheck
@settings(max_examples=6, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_a_sample_of_mutated_books_passes_epubcheck(case):
    epub = _check(*case)
    assume(epub is not None)
    assert epubcheck_messages(epub) == []


@pytest.mark.parametrize(
    "rule, excused",
    [("structure.title_line", True), ("structure.title_page", True), ("sites.field", False), ("generic.x", False)],
)
def test_verify_excuses_a_title_and_name_s_by_only_where_the_title_step_moved_it(rule, excused):
    """``non-con snuggle challenge by Brown Betty`` moved by the title step gives a title and an author;
    its ``by`` need not be in the book. A ``by`` in a line any other rule moved (a summary: ``Left by
    the sea``) is a story word the book must keep: verify must still see it lost."""
    text = "\n\n".join(SAMPLE.read_text(encoding="utf-8").split("\n\n")[:1]) + "\n"
    data = ("\n".join(w for w in text.split("\n") if " by " not in f" {w.lower()} ") + "\n").encode()
    options = Options(source_name="story.txt", make_cover=False)
    result = convert(data, options)
    assert "by" not in missing_words(data, result, options)
    result.removed.add(rule, "Left by the river", moved="summary")
    missing = missing_words(data, result, options)
    assert ("by" in missing) is not excused, missing
