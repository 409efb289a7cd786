"""一七小说 (1qxs.com), a Chinese web-novel aggregator, as its chapters are scraped to Markdown.

A chapter spans several site pages. Each page repeats the heading (bold) and the site's ad line, and
a downloader joins the pages with ``---``. Headings carry the suffix ``- 书名小说 - 一七小说``.
"""

from ..schema import Rule, Signature, SiteProfile

#: The site's ad line; the book's name is in 【】.
_AD = r"【(?P<book>[^】\n]+)】小说免费阅读，请收藏 一七小说【1qxs\.com】"
#: The heading a page repeats: chapter, book name + 小说, site name.
_PAGE_HEADING = r"\*\*[^\n]+ - [^\n]+?小说 - 一七小说\*\*"

PROFILE = SiteProfile(
    name="yiqi",
    label="一七小说",
    aliases=("1qxs", "yiqixiaoshuo", "一七小说"),
    file_words=("1qxs",),
    language="zh",
    signatures=(
        Signature(r"1qxs\.com", 2.0, "i", why="the site's address"),
        Signature(r" - 一七小说\**[ \t]*$", 1.0, why="heading suffix naming the site"),
    ),
    rules=(
        Rule(
            name="yiqi.page_join_inside_paragraph",
            why="a page join that cuts a sentence (the text before it ends in a letter, not punctuation): "
            "the join goes and the two halves become one paragraph again",
            pattern=rf"(?<=\w)[ \t]*\n\s*^---[ \t]*\n\s*^{_PAGE_HEADING}[ \t]*\n\s*^{_AD}[ \t]*\n\s*",
        ),
        Rule(
            name="yiqi.page_join",
            why="a page join: ---, the repeated bold heading, the ad line",
            pattern=rf"^---[ \t]*\n\s*^{_PAGE_HEADING}[ \t]*\n\s*^{_AD}[ \t]*$",
        ),
        Rule(
            name="yiqi.ad",
            why="the site's ad line under the chapter heading",
            pattern=rf"^[ \t]*{_AD}[ \t]*$",
            capture={"book": "title"},
        ),
        Rule(
            name="yiqi.heading_suffix",
            why="'- 书名小说 - 一七小说' after a chapter heading: the heading stays, the suffix goes",
            # the lookahead tries only lines that end with the site's name: a long line of the story
            # (a run of spaces) is read once, not once for each of its characters
            pattern=r"^(?=[^\n]*一七小说[ \t]*$)(?P<head>#{1,6}[ \t]+)?(?P<chapter>[^\n]+?)[ \t]+-[ \t]+"
            r"(?P<book>[^\n]+?)小说[ \t]+-[ \t]+一七小说[ \t]*$",
            keep=("head", "chapter"),
            capture={"book": "title"},
        ),
    ),
)
