"""Typography stage: Book -> Book with curly quotes, apostrophes, dashes and ellipses.

Rules are one flat list of (pattern, replacement) pairs, each with a comment saying why it
exists, applied in order to each paragraph's plain text (Standard Ebooks' ``typogrify`` is the
model). Emphasis marks are carried through every substitution, so a quote next to an italic word
stays outside or inside as written.

How a paragraph is set:

1. Spans that must not change are masked, character for character, with a private-use
   placeholder: URLs, e-mail addresses, emoticons (``:-)``, ``<3``, ``:P``), HTML tags that leaked
   into the text, ``code`` marks, and ASCII-art / column-aligned lines.
2. The rules run. Quotes are first decided as *opening* or *closing* placeholders, by context where
   the context is clear and by whether a quotation is open where it is not (``" Lumos, "``).
3. The placeholders become the quote marks of the book's language (English “ ” ‘ ’, German „ “,
   French « » with no-break spaces, Russian « » …), and the masked spans come back.

House style (English and unknown languages): a closed-up em dash (``word—word``), as in most US
trade books and Standard Ebooks; ranges of two numbers take an en dash (``10–12``); feet and inches
``5'10"`` become primes ``5′10″``. Other languages keep their dashes spaced as typed.
A paragraph that opens a quotation and never closes it stays open: the next paragraph's opening
quote is an opening quote (the printers' convention for speeches over several paragraphs).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache

import regex

from .model import AuthorNote, Book, Chapter, Heading, ListBlock, Mark, Paragraph, Quote, Table

# Placeholders (Unicode private use): a masked character, then quotes decided but not yet styled.
MASK = "\ue000"
OPEN_DQ, CLOSE_DQ, OPEN_SQ, CLOSE_SQ = "\ue001", "\ue002", "\ue003", "\ue004"
PLACEHOLDERS = MASK + OPEN_DQ + CLOSE_DQ + OPEN_SQ + CLOSE_SQ

# A word character: letters, digits, combining marks, and masked spans (a URL reads as a word).
W = r"[\p{L}\p{N}\p{M}\ue000]"
# What a quote opens after: line start, space, brackets, slashes, opening quotes, ¿ ¡.
OPENERS = r"\s(\[{/<\ue001\ue003“‘«„‚‹¿¡"


class Pattern:
    """A ``regex`` pattern compiled the first time a text needs it: a story whose text has no
    hyphen never compiles the dash rules (compiling is most of a short story's typography time)."""

    __slots__ = ("source", "flags", "_compiled")

    def __init__(self, source: str, flags: int = 0) -> None:
        self.source, self.flags = source, flags
        self._compiled: regex.Pattern[str] | None = None

    @property
    def compiled(self) -> regex.Pattern[str]:
        if self._compiled is None:
            self._compiled = regex.compile(self.source, self.flags)
        return self._compiled

    def finditer(self, text: str):
        return self.compiled.finditer(text)

    def match(self, text: str, pos: int = 0):
        return self.compiled.match(text, pos)

    def search(self, text: str):
        return self.compiled.search(text)


Repl = str | Callable[["regex.Match[str]"], str]
#: A rule: (pattern, replacement, triggers) or (pattern, replacement, triggers, prefilter): the rule
#: is tried only on text containing one of the triggers, strings every match contains (a rule without
#: them would be tried on every paragraph), and where a prefilter is given, only on text where that
#: (``re``) pattern, which every match of the rule's also matches, is found (``\d'\d`` for feet and
#: inches: a prefilter in ``re`` costs a fraction of a scan by the rule's lookbehind-first pattern).
Rule = tuple[Pattern, Repl, tuple[str, ...]] | tuple[Pattern, Repl, tuple[str, ...], str]
Step = Callable[[str, "Style"], str]  # a length-preserving pass that needs state


@dataclass(frozen=True)
class Style:
    """How one language sets quotes and dashes."""

    double: tuple[str, str] = ("“", "”")
    single: tuple[str, str] = ("‘", "’")
    dash: str = "—"  # the dash between words
    closed_dashes: bool = True  # True: word—word (English house style); False: spacing as typed
    dialogue_dashes: bool = False  # a line-initial - or – starts dialogue (Spanish, Russian …)
    french_spacing: bool = False  # « » and ; : ! ? take a no-break space
    cjk: bool = False  # full-width text: leave dashes and dots alone


_EN = Style()
_CYRILLIC = Style(("«", "»"), ("„", "“"), "—", False, True)
#: Quote and dash style by BCP 47 tag (full tag first, then the primary subtag; unknown → English).
STYLES: dict[str, Style] = {
    "en": _EN,
    "de": Style(("„", "“"), ("‚", "‘"), "–", False),
    "de-CH": Style(("«", "»"), ("‹", "›"), "–", False),
    "fr": Style(("«", "»"), ("“", "”"), "–", False, True, True),
    # Spanish and Portuguese: straight quotes become “ ”, « » typed by the author stay.
    "es": Style(("“", "”"), ("‘", "’"), "—", False, True),
    "ca": Style(("«", "»"), ("“", "”"), "—", False, True),
    "gl": Style(("“", "”"), ("‘", "’"), "—", False, True),
    "pt": Style(("“", "”"), ("‘", "’"), "—", False, True),
    "it": Style(("«", "»"), ("“", "”"), "—", False, True),
    "ru": _CYRILLIC,
    "uk": _CYRILLIC,
    "be": _CYRILLIC,
    "bg": Style(("„", "“"), ("’", "’"), "—", False, True),
    "pl": Style(("„", "”"), ("«", "»"), "—", False, True),
    "cs": Style(("„", "“"), ("‚", "‘"), "–", False),
    "sk": Style(("„", "“"), ("‚", "‘"), "–", False),
    "hu": Style(("„", "”"), ("»", "«"), "–", False),
    "nl": Style(("“", "”"), ("‘", "’"), "–", False),
    "sv": Style(("”", "”"), ("’", "’"), "–", False),
    "fi": Style(("”", "”"), ("’", "’"), "–", False),
    "da": Style(("»", "«"), ("›", "‹"), "–", False),
    "nb": Style(("«", "»"), ("‘", "’"), "–", False, True),
    "no": Style(("«", "»"), ("‘", "’"), "–", False, True),
    "zh": Style(closed_dashes=False, cjk=True),
    "ja": Style(("「", "」"), ("『", "』"), closed_dashes=False, cjk=True),
    "ko": Style(closed_dashes=False, cjk=True),
}


def style_for(language: str | None) -> Style:
    """The Style of a BCP 47 tag: the full tag, else its primary subtag, else English."""
    if not language:
        return _EN
    tag = language.replace("_", "-")
    for key in (tag, tag.split("-")[0].lower()):
        for known, style in STYLES.items():
            if known.lower() == key.lower():
                return style
    return _EN


@dataclass(frozen=True)
class Settings:
    """Everything the rules depend on, for one book."""

    style: Style = _EN
    pandoc_dashes: bool = False  # the book writes --- for an em dash, so -- is an en dash
    french_space: str = "\u00a0"


# ---------------------------------------------------------------------------------------------
# Spans left alone


#: The top-level domains the bare-domain pattern knows, preceded by a dot: a cheap test that must
#: find one before the full pattern (which starts at every word) is tried.
_TLD = re.compile(r"\.(?:com|net|org|io|co|uk|us|fr|de|ru|info|me|tv|ly|gg)")

#: What to leave alone, each with the characters one of which it needs (tested as a set) and a
#: cheap test that must pass before its pattern is tried.
_PROTECT: list[tuple[frozenset[str], Callable[[str], object], Pattern]] = [
    # URLs and bare www. addresses: a quote or dash inside them is part of the address.
    (
        frozenset(":."),
        lambda t: "://" in t or "www." in t,
        Pattern(r"(?:https?://|ftp://|www\.)[^\s<>\"“”«»—–…]*[^\s<>\"“”«»—–….,;:!?)\]'’]"),
    ),
    # E-mail addresses: apostrophes and dots there are not prose.
    (frozenset("@"), lambda t: "@" in t, Pattern(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")),
    # Bare domains (royalroad.com/fiction/1, 1qxs.com): sites named in notes and chrome.
    (
        frozenset("."),
        lambda t: "." in t and _TLD.search(t),
        Pattern(
            r"(?<![\w@/.])(?:[\w-]+\.)+(?:com|net|org|io|co|uk|us|fr|de|ru|info|me|tv|ly|gg)\b"
            r"(?:/[^\s<>\"“”«»—–…]*[^\s<>\"“”«»—–….,;:!?)\]'’])?"
        ),
    ),
    # HTML tags that leaked into the text: their quoted attributes are markup.
    (frozenset("<"), lambda t: "<" in t, Pattern(r"</?[A-Za-z][^<>\n]*>")),
    # Character references that leaked (&quot; &#39;): decoding them is the reader's job.
    (frozenset("&"), lambda t: "&" in t, Pattern(r"&(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);")),
    # Emoticons with a nose, tear or hyphen (:-) :'( ;-P): their punctuation is a face.
    (
        frozenset(":;="),
        lambda t: ":" in t or ";" in t or "=" in t,
        Pattern(r"[:;=][-'^o]?[()\[\]DPpOo3/\\|*]+(?![\p{L}\p{N}])"),
    ),
    (
        frozenset("-'"),
        lambda t: any(face in t for face in ("8-", "8'", "x-", "x'", "X-", "X'")),
        Pattern(r"(?<![\p{L}\p{N}])[8xX][-'][()DPp]+(?![\p{L}\p{N}])"),
    ),
    # Hearts and faces drawn with underscores or dots (<3 -_- ^_^ >.< o_O T_T).
    (
        frozenset("<_^>"),
        lambda t: "<3" in t or "_" in t or "^" in t or ">." in t,
        Pattern(r"<3+|(?<![\p{L}\p{N}])(?:-_+-|\^[_.-]?\^|[oOT>xX-][_.][oOT<xX-])(?![\p{L}\p{N}])"),
    ),
    # A crying or shocked face written backwards (D: D;).
    (frozenset(":;"), lambda t: "D:" in t or "D;" in t, Pattern(r"(?<![\p{L}\p{N}])D[:;](?!\S)")),
]
_PLACEHOLDER_RE = re.compile(f"[{PLACEHOLDERS}]")
_PLACEHOLDER_SET = frozenset(PLACEHOLDERS)
_MASK_RE = re.compile(MASK)

# A line with no letters made of drawing characters (ascii art, dividers, ---, ***, ~*~).
_ART_LINE = Pattern(r"^[^\p{L}\p{N}]*[_|/\\=+*#~^<>\[\]{}@$%&-][^\p{L}\p{N}]*$")
# A line laid out in columns (a schedule, a table typed with spaces): runs of spaces or a tab.
_COLUMN_LINE = Pattern(r"\S(?: {4,}|\t)\S")
#: The characters an art line is drawn with (one of them must be on the line).
_ART_CHARS = frozenset("_|/\\=+*#~^<>[]{}@$%&-")


def is_verbatim_line(line: str, present: frozenset[str] | None = None) -> bool:
    """A line typography leaves exactly as typed: ASCII art, a divider, column layout. ``present``:
    characters the line's text has (at least those of _ART_CHARS it has), when known."""
    stripped = line.strip()
    art = not _ART_CHARS.isdisjoint(stripped if present is None else present)
    if len(stripped) >= 3 and art and _ART_LINE.match(stripped):
        return True
    return ("    " in stripped or "\t" in stripped) and bool(_COLUMN_LINE.search(stripped))


def _protected_spans(text: str, marks: list[Mark], present: frozenset[str] | None = None) -> list[tuple[int, int]]:
    present = frozenset(text) if present is None else present
    spans = [
        (m.start(), m.end())
        for gate, test, pattern in _PROTECT
        if not gate.isdisjoint(present) and test(text)
        for m in pattern.finditer(text)
    ]
    spans += [(k.start, k.end) for k in marks if k.kind == "code"]
    if "\n" not in text:
        if is_verbatim_line(text, present):
            spans.append((0, len(text)))
    else:
        pos = 0
        for line in text.split("\n"):
            if is_verbatim_line(line, present):
                spans.append((pos, pos + len(line)))
            pos += len(line) + 1
    if not _PLACEHOLDER_SET.isdisjoint(present):
        spans += [(m.start(), m.end()) for m in _PLACEHOLDER_RE.finditer(text)]
    return spans


def mask(text: str, marks: list[Mark], present: frozenset[str] | None = None) -> tuple[str, list[str]]:
    """``text`` with every protected character replaced by MASK (same length), and the originals."""
    spans = _protected_spans(text, marks, present)
    if not spans:
        return text, []
    hidden = [False] * len(text)
    for start, end in spans:
        hidden[start:end] = [True] * (end - start)
    originals = [c for c, h in zip(text, hidden) if h]
    return "".join(MASK if h else c for c, h in zip(text, hidden)), originals


def unmask(text: str, originals: list[str]) -> str:
    """Put the protected characters back, in order (the rules never add or drop a MASK)."""
    if not originals:
        return text
    it = iter(originals)
    return _MASK_RE.sub(lambda m: next(it), text)


# ---------------------------------------------------------------------------------------------
# Stateful passes (length-preserving; marks need no moving)


#: Words that lose their start in dialect ('round 'long 'most 'course 'tater, h-dropping 'ave 'ouse):
#: after another word (they've 'ad, put him 'prentice) the quote before one is an apostrophe; after a
#: tag or at a line start it is one when nothing closes it in its paragraph.
_ELISIONS = (
    r"round|long|most|course|tend|fore|less|gainst|mongst|neath|twixt|member|cross|cording|pears"
    r"|bout|till|times|tater|baccy|bacca|prentice|change|ere|ow|owl\p{L}*|ome|alf|ad|ave|avin|ouse"
    r"|ounds|id\p{L}*|ole|ead|eart|im|er|em|e"
)
_START_ELISION = Pattern(rf"(?:{_ELISIONS}|is|as|at|\d\d)(?![\p{{L}}\p{{N}}])", regex.IGNORECASE)
_MID_ELISION = Pattern(rf"(?:{_ELISIONS})(?![\p{{L}}\p{{N}}])", regex.IGNORECASE)


@cache
def _double_marks(style: Style) -> tuple[frozenset[str], frozenset[str]]:
    """The characters that open and that close a double quotation in this language."""
    opens = {OPEN_DQ, style.double[0]} | ({"“", "„", "«"} - {style.double[1]})
    closes = {CLOSE_DQ, style.double[1]} | ({"”", "»"} - {style.double[0]})
    return frozenset(opens), frozenset(closes)


@cache
def _scanner(style: Style, single: bool) -> re.Pattern[str]:
    """A pattern finding the characters a quote pass acts on (straight quotes, placeholders, the
    marks that open and close quotations, line ends): the passes visit only those."""
    opens, closes = _double_marks(style)
    chars = ("'" + OPEN_SQ + CLOSE_SQ + "‘" if single else '"\n') + "".join(opens | closes)
    return re.compile("[" + "".join(re.escape(c) for c in sorted(set(chars))) + "]")


def _splice(text: str, changed: dict[int, str]) -> str:
    """``text`` with the characters at the positions of ``changed`` replaced (one for one)."""
    if not changed:
        return text
    pieces, last = [], 0
    for i in sorted(changed):
        pieces += [text[last:i], changed[i]]
        last = i + 1
    pieces.append(text[last:])
    return "".join(pieces)


def _resolve_double_quotes(text: str, style: Style) -> str:
    """Straight " left over by the context rules: closing while a quotation is open, else opening."""
    if '"' not in text:
        return text
    opens, closes = _double_marks(style)
    changed, is_open = {}, False
    for m in _scanner(style, False).finditer(text):
        c = m.group()
        if c == '"':
            c = changed[m.start()] = CLOSE_DQ if is_open else OPEN_DQ
        if c == "\n":
            is_open = False
        elif c in opens:
            is_open = True
        elif c in closes:
            is_open = False
    return _splice(text, changed)


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c in "’'" + MASK


def _resolve_single_quotes(text: str, style: Style) -> str:
    """Straight ' left over: after a word it closes an open single quotation, else is an apostrophe.

    An opening single quote that nothing closes, after a word, was an elision all along:
    h-dropping (``'istory``, ``'ave``), Dickens' ``'Change``, ``fellow-'prentice``. At a line start
    or after a speaker's tag (``she thought; 'and``) it opens a speech that goes on in the next
    paragraph.
    """
    if "'" not in text and OPEN_SQ not in text:
        return text
    opens, closes = _double_marks(style)
    changed: dict[int, str] = {}
    is_open, unclosed = False, []
    outer: list[bool] = []  # whether a single quotation was open outside each open double one
    for m in _scanner(style, True).finditer(text):
        i = m.start()
        c = m.group()
        if c == "'":
            before = text[i - 1] if i else " "
            if before.isspace():
                c = CLOSE_SQ if is_open else OPEN_SQ
            else:
                c = CLOSE_SQ if is_open else "’"
        if (
            c == OPEN_SQ
            and i > 1
            and text[i - 1] in " \t"
            and _is_word_char(text[i - 2])
            and _MID_ELISION.match(text, i + 1)
        ):
            c = "’"  # they've 'ad their sherry: an elision after a word, not a quotation
        elif c in (OPEN_SQ, "‘"):
            is_open = True
            if c == OPEN_SQ:
                unclosed.append(i)
        elif c == CLOSE_SQ:
            is_open = False
            if unclosed:
                # it closes the latest opening that is not a dialect word: in 'Stephen! 'times a
                # little late.' the quote closes the speech, and 'times stays an elision.
                k = next(
                    (k for k in range(len(unclosed) - 1, -1, -1) if not _START_ELISION.match(text, unclosed[k] + 1)),
                    len(unclosed) - 1,
                )
                del unclosed[k]
        elif c in opens:
            # 'He said "no" and left.': the double quotation nests in the single one.
            outer.append(is_open)
            is_open = False
        elif c in closes:
            is_open = outer.pop() if outer else False
        if c != text[i]:
            changed[i] = c
    for i in unclosed:
        before = text[max(0, i - 3) : i].rstrip(" \t")
        if (before and before[-1] not in "\n,;:.!?)]—–“" + OPEN_DQ) or _START_ELISION.match(text, i + 1):
            changed[i] = "’"
    return _splice(text, changed)


def _style_quotes(text: str, style: Style) -> str:
    """The placeholders become the language's quote marks (``str.replace``: a scan in C per mark,
    where ``translate`` looks every character up)."""
    (dq_open, dq_close), (sq_open, sq_close) = style.double, style.single
    for placeholder, mark in ((OPEN_DQ, dq_open), (CLOSE_DQ, dq_close), (OPEN_SQ, sq_open), (CLOSE_SQ, sq_close)):
        if placeholder in text:
            text = text.replace(placeholder, mark)
    return text


# ---------------------------------------------------------------------------------------------
# The rules


def _en_dash_range(m: regex.Match[str]) -> str:
    """``10-12`` → ``10–12``, but a phone number (555-1234) or zero-padded code (05-12) stays."""
    first, second = m.group(1), m.group(2)
    if (
        (len(first), len(second)) == (3, 4)
        or (len(first) > 1 and first[0] == "0")
        or (len(second) > 1 and second[0] == "0")
    ):
        return m.group(0)
    return f"{first}–{second}"


@cache
def build_rules(settings: Settings) -> list[Rule | Step]:
    """The flat rule list for one book: (pattern, replacement) pairs and stateful passes, in order."""
    s = settings.style
    em = s.dash
    double_dash = "–" if settings.pandoc_dashes else em
    sp = settings.french_space
    P = Pattern
    M = regex.MULTILINE
    H, DQ, SQ = ("-",), ('"',), ("'",)  # the triggers of rules for hyphens, double and single quotes
    rules: list[Rule | Step | None] = [
        # --- Ellipses
        # Four dots after a word end a sentence and then omit: the period stays before the ellipsis
        # (time to act.... If → act.… If, as Standard Ebooks sets act. … If).
        (P(r"(?<=[\p{L}\p{N}\ue000)\]])\.{4}(?!\.)"), ".…", ("....",)) if not s.cjk else None,
        # Three or more dots typed in a row are one ellipsis character (it does not break at a line end).
        (P(r"\.{3,}"), "…", ("...",)) if not s.cjk else None,
        # A spaced ". . ." is the old typewriter ellipsis: one character too.
        (P(r"\.(?:[ \u00a0]\.){2,}"), "…", (". .", ".\u00a0.")) if not s.cjk else None,
        # --- Quotes the source already curled
        # Stray spaces inside them (HTML from AO3, Word) are typos:
        # “ Hello → “Hello (only where “ ” are this language's own pair, so German „…“ is safe).
        # (not before a line's closing ``--``: the quote spacing below leaves that space, as it must be
        # left the second time the book is set)
        (P(r"(?<=(?:^|[\s(\[])“)[ \t]+(?=[\p{L}\p{N}…\-–—])(?!-{2,3}[ \t]*$)", M), "", ("“ ", "“\t"))
        if s.double == ("“", "”") and not s.cjk
        else None,
        # … and both? ” She → both?” She (a space after sentence punctuation, before a curly close).
        (P(r"(?<=[\p{L}\p{N}.,!?…\-–—])[ \t]+(?=”(?:\s|$))", M), "", (" ”", "\t”"))
        if s.double == ("“", "”") and not s.cjk
        else None,
        # --- Primes (feet and inches, decided: 5'10" is a measurement, not a quotation)
        # 5'10" and 5' 10": the apostrophe is a prime and the double quote a double prime.
        (P(r"(?<![\p{N}'’])(\d)[ ]?'[ ]?(\d{1,2})(?:\"|'')"), r"\1′\2″", ("'",), r"\d ?' ?\d"),
        # 5'10 without the inches mark is still feet and inches.
        (P(r"(?<![\p{N}'’])(\d)'(\d{1,2})(?![\p{N}'\"’])"), r"\1′\2", ("'",), r"\d'\d"),
        # --- Dashes
        # Four or more hyphens standing alone blank a name (Mr. ----, Miss ----------): a two-em dash,
        # or a three-em dash for six or more.
        (
            P(r"(?<=^|[\s(\[\"'])-{4,}(?=[\s.,;:!?)\]\"']|$)", M),
            lambda m: "⸺" if len(m.group(0)) < 6 else "⸻",
            ("----",),
        )
        if s.closed_dashes
        else None,
        # … and before a word's end or after an initial they blank part of one (----ton, Lady B----).
        (
            P(r"(?<=^|[\s(\[\"'])-{4,}(?=\p{L})|(?<=(?<![\p{L}\p{N}])(?!I)\p{Lu})-{4,}(?=[\s.,;:!?)\]\"']|$)", M),
            "⸺",
            ("----",),
        )
        if s.closed_dashes
        else None,
        # Four hyphens after a word are a long-typed em dash (read----mum!, understand----", he?---- That).
        (P(r"(?<=[^\s\-<>])----(?:[ \t]+(?=\S))?(?!-)"), em, ("----",)) if s.closed_dashes else None,
        # Two hyphens opening a line before a word or quote are a dash (--"The best of all).
        (P(r"^--(?=[\p{L}\"'])", M), em, ("--",)) if s.closed_dashes else None,
        # Three hyphens between words (pandoc, typewriters) are an em dash.
        (P(r"(?<=[^\s\-<])([ \t]*)---([ \t]*)(?=[^\s\->])"), em if s.closed_dashes else rf"\1{em}\2", ("---",)),
        # Two hyphens between words are an em dash; where the book writes --- for em, -- is an en dash
        # (after ! too, Oh!--I see, but not in an HTML comment <!--).
        (
            P(r"(?<=[^\s\-<!]|(?<!<)!)([ \t]*)--([ \t]*)(?=[^\s\->])"),
            double_dash if (s.closed_dashes and not settings.pandoc_dashes) else rf"\1{double_dash}\2",
            ("--",),
        ),
        # Two or three hyphens at a line end are speech broken off, or a colon's dash before a quotation
        # or verse on the next line (Why?-- "Poor"-- as follows:--), but not the end of an HTML comment.
        (P(r"(?<=[^\s\-<>!]|(?<!<)!)-{2,3}(?=[ \t]*$)", M), em, ("--",)),
        # A spaced hyphen, en or em dash between words is a dash: closed up in the house style.
        (
            P(r"([\p{L}\p{N}\ue000,.;:!?…’”'\")\]*_])[ \t]+([-–—])[ \t]+(?=([\p{L}\p{N}\ue000‘“'\"(\[*_…]))"),
            lambda m: m.group(1) + em if not (m.group(1).isdigit() and m.group(3).isdigit()) else m.group(0),
            ("- ", "– ", "— ", "-\t", "–\t", "—\t"),
        )
        if s.closed_dashes
        else None,
        # A spaced hyphen glued to an opening quote is a dash too: He turned -"Wait → He turned—“Wait.
        (P(r"(?<=[\p{L}\p{N}\ue000,.;:!?…])[ \t]+-(?=\"[\p{L}\p{N}])"), em, (" -", "\t-")) if s.closed_dashes else None,
        # A hyphen glued to a word and followed by a space is a dash (Boo- you whore!), unless it is a
        # suspended hyphen before and/or/to (pre- and post-war).
        (P(r"(?<=[\p{L}\ue000])-[ \t]+(?!(?:and|or|to|nor|und|oder|et|ou|y|o)\b)(?=[\p{L}\ue000])"), em, ("- ", "-\t"))
        if s.closed_dashes
        else None,
        # Other languages keep the spaces they typed but take their own dash for a spaced hyphen.
        (
            P(r"([\p{L}\p{N}\ue000,.;:!?…’”'\")\]*_])([ \t]+)-([ \t]+)(?=[\p{L}\p{N}\ue000‘“'\"(\[*_…«„¿¡])"),
            lambda m: (
                m.group(0)
                if m.group(1).isdigit() and m.string[m.end() : m.end() + 1].isdigit()
                else f"{m.group(1)}{m.group(2)}{em}{m.group(3)}"
            ),
            ("- ", "-\t"),
        )
        if not s.closed_dashes and not s.cjk
        else None,
        # A hyphen or en dash glued to a closing double quote is speech cut off: No-" → No—".
        (P(r"(?<=[\p{L}\p{N}\ue000,;…!?])[-–](?=\")"), "—", ('-"', '–"')),
        # The same before a closing single quote: 'No-' he said.
        (P(r"(?<=[\p{L}\p{N}\ue000,;…])[-–](?='(?:[\s,.;:!?\"]|$))"), "—", ("-'", "–'")),
        # A hyphen ending a line after a word is speech cut off too: "I was going to-
        (P(r"(?<=[\p{L}\p{N}\ue000,;])-(?=[ \t]*$)", M), "—", H, r"(?m)-[ \t]*$") if not s.cjk else None,
        # A hyphen between a sentence's end (or a closing quote after one) and the next word is a dash
        # typed short: them.-Shouldn't, years!-and, 'No, sir!'-as the custom is, gone. -Out.
        (
            P(r"(?<=[.!?,;:]|[.!?,;:][\"'])[ \t]?-(?=\p{L}|[\"'](?:\s|$))", M),
            em,
            (".-", "!-", "?-", ",-", ";-", ":-", '"-', "'-", " -"),
        )
        if s.closed_dashes
        else None,
        # A hyphen glued between a word and ? or ! is a question broken off: Was-?' At-!
        (P(r"(?<=\p{L})-(?=[?!]+(?:[\"'\s]|$))"), em, ("-?", "-!")) if s.closed_dashes else None,
        # A hyphen right after an opening quote starts speech mid-sentence: "-and then" → “—and then”
        # (not after an apostrophe inside a compound: will-o'-the-wisp, mares'-tails).
        (P(r"(?<=(?:^|[\s(\[—–\"“'‘])[\"“'‘][ \t]*)-(?=[\p{L}\p{N}])", M), "—", H, r"[\"“'‘][ \t]*-"),
        # Dialogue lines in Spanish, Russian …: a line-initial hyphen or en dash is a dialogue dash.
        (P(r"(?<=^[ \t]*)(?:--?|–)(?=[ \t]?[\p{L}\p{N}¿¡«\"“'…])", M), "—", ("-", "–")) if s.dialogue_dashes else None,
        # Inside such a dialogue line, a hyphen glued to the narrator's words is a dash: -dijo él-.
        (P(r"(?<=^—[^\n]*\s)-(?=\p{L})|(?<=^—[^\n]*[\p{L}.,!?…])-(?=[.,;:]|[ \t]|$)", M), "—", H)
        if s.dialogue_dashes
        else None,
        # A range of exactly two numbers takes an en dash (10-12), unlike dates, phones and codes.
        (P(r"(?<![\p{L}\p{N}\-–/.:,#+])(\d{1,4})-(\d{1,4})(?![\p{L}\p{N}\-–/]|[.,:]\d)"), _en_dash_range, H, r"\d-\d")
        if not s.cjk
        else None,
        # --- Double quotes
        # A single then a double quote after a space, before text, open two quotations: '"Miss Alice!
        (P(rf"(?:(?<=^)|(?<=[{OPENERS}]))'\"(?=[\p{{L}}\p{{N}}\ue000…—–\-])", M), OPEN_SQ + OPEN_DQ, ("'\"",)),
        # Two quotes glued between words are two utterances: you—""She's → you—” “She’s.
        (P(r"(?<=[^\"\n])\"\"(?=[^\"\n])"), CLOSE_DQ + " " + OPEN_DQ, ('""',)),
        # A quote at a line start or after a space, bracket or opening quote, before text, opens.
        (P(rf"(?:(?<=^)|(?<=[{OPENERS}]))\"(?=[^\s,.;:!?)\]}}])", M), OPEN_DQ, DQ),
        # A quote after a dash and before a word opens: said—"Wait (but not little—"' closing two).
        (P(r"(?<=[—–-])\"(?=[\p{L}\p{N}\ue000‘…(\[¿¡*_]|'[\p{L}\p{N}])"), OPEN_DQ, ('—"', '–"', '-"')),
        # A quote after text and before a space, punctuation or the line end closes: you?!" → you?!”.
        (P(rf"(?<=[^{OPENERS}—–-])\"(?=\s|$|[,.;:!?)\]}}…—–\-'’”»{CLOSE_DQ}{CLOSE_SQ}*_])", M), CLOSE_DQ, DQ),
        # A quote after a dash and before a space or the end closes: No—" Derek, twinkle—"'.
        (P(r"(?<=[—–])\"(?=\s|$|[,.;:!?)\]}…]|'(?![\p{L}\p{N}]))", M), CLOSE_DQ, ('—"', '–"')),
        # Every other quote (spaced on both sides, glued on both sides) depends on the open quotation.
        _resolve_double_quotes,
        # --- Single quotes and apostrophes
        # An apostrophe inside a word: don't, Derek's, rock'n'roll, o'clock.
        (P(r"(?<=[\p{L}\p{N}\p{M}\ue000])'(?=[\p{L}\p{M}\ue000])"), "’", SQ),
        # Two single quotes before an elided word open a quotation with an elision: ''Tis so,' said the
        # Duchess; ''Times I'm early.
        (
            P(
                rf"(?:(?<=^)|(?<=[{OPENERS}—–\-\"]))''(?=(?:{_ELISIONS}|tis|twas|twere|twill|twould|em|t\p{{L}}*n't)"
                r"(?![\p{L}\p{N}]))",
                M | regex.IGNORECASE,
            ),
            OPEN_SQ + "’",
            ("''",),
        ),
        # Elisions at the start of a word are apostrophes, not opening quotes: 'em 'cause 'til 'Tis 'n'
        # 't (it) 'Tain't 'Twon't 'pon 'Stead (other dialect words, 'long 'tater 'ad, are decided by
        # _resolve_single_quotes: after a word, or when nothing closes them, they are elisions).
        (
            P(
                rf"(?:(?<=^)|(?<=[{OPENERS}—–\-\"]))'(?=(?:em|cause|cos|coz|cuz|til|tis|twas|twere|twill|twould|n|bout"
                r"|kay|nother|fraid|scuse|cept|nuff|sup|ello|pon|stead|deed|lowed|spose|t|t\p{L}*n['’]t|t\p{L}{0,3}['’]n?t)(?![\p{L}\p{N}]))",
                M | regex.IGNORECASE,
            ),
            "’",
            SQ,
        ),
        # An apostrophe ends a dialect word before the next word: an' then, top o' the, goin' home.
        (P(r"(?<=(?<![\p{L}\p{N}])(?:an|o)|\p{L}{2}in)'(?=[ \t]+'?\p{Ll})"), "’", ("n' ", "o' ")),
        # Dialect 'a' for "have" between words is two apostrophes: might 'a' thought, you'd 'a' seen.
        (P(r"(?<=(?:ould|ight|ust|[’']d|n[’']t|ever|not|ll|ay)[ \t])'a'(?=[ \t]+\p{L})"), "’a’", ("'a'",)),
        # An apostrophe before a decade elides its century: the '90s. (Before other digits the quote
        # opens a quotation when one closes after it: '5 o'clock,' she said; class of '05 is an
        # elision, which _resolve_single_quotes decides.)
        (P(rf"(?:(?<=^)|(?<=[{OPENERS}—–\-\"]))'(?=\d0s(?![\p{{L}}\p{{N}}]))", M), "’", SQ, r"'\d0s"),
        # A single quote at a line start or after a space, bracket or dash, before text, opens
        # (before a dash too: said the Mouse. '--I proceed).
        (P(rf"(?:(?<=^)|(?<=[{OPENERS}—–\-]))'(?=[\p{{L}}\p{{N}}\ue000…]|[—–\-]+\p{{L}})", M), OPEN_SQ, SQ),
        # Every other single quote closes an open quotation or is an apostrophe (Stiles' voice).
        _resolve_single_quotes,
        # --- Spacing inside quotes
        # A space typed after an opening quote is not set: " Lumos, " → “Lumos,”. (Before a line's
        # closing ``--`` it stays, as above: the dash rules, which ran before, read ``“--`` as a dash.)
        (
            P(rf"(?<=[{OPEN_DQ}{OPEN_SQ}])[ \t]+(?=\S)(?!-{{2,3}}[ \t]*$)", M),
            "",
            (OPEN_DQ + " ", OPEN_DQ + "\t", OPEN_SQ + " ", OPEN_SQ + "\t"),
        ),
        # Nor one typed before a closing quote: both? " She → both?” She.
        (
            P(rf"(?<=\S)[ \t]+(?=[{CLOSE_DQ}{CLOSE_SQ}])"),
            "",
            (" " + CLOSE_DQ, "\t" + CLOSE_DQ, " " + CLOSE_SQ, "\t" + CLOSE_SQ),
        ),
        # An em dash typed with a space on one side only is closed up too: fine— look → fine—look
        # (after the quotes, so dashes that quote spacing brought next to a space are closed up as well).
        (P(r"(?<=[^\s—])(?:—[ \t]+|[ \t]+—)(?=[^\s—])"), "—", ("— ", " —", "—\t", "\t—")) if s.closed_dashes else None,
        # --- French spacing
        # French sets « » with a no-break space inside (a straight quote already became « or »).
        (P(rf"[{OPEN_DQ}«][ \t\u00a0\u202f]*(?=[^\s»{CLOSE_DQ}])"), "«" + sp, (OPEN_DQ, "«"))
        if s.french_spacing
        else None,
        (P(rf"(?<=[^\s«{OPEN_DQ}])[ \t\u00a0\u202f]*[{CLOSE_DQ}»]"), sp + "»", (CLOSE_DQ, "»"))
        if s.french_spacing
        else None,
        # French puts a no-break space before ; ! ? after a word (Quoi ? Note : …).
        (P(r"(?<=[\p{L}\p{N}»)\]’”\ue000\ue002\ue004])[ \t\u00a0\u202f]?(?=[;!?])"), sp, (";", "!", "?"))
        if s.french_spacing
        else None,
        # … and before a colon, unless it sits between digits (10:30).
        (P(r"(?<=[\p{L}»)\]’”\ue000\ue002\ue004]|\p{N}(?=[ \t\u00a0\u202f]))[ \t\u00a0\u202f]?(?=:(?!\d))"), sp, (":",))
        if s.french_spacing
        else None,
        # --- The language's marks
        # Decided quotes become this language's marks: “ ” ‘ ’, „ “, « » …
        _style_quotes,
    ]
    return [r for r in rules if r is not None]


# ---------------------------------------------------------------------------------------------
# Applying rules with marks


def _remap(pos: int, edits: list[tuple[int, int, int]]) -> int:
    """Where old position ``pos`` lands after ``edits`` (start, end, new_length), in order."""
    shift = 0
    for start, end, length in edits:
        if end <= pos:
            shift += length - (end - start)
        elif start < pos:
            return start + shift + min(pos - start, length)
        else:
            break
    return pos + shift


def substitute(text: str, marks: list[Mark], pattern: regex.Pattern[str], repl: Repl) -> tuple[str, list[Mark]]:
    """``pattern.sub(repl, text)`` that moves ``marks`` along with the text."""
    text, marks, _ = _substitute(text, marks, pattern, repl)
    return text, marks


def _substitute(text: str, marks: list[Mark], pattern, repl: Repl) -> tuple[str, list[Mark], str]:
    """``substitute``, and the text it put in (the only characters the result has that ``text`` may not)."""
    edits: list[tuple[int, int, int]] = []
    pieces: list[str] = []
    inserted: list[str] = []
    pos = 0
    for m in pattern.finditer(text):
        new = repl(m) if callable(repl) else m.expand(repl)
        if new == m.group(0):
            continue
        edits.append((m.start(), m.end(), len(new)))
        pieces.append(text[pos : m.start()])
        pieces.append(new)
        inserted.append(new)
        pos = m.end()
    if not edits:
        return text, marks, ""
    pieces.append(text[pos:])
    moved = [Mark(_remap(k.start, edits), _remap(k.end, edits), k.kind) for k in marks]
    return "".join(pieces), [k for k in moved if k.end > k.start], "".join(inserted)


#: The characters each stateful pass may put in (the quote placeholders; the marks of every style).
_STEP_MARKS: dict[Callable, str] = {
    _resolve_double_quotes: OPEN_DQ + CLOSE_DQ,
    _resolve_single_quotes: OPEN_SQ + CLOSE_SQ + "’",
    _style_quotes: "".join(
        {c for style in (_EN, *STYLES.values()) for pair in (style.double, style.single) for c in pair}
    ),
}

# Characters some rule acts on: a paragraph without any is left as it is.
_CANDIDATES = re.compile(r"[\"'.\-–—«»“”:;!?]")


def _gate(trigger: str) -> str:
    """The character of a trigger that is rarest in prose (punctuation before letters and spaces)."""
    return min(trigger, key=lambda c: (c.isalpha(), c.isspace()))


#: A planned rule: a step, or (pattern, replacement, gate, check): the rule is tried only when a
#: character of ``gate`` is in the text (one of each trigger: chosen by set, where testing every
#: trigger of every rule on every paragraph was most of the time of a long book) and then only where
#: ``check`` (its prefilter, or its triggers when one is longer than its gate character) is found.
Planned = Step | tuple[Pattern, Repl, frozenset[str], re.Pattern[str] | None]


class _Plan:
    """The rules of one Settings, and which of them a text's gate characters open: a paragraph
    visits only those (about a quarter of the rules in prose), found by the set of its gate
    characters, of which a book has a few hundred combinations."""

    def __init__(self, rules: list[Rule | Step]) -> None:
        self.rules: list[Planned] = []
        for rule in rules:
            if callable(rule):
                self.rules.append(rule)
            else:
                pattern, repl, triggers = rule[:3]
                # one search in re: the prefilter (which implies a trigger), else the triggers when
                # one is longer than its gate character
                if len(rule) == 4:
                    check: re.Pattern[str] | None = re.compile(rule[3])
                elif all(len(t) == 1 for t in triggers):
                    check = None
                else:
                    check = re.compile("|".join(re.escape(t) for t in triggers))
                self.rules.append((pattern, repl, frozenset(_gate(t) for t in triggers), check))
        self.gates = frozenset(c for rule in self.rules if not callable(rule) for c in rule[2])
        self._live: dict[frozenset[str], tuple[int, ...]] = {}
        #: every character a gate tests (the rules', the protected spans', art lines', placeholders)
        self.tested = sorted(self.gates | _ART_CHARS | _PLACEHOLDER_SET | {c for gate, _, _ in _PROTECT for c in gate})

    def present(self, text: str) -> frozenset[str]:
        """The characters of ``text`` that a gate tests (40 substring searches in C: cheaper than a
        set of all its characters)."""
        return frozenset([c for c in self.tested if c in text])

    def live(self, present: frozenset[str]) -> tuple[int, ...]:
        """The positions of the rules (stateful passes always) whose gates are among ``present``."""
        key = present & self.gates
        found = self._live.get(key)
        if found is None:
            found = tuple(i for i, rule in enumerate(self.rules) if callable(rule) or not rule[2].isdisjoint(key))
            if len(self._live) < 4096:
                self._live[key] = found
        return found


@cache
def _plan(settings: Settings) -> _Plan:
    return _Plan(build_rules(settings))


def smarten_text(
    text: str, marks: list[Mark] | None = None, settings: Settings | None = None
) -> tuple[str, list[Mark]]:
    """Typeset one paragraph's text, moving its marks; ``settings`` default to English."""
    settings = settings or Settings()
    marks = list(marks or [])
    if not _CANDIDATES.search(text):
        return text, marks
    plan = _plan(settings)
    present = plan.present(text)  # the gates' characters in the text, kept up to date as rules change it
    text, originals = mask(text, marks, present)
    if originals:
        present = plan.present(text)
    style = settings.style
    rules = plan.rules
    live = plan.live(present)
    k = 0
    while k < len(live):
        at = live[k]
        k += 1
        rule = rules[at]
        if callable(rule):
            changed = rule(text, style)
            inserted = _STEP_MARKS.get(rule, changed) if changed is not text else ""
        else:
            check = rule[3]
            if check is not None and not check.search(text):
                continue
            changed, marks, inserted = _substitute(text, marks, rule[0], rule[1])
        if changed is not text:
            # ``present`` gains the characters put in (one it lost only makes a later rule try in
            # vain), and the rules after this one are chosen again from it
            text = changed
            if not present.issuperset(inserted):
                present = present.union(inserted)
                live = plan.live(present)
                k = bisect_right(live, at)
    return unmask(text, originals), marks


# ---------------------------------------------------------------------------------------------
# The book


def _paragraph(par: Paragraph, settings: Settings) -> Paragraph:
    text, marks = smarten_text(par.text, par.marks, settings)
    return replace(par, text=text, marks=marks)


def _blocks(blocks: list, settings: Settings) -> list:
    out = []
    for block in blocks:
        if isinstance(block, Paragraph):
            block = _paragraph(block, settings)
        elif isinstance(block, AuthorNote):
            block = replace(
                block,
                label=smarten_text(block.label, None, settings)[0],
                paragraphs=[_paragraph(p, settings) for p in block.paragraphs],
            )
        elif isinstance(block, Quote):
            block = replace(block, blocks=_blocks(block.blocks, settings))
        elif isinstance(block, ListBlock):
            block = replace(block, items=[_paragraph(p, settings) for p in block.items])
        elif isinstance(block, Table):
            block = replace(block, rows=[[_paragraph(p, settings) for p in row] for row in block.rows])
        elif isinstance(block, Heading):
            block = replace(block, text=smarten_text(block.text, None, settings)[0])
        out.append(block)
    return out


# Three hyphens between words: the author (or pandoc) writes --- for an em dash.
_TRIPLE_DASH = regex.compile(r"[\p{L}\p{N}][ \t]?---[ \t]?[\p{L}\p{N}\"']")


def uses_triple_dashes(book: Book) -> bool:
    """Whether the book writes ``---`` for an em dash at least twice (then ``--`` is an en dash)."""
    from .model import book_text

    return len(_TRIPLE_DASH.findall(book_text(book), overlapped=False)) >= 2


def settings_for(book: Book, language: str | None, options=None) -> Settings:
    """The Settings of one book: its language's style, its dash convention, the French space."""
    french_space = getattr(options, "french_space", None) or "\u00a0"
    return Settings(style_for(language), uses_triple_dashes(book), french_space)


def smarten_book(book: Book, language: str | None = None, options=None) -> Book:
    """Typeset every paragraph, heading, chapter title, the book title, its subtitle and summary (a new
    Book; the input is kept)."""
    settings = settings_for(book, language, options)
    chapters = [
        Chapter(smarten_text(c.title, None, settings)[0] if c.title else c.title, _blocks(c.blocks, settings), c.kind)
        for c in book.chapters
    ]
    # The book title is shown on the cover, the title page and the reader's shelf: set it like the text;
    # the summary and the subtitle are on the title page, set like the body (a paragraph a line).
    meta = book.metadata

    def lines(value: str | None) -> str | None:
        if not value:
            return value
        return "\n".join(smarten_text(line, None, settings)[0] if line.strip() else line for line in value.split("\n"))

    extra = dict(meta.extra)
    if "subtitle" in extra:
        extra["subtitle"] = lines(extra["subtitle"]) or ""
    metadata = replace(meta, title=lines(meta.title), summary=lines(meta.summary), extra=extra)
    return Book(metadata, chapters)
