"""eFiction, the archive engine many fan-fiction archives run (``viewstory.php?sid=N``): a story's
printable page, the whole story or one chapter, as the archive serves it.

The page is bare: the title and the author at the top (``<h3>TITLE by AUTHOR</h3>``, or a bold title
over ``by <a href="viewuser.php?…">AUTHOR</a>``), the archive's line ``This story archived at SITE -
URL`` (the site's name and the story's address), an ``Index`` of the chapters, each chapter under
an ``<h4>Chapter N: …</h4>`` and followed by ``Back to Index``. The structure stage reads the title,
the chapters and the index; this profile adds the archive's line and the author's link.
"""

from ..schema import HtmlRules, Meta, Rule, Signature, SiteProfile

PROFILE = SiteProfile(
    name="efiction",
    label="",  # the archive's own name is on the page (This story archived at …)
    aliases=("efiction",),
    file_words=("efiction",),
    signatures=(
        Signature(r"viewstory\.php\?sid=\d+", 1.0, why="an eFiction story address"),
        Signature(r"This story archived at", 1.5, why="eFiction's printable page line"),
        Signature(r"viewuser\.php\?(?:author)?uid=\d+", 0.5, why="an eFiction author link"),
        Signature(r"""class=["']?chaptertitle""", 0.5, why="eFiction's printable chapter titles"),
    ),
    rules=(
        Rule(
            name="efiction.archived_at",
            why="the archive's line on a printable page: the site's name and the story's address",
            pattern=r"^[ \t]*This story (?:is )?archived at:?[ \t]+(?P<site>[^\n]+?)"
            r"(?:[ \t]*(?:[-–—]|\n)[ \t]*(?P<url>https?://\S+viewstory\.php\?sid=\d+))?[ \t]*$",
            capture={"site": "site", "url": "source_url"},
            where="edges",
        ),
        Rule(
            name="efiction.story_url",
            why="the story's address alone on its line, under the archive's line",
            pattern=r"^[ \t]*(?P<url>https?://\S+/viewstory\.php\?sid=\d+)[ \t]*$",
            capture={"url": "source_url"},
            where="edges",
        ),
    ),
    html=HtmlRules(
        meta=(Meta("authors", "a[href*='viewuser.php']"),),
    ),
)
