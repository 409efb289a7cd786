"""Chapter headings: a table of heading styles, and the rules that decide which lines are headings.

A line is a heading only in heading position (a short line on its own, or a short first line of a
block) and only when it fits the file: strong styles (``Chapter 3``, ``第三章``, ``# Title``,
``Prologue``) count wherever they stand; numbered styles without a keyword (``1.``, ``I``,
``12 - Title``) count only as a rising sequence; bare ALL-CAPS lines only when the file uses them
again and again after a wide gap and has no other headings. A written table of contents is found
and set aside so it does not become a run of empty chapters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .emphasis import strip_emphasis

_EN_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_EN_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_FR = [
    "zéro",
    "un",
    "deux",
    "trois",
    "quatre",
    "cinq",
    "six",
    "sept",
    "huit",
    "neuf",
    "dix",
    "onze",
    "douze",
    "treize",
    "quatorze",
    "quinze",
    "seize",
    "dix-sept",
    "dix-huit",
    "dix-neuf",
    "vingt",
]
_ES = [
    "cero",
    "uno",
    "dos",
    "tres",
    "cuatro",
    "cinco",
    "seis",
    "siete",
    "ocho",
    "nueve",
    "diez",
    "once",
    "doce",
    "trece",
    "catorce",
    "quince",
]
_WORDS: dict[str, int] = {}
for _i, _w in enumerate(_EN_UNITS):
    _WORDS[_w] = _i
for _t in range(2, 10):
    _WORDS[_EN_TENS[_t]] = _t * 10
    for _u in range(1, 10):
        _WORDS[f"{_EN_TENS[_t]}-{_EN_UNITS[_u]}"] = _WORDS[f"{_EN_TENS[_t]} {_EN_UNITS[_u]}"] = _t * 10 + _u
for _table in (_FR, _ES):
    for _i, _w in enumerate(_table):
        _WORDS.setdefault(_w, _i)
_WORDS.update({"une": 1, "premier": 1, "first": 1, "last": 0, "final": 0})

#: Any number word we read. English compounds ("twenty-one", "twenty one") are written as tens plus an
#: optional unit rather than listed one by one: the listed form cost ~0.1 s of regex compilation at
#: every start-up. Longest first, so "seventeen" wins over "seven".
_SINGLE_WORDS = sorted(
    (
        w
        for w in _WORDS
        if " " not in w and w not in ("last", "final") and not any(w.startswith(t + "-") for t in _EN_TENS[2:])
    ),
    key=len,
    reverse=True,
)
_WORD_RE = rf"(?:{'|'.join(_EN_TENS[2:])})(?:[\s-](?:{'|'.join(_EN_UNITS[1:10])}))?|" + "|".join(
    re.escape(w) for w in _SINGLE_WORDS
)
_ROMAN = r"[IVXLCDM]{1,7}|[ivxlcdm]{1,7}"
_CJK_NUM = r"[0-9０-９零〇一二三四五六七八九十百千两]+"
NUMBER = rf"(?:\d{{1,4}}|{_ROMAN}|(?i:{_WORD_RE}))"

_CJK_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CJK_UNITS = {"十": 10, "百": 100, "千": 1000}


def parse_number(token: str) -> int | None:
    """The value of ``12``, ``XII``, ``twelve``, ``douze``, ``十二``; None if not a number."""
    token = token.strip().rstrip(".").lower()
    if not token:
        return None
    if token.isdigit():
        return int(token)
    if re.fullmatch(r"[０-９]+", token):
        return int(token.translate({0xFF10 + i: 48 + i for i in range(10)}))
    if re.fullmatch(r"[ivxlcdm]+", token):
        values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
        total = 0
        for a, b in zip(token, token[1:] + " "):
            v = values[a]
            total += -v if b != " " and values[b] > v else v
        return total
    word = re.sub(r"\s+", " ", token)
    if word in _WORDS:
        return _WORDS[word]
    if set(token) <= set(_CJK_DIGITS) | set(_CJK_UNITS):
        total, current = 0, 0
        for ch in token:
            if ch in _CJK_DIGITS:
                current = _CJK_DIGITS[ch]
            else:
                total += (current or 1) * _CJK_UNITS[ch]
                current = 0
        return total + current
    return None


@dataclass(frozen=True)
class HeadingStyle:
    name: str
    pattern: re.Pattern[str]
    strength: str  # "strong": anywhere in heading position; "sequence": a rising run of 2+; "single": own line only; "weak": the file's only style
    family: str  # headings of one family must agree (numbers rise, style repeats)
    why: str


_CHAPTER_WORDS = (
    r"chapter|chap\.?|ch\.?|stave|episode|ep\.|capítulo|capitulo|cap\.|chapitre|kapitel|capitolo|"
    r"hoofdstuk|bab|kabanata|bölüm|chương|глава|rozdział|rozdzial|kapitola|luku|fejezet|κεφάλαιο|hồi"
)
_PART_WORDS = r"part|book|volume|vol\.?|season|arc|act|tome|livre|teil|buch|libro|parte|bagian|phần|часть|część|deel"
#: What may follow a number: nothing, a separator and a title, or a capitalised title.
_REST = r"(?:\s*[:.\-–—|)](?:\s*(?P<title>.*\S))?|\s+(?P<title2>[^\s\w(]?[(\[\"'“‘]?[^\W\d_a-zà-ÿ].*))?"
_SPECIAL = (
    r"prologue|epilogue|interlude|side[\s-]story|bonus(?:\s+chapter)?|extra\s+chapter|omake|preface|foreword|"
    r"afterword|introduction|prelude|postscript|appendix|prólogo|epílogo|prologo|epilogo|épilogue|prolog|epilog|"
    r"пролог|эпилог|序章|终章|終章|尾声|尾聲|楔子|番外|后记|後記|序|プロローグ|エピローグ|幕間|閑話|프롤로그|에필로그|"
    r"dedication|epigraph|préface|prefacio|prefácio|prefazione|vorwort|предисловие|avant-propos|"
    r"introducción|introdução|introduzione|einleitung|введение|dédicace|dedicatoria|dedicatória|widmung|"
    r"посвящение|épigraphe|epígrafe|epigrafe|前言|序言|はじめに|まえがき|서문"
)

#: Whose (or which edition's) front matter it is, after its name: ``Préface de l'Éditeur``, ``Preface
#: to the Second Edition``, ``Vorwort des Übersetzers``, ``Prólogo del autor``. Only such words: a line
#: ``Introduction to Magic`` is a story's title, not the book's introduction.
_OF_ROLE = (
    r"(?:(?:to|of|by)\s+the\s+|de\s+l['’]|de\s+la\s+|du\s+|des\s+|del\s+|della\s+|dell['’]|de\s+|zur\s+|zum\s+|der\s+"
    r"|van\s+de[n]?\s+|bij\s+de\s+)(?:\w+\s+)?(?:author|editor|translator|publisher|edition|auteur|éditeur|editeur|"
    r"traducteur|édition|autor|traductor|edición|autore|editore|traduttore|edizione|verfassers|herausgebers|"
    r"übersetzers|auflage|ausgabe|schrijver|uitgever|vertaler|uitgave|druk)s?"
)

#: Headings that name front matter (a section before the first chapter), by the ``epub:type`` it is
#: written with; a heading of its own (``Preface``, ``PRÉFACE``, ``Vorwort``), optionally with a title.
FRONT_HEADINGS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(rf"^(?:{words})(?:\s+{_OF_ROLE})?(?:\s*[:.\-–—]\s*.*)?$", re.I))
    for kind, words in (
        ("dedication", r"dedication|dédicace|dedicatoria|dedicatória|dedica|widmung|посвящение|献辞|獻辭"),
        ("epigraph", r"epigraph|épigraphe|epígrafe|epigrafe"),
        ("foreword", r"foreword|avant-propos|geleitwort"),
        ("preface", r"preface|préface|prefacio|prefácio|prefazione|vorwort|предисловие|前言|序言|序|まえがき|서문"),
        ("introduction", r"introduction|introducción|introdução|introduzione|einleitung|введение|はじめに|引言|导言"),
    )
)


def front_kind(title: str | None) -> str | None:
    """The front matter a heading names (``PREFACE`` -> ``preface``), else None."""
    text = " ".join((title or "").split())
    return next((kind for kind, pattern in FRONT_HEADINGS if pattern.match(text)), None)


STYLES: tuple[HeadingStyle, ...] = (
    HeadingStyle(
        "markdown",
        re.compile(r"^(?P<hashes>#{1,6})[ \t]+(?P<title>.*?\S)(?:[ \t]+#+)?$"),
        "strong",
        "markdown",
        "# Title / ## Title: markdown ATX headings",
    ),
    HeadingStyle(
        "keyword",
        re.compile(rf"^(?P<kw>(?i:{_CHAPTER_WORDS}))\s*(?P<num>{NUMBER})(?![\w'’]){_REST}$"),
        "strong",
        "chapter",
        "Chapter 1, Chapter 1: Title, Chapter One, CHAPTER XII., Ch. 3, STAVE I:, Capítulo/Chapitre/Kapitel/Глава …",
    ),
    HeadingStyle(
        "part",
        re.compile(rf"^(?P<kw>(?i:{_PART_WORDS}))\s*(?P<num>{NUMBER})(?![\w'’]){_REST}$"),
        "strong",
        "part",
        "Part 2, Book Two, Volume III, Season I: a division above chapters",
    ),
    HeadingStyle(
        "cjk",
        re.compile(
            rf"^第\s*(?P<num>{_CJK_NUM})\s*(?P<kw>[章回节節话話卷集部篇幕])(?:[\s:：.、\-–—]*(?P<title>.*\S))?$"
        ),
        "strong",
        "cjk",
        "第一章 Title, 第3話, 第十二回: Chinese and Japanese chapter numbering",
    ),
    HeadingStyle(
        "korean",
        re.compile(r"^(?:제\s*)?(?P<num>\d{1,4})\s*(?P<kw>화|장|편)(?:[\s.:\-–—]+(?P<title>.*\S))?$"),
        "strong",
        "korean",
        "제1화, 3화, 제 2 장: Korean chapter numbering",
    ),
    HeadingStyle(
        "special",
        re.compile(
            rf"^(?P<kw>{_SPECIAL})(?:\s+{_OF_ROLE})?(?:\s*(?P<num>{NUMBER})(?![\w'’]))?"
            rf"(?:\s*[:.\-–—|](?:\s*(?P<title>.*\S))?)?$",
            re.I,
        ),
        "strong",
        "special",
        "Prologue, Epilogue, Interlude, Side Story, Bonus Chapter, Preface, PRÉFACE., Préface de l'Éditeur …,"
        " optionally with a title",
    ),
    HeadingStyle(
        "note-chapter",
        re.compile(r"^(?P<kw>author'?’?s\s+notes?|a/n)$", re.I),
        "companion",
        "special",
        "Author's Note as a chapter of its own, in a file that has other chapter headings",
    ),
    HeadingStyle(
        "number-title",
        re.compile(r"^(?P<num>\d{1,3}|[IVXLC]{1,7})\s*[.:)\-–—]\s*(?P<title>[^\W\d_].{0,80})$"),
        "sequence",
        "number-title",
        "1. Title, 12 - Title, IV. Title: numbered titles, only as a rising sequence",
    ),
    HeadingStyle(
        "word-title",
        re.compile(
            rf"^(?P<num>(?i:{_WORD_RE}))[ \t\u00a0]*[:.\-–—][ \t\u00a0]*(?P<title>[^\W\d_a-zà-ÿ][^.!?]{{0,60}})$"
        ),
        "single",
        "word-title",
        "Un : Kiba, One - Title: a number word and a short capitalised title on a line of its own",
    ),
    HeadingStyle(
        "bare-number",
        re.compile(r"^(?P<num>\d{1,3})\.?$"),
        "sequence",
        "bare-number",
        "1 / 1.: bare numbers, only as a rising sequence of headings",
    ),
    HeadingStyle(
        "bare-roman",
        re.compile(r"^(?P<num>[IVXLC]{1,7})\.?$"),
        "sequence",
        "bare-roman",
        "I, II, III (Gatsby's centred numerals): bare Roman numerals, only as a rising sequence",
    ),
    HeadingStyle(
        "bare-cjk-number",
        re.compile(r"^(?P<num>[一二三四五六七八九十百〇]{1,4})[\s\u3000]*$"),
        "sequence",
        "bare-cjk-number",
        "一, 二, 三 (a Japanese or Chinese book's section numerals): only as a rising sequence",
    ),
    HeadingStyle(
        "bare-word",
        re.compile(rf"^(?P<num>{_WORD_RE})\.?$", re.I),
        "sequence",
        "bare-word",
        "One, Two, Three: bare number words, only as a rising sequence",
    ),
    HeadingStyle(
        "caps",
        re.compile(r"^(?=(?:.*[A-ZÀ-ÞА-Я]){2})[^a-zà-ÿа-я]{2,60}(?<![.!?,;…\"”])$"),
        "weak",
        "caps",
        "BARE ALL-CAPS TITLES: only when the file uses them after wide gaps and has no other headings",
    ),
    HeadingStyle(
        "caps-period",
        re.compile(r"^(?=(?:.*[A-ZÀ-ÞА-Я]){2})[^a-zà-ÿа-я(\[]{1,60}\.[\"”»]?$"),
        "weak",
        "caps",
        'BEREISDE LIEDEN., IN »POETS CORNER.": capitals ending in a full stop, as older books print'
        " headings; only after a wide gap (three blank lines or more), in a file that opens its sections so",
    ),
)


@dataclass
class HeadingMatch:
    style: HeadingStyle
    text: str  # the heading as written (emphasis markup removed, spaces collapsed)
    number: int | None
    title: str  # the words after the number ("" when none)
    level: int = 1  # markdown depth

    @property
    def needs_title(self) -> bool:
        """A number alone (``CHAPTER I.``, ``I``) may take the next line as its title."""
        return not self.title and self.style.family not in ("special", "markdown", "caps")


def clean_line(line: str, markdown: bool) -> str:
    """A candidate line without emphasis markup, escapes or runs of spaces."""
    text = strip_emphasis(line.strip(), markdown)
    return _SPACE_RUNS.sub(" ", text).strip()


#: Runs of spaces, tabs and no-break spaces that ``clean_line`` makes one space: runs of two or more,
#: and a lone tab or no-break space (a lone space is left where it is: matching every one made a
#: story saved as one 10 MB line into ~3.7M pieces, 140 MB, for the same result).
_SPACE_RUNS = re.compile(r"[ \t\u00a0]{2,}|[\t\u00a0]")


#: A footnote mark at the end of a heading (``CHAPITRE XXII[1].``, ``OM DEN ZUID[11].``): the heading is
#: read without it (and written with it).
_NOTE_MARK = re.compile(r"\[\d{1,3}\](?=[.:]?$)")


@lru_cache(maxsize=8192)
def match_heading(line: str, markdown: bool = False, styles: tuple[HeadingStyle, ...] = STYLES) -> HeadingMatch | None:
    """The heading style ``line`` is written in, or None (position and consistency are checked elsewhere).

    Cached: a file's lines are asked about more than once (layout, candidates, contents)."""
    raw = line.strip()
    if not raw or len(raw) > 120:
        return None
    text = clean_line(raw, markdown)
    if not text:
        return None
    bare = _NOTE_MARK.sub("", text)
    for style in styles:
        # the hashes are markup: match them on the raw line, before emphasis is stripped
        m = style.pattern.match(re.sub(r"[ \t\u00a0]+", " ", raw) if style.name == "markdown" else bare)
        if not m:
            continue
        groups = m.groupdict()
        title = (groups.get("title") or groups.get("title2") or "").strip()
        if style.name == "markdown":
            title = clean_line(title, markdown)
            return HeadingMatch(style, title, None, title, len(groups["hashes"]))
        number = parse_number(groups["num"]) if groups.get("num") else None
        if groups.get("num") and number is None:
            continue
        return HeadingMatch(style, text, number, title)
    return None


