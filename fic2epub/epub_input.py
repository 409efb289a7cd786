"""A book fic2epub made, read back into the model: its metadata from the package document, its
chapters from its XHTML (the inverse of ``render``), for ``--update``.

Only our own books are read (the package's generator meta says ``fic2epub``): their markup is the
small, regular set that ``render`` writes, so every block comes back as the block it was.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from urllib.parse import unquote

from .errors import InputError
from .model import (
    AuthorNote,
    Block,
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

_X = "{http://www.w3.org/1999/xhtml}"
_NS = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}
_MARKS = {"i", "b", "u", "s", "sup", "sub", "code", "small"}
_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".gif": "image/gif"}


def _local(el) -> str:
    return el.tag.rpartition("}")[2] if isinstance(el.tag, str) else ""


def _inline(el) -> Paragraph:
    """A ``<p>``, ``<li>`` or ``<td>`` as a Paragraph: its text, ``<br/>`` as ``\\n``, marks."""
    parts: list[str] = []
    marks: list[Mark] = []
    size = 0

    def walk(node) -> None:
        nonlocal size
        if node.text:
            parts.append(node.text)
            size += len(node.text)
        for child in node:
            name = _local(child)
            if name == "br":
                parts.append("\n")
                size += 1
            else:
                start = size
                walk(child)
                if name in _MARKS and size > start:
                    marks.append(Mark(start, size, name))
            if child.tail:
                parts.append(child.tail)
                size += len(child.tail)

    walk(el)
    classes = (el.get("class") or "").split()
    align = "center" if "center" in classes else "right" if "right" in classes else None
    return Paragraph("".join(parts), sorted(marks, key=lambda m: (m.start, -m.end)), align)  # type: ignore[arg-type]


def _blocks(container, images: dict[str, bytes], base: str) -> list[Block]:
    out: list[Block] = []
    for el in container:
        name = _local(el)
        classes = (el.get("class") or "").split()
        if name == "p":
            out.append(_inline(el))
        elif name == "hr":
            out.append(SceneBreak("<hr>"))
        elif name in ("h2", "h3", "h4", "h5", "h6"):
            out.append(Heading("".join(el.itertext()), int(name[1])))
        elif name == "div" and "note" in classes:
            label = next((" ".join(p.itertext()) for p in el if "note-label" in (p.get("class") or "")), "")
            kind = next((c[5:] for c in classes if c.startswith("note-")), "note")
            paragraphs = [_inline(p) for p in el if _local(p) == "p" and "note-label" not in (p.get("class") or "")]
            out.append(AuthorNote(paragraphs, label, kind))  # type: ignore[arg-type]
        elif name == "div" and "image" in classes:
            for img in el.iter(f"{_X}img"):
                path = posixpath.normpath(posixpath.join(base, unquote(img.get("src", ""))))
                if path in images:
                    ext = posixpath.splitext(path)[1].lower()
                    out.append(Image(images[path], _TYPES.get(ext, "image/jpeg"), img.get("alt", ""), checked=True))
        elif name == "blockquote":
            out.append(Quote(_blocks(el, images, base)))
        elif name in ("ul", "ol"):
            out.append(ListBlock([_inline(li) for li in el if _local(li) == "li"], name == "ol"))
        elif name == "table":
            rows = [[_inline(td) for td in tr if _local(td) in ("td", "th")] for tr in el.iter(f"{_X}tr")]
            out.append(Table(rows))
    return out


def read_book(epub: bytes) -> Book:
    """The Book in ``epub``, a book fic2epub made (InputError for any other file)."""
    from lxml import etree

    try:
        archive = zipfile.ZipFile(io.BytesIO(epub))
        container = etree.fromstring(archive.read("META-INF/container.xml"))
        opf_path = container.xpath("//*[local-name()='rootfile']/@full-path")[0]
        opf = etree.fromstring(archive.read(opf_path))
    except (zipfile.BadZipFile, KeyError, IndexError, etree.XMLSyntaxError):
        raise InputError("not an EPUB book") from None
    generator = opf.xpath("//opf:meta[@name='generator']/@content", namespaces=_NS)
    if not generator or not generator[0].startswith("fic2epub"):
        raise InputError("not a book fic2epub made (only those can be updated; convert the story files again)")

    def dc(name: str) -> list[str]:
        return [(e.text or "").strip() for e in opf.findall(f".//dc:{name}", _NS) if (e.text or "").strip()]

    def first(name: str) -> str | None:
        values = dc(name)
        return values[0] if values else None

    series = opf.xpath("//opf:meta[@property='belongs-to-collection']/text()", namespaces=_NS)
    index = opf.xpath("//opf:meta[@property='group-position']/text()", namespaces=_NS)
    meta = Metadata(
        title=first("title"),
        authors=dc("creator"),
        language=first("language"),
        summary=first("description"),
        tags=dc("subject"),
        site=first("publisher"),
        source_url=first("source"),
        published=first("date"),
        identifier=first("identifier"),
        series=series[0] if series else None,
        series_index=index[0] if index else None,
    )
    folder = posixpath.dirname(opf_path)
    manifest = {
        item.get("id"): posixpath.normpath(posixpath.join(folder, unquote(item.get("href", ""))))
        for item in opf.findall(".//opf:manifest/opf:item", _NS)
    }
    images = {
        path: archive.read(path)
        for path in manifest.values()
        if posixpath.splitext(path)[1].lower() in _TYPES and "cover" not in posixpath.basename(path)
    }
    chapters: list[Chapter] = []
    for idref in opf.xpath("//opf:spine/opf:itemref/@idref", namespaces=_NS):
        path = manifest.get(idref, "")
        root = etree.fromstring(archive.read(path))
        for section in root.iter(f"{_X}section"):
            kinds = (section.get("{http://www.idpf.org/2007/ops}type") or "").split()
            if "titlepage" in kinds or "cover" in kinds:
                continue
            heading = next((el for el in section if _local(el) == "h1"), None)
            blocks = _blocks([el for el in section if el is not heading], images, posixpath.dirname(path))
            if heading is None and chapters:  # a continuation file of a split chapter
                chapters[-1].blocks.extend(blocks)
            else:
                chapters.append(Chapter("".join(heading.itertext()) if heading is not None else None, blocks))
    if not chapters:
        raise InputError("the book holds no chapters")
    return Book(meta, chapters)
