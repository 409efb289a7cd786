"""Forum threads (the XenForo family: SpaceBattles, Sufficient Velocity, other XenForo forums): the
thread author's threadmarked posts are the story and their threadmark labels the chapter titles; the
author's untitled opening post is a note; every other post and all forum furniture are chrome, each
removal recorded under a rule that names it. Every page here is one of the two real thread pages of the
project corpus, or a variant cut from it (a post cut, a threadmark label dropped, a post given to
another poster): no page is made up."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

import pytest
from typer.testing import CliRunner

from fic2epub import Options, convert, sites
from fic2epub.cli import app
from fic2epub.errors import EmptyInputError
from fic2epub.model import AuthorNote, Paragraph, SceneBreak, book_text, iter_paragraphs
from fic2epub.sites.schema import Drop

from conftest import PROJECT_CORPUS
from wordcheck import missing_in_order, tokens

SB = "spacebattles/by-the-horns-thread-page1-TRUNCATED.html"
SV = "sufficientvelocity/marci-of-the-dreadfort-thread-page1-TRUNCATED.html"
#: The posts of the two pages: SpaceBattles #1 (the author's foreword, no threadmark), #2 and #3
#: (threadmarked); Sufficient Velocity #1 (threadmarked).
SB_FOREWORD, SB_PROLOGUE, SB_CHAPTER_1 = "11149721", "11149727", "11149733"
SV_CHAPTER = "36704255"
PROLOGUE = "Prologue; September 27, 2596"
CHAPTER_1 = "Chapter 1 Part 1 - September 27, 3025"


@cache
def page(name: str) -> str:
    return (PROJECT_CORPUS / name).read_text(encoding="utf-8")


# --- variants of the real pages -------------------------------------------------------------------


def _post_span(html: str, post: str) -> tuple[int, int]:
    """Where the post ``<article … data-content="post-N">`` starts and ends (its nested articles inside)."""
    start = html.rindex("<article", 0, html.index(f'data-content="post-{post}"'))
    depth, pos = 0, start
    for tag in re.finditer(r"<(/?)article\b", html[start:]):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            pos = start + tag.start()
            return start, html.index(">", pos) + 1
    raise AssertionError(f"post {post} does not end")


def cut_post(post: str):
    """The page without the post."""

    def edit(html: str) -> str:
        start, end = _post_span(html, post)
        return html[:start] + html[end:]

    return edit


def unmark(post: str):
    """The page with the post's threadmark labels taken out (the post as it was before it was marked)."""

    def edit(html: str) -> str:
        start, end = _post_span(html, post)
        inner = re.sub(r'<span id="threadmark-\d+" class="threadmarkLabel[^>]*>[^<]*</span>', "", html[start:end])
        assert inner != html[start:end]
        return html[:start] + inner + html[end:]

    return edit


def posted_by(post: str, poster: str):
    """The page with the post written by ``poster`` (another member replying in the thread)."""

    def edit(html: str) -> str:
        start, end = _post_span(html, post)
        inner = re.sub(r'data-author="[^"]*"', f'data-author="{poster}"', html[start:end], count=1)
        return html[:start] + inner + html[end:]

    return edit


def no_thread_starter(html: str) -> str:
    """The page without the header's ``Thread starter`` link (a reader-mode page, a trimmed save)."""
    found = re.search(r'(<span class="u-srOnly">Thread starter</span>\s*)<a [^>]*class="username[^>]*>[^<]*</a>', html)
    assert found
    return html[: found.start()] + found.group(1) + html[found.end() :]


@cache
def converted(name: str, *edits):
    html = page(name)
    for edit in edits:
        html = edit(html)
    return convert(html.encode("utf-8"), Options(source_name=name.rpartition("/")[2], make_cover=False))


def flat(text: str) -> str:
    text = re.sub(r"[‘’]", "'", re.sub(r"[“”]", '"', text))
    return " ".join(re.sub(r"\s*[—–]\s*", " - ", text).split())


def story(result) -> str:
    return flat(book_text(result.book))


# --- the table ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    id: str
    page: str
    edits: tuple = ()
    chapters: tuple[str, ...] = ()  # the book's chapter titles, in order
    notes: int = 0  # author's notes in the book
    present: tuple[str, ...] = ()  # story text in the book
    absent: tuple[str, ...] = ()  # text that must not be in the book
    removals: dict[str, int] = field(default_factory=dict)  # rule -> removals recorded under it
    authors: tuple[str, ...] = ()


