"""The HTML part of a site profile: where a saved page keeps the story and its metadata.

Everything here is data (CSS selectors, label tables and regexes); ``fic2epub.html_input`` applies it.
Selectors are CSS as soupsieve reads them; a ``Meta`` selector may end in ``@attr`` to read an
attribute instead of the text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # profile.py imports this module
    from .profile import Rule


@dataclass(frozen=True)
class Meta:
    """One metadata value on the page.

    ``target`` is a Metadata field as in ``Rule.capture`` (``title``, ``authors``, ``stats.hits``,
    ``extra.translator`` …). Every element ``selector`` matches gives a value (list fields collect them
    all, single fields keep the first); ``pattern`` (a regex searched in the value) keeps its group 1
    and skips values it does not match; ``template`` formats the result (``"https://x/{}"``);
    ``remove`` takes the element out of the story (recorded) when it sits inside it; ``slug`` reads
    an address slug as words (``legend-of-the-great-sage`` -> ``Legend of the Great Sage``).
    """

    target: str
    selector: str
    pattern: str | None = None
    template: str | None = None
    remove: bool = False
    slug: bool = False


@dataclass(frozen=True)
class HtmlRules:
    """Where a saved page of the site keeps the story and its metadata (CSS selectors)."""

    #: first selector that matches anything holds the story (all its matches, in page order);
    #: nothing matching -> the page body
    container: tuple[str, ...] = ()
    #: elements removed (recorded) before the story is read: menus, counters, comments, ads
    drop: tuple[str, ...] = ()
    #: elements whose text starts a new chapter and is its title
    chapter_title: tuple[str, ...] = ()
    #: author's-note blocks (kept as AuthorNote); ``note_label`` finds the label inside one
    notes: tuple[str, ...] = ()
    note_label: tuple[str, ...] = ()
    #: notes that come after the story (AuthorNote.kind "endnote"), and translators' notes
    end_notes: tuple[str, ...] = ()
    translator_notes: tuple[str, ...] = ()
    meta: tuple[Meta, ...] = ()
    #: ``dl`` elements of ``dt``/``dd`` label/value pairs; ``labels`` maps a label to a Meta target
    meta_lists: tuple[str, ...] = ()
    labels: dict[str, str] = field(default_factory=dict)
    #: chrome that is a whole paragraph of the story: ``Rule.pattern`` must match the paragraph's
    #: whole text; ``where`` and ``window`` count paragraphs of the book (``start``/``end``/``any``)
    chrome: tuple[Rule, ...] = ()
    #: paragraphs that read as chapter headings (``structure.split_chapters``) start chapters:
    #: scraper dumps whose chapter headings are the author's own bold lines
    split_headings: bool = False
    #: wholly bold or italic paragraphs before a chapter's first scene break, with no label, are the
    #: author's note (FFN authors open chapters so: ``<p><em><strong>Kitsune here …</strong></em></p><hr>``)
    lead_notes: bool = False
    #: the page's ``<title>`` is the book title once this regex (the site's suffix) is taken out;
    #: None: the ``<title>`` is not the book's
    title_suffix: str | None = None
