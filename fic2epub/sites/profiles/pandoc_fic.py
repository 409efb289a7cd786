"""Fan fiction converted to Markdown by pandoc (e.g. from FFN/AO3 chapters), with a front-matter
block the author pastes before every chapter.

The block is the author's disclaimer, acknowledgements and self-promotion, then the story's
title, ``By AUTHOR`` and the season. Decision: the first block stays as the author's text (the
disclaimer becomes an author's note in the structure stage); its repeats before later chapters are
removed and recorded. The title, by-line and season lines go everywhere: they become metadata and
are on the title page. Chapter headings are never touched.
"""

from ..schema import Rule, Signature, SiteProfile

#: The title / by-line / season lines that close the block.
_TITLE_BLOCK = r"\*\*[^*\n]+\*\*[ \t]*\n\n\*\*By [^*\n]+\*\*[ \t]*$"

PROFILE = SiteProfile(
    name="pandoc_fic",
    label="pandoc Markdown fan fiction",
    aliases=("pandoc-fic", "pandoc", "markdown-fic"),
    names_site=False,
    threshold=1.5,
    signatures=(
        Signature(r"\\'", 0.75, min_count=5, why="pandoc-escaped apostrophes"),
        Signature(r"^\*\*By [^*\n]{1,60}\*\*[ \t]*$", 0.75, why="a bold by-line"),
        Signature(
            r"^\*\*(?:Chapter|CHAPTER) [IVXLC\d]+\b[^\n]*\*\*[ \t]*$", 0.5, min_count=2, why="bold chapter headings"
        ),
        Signature(r"^\*\*Disclaimer:", 0.25, why="a bold disclaimer"),
    ),
    rules=(
        Rule(
            name="pandoc_fic.front_matter_repeat",
            why="the disclaimer/acknowledgements/promotion paragraphs pasted again before a later chapter",
            pattern=rf"^\*\*Disclaimer:[^\n]*\*\*[ \t]*\n\n(?:\*\*(?!By )[^\n]*\*\*[ \t]*\n\n)*?(?={_TITLE_BLOCK})",
            flags="i",
            skip_first=1,
        ),
        Rule(
            name="pandoc_fic.title_block",
            why="the story's title, 'By AUTHOR' and season, in bold, before every chapter",
            pattern=r"^\*\*(?P<title>[^*\n]+)\*\*[ \t]*\n\n\*\*By (?P<author>[^*\n]+)\*\*[ \t]*"
            r"(?:\n\n\*\*(?P<season>(?:Season|Book|Volume|Arc|Part) [^*\n]+)\*\*[ \t]*)?$",
            capture={"title": "title", "author": "authors", "season": "extra.season"},
        ),
    ),
)
