"""The book-level step: a Draft from either reader -> the Book. Every book-level decision is made here,
once, in this order:

1. the site's facts: its name as publisher, its usual language, the story's address from its id,
   its creators as the book names them (``Pseud (user)`` -> ``Pseud``);
2. each part's blocks settled (scene-break paragraphs, author's notes, ``--no-notes``);
3. the opening (what precedes the first heading): title-page material moved into the metadata;
4. a first heading naming the book over its printed title page is that title page (moved); an empty
   first heading before the others is the book's title;
5. the opening joins chapter 1 when it is the author's front matter (notes, or a few lines around a
   note) or repeats chapter 1's title; a dedication or an epigraph is a front-matter section of its
   own; other story text before the first heading is a part of its own;
6. sections headed ``Preface``, ``Foreword``, ``Introduction`` … before the first chapter are front
   matter;
7. the reader's overrides (title, authors, series, tags, summary, language);
8. titles: the book's (site, title page, the story's own title line, file name, ``Untitled``), and
   each chapter's: a one-shot's untitled chapter takes the book's title, a line at a chapter's start
   that repeats its heading (or the book's title) is dropped (recorded), ``--chapter-title-format``;
9. chapters numbered out of order: a warning, or sorted by number (``sort_chapters``);
10. creators: a site's ``Pseud (user)`` is the creator ``Pseud``, the account kept apart;
11. the identifier (``identity``).

The draft is not changed: the Book has its own metadata and block lists.
"""

from __future__ import annotations

import copy
import re

from ..errors import EmptyInputError
from ..language import normalise_tag
from ..model import (
    UNTITLED,
    AuthorNote,
    Block,
    Book,
    Chapter,
    Draft,
    Heading,
    Metadata,
    Paragraph,
    Part,
    Removed,
    iter_paragraphs,
    split_count,
)
from ..options import Options
from .blocks import closing_glossary, drop_notes, fenced_notes, front_note, refine_blocks, tidy_breaks
from .front import (
    Source,
    chapter_epigraph,
    drop_repeats,
    from_file_name,
    front_matter,
    move_title_page,
    opening,
    printed_title_page,
    same_title,
    title_line,
)
from .header import fic_header
from .headings import CONTENTS, front_kind, looks_like_heading
from .identity import identifier, opening_words

#: An opening of up to this many words that holds an author's note is the author's front matter.
OPENING_WORDS = 400


def _site_facts(meta: Metadata, draft: Draft) -> None:
    profile = draft.profile
    if profile.names_site and profile.label and not meta.site:
        meta.site = profile.label
    if profile.language and not meta.language:
        meta.language = profile.language
    if profile.story_url and meta.story_id and not meta.source_url:
        meta.source_url = profile.story_url.format(story_id=meta.story_id)


def _overrides(meta: Metadata, options: Options) -> None:
    if options.title:
        meta.title = options.title
    if options.authors:
        meta.authors = list(options.authors)
        meta.usernames = {}
    if options.language:
        meta.language = normalise_tag(options.language) or options.language
    if options.series:
        meta.series = options.series
    if options.series_index:
        meta.series_index = options.series_index
    for tag in options.tags:
        if tag not in meta.tags:
            meta.tags.append(tag)
    if options.summary:
        meta.summary = options.summary


def _pseuds(meta: Metadata, draft: Draft) -> None:
    """A creator the site writes as ``Pseud (user)`` is ``Pseud``; the account goes to ``usernames``."""
    pattern = draft.profile.pseud
    if not pattern:
        return
    authors = []
    for author in meta.authors:
        found = re.match(pattern, author.strip())
        if found and found["name"].strip() and found["user"].strip() != found["name"].strip():
            name = found["name"].strip()
            meta.usernames.setdefault(name, found["user"].strip())
            author = name
        if author not in authors:
            authors.append(author)
    meta.authors = authors


def _words(part: Part) -> int:
    return sum(split_count(p.text) for p in iter_paragraphs(part.blocks))


def _format_titles(parts: list[Part], fmt: str | None) -> list[str | None]:
    """Chapter titles by ``fmt`` (``{n}``: the chapter's position, ``{title}``: the heading's words);
    front matter keeps its title and is not counted."""
    titles: list[str | None] = [p.title for p in parts]
    if not fmt:
        return titles
    n = 0
    for k, part in enumerate(parts):
        if part.kind != "chapter":
            continue
        n += 1
        if not part.title:
            continue
        words = part.words if part.number is not None and part.words is not None else part.title
        text = fmt.format(n=n, title=words)
        titles[k] = text.strip().strip(".:-–—|").strip() or part.title
    return titles


def out_of_order(parts: list[Part]) -> tuple[Part, Part] | None:
    """The first chapter numbered lower than the one before it, and that one; None when the numbered
    chapters rise (or when numbers repeat: parts or books that each start again at 1)."""
    numbered = [p for p in parts if p.kind == "chapter" and p.number is not None]
    numbers = [p.number for p in numbered]
    if len(set(numbers)) != len(numbers):
        return None
    for before, part in zip(numbered, numbered[1:]):
        assert before.number is not None and part.number is not None
        if part.number < before.number:
            return part, before
    return None