CASES = [
    Case(
        "threadmarked posts are the chapters, titled by their threadmarks",
        SB,
        chapters=(PROLOGUE, CHAPTER_1),
        notes=1,
        present=("pleaded Helena Vickers", "Helena answered with a grin."),
        # the label is printed twice in a post (a mobile and a desktop copy): the chapter's title once
        absent=("Threadmarks", "Reader mode", "Like 59", "#2"),
        removals={"spacebattles.threadmark_bar": 6, "spacebattles.reactions": 3, "spacebattles.poster": 3},
        authors=("master arminas",),
    ),
    Case(
        "the author's untitled first post is a note, not a chapter",
        SB,
        chapters=(PROLOGUE, CHAPTER_1),
        notes=1,
        present=("Okay, by popular request, here is the story-only content to my BattleTech tale By The Horns.",),
    ),
    Case(
        "without its opening post the page has no note",
        SB,
        (cut_post(SB_FOREWORD),),
        chapters=(PROLOGUE, CHAPTER_1),
        notes=0,
        absent=("by popular request",),
    ),
    Case(
        "a post by another member is not in the book, threadmarked or not",
        SB,
        (posted_by(SB_CHAPTER_1, "a reader"),),
        chapters=(PROLOGUE,),
        notes=1,
        present=("pleaded Helena Vickers",),
        absent=("am I dreaming", "Helena answered with a grin."),
        removals={"spacebattles.post.other": 1},
    ),
    Case(
        "the author's untitled post after a chapter is a reply, not story",
        SB,
        (unmark(SB_CHAPTER_1),),
        chapters=(PROLOGUE,),
        notes=1,
        absent=("am I dreaming", CHAPTER_1),
        removals={"spacebattles.post.reply": 1},
    ),
    Case(
        "a post by another member before the chapters: the author's post after it is no opening note",
        SB,
        (posted_by(SB_FOREWORD, "a reader"),),
        chapters=(PROLOGUE, CHAPTER_1),
        notes=0,
        absent=("by popular request",),
        removals={"spacebattles.post.other": 1},
    ),
    Case(
        "the first post's poster is the author when the header names none",
        SB,
        (no_thread_starter,),
        chapters=(PROLOGUE, CHAPTER_1),
        notes=1,
        authors=("master arminas",),
    ),
    Case(
        "a threadmarked post's title is its chapter title; the post's own heading is not doubled",
        SV,
        chapters=("The Manticore's Tale",),
        present=("The Manticore's Tale was one of the cheapest establishments",),
        absent=("GloNoWriMo Participant", "Pronouns", "Last edited:", "Reader mode", "#1"),
        removals={
            "sufficientvelocity.poster": 1,
            "sufficientvelocity.last_edited": 1,
            "sufficientvelocity.reactions": 1,
            "structure.duplicate_heading": 1,
        },
        authors=("Carmin",),
    ),
    Case(
        "a page where no post of the author is threadmarked: the author's posts are the story",
        SV,
        (unmark(SV_CHAPTER),),
        chapters=("Marci of the Dreadfort",),
        present=("Mr. Harring sighed and pointed behind her.",),
        absent=("GloNoWriMo Participant",),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_forum_thread(case: Case):
    result = converted(case.page, *case.edits)
    assert result.site == case.page.partition("/")[0]
    assert [flat(c.title or "") for c in result.book.chapters] == [flat(t) for t in case.chapters]
    notes = [b for c in result.book.chapters for b in c.blocks if isinstance(b, AuthorNote)]
    assert len(notes) == case.notes
    text = story(result)
    for present in case.present:
        assert flat(present) in text, present
    body = flat(" ".join(p.text for c in result.book.chapters for p in iter_paragraphs(c.blocks)))
    for absent in case.absent:
        assert flat(absent) not in body, absent
    rules = Counter(r.rule for r in result.removed.items)
    for rule, count in case.removals.items():
        assert rules[rule] == count, (rule, rules)
    if case.authors:
        assert result.book.metadata.authors == list(case.authors)


def test_the_removed_posts_are_recorded_whole():
    """A post by another member is one removal holding all its words; nothing of it is lost unsaid."""
    result = converted(SB, posted_by(SB_CHAPTER_1, "a reader"))
    [other] = [r for r in result.removed.items if r.rule == "spacebattles.post.other"]
    assert other.where and "article" in other.where
    words = tokens(other.text)
    assert missing_in_order(tokens("My god am I dreaming whispered Ethan Mendoza"), words) == []
    assert "#3" in other.text and "Like 63" in other.text  # its number and reactions went with it


def test_a_page_with_no_post_has_no_story():
    """What is left of a thread page without its posts (the header, the threadmark index, the
    navigation) is chrome: the input holds no story (exit 3)."""
    html = cut_post(SV_CHAPTER)(page(SV))
    with pytest.raises(EmptyInputError) as err:
        convert(html.encode("utf-8"), Options(source_name="thread.html", make_cover=False))
    assert err.value.exit_code == 3


def test_the_authors_heading_block_is_one_paragraph():
    """The Prologue post opens with the author's bold title block (title, byline, chapter, dateline,
    written with blank lines between): one bold paragraph, its lines and italics kept, then the story."""
    prologue = converted(SB).book.chapters[0]
    assert isinstance(prologue.blocks[0], AuthorNote)
    block = prologue.blocks[1]
    assert isinstance(block, Paragraph)
    assert block.text.split("\n") == [
        "By the Horns",
        "An Original Work of Fiction",
        "By",
        "Stephen T Bynum",
        "All Rights Reserved",
        "Prologue",
        "TCS Samantha Calderon",
        "Omega Anchorage, Hyades Cluster",
        "September 27, 2596",
    ]
    assert any(m.kind == "b" and m.start == 0 and m.end == len(block.text) for m in block.marks)
    assert "Samantha Calderon" in [block.text[m.start : m.end] for m in block.marks if m.kind == "i"]
    assert flat(prologue.blocks[2].text).startswith('"Jack, we need that drive back on-line," pleaded Helena')
    assert converted(SB).book.metadata.authors == ["master arminas"]  # the real name is not a creator


def test_thread_metadata():
    sb, sv = converted(SB).book.metadata, converted(SV).book.metadata
    assert (sb.title, sb.site, sb.published, sb.tags, sb.status) == (
        "By The Horns",
        "SpaceBattles",
        "2013-06-24",
        ["battletech"],
        "Ongoing",
    )
    assert sb.story_id == "262832"
    assert sb.source_url == "https://forums.spacebattles.com/threads/by-the-horns-story-only-thread.262832/"
    assert sb.stats == {"watchers": "209", "threadmarks": "42"}
    assert sv.summary.startswith("Marci was the greatest wizard in the Southlands. Well, she could have been")
    assert sv.summary.endswith("no one seems to believe her.")
    assert sv.tags[:3] == ["original", "action and adventure", "comedy"] and len(sv.tags) == 11


def test_inspect_names_each_piece_of_forum_furniture():
    result = CliRunner().invoke(app, ["inspect", str(PROJECT_CORPUS / SV)])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "site:     sufficientvelocity" in out
    for rule in ("poster", "post_info", "threadmark_bar", "last_edited", "reactions", "outside_story"):
        assert f"[sufficientvelocity.{rule}]" in out, rule
    assert "Last edited: Aug 6, 2026" in out and "GloNoWriMo Participant" in out


def test_another_xenforo_forum_is_read_by_the_family():
    """The same markup on a forum no profile names: the XenForo family's profile, the site's name
    from the page."""
    html = re.sub(r"forums\.sufficientvelocity\.com", "forum.example", page(SV))
    html = html.replace("| Sufficient Velocity</title>", "| Example Forum</title>")
    html = html.replace('og:site_name" content="Sufficient Velocity', 'og:site_name" content="Example Forum')
    detection = sites.detect(html)
    assert detection.profile.name == "xenforo"
    result = convert(html.encode("utf-8"), Options(source_name="thread.html", make_cover=False))
    assert result.book.metadata.site == "Example Forum"
    assert [c.title for c in result.book.chapters] == ["The Manticore’s Tale"]
    forced = convert(page(SB).encode("utf-8"), Options(site="xenforo", make_cover=False))
    assert [flat(c.title or "") for c in forced.book.chapters] == [PROLOGUE, CHAPTER_1]
    assert forced.book.metadata.site == "SpaceBattles"


def test_xenforo_detection_needs_the_markup():
    """A text that only names a forum's address is not read as a thread page of it."""
    text = "I also post this story on forums.spacebattles.com and forums.sufficientvelocity.com.\n\nIt was night."
    assert sites.detect(text).profile.name == "generic"


def test_keep_chrome_reads_every_post():
    result = convert(page(SB).encode("utf-8"), Options(keep_chrome=True, make_cover=False))
    text = story(result)
    assert "Reader mode" in text and "am I dreaming" in text


def test_a_drop_name_is_a_name_not_a_rule():
    with pytest.raises(ValueError, match="profile prefix"):
        Drop("spacebattles.signature", "aside.message-signature")


@pytest.mark.parametrize("profile", sites.all_profiles(), ids=lambda p: p.name)
def test_every_named_drop_says_why(profile):
    for item in profile.html.drop if profile.html else ():
        if isinstance(item, Drop):
            assert item.why, f"{profile.name}: drop {item.name} has no why"


def test_no_scene_break_for_a_chapter_per_post():
    """Posts that are chapters are separate chapters: no scene break stands for a post boundary."""
    assert not any(
        isinstance(b, SceneBreak) and b.marker == "post" for c in converted(SB).book.chapters for b in c.blocks
    )
    unmarked = converted(SV, unmark(SV_CHAPTER)).book
    assert len(unmarked.chapters) == 1
