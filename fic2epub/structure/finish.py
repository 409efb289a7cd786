"""The book-level step: a Draft from either reader -> the Book. Every book-level decision is made here,
once, in this order:

1. the site's facts: its name as publisher, its usual language, the story's address from its id;
2. each part's blocks settled (scene-break paragraphs, author's notes, ``--no-notes``);
3. the opening (what precedes the first heading): title-page material moved into the metadata;
4. an empty first heading before the others is the book's title;
5. the opening joins chapter 1 when it is the author's front matter (notes, or a few lines around a
   note) or repeats chapter 1's title; story text before the first heading is a part of its own;
6. the reader's overrides (title, authors, series, tags, summary, language);
7. titles: the book's (site, title page, file name, ``Untitled``), and each chapter's
   (``--chapter-title-format``);
8. the identifier (``identity``).

The draft is not changed: the Book has its own metadata and block lists.
"""

from __future__ import annotations

import copy

from ..errors import InputError
from ..language import normalise_tag
from ..model import UNTITLED, AuthorNote, Book, Chapter, Draft, Metadata, Part, Removed, iter_paragraphs
from ..options import Options
from .blocks import front_note, refine_blocks, tidy_breaks
from .front import opening, same_title, title_from_name
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


def _words(part: Part) -> int:
    return sum(len(p.text.split()) for p in iter_paragraphs(part.blocks))


def _format_titles(parts: list[Part], fmt: str | None) -> list[str | None]:
    """Chapter titles by ``fmt`` (``{n}``: the chapter's position, ``{title}``: the heading's words)."""
    titles: list[str | None] = [p.title for p in parts]
    if not fmt:
        return titles
    for n, part in enumerate(parts, 1):
        if not part.title:
            continue
        words = part.words if part.number is not None and part.words is not None else part.title
        text = fmt.format(n=n, title=words)
        titles[n - 1] = text.strip().strip(".:-–—|").strip() or part.title
    return titles


def finish(draft: Draft, options: Options) -> tuple[Book, Removed]:
    """The Book a Draft holds, and every removal (the draft's and this step's), in the order made."""
    meta = copy.deepcopy(draft.metadata)
    removed = Removed(list(draft.removed.items))
    _site_facts(meta, draft)

    parts = [
        Part(p.title, refine_blocks(p.blocks, options.notes, removed), p.number, p.words, p.origin) for p in draft.parts
    ]
    first = parts[0] if parts and parts[0].title is None else None
    chapters = parts[1:] if first is not None else parts
    front = opening(first.blocks, draft, meta, removed, bool(chapters)) if first is not None else []

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
        authors_words = any(isinstance(b, AuthorNote) for b in front) and _words(opening_part) <= OPENING_WORDS
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
        else:
            chapters.insert(0, opening_part)
    if not any(part.blocks for part in chapters):
        raise InputError("the input holds no story text")

    if chapters[0].title is None and draft.part_title:
        chapters[0].title = draft.part_title
    _overrides(meta, options)
    if not meta.title:
        meta.title = (
            (draft.part_title if len(chapters) == 1 else None) or title_from_name(options.source_name) or UNTITLED
        )
    if chapters[0].title is None:
        chapters[0].title = meta.title
    titles = _format_titles(chapters, options.chapter_title_format)
    book_chapters = [Chapter(title, part.blocks) for title, part in zip(titles, chapters)]
    if not meta.identifier:
        meta.identifier = identifier(meta, opening_words(book_chapters))
    return Book(meta, book_chapters), removed
