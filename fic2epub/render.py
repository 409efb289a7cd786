"""Render stage: Book -> XHTML documents, images and the stylesheet.

Everything here returns strings and bytes; packaging them into an EPUB is ``package``'s job.
Every XHTML file is a complete, well-formed document with an explicit UTF-8 declaration (Kindle
assumes ISO-8859-1 without one), ``lang`` and ``xml:lang``, and ``dir="rtl"`` for right-to-left
languages. File names and ids are ASCII and never built from titles. Chapters longer than
SPLIT_BYTES are split into several files (large files stall Adobe-based readers and older Kindles).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape

from .digest import sha256
from .language import DEFAULT, direction, format_number, native_name, normalise_tag, page_word
from .model import (
    UNTITLED,
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
    iter_paragraphs,
)
from .pictures import EXTENSIONS

CSS = """\
/* fic2epub: light styles. Font, size, line height and alignment stay the reader's: nothing is set
   on body, and no colours are set anywhere (night modes). */
p { margin: 0; text-indent: 1.2em; }
h1 + p, h2 + p, h3 + p, h4 + p, h5 + p, h6 + p, hr + p, div.note + p, div.image + p,
p.first, p.center, p.right { text-indent: 0; }
p.center { text-align: center; }
p.right { text-align: right; }
h1, h2, h3, h4, h5, h6 { text-align: center; hyphens: none; -webkit-hyphens: none; adobe-hyphenate: none;
  page-break-after: avoid; break-after: avoid; page-break-inside: avoid; break-inside: avoid; }
