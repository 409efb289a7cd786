"""The one data model every stage passes along: plain dataclasses, no behaviour beyond helpers.

A conversion goes bytes -> text -> Draft (either reader) -> Book -> XHTML -> EPUB. A ``Draft`` is what
both readers (text and HTML) hand to the one book-level step: parts of blocks with their origin, the
metadata lifted so far, and every removal. Inline emphasis is kept beside the text
(``Paragraph.marks``) so that the plain text of every paragraph stays available for word checks and
typography.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from .sites.schema import SiteProfile

#: The title of a book whose scrape, options and file name give none.
UNTITLED = "Untitled"

#: ``footnote``: a note of the book's own (``[1] Voyez …``, ``[Footnote 84: …]``), kept with ``--no-notes``.
NoteKind = Literal["note", "disclaimer", "translator", "endnote", "footnote"]
#: What a section of the book is: a chapter (body matter), or front matter before the first chapter.
#: The names are the EPUB structural-semantics types the section is written with (``epub:type``).
Kind = Literal["chapter", "dedication", "epigraph", "foreword", "preface", "introduction"]
FRONT_KINDS: tuple[str, ...] = ("dedication", "epigraph", "foreword", "preface", "introduction")
Align = Literal["center", "right"]

#: Inline mark kinds the renderer knows how to write.
MARK_KINDS = ("i", "b", "u", "s", "sup", "sub", "code", "small")


@dataclass(frozen=True)
class Mark:
    """An inline style over ``text[start:end]`` of a paragraph (``kind`` is one of MARK_KINDS)."""

    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class Origin:
    """Where a block came from: lines of the decoded text (text input) or an element (HTML input)."""

    line: int | None = None  # first line, 1-based, in the decoded text
    end: int | None = None  # last line
    path: str | None = None  # the element, e.g. "div#storytext > p"


@dataclass
class Paragraph:
    """A paragraph of plain text; ``\\n`` inside it is a line break (``<br/>``)."""

    text: str
    marks: list[Mark] = field(default_factory=list)
    align: Align | None = None  # where the source centred or right-aligned it
    origin: Origin | None = field(default=None, compare=False, repr=False)


@dataclass
class SceneBreak:
    """A change of scene; ``marker`` is what the source used (``+++``, ``<hr>``, …)."""

    marker: str = ""
    origin: Origin | None = field(default=None, compare=False, repr=False)


@dataclass
class Heading:
    """A heading inside a chapter (not the chapter's own title)."""

    text: str
    level: int = 3
    origin: Origin | None = field(default=None, compare=False, repr=False)


@dataclass
class AuthorNote:
    """The author's (or translator's) words to readers, set apart from the story."""

    paragraphs: list[Paragraph]
    label: str = ""  # the label as written: "A/N", "Author's Note", "Disclaimer", "Notes"
    kind: NoteKind = "note"


@dataclass
class Quote:
    """A block quotation (``<blockquote>``); ``kind`` "epigraph" for a chapter's epigraph (a quotation
    under its heading, its last paragraph the attribution)."""

    blocks: list[Block]
    kind: str = ""


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
    """An embedded picture; ``data`` holds the image bytes.

    ``checked``: the bytes were decoded by ``pictures.story_picture`` and are a JPEG, PNG or GIF the
    book may hold as they are (anything else is checked, once, when the book is rendered).
    """

    data: bytes
    media_type: str
    alt: str = ""
    checked: bool = field(default=False, compare=False, repr=False)


Block = Paragraph | SceneBreak | Heading | AuthorNote | Quote | ListBlock | Table | Image


@dataclass
class Chapter:
    """A chapter: its title (may be absent) and its blocks in reading order.

    ``kind`` is ``chapter`` for the story's chapters, else the front matter it is (a dedication, an
    epigraph, a foreword …): listed in the contents, not counted as a chapter. A dedication or an
    epigraph has no title of its own (the contents name it in the book's language).
    """

    title: str | None
    blocks: list[Block] = field(default_factory=list)
    kind: Kind = "chapter"

    @property
    def front(self) -> bool:
        return self.kind != "chapter"


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
    identifier: str | None = None  # urn:uuid, from the site's id or URL, else title, author and opening
    #: a creator's account name where the site shows a pen name (pseud) above it: {"Pseud": "user"}
    usernames: dict[str, str] = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)  # anything else a site shows


