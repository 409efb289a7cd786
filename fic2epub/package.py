"""Package stage: Book + rendered documents -> EPUB 3 bytes (ebooklib), deterministic.

ebooklib pitfalls handled here (see ../shared/STYLE.md): a fixed ``mtime`` for dcterms:modified,
``epub3_pages`` off, TOC built from EpubHtml objects only, and the zip re-written with fixed
timestamps and ``mimetype`` first and stored.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import io
import re
import zipfile

from .errors import ConversionError
from .model import Book, Metadata
from .render import CSS, Document, Rendered

#: The date written when nothing better is known (bytes given to the library with no date).
FIXED_DATE = "2000-01-01T00:00:00Z"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _words(text: str, count: int = 50) -> str:
    return " ".join(re.findall(r"\w+", text.lower())[:count])


def identifier(metadata: Metadata, opening: str) -> str:
    """A stable identifier: the site's story id or URL, else title + author + opening words."""
    if metadata.story_id and metadata.site:
        key = f"{metadata.site}:{metadata.story_id}"
    elif metadata.source_url:
        key = metadata.source_url
    else:
        key = "|".join([metadata.title or "", ",".join(metadata.authors), _words(opening)])
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
    u = f"{digest[:8]}-{digest[8:12]}-5{digest[13:16]}-a{digest[17:20]}-{digest[20:32]}"
    return f"urn:uuid:{u}"


def _parse_modified(value: str | None) -> _dt.datetime:
    if value:
        for fmt in ("%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%d"):
            try:
                return _dt.datetime.strptime(value, fmt)
            except ValueError:
                continue
    return _dt.datetime.strptime(FIXED_DATE, "%Y-%m-%dT%H:%M:%SZ")


def _normalise_zip(data: bytes) -> bytes:
    """Re-write the zip: mimetype first and stored, every entry with one fixed timestamp."""
    src = zipfile.ZipFile(io.BytesIO(data))
    names = src.namelist()
    order = ["mimetype"] + [n for n in names if n != "mimetype"]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.external_attr = 0o644 << 16
            if name == "mimetype":
                info.compress_type = zipfile.ZIP_STORED
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, src.read(name), compresslevel=9 if name != "mimetype" else None)
    return out.getvalue()


def _html_item(epub, doc: Document, language: str, css_item):
    item = epub.EpubHtml(title=doc.title, file_name=doc.file_name, lang=language)
    item.content = doc.body
    item.add_item(css_item)
    return item


def package(book: Book, documents: Rendered, modified: str | None = None, options=None) -> bytes:
    """Build the EPUB 3 file for ``book`` and return its bytes."""
    from ebooklib import epub

    title_page, chapters = documents.title_page, documents.chapters
    meta = book.metadata
    language = meta.language or "en"
    ebook = epub.EpubBook()
    ebook.FOLDER_NAME = "OEBPS"
    opening = " ".join(d.body for d in chapters[:1])
    meta.identifier = meta.identifier or identifier(meta, re.sub(r"<[^>]+>", " ", opening))
    ebook.set_identifier(meta.identifier)
    ebook.set_title(meta.title or "Untitled")
    ebook.set_language(language)
    for author in meta.authors:
        ebook.add_author(author)
    if meta.summary:
        ebook.add_metadata("DC", "description", meta.summary)
    for tag in meta.tags:
        ebook.add_metadata("DC", "subject", tag)
    if meta.site:
        ebook.add_metadata("DC", "publisher", meta.site)
    if meta.source_url:
        ebook.add_metadata("DC", "source", meta.source_url)
    if meta.published:
        ebook.add_metadata("DC", "date", meta.published)

    css = epub.EpubItem(uid="style", file_name="style.css", media_type="text/css", content=CSS.encode("utf-8"))
    ebook.add_item(css)
    items = []
    for doc in [title_page, *chapters]:
        if not doc.body.strip():
            raise ConversionError(f"internal error: {doc.file_name} would be empty")
        item = _html_item(epub, doc, language, css)
        ebook.add_item(item)
        items.append(item)
    ebook.toc = items[1:]
    ebook.add_item(epub.EpubNcx())
    nav = epub.EpubNav()
    ebook.add_item(nav)
    # a visible table of contents only where there is more than one chapter
    ebook.spine = [items[0], "nav", *items[1:]] if len(items) > 2 else items

    buffer = io.BytesIO()
    writer = epub.EpubWriter(buffer, ebook, {"epub3_pages": False, "mtime": _parse_modified(modified),
                                             "raise_exceptions": True})
    writer.process()
    try:
        writer.write()
    except Exception as err:  # ebooklib raises many kinds; report one clean error
        raise ConversionError(f"could not build the EPUB: {err}") from None
    return _normalise_zip(buffer.getvalue())
