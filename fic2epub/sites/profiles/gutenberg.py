"""Project Gutenberg plain-text books: the header, START/END markers and the licence.

PG texts mirrored elsewhere often lose the boilerplate (the corpus Alice has none); the profile then
recognises the shape PG texts keep: ``[Illustration]`` markers, a ``by`` line under the title,
``_underscore_`` italics, ``THE END``.
"""

from ..schema import Rule, Signature, SiteProfile

#: The START/END marker lines, in their old and new spellings.
_PG = r"PROJECT GUTENBERG E(?:BOOK|TEXT)"
#: Only header lines: followed (somewhere) by the START marker.
_IN_HEADER = rf"(?=[\s\S]*^\*{{3}} ?START OF (?:THE|THIS) {_PG})"

PROFILE = SiteProfile(
    name="gutenberg",
    label="Project Gutenberg",
    aliases=("pg", "project-gutenberg"),
    file_words=("gutenberg",),
    story_url="https://www.gutenberg.org/ebooks/{story_id}",
    signatures=(
        Signature(rf"^\*{{3}} ?START OF (?:THE|THIS) {_PG}", 3.0, "i", why="PG START marker"),
        Signature(r"Project Gutenberg", 1.0, "i", why="names Project Gutenberg"),
        Signature(r"THE MILLENNIUM FULCRUM EDITION", 1.0, why="PG's edition label for Lewis Carroll's texts"),
        Signature(r"^[ \t]*\[Illustration(?:: [^\]\n]*)?\][ \t]*$", 0.5, why="PG illustration marker"),
        Signature(r"\A(?:[^\n]*\n){0,40}?[ \t]*(?:by|BY) [A-Z][^\n]{2,60}\n", 0.25, why="a by-line under the title"),
        Signature(r"^[ \t]*THE END\.?\s*\Z", 0.25, why="ends with THE END"),
        Signature(r"\b_[A-Za-z][^_\n]{0,40}_\b", 0.25, min_count=5, why="PG _underscore_ italics"),
    ),
    rules=(
        # metadata from the header, read before the header goes
        Rule(
            name="gutenberg.title",
            why="Title: in the PG header, with a subtitle on an indented next line",
            pattern=r"^Title:[ \t]*(?P<title>[^\n]+)(?:\n[ \t]+(?P<subtitle>\S[^\n]*))?$" + _IN_HEADER,
            capture={"title": "title", "subtitle": "extra.subtitle"},
            remove=False,
        ),
        Rule(
            name="gutenberg.author",
            why="Author: in the PG header",
            pattern=r"^Author:[ \t]*(?P<author>[^\n]+)$" + _IN_HEADER,
            capture={"author": "authors"},
            remove=False,
        ),
        Rule(
            name="gutenberg.people",
            why="translators, illustrators and editors in the PG header",
            pattern=r"^(?P<role>Translator|Illustrator|Editor|Contributor):[ \t]*(?P<name>[^\n]+)$" + _IN_HEADER,
            capture={"name": "extra.contributor"},
            remove=False,
        ),
        Rule(
            name="gutenberg.release",
            why="Release Date: (and the ebook number) in the PG header",
            pattern=r"^(?:Release|Posting) Date:[ \t]*(?P<date>[^\[\n]*?)[ \t]*(?:\[E(?:Book|Text) #(?P<id>\d+)\])?[ \t]*$"
            + _IN_HEADER,
            flags="i",
            capture={"date": "published", "id": "story_id"},
            remove=False,
        ),
        Rule(
            name="gutenberg.ebook_number",
            why="the ebook number on a line of its own in older headers",
            pattern=r"^[ \t]*\[E(?:Book|Text) #(?P<id>\d+)\][ \t]*$" + _IN_HEADER,
            flags="i",
            capture={"id": "story_id"},
            remove=False,
        ),
        Rule(
            name="gutenberg.updated",
            why="the last-update line in the PG header",
            pattern=r"^\[?(?:Most recently|Last) updated:[ \t]*(?P<date>[^\]\n]+?)\]?[ \t]*$" + _IN_HEADER,
            flags="i",
            capture={"date": "updated"},
            remove=False,
        ),
        Rule(
            name="gutenberg.language",
            why="Language: in the PG header",
            pattern=r"^Language:[ \t]*(?P<language>[^\n]+?)[ \t]*$" + _IN_HEADER,
            capture={"language": "language"},
            remove=False,
        ),
        # the boilerplate
        Rule(
            name="gutenberg.header",
            why="everything before and including the START marker: PG's header and licence note",
            pattern=rf"\A[\s\S]*?^\*{{3}} ?START OF (?:THE|THIS) {_PG}[^\n]*\n?",
            flags="i",
        ),
        Rule(
            name="gutenberg.footer",
            why="the END marker, the licence after it, and the older 'End of the Project Gutenberg EBook' line before it",
            pattern=rf"^(?:End of (?:the |this )?Project Gutenberg(?:'s)? E(?:Book|Text)[^\n]*\n\s*)?^\*{{3}} ?END OF (?:THE|THIS) {_PG}[\s\S]*\Z",
            flags="i",
        ),
        Rule(
            name="gutenberg.produced_by",
            why="the transcribers' credit that older files put right after the START marker",
            pattern=r"\A\s*^Produced by[^\n]*(?:\n[ \t]+[^\n]+)*\n?",
        ),
        # the book's own title page, where the header is missing (read, kept in the text)
        Rule(
            name="gutenberg.title_page",
            why="a title line then a 'by' line at the top of the book",
            # the title holds a non-space (a run of blank lines is not tried line by line) and the
            # blank lines after it are read once (possessive)
            pattern=r"^(?=[^\n]*\S)(?P<title>[^\n\[]{2,100})\n(?:[ \t]*+\n)++[ \t]*+(?:by|BY) (?P<author>[^\n]{2,80})$",
            where="start",
            window=4,
            capture={"title": "title", "author": "authors"},
            remove=False,
        ),
    ),
)
