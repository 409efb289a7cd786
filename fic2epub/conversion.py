"""The conversion: wires the stages together. No disk, no printing.

    bytes --reading--> text --sites--> (text, Metadata, Removed) --structure--> Book
    Book --typography--> Book --render--> documents --package--> EPUB bytes
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import Book, Removed
from .options import Options

_HTML_START = re.compile(r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|p\b|div\b)", re.I | re.S)


@dataclass
class Result:
    """What one conversion produced."""

    epub: bytes
    book: Book
    removed: Removed
    site: str  # the profile used
    site_confidence: float
    encoding: str
    warnings: list[str] = field(default_factory=list)


def looks_like_html(text: str, source_name: str | None = None) -> bool:
    if source_name and source_name.lower().endswith((".html", ".htm", ".xhtml")):
        return True
    return bool(_HTML_START.match(text[:2000]))


def _apply_overrides(book: Book, options: Options) -> None:
    meta = book.metadata
    if options.title:
        meta.title = options.title
    if options.authors:
        meta.authors = list(options.authors)
    if options.language:
        meta.language = options.language
    if options.series:
        meta.series = options.series
    if options.series_index:
        meta.series_index = options.series_index
    for tag in options.tags:
        if tag not in meta.tags:
            meta.tags.append(tag)
    if options.summary:
        meta.summary = options.summary


def build(data: bytes, options: Options | None = None) -> tuple[Book, Removed, dict]:
    """Run every stage up to the finished Book (typography included)."""
    from . import reading, sites, structure, typography

    options = options or Options()
    decoded = reading.read_text(data, options.encoding, options.fix_text)
    info = {"encoding": decoded.encoding, "warnings": list(decoded.warnings)}
    if looks_like_html(decoded.text, options.source_name):
        from . import html_input

        text = html_input.html_to_text(decoded.text)
    else:
        text = decoded.text
    site = sites.strip_text(text, options.site, options.keep_chrome)
    info["site"] = site.detection.profile.name
    info["site_confidence"] = site.detection.confidence
    book = structure.build_book(site.text, site.metadata, options, site.part_title)
    _apply_overrides(book, options)
    if options.smarten:
        book = typography.smarten_book(book, book.metadata.language)
    return book, site.removed, info


def convert(data: bytes, options: Options | None = None) -> Result:
    """Convert the bytes of a saved story into EPUB bytes, without touching the disk."""
    from . import package, render

    options = options or Options()
    book, removed, info = build(data, options)
    title_page, chapters = render.render_book(book)
    epub = package.package(book, title_page, chapters, book.metadata.updated or options.modified)
    return Result(epub, book, removed, info["site"], info["site_confidence"], info["encoding"], info["warnings"])
