"""The conversion: wires the stages together. No disk, no printing.

    bytes --reading--> text --sites--> (text, Metadata, Removed) --structure--> Book
    (saved pages: text --html_input--> Book, with the site's HTML rules)
    Book --language, typography--> Book --render--> documents --package--> EPUB bytes
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import Book, Removed, book_text
from .options import Options


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
    info: dict = field(default_factory=dict)  # everything ``inspect`` shows


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


def _from_text(text: str, options: Options, info: dict) -> tuple[Book, Removed]:
    """A text scrape: strip the site's chrome, then find the structure."""
    from . import sites, structure

    site = sites.strip_text(text, options.site, options.keep_chrome)
    info["site"] = site.detection.profile.name
    info["site_confidence"] = site.detection.confidence
    info["site_evidence"] = site.detection.evidence
    book = structure.build_book(site.text, site.metadata, options, site.part_title, site.removed)
    return book, site.removed


def _from_html(html: str, options: Options, info: dict) -> tuple[Book, Removed]:
    """A saved page: find the story and its metadata with the site's HTML rules."""
    from . import html_input

    page = html_input.read_page(html, options)
    info["site"] = page.detection.profile.name
    info["site_confidence"] = page.detection.confidence
    info["site_evidence"] = page.detection.evidence
    info["warnings"].extend(page.warnings)
    return page.book, page.removed


def _set_language(book: Book, options: Options, info: dict) -> None:
    """The book's language as a valid BCP 47 tag: the option, the site's, else detected."""
    from .language import detect_language
    from .render import language_tag

    given = book.metadata.language
    if given:
        tag = language_tag(given)
        if tag.lower() != given.replace("_", "-").lower():
            info["warnings"].append(f"language {given!r} is not a valid BCP 47 tag; using {tag!r}")
        book.metadata.language = tag
        info["language"] = {"tag": tag, "source": "option" if options.language else "site"}
        return
    found = detect_language(book_text(book))
    book.metadata.language = found.tag
    info["language"] = {"tag": found.tag, "confidence": round(found.confidence, 3), "source": "detected"}
    if not found.sure:
        info["warnings"].append(f"language not recognised with confidence; using {found.tag!r} (set --language)")


def build(data: bytes, options: Options | None = None) -> tuple[Book, Removed, dict]:
    """Run every stage up to the finished Book (typography included)."""
    from . import html_input, reading, typography

    options = options or Options()
    decoded = reading.read_text(data, options.encoding, options.fix_text)
    info: dict = {"encoding": decoded.encoding, "encoding_confidence": decoded.confidence,
                  "encoding_method": decoded.method, "reading_changes": list(decoded.changes),
                  "warnings": list(decoded.warnings)}
    if html_input.is_html(decoded.text, options.source_name):
        info["input"] = "html"
        book, removed = _from_html(decoded.text, options, info)
    else:
        info["input"] = "text"
        book, removed = _from_text(decoded.text, options, info)
    _apply_overrides(book, options)
    _set_language(book, options, info)
    if options.smarten:
        book = typography.smarten_book(book, book.metadata.language, options)
    return book, removed, info


def convert(data: bytes, options: Options | None = None) -> Result:
    """Convert the bytes of a saved story into EPUB bytes, without touching the disk."""
    from . import cover, kindle, package, render

    options = options or Options()
    book, removed, info = build(data, options)
    image = None
    if options.cover is not None:
        image = cover.prepare_cover(options.cover)
    elif options.make_cover:
        image = (cover.generate_cover(book.metadata), "image/jpeg")
    info["cover"] = "reader" if options.cover is not None else "generated" if image else "none"
    documents = render.render_book(book, image)
    info["warnings"].extend(documents.warnings)
    epub = package.package(book, documents, modified=book.metadata.updated or options.modified, options=options)
    info["kindle"] = kindle.lint(epub)
    info["warnings"].extend(f"Kindle: {problem}" for problem in info["kindle"])
    return Result(epub, book, removed, info["site"], info["site_confidence"], info["encoding"], info["warnings"], info)
