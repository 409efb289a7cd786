"""The HTML part of a site profile: where a saved page keeps the story and its metadata."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class HtmlRules:
    """Where a saved page of the site keeps the story and its metadata (CSS selectors)."""

    container: tuple[str, ...] = ()  # first selector that matches holds the story
    drop: tuple[str, ...] = ()  # elements removed (recorded) before the story is read
    chapter: tuple[str, ...] = ()  # elements that each hold one chapter, in order
    chapter_title: tuple[str, ...] = ()  # inside a chapter (or the page): its title
    notes: tuple[str, ...] = ()  # author's-note blocks (kept as AuthorNote)
    #: Metadata field (as in Rule.capture) -> CSS selector whose text is the value
    meta: dict[str, str] = field(default_factory=dict)