def sort_by_number(parts: list[Part]) -> list[Part]:
    """Chapters in the order of their numbers; front matter stays first, and an unnumbered chapter
    (``Interlude``) stays after the chapter it followed."""
    head: list[Part] = []
    groups: list[tuple[int, list[Part]]] = []
    for part in parts:
        if part.kind == "chapter" and part.number is not None:
            groups.append((part.number, [part]))
        elif groups:
            groups[-1][1].append(part)
        else:
            head.append(part)
    groups.sort(key=lambda group: group[0])  # stable: equal numbers keep their order
    return head + [part for _, group in groups for part in group]


def _front_sections(chapters: list[Part]) -> None:
    """Sections headed as front matter (``PREFACE``) before the first chapter are front matter."""
    for part in chapters:
        if part.kind != "chapter":
            continue
        kind = front_kind(part.title)
        if kind is None:
            break
        part.kind = kind  # type: ignore[assignment]


#: At most this many words in an entry of a written contents (a chapter's title, its page).
_CONTENTS_ENTRY_WORDS = 16


def _contents_chapter(part: Part, removed: Removed) -> bool:
    """Whether ``part`` is a printed book's written contents set as a section of its own (a heading
    ``INNEHÅLL.`` / ``Contents`` over a table or list of entries, no prose): the book has its own
    contents, so the section goes, each entry recorded."""
    if not part.title or not CONTENTS.match(" ".join(part.title.split())):
        return False
    entries: list[Paragraph | Heading] = [
        entry
        for block in part.blocks
        for entry in ([block] if isinstance(block, Heading) else iter_paragraphs([block]))
    ]
    if not entries or any(split_count(p.text) > _CONTENTS_ENTRY_WORDS for p in entries):
        return False
    removed.add_at("structure.contents", part.title, part.origin)
    for entry in entries:
        removed.add_at("structure.contents", entry.text, entry.origin)
    return True


def _written_contents(blocks: list[Block], titles: list[str], removed: Removed) -> list[Block]:
    """The opening's written table of contents, on a page whose chapters are marked: a paragraph whose
    every line (two or more) is a title of the book's chapters (an eFiction page's ``Index``), and the
    label line just above it. The book has its own contents; the lines are recorded."""
    wanted = {" ".join(t.split()).casefold() for t in titles if t}
    for k, block in enumerate(blocks):
        if not isinstance(block, Paragraph):
            continue
        lines = [" ".join(line.split()).casefold() for line in block.text.split("\n") if line.strip()]
        if len(lines) >= 3 and lines[0] not in wanted and _label_line(lines[0]):
            lines = lines[1:]  # the label on the list's first line
        if len(lines) >= 2 and all(line in wanted for line in lines):
            above = blocks[k - 1] if k else None
            label = k - 1 if isinstance(above, Paragraph) and _label_line(above.text) else k
            for gone in blocks[label : k + 1]:
                if isinstance(gone, Paragraph):
                    removed.add_at("structure.contents", gone.text, gone.origin)
            return blocks[:label] + blocks[k + 1 :]
    return blocks


def _label_line(text: str) -> bool:
    """A contents' label: one short line of up to three words (``Index``, ``Contents``, ``Table of Contents``)."""
    text = text.strip()
    return "\n" not in text and 0 < len(text.split()) <= 3 and len(text) <= 30 and not text.endswith((".", "!", "?"))


def _own_heading(block) -> bool:
    """A chapter's own heading at its top: a heading element, or a paragraph of one line that reads as
    a chapter label (``Prologue``, ``Chapter 3: The Road``) on a page that did not mark it as one."""
    if isinstance(block, Heading):
        return True
    return (
        isinstance(block, Paragraph)
        and not block.marks
        and "\n" not in block.text.strip()
        and looks_like_heading(block.text)
    )


def _no_story(removed: Removed) -> EmptyInputError:
    """The error for an input whose every line was chrome, a heading, a marker or title-page text."""
    what = "only site chrome, headings and markers" if removed.items else "only headings and markers"
    return EmptyInputError(f"the input holds no story text ({what}; `fic2epub inspect` shows what was found)")


