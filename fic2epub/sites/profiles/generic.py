"""Generic profile for unknown sources: only universal web residue, never story text.

Every pattern is a whole line that no story sentence is: a label or button a web page adds. Bare
numbers are never touched (they may be chapter headings). These rules also run after every other
site's rules, on text scrapes and on saved pages alike.

For saved pages of unknown sites the story is in ``<article>``/``<main>`` (else the body); menus,
headers, footers, sidebars, comments, share and kudos blocks go.
"""

from ..families import FAMILY_RULES
from ..schema import HtmlRules, Rule, SiteProfile

PROFILE = SiteProfile(
    name="generic",
    label="",
    threshold=float("inf"),
    html=HtmlRules(
        container=(
            "article",
            "main",
            "[role=main]",
            "#storytext",
            "#story",
            ".entry-content",
            ".post-content",
            ".chapter-content",
            "#content",
        ),
        drop=(
            "nav",
            "header",
            "footer",
            "aside",
            "[role=navigation]",
            "[role=banner]",
            "[role=contentinfo]",
            "#comments",
            ".comments",
            ".comment-list",
            ".share",
            ".sharing",
            ".sharedaddy",
            ".social-share",
            "#kudos",
            ".kudos",
            ".cookie-banner",
            "#cookie-notice",
            ".advertisement",
            ".ads",
            ".ad",
            ".c-ad",
            "ins.adsbygoogle",
            ".adsbygoogle",
            "[class*=advert]",
            ".sponsored",
        ),
        chapter_title=("h1", "h2"),
    ),
    rules=(
        Rule(
            name="generic.advertisement",
            why="an ad slot's label, alone on its line",
            pattern=r"^[ \t]*(?:Advertisements?|ADVERTISEMENTS?)[ \t]*$",
        ),
        Rule(
            name="generic.cookie_banner",
            why="a cookie/consent banner sentence: names cookies and the site's use of them",
            pattern=r"^[ \t]*(?:This (?:web)?site|We|Our (?:web)?site) uses? cookies\b[^\n]{0,300}?"
            r"\b(?:experience|browsing|consent|cookie policy|privacy policy|continu\w* to (?:use|browse))[^\n]{0,200}$",
            flags="i",
        ),
        Rule(
            name="generic.cookie_button",
            why="the buttons of a cookie/consent banner, alone on their line",
            pattern=r"^[ \t]*(?:Accept(?: all)? cookies|Reject(?: all)? cookies|Cookie (?:settings|preferences)"
            r"|Manage (?:cookies|consent)(?: preferences)?|Do not sell my personal information)[ \t]*$",
            flags="i",
        ),
        Rule(
            name="generic.share",
            why="a share widget's label, alone on its line",
            pattern=r"^[ \t]*Share this(?: (?:story|post|article|chapter|page))?:?[ \t]*$",
            flags="i",
        ),
        Rule(
            name="generic.share_button",
            why="a share button naming a social network, alone on its line",
            pattern=r"^[ \t]*(?:Click to share on|Share on) (?:Twitter|Facebook|Tumblr|Reddit|Pinterest|WhatsApp|Telegram|X)"
            r"(?: \(Opens in new window\))?[ \t]*$",
            flags="i",
        ),
        Rule(
            name="generic.skip_link",
            why="an accessibility skip link, alone on its line",
            pattern=r"^[ \t]*Skip to (?:main )?content[ \t]*$",
            flags="i",
        ),
        Rule(
            name="generic.html_comment",
            why="an HTML comment in a text or Markdown file (<!-- … -->): markup a reader never sees",
            pattern=r"<!--[\s\S]*?-->",
        ),
        *FAMILY_RULES,
    ),
)