def looks_like_heading(text: str) -> bool:
    """Whether ``text`` alone reads as a chapter's heading (``Chapter 1 …``, ``第一章``, ``Prologue``):
    a strong heading style, as page titles and breadcrumbs name chapters."""
    found = match_heading(" ".join(text.split()))
    return found is not None and found.style.strength == "strong" and found.style.family != "markdown"


def bare_label(text: str) -> bool:
    """Whether ``text`` is a chapter's label and number alone (``Chapter 1``, ``CHAPTER I``, ``Глава 1``):
    a heading whose name, if it has one, is written elsewhere."""
    found = match_heading(" ".join(text.split()))
    return found is not None and found.style.strength == "strong" and found.needs_title


def title_like(line: str) -> bool:
    """A short line that can be the second line of a two-line heading (``Down the Rabbit-Hole``)."""
    text = line.strip()
    return (
        0 < len(text) <= 70
        and len(text.split()) <= 10
        and not text.endswith((",", ";", ":"))
        and not text[0].islower()
        and not text.startswith(('"', "“", "'", "‘"))
    )


#: A label that opens a written table of contents (``INDEX.`` is the French books' contents, ``INHOUD.``
#: the Dutch; a trailing colon or full stop as printed).
CONTENTS_WORDS = (
    r"(?:table\s+of\s+)?contents|[íi]ndice|index|sommaire|table\s+des\s+mati[èe]res|inhalt(?:sverzeichnis)?|"
    r"inhoud(?:sopgave)?|contenido|contenuto|sum[áa]rio|innehåll(?:sförteckning)?|ind(?:h)?old(?:sfortegnelse)?|"
    r"innhold(?:sfortegnelse)?|sisällys(?:luettelo)?|spis\s+treści|obsah|目录|目錄|目次|もくじ|목차|содержание|оглавление"
)
CONTENTS = re.compile(rf"^(?:{CONTENTS_WORDS})[:.]?$", re.I)
#: A written contents' column labels (``Chap.   Page.``, ``Bladz.``) and entries that end in a page
#: number after a wide gap or a dot leader (``BEREISDE LIEDEN                         3.``).
CONTENTS_COLUMNS = re.compile(
    r"^(?:(?:chap(?:ter|itre)?s?|pages?|p|pp|bladz|blz|seite|s|pág(?:ina)?s?|pag|capítulo|kapitel)\.?\s*)+$", re.I
)
CONTENTS_ENTRY = re.compile(r"^\S.*?(?:\s{2,}|\s*\.{3,}\s*)\d{1,4}\.?$")


def rising(numbers: list[int | None]) -> bool:
    """Whether the numbers of a heading family go up (a bare '1' once is not a sequence)."""
    values = [n for n in numbers if n is not None]
    return len(values) >= 2 and len(values) == len(numbers) and all(b > a for a, b in zip(values, values[1:]))
