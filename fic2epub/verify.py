"""``--verify``: every word of the story is in the finished book, unless a chrome rule removed it.

The story's words are read from the decoded input (a page's text, scripts and styles left out),
the words of every recorded chrome
removal are taken away, and each word left must be found in the book: its chapters, its title page
and its metadata (text that structure moved, such as a title or a byline, is looked for there).
Words are compared as letters and digits only, case-folded (NFKC), so typography (quotes,
apostrophes, dashes, ellipses) and markup change nothing.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections import Counter

from .errors import ConversionError
from .reading import invisible_out

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_TOKEN = re.compile(rf"[{_CJK}]|[^\W\d_{_CJK}]+|\d+")
#: Elements a reader never sees (the HTML reader drops these without a record: they hold no text of
#: the page). Everything else it drops (widgets, hidden elements, chrome), it records.
_UNSEEN = ("script", "style", "template", "head", "title", "meta", "link", "base")


#: Elements whose start and end part words (blocks, cells, line breaks, rules).
_BREAKING = (
    "p",
    "div",
    "br",
    "hr",
    "li",
    "dt",
    "dd",
    "td",
    "th",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "section",
    "article",
    "aside",
    "header",
    "footer",
    "nav",
    "main",
    "table",
    "ul",
    "ol",
    "dl",
    "figure",
    "figcaption",
    "address",
    "center",
    "body",
    "html",
    "details",
    "summary",
    "caption",
    "legend",
    "fieldset",
    "form",
    "button",
    "select",
    "option",
    "textarea",
    "iframe",
    "object",
    "video",
    "audio",
    "canvas",
    "svg",
    "noscript",
)


#: A number written with thousands separators (``5,247``, ``5\u00a0247``, ``5.247``): one number. A plain
#: space is no separator (``519 104 89`` is three counts), so this runs before NFKC makes spaces of them.
_GROUPED = re.compile(r"(?<![\d,.])\d{1,3}(?:[,.\u00a0\u202f\u2009]\d{3})+(?![\d,.]\d)")


def tokens(text: str) -> list[str]:
    """The words of ``text`` as they are compared: letters runs, digit runs (thousands separators
    dropped: the information page writes counts in the book's locale), one CJK character each. An
    invisible character (a control character a page's ``&#5;`` gives, a zero-width space) parts no
    words: the reader takes it out, as a browser shows none (``last&#5;minute`` reads ``lastminute``)."""
    text = invisible_out(text)
    text = unicodedata.normalize("NFKC", _GROUPED.sub(lambda m: re.sub(r"\D", "", m.group(0)), text))
    return _TOKEN.findall(text.casefold())


def _page_text(html: str) -> str:
    from .html_input.sniff import is_mhtml, soup, unwrap_mhtml

    if is_mhtml(html):
        html = unwrap_mhtml(html)[0]
    doc = soup(html)
    for el in doc.find_all(list(_UNSEEN)):
        el.decompose()
    # words part at block boundaries and line breaks, never inside inline markup (a<em>b</em> is "ab")
    for el in doc.find_all(_BREAKING):
        el.insert_before(" ")
        el.append(" ")
    return doc.get_text("")


def book_words(epub: bytes) -> Counter:
    """Every word of a finished book: its XHTML documents and its package metadata."""
    words: Counter = Counter()
    with zipfile.ZipFile(io.BytesIO(epub)) as archive:
        for name in archive.namelist():
            if name.endswith((".xhtml", ".opf", ".ncx")):
                text = archive.read(name).decode("utf-8", "replace")
                import html

                words.update(tokens(html.unescape(re.sub(r"<[^>]+>", " ", text))))
    return words


def _cut_at_lines(text: str, removals) -> tuple[str, list]:
    """``text`` with each removal's text cut out where it was recorded (a text input's removals
    carry their line), so that a word glued to chrome (``GoodbyeWhere stories live``) splits as it
    did; the removals that are not found verbatim are returned, to be taken away word by word."""
    import bisect

    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    pieces, cursor, rest = [], 0, []
    for removal in sorted((r for r in removals if r.line), key=lambda r: r.line):
        start = max(cursor, starts[min(removal.line, len(starts)) - 1])
        found = text.find(removal.text, start) if removal.text else -1
        if found < 0 or bisect.bisect_right(starts, found) != removal.line:
            rest.append(removal)
            continue
        pieces.append(text[cursor:found])
        pieces.append(" ")
        cursor = found + len(removal.text)
    pieces.append(text[cursor:])
    return "".join(pieces), rest + [r for r in removals if not r.line]


#: A field's label before its value (``Author: F. Scott``, ``by Name``, ``**By Name**`` in Markdown):
#: the value is moved into the metadata, the label need not be in the book (the information page
#: writes it in the book's language).
_LABEL = re.compile(
    r"^[\s*_~]*(?:[^\W\d_][^\W_]*(?:[ \t]+[^\W\d_][^\W_]*){0,2}[ \t]*[:：]|(?:written[ \t]+)?by\b)", re.I
)
#: The same label between a title and its author's name (``non-con snuggle challenge by Brown Betty``),
#: read only in the lines the title step moved (``_BYLINE_RULES``): anywhere else a moved ``by`` is a
#: story word the book must keep.
_MID_BY = re.compile(r"(?<=\S)[ \t]+(?:written[ \t]+)?by[ \t]+(?=\S)", re.I)
_BYLINE_RULES = ("structure.title_line", "structure.title_page")
_REPEATS = ("structure.duplicate_heading", "structure.duplicate_title")
#: The word that joins a pen name to a name (``Gabriël (AKA Carel van Nievelt)``): the book keeps the
#: two names as creator and account, not the word between them.
_PEN_NAME = re.compile(r"\((?:aka|a\.k\.a\.)\s", re.I)


def _mid_by(rule: str, line: str) -> str:
    """``line`` without the ``by`` between a title and a name when the title step moved it."""
    return _MID_BY.sub(" ", line) if rule in _BYLINE_RULES else line


def _glued(word: str, known: set[str]) -> bool:
    """Whether ``word`` is two or more known words written together: a page's adjacent links
    (``<a>Previous</a><a>Next</a>``) read as one word in the page's text and as two in the book or
    in the removals. Checked only for a word the book lacks, so a word really lost is still found."""
    if len(word) > 80:
        return False
    ends = [False] * (len(word) + 1)
    ends[0] = True
    for end in range(1, len(word) + 1):
        ends[end] = any(
            ends[start] and word[start:end] in known
            for start in range(max(0, end - 40), end)
            if (start, end) != (0, len(word))
        )
    return ends[-1]


#: Fields the information page writes in the book's language (``Completed`` is ``Terminé`` in a French
#: book): their words need not be in the book as the site wrote them.
_TRANSLATED = frozenset({"status"})


def missing_words(data: bytes | str, result, options) -> list[str]:
    """The story's words (``data`` as ``convert`` read it) that are not in ``result``'s book: a word
    of the story removed as chrome need not be there; a word moved into the metadata must be, once."""
    from . import reading
    from .html_input import is_html

    if isinstance(data, str):
        decoded = reading.read_str(data, options.fix_text).text
    else:
        decoded = reading.read_text(data, options.encoding, options.fix_text).text
    from .sites import front_matter

    decoded = front_matter.split(decoded)[0]  # read as convert reads it: the block's values are removals
    removals = list(result.removed.items)
    if is_html(decoded, options.source_name):
        source, rest = _page_text(decoded), removals
    else:
        source, rest = _cut_at_lines(decoded, removals)
    wanted = Counter(tokens(source))
    for removal in rest:
        wanted.subtract(tokens(removal.text))
    have = book_words(result.epub)
    known = set(have) | {word for r in removals for word in tokens(r.text)}
    missing = [word for word, count in wanted.items() if count > have.get(word, 0) and not _glued(word, known)]
    # a repeated heading (``Chapter 1: Changes.`` under ``Changes``) says again what the book says;
    # its label words need not be in the book
    moved = {
        word
        for r in removals
        if r.moved and r.moved not in _TRANSLATED and not r.rule.startswith(_REPEATS)
        for line in r.text.split("\n")
        for word in tokens(_LABEL.sub("", _mid_by(r.rule, _PEN_NAME.sub(" ", line))))
    }
    return missing + sorted(word for word in moved - set(have) if word not in missing)


def verify(data: bytes | str, result, options) -> None:
    """Raise ConversionError when a word of the story did not reach the book (see the module docstring)."""
    missing = missing_words(data, result, options)
    if missing:
        sample = ", ".join(repr(w) for w in missing[:8])
        raise ConversionError(
            f"verification failed: {len(missing)} word(s) of the story are not in the book "
            f"(e.g. {sample}); please report it"
        )