@dataclass(frozen=True)
class Removal:
    """One piece of text taken out of the story, and the rule that took it.

    ``moved`` names the metadata field the text went to (``title``, ``authors``, ``summary`` …) when
    it was moved rather than removed as chrome.
    """

    rule: str  # "wattpad.footer", "generic.advertisement", "notes.dropped" …
    text: str
    line: int | None = None  # 1-based line in the decoded text, where known
    where: str | None = None  # the element it was in (HTML input), where known
    moved: str | None = None


@dataclass
class Removed:
    """What chrome stripping (and any other stage) removed, in order."""

    items: list[Removal] = field(default_factory=list)

    def add(
        self, rule: str, text: str, line: int | None = None, where: str | None = None, moved: str | None = None
    ) -> None:
        self.items.append(Removal(rule, text, line, where, moved))

    def add_at(self, rule: str, text: str, origin: Origin | None, moved: str | None = None) -> None:
        """Record ``text`` taken from a block that came from ``origin``."""
        self.add(rule, text, origin.line if origin else None, origin.path if origin else None, moved)

    def extend(self, other: Removed) -> None:
        self.items.extend(other.items)


@dataclass
class Book:
    """The story as a book: metadata plus chapters in order."""

    metadata: Metadata
    chapters: list[Chapter]


@dataclass
class Part:
    """A chapter as a reader found it: its heading (None for what comes before the first heading).

    ``number`` and ``words`` are the heading's number and the words after it (``Chapter 3: Home``
    -> 3, ``Home``), where the heading was numbered.
    """

    title: str | None
    blocks: list[Block] = field(default_factory=list)
    number: int | None = None
    words: str | None = None
    origin: Origin | None = None
    kind: Kind = "chapter"


@dataclass
class SiteDetection:
    """Which site profile a conversion used, how sure the choice is (0..1), and the evidence seen."""

    profile: SiteProfile
    confidence: float
    evidence: list[str] = field(default_factory=list)
    score: float = 0.0


@dataclass
class Draft:
    """What a reader (text or HTML) hands to the book-level step (``structure.finish``).

    ``part_title`` is the title a site gives the chapter the input holds (a Wattpad part, a chapter
    page). For text input, ``lines`` are the lines the structure stage read (chrome taken out) and
    ``line_map[i]`` the decoded text's line number of ``lines[i]``, so that a block's ``Origin`` (in
    decoded line numbers) leads back to its source lines.
    """

    metadata: Metadata
    parts: list[Part]
    removed: Removed
    site: SiteDetection
    source: Literal["text", "html"]
    part_title: str | None = None
    lines: list[str] = field(default_factory=list)
    line_map: list[int] = field(default_factory=list)
    markdown: bool = False  # the text is Markdown (its lines carry emphasis markup and escapes)
    warnings: list[str] = field(default_factory=list)
    #: how a page was read, for ``inspect``: where the story was found, where each metadata value came from
    evidence: list[str] = field(default_factory=list)

    @property
    def profile(self) -> SiteProfile:
        return self.site.profile


def iter_paragraphs(blocks: Iterable[Block]) -> Iterator[Paragraph]:
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


#: Texts longer than this are split a piece at a time (cut at a space) by ``split_count``.
_SPLIT_PIECE = 1 << 16


def split_count(text: str) -> int:
    """``len(text.split())`` without a list of every word at once: a story saved as one 10 MB line
    would hold ~1.9M strings (~115 MB). The text is cut at spaces, which separate words anyway."""
    if len(text) <= _SPLIT_PIECE:
        return len(text.split())
    count = start = 0
    while start < len(text):
        cut = text.find(" ", start + _SPLIT_PIECE)
        end = len(text) if cut < 0 else cut
        count += len(text[start:end].split())
        start = end
    return count


def at_most_words(text: str, n: int) -> bool:
    """``len(text.split()) <= n``, splitting no further than the (n+1)th word."""
    return len(text.split(None, n)) <= n


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
