"""Project Gutenberg books, plain text and HTML: the header, START/END markers, the licence, and the
wordings of every era.

* Since about 2003: a header naming ``Title:``, ``Author:``, ``Release Date:``, ``Language:`` up to the
  ``*** START OF THE PROJECT GUTENBERG EBOOK …`` marker; the ``*** END OF …`` marker and the licence.
* 1990s etexts: no START marker; the header (``The Project Gutenberg Etext of …``, ``#2 in our series
  by …``, ``Welcome To The World of Free Plain Vanilla Electronic Texts``, a catalogue block of title,
  ``by`` line and ``Month, Year [Etext #N]``) runs through the licence, whose last line
  ``*END*THE SMALL PRINT! FOR PUBLIC DOMAIN ETEXTS*Ver.04.29.93*END*`` ends it; the footer is one
  line, ``End of The Project Gutenberg Etext of …``.
* Both: an older etext's header kept after the newer START marker (``The Project Gutenberg Etext of
  Candide`` / ``by Voltaire`` / ``(#6 in our series by Voltaire)``), the transcribers' credit
  (``Produced by … and the Online`` / ``Distributed Proofreading Team at http://www.pgdp.net``) and
  their thanks, a transcriber's note (``Transcriber's Note``, French ``Au lecteur.``).

The same rules read a saved HTML edition's paragraphs (its header and footer sit in ``<pre>``, or in
plain ``<p>``\\ s in the 1999 HTML etexts); a PG page's ``<title>`` is never the book's (``New File``,
``Die Verwandlung, by Franz Kafka—A Project Gutenberg eBook``): the header names the book.

PG texts mirrored elsewhere often lose the boilerplate (the corpus Alice has none); the profile then
recognises the shape PG texts keep: ``[Illustration]`` markers, a ``by`` line under the title,
``_underscore_`` italics, ``THE END``.
"""

from ..schema import Drop, HtmlRules, Rule, Signature, SiteProfile

#: The START/END marker lines, in their old and new spellings.
_PG = r"PROJECT GUTENBERG E(?:BOOK|TEXT)"
#: The last line of the 1990s licence (``*END*THE SMALL PRINT! FOR PUBLIC DOMAIN ETEXTS*Ver.04.29.93*END*``,
#: later ``*END THE SMALL PRINT! FOR PUBLIC DOMAIN EBOOKS*Ver.02/11/02*END*``), which ends the old header.
_SMALL_PRINT_END = (
    r"^[ \t]*\*END\*?[ \t]*THE SMALL PRINT![ \t]*FOR PUBLIC DOMAIN\s+E(?:TEXTS|BOOKS)\*Ver\.[\d./]+\*END\*"
)
#: Only header lines: followed (somewhere) by the START marker, or by the old licence's last line.
_IN_HEADER = rf"(?=[\s\S]*(?:^\*{{3}} ?START OF (?:THE|THIS) {_PG}|{_SMALL_PRINT_END}))"
#: A paragraph's lines (no blank line among them), after its first line.
_REST_OF_PARAGRAPH = r"(?:\n[ \t]*\S[^\n]*)*"
#: What names a transcriber's note: the words, or French ``Au lecteur.`` when the note speaks of the
#: original's typography or corrections (``Au lecteur`` alone is also a poem's or a chapter's title).
_TRANSCRIBER = (
    r"(?:\[?Transcriber['’]?s?[ \t]+Notes?|Notes?[ \t]+(?:du|de[ \t]+la)[ \t]+transcript(?:eur|ion)|"
    r"Au[ \t]+lecteur(?=[.:]?[ \t]*\n(?:[^\n]*\n){0,12}?[^\n]*(?:original|corrig|transcri|typograph)))"
)