h1 { margin: 1.5em 0 1.5em 0; }
h2, h3, h4, h5, h6 { margin: 1.2em 0 0.8em 0; }
/* a scene break is a real <hr/>: visible even with publisher styles off; here a short centred rule */
hr.scene-break { border: none; border-top: 1px solid; height: 0; width: 30%; margin: 1.4em 35%; }
div.note { margin: 1.2em 0; padding: 0.2em 0 0.2em 0.8em; border-left: 2px solid; font-size: 0.95em; }
div.note p { text-indent: 0; margin: 0.3em 0; }
p.note-label { font-weight: bold; }
blockquote { margin: 1em 1.5em; }
blockquote p { text-indent: 0; margin: 0.5em 0; }
blockquote.epigraph { margin: 1em 0 1.5em 12%; }
blockquote.epigraph p.attribution { text-align: right; }
ul, ol { margin: 0.8em 0 0.8em 1.5em; padding: 0; }
table { border-collapse: collapse; margin: 1em auto; }
td { border: 1px solid; padding: 0.2em 0.5em; }
div.image { text-align: center; margin: 1em 0; text-indent: 0; }
img { max-width: 100%; }
div.cover { text-align: center; margin: 0; padding: 0; }
div.cover img { max-width: 100%; max-height: 100%; }
.titlepage h1 { margin: 2em 0 0.5em 0; }
.titlepage p { text-indent: 0; }
p.subtitle { text-align: center; margin: 0 0 0.5em 0; }
p.byline { text-align: center; margin: 0 0 1.5em 0; }
/* the summary is set like the story's paragraphs */
.summary { margin: 0 0 1.2em 0; }
.summary h2 { font-size: 1em; margin: 0 0 0.4em 0; }
.titlepage .summary p { text-indent: 1.2em; }
.titlepage .summary h2 + p { text-indent: 0; }
/* the facts: one line each, label then value (with publisher styles off: label above value) */
dl.info { margin: 0.8em 0 0 0; font-size: 0.9em; }
dl.info dt { float: left; clear: left; margin: 0 0.4em 0 0; font-weight: bold; }
dl.info dd { margin: 0 0 0.15em 0; }
dl.tags { margin-top: 1em; }
section.dedication, section.epigraph { margin: 3em 0 0 0; }
section.dedication p { text-align: center; text-indent: 0; }
section.epigraph p { margin: 0 0 0 12%; text-indent: 0; }
section.epigraph p.attribution { text-align: right; margin-top: 0.5em; }
nav ol { list-style-type: none; margin: 0; padding: 0; }
nav li { margin: 0.4em 0; }
"""

#: Chapters whose XHTML is larger than this are split (calibre splits at 260 KB).
SPLIT_BYTES = 250_000

#: Characters XML 1.0 forbids (C0 controls except tab/newline/CR, surrogates, U+FFFE/U+FFFF).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

#: Kana and CJK ideographs: scripts written without spaces between words.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
#: A word: one CJK character (AO3 counts them so), or a run of other letters and digits, with
#: inner apostrophes ("it’s" is one word).
_WORD = f"[{_CJK}]|[^\\W{_CJK}]+(?:['’][^\\W{_CJK}]+)*"
#: The same for text without CJK characters (no character from U+3040 up): where no character is
#: in those ranges, ``[^\W…]`` is ``\w``, and this pattern compiles in a twentieth of the time.
_PLAIN_WORD = r"\w+(?:['’]\w+)*"


_HIGH = re.compile("[^\x00-\u303f]")


@lru_cache(maxsize=2)
def _words(plain: bool) -> re.Pattern[str]:
    return re.compile(_PLAIN_WORD if plain else _WORD)


def text(value: str) -> str:
    """Escape text for XHTML content, dropping characters XML cannot hold."""
    return escape(_XML_INVALID.sub("", value), quote=False)


def attr(value: str) -> str:
    """Escape text for an XHTML attribute value."""
    return escape(_XML_INVALID.sub("", value), quote=True)


@dataclass
class Document:
    """One XHTML file of the book.

    ``body`` is the fragment inside ``<body>``; ``toc_label`` is set on the first file of a chapter
    (continuation files of a split chapter have none).
    """

    file_name: str
    title: str
    body: str
    toc_label: str | None = None


@dataclass
class Resource:
    """A binary item of the book (an image)."""

    uid: str
    file_name: str
    media_type: str
    data: bytes


@dataclass
class Rendered:
    """Every document and image of the book, ready to package."""

    title_page: Document | None
    chapters: list[Document]
    language: str
    direction: str
    images: list[Resource] = field(default_factory=list)
    cover: Document | None = None
    cover_image: Resource | None = None
    warnings: list[str] = field(default_factory=list)
    css: str | None = None  # the reader's own stylesheet (user.css), after ours

    @property
    def stylesheets(self) -> tuple[str, ...]:
        return ("style.css", "user.css") if self.css else ("style.css",)


def page(
    title: str, body: str, language: str, dir_: str = "ltr", css: str | tuple[str, ...] | None = "style.css"
) -> bytes:
    """A complete XHTML 5 document (UTF-8, declared) around ``body``, linking the stylesheets ``css``."""
    dir_attr = ' dir="rtl"' if dir_ == "rtl" else ""
    sheets = (css,) if isinstance(css, str) else css or ()
    link = "".join(f'<link rel="stylesheet" type="text/css" href="{attr(sheet)}"/>\n' for sheet in sheets)
    lang = attr(language)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
        f'<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" '
        f'lang="{lang}" xml:lang="{lang}"{dir_attr}>\n<head>\n<meta charset="utf-8"/>\n'
        f"<title>{text(title)}</title>\n{link}</head>\n<body{dir_attr}>\n{body}\n</body>\n</html>\n"
    ).encode()


def inline(value: str, marks: list[Mark]) -> str:
    """Escape ``value`` and wrap its marked ranges in properly nested inline elements."""
    if not marks:
        return text(value).replace("\n", "<br/>")
    points = sorted({0, len(value), *[m.start for m in marks], *[m.end for m in marks]})
    out: list[str] = []
    stack: list[str] = []
    for a, b in zip(points, points[1:]):
        if a >= len(value):
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
        out.append(text(value[a:b]).replace("\n", "<br/>"))
    while stack:
        out.append(f"</{stack.pop()}>")
    return "".join(out)


#: A paragraph longer than this (characters) is set as several, split after sentences: a scrape
#: without line breaks can hold a whole novel in one "paragraph", which no reader lays out well.
LONG_PARAGRAPH = 20_000
_SENTENCE_END = re.compile(r"(?<=[.!?…。！？」”’\"'])\s+")


def _pieces(par: Paragraph) -> list[Paragraph]:
    """``par``, or the pieces of a very long one, cut at sentence ends (else at spaces), marks kept."""
    if len(par.text) <= LONG_PARAGRAPH:
        return [par]
    cuts, start = [], 0
    while len(par.text) - start > LONG_PARAGRAPH:
        window = par.text[start + LONG_PARAGRAPH // 2 : start + LONG_PARAGRAPH]
        ends = list(_SENTENCE_END.finditer(window)) or list(re.finditer(r"\s+", window))
        cut = start + LONG_PARAGRAPH // 2 + (ends[-1].end() if ends else len(window))
        cuts.append(cut)
        start = cut
    out, start = [], 0
    for end in [*cuts, len(par.text)]:
        text = par.text[start:end]
        marks = [
            Mark(max(m.start, start) - start, min(m.end, end) - start, m.kind)
            for m in par.marks
            if m.start < end and m.end > start
        ]
        lead = len(text) - len(text.lstrip())
        out.append(
            Paragraph(
                text.strip(),
                [
                    Mark(max(0, m.start - lead), min(len(text.strip()), m.end - lead), m.kind)
                    for m in marks
                    if m.end - lead > max(0, m.start - lead)
                ],
                par.align,
            )
        )
        start = end
    return [p for p in out if p.text]


def _paragraph(par: Paragraph, css: str = "") -> str:
    classes = " ".join(c for c in (css, par.align if par.align in ("center", "right") else "") if c)
    class_attr = f' class="{classes}"' if classes else ""
    return f"<p{class_attr}>{inline(par.text, par.marks)}</p>"


def _note(block: AuthorNote) -> str:
    # a plain div: epub:type footnote/endnote/rearnote would make readers hide the note or turn it
    # into a pop-up
    kind = re.sub(r"[^a-z]", "", block.kind.lower())
    classes = "note" + (f" note-{kind}" if kind and kind != "note" else "")
    inner = [f'<p class="note-label">{text(block.label)}</p>'] if block.label else []
    inner.extend(_paragraph(p) for p in block.paragraphs)
    return f'<div class="{classes}">{"".join(inner)}</div>'


def _image(block: Image, images: dict[int, str]) -> str:
    src = images.get(id(block))
    if src:
        return f'<div class="image"><img src="{attr(src)}" alt="{attr(block.alt)}"/></div>'
    # the picture could not be used: keep its description, which is part of the story
    return f'<p class="center">[{text(block.alt)}]</p>' if block.alt.strip() else ""


def render_block(block, images: dict[int, str]) -> str:
    """One block as XHTML (an empty string for a block with nothing to show)."""
    if isinstance(block, Paragraph):
        return _paragraph(block)
    if isinstance(block, SceneBreak):
        return '<hr class="scene-break"/>'
    if isinstance(block, Heading):
        level = min(max(block.level, 2), 6)
        return f"<h{level}>{text(block.text)}</h{level}>"
    if isinstance(block, AuthorNote):
        return _note(block)
    if isinstance(block, Quote) and block.kind == "epigraph":
        *quotation, attribution = block.blocks
        inner = "".join(render_blocks(quotation, images))
        signed = f'<p class="attribution">{inline(attribution.text, attribution.marks)}</p>'  # type: ignore[union-attr]
        return f'<blockquote class="epigraph">{inner}{signed}</blockquote>'
    if isinstance(block, Quote):
        inner = "".join(render_blocks(block.blocks, images))
        return f"<blockquote>{inner}</blockquote>" if inner else ""
    if isinstance(block, ListBlock):
        tag = "ol" if block.ordered else "ul"
        items = "".join(f"<li>{inline(p.text, p.marks)}</li>" for p in block.items)
        return f"<{tag}>{items}</{tag}>" if items else ""
    if isinstance(block, Table):
        rows = "".join(
            "<tr>" + "".join(f"<td>{inline(p.text, p.marks)}</td>" for p in row) + "</tr>" for row in block.rows if row
        )
        return f"<table>{rows}</table>" if rows else ""
    if isinstance(block, Image):
        return _image(block, images)
    raise TypeError(f"unknown block type {type(block).__name__}")


def render_blocks(blocks: list, images: dict[int, str] | None = None) -> list[str]:
    """Every block as XHTML, in order, empty ones left out (a very long paragraph as several)."""
    pieces = (piece for b in blocks for piece in (_pieces(b) if isinstance(b, Paragraph) else (b,)))
    return [html for html in (render_block(b, images or {}) for b in pieces) if html]


def _split(parts: list[str], limit: int) -> list[list[str]]:
    """Group block strings into runs of at most ``limit`` UTF-8 bytes (a bigger block stays whole)."""
    groups: list[list[str]] = [[]]
    size = 0
    for html in parts:
        length = len(html.encode("utf-8")) + 1
        if groups[-1] and size + length > limit:
            groups.append([])
            size = 0
        groups[-1].append(html)
        size += length
    return groups


def render_chapter(
    chapter: Chapter,
    index: int,
    images: dict[int, str] | None = None,
    label: str | None = None,
    limit: int = SPLIT_BYTES,
    language: str = DEFAULT,
    name: str | None = None,
) -> list[Document]:
    """A chapter as one or more documents; only the first carries the title and a TOC label.

    Front matter is a section of its ``kind`` (``epub:type="dedication"`` …); a dedication or an
    epigraph without a title shows none, and the contents name it in the book's language.
    """
    front = chapter.kind != "chapter"
    label = (
        chapter.title
        or label
        or (page_word(language, chapter.kind) if front else page_word(language, "chapter", n=str(index)))
    )
    blocks = render_blocks(chapter.blocks, images)
    if chapter.kind == "epigraph" and blocks and _attributed(chapter):
        blocks[-1] = blocks[-1].replace("<p>", '<p class="attribution">', 1)
    if chapter.title or (not blocks and not front):
        blocks.insert(0, f"<h1>{text(label)}</h1>")
    name = name or f"chapter{index:03d}"
    kind = chapter.kind
    documents = []
    for n, group in enumerate(_split(blocks, limit), 1):
        file_name = f"{name}.xhtml" if n == 1 else f"{name}-{n}.xhtml"
        body = f'<section class="{kind}" epub:type="{kind}">\n' + "\n".join(group) + "\n</section>"
        documents.append(Document(file_name, label, body, label if n == 1 else None))
    return documents


def _attributed(chapter: Chapter) -> bool:
    """An epigraph whose last paragraph is its attribution (a line of its own after the quotation)."""
    last = chapter.blocks[-1] if chapter.blocks else None
    return len(chapter.blocks) > 1 and isinstance(last, Paragraph) and "\n" not in last.text.strip()


# --- title page -------------------------------------------------------------------------------


def word_count(book: Book) -> int:
    """Words of the story (author's notes left out); CJK characters count one each, as AO3 does."""
    # A word never spans a line end (\n is not a letter), so the paragraphs are counted joined, in
    # pieces of about 64K characters: one findall over the whole story held a string for each of its
    # words at once (117 MB for a 10 MB text). Each piece takes the plain pattern where it has no
    # character from U+3040 up (the same matches there); a search finds one ten times faster than max().
    count = 0
    piece: list[str] = []
    size = 0
    for chapter in book.chapters:
        for par in iter_paragraphs([b for b in chapter.blocks if not isinstance(b, AuthorNote)]):
            piece.append(par.text)
            size += len(par.text) + 1
            if size >= _PIECE:
                count += _count_words("\n".join(piece))
                piece, size = [], 0
    return count + _count_words("\n".join(piece))


_PIECE = 1 << 16


def _count_words(text: str) -> int:
    """The words of ``text``, a piece at a time: a long paragraph (a story saved as one line) is cut
    at spaces, which no word holds."""
    count = start = 0
    while start < len(text):
        cut = text.find(" ", start + _PIECE)
        end = len(text) if cut < 0 else cut
        piece = text[start:end] if start or end < len(text) else text
        count += len(_words(not _HIGH.search(piece)).findall(piece))
        start = end
    return count


def chapter_count(book: Book) -> int:
    """The book's chapters (front matter is not counted)."""
    return sum(chapter.kind == "chapter" for chapter in book.chapters)


def _series(m: Metadata) -> str | None:
    if not m.series:
        return None
    return f"{m.series} #{m.series_index}" if m.series_index else m.series


def _link(url: str | None) -> str | None:
    if not url:
        return None
    if re.match(r"https?://\S+$", url):  # only web links become links; anything else stays text
        return f'<a href="{attr(url)}">{text(url)}</a>'
    return text(url)


#: A site's status words -> the page word that says them in the book's language.
_STATUS = {"completed": "completed", "complete": "completed", "in progress": "in_progress", "ongoing": "in_progress"}
#: Fields shown with the tags, last.
_TAG_ROWS = ("fandoms", "relationships", "characters", "tags")


def _label(language: str, key: str) -> str:
    """A row's label: the page word for ``key``, else the key as words (``view_count`` -> ``View count``)."""
    from .language import PAGE_WORDS

    if key in PAGE_WORDS["en"]:
        return page_word(language, key)
    return key.replace("_", " ").capitalize()


def _under_title(m: Metadata) -> tuple[list[str], dict[str, str]]:
    """Lines shown under the title (the subtitle, and extra values that name themselves, such as
    ``Season I: The Veil of Reality``), and the extra values left for the rows."""
    lines: list[str] = []
    rest: dict[str, str] = {}
    for name, value in m.extra.items():
        words = name.replace("_", " ")
        if name == "subtitle" or value.lower().startswith(words.lower() + " "):
            lines.append(value)
        else:
            rest[name] = value
    return lines, rest


def info_rows(book: Book, language: str, count: int | None = None) -> list[tuple[str, str]]:
    """The information page's facts as (label, XHTML value) rows, only what is known: the site and
    source, series, rating and warnings, language, status, dates, then the counts, formatted the
    book's language's way (the tags are ``tag_rows``). ``count``: the book's ``word_count``, if known."""
    m = book.metadata
    stats = {k.lower(): v for k, v in m.stats.items()}
    words = stats.pop("words", None) or str(word_count(book) if count is None else count)
    chapters = stats.pop("chapters", None) or str(chapter_count(book))
    status = (
        m.status and page_word(language, _STATUS[m.status.lower()])
        if m.status and m.status.lower() in _STATUS
        else m.status
    )
    _, extra = _under_title(m)
    category = extra.pop("category", None)
    rows: list[tuple[str, str | None]] = [
        ("site", m.site and text(m.site)),
        ("source", _link(m.source_url)),
        ("series", (s := _series(m)) and text(s)),
        ("rating", m.rating and text(m.rating)),
        ("warnings", text(", ".join(m.warnings))),
        ("category", category and text(category)),
        ("language", text(native_name(language))),
        ("status", status and text(status)),
        ("published", m.published and text(m.published)),
        ("updated", m.updated and text(m.updated)),
        ("words", text(format_number(words, language)) if words.strip("0") else None),
        ("chapters", text(format_number(chapters, language))),
    ]
    rows += [(name, text(format_number(value, language))) for name, value in stats.items()]
    rows += [(name, text(value)) for name, value in extra.items()]
    return [(_label(language, key), value) for key, value in rows if value and str(value).strip()]


def tag_rows(book: Book, language: str) -> list[tuple[str, str]]:
    """The information page's last rows: fandoms, relationships, characters and tags."""
    m = book.metadata
    rows = [(key, ", ".join(getattr(m, key))) for key in _TAG_ROWS]
    return [(_label(language, key), text(value)) for key, value in rows if value.strip()]


def _byline(m: Metadata, language: str) -> str:
    names = [f"{a} ({m.usernames[a]})" if a in m.usernames else a for a in m.authors]
    return page_word(language, "by", name=", ".join(names))


def _rows(rows: list[tuple[str, str]], css: str) -> str:
    return f'<dl class="{css}">' + "".join(f"<dt>{text(k)}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>"


def render_title_page(book: Book, language: str, words: int | None = None) -> Document:
    """The information page: the title (and subtitle), the author, the summary; then the facts, one
    line each, counts formatted the book's language's way; the tags last. Labels in the book's
    language (``language.PAGE_WORDS``)."""
    m = book.metadata
    title = m.title or UNTITLED
    parts = [f'<h1 class="title">{text(title)}</h1>']
    under, _ = _under_title(m)
    parts += [f'<p class="subtitle">{text(line).replace(chr(10), "<br/>")}</p>' for line in under if line.strip()]
    if m.authors:
        parts.append(f'<p class="byline">{text(_byline(m, language))}</p>')
    if m.summary and m.summary.strip():
        lines = [f"<p>{text(line.strip())}</p>" for line in m.summary.split("\n") if line.strip()]
        parts.append(
            f'<div class="summary"><h2>{text(page_word(language, "summary"))}</h2>' + "".join(lines) + "</div>"
        )
    rows = info_rows(book, language, words)
    if rows:
        parts.append(_rows(rows, "info"))
    tags = tag_rows(book, language)
    if tags:
        parts.append(_rows(tags, "info tags"))
    body = '<section class="titlepage" epub:type="titlepage">\n' + "\n".join(parts) + "\n</section>"
    return Document("titlepage.xhtml", title, body)


# --- images -----------------------------------------------------------------------------------


def _walk_images(blocks: list):
    for block in blocks:
        if isinstance(block, Image):
            yield block
        elif isinstance(block, Quote):
            yield from _walk_images(block.blocks)


def _checked(block: Image) -> tuple[bytes, str] | None:
    """A picture the readers did not check (a library user's ``Image``), decoded and made usable."""
    from .pictures import story_picture

    picture = story_picture(block.data, block.alt)
    return (picture.data, picture.media_type) if picture else None


def collect_images(book: Book) -> tuple[dict[int, str], list[Resource], list[str]]:
    """Name every usable picture of the book (identical pictures share one file)."""
    paths: dict[int, str] = {}
    resources: list[Resource] = []
    by_digest: dict[str, str] = {}
    warnings: list[str] = []
    for chapter in book.chapters:
        for block in _walk_images(chapter.blocks):
            digest = sha256(block.data).hexdigest()
            if digest not in by_digest:
                usable = (block.data, block.media_type) if block.checked else _checked(block)
                if usable is None:
                    warnings.append(
                        f"an image ({block.media_type}, {len(block.data)} bytes) could not be read; "
                        "its description was kept"
                    )
                    by_digest[digest] = ""
                    continue
                data, media_type = usable
                n = len(resources) + 1
                resource = Resource(f"image{n:03d}", f"images/image{n:03d}.{EXTENSIONS[media_type]}", media_type, data)
                resources.append(resource)
                by_digest[digest] = resource.file_name
            if by_digest[digest]:
                paths[id(block)] = by_digest[digest]
    return paths, resources, warnings


def render_cover(image: bytes, media_type: str, title: str, label: str = "Cover") -> tuple[Document, Resource]:
    """The cover image item and the page that shows it (Kobo needs the page)."""
    name = f"images/cover.{EXTENSIONS.get(media_type, 'jpg')}"
    body = f'<div class="cover" epub:type="cover"><img src="{name}" alt="{attr(title)}"/></div>'
    return Document("cover.xhtml", label, body), Resource("cover-image", name, media_type, image)


def render_book(
    book: Book,
    cover: tuple[bytes, str] | None = None,
    info_page: bool = True,
    css: str | None = None,
    words: int | None = None,
) -> Rendered:
    """The cover page (when an image is given), the information page (unless ``info_page`` is off),
    front matter and the chapters' documents; ``css`` is the reader's own stylesheet, linked after
    ours; ``words``: the book's ``word_count``, when the caller has counted it."""
    language = normalise_tag(book.metadata.language) or DEFAULT
    paths, images, warnings = collect_images(book)
    single = chapter_count(book) == 1
    chapters: list[Document] = []
    n_front = n_body = 0
    for chapter in book.chapters:
        if chapter.kind == "chapter":
            n_body += 1
            index, name, label = n_body, None, book.metadata.title if single else None
        else:
            n_front += 1
            index, name, label = n_front, f"front{n_front:02d}", None
        chapters.extend(render_chapter(chapter, index, paths, label=label, language=language, name=name))
    rendered = Rendered(
        render_title_page(book, language, words) if info_page else None,
        chapters,
        language,
        direction(language),
        images,
        warnings=warnings,
        css=css,
    )
    if cover is not None:
        rendered.cover, rendered.cover_image = render_cover(
            cover[0], cover[1], book.metadata.title or "Cover", page_word(language, "cover")
        )
    return rendered


def nav_body(toc: list[tuple[str, str]], landmarks: list[tuple[str, str, str]], heading: str = "Contents") -> str:
    """The body of nav.xhtml: the table of contents, and the landmarks (hidden)."""
    entries = "\n".join(f'<li><a href="{attr(href)}">{text(label)}</a></li>' for label, href in toc)
    marks = "\n".join(
        f'<li><a epub:type="{kind}" href="{attr(href)}">{text(label)}</a></li>' for kind, label, href in landmarks
    )
    return (
        f'<nav epub:type="toc" id="toc" role="doc-toc">\n<h1>{text(heading)}</h1>\n<ol>\n{entries}\n</ol>\n</nav>\n'
        f'<nav epub:type="landmarks" id="landmarks" hidden="hidden">\n<h2>Guide</h2>\n<ol>\n{marks}\n</ol>\n</nav>'
    )
