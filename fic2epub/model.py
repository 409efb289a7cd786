"""The one data model every stage passes along: plain dataclasses, no behaviour beyond helpers.

A conversion goes bytes -> text -> (text, Metadata, Removed) -> Book -> XHTML -> EPUB.
Inline emphasis is kept beside the text (``Paragraph.marks``) so that the plain text of every
paragraph stays available for word checks and typography.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

#: Inline mark kinds the renderer knows how to write.
MARK_KINDS = ("i", "b", "u", "s", "sup", "sub", "code", "small")


@dataclass(frozen=True)
class Mark:
    """An inline style over ``text[start:end]`` of a paragraph (``kind`` is one of MARK_KINDS)."""

    start: int
    end: int
    kind: str


@dataclass
class Paragraph:
    """A paragraph of plain text; ``\\n`` inside it is a line break (``<br/>``)."""

    text: str
    marks: list[Mark] = field(default_factory=list)
    align: str | None = None  # "center" or "right" where the source centred it


@dataclass
class SceneBreak:
    """A change of scene; ``marker`` is what the source used (``+++``, ``<hr>``, …)."""

    marker: str = ""


@dataclass
class Heading:
    """A heading inside a chapter (not the chapter's own title)."""

    text: str
    level: int = 3


@dataclass
class AuthorNote:
    """The author's (or translator's) words to readers, set apart from the story."""

    paragraphs: list[Paragraph]
    label: str = ""  # the label as written: "A/N", "Author's Note", "Disclaimer", "Notes"
    kind: str = "note"  # "note", "disclaimer", "translator", "endnote"


@dataclass
class Quote:
    """A block quotation (``<blockquote>``)."""

    blocks: list[Block]


@dataclass
class ListBlock:
    """A bulleted or numbered list; each item is one paragraph."""

    items: list[Paragraph]
    ordered: bool = False


@dataclass
class Table:
    """A simple table of paragraphs (LitRPG status boxes, stats)."""

    rows: list[list[Paragraph]]


@dataclass
class Image:
    """An embedded picture; ``data`` holds the image bytes."""

    data: bytes
    media_type: str
    alt: str = ""


Block = Union[Paragraph, SceneBreak, Heading, AuthorNote, Quote, ListBlock, Table, Image]


@dataclass
class Chapter:
    """A chapter: its title (may be absent) and its blocks in reading order."""

    title: str | None
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Metadata:
    """Everything known about the story. Empty fields mean "not known"."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    language: str | None = None
    summary: str | None = None
    tags: list[str] = field(default_factory=list)
    fandoms: list[str] = field(default_factory=list)
    relationships: list[str] = field(default_factory=list)
    characters: list[str] = field(default_factory=list)
    rating: str | None = None
    warnings: list[str] = field(default_factory=list)
    status: str | None = None
    published: str | None = None  # ISO date where known
    updated: str | None = None  # ISO date where known
    series: str | None = None
    series_index: str | None = None
    source_url: str | None = None
    site: str | None = None  # human name: "Wattpad", "Archive of Our Own"
    story_id: str | None = None  # the site's own id for the story
    #: counters as the site shows them, in display order: {"reads": "1.4K", "votes": "84"}
    stats: dict[str, str] = field(default_factory=dict)
    identifier: str | None = None  # set by the package stage when not given
    extra: dict[str, str] = field(default_factory=dict)  # anything else a site shows


@dataclass(frozen=True)
class Removal:
    """One piece of text taken out of the story, and the rule that took it."""

    rule: str  # "wattpad.footer", "generic.advertisement", "notes.dropped" …
    text: str
    line: int | None = None  # 1-based line in the decoded text, where known


@dataclass
class Removed:
    """What chrome stripping (and any other stage) removed, in order."""

    items: list[Removal] = field(default_factory=list)

    def add(self, rule: str, text: str, line: int | None = None) -> None:
        self.items.append(Removal(rule, text, line))

    def extend(self, other: Removed) -> None:
        self.items.extend(other.items)


@dataclass
class Book:
    """The story as a book: metadata plus chapters in order."""

    metadata: Metadata
    chapters: list[Chapter]


def iter_paragraphs(blocks: list[Block]):
    """Yield every Paragraph in ``blocks``, descending into notes, quotes, lists and tables."""
    for block in blocks:
        if isinstance(block, Paragraph):
            yield block
        elif isinstance(block, AuthorNote):
            yield from block.paragraphs
        elif isinstance(block, Quote):
            yield from iter_paragraphs(block.blocks)
        elif isinstance(block, ListBlock):
            yield from block.items
        elif isinstance(block, Table):
            for row in block.rows:
                yield from row


def book_text(book: Book) -> str:
    """The story's words as plain text (chapter titles, headings and paragraphs), for checks."""
    parts: list[str] = []
    for chapter in book.chapters:
        if chapter.title:
            parts.append(chapter.title)
        for block in chapter.blocks:
            if isinstance(block, Heading):
                parts.append(block.text)
            elif isinstance(block, AuthorNote) and block.label:
                parts.append(block.label)
            parts.extend(p.text for p in iter_paragraphs([block]))
    return "\n".join(parts)
