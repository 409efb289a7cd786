"""The book's identifier (``urn:uuid``): the same story gives the same book, whatever else changes.

From the site's story id, else the story's address, else the title, the authors and the opening
words. Words only (lower case, letters and digits): straight or curly quotes, ``--smarten`` or not,
a re-saved page with other white space, and a longer re-download of the same story keep the
identifier, so e-readers and calibre see the same book updated.
"""

from __future__ import annotations

import re

from ..digest import sha256
from ..model import Chapter, Metadata, iter_paragraphs


def _words(text: str, count: int = 50) -> str:
    return " ".join(re.findall(r"\w+", text.lower())[:count])


def identifier(metadata: Metadata, opening: str) -> str:
    """A stable identifier: the site's story id or URL, else title + author + opening words."""
    if metadata.story_id and metadata.site:
        key = f"{metadata.site}:{metadata.story_id}"
    elif metadata.source_url:
        key = metadata.source_url
    else:
        key = "|".join([_words(metadata.title or ""), ",".join(metadata.authors), _words(opening)])
    digest = sha256(key.encode("utf-8")).hexdigest()
    u = f"{digest[:8]}-{digest[8:12]}-5{digest[13:16]}-a{digest[17:20]}-{digest[20:32]}"
    return f"urn:uuid:{u}"


def opening_words(chapters: list[Chapter]) -> str:
    """The first chapter's title and opening text, for the identifier of a story with no id or URL."""
    if not chapters:
        return ""
    first = chapters[0]
    return " ".join([first.title or "", *(p.text for p in iter_paragraphs(first.blocks))])[:5000]