def finish(draft: Draft, options: Options, warnings: list[str] | None = None) -> tuple[Book, Removed]:
    """The Book a Draft holds, and every removal (the draft's and this step's), in the order made.

    Notices for the reader (chapters out of order) are appended to ``warnings`` when it is given.
    """
    meta = copy.deepcopy(draft.metadata)
    removed = Removed(list(draft.removed.items))
    source = Source(draft)
    _site_facts(meta, draft)
    _pseuds(meta, draft)  # the creators as the book names them, for the opening's byline checks

    parts = [
        Part(p.title, refine_blocks(p.blocks, options.notes, removed), p.number, p.words, p.origin, p.kind)
        for p in draft.parts
    ]
    headed = next((part for part in parts if part.blocks), None)
    if headed is not None:  # a fic's header block (Title: / Rating: / Summary: …) above the story
        headed.blocks = fic_header(headed.blocks, source, meta, removed)
    first = parts[0] if parts and parts[0].title is None else None
    chapters = parts[1:] if first is not None else parts
    if first is not None and len(chapters) > 1:
        first.blocks = _written_contents(first.blocks, [c.title or "" for c in chapters], removed)
    front = opening(first.blocks, draft, meta, removed, bool(chapters)) if first is not None else []

    # an unnumbered heading naming the book over its printed title page (a saved edition's <h1>):
    # the title page, moved to the information page
    printed = (
        printed_title_page(chapters[0].blocks, source, meta, chapters[0].title)
        if len(chapters) > 1 and chapters[0].title and chapters[0].number is None and chapters[0].blocks
        else 0
    )
    # (after the title page, a link to the book's index, ``INDICE``, may stand alone: the book has its own)
    links = chapters[0].blocks[printed:] if printed else []
    if printed and all(isinstance(b, Paragraph) and CONTENTS.match(" ".join(b.text.split())) for b in links):
        heading = chapters.pop(0)
        removed.add_at("structure.title_page", heading.title or "", heading.origin, moved="extra.title_page")
        move_title_page(heading.blocks[:printed], source, meta, removed, heading.title or "")
        for link in links:
            assert isinstance(link, Paragraph)
            removed.add_at("structure.contents", link.text, link.origin)
    # an unnumbered heading with nothing under it before the others (FanFicFare's <h1> before <h2>):
    # the book's title ("Part 1" above "Chapter 1" stays a part page)
    if len(chapters) > 1 and not chapters[0].blocks and chapters[0].title and chapters[0].number is None:
        heading = chapters.pop(0)
        if not meta.title:
            meta.title = heading.title
        removed.add_at(
            "structure.empty_heading",
            heading.title or "",
            heading.origin,
            moved="title" if meta.title == heading.title else None,
        )

    if not chapters:
        chapters = [Part(None, front)]
    elif front:
        opening_part = Part(None, front)
        authors_words = (
            any(isinstance(b, AuthorNote) and b.kind != "footnote" for b in front)
            and _words(opening_part) <= OPENING_WORDS
        )
        pieces = front_matter(front)
        if (
            all(front_note(b) for b in front)
            or authors_words
            or (draft.part_title and same_title(draft.part_title, chapters[0].title or ""))
        ):
            chapters[0] = Part(
                chapters[0].title,
                tidy_breaks(front + chapters[0].blocks),
                chapters[0].number,
                chapters[0].words,
                chapters[0].origin,
            )
        elif pieces:
            chapters[0:0] = [Part(None, blocks, kind=kind) for kind, blocks in pieces]  # type: ignore[arg-type]
        else:
            chapters.insert(0, opening_part)
    if not any(part.blocks for part in chapters):
        raise _no_story(removed)
    if len(chapters) > 1:
        chapters = [part for part in chapters if not _contents_chapter(part, removed)]
    _front_sections(chapters)

    body = [part for part in chapters if part.kind == "chapter"]
    if body and body[0].title is None and draft.part_title:
        body[0].title = draft.part_title
    _overrides(meta, options)
    _pseuds(meta, draft)
    named, file_author = from_file_name(options.source_name)
    if not meta.title and draft.part_title and len(body) == 1:
        meta.title = draft.part_title
    if not meta.title and body:
        title_line(body[0], source, meta, removed, named)
    if not meta.title:
        meta.title = named or UNTITLED
    if not meta.authors and file_author:
        meta.authors.append(file_author)
    if body and body[0].title is None and body[0].blocks:
        top = body[0].blocks[0]
        if isinstance(top, (Heading, Paragraph)) and _own_heading(top):
            body[0].title = top.text.strip()  # the heading atop an untitled chapter names it
            body[0].blocks.pop(0)
    if body and body[0].title is None:
        body[0].title = meta.title  # a one-shot's chapter (or an untitled opening) takes the book's title
    for k, part in enumerate(body):
        drop_repeats(part, source, removed, meta.title if k == 0 else None)
        chapter_epigraph(part, source)
        closing = closing_glossary(fenced_notes(part.blocks), meta.title)
        part.blocks = tidy_breaks(drop_notes(closing, options.notes, removed))
    if not any(part.blocks for part in chapters):
        raise _no_story(removed)
    chapters = [part for part in chapters if part.blocks or part.kind == "chapter"]

    misplaced = out_of_order(chapters)
    if misplaced and options.sort_chapters:
        chapters = sort_by_number(chapters)
    elif misplaced and warnings is not None:
        part, before = misplaced
        warnings.append(
            f"chapters are out of order: {part.title!r} comes after {before.title!r} "
            "(--sort-chapters sorts them by number)"
        )
    titles = _format_titles(chapters, options.chapter_title_format)
    book_chapters = [Chapter(title, part.blocks, part.kind) for title, part in zip(titles, chapters)]
    if not meta.identifier:
        meta.identifier = identifier(meta, opening_words(book_chapters))
    return Book(meta, book_chapters), removed
