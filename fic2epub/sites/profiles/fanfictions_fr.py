"""fanfictions.fr: the .txt inside the zip the site serves (French; cp1252, CRLF).

The file carries no site marks, only the story as written: an optional ``Note :`` by the author
(the author's text, kept), the story's title on a line of its own, then chapters headed with a
French number word (``Un : Kiba``). Detection rests on that shape and on French prose, so its
confidence is modest unless the site's address appears.
"""

from ..schema import Rule, Signature, SiteProfile

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
