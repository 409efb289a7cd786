"""fanfictions.fr: the .txt inside the zip the site serves (French; cp1252, CRLF), and a chapter's
page as a browser saves it.

The file carries no site marks, only the story as written: an optional ``Note :`` by the author
(the author's text, kept), the story's title on a line of its own, then chapters headed with a
French number word (``Un : Kiba``). Detection rests on that shape and on French prose, so its
confidence is modest unless the site's address appears.

A saved chapter page keeps the text in ``#readarea``; the card above it (``#ficWell``) names the
work, its author and its genres, the chapter card its title (``Chapitre 1 : Avant propos``).
Everything else (menus, the chapter selectors, download and report buttons, the reading settings
with their sample text, the comment form, the footer) lies outside the text.
"""

from ..schema import HtmlRules, Meta, Rule, Signature, SiteProfile

#: First-chapter headings: a French number word or a heading word, then optionally ": title".
_FIRST_CHAPTER = r"(?:Un|Une|Premier|Prologue|Chapitre (?:1|un|premier)\b)(?:[\xa0 ]?:[^\n]*)?"

PROFILE = SiteProfile(
    name="fanfictions_fr",
    label="Fanfictions.fr",
    aliases=("fanfictions.fr", "fanfictions-fr", "fanfictionsfr"),
    file_words=("fanfictions", "fanfictionsfr"),
    language="fr",
    threshold=1.5,
    signatures=(
        Signature(r"fanfictions\.fr", 2.0, "i", why="the site's address"),
        Signature(r"\A\s*Note[\xa0 ]?: \S", 0.5, why="an author's 'Note :' opening the file"),
        Signature(
            r"^(?:Un|Deux|Trois|Quatre|Cinq|Six|Sept|Huit|Neuf|Dix|Onze|Douze)[\xa0 ]: \S[^\n]{0,60}$",
            0.75,
            why="a chapter headed with a French number word",
        ),
        Signature(r"\b(?:les|des|une|qui|dans|pas|avec|était|sur|pour)\b", 0.75, min_count=40, why="French prose"),
    ),
    html=HtmlRules(
        container=("#readarea",),
        meta=(
            Meta("title", "#ficWell h1[itemprop=name]"),
            Meta("authors", "#ficWell [itemprop=author] a[href*='/auteurs/']"),
            Meta("tags", "#ficWell .highlightable"),
            Meta("part_title", ".chapter h2[itemprop=name]", pattern=r"^Chapitre\s+\d+\s*:\s*(\S.*)$"),
            Meta("story_id", "link[rel=canonical]@href", pattern=r"/fanfictions/[^/]+/[^/]+/(\d+)"),
        ),
    ),
    rules=(
        Rule(
            name="fanfictions_fr.title",
            why="the story's title alone on its line right before the first chapter heading",
            # the title holds a non-space; blank lines after it are read once (possessive)
            pattern=rf"^(?!Note[\xa0 ]?:)(?=[^\n]*\S)(?P<title>[^\n]{{1,80}}?)[ \t]*\n"
            rf"(?=(?:[ \t]*+\n)++{_FIRST_CHAPTER}[ \t]*$)",
            where="start",
            window=3,
            capture={"title": "title"},
        ),
    ),
)
