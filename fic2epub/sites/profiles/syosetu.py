"""Shōsetsuka ni narō (小説家になろう, ncode.syosetu.com): an episode page or a one-shot's page as a
browser saves it (the 2024 ``p-novel`` layout).

The story is ``.p-novel__body``: one ``<p id="Ln">`` a line, ``<p><br></p>`` for a blank line, the
author's foreword (``--preface``) and afterword (``--afterword``) beside the text. Outside it sit the
pager (``目次 次へ``, ``1/795``), the reader settings, the bookmark and rating forms, readers'
comments and the site's footer — all outside the story, so recorded as such. Metadata: the work's
title links from the announcement box above an episode (a one-shot's is its ``h1``), the author
follows ``作者：``, the keywords are the page's ``og:description``, a one-shot's summary its
``description``.
"""

from ..schema import HtmlRules, Meta, Signature, SiteProfile

PROFILE = SiteProfile(
    name="syosetu",
    label="小説家になろう",
    aliases=("narou", "syosetu.com", "ncode"),
    file_words=("syosetu", "narou", "ncode"),
    language="ja",
    story_url="https://ncode.syosetu.com/{story_id}/",
    signatures=(
        Signature(r"ncode\.syosetu\.com/n\d{4}[a-z]{1,3}", 2.0, "i", why="links to a Narou work (ncode)"),
        Signature(r'class="(?:js-novel-text )?p-novel__(?:text|body)', 1.0, why="Narou's text container"),
        Signature(r'content="小説家になろう"', 1.0, why="the page names the site"),
    ),
    html=HtmlRules(
        container=(".p-novel__body",),
        notes=(".p-novel__text--preface",),
        end_notes=(".p-novel__text--afterword",),
        meta=(
            Meta("title", ".c-announce > a[href^='/n']"),
            Meta("title", "h1.p-novel__title:not(.p-novel__title--rensai)"),
            Meta("part_title", "h1.p-novel__title--rensai"),
            Meta("authors", ".p-novel__author", pattern=r"作者：\s*(\S.*?)\s*$"),
            Meta("authors", ".c-announce > a[href*='mypage.syosetu.com']"),
            Meta("authors", ".c-announce:not(:has(> a[href*='mypage.syosetu.com']))", pattern=r"作者：\s*(\S.*?)\s*$"),
            Meta("published", ".p-novel__date-published", pattern=r"(\d{4}/\d{1,2}/\d{1,2})"),
            Meta("tags", "meta[property='og:description']@content", split=r"\s+"),
            Meta(
                "summary", "meta[name=description]@content", pattern=r"^\s*(.+?)\s+(?:\S*//\s*)?無料オンライン小説です"
            ),
            Meta("story_id", "meta[property='og:url']@content", pattern=r"syosetu\.com/(n\d{4}[a-z]{1,3})"),
        ),
    ),
)
