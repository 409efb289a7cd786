"""Wuxiaworld (wuxiaworld.com): a chapter page of a translated novel, as browsers, caching proxies and
HAR recordings save it.

The page's generic reading finds the text (``#chapter-content``, ``.fr-view``), the chapter's own
heading and the chrome (previous/next links, the guest chapter limit, sponsored links, recent
chapters). What only this profile knows: the page's JSON-LD ``author`` and the byline name the
translator, not the novel's author, so they go to the translator field and the book has no creator
unless the page names one.
"""

from ..schema import HtmlRules, Signature, SiteProfile

PROFILE = SiteProfile(
    name="wuxiaworld",
    label="Wuxiaworld",
    aliases=("wuxiaworld.com", "ww"),
    file_words=("wuxiaworld", "ww"),
    signatures=(
        Signature(r"(?:www\.|cdn\.)?wuxiaworld\.com", 1.0, "i", min_count=2, why="links to wuxiaworld.com"),
        Signature(r'id="chapter-content"|class="fr-view"', 0.5, why="Wuxiaworld's chapter container"),
    ),
    html=HtmlRules(
        container=("#chapter-content", ".p-15 .fr-view"),
        page_authors="extra.translator",
    ),
)
