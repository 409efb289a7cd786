"""The structure stage on its own: heading, scene-break and note tables, paragraph modes, emphasis,
titles, and the word-order property. Table cases live in tests/structure_cases/*.txt."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fic2epub import convert, structure
from fic2epub.errors import InputError, UsageError
from fic2epub.model import AuthorNote, Heading, Mark, Metadata, Paragraph, Removed, SceneBreak, book_text
from fic2epub.options import Options, validate
from fic2epub.structure.emphasis import parse_emphasis
from fic2epub.structure.front import from_file_name

from conftest import CORPUS, NO_CORPUS, have_corpus

CASES = Path(__file__).parent / "structure_cases"

PROSE = [
    "Stiles sat impatiently in the loft, a scowl on his face as he watched Derek move slowly around the room.",
    "Derek rolled his eyes and turned his back to Stiles, who was growing more irritated by the second.",
    "There was a deafening silence between the two, Stiles not sure what he was thinking.",
    "Still, nothing. No response at all.",
]


def _rows(name: str) -> list[list[str]]:
    rows = []
    for line in (CASES / name).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


def build(text: str, **options) -> tuple:
    return structure.build_book(text, validate(Options(**options)))


def titles(text: str, **options) -> list[str | None]:
    return [c.title for c in build(text, **options)[0].chapters]


def _bump(line: str) -> str:
    """The same heading style, numbered one higher (Chapter 1 -> Chapter 2, I -> II, One -> Two)."""
    swaps = [
        (r"\b1\b", "2"),
        (r"\b3\b", "4"),
        (r"\bXII\b", "XIII"),
        (r"\bI\b", "II"),
        (r"\bOne\b", "Two"),
        (r"Twenty-One", "Twenty-Two"),
        (r"\bTwo\b", "Three"),
        (r"一", "二"),
        (r"十二", "十三"),
        (r"\b2\b", "3"),
        (r"\b4\b", "5"),
        (r"\b5\b", "6"),
        (r"\b7\b", "8"),
        (r"^Un", "Deux"),
    ]
    for pattern, repl in swaps:
        new, n = re.subn(pattern, repl, line, count=1)
        if n:
            return new
    return line


# --- headings --------------------------------------------------------------------------------


@pytest.mark.parametrize("expected,line,style", _rows("headings.txt"), ids=lambda v: v if isinstance(v, str) else None)
def test_heading_table(expected, line, style):
    second = _bump(line)
    text = "\n\n".join([PROSE[0], line, PROSE[1], PROSE[2], second, PROSE[3]])
    got = titles(text)
    if expected == "yes":
        assert len(got) == 3, got
        assert got[1] == re.sub(r"\s+", " ", line.replace("*", "").replace("_", "").lstrip("# ")).strip()
    else:
        assert len(got) == 1, got


@pytest.mark.parametrize("expected,lines", [(r[0], r[1]) for r in _rows("sequence.txt")])
def test_sequence_styles(expected, lines):
    heads = [h.strip() for h in lines.split("|")]
    parts = []
    for i, head in enumerate(heads):
        parts += [head, PROSE[i % 4], PROSE[(i + 1) % 4]]
    text = "\n\n\n".join(parts)
    got = titles(text)
    if expected == "yes":
        assert got == heads
    else:
        assert len(got) == 1 and all(h in book_text(build(text)[0]) for h in heads)


def test_heading_inside_paragraph_is_text():
    text = "Chapter 1\n\nShe said that Chapter 2 was\nthe best part of the book.\n\nChapter 2\n\nEnd."
    assert titles(text) == ["Chapter 1", "Chapter 2"]


def test_two_line_heading_takes_the_title_line():
    text = "CHAPTER I.\nDown the Rabbit-Hole\n\n\n" + PROSE[0] + "\n\nCHAPTER II.\nThe Pool of Tears\n\n" + PROSE[1]
    assert titles(text) == ["CHAPTER I. Down the Rabbit-Hole", "CHAPTER II. The Pool of Tears"]
    text = "Chapter 1\nThe Start\n\n" + PROSE[0] + "\n\nChapter 2\nThe End\n\n" + PROSE[1]
    assert titles(text) == ["Chapter 1: The Start", "Chapter 2: The End"]


def test_title_line_after_a_blank_line_only_when_every_heading_has_one():
    text = "\n\n".join(["CHAPTER 1", "THE ROAD", PROSE[0], "CHAPTER 2", "THE RIVER", PROSE[1]])
    assert titles(text) == ["CHAPTER 1: THE ROAD", "CHAPTER 2: THE RIVER"]
    text = "\n\n".join(["Chapter 1", "Derek", PROSE[0], "Chapter 2", PROSE[1]])
    book, _ = build(text)
    assert [c.title for c in book.chapters] == ["Chapter 1", "Chapter 2"] and book.chapters[0].blocks[0].text == "Derek"


def test_heading_framed_by_rules_leaves_no_break():
    text = "=====\nChapter 1\n=====\n\n" + PROSE[0] + "\n\n-----\nChapter 2\n-----\n\n" + PROSE[1]
    book, _ = build(text)
    assert [c.title for c in book.chapters] == ["Chapter 1", "Chapter 2"]
    assert not any(isinstance(b, SceneBreak) for c in book.chapters for b in c.blocks)


def test_dash_lines_and_bare_number_between_scenes_are_not_headings():
    text = "\n\n".join([PROSE[0], "-----", PROSE[1], "1", PROSE[2]])
    book, _ = build(text)
    assert len(book.chapters) == 1
    assert sum(isinstance(b, SceneBreak) for b in book.chapters[0].blocks) == 1
    assert "1" in [b.text for b in book.chapters[0].blocks if isinstance(b, Paragraph)]


def test_caps_lines_need_repetition_and_wide_gaps():
    caps = "\n\n\n".join(["THE ROAD", PROSE[0], "THE RIVER", PROSE[1], "THE SEA", PROSE[2]])
    assert titles(caps) == ["THE ROAD", "THE RIVER", "THE SEA"]
    shouting = "\n\n".join([PROSE[0], "NO", PROSE[1], "STOP IT", PROSE[2], "GET OUT", PROSE[3]])
    assert len(titles(shouting)) == 1
    # capitals beside real chapter headings stay text (Alice's "THE END")
    assert titles(
        "\n\n\n".join(
            ["Chapter 1", PROSE[0], "THE END", "Chapter 2", PROSE[1], "AND MORE", "Chapter 3", PROSE[2], "THE END"]
        )
    ) == ["Chapter 1", "Chapter 2", "Chapter 3"]


def test_written_table_of_contents_is_not_empty_chapters():
    toc = "Contents\n\n CHAPTER I.     Down the Rabbit-Hole\n CHAPTER II.    The Pool of Tears\n\n\n\n"
    body = "CHAPTER I.\nDown the Rabbit-Hole\n\n" + PROSE[0] + "\n\nCHAPTER II.\nThe Pool of Tears\n\n" + PROSE[1]
    book, removed = build(toc + body)
    assert [c.title for c in book.chapters] == ["CHAPTER I. Down the Rabbit-Hole", "CHAPTER II. The Pool of Tears"]
    assert [r.rule for r in removed.items] == ["structure.contents", "structure.contents"]
    roman = "Table of Contents\n\nI\nII\n\n\n" + "\n\n".join(["I", PROSE[0], "II", PROSE[1]])
    assert titles(roman) == ["I", "II"]


def test_markdown_levels_part_pages_and_inner_headings():
    text = "# My Book\n\n## One\n\n" + PROSE[0] + "\n\n### Aside\n\n" + PROSE[1] + "\n\n## Two\n\n" + PROSE[2]
    book, removed = build(text)
    assert [c.title for c in book.chapters] == ["One", "Two"]
    assert book.metadata.title == "My Book"
    assert isinstance(book.chapters[0].blocks[1], Heading) and book.chapters[0].blocks[1].text == "Aside"
    parts = "\n\n".join(["Part 1", "Chapter 1", PROSE[0], "Chapter 2", PROSE[1]])
    assert titles(parts) == ["Part 1", "Chapter 1", "Chapter 2"]


def test_author_note_chapter_only_beside_other_chapters():
    assert titles("\n\n".join(["Chapter 1", PROSE[0], "Author's Note", PROSE[1]])) == ["Chapter 1", "Author's Note"]
    book, _ = build("\n\n".join(["Author's Note", PROSE[1], PROSE[2]]))
    assert isinstance(book.chapters[0].blocks[0], AuthorNote)


def test_chapter_regex_option():
    text = "\n\n".join(["~~ Day one ~~", PROSE[0], "~~ Day two ~~", PROSE[1]])
    assert titles(text, chapter_regex=r"^~~ (?P<title>.+) ~~$") == ["Day one", "Day two"]
    # the built-in rules step aside when a regex is given
    assert len(titles("\n\n".join(["Chapter 1", PROSE[0], "Chapter 2", PROSE[1]]), chapter_regex="^@@")) == 1
    with pytest.raises(UsageError):
        build("x", chapter_regex="(")


def test_chapter_title_format():
    text = "\n\n".join(["Chapter 1: The Start", PROSE[0], "Chapter 2", PROSE[1], "Prologue", PROSE[2]])
    assert titles(text, chapter_title_format="{n}. {title}") == ["1. The Start", "2", "3. Prologue"]
    assert titles(text, chapter_title_format="{title}") == ["The Start", "Chapter 2", "Prologue"]
    with pytest.raises(UsageError):
        build(text, chapter_title_format="{chapter}")


# --- one-shots, titles -----------------------------------------------------------------------


def test_one_shot_is_one_chapter_titled_by_the_part_title():
    book, _ = structure.build_book("\n\n".join(PROSE), Options(), part_title="Goodbye.")
    assert [c.title for c in book.chapters] == ["Goodbye."]
    assert book.metadata.title == "Goodbye."


def test_part_title_repeated_as_first_line_is_printed_once():
    book, removed = structure.build_book("Goodbye.\n\n" + "\n\n".join(PROSE), Options(), part_title="Goodbye.")
    assert book.chapters[0].title == "Goodbye." and book.chapters[0].blocks[0].text == PROSE[0]
    assert [r.rule for r in removed.items] == ["structure.duplicate_title"]
    book, _ = structure.build_book(
        "Chapter 1: Changes.\n\n" + "\n\n".join(PROSE), Options(), part_title="Chapter 1: Changes"
    )
    assert [c.title for c in book.chapters] == ["Chapter 1: Changes."]


def test_title_and_author_from_the_text():
    text = "The Long Road\n\nby Jane Doe\n\nChapter 1\n\n" + PROSE[0]
    book, removed = build(text)
    assert book.metadata.title == "The Long Road" and book.metadata.authors == ["Jane Doe"]
    assert [c.title for c in book.chapters] == ["Chapter 1"]
    assert {r.rule for r in removed.items} == {"structure.title_page"}
    book, _ = build("Deep Water\nAuthor: Sam Lee\n\nChapter 1\n\n" + PROSE[0])
    assert (book.metadata.title, book.metadata.authors) == ("Deep Water", ["Sam Lee"])
    book, _ = build("A/N: hello there\n\nCrise\n\nUn : Kiba\n\n" + PROSE[0])
    assert book.metadata.title == "Crise" and book.chapters[0].title == "Un : Kiba"
    assert isinstance(book.chapters[0].blocks[0], AuthorNote)


def test_title_from_file_name():
    book, _ = build("\n\n".join(PROSE), source_name="stories/my_story-final.txt")
    assert book.metadata.title == "my story final" and book.chapters[0].title == "my story final"
    book, _ = build("\n\n".join(PROSE), source_name="Silent Night (Gundam Wing) - by Kaz_99.txt")
    assert (book.metadata.title, book.metadata.authors) == ("Silent Night (Gundam Wing)", ["Kaz_99"])
    book, _ = build("\n\n".join(PROSE), source_name="Silent Night (Gundam Wing) - by Kaz_99.txt", title="Given")
    assert book.metadata.title == book.chapters[0].title == "Given"


@pytest.mark.parametrize(
    "name,title,author",
    [
        ("my_story-final.txt", "my story final", None),
        ("The Long Road by Jane Doe.txt", "The Long Road", "Jane Doe"),
        ("Stand by Me.txt", "Stand by Me", None),
        ("silent-night-by-kaz_99.txt", "silent night", "kaz_99"),
        ("ao3-download-crimson-supernova-ch2.html", "crimson supernova", None),
        ("ffn-hunted-ch1.xhtml", "hunted", None),
        ("story_ch1.txt", "story", None),
        ("My Story - Chapter 2.txt", "My Story", None),
        ("Harry Potter fanfiction.net.txt", "Harry Potter", None),
        ("Gw.txt", "Gw", None),
    ],
)
def test_titles_and_authors_from_file_names(name, title, author):
    assert from_file_name(name) == (title, author)


# --- scene breaks ----------------------------------------------------------------------------


@pytest.mark.parametrize("expected,line", [(r[0], r[1]) for r in _rows("scene_breaks.txt")])
def test_scene_break_table(expected, line):
    book, _ = build("\n\n".join([PROSE[0], line, PROSE[1]]))
    blocks = book.chapters[0].blocks
    if expected == "yes":
        assert [type(b).__name__ for b in blocks] == ["Paragraph", "SceneBreak", "Paragraph"]
    else:
        assert not any(isinstance(b, SceneBreak) for b in blocks)
        assert line.strip() in book_text(book)


def test_breaks_never_at_chapter_edges_and_collapse():
    text = "\n\n".join(
        ["Chapter 1", "***", PROSE[0], "* * *", "+++", "~~~", PROSE[1], "***", "Chapter 2", PROSE[2], "***"]
    )
    book, _ = build(text)
    kinds = [[type(b).__name__ for b in c.blocks] for c in book.chapters]
    assert kinds == [["Paragraph", "SceneBreak", "Paragraph"], ["Paragraph"]]


# --- notes -----------------------------------------------------------------------------------


@pytest.mark.parametrize("expected,where,paragraph,label", [r + [""] * (4 - len(r)) for r in _rows("notes.txt")])
def test_note_table(expected, where, paragraph, label):
    story = PROSE + PROSE
    parts = [paragraph] + story if where == "start" else story[:4] + [paragraph] + story[4:]
    blocks = build("\n\n".join(parts))[0].chapters[0].blocks
    notes = [b for b in blocks if isinstance(b, AuthorNote)]
    if expected == "yes":
        assert len(notes) == 1 and notes[0].label == label
        assert notes[0].paragraphs[0].text and not notes[0].paragraphs[0].text.startswith((":", "-", "："))
    else:
        assert not notes


def test_label_alone_takes_the_following_paragraphs():
    text = "\n\n".join(["Chapter 1", PROSE[0], PROSE[1], "**Author's Endnote:**", "**Thanks!**", "**See you soon.**"])
    blocks = build(text)[0].chapters[0].blocks
    assert isinstance(blocks[-1], AuthorNote) and [p.text for p in blocks[-1].paragraphs] == [
        "Thanks!",
        "See you soon.",
    ]


def test_no_notes_drops_and_records_them_and_their_breaks():
    text = "\n\n".join(["A/N: hello", "***", PROSE[0], PROSE[1], "***", "AN: bye"])
    book, removed = build(text, notes=False)
    assert [type(b).__name__ for b in book.chapters[0].blocks] == ["Paragraph", "Paragraph"]
    assert [(r.rule, r.text) for r in removed.items] == [("notes.dropped", "A/N\nhello"), ("notes.dropped", "AN\nbye")]


# --- paragraphs ------------------------------------------------------------------------------


def _carol() -> str:
    """Chapter I of A Christmas Carol (hard-wrapped at ~55 columns), from the corpus."""
    if not have_corpus():
        pytest.skip(NO_CORPUS)
    raw = (
        (CORPUS / "gutenberg" / "christmas-carol-latin1-pgheader.txt")
        .read_bytes()
        .decode("latin-1")
        .replace("\r\n", "\n")
    )
    start = raw.index("STAVE I:  MARLEY'S GHOST")
    return raw[start : raw.index("STAVE II:", start)]


@pytest.mark.corpus
def test_hard_wrapped_gutenberg_becomes_paragraphs():
    book, _ = build(_carol())
    pars = [b.text for b in book.chapters[0].blocks if isinstance(b, Paragraph)]
    assert pars[0] == (
        "MARLEY was dead: to begin with. There is no doubt whatever about that. The register of his "
        "burial was signed by the clergyman, the clerk, the undertaker, and the chief mourner. Scrooge "
        "signed it: and Scrooge's name was good upon 'Change, for anything he chose to put his hand to. "
        "Old Marley was as dead as a door-nail."
    )
    assert sum("\n" in p for p in pars) == 0  # no stray line breaks inside prose
    assert len(pars) > 100


@pytest.mark.corpus
def test_verse_and_letters_keep_their_lines():
    alice = (CORPUS / "gutenberg" / "alice-wonderland-crlf.txt").read_text(encoding="utf-8").replace("\r\n", "\n")
    start = alice.index("CHAPTER II.\nThe Pool")
    book, _ = build(alice[start : alice.index("CHAPTER III.\nA Caucus")])
    pars = [b.text for b in book.chapters[0].blocks if isinstance(b, Paragraph)]
    assert (
        "“How doth the little crocodile\nImprove his shining tail,\nAnd pour the waters of the Nile\nOn every golden scale!"
        in pars
    )
    assert pars[0].startswith("“Curiouser and curiouser!” cried Alice (she was so much surprised, that for the moment")
    preface = "PREFACE\n\n" + "\n".join(
        [
            "I HAVE endeavoured in this Ghostly little book,",
            "to raise the Ghost of an Idea, which shall not put my",
            "readers out of humour with themselves, with each other,",
            "with the season, or with me.  May it haunt their houses",
            "pleasantly, and no one wish to lay it.",
        ]
    )
    letter = "Their faithful Friend and Servant,\n                                   C. D.\nDecember, 1843."
    book, _ = build(preface + "\n\n" + letter + "\n\n" + _carol())
    assert book.chapters[0].blocks[-1].text == "Their faithful Friend and Servant,\nC. D.\nDecember, 1843."


def test_a_compound_split_at_a_line_end_keeps_its_hyphen():
    lines = [
        "It was the last house in the village, and it was a very old and well-",
        "known house at the end of the road, and everyone in the village knew",
        "who lived there: the old man, they said, a shrewd and famous self-",
        "made merchant who had come back from the sea, from the Barbary sea-",
        "Coast, with nothing but a box and a dog, and had never left since then.",
    ]
    text = "\n".join(lines) + "\n\n" + "\n".join(lines)
    pars = [b.text for b in build(text, paragraphs="wrapped")[0].chapters[0].blocks]
    assert "old and well-known house" in pars[0] and "famous self-made merchant" in pars[0]
    assert "Barbary sea- Coast" in pars[0]  # a capital after the hyphen: a dash or a name, the space stays


def test_indented_first_lines_start_paragraphs():
    lines = []
    for p in range(4):
        lines += [
            "    It was the best of times, it was the worst of times, it was the age of",
            "wisdom, it was the age of foolishness, it was the epoch of belief, it was",
            f"the epoch of incredulity, paragraph {p}.",
        ]
    book, _ = build("\n".join(lines))
    pars = [b.text for b in book.chapters[0].blocks]
    assert len(pars) == 4 and pars[3].endswith("paragraph 3.") and pars[3].startswith("It was the best")


def test_one_paragraph_per_line_is_not_unwrapped():
    text = "\n".join(PROSE * 3)
    pars = [b.text for b in build(text)[0].chapters[0].blocks]
    assert pars == PROSE * 3


def test_sentence_per_line_of_even_length_is_not_hard_wrap():
    lines = [
        f"He looked at the door for a long time, and then he {w} it again."
        for w in ("opened", "closed", "locked", "kicked")
    ] * 3
    assert [b.text for b in build("\n".join(lines))[0].chapters[0].blocks] == lines


def test_paragraphs_option_overrides_detection():
    text = "\n".join(PROSE)
    assert len(build(text, paragraphs="blank")[0].chapters[0].blocks) == 1
    assert len(build(text, paragraphs="line")[0].chapters[0].blocks) == 4
    with pytest.raises(UsageError):
        build(text, paragraphs="double")


# --- emphasis --------------------------------------------------------------------------------

EMPHASIS = [
    ("*italic* word", "italic word", [(0, 6, "i")]),
    ("_italic_ word", "italic word", [(0, 6, "i")]),
    ("a **bold** b", "a bold b", [(2, 6, "b")]),
    ("a __bold__ b", "a bold b", [(2, 6, "b")]),
    ("***both*** x", "both x", [(0, 4, "b"), (0, 4, "i")]),
    ("what the f**k is this sh*t", "what the f**k is this sh*t", []),
    ("my snake_case_name here", "my snake_case_name here", []),
    ("a * lone star", "a * lone star", []),
    ("2 * 3 * 4", "2 * 3 * 4", []),
    ("*unclosed italic", "*unclosed italic", []),
    ("so _very_ remarkable", "so very remarkable", [(3, 7, "i")]),
]


@pytest.mark.parametrize("source,text,marks", EMPHASIS)
def test_emphasis(source, text, marks):
    plain, got = parse_emphasis(source)
    assert plain == text
    assert [(m.start, m.end, m.kind) for m in got] == marks


def test_markdown_escapes_and_emphasis_in_a_book():
    text = "**Chapter III: Ace\\'s Encounter**\n\n*When\\'s your next game?* he wrote on the P\\*T\\*E\\*N page."
    book, _ = build(text, source_name="fic.md")
    assert book.chapters[0].title == "Chapter III: Ace's Encounter"
    par = book.chapters[0].blocks[0]
    assert par.text == "When's your next game? he wrote on the P*T*E*N page."
    assert par.marks == [Mark(0, 22, "i")]


# --- HTML helpers ----------------------------------------------------------------------------


def test_refine_blocks():
    blocks = [
        Paragraph("* * *"),
        Paragraph("A/N: hi"),
        Paragraph("Story."),
        Paragraph("~~~"),
        Paragraph("oOo"),
        Paragraph("More."),
        Paragraph("***"),
    ]
    out = structure.refine_blocks(blocks)
    assert [type(b).__name__ for b in out] == ["AuthorNote", "Paragraph", "SceneBreak", "Paragraph"]
    removed = Removed()
    out = structure.refine_blocks(blocks, keep_notes=False, removed=removed)
    assert [type(b).__name__ for b in out] == ["Paragraph", "SceneBreak", "Paragraph"]
    assert [r.rule for r in removed.items] == ["notes.dropped"]


def test_split_chapters_at_bold_in_text_headings():
    blocks = [
        Paragraph("Summary: AU."),
        Paragraph("Chapter One: Brother's Keeper", [Mark(0, 29, "b")]),
        Paragraph("Text one."),
        Paragraph("Chapter Five: The Lion and the Serpent"),
        Paragraph("Text five."),
        Paragraph("Chapter 1 was the best part of the book."),
    ]
    chapters = structure.split_chapters(blocks, Options())
    assert [c.title for c in chapters] == [
        None,
        "Chapter One: Brother's Keeper",
        "Chapter Five: The Lion and the Serpent",
    ]
    assert [len(c.blocks) for c in chapters] == [1, 1, 2]


# --- the word-order property -----------------------------------------------------------------

_WORD = st.sampled_from("the a wolf Derek Stiles loft said ran night moon door house quiet and then it was".split())
_SENTENCE = st.lists(_WORD, min_size=3, max_size=14).map(lambda ws: " ".join(ws).capitalize() + ".")
_PARA = st.lists(_SENTENCE, min_size=1, max_size=6).map(" ".join)
_MARKERS = ["***", "* * *", "+++", "~~~", "oOo", "-x-", "#", "……", "-" * 72]
_ITEM = st.one_of(
    _PARA,
    _PARA,
    _PARA,
    st.sampled_from(_MARKERS).map(lambda m: ("marker", m)),
    st.integers(1, 30).map(lambda n: f"Chapter {n}"),
    _PARA.map(lambda p: "A/N: " + p),
    _PARA.map(lambda p: "*" + p + "*"),
    st.lists(_WORD, min_size=2, max_size=4).map(lambda ws: "\n".join(ws)),  # short lines: verse
)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width)) or text


def _check_words(items, wrap, sep, notes):
    parts = [(_wrap(i, wrap) if wrap and "\n" not in i else i) if isinstance(i, str) else i[1] for i in items]
    text = sep.join(parts)
    want = _words("\n".join(i for i in items if isinstance(i, str)))
    try:
        book, removed = structure.build_book(text, Options(notes=notes), Metadata(title="Zzq"))
    except InputError:
        # refused only when no story text is there: markers and headings alone, or notes dropped by --no-notes
        story = [
            i
            for i in items
            if isinstance(i, str) and not re.fullmatch(r"Chapter \d+", i) and (notes or not i.startswith("A/N: "))
        ]
        assert not story, "story text refused"
        return
    heads = [w for c in book.chapters for w in _words(c.title or "") if w != "zzq"]  # Zzq: the title, given as metadata
    body = [w for w in _words(book_text(replace(book, chapters=[replace(c, title=None) for c in book.chapters])))]
    # the words of the chapters, and of their titles, come from the input in order (notes before
    # the first heading are moved under it: only titles may move relative to the text) ...
    for got in (heads, body):
        it = iter(want)
        assert all(any(w == x for x in it) for w in got), "words reordered or invented"
    # ... and the words missing are exactly the recorded removals
    missing = list(want)
    for w in heads + body:
        missing.remove(w)
    recorded = [w for r in removed.items for w in _words(r.text)]
    assert sorted(missing) == sorted(recorded)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(_ITEM, min_size=1, max_size=25),
    st.sampled_from([0, 0, 60, 72]),
    st.sampled_from(["\n\n", "\n\n\n"]),
    st.booleans(),
)
def test_structure_never_drops_or_reorders_words(items, wrap, sep, notes):
    _check_words(items, wrap, sep, notes)


@pytest.mark.slow
@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(_ITEM, min_size=1, max_size=60),
    st.sampled_from([0, 0, 60, 72]),
    st.sampled_from(["\n\n", "\n\n\n", "\n"]),
    st.booleans(),
)
def test_structure_never_drops_or_reorders_words_long_run(items, wrap, sep, notes):
    _check_words(items, wrap, sep, notes)


# --- the opening: only title-page material is taken ------------------------------------------------

ISSUE_ONE_SHOT = (
    "Rain\nby fanwriter99\n\nIt was raining again.\n\nHarry watched the drops slide down the window.\n\n"
    "He had been waiting for three days now.\n"
)


def _story(book) -> list[str]:
    return [p.text for c in book.chapters for p in c.blocks if isinstance(p, Paragraph)]


def test_the_issues_one_shot_keeps_every_paragraph():
    book, removed = build(ISSUE_ONE_SHOT)
    assert (book.metadata.title, book.metadata.authors) == ("Rain", ["fanwriter99"])
    assert _story(book) == [
        "It was raining again.",
        "Harry watched the drops slide down the window.",
        "He had been waiting for three days now.",
    ]
    assert {r.rule for r in removed.items} == {"structure.title_page"}
    assert " ".join(r.text for r in removed.items).split() == ["Rain", "by", "fanwriter99"]


@pytest.mark.parametrize(
    "line,field,value",
    [
        ("THE MILLENNIUM FULCRUM EDITION 3.0", "extra.edition", "THE MILLENNIUM FULCRUM EDITION 3.0"),
        ("Rated T", "rating", "T"),
        ("Rating: M", "rating", "M"),
        ("Words: 1,234", "stats.words", "1,234"),
        ("Published: April 26, 2021", "published", "2021-04-26"),
        ("Translated by Jane Doe", "extra.translator", "Jane Doe"),
        ("Copyright 2021 Jane Doe", "extra.copyright", "Copyright 2021 Jane Doe"),
        ("Status: Complete", "status", "Complete"),
    ],
)
def test_title_page_lines_go_to_their_field(line, field, value):
    book, _ = build(f"Rain\nby fanwriter99\n\n{line}\n\n" + "\n\n".join(PROSE))
    meta = book.metadata
    kind, _, name = field.partition(".")
    got = getattr(meta, kind)[name] if name else getattr(meta, kind)
    assert got == value
    assert _story(book) == PROSE


@pytest.mark.parametrize(
    "opening",
    [
        "By the time we left, the rain had stopped.",  # a sentence, not a byline
        "Stand by me",
        '"Are you coming?"\n\n"No."',
        "~~ Day 1: Arrival ~~\n\nThe train was late.",
        "Left.\n\nRight.",
        "Satoru",
        "[Hermione]",
    ],
)
def test_openings_that_are_story_stay_in_the_story(opening):
    book, removed = build(opening + "\n\n" + "\n\n".join(PROSE))
    text = "\n".join(_story(book))
    for line in opening.split("\n"):
        if line.strip():
            assert line.strip().strip('"') in text.replace("“", "").replace("”", "")
    assert not [r for r in removed.items if r.rule == "structure.title_page"]


def test_a_line_above_a_title_stays_unless_set_in_capitals():
    book, _ = build("Satoru\n\nRain\n\nby fanwriter99\n\n" + "\n\n".join(PROSE))
    assert book.metadata.title == "Rain" and _story(book)[0] == "Satoru"
    book, _ = build(
        "A CHRISTMAS CAROL\n\nIN PROSE\nBEING\nA Ghost Story\n\nby Charles Dickens\n\n" + "\n\n".join(PROSE)
    )
    assert (
        book.metadata.title == "A CHRISTMAS CAROL"
        and book.metadata.extra["subtitle"] == "IN PROSE\nBEING\nA Ghost Story"
    )
    assert _story(book) == PROSE


# --- a fic's header block -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header, fields",
    [
        (
            "Title: Rain\nRating: T\nPairing: Derek/Stiles\nSummary: Two people wait out a storm.",
            {
                "title": "Rain",
                "rating": "T",
                "relationships": ["Derek/Stiles"],
                "summary": "Two people wait out a storm.",
            },
        ),
        # a label a block, and a summary standing alone above its paragraph
        (
            "Title: Rain\n\nAuthor: fanwriter99\n\nFandom: Teen Wolf\n\nSummary:\n\nTwo people wait out a storm.",
            {
                "title": "Rain",
                "authors": ["fanwriter99"],
                "fandoms": ["Teen Wolf"],
                "summary": "Two people wait out a storm.",
            },
        ),
        (
            "Titre : Pluie\nPersonnages : Derek, Stiles\nAvertissements : aucun",
            {"title": "Pluie", "characters": ["Derek", "Stiles"], "warnings": ["aucun"]},
        ),
        (
            "Rating: M\nWord count: 1,204\nBeta: my sister",
            {"rating": "M", "stats": {"words": "1204"}, "extra": {"beta": "my sister"}},
        ),
        # an AO3 download pasted into FanFiction.net's editor (ffn-iching-ch1-2011.html): the fields run
        # together on one line, the work's title after the word count, a byline, labels standing alone
        (
            "Rating: General Audiences Archive Warning: No Archive Warnings Apply Category: Gen Fandom: Firefly, "
            "Serenity (2005) Character: OFC Additional Tags: I-Ching, Blue Sun Series: Part 1 of I-Ching Stats: "
            "Published: 2008-09-27 Words: 1197 K'un (Oppression)\n\nby Zooey_Glass\n\nSummary\n\nExcerpt from "
            "research notes of Doctor C. Hazell, Senior Medicines Officer, Blue Sun Laboratory.",
            {
                "title": "K'un (Oppression)",
                "authors": ["Zooey_Glass"],
                "rating": "General Audiences",
                "fandoms": ["Firefly", "Serenity (2005)"],
                "tags": ["I-Ching", "Blue Sun"],
                "series": "Part 1 of I-Ching",
                "published": "2008-09-27",
                "stats": {"words": "1197"},
                "summary": "Excerpt from research notes of Doctor C. Hazell, Senior Medicines Officer, Blue Sun Laboratory.",
            },
        ),
    ],
)
def test_a_fic_header_block_is_metadata(header, fields):
    book, removed = build(header + "\n\n" + "\n\n".join(PROSE))
    meta = book.metadata
    for name, want in fields.items():
        got = getattr(meta, name)
        assert (got if not isinstance(want, dict) else {k: got.get(k) for k in want}) == want, name
    assert _story(book) == PROSE
    assert {r.rule for r in removed.items} >= {"structure.fic_header"}


def test_a_fic_headers_notes_stay_as_notes():
    header = "Title: Rain\nRating: T\nAuthor's notes: For my beta, who read it twice.\nDisclaimer: Not mine."
    book, _ = build(header + "\n\n" + "\n\n".join(PROSE))
    notes = [b for b in book.chapters[0].blocks if isinstance(b, AuthorNote)]
    assert [(n.kind, [p.text for p in n.paragraphs]) for n in notes] == [
        ("note", ["For my beta, who read it twice."]),
        ("disclaimer", ["Not mine."]),
    ]
    assert _story(book) == PROSE


def test_a_notes_label_standing_alone_in_a_header_heads_a_note():
    # the pasted AO3 download of ffn-iching-ch1-2011.html: ``Notes`` a paragraph of its own, its note below
    header = "Rating: General Audiences\n\nFandom: Firefly\n\nby Zooey_Glass\n\nNotes\n\nSpoilers for Big Damn Movie."
    book, _ = build(header + "\n\n" + "\n\n".join(PROSE))
    notes = [b for b in book.chapters[0].blocks if isinstance(b, AuthorNote)]
    assert [[p.text for p in n.paragraphs] for n in notes] == [["Spoilers for Big Damn Movie."]]
    assert book.metadata.authors == ["Zooey_Glass"] and _story(book) == PROSE


def test_a_header_notes_glossary_stays_in_its_note():
    # ffn-iching-ch2-2011.html: the note's first line, then its glossary a line a paragraph
    header = (
        "Rating: General Audiences\n\nFandom: Firefly\n\nNotes\n\nChinese translations (apologies for any "
        "inaccuracies)\n\nkuáng - conceited; mad\n\npì gu - arse"
    )
    book, _ = build(header + "\n\n" + "\n\n".join(PROSE))
    notes = [b for b in book.chapters[0].blocks if isinstance(b, AuthorNote)]
    assert [len(n.paragraphs) for n in notes] == [3] and _story(book) == PROSE


@pytest.mark.parametrize(
    "opening",
    [
        "Characters: none that mattered, she said.",  # one label alone is no header
        "Warning: the bridge is out.\nShe read the sign twice.",
        "Title: The Hobbit\nShe read the title page aloud.",  # the label's block goes on as a story
        "Rating: five stars\nThe review was short.",
        "Rating: five stars, and nothing else to say.\n\nBy noon it was over.",  # a sentence, not a byline
    ],
)
def test_a_story_line_with_a_label_stays_in_the_story(opening):
    book, removed = build(opening + "\n\n" + "\n\n".join(PROSE))
    assert not [r for r in removed.items if r.rule == "structure.fic_header"]
    assert opening.split("\n")[-1] in book_text(book)


# --- front matter -----------------------------------------------------------------------------------


def test_dedication_and_epigraph_before_the_first_chapter():
    text = "\n\n".join(
        [
            "For my sister",
            "Not all those who wander are lost.",
            "— J. R. R. Tolkien",
            "Chapter 1",
            PROSE[0],
            "Chapter 2",
            PROSE[1],
        ]
    )
    book, _ = build(text)
    assert [(c.kind, c.title) for c in book.chapters] == [
        ("dedication", None),
        ("epigraph", None),
        ("chapter", "Chapter 1"),
        ("chapter", "Chapter 2"),
    ]
    assert [p.text for p in book.chapters[1].blocks] == ["Not all those who wander are lost.", "— J. R. R. Tolkien"]


def test_preface_heading_is_front_matter_only_before_the_chapters():
    text = "\n\n".join(["Preface", PROSE[0], "Chapter 1", PROSE[1], "Chapter 2", PROSE[2], "Introduction", PROSE[3]])
    book, _ = build(text)
    assert [c.kind for c in book.chapters] == ["preface", "chapter", "chapter", "chapter"]


def test_story_text_before_the_first_chapter_is_no_front_matter():
    text = "\n\n".join(["To be honest, nobody cared.", PROSE[0], "Chapter 1", PROSE[1], "Chapter 2", PROSE[2]])
    book, _ = build(text)
    assert [c.kind for c in book.chapters] == ["chapter"] * 3
    assert _story(book)[:2] == ["To be honest, nobody cared.", PROSE[0]]
    # a one-shot keeps its opening in its chapter, whatever it looks like
    book, _ = build("\n\n".join(["For my sister", *PROSE]))
    assert [c.kind for c in book.chapters] == ["chapter"] and _story(book)[0] == "For my sister"


# --- repeated headings ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "heading,number,words,line,dropped",
    [
        ("Changes", None, None, "Chapter 1: Changes.", True),  # ffn-hunted: under its <h2>
        ("Chapter 1: Home", 1, "Home", "Chapter 1", True),
        ("Chapter 1: Home", 1, "Home", "Home", True),
        ("Chapter 1: Home", 1, "Home", "CHAPTER ONE: HOME", True),
        ("Chapter 1", 1, "", "Chapter 1: Beginnings", False),  # says more: another subtitle
        ("Chapter 1: Home", 1, "Home", "Chapter 2: Home", False),
        ("Chapter 1", 1, "", "The Beginning", False),
        ("Changes", None, None, "Chapter 1", False),  # the number is news under an unnumbered heading
    ],
)
def test_a_line_repeating_the_heading(heading, number, words, line, dropped):
    from fic2epub.model import Part
    from fic2epub.structure.front import repeats_heading

    assert repeats_heading(line, Part(heading, [], number, words)) is dropped


def test_repeated_heading_dropped_from_a_page_and_recorded():
    page = "<h2>Changes</h2><hr/><p>Chapter 1: Changes.</p><hr/><p>" + PROSE[0] + "</p><p>Changes</p>"
    result = convert(page.encode(), Options(source_name="page.html", make_cover=False))
    assert [p.text for p in result.book.chapters[0].blocks if isinstance(p, Paragraph)] == [PROSE[0], "Changes"]
    assert [(r.rule, r.text) for r in result.removed.items if r.rule.startswith("structure")] == [
        ("structure.duplicate_heading", "Chapter 1: Changes.")
    ]


def test_a_repeat_after_the_story_begins_is_story():
    book, removed = build("\n\n".join(["Chapter 1: Home", PROSE[0], "Home", PROSE[1], "Chapter 2", PROSE[2]]))
    assert _story(book)[:3] == [PROSE[0], "Home", PROSE[1]] and not removed.items
    book, removed = build("\n\n".join(["Chapter 1: Home", "Home", PROSE[1], "Chapter 2", PROSE[2]]))
    assert _story(book)[0] == PROSE[1] and [r.rule for r in removed.items] == ["structure.duplicate_heading"]


# --- chapter order ----------------------------------------------------------------------------------


def test_chapters_out_of_order_warned_and_sorted():
    text = "\n\n".join(["Chapter 1", PROSE[0], "Chapter 3", PROSE[1], "Interlude", PROSE[3], "Chapter 2", PROSE[2]])
    warnings: list[str] = []
    draft = _draft(text)
    book, _ = structure.finish(draft, Options(), warnings)
    assert [c.title for c in book.chapters] == ["Chapter 1", "Chapter 3", "Interlude", "Chapter 2"]
    assert warnings == [
        "chapters are out of order: 'Chapter 2' comes after 'Chapter 3' (--sort-chapters sorts them by number)"
    ]
    warnings.clear()
    book, _ = structure.finish(_draft(text), Options(sort_chapters=True), warnings)
    assert [c.title for c in book.chapters] == ["Chapter 1", "Chapter 2", "Chapter 3", "Interlude"]
    assert warnings == []


def test_numbers_that_start_again_are_not_out_of_order():
    text = "\n\n".join(["Part 1", "Chapter 1", PROSE[0], "Chapter 2", PROSE[1], "Part 2", "Chapter 1", PROSE[2]])
    warnings: list[str] = []
    structure.finish(_draft(text), Options(), warnings)
    assert warnings == []


def _draft(text: str):
    from fic2epub.model import Draft, SiteDetection
    from fic2epub.sites import generic

    lines = text.split("\n")
    draft = Draft(
        Metadata(), [], Removed(), SiteDetection(generic(), 0.0), "text", None, lines, list(range(1, len(lines) + 1))
    )
    return structure.read_parts(draft, text, Options())


def _breaks_in(text: str) -> int:
    from fic2epub import Options, convert
    from fic2epub.model import SceneBreak

    book = convert(text.encode(), Options(source_name="story.txt", make_cover=False)).book
    return sum(isinstance(b, SceneBreak) for c in book.chapters for b in c.blocks)


@pytest.mark.parametrize(
    ("separator", "breaks"),
    [
        ("<3 <3 <3", 3),  # a story's own separator, used three times: three breaks
        ("♥ ♥ ♥", 3),
        ("...", 0),  # a character's silence, three times, stays speech
        ('"…"', 0),
        ("Nevermore.", 0),  # a refrain of words stays text
    ],
)
def test_a_storys_own_separator_is_a_break_and_speech_is_not(separator, breaks):
    scenes = ["She ran, and ran, and did not look back.", "He waited at home.", "Morning came.", "They met again."]
    text = "Chapter 1\n\n" + f"\n\n{separator}\n\n".join(scenes) + "\n"
    assert _breaks_in(text) == breaks


@pytest.mark.parametrize(
    "text, parts",
    [
        # a saved page ran the lines of a Japanese story together: parted where each began
        (
            "肉をくわえたイヌが、橋を渡っていました。 　ふと下を見ると、イヌがいます。　イヌは思いました。 「ウゥー、ワン！！」",
            [
                "肉をくわえたイヌが、橋を渡っていました。",
                "ふと下を見ると、イヌがいます。",
                "イヌは思いました。",
                "「ウゥー、ワン！！」",
            ],
        ),
        # one join is no evidence; a space between Latin words, the space after ！ or ？ are the text's own
        ("彼は言った。 「また明日」と。", ["彼は言った。 「また明日」と。"]),
        ("え！？　なんで？　どうして！？　わからない。", ["え！？　なんで？　どうして！？　わからない。"]),
        (
            "我读了 Harry Potter 和 The Hobbit 两本书。 他也读了。",
            ["我读了 Harry Potter 和 The Hobbit 两本书。 他也读了。"],
        ),
        # English prose with ideographic brackets quoted is not CJK prose
        (
            "He wrote 「yes」 and 「no」 on the board, then 「maybe」 too.",
            ["He wrote 「yes」 and 「no」 on the board, then 「maybe」 too."],
        ),
    ],
)
def test_lines_a_page_ran_together_are_parted_again(text, parts):
    from fic2epub.structure.blocks import joined_lines

    got = joined_lines([Paragraph(text)])
    assert [p.text for p in got] == parts
    assert "".join(text.split()) == "".join("".join(p.text for p in got).split())  # no character lost


def test_an_unlabelled_disclaimer_joins_the_note_above_it_only():
    from fic2epub.structure.blocks import notes

    disclaimer = "The Fireflyverse is the property of the great Joss Whedon."
    got = notes([Paragraph("A/N: Thanks to my beta."), Paragraph(disclaimer), Paragraph(PROSE[0])])
    assert isinstance(got[0], AuthorNote) and [p.text for p in got[0].paragraphs] == ["Thanks to my beta.", disclaimer]
    assert got[1:] == [Paragraph(PROSE[0])]
    # a story that opens on such a sentence, with no note above it, opens on it
    story = [Paragraph("The ring was the property of the king."), Paragraph(PROSE[0])]
    assert notes(story) == story


def test_a_rule_under_the_opening_note_stays():
    text = "\n\n".join(["With many many thanks to Merry for beta!", "* * *", PROSE[0], "* * *", PROSE[1]])
    blocks = build(text)[0].chapters[0].blocks
    assert [type(b).__name__ for b in blocks] == ["AuthorNote", "SceneBreak", "Paragraph", "SceneBreak", "Paragraph"]


def test_a_quotation_under_a_chapter_heading_with_its_source_set_apart_is_the_epigraph():
    from fic2epub.model import Quote

    quote = "  Strange! quoth I, debating the matter with myself,\nthat one-and-twenty miles sailing, should\ngive a man these rights."
    signed = " " * 32 + "STERNE."
    text = "\n\n".join(
        ["CHAPTER I.", "EEN PROLOOG.", quote, signed, PROSE[0], PROSE[1], "CHAPTER II.", PROSE[2], PROSE[3]]
    )
    first = build(text)[0].chapters[0].blocks
    assert [type(b).__name__ for b in first] == ["Paragraph", "Quote", "Paragraph", "Paragraph"]
    assert first[1].kind == "epigraph" and first[1].blocks[-1].text == "STERNE."
    # a dash before a line of dialogue is no source (French, Spanish, Russian dialogue)
    dialogue = [
        "«\u00a0Tiens, dit-elle, quel est ce monsieur\u00a0?\u00a0»",
        "—Je suis le docteur, dit Jean.",
        PROSE[0],
        PROSE[1],
    ]
    blocks = build("\n\n".join(["CHAPTER I.", *dialogue, "CHAPTER II.", PROSE[2]]))[0].chapters[0].blocks
    assert not any(isinstance(b, Quote) for b in blocks)
    # the source not set apart (a line of the story): no epigraph
    blocks = (
        build("\n\n".join(["CHAPTER I.", PROSE[0], "STERNE.", PROSE[1], PROSE[2], "CHAPTER II.", PROSE[3]]))[0]
        .chapters[0]
        .blocks
    )
    assert not any(isinstance(b, Quote) for b in blocks)


# --- a closing glossary -------------------------------------------------------------------------------

#: The story's own words, then the glossary the author put under it (astolat's *Quo Vadis*, Yuletide 2004;
#: Wash and Zoe's *What More Than Usual Light?*, FanFiction.net 2011): a closing note, its rule a fence.
GLOSSARIES = [
    (
        ["Primum Non Nocere", *PROSE, "Corpus Delicti", *PROSE, "Terra Incognita", "Neither made a sound."],
        "* * *\n\nPrimum Non Nocere: First, do no harm.\nCorpus Delicti: The body of the crime.\n"
        "Terra Incognita: An unknown land.",
    ),
    (
        ["‘Ai ya,’ Wash said. ‘My níu, my Xuán Wǔ.’", *PROSE],
        "níu—cow\n\nAi ya—damn\n\nXuán Wǔ—black tortoise / black warrior.\n\n"
        "The title comes from Ben Jonson’s Hymenæi.",
    ),
]


@pytest.mark.parametrize("story, glossary", GLOSSARIES)
def test_a_closing_glossary_of_the_storys_words_is_a_closing_note(story, glossary):
    book, _ = build("\n\n".join(story) + "\n\n" + glossary + "\n")
    blocks = book.chapters[-1].blocks
    assert isinstance(blocks[-1], AuthorNote) and not isinstance(blocks[-2], SceneBreak), blocks[-3:]
    assert _story(book) == story


@pytest.mark.parametrize(
    "story, ending",
    [
        (PROSE, "Stiles: you there?\n\nDerek: yes.\n\nStiles: good."),  # a chat log: a speaker speaks twice
        ([*PROSE, "Stiles: you there?", *PROSE], "Derek: no.\n\nLydia: fine."),  # speakers' labels used above
        (PROSE, "He had one thought: run.\n\nThen: silence."),  # sentences with a colon, not words explained
        (PROSE, "Derek: “No.”\n\nStiles: “Yes.”"),  # speakers' quoted lines
    ],
)
def test_a_storys_closing_lines_that_look_like_a_glossary_stay(story, ending):
    book, _ = build("\n\n".join(story) + "\n\n" + ending + "\n")
    assert not [b for b in book.chapters[-1].blocks if isinstance(b, AuthorNote)]
