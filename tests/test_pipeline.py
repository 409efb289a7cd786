"""The pipeline's contracts: both readers end in one Draft and one book-level step, stages do not
change their inputs, options are checked once, and a rule means the same on text and on HTML."""

from __future__ import annotations

import copy

import pytest
from typer.testing import CliRunner

from fic2epub import Options, convert, html_input, sites, structure, typography
from fic2epub.cli import app
from fic2epub.errors import UsageError
from fic2epub.language import settle_language
from fic2epub.model import Draft, Metadata, Paragraph, Part, Removed, SiteDetection
from fic2epub.options import validate
from fic2epub.sites.engine import apply_to_paragraphs, apply_to_text
from fic2epub.sites.schema import Rule

from conftest import SAMPLE, EpubView

runner = CliRunner()


def _sample_draft() -> Draft:
    text = SAMPLE.read_text("utf-8")
    draft, left = sites.strip_text(text)
    return structure.read_parts(draft, left, Options(source_name=SAMPLE.name))


# --- stages do not change their inputs ---------------------------------------------------------


def test_finish_leaves_the_draft_as_it_was():
    draft = _sample_draft()
    before = copy.deepcopy((draft.metadata, draft.parts, draft.removed, draft.part_title))
    book, removed = structure.finish(draft, Options(title="Another Title", tags=("x",)))
    assert (draft.metadata, draft.parts, draft.removed, draft.part_title) == before
    assert book.metadata.title == "Another Title" and book.metadata is not draft.metadata
    assert len(removed.items) >= len(draft.removed.items)


def test_language_typography_and_package_leave_the_book_as_it_was():
    from fic2epub import package, render

    book, _ = structure.finish(_sample_draft(), Options())
    before = copy.deepcopy(book)
    settled, _, _ = settle_language(book, from_option=False)
    assert book == before and settled.metadata.language == "en"
    typeset = typography.smarten_book(settled, "en")
    assert settled.metadata.language == "en" and typeset is not settled
    unnamed = copy.deepcopy(typeset)
    unnamed.metadata.identifier = None
    package.package(unnamed, render.render_book(unnamed))
    assert unnamed.metadata.identifier is None


# --- one back half ------------------------------------------------------------------------------


def test_both_readers_give_a_draft_and_the_same_book_level_decisions():
    text = SAMPLE.read_text("utf-8")
    page = "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
    from_text, _ = structure.finish(_sample_draft(), Options(source_name="a-story.txt"))
    draft = html_input.read_page(page, Options(source_name="a-story.html", site="wattpad"))
    assert isinstance(draft, Draft) and draft.source == "html"
    from_html, _ = structure.finish(draft, Options(source_name="a-story.html", site="wattpad"))
    assert from_html.metadata.title == from_text.metadata.title
    assert from_html.metadata.site == from_text.metadata.site == "Wattpad"
    assert [c.title for c in from_html.chapters] == [c.title for c in from_text.chapters]


def test_a_page_whose_profile_lifts_only_a_story_id_gets_its_source_url():
    page = (
        "<html><head><title>Ch 1 - All my Chapters got Deleted! | Scribble Hub</title></head><body>"
        "<div class='chp_byauthor'><a href='https://www.scribblehub.com/series/188780/x/'>The Story</a></div>"
        "<div id='chp_raw'><p>" + "The story begins here and goes on. " * 20 + "</p></div></body></html>"
    )
    result = convert(page.encode(), Options(source_name="page.html", make_cover=False))
    assert result.site == "scribblehub"
    assert EpubView(result.epub).metadata("source") == ["https://www.scribblehub.com/series/188780/"]


# --- one rule engine ------------------------------------------------------------------------------

RULES = (
    Rule("t.edge", r"^Read more at Example$", where="edges", window=1, why="test"),
    Rule("t.keep", r"^(?P<head>Chapter \d+)(?: - Example Site)$", keep=("head",), why="test"),
    Rule("t.capture", r"^Written by (?P<who>\w+)$", capture={"who": "authors"}, where="start", why="test"),
)
LINES = [
    "Written by Ann",
    "Chapter 1 - Example Site",
    "Read more at Example",
    "It rained.",
    "The end.",
    "Read more at Example",
]


def test_a_rule_means_the_same_on_text_lines_and_on_page_paragraphs():
    text_meta, page_meta = Metadata(), Metadata()
    left, text_removed, _ = apply_to_text("\n\n".join(LINES), RULES, lambda t, v: text_meta.authors.append(v))
    kept, page_removed = apply_to_paragraphs(
        [Paragraph(line) for line in LINES], RULES, lambda t, v: page_meta.authors.append(v)
    )
    text_left = [line for line in left.split("\n\n") if line.strip()]
    page_left = [p.text for p in kept if p is not None]
    # "edges" acts only near the start or end (the first "Read more" is the third line: it stays, the
    # last line goes);
    # "keep" keeps the heading; "capture" reads the author (and the line goes)
    assert text_left == page_left == ["Chapter 1", "Read more at Example", "It rained.", "The end."]
    assert text_meta.authors == page_meta.authors == ["Ann"]
    # a captured value is moved into the metadata, the rest of its line removed as chrome
    records = [[(r.rule, r.text.strip(), r.moved) for r in removed] for removed in (text_removed, page_removed)]
    assert (
        records[0]
        == records[1]
        == [
            ("t.capture", "Written by", None),
            ("t.capture", "Ann", "authors"),
            ("t.keep", "- Example Site", None),
            ("t.edge", "Read more at Example", None),
        ]
    )


# --- options are checked once ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "field, value",
    [
        ("paragraphs", "double"),
        ("chapter_regex", "("),
        ("chapter_title_format", "{chapter}"),
        ("encoding", "no-such-codec"),
        ("encoding", "base64"),
        ("site", "nowhere"),
        ("language", "klingon!"),
    ],
)
def test_bad_option_values_are_usage_errors_naming_the_field(field, value):
    with pytest.raises(UsageError) as err:
        validate(Options(**{field: value}))
    assert err.value.option == field and "--" not in str(err.value)


@pytest.mark.parametrize(
    "args, flag",
    [
        (["--chapter-regex", "("], "--chapter-regex"),
        (["--site", "nowhere"], "--site"),
        (["--encoding", "nope"], "--encoding"),
    ],
)
def test_a_bad_option_is_one_line_and_exit_8_before_any_input_is_read(tmp_path, args, flag):
    missing = [str(tmp_path / f"missing-{n}.txt") for n in range(3)]
    result = runner.invoke(app, ["convert", *missing, *args])
    assert result.exit_code == 8
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"fic2epub: {flag}") and "missing-" not in lines[0]


def test_draft_parts_keep_their_origin():
    draft = _sample_draft()
    first = next(b for p in draft.parts for b in p.blocks if isinstance(b, Paragraph))
    assert first.origin is not None and first.origin.line and first.origin.line >= 1
    lines = SAMPLE.read_text("utf-8").split("\n")
    assert first.text.split()[0] in lines[first.origin.line - 1]
    page = html_input.read_page("<div id='story'><p>One.</p><p>Two.</p></div>", Options(source_name="p.html"))
    assert [b.origin.path for b in page.parts[0].blocks] == ["div#story > p", "div#story > p"]


def test_removed_is_a_copy_made_by_finish():
    draft = Draft(
        Metadata(),
        [Part(None, [Paragraph("Just one line of story.")])],
        Removed(),
        SiteDetection(sites.generic(), 0.0),
        "html",
    )
    book, removed = structure.finish(draft, Options(notes=False))
    assert removed is not draft.removed and book.chapters[0].blocks == [Paragraph("Just one line of story.")]
