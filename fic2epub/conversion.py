"""The conversion, stage by stage. No disk, no printing: bytes and Options in, a Result out.

bytes ──reading──▶ text ─┬─ text: sites.strip_text ─▶ structure.read_parts ─┐
                         └─ HTML: html_input.read_page ─────────────────────┴─▶ Draft
Draft ──structure.finish──▶ Book ──language──▶ ──typography──▶ ──render──▶ documents
      ──package──▶ EPUB bytes ──kindle (a check of the finished book)
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Book, Draft, Removed
from .options import Options, stylesheet, validate
from .report import EncodingReport, LanguageReport, Report, SiteReport


@dataclass
class Result:
    """What one conversion produced: the EPUB, the book it holds, what was removed, and the report."""

    epub: bytes
    book: Book
    removed: Removed
    report: Report
    words: int | None = None  # the story's words (render.word_count), counted once for the page and the record

    @property
    def site(self) -> str:
        return self.report.site.name

    @property
    def site_confidence(self) -> float:
        return self.report.site.confidence

    @property
    def encoding(self) -> str:
        return self.report.encoding.name

    @property
    def warnings(self) -> list[str]:
        return self.report.warnings


def read(text: str, options: Options) -> Draft:
    """The reader the input needs: a saved page's, or a text scrape's."""
    from . import html_input, sites, structure
    from .sites import front_matter

    text, matter = front_matter.split(text)
    if html_input.is_html(text, options.source_name):
        draft = html_input.read_page(text, options)
    else:
        stripped, left = sites.strip_text(text, options.site, options.keep_chrome)
        draft = structure.read_parts(stripped, left, options)
    if matter is not None:
        front_matter.apply(matter, draft)
    return draft


def build(data: bytes | str, options: Options | None = None) -> tuple[Book, Removed, Report]:
    """Every stage up to the finished Book (typography included), and the report so far.

    ``data`` is the input's bytes, or text already decoded (``str``).
    """
    from . import reading, structure, typography
    from .language import settle_language

    options = validate(options or Options())
    if isinstance(data, str):
        decoded = reading.read_str(data, options.fix_text)
    elif isinstance(data, (bytes, bytearray, memoryview)):
        decoded = reading.read_text(bytes(data), options.encoding, options.fix_text)
    else:
        raise TypeError(f"convert() takes the input's bytes (or its decoded text as str), not {type(data).__name__}")
    draft = read(decoded.text, options)
    finish_warnings: list[str] = []
    book, removed = structure.finish(draft, options, finish_warnings)
    book, language, language_warnings = settle_language(book, from_option=bool(options.language))
    if options.smarten:
        book = typography.smarten_book(book, book.metadata.language, options)
    detection = draft.site
    report = Report(
        input=draft.source,
        encoding=EncodingReport(decoded.encoding, decoded.confidence, decoded.method, tuple(decoded.changes)),
        site=SiteReport(
            detection.profile.name, detection.profile.label, detection.confidence, tuple(detection.evidence)
        ),
        language=LanguageReport(language.tag, language.source, language.confidence),
        warnings=[*decoded.warnings, *draft.warnings, *finish_warnings, *language_warnings],
        page=tuple(draft.evidence),
    )
    return book, removed, report


def convert(data: bytes | str, options: Options | None = None) -> Result:
    """Convert the bytes of a saved story (or its decoded text) into EPUB bytes, without touching the disk."""
    from .render import word_count

    options = validate(options or Options())
    book, removed, report = build(data, options)
    words = word_count(book)
    return Result(make_epub(book, options, report, words), book, removed, report, words)


def make_epub(book: Book, options: Options, report: Report, words: int | None = None) -> bytes:
    """A finished Book as EPUB bytes: cover, documents, package, and the Kindle check (in ``report``)."""
    from . import cover, kindle, package, pictures, render

    image = None
    if options.cover is not None:
        image = pictures.cover_picture(options.cover)
        report.cover = "reader"
    elif options.make_cover:
        image = (cover.generate_cover(book.metadata), cover.MEDIA_TYPE)
        report.cover = "generated"
    css = stylesheet(options.css) if options.css is not None else None
    documents = render.render_book(book, image, info_page=options.info_page, css=css, words=words)
    report.warnings.extend(documents.warnings)
    epub = package.package(book, documents, modified=book.metadata.updated or options.modified)
    report.kindle = kindle.lint(epub)
    report.warnings.extend(f"Kindle: {problem}" for problem in report.kindle)
    return epub
