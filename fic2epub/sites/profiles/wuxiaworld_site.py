"""WuxiaWorld.Site (wuxiaworld.site): an aggregator of web-novel translations on WordPress's Madara
theme, crawled.

The text is ``.reading-content .text-left``; ads sit between its paragraphs and a "Read latest
Chapters at Wuxia World.Site Only" line is hidden in the text's colour (both generic chrome). The
novel's tags are Madara's tag list; the page's ``og:site_name`` says "WuxiaWorld", which is another
site, so the label is this profile's.
"""

from ..schema import HtmlRules, Meta, Signature, SiteProfile

PROFILE = SiteProfile(
    name="wuxiaworld_site",
    label="WuxiaWorld.Site",
    aliases=("wuxiaworld.site",),
    file_words=("wuxiaworldsite",),
    signatures=(
        Signature(r"wuxiaworld\.site", 2.0, "i", why="links to wuxiaworld.site"),
        Signature(r"wp-content/themes/madara", 0.5, why="the Madara theme"),
    ),
    html=HtmlRules(
        container=(".reading-content .text-left", ".reading-content"),
        meta=(
            Meta("title", ".breadcrumb li:nth-of-type(2) a"),
            Meta("tags", ".wp-manga-tags-list a"),
        ),
    ),
)
