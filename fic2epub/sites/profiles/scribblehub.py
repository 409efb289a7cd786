"""ScribbleHub: a chapter page saved from the browser.

The chapter is ``#chp_raw`` (inside ``#chp_contents``); around it sit the menus, reader settings,
table-of-contents pop-up, stats widgets, ads, previous/next links and the comments. The author's
announcement boxes (``.wi_news``) are the author's words: notes.
"""

from ..schema import HtmlRules, Meta, Signature, SiteProfile

PROFILE = SiteProfile(
    name="scribblehub",
    label="Scribble Hub",
    aliases=("scribble-hub", "sh"),
    file_words=("scribblehub",),
    story_url="https://www.scribblehub.com/series/{story_id}/",
    signatures=(
        Signature(r"scribblehub\.com", 1.0, "i", why="links to scribblehub.com"),
        Signature(r"\| Scribble Hub</title>", 1.5, why="ScribbleHub's page-title suffix"),
        Signature(r'id="chp_raw"', 1.5, why="ScribbleHub's chapter container"),
    ),
    html=HtmlRules(
        container=("#chp_raw", "#chp_contents"),
        drop=(
            ".nav_chp_fi",
            ".prenext",
            ".next_nav_links",
            ".ta_c_bm",
            ".chp_stats_feature",
            "[id^=div-gpt-ad]",
            ".c_set",
            "#my_popupreading",
            "#my_popupchapters",
            ".wi_authornotes_ad",
        ),
        notes=("div.wi_news", ".wi_authornotes"),
        note_label=(".wi_news_title", ".wi_authornotes_title"),
        meta=(
            Meta("title", ".chp_byauthor a[href*='/series/']"),
            Meta("title", "title", pattern=r"^(.+?) - .+ \| Scribble Hub$"),
            Meta("authors", ".chp_byauthor a[href*='/profile/']"),
            Meta("part_title", ".chapter-title"),
            Meta("story_id", ".chp_byauthor a[href*='/series/']@href", pattern=r"/series/(\d+)/"),
            Meta("source_url", "link[rel=alternate][href*='/chapter/']@href", pattern=r"^(.+/chapter/\d+/)"),
            Meta("stats.views", ".chp_stats_feature[title='Total Pageviews']"),
            Meta("stats.comments", ".chp_stats_feature[title='Total Comments']"),
            Meta("stats.hearts", ".chp_stats_feature[title='Favorite This Chapter']"),
        ),
    ),
)
