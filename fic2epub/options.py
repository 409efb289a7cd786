"""Conversion options: what a user (or the CLI) can ask of one conversion."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Options:
    # metadata overrides
    title: str | None = None
    authors: tuple[str, ...] = ()
    language: str | None = None
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
    paragraphs: str | None = None  # "blank", "line", "wrapped"; None = detect
    chapter_regex: str | None = None
    chapter_title_format: str | None = None  # e.g. "{n}. {title}"
    # typography
    smarten: bool = True
    french_space: str = "\u00a0"  # space before « » ; ! ? in French
    # book
    cover: bytes | None = None  # the reader's own cover image
    make_cover: bool = True
    # where the input came from (for HTML images and file-name titles); None for bytes only
    source_name: str | None = None  # the input's file name, e.g. "my_story-final.txt"
    base_dir: str | None = None  # folder whose files an HTML input may embed
    modified: str | None = None  # dcterms:modified fallback, "YYYY-MM-DDThh:mm:ssZ"
    extra: dict[str, str] = field(default_factory=dict)
