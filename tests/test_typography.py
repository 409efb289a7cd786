"""The typography stage: the case table, properties of the rules, and a scan of the corpus."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from fic2epub import Options
from fic2epub.model import AuthorNote, Book, Chapter, Heading, Mark, Metadata, Paragraph, iter_paragraphs
from fic2epub.typography import Settings, smarten_book, smarten_text, style_for

from conftest import corpus_files
from converted_corpus import converted_corpus

CASES_FILE = Path(__file__).with_name("typography_cases.txt")
TOKENS = {"{nbsp}": "\u00a0", "{nnbsp}": "\u202f", "{tab}": "\t"}


@dataclass
class Case:
    title: str
    language: str
    narrow: bool
    source: str
    expected: str
    line: int


def _decode(lines: list[str]) -> str:
    text = "\n".join(lines)
    for token, char in TOKENS.items():
        text = text.replace(token, char)
    return text


def load_cases(path: Path = CASES_FILE) -> list[Case]:
    """Parse the mdformat-style fixture: title, '.', input, '.', expected, '.'."""
    cases: list[Case] = []
    lines = path.read_text(encoding="utf-8").split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip() or line.startswith("#"):
            i += 1
            continue
        title, start = line, i + 1
        assert lines[i + 1] == ".", f"line {i + 2}: a case title must be followed by '.'"
        sections: list[list[str]] = [[], []]
        i += 2
        for section in sections:
            while lines[i] != ".":
                section.append(lines[i])
                i += 1
            i += 1
        found = re.search(r"\s\[([^\]]+)\]$", title)
        words = found.group(1).split() if found else ["en"]
        cases.append(Case(title, words[0], "narrow" in words[1:], _decode(sections[0]), _decode(sections[1]), start))
    return cases


CASES = load_cases()


def _book(paragraphs: list[str]) -> Book:
    return Book(Metadata(), [Chapter(None, [Paragraph(p) for p in paragraphs])])


def _run_case(case: Case) -> str:
    options = Options(french_space="\u202f" if case.narrow else "\u00a0")
    book = smarten_book(_book(case.source.split("\n\n")), case.language, options)
    return "\n\n".join(p.text for p in book.chapters[0].blocks)


@pytest.mark.parametrize("case", CASES, ids=[f"{c.line}:{c.title[:60]}" for c in CASES])
def test_case_table(case):
    assert _run_case(case) == case.expected


def test_case_table_is_large_and_covers_the_example():
    assert len(CASES) >= 150
    example = [c for c in CASES if c.title.startswith("example:")]
    # every row of the example story's typography table in corpus/README.md
    assert {c.source for c in example} >= {
        'neither should you-""She\'s your girlfriend\'s mother," He spat',
        '"What? No-" Derek threw up his hands',
        '"I-" "You don\'t need to say anything Stiles,"',
        '"What?" "You heard me."',
        "the one person I want - I can't have.",
        'mother," He spat',
    }
    assert len({c.title for c in CASES}) == len(CASES), "case titles are unique"


def test_cases_are_stable():
    """Every expected output is already set: typesetting it again changes nothing."""
    for case in CASES:
        again = smarten_book(
            _book(case.expected.split("\n\n")),
            case.language,
            Options(french_space="\u202f" if case.narrow else "\u00a0"),
        )
        assert "\n\n".join(p.text for p in again.chapters[0].blocks) == case.expected, case.title


def test_smarten_book_keeps_the_input_and_sets_titles_and_headings():
    note = AuthorNote([Paragraph("Thanks for reading...")], label="Author's Note")
    book = Book(Metadata(), [Chapter('Stiles\' "Goodbye"', [Heading("It's over..."), Paragraph('"Hi."'), note])])
    out = smarten_book(book, "en", None)
    assert out.chapters[0].title == "Stiles’ “Goodbye”"
    assert out.chapters[0].blocks[0].text == "It’s over…"
    assert out.chapters[0].blocks[1].text == "“Hi.”"
    assert (out.chapters[0].blocks[2].label, out.chapters[0].blocks[2].paragraphs[0].text) == (
        "Author’s Note",
        "Thanks for reading…",
    )
    assert book.chapters[0].blocks[1].text == '"Hi."'


def test_marks_follow_the_text():
    # *Money* in italics, then a glued pair: the inserted space and the em dash move the mark.
    text = 'you-""Money," he said'
    start = text.index("Money")
    out, marks = smarten_text(text, [Mark(start, start + 5, "i")])
    assert out == "you—” “Money,” he said"
    assert [out[m.start : m.end] for m in marks] == ["Money"]


def test_code_marks_are_left_alone():
    text = 'Type \'rm -- "x"\' and "go".'
    start, end = text.index("'rm"), text.index("' and") + 1
    out, marks = smarten_text(text, [Mark(start, end, "code")])
    assert out == "Type 'rm -- \"x\"' and “go”."
    assert out[marks[0].start : marks[0].end] == "'rm -- \"x\"'"


def test_unknown_and_regional_tags_pick_a_style():
    assert style_for(None) == style_for("en") == style_for("xx") == style_for("en-GB")
    assert style_for("pt-BR") == style_for("pt")
    assert style_for("de-CH").double == ("«", "»")
    assert style_for("fr_CA").french_spacing


# ---------------------------------------------------------------------------------------------
# Properties

ALPHABET = st.sampled_from(list("abcXYZ019 \"'-.–—!?,;:()\n…“”‘’") + [" ", "  ", "--", "...", '""', "'s", "n't"])
PROPERTY_SETTINGS = dict(max_examples=300, deadline=None)


def _letters_digits(text: str) -> list[str]:
    return [c for c in text if c.isalnum()]


def _spaces(text: str) -> int:
    return sum(c.isspace() for c in text)


@settings(**PROPERTY_SETTINGS)
@given(st.lists(ALPHABET, max_size=40).map("".join), st.sampled_from(["en", "fr", "de", "es", "ru", "zh"]))
def test_only_punctuation_and_spacing_change(text, language):
    out, _ = smarten_text(text, None, Settings(style_for(language)))
    assert _letters_digits(out) == _letters_digits(text)


@settings(**PROPERTY_SETTINGS)
@given(st.lists(ALPHABET, max_size=40).map("".join))
def test_the_only_added_space_is_between_glued_quotes(text):
    out, _ = smarten_text(text)
    assert _spaces(out.replace("” “", "””")) <= _spaces(text)


@settings(**PROPERTY_SETTINGS)
@given(st.lists(ALPHABET, max_size=40).map("".join), st.sampled_from(["en", "fr", "de", "es", "ru"]))
@example('a " --', "en")  # found by this test: the space after the quote went, then ``“--`` read as a dash
def test_idempotent(text, language):
    s = Settings(style_for(language))
    once, _ = smarten_text(text, None, s)
    assert smarten_text(once, None, s)[0] == once


# A dialogue paragraph as people type it: utterances, tags, glued quotes, stray spaces, dashes.
WORDS = st.sampled_from(["I", "you", "don't", "Stiles'", "Derek's", "no", "what", "5", "'em", "rock", "well-known"])
ENDS = st.sampled_from(["", ".", ",", "?", "!", "?!", "...", "-", "--"])
TAGS = st.sampled_from(["he said", "He spat", "Derek threw up his hands", "she whispered"])


@st.composite
def dialogue(draw):
    count = draw(st.integers(1, 4))
    continues = draw(st.booleans())  # a speech going on in the next paragraph: the last quote stays open
    parts = []
    for n in range(count):
        words = " ".join(draw(st.lists(WORDS, min_size=1, max_size=4)))
        inner_left, inner_right = draw(st.sampled_from([("", ""), ("", ""), (" ", " "), (" ", "")]))
        if continues and n == count - 1:
            parts.append('"' + inner_left + words + draw(ENDS))
            break
        parts.append('"' + inner_left + words + draw(ENDS) + inner_right + '"')
        joint = draw(st.sampled_from(["glued", "space", "tag"]))
        if joint == "space":
            parts.append(" ")
        elif joint == "tag":
            parts.append(" " + draw(TAGS) + draw(st.sampled_from([". ", ", "])))
    return "".join(parts).strip(), continues


@settings(**PROPERTY_SETTINGS)
@given(dialogue())
def test_quotes_pair_up_within_a_paragraph(generated):
    text, continues = generated
    out, _ = smarten_text(text)
    quotes = "".join(c for c in out if c in "“”")
    expected = "“”" * (quotes.count("“")) if not continues else "“”" * (quotes.count("“") - 1) + "“"
    assert quotes == expected, out
    assert '"' not in out
    assert not re.search(r"“\s|\s”", out), out


@pytest.mark.slow
@settings(max_examples=5000, deadline=None)
@given(st.lists(ALPHABET, max_size=80).map("".join), st.sampled_from(["en", "fr", "de", "es", "ru", "zh"]))
def test_properties_long_run(text, language):
    s = Settings(style_for(language))
    once, _ = smarten_text(text, None, s)
    assert _letters_digits(once) == _letters_digits(text)
    assert smarten_text(once, None, s)[0] == once


# ---------------------------------------------------------------------------------------------
# The corpus: every English book, converted, has no straight or stranded double quote left

#: Straight quotes the case table says stay: ditto marks in a column-aligned schedule.
DOCUMENTED = {"great-gatsby-cp1252-roman-headings.txt": ["7:15-8:15"]}
#: Markup that other stages have yet to turn into text: a scan of such a book says nothing.
UNFINISHED = re.compile(r"</?(?:p|strong|em|hr)\b|&(?:apos|quot);|\\[\"']")


@pytest.fixture(scope="module")
def english_books():
    return {
        name: result.book
        for name, result in converted_corpus().items()
        if (result.book.metadata.language or "en").startswith("en")
    }


def _story_texts(book: Book):
    for chapter in book.chapters:
        if chapter.title:
            yield chapter.title
        for block in chapter.blocks:
            if isinstance(block, Heading):
                yield block.text
            elif isinstance(block, AuthorNote):
                yield block.label
        for par in iter_paragraphs(chapter.blocks):
            yield par.text


ENGLISH = [p.name for p in corpus_files() if not any(k in p.name for k in ("crise-naruto", "1qxs"))]


@pytest.mark.parametrize("name", ENGLISH)
def test_corpus_book_has_no_straight_or_stranded_quotes(english_books, name):
    assert name in english_books, f"{name} was not recognised as English"
    texts = list(_story_texts(english_books[name]))
    leaking = [t for t in texts if UNFINISHED.search(t)]
    if leaking:
        pytest.skip(f"markup not yet converted by another stage, e.g. {leaking[0][:80]!r}")
    exempt = DOCUMENTED.get(name, [])
    problems = [t[:160] for t in texts if not any(e in t for e in exempt) and ('"' in t or re.search(r"“\s|\s”", t))]
    assert problems == []


def test_cli_narrow_french_space(tmp_path):
    """--narrow-french-space reaches the book: French punctuation takes U+202F."""
    from typer.testing import CliRunner

    from fic2epub.cli import app

    from conftest import EpubView

    story = tmp_path / "histoire.txt"
    story.write_text(
        'Chapitre un\n\n"Tu viens?" demanda-t-il. Il ne savait pas où était la clé de la maison.\n', encoding="utf-8"
    )
    out = tmp_path / "histoire.epub"
    result = CliRunner().invoke(
        app, ["convert", str(story), "-o", str(out), "--language", "fr", "--narrow-french-space", "--no-cover", "-q"]
    )
    assert result.exit_code == 0, result.output
    assert "«\u202fTu viens\u202f?\u202f»" in EpubView(out.read_bytes()).text()
