"""Render stage: Book -> XHTML body fragments and the stylesheet.

Everything here returns strings; packaging them into an EPUB is ``package``'s job.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from .model import (
    AuthorNote,
    Book,
    Chapter,
    Heading,
    Image,
    ListBlock,
    Mark,
    Metadata,
    Paragraph,
    Quote,
    SceneBreak,
    Table,
)

CSS = """\
/* fic2epub: light styles that leave font, size and line height to the reader. */
p { margin: 0; text-indent: 1.5em; }
p.first, h1 + p, h2 + p, hr + p, div.note + p, p.center, p.right { text-indent: 0; }
p.center { text-align: center; }
p.right { text-align: right; }
h1, h2, h3 { text-align: center; page-break-after: avoid; break-after: avoid; hyphens: none; -webkit-hyphens: none; }
h1 { margin: 1em 0 1.5em 0; }
hr.scene-break { border: none; border-top: 1px solid; width: 25%; margin: 1.2em auto; height: 0; }
div.note { margin: 1em 0; padding: 0.3em 0.8em; border-left: 2px solid; }
div.note p { text-indent: 0; margin: 0.3em 0; }
p.note-label { font-weight: bold; }
blockquote { margin: 1em 1.5em; }
table { border-collapse: collapse; margin: 1em auto; }
td, th { border: 1px solid; padding: 0.2em 0.5em; }
img { max-width: 100%; }
.titlepage { text-align: center; }
.titlepage h1 { margin-top: 2em; }
.titlepage p { text-indent: 0; margin: 0.4em 0; }
.titlepage dl { text-align: left; margin: 1.5em 0; }
.titlepage dt { font-weight: bold; margin-top: 0.5em; }
.titlepage dd { margin-left: 1em; }
"""


@dataclass
class Document:
    """One XHTML file of the book: its file name, title for the TOC, and body fragment."""

    file_name: str
    title: str
    body: str


def inline(text: str, marks: list[Mark]) -> str:
    """Escape ``text`` and wrap its marked ranges in properly nested inline elements."""
    if not marks:
        return escape(text, quote=False).replace("\n", "<br/>")
    points = sorted({0, len(text), *[m.start for m in marks], *[m.end for m in marks]})
    out: list[str] = []
    stack: list[str] = []
    for a, b in zip(points, points[1:]):
        if a >= len(text):
            break
        active = [m.kind for m in sorted(marks, key=lambda m: (m.start, -m.end)) if m.start <= a and m.end >= b]
        active = list(dict.fromkeys(active))
        # close everything above the deepest element that is still active in order
        keep = 0
        while keep < len(stack) and keep < len(active) and stack[keep] == active[keep]:
            keep += 1
        while len(stack) > keep:
            out.append(f"</{stack.pop()}>")
        for kind in active[keep:]:
            out.append(f"<{kind}>")
            stack.append(kind)
        out.append(escape(text[a:b], quote=False).replace("\n", "<br/>"))
    while stack:
        out.append(f"</{stack.pop()}>")
    return "".join(out)


def _paragraph(par: Paragraph, css: str = "") -> str:
    classes = " ".join(c for c in (css, par.align or "") if c)
    attr = f' class="{classes}"' if classes else ""
    return f"<p{attr}>{inline(par.text, par.marks)}</p>"


def render_blocks(blocks: list, images: dict[int, str] | None = None) -> list[str]:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            out.append(_paragraph(block))
        elif isinstance(block, SceneBreak):
            out.append('<hr class="scene-break"/>')
        elif isinstance(block, Heading):
            level = min(max(block.level, 2), 6)
            out.append(f"<h{level}>{escape(block.text, quote=False)}</h{level}>")
        elif isinstance(block, AuthorNote):
            inner = []
            if block.label:
                inner.append(f'<p class="note-label">{escape(block.label, quote=False)}</p>')
            inner.extend(_paragraph(p) for p in block.paragraphs)
            out.append(f'<div class="note">{"".join(inner)}</div>')
        elif isinstance(block, Quote):
            out.append(f"<blockquote>{''.join(render_blocks(block.blocks, images))}</blockquote>")
        elif isinstance(block, ListBlock):
            tag = "ol" if block.ordered else "ul"
            items = "".join(f"<li>{inline(p.text, p.marks)}</li>" for p in block.items)
            out.append(f"<{tag}>{items}</{tag}>")
        elif isinstance(block, Table):
            rows = "".join(
                "<tr>" + "".join(f"<td>{inline(p.text, p.marks)}</td>" for p in row) + "</tr>"
                for row in block.rows
            )
            out.append(f"<table>{rows}</table>")
        elif isinstance(block, Image):
            src = (images or {}).get(id(block))
            if src:
                out.append(f'<p class="center"><img src="{escape(src)}" alt="{escape(block.alt)}"/></p>')
    return out


def render_chapter(chapter: Chapter, index: int, images: dict[int, str] | None = None) -> Document:
    title = chapter.title or f"Chapter {index}"
    parts = []
    if chapter.title:
        parts.append(f"<h1>{escape(chapter.title, quote=False)}</h1>")
    parts.extend(render_blocks(chapter.blocks, images))
    return Document(f"chapter{index:03d}.xhtml", title, "\n".join(parts))


#: Title-page rows: (label, how to read the value from Metadata).
_INFO_ROWS = (
    ("Site", lambda m: m.site),
    ("Source", lambda m: m.source_url),
    ("Rating", lambda m: m.rating),
    ("Warnings", lambda m: ", ".join(m.warnings)),
    ("Fandoms", lambda m: ", ".join(m.fandoms)),
    ("Relationships", lambda m: ", ".join(m.relationships)),
    ("Characters", lambda m: ", ".join(m.characters)),
    ("Tags", lambda m: ", ".join(m.tags)),
    ("Series", lambda m: m.series and (f"{m.series} #{m.series_index}" if m.series_index else m.series)),
    ("Status", lambda m: m.status),
    ("Published", lambda m: m.published),
    ("Updated", lambda m: m.updated),
)


def render_title_page(metadata: Metadata) -> Document:
    parts = [f"<h1>{escape(metadata.title or '', quote=False)}</h1>"]
    if metadata.authors:
        parts.append(f"<p>by {escape(', '.join(metadata.authors), quote=False)}</p>")
    rows = [(label, get(metadata)) for label, get in _INFO_ROWS]
    rows += [(name.capitalize(), value) for name, value in metadata.stats.items()]
    rows = [(label, value) for label, value in rows if value]
    if rows:
        items = "".join(
            f"<dt>{escape(label, quote=False)}</dt><dd>{escape(str(value), quote=False)}</dd>" for label, value in rows
        )
        parts.append(f"<dl>{items}</dl>")
    if metadata.summary:
        parts.append("<h2>Summary</h2>")
        parts.extend(f"<p>{escape(line, quote=False)}</p>" for line in metadata.summary.split("\n") if line.strip())
    body = '<div class="titlepage">' + "\n".join(parts) + "</div>"
    return Document("titlepage.xhtml", "Title Page", body)


@dataclass
class Rendered:
    """Every document of the book, ready to package."""

    title_page: Document
    chapters: list[Document]


def render_book(book: Book) -> Rendered:
    """The title page and one document per chapter."""
    chapters = [render_chapter(c, i) for i, c in enumerate(book.chapters, 1)]
    return Rendered(render_title_page(book.metadata), chapters)
