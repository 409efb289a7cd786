"""Structure stage: the text reader's lines -> parts, and any Draft -> the Book.

Modules, in the order a text passes through them:
``lines``     lines, blocks of lines and the file's paragraph mode (blank-line, one per line, hard-wrapped);
``markers``   scene-break lines and author's-note labels (tables);
``headings``  chapter-heading styles (a table) and number words;
``emphasis``  Markdown emphasis and escapes -> plain text with ``Mark``s;
``chapters``  the text reader: headings chosen, a written table of contents set aside, parts of blocks
              (``read_parts``); the same heading rules over a page's paragraphs (``split_chapters``);
``blocks``    a chapter's blocks settled: breaks, notes, ``--no-notes``;
``front``     title page, byline, repeated title, titles from file names;
``finish``    the book-level step both readers end in (``finish``).
"""

from __future__ import annotations

from ..model import Book, Draft, Metadata, Removed
from ..options import Options
from .blocks import heading_block, lead_notes, refine_blocks
from .chapters import analyse, heading_chapters, read_parts, split_chapters
from .finish import finish
from .front import title_from_name

__all__ = [
    "analyse",
    "build_book",
    "finish",
    "heading_block",
    "heading_chapters",
    "lead_notes",
    "read_parts",
    "refine_blocks",
    "split_chapters",
    "title_from_name",
]


def build_book(
    text: str, options: Options | None = None, metadata: Metadata | None = None, part_title: str | None = None
) -> tuple[Book, Removed]:
    """A plain text (no site chrome to strip) straight to its Book: ``read_parts`` then ``finish``."""
    from ..model import SiteDetection
    from ..sites import generic

    options = options or Options()
    lines = text.split("\n")
    draft = Draft(
        metadata or Metadata(),
        [],
        Removed(),
        SiteDetection(generic(), 0.0),
        "text",
        part_title,
        lines,
        list(range(1, len(lines) + 1)),
    )
    return finish(read_parts(draft, text, options), options)