PROFILE = SiteProfile(
    name="gutenberg",
    label="Project Gutenberg",
    aliases=("pg", "project-gutenberg"),
    file_words=("gutenberg",),
    story_url="https://www.gutenberg.org/ebooks/{story_id}",
    # ``Gabriël (AKA  Carel van Nievelt)``: the pen name is the creator, the other name kept beside it
    pseud=r"^(?P<name>[^()]+?)\s*\((?i:AKA|a\.k\.a\.)\s+(?P<user>[^()]+)\)$",
    signatures=(
        Signature(rf"^\*{{3}} ?START OF (?:THE|THIS) {_PG}", 3.0, "i", why="PG START marker"),
        # searched anywhere: without its leading blanks, so that no run of spaces is scanned from each of its places
        Signature(_SMALL_PRINT_END.removeprefix(r"^[ \t]*"), 3.0, why="the last line of PG's 1990s licence"),
        Signature(r"Project Gutenberg", 1.0, "i", why="names Project Gutenberg"),
        Signature(r"THE MILLENNIUM FULCRUM EDITION", 1.0, why="PG's edition label for Lewis Carroll's texts"),
        Signature(r"^[ \t]*\[Illustration(?:: [^\]\n]*)?\][ \t]*$", 0.5, why="PG illustration marker"),
        Signature(r"\A(?:[^\n]*\n){0,40}?[ \t]*(?:by|BY) [A-Z][^\n]{2,60}\n", 0.25, why="a by-line under the title"),
        Signature(r"^[ \t]*THE END\.?\s*\Z", 0.25, why="ends with THE END"),
        Signature(r"\b_[A-Za-z][^_\n]{0,40}_\b", 0.25, min_count=5, why="PG _underscore_ italics"),
    ),
    html=HtmlRules(
        # the header and the footer are read by the rules below, like a text's; the page's <title>
        # is PG's own ("New File", "X, by Y—A Project Gutenberg eBook"), never read for a known site
        chapter_title=("h1", "h2"),
        # page-number anchors and spans: their number is CSS (``a.pagenum[title]:after``) or "[Pg 5]"
        drop=(
            ".pagenum",
            # a transcriber's note is its box (``<div class='tn'>``): the box, not the lines after its label
            Drop("transcriber_note", "div.tn, div.transnote, .transnote, div#tn", why="the transcriber's note box"),
        ),
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
            name="gutenberg.catalogue",
            why="the 1990s header's catalogue block: the title, 'by' and the author (a bracketed part of the"
            " name supplied, '[in Spanish]' the language), then 'Month, Year [Etext #N]'",
            # (``[^\S\n]``: a space, a tab or a no-break space, which the 1999 HTML etexts put after full stops)
            pattern=r"^(?P<title>[^\s\[*][^\n]{0,99}?)[^\S\n]*\n[^\S\n]*\n[^\S\n]*by[^\S\n]+(?P<author>[^\[\n]+?)"
            r"(?:[^\S\n]+\[(?!in\s)(?P<more>[^\]\n]+)\])?(?:[^\S\n]+\[in[^\S\n]+(?P<language>[A-Z][a-z]+)\])?[^\S\n]*\n"
            r"[^\S\n]*\n[^\S\n]*(?P<date>[A-Z][a-z]+\.?,?[^\S\n]+(?:\d{1,2},?[^\S\n]+)?\d{4})[^\S\n]+"
            r"\[E(?:text|Book)[^\S\n]+#(?P<id>\d+)\][^\S\n]*$" + _IN_HEADER,
            flags="i",
            capture={
                "title": "title",
                "author": "authors",
                "more": "authors",
                "language": "language",
                "date": "published",
                "id": "story_id",
            },
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
            name="gutenberg.old_header",
            why="a 1990s etext's header: from its first lines, which name Project Gutenberg, through the"
            " licence ('Small Print') whose last line ends it",
            pattern=r"\A(?=(?:[^\n]*\n){0,5}?[^\n]*Project Gutenberg)(?:[^\n]*\n){0,600}?"
            + _SMALL_PRINT_END
            + r"[^\n]*\n?",
            flags="i",
        ),
        Rule(
            name="gutenberg.footer",
            why="the END marker, the licence after it, and the older 'End of the Project Gutenberg EBook' line before it",
            pattern=rf"^(?:End of (?:the |this )?Project Gutenberg(?:'s)? E(?:Book|Text)[^\n]*\n\s*)?^\*{{3}} ?END OF (?:THE|THIS) {_PG}[\s\S]*\Z",
            flags="i",
        ),
        Rule(
            name="gutenberg.old_footer",
            why="a 1990s etext's footer: the line 'End of The Project Gutenberg Etext of …' and what follows it",
            pattern=r"^[ \t]*+(?:\*+[ \t]*)?End of (?:the |this )?Project Gutenberg(?:'s)? E(?:Book|Text)\b[^\n]*(?:\n[^\n]*){0,600}\Z",
            flags="i",
        ),
        Rule(
            name="gutenberg.inner_header",
            why="an older etext's header kept after the START marker: 'The Project Gutenberg Etext of …',"
            " its 'by' and '(#6 in our series by …)' lines, and a star row after it",
            pattern=r"\A\s*^[ \t]*\*?[ \t]*(?:The[ \t]+)?Project Gutenberg(?:'s)?[ \t]+E(?:text|Book)[ \t]+of\b[^\n]*"
            + _REST_OF_PARAGRAPH
            + r"(?:\n\s*^[ \t]*\*{3,}[ \t]*$)?\n?",
            flags="i",
        ),
        Rule(
            name="gutenberg.produced_by",
            why="the transcribers' credit after the START marker ('Produced by … and the Online' / 'Distributed"
            " Proofreading Team at http://www.pgdp.net'), and paragraphs of thanks after it that give an address",
            pattern=r"\A\s*^[ \t]*Produced by\b[^\n]*"
            + _REST_OF_PARAGRAPH
            + r"(?:\n(?:[ \t]*\n)+(?:[ \t]*\S[^\n]*\n)*?[ \t]*\S[^\n]*(?:https?://|www[.:])[^\n]*"
            + _REST_OF_PARAGRAPH
            + r")*\n?",
        ),
        Rule(
            name="gutenberg.transcriber_note",
            why="a transcriber's note at the top of the book: its label, then its paragraphs up to two blank lines "
            "(within 40 lines; where none come, as in a page's text, only the label's own paragraph)",
            pattern=rf"\A\s*^[ \t]*{_TRANSCRIBER}[^\n]*\n(?:"
            rf"(?:[ \t]*\S[^\n]*\n|[ \t]*\n(?=[ \t]*\S)){{0,40}}(?=[ \t]*\n[ \t]*\n)"
            rf"|(?:[ \t]*\S[^\n]*\n)*)",
            flags="i",
        ),
        Rule(
            name="gutenberg.transcriber_note_end",
            why="a transcriber's note at the end of the book: its label and the lines after it",
            pattern=rf"^[ \t]*{_TRANSCRIBER}[^\n]*(?:\n[^\n]*){{0,60}}\Z",
            flags="i",
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
