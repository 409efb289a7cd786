"""HTML rules for pages of unknown sites: the story is in ``<article>``/``<main>`` (else the body);
menus, headers, footers, sidebars, comments, share and kudos blocks go; only universal web residue
is chrome (the generic profile's line rules, applied to whole paragraphs), never anything that could
be story text."""

from .html_rules import HtmlRules

GENERIC_HTML = HtmlRules(
    container=("article", "main", "[role=main]", "#storytext", "#story", ".entry-content", ".post-content",
               ".chapter-content", "#content"),
    drop=("nav", "header", "footer", "aside", "[role=navigation]", "[role=banner]", "[role=contentinfo]",
          "#comments", ".comments", ".comment-list", ".share", ".sharing", ".sharedaddy", ".social-share",
          "#kudos", ".kudos", ".cookie-banner", "#cookie-notice", ".advertisement", ".ads"),
    chapter_title=("h1", "h2"),
    title_suffix=r"\s+[|–—-]\s+[^|–—-]{1,40}$",
)
