"""Conversion options: what a user (or the CLI) can ask of one conversion, checked once by ``validate``."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from typing import Literal

from .errors import UsageError

#: How paragraphs are separated in a text (``structure.lines``); None: detect.
Paragraphs = Literal["blank", "line", "wrapped"]
PARAGRAPH_MODES: tuple[Paragraphs, ...] = ("blank", "line", "wrapped")
#: The space before « » ; : ! ? in French: no-break (U+00A0) or narrow no-break (U+202F).
FRENCH_SPACES = ("\u00a0", "\u202f")


@dataclass(frozen=True)
class Options:
    # metadata overrides
    title: str | None = None
    authors: tuple[str, ...] = ()
    language: str | None = None  # a BCP 47 tag or a language's name
    series: str | None = None
    series_index: str | None = None
    tags: tuple[str, ...] = ()
    summary: str | None = None
    # reading
    encoding: str | None = None  # force a codec
    fix_text: bool = True  # repair mojibake with ftfy
    # sites
    site: str | None = None  # force a site profile by name
    keep_chrome: bool = False
    # structure
    notes: bool = True  # keep author's notes (False: drop and record)
    paragraphs: Paragraphs | None = None  # None: detect
    chapter_regex: str | None = None
    chapter_title_format: str | None = None  # e.g. "{n}. {title}"
    sort_chapters: bool = False  # chapters numbered out of order are put in the order of their numbers
    # typography
    smarten: bool = True
    french_space: str = "\u00a0"  # space before « » ; ! ? in French
    # book
    cover: bytes | None = None  # the reader's own cover image
    make_cover: bool = True
    info_page: bool = True  # the information page (title, author, summary, facts, tags)
    #: the reader's own stylesheet (its text, UTF-8 bytes or str), added after the book's own
    css: bytes | str | None = None
    # where the input came from (for HTML images and file-name titles); None for bytes only
    source_name: str | None = None  # the input's file name, e.g. "my_story-final.txt"
    base_dir: str | None = None  # folder whose files an HTML input may embed
    modified: str | None = None  # dcterms:modified fallback, "YYYY-MM-DDThh:mm:ssZ"
    extra: dict[str, str] = field(default_factory=dict)


def validate(options: Options) -> Options:
    """``options`` if every value is usable, else UsageError naming the field (``err.option``).

    Called once before any input is read (the CLI), and by ``convert`` for library callers.
    """
    if options.paragraphs is not None and options.paragraphs not in PARAGRAPH_MODES:
        raise UsageError(
            f"paragraph mode must be one of {', '.join(PARAGRAPH_MODES)}, not {options.paragraphs!r}", "paragraphs"
        )
    if options.chapter_regex:
        try:
            re.compile(options.chapter_regex)
        except re.error as err:
            raise UsageError(
                f"{options.chapter_regex!r} is not a valid regular expression: {err}", "chapter_regex"
            ) from None
    if options.chapter_title_format:
        try:
            options.chapter_title_format.format(n=1, title="Title")
        except (KeyError, IndexError, ValueError, AttributeError) as err:
            raise UsageError(
                f"{options.chapter_title_format!r}: use {{n}} and {{title}} ({err})", "chapter_title_format"
            ) from None
    if options.encoding:
        try:
            codec = codecs.lookup(options.encoding)
        except LookupError:
            codec = None
        if codec is None or not getattr(codec, "_is_text_encoding", True):
            raise UsageError(
                f"unknown text encoding {options.encoding!r} (try utf-8, cp1252, latin-1, utf-16)", "encoding"
            )
    if options.site:
        from .sites import profile_named

        profile_named(options.site)
    if options.language:
        from .language import normalise_tag

        if normalise_tag(options.language) is None:
            raise UsageError(
                f"{options.language!r} is not a language tag (en, fr, pt-BR) or a language's name", "language"
            )
    if options.french_space not in FRENCH_SPACES:
        raise UsageError("the French space must be U+00A0 or U+202F", "french_space")
    if options.css is not None:
        stylesheet(options.css)
    return options


#: What a stylesheet may not hold: the book carries no other file for it to load.
_CSS_RESOURCE = re.compile(r"@import|url\s*\(", re.I)


def stylesheet(css: bytes | str) -> str:
    """The reader's stylesheet as text, checked: UTF-8, not empty, loading no other file; else
    UsageError (``css``)."""
    if isinstance(css, bytes):
        try:
            css = css.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise UsageError("the stylesheet is not UTF-8 text", "css") from None
    if not css.strip():
        raise UsageError("the stylesheet is empty", "css")
    if "\x00" in css or "</" in css:
        raise UsageError("the stylesheet is not a CSS file", "css")
    if _CSS_RESOURCE.search(css):
        raise UsageError(
            "the stylesheet loads other files (@import, url()), which the book cannot hold; remove them", "css"
        )
    return css
