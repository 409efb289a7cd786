"""Dreamwidth: a journal entry's page (its light style), on LiveJournal's code: the entry is
``.entry-content`` under ``h3.entry-title``, the poster ``.entry-poster``, the tags ``.tag li a``;
the entry's date (``.poster-info .datetime``); the crosspost line, the entry's icon links, the comments and the footer are outside it. The subject
follows the fic-post convention LiveJournal's profile reads (``Idol RPF: Extra Credit (Adam/Kris)``)."""

from ..schema import HtmlRules, Meta, Signature, SiteProfile
from .livejournal import SUBJECT_PAIRING, SUBJECT_TITLE

PROFILE = SiteProfile(
    name="dreamwidth",
    label="Dreamwidth",
    aliases=("dreamwidth.org", "dw"),
    file_words=("dreamwidth",),
    signatures=(
        Signature(r"dreamwidth\.org/", 1.5, "i", why="links to dreamwidth.org"),
        Signature(r"""class=['"]entry-content['"]""", 0.5, why="the entry's text"),
        Signature(r"""\blj:user=['"]""", 0.5, why="LiveJournal-code user links"),
    ),
    html=HtmlRules(
        container=(".entry .entry-content",),
        meta=(
            Meta("title", "h3.entry-title", pattern=SUBJECT_TITLE),
            Meta("relationships", "h3.entry-title", pattern=SUBJECT_PAIRING),
            Meta("authors", ".entry .entry-poster span.ljuser b"),
            Meta("tags", ".entry .tag li a"),
            # the entry's date links its year, month and day pages: ``2010 - 09 - 20 01:27 am``
            Meta("published", ".entry .poster-info .datetime .date", pattern=r"^\s*(\d{4}-\d{2}-\d{2})\s*$"),
        ),
    ),
)
