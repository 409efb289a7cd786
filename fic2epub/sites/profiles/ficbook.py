"""Книга Фанфиков (ficbook.net): a part's page as a browser saves it.

The text is ``#content`` (lines indented with ``&nbsp;``, one per line); everything else — the work's
header, the part's pager (``Назад`` / ``Содержание`` / ``Вперёд``), reader settings, awards,
comments, promotions, the footer — is outside it. The header holds the metadata: the work's title
(``h1.heading``), its authors (``itemprop=author``), the description, the tags, the part's title
(``itemprop=headline``) and date (``itemprop=datePublished``). Footnotes live only in a script
object (``textFootnotes``), not in the page's text: they are read from it and set after the text.
"""

from ..schema import HtmlRules, Meta, ScriptNotes, Signature, SiteProfile

PROFILE = SiteProfile(
    name="ficbook",
    label="Книга Фанфиков",
    aliases=("ficbook.net", "ficbook-net"),
    file_words=("ficbook",),
    language="ru",
    story_url="https://ficbook.net/readfic/{story_id}",
    signatures=(
        Signature(r"ficbook\.net", 1.5, "i", why="the site's address"),
        Signature(r"ficbookApp\.", 1.5, why="the site's reader script"),
        Signature(r'class="js-part-text part_text', 1.0, why="ficbook's part text container"),
    ),
    html=HtmlRules(
        container=("#content.js-part-text", "#content"),
        meta=(
            Meta("title", "h1.heading"),
            Meta("authors", "a[itemprop=author]"),
            Meta("summary", ".js-public-beta-description, [itemprop=description]"),
            Meta("tags", ".tags a.tag"),
            Meta("part_title", "[itemprop=headline]"),
            Meta("published", "[itemprop=datePublished]@content"),
            Meta("story_id", "link[rel=canonical]@href", pattern=r"/readfic/([\w-]+)"),
        ),
        script_notes=ScriptNotes("textFootnotes"),
    ),
)
