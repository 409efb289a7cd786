"""What comes before the story and around its headings: a title page (title, ``by Name``, edition,
publisher, date, rating and word-count lines), the book's title repeated as a line of its own, a bare
title line, front matter (a dedication, an epigraph), a chapter line that repeats its heading; and
titles and authors from file names.

Text is moved, never deleted: only lines that look like title-page material are taken (a story
sentence never is), whatever is taken goes into the metadata (so it is on the title page) and is
recorded in ``Removed`` with ``moved`` set; a line whose role is uncertain stays in the story. Blocks
come from either reader; ``Source`` gives a block's lines as the file wrote them (a text scrape's
source lines, a page paragraph's line breaks).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..model import (
    AuthorNote,
    Block,
    Draft,
    Heading,
    Metadata,
    Paragraph,
    Part,
    Quote,
    Removed,
    SceneBreak,
    at_most_words,
    split_count,
)
from .chapters import norm
from .headings import CONTENTS, clean_line, match_heading

# --- names ------------------------------------------------------------------------------------

#: Lower-case words a personal name may hold (``Ursula K. Le Guin``, ``Thomas Parke d’Invilliers``).
_NAME_PARTICLES = frozenset("de del della der den di da du des la le van von y e and & et und".split())
#: Words that end a ``by …`` line that is no byline (``Stand by Me``, ``by the way``).
_NOT_NAMES = frozenset("me you him her us them it this that night day the a an".split())


def name_like(text: str) -> bool:
    """Whether ``text`` reads as a person's name or a user name (``Kaz_99``, ``F. Scott Fitzgerald``,
    ``IncompleteSentanc (Erava)``, ``说梦者``), not as words of a sentence (``the time we left.``)."""
    text = text.strip()
    if not text or len(text) > 60 or text[-1] in ',;:!?…"”' or text.lower() in _NOT_NAMES:
        return False
    words = text.split()
    if len(words) == 1:  # a user name: letters, digits, _ . - ' @ (no sentence's full stop at the end)
        return bool(re.fullmatch(r"[\w.'’@+-]+", text)) and not text.endswith(".") or bool(re.fullmatch(r"\w\.", text))
    if len(words) > 6:
        return False
    for word in words:
        bare = word.strip("()[]")
        if not bare or bare.lower() in _NAME_PARTICLES or re.match(r"(?:d|l|o|mc|mac)['’]", bare, re.I):
            continue
        if bare[0].islower():
            return False
        if word.endswith(".") and not re.fullmatch(r"(?:\w{1,2}|Jr|Sr|St|Dr|Mr|Mrs|Ms)\.", word):
            return False  # initials (``F.``) and titles (``Jr.``) only
    return True


def split_authors(name: str) -> list[str]:
    """``A and B`` / ``A & B`` / ``A, B`` -> the names, when every part reads as a name; else [name]."""
    parts = [p.strip() for p in re.split(r"\s*(?:,|&|\band\b|\bet\b|\bund\b|\by\b)\s*", name) if p.strip()]
    if len(parts) > 1 and all(name_like(p) and len(p.split()) <= 4 for p in parts):
        return parts
    return [name]


# --- file names -------------------------------------------------------------------------------

#: Words a saved file's name uses for how it was saved, not for the story.
_SAVE_WORDS = frozenset("download downloaded crawl crawled scrape scraped saved export exported backup".split())
#: Address endings that follow a site's word in a file name (``fanfiction.net``).
_DOMAINS = frozenset("com net org fr".split())
#: A chapter suffix at the end of a file name: ``_ch1``, ``-chapter-2``, `` Part 3``, ``.c4``.
_CHAPTER_SUFFIX = re.compile(r"(?i)[\s_.-]*(?:ch|chap|chapter|chapitre|capitulo|part|pt)[\s_.-]*\d+$")
#: ``Title - by Author`` / ``Title by Author`` (file names with spaces).
_NAME_BYLINE = re.compile(r"^(?P<title>.+?)\s+(?:[-–—]\s+)?by\s+(?P<author>\S.*)$", re.I)


def _site_words() -> frozenset[str]:
    from ..sites import all_profiles

    return frozenset(word for profile in all_profiles() for word in profile.file_words)


def _strip_words(words: list[str]) -> list[str]:
    """``words`` without site and save words at either end (``ao3 download … ch2``)."""
    site, drop = _site_words(), _site_words() | _SAVE_WORDS

    def bare(word: str) -> str:
        return word.lower().replace(".", "")

    while words and bare(words[0]) in drop:
        words = words[1:]
    while words:
        last = bare(words[-1])
        if last in drop or (last in _DOMAINS and len(words) > 1 and words[-2].lower() in site):
            words = words[:-1]
        else:
            break
    return words


def from_file_name(name: str | None) -> tuple[str | None, str | None]:
    """The title (and author) a file name gives, words cased as written: ``my_story-final.txt`` ->
    ``my story final``; ``Silent Night (Gundam Wing) - by Kaz_99.txt`` -> ``Silent Night (Gundam Wing)``
    by ``Kaz_99``; site words and chapter suffixes left out (``ao3-crimson-supernova-ch2`` ->
    ``crimson supernova``)."""
    if not name:
        return None, None
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", name.replace("\\", "/").rsplit("/", 1)[-1]).strip()
    stem = _CHAPTER_SUFFIX.sub("", stem) or stem
    author = None
    if " " in stem:  # a name written with spaces keeps its _ and - as written
        found = _NAME_BYLINE.match(stem)
        if found and name_like(found["author"].strip()):
            stem, author = found["title"].strip(" -–—"), found["author"].strip()
        words = stem.split()
    else:
        sep = max("_-.", key=stem.count)
        words = [w for w in re.split(r"[_.-]+" if sep != "-" else r"[-.]+", stem) if w]
        if "by" in (w.lower() for w in words[1:-1]):
            at = max(i for i, w in enumerate(words) if w.lower() == "by")
            candidate = sep.join(words[at + 1 :])
            if 0 < at and len(words) - at - 1 <= 3 and name_like(candidate):
                words, author = words[:at], candidate
        if sep == "-":
            words = [w for part in words for w in part.split("_") if w]
    words = _strip_words(words) or words
    title = " ".join(words).strip()
    return title or None, author


def title_from_name(name: str | None) -> str | None:
    """The title a file name gives (see ``from_file_name``)."""
    return from_file_name(name)[0]


def same_title(a: str, b: str) -> bool:
    """Whether two titles name the same thing (one holds the other's words, case and punctuation
    aside: ``I.`` is not in ``the Wicked``)."""
    x, y = f" {norm(a)} ", f" {norm(b)} "
    return bool(x.strip() and y.strip()) and (x in y or y in x)


@dataclass
class Source:
    """The source lines of a draft's blocks: raw (as written) and cleaned (emphasis markup removed)."""

    draft: Draft

    def raw(self, block: Block) -> list[str] | None:
        """The block's lines, stripped; None for blocks that are not paragraphs."""
        if not isinstance(block, Paragraph):
            return None
        origin, draft = block.origin, self.draft
        if draft.source == "text" and draft.line_map and origin and origin.line and origin.end:
            lo = bisect.bisect_left(draft.line_map, origin.line)
            hi = bisect.bisect_right(draft.line_map, origin.end)
            lines = [line.strip() for line in draft.lines[lo:hi]]
            return [line for line in lines if line] or block.text.split("\n")
        return [line.strip() for line in block.text.split("\n")]

    def clean(self, line: str) -> str:
        return clean_line(line, self.draft.markdown)

    def centred(self, block: Block) -> bool:
        """A block set centred: by the page (``text-align: center``), or in a text by indentation (every
        line indented at least eight spaces, as Project Gutenberg centres title pages)."""
        if not isinstance(block, Paragraph):
            return False
        if block.align == "center":
            return True
        origin, draft = block.origin, self.draft
        if draft.source != "text" or not (draft.line_map and origin and origin.line and origin.end):
            return False
        lo = bisect.bisect_left(draft.line_map, origin.line)
        hi = bisect.bisect_right(draft.line_map, origin.end)
        lines = [line.expandtabs(8) for line in draft.lines[lo:hi] if line.strip()]
        return bool(lines) and all(len(line) - len(line.lstrip()) >= 8 for line in lines)

    def line(self, block: Block) -> str | None:
        """The cleaned text of a one-line paragraph, else None."""
        lines = self.raw(block)
        return self.clean(lines[0]) if lines is not None and len(lines) == 1 else None


def _record(removed: Removed, rule: str, blocks: list[Block], source: Source, moved: str | None) -> None:
    for block in blocks:
        if isinstance(block, Paragraph):
            removed.add_at(rule, "\n".join(source.raw(block) or [block.text]), block.origin, moved)


# --- the title page ---------------------------------------------------------------------------

#: A byline: "by Name", "Author: Name" (and a few languages), near the start of a text.
_BYLINE = re.compile(
    r"^(?:(?:written\s+)?by|par|por|von|door|di|автор)\s+(?P<name>[^\s].{0,60})$|^(?:author|auteur|autor|autora|autore|作者|著者)\s*[:：]\s*(?P<name2>.{1,60})$",
    re.I,
)

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE = rf"(?:\d{{4}}(?:-\d{{2}}(?:-\d{{2}})?)?|{_MONTH}\s+(?:\d{{1,2}},?\s+)?\d{{4}}|\d{{1,2}}\s+{_MONTH}\s+\d{{4}})"

#: Lines of a title page after its byline, and the metadata field each goes to (``moved``): nothing
#: else is taken, so a story's first sentence never is.
TITLE_PAGE_LINES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.I), target)
    for pattern, target in (
        (
            r"^(?P<value>(?:\S+\s+){0,6}(?:edition|édition|edición|edizione|edição|auflage|ausgabe|издание)(?:\s+\S+){0,3})$",
            "extra.edition",
        ),
        (
            r"^(?:translated|traduit|traduction|übersetzt|traducido|traducción|traduzido|tradução|tradotto|translation)(?:\s+(?:from|de|du|aus|dal|dall['’]\S+)\s+(?:the\s+)?\S+)?\s+(?:by|par|de|von|por|da|di)\s+(?P<value>.{1,60})$",
            "extra.translator",
        ),
        (
            r"^(?:illustrated|illustrations?|illustré(?:e|es)?|illustriert|ilustrado|illustrato)\s+(?:by|par|de|von|por|da|di)\s+(?P<value>.{1,60})$",
            "extra.illustrator",
        ),
        (
            r"^(?:edited|sous la direction de|herausgegeben von|editado por|a cura di)\s+(?:by\s+)?(?P<value>.{1,60})$",
            "extra.editor",
        ),
        (
            r"^(?:published\s+by|publisher\s*[:：]|publié\s+par|verlag\s*[:：]?|editorial\s*[:：])\s*(?P<value>.{1,60})$",
            "extra.publisher",
        ),
        (r"^(?P<value>(?:copyright|©|\(c\))\s*.{1,80})$", "extra.copyright"),
        (rf"^(?:(?:first\s+)?published|posted|written)\s*(?:on|in)?\s*[:：]?\s*(?P<value>{_DATE})\.?$", "published"),
        (rf"^(?:updated|last\s+updated)\s*(?:on)?\s*[:：]?\s*(?P<value>{_DATE})\.?$", "updated"),
        (rf"^(?P<value>{_DATE})$", "published"),
        (
            r"^(?:rated|rating|classement|clasificación)\s*[:：]?\s*(?P<value>[\w+/-]{1,12}(?:\s+[\w+/-]{1,12}){0,3})$",
            "rating",
        ),
        (
            r"^(?:words?|word\s+count|mots|palabras|wörter|wortzahl)\s*[:：]\s*(?P<value>\d[\d,.\s\u00a0\u202f]*)$",
            "stats.words",
        ),
        (r"^(?P<value>\d[\d,.\u00a0\u202f]*)\s+words$", "stats.words"),
        (r"^(?:chapters?|chapitres?|capítulos?|kapitel)\s*[:：]\s*(?P<value>\d+(?:\s*/\s*[\d?]+)?)$", "stats.chapters"),
        (r"^status\s*[:：]\s*(?P<value>complete[d]?|in\s+progress|ongoing|incomplete|wip|hiatus)$", "status"),
    )
)


def title_page_line(text: str) -> tuple[str, str] | None:
    """(target, value) when ``text`` is title-page material after a byline, else None."""
    if CONTENTS.match(text):
        return None
    for pattern, target in TITLE_PAGE_LINES:
        found = pattern.match(text.strip())
        if found:
            return target, " ".join(found["value"].split()).rstrip(".")
    return None


def _put(meta: Metadata, target: str, value: str) -> None:
    """``value`` into the field ``target`` names (kept where the field is already known)."""
    if target.startswith("extra."):
        meta.extra.setdefault(target[6:], value)
    elif target.startswith("stats."):
        meta.stats.setdefault(target[6:], value)
    elif target in ("published", "updated"):
        from ..sites.fields import iso_date

        iso = iso_date(value)
        if iso and not getattr(meta, target):
            setattr(meta, target, iso)
        elif getattr(meta, target) != iso:
            meta.extra.setdefault(target if target != "published" else "date", value)
    elif not getattr(meta, target):
        setattr(meta, target, value)


def _byline(lines: list[str]) -> tuple[int, str] | None:
    """Where a byline is in ``lines`` (cleaned) and the name it gives."""
    for k, text in enumerate(lines):
        m = _BYLINE.match(text)
        if m:
            name = (m.group("name") or m.group("name2")).strip()
            return (k, name) if name_like(name) or m.group("name2") else None
        if text.lower() in ("by", "par", "por", "von", "di") and k + 1 < len(lines) and name_like(lines[k + 1]):
            return k + 1, lines[k + 1]
    return None


def _small(lines: list[str] | None) -> bool:
    return lines is not None and len(lines) <= 16 and all(len(line) <= 300 for line in lines)


def _short(lines: list[str] | None) -> bool:
    return lines is not None and len(lines) <= 4 and all(len(line) <= 80 for line in lines)


def _bold(block: Block) -> bool:
    """A paragraph set wholly in bold."""
    if not isinstance(block, Paragraph) or not block.text.strip():
        return False
    size = len(block.text.strip())
    return any(m.kind == "b" and m.end - m.start >= size for m in block.marks)


def _title_line(text: str, lower: bool = False) -> bool:
    return (
        0 < len(text) <= 80
        and len(text.split()) <= 12
        and not text.endswith((",", ";", ":"))
        and (lower or not text[:1].islower())
        and (text[:1].isalnum() or text[:1] in "¡¿")  # not a quotation, a dash, a [POV] or ~~ marker ~~
        # a sentence is no title; a short one (``Goodbye.``) can be
        and (not text.endswith((".", "!", "?", "…")) or len(text.split()) <= 3)
    )


#: A picture's placeholder in a plain text (Project Gutenberg's ``[Illustration]``): no words.
_PLACEHOLDER = re.compile(r"\[(?:illustration|frontispiece|image|picture)[^\]]{0,40}\]", re.I)


def _title_page(
    blocks: list[Block], source: Source, meta: Metadata, removed: Removed, has_headings: bool
) -> list[Block] | None:
    """A title page: short title lines, then ``by Name`` (within the first blocks), then title-page lines."""
    raw = [source.raw(b) for b in blocks[:16]]
    # only small blocks can be title-page material: others are not cleaned (a block can be megabytes)
    clean = [[source.clean(line) for line in lines] if lines is not None and _small(lines) else None for lines in raw]
    is_note = [isinstance(b, AuthorNote) for b in blocks]
    for k in range(min(8, len(blocks))):
        lines = clean[k]
        found = _byline(lines) if lines is not None else None
        if not found:
            continue
        assert lines is not None
        line_no, name = found
        byline_at = line_no - (1 if line_no and lines[line_no - 1].lower() in ("by", "par", "por", "von", "di") else 0)
        title_lines = lines[:byline_at]
        after = lines[line_no + 1 :]
        start = _title_blocks(k, raw, clean, is_note, bool(title_lines))
        before = [t for c in clean[start:k] for t in (c or [])] + title_lines
        placeholders = [t for t in before if _PLACEHOLDER.fullmatch(t)]
        before = [t for t in before if t and not _PLACEHOLDER.fullmatch(t)]
        # a title set apart (centred, or bold on its own line) may start in lower case (``non-con snuggle
        # challenge``), as fandom titles often do
        styled = start < k and all(source.centred(b) or _bold(b) for b in blocks[start:k])
        if not before or not all(_title_line(t, lower=styled) for t in before):
            continue
        if any(t.endswith((".", "!", "?", "…")) for t in before[:-1]):
            continue  # only the line above the byline may end as a sentence does (``Goodbye.``)
        names = split_authors(name)
        if meta.authors and not all(any(same_title(n, a) for a in meta.authors) for n in names):
            continue  # the site names other authors: whose byline this is is not certain
        taken = [title_page_line(t) for t in after]
        if not all(taken):
            continue  # the byline's block goes on with something else: not a title page
        end = k + 1
        # title-page lines right after the byline (edition, translator, date, rating, words)
        while end < len(clean) and end - k <= 6 and clean[end] and not is_note[end]:
            found_lines = [title_page_line(t) for t in clean[end] or []]
            if not all(found_lines) or not (end + 1 < len(blocks) or has_headings):
                break
            taken.extend(found_lines)
            end += 1
        for item in taken:
            assert item is not None
            _put(meta, *item)
        _title_lines(meta, _fields_out(meta, before))
        if not meta.authors:
            meta.authors.extend(names)
        if placeholders:
            for block in blocks[start:k]:
                if source.line(block) and _PLACEHOLDER.fullmatch(source.line(block) or ""):
                    _record(removed, "structure.placeholder", [block], source, None)
        _record(
            removed,
            "structure.title_page",
            [b for b in blocks[start:end] if not _PLACEHOLDER.fullmatch(source.line(b) or "")],
            source,
            "title page",
        )
        return blocks[:start] + blocks[end:]
    return None


def _fields_out(meta: Metadata, lines: list[str]) -> list[str]:
    """The title lines with the header fields among them (``Fandom: Merlin UK (tv)``, ``Written for:
    Cori Lannam``, under the title on an exchange's page) put into ``meta``: not a subtitle."""
    from .header import field_line, put_field

    out: list[str] = []
    for k, line in enumerate(lines):
        found = field_line(line) if k or meta.title else None  # the first line of an untitled page is its title
        if found and found[0] not in ("title", "note", "disclaimer", "summary"):
            put_field(meta, *found)
        else:
            out.append(line)
    return out


def _caps(lines: list[str]) -> bool:
    return all(line == line.upper() and any(ch.isalpha() for ch in line) for line in lines)


def _title_blocks(
    k: int, raw: list[list[str] | None], clean: list[list[str] | None], is_note: list[bool], titled: bool
) -> int:
    """Where the title lines above the byline's block ``k`` start: the block just above (unless the
    byline's block holds its title), then blocks set in capitals as printed title pages are
    (``A CHRISTMAS CAROL`` above ``IN PROSE``), and picture placeholders; nothing else, so a story's
    one-word line (``Satoru``) above a title stays in the story."""
    start = k
    for j in range(k - 1, max(k - 4, -1), -1):
        lines = clean[j]
        if not _short(raw[j]) or is_note[j] or not lines:
            break
        if all(_PLACEHOLDER.fullmatch(line) for line in lines):
            start = j
            continue
        if (j == k - 1 and not titled) or _caps(lines):
            start = j
            continue
        break
    return start


_TITLE_LABEL = re.compile(
    r"^(?:title|titre|título|titolo|titel|название|标题|標題|題名|タイトル|제목)\s*[:：]\s*", re.I
)


def _title_lines(meta: Metadata, lines: list[str]) -> None:
    """The title page's title lines: the first is the title (unless one is known), the others its
    subtitle, as written (line by line); a known subtitle the lines hold is replaced by them, one they
    do not hold stays beside them (``other subtitle``), so no word of either is lost. A label
    (``Title: The Great Gatsby``) is not part of the title."""
    lines = [_TITLE_LABEL.sub("", line) or line for line in lines]
    if not lines:
        return
    if not meta.title:
        meta.title = lines[0]
        rest = lines[1:]
    elif same_title(meta.title, lines[0]):
        rest = lines[1:]
        if f" {norm(meta.title)} " != f" {norm(lines[0])} " and f" {norm(meta.title)} " in f" {norm(lines[0])} ":
            # the line says more than the known title (``story: chapter``): the more is a subtitle
            head, sep, tail = lines[0].partition(":")
            more = tail.strip() if sep and norm(head) == norm(meta.title) else lines[0]
            rest = [more, *rest]
    else:
        rest = lines
    if not rest:
        return
    known, printed = meta.extra.get("subtitle"), "\n".join(rest)
    if known and f" {norm(printed)} " in f" {norm(known)} ":
        return  # the known subtitle already says all the lines say
    if known and f" {norm(known)} " not in f" {norm(printed)} ":
        meta.extra.setdefault("other subtitle", known)  # two subtitles that differ: both are kept
    meta.extra["subtitle"] = printed


# --- a printed title page ------------------------------------------------------------------------

#: A line of a printed title page's imprint: who printed the book (``Imprimerie J.-B. Wolters.``,
#: ``GEDRUCKT BEI DIETSCH & BRÜCKNER``, ``Snelpersdruk van H. C. A. Thieme, te Nijmegen.``).
_PRINTER = re.compile(
    r"^(?:printed\s+(?:by|for|at)|imprimé\s+(?:par|chez)|imprimerie|typographie|gedruckt\s+(?:bei|von)|druck\s+von|"
    r"(?:snelpers)?druk\s+van|drukkerij|impreso\s+(?:por|en)|imprenta|tipografia|stamperia)\b.{1,80}$",
    re.I,
)
#: A date line as printed under the imprint (``1869.``, ``novembre 1904.``).
_YEAR = re.compile(rf"^(?:{_DATE})\.?$", re.I)
#: At most this many blocks, and lines a block, on a printed title page.
_TITLE_PAGE_BLOCKS, _TITLE_PAGE_LINES = 40, 6


def _capitals(text: str) -> bool:
    """Set in capitals: at least two letters, and nearly all of them (``PROFESSEUR à L'ÉCOLE …``) upper case."""
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 2 and sum(ch.isupper() for ch in letters) >= 0.85 * len(letters)


def _printed_line(line: str, centred: bool) -> bool:
    """A line a printed title page holds: capitals, a small word between them (``DE``, ``ou``, ``PAR``),
    a byline, an imprint or another title-page line; or any short line, when it is set centred."""
    if not line or len(line) > 80:
        return False
    return (
        centred
        or _capitals(line)
        or (len(line.split()) == 1 and len(line) <= 4)
        or bool(_BYLINE.match(line) or _PRINTER.match(line) or _YEAR.match(line) or title_page_line(line))
    )


#: An edition's own title-page box: ``<div class="titlepage">``, ``div.verso``, ``section#half-title``.
_TITLE_PAGE_BOX = re.compile(r"[.#](?:title-?page|titlepg|half-?title|verso)\b", re.I)


def _initialled(name: str, authors: set[str]) -> bool:
    """Whether ``name`` (normalised) is one of ``authors`` with initials for the given names, as title
    pages print them: ``c collodi`` for ``carlo collodi``."""
    words = name.split()
    for author in authors:
        full = author.split()
        if len(words) == len(full) >= 2 and words[-1] == full[-1]:
            if all(len(w) == 1 and f.startswith(w) for w, f in zip(words[:-1], full[:-1], strict=True)):
                return True
    return False


def _in_title_page_box(block: Block) -> bool:
    """Whether a page's block stands in an element its edition names as the title page (set as the
    title page is, so read as centred lines)."""
    origin = getattr(block, "origin", None)
    return bool(origin and origin.path and _TITLE_PAGE_BOX.search(origin.path))


def printed_title_page(blocks: list[Block], source: Source, meta: Metadata, title: str | None = None) -> int:
    """How many blocks at the top of ``blocks`` are a printed title page (0 if none): short lines set in
    capitals or centred (``OEUVRES`` / ``DE`` / ``VOLTAIRE.`` … ``CANDIDE,`` / ``ou`` / ``L'OPTIMISME.``)
    up to the first block that is not, or a dedication, and holding both the book's title and its
    author's name as the metadata has them (the evidence; ``title`` is a heading above the blocks that
    gives the title, a saved page's ``<h1>``)."""
    if not meta.title or not meta.authors:
        return 0
    want_title, authors = norm(meta.title), {norm(a) for a in meta.authors}
    has_title = bool(title) and norm(title or "") == want_title
    has_author = False
    end = 0
    taken = 0  # blocks up to the last printed line (a rule between its pages, as an edition's page
    # breaks ``<hr class=ppg-pb>`` part title page, verso and half-title, is taken with them)
    for block in blocks[:_TITLE_PAGE_BLOCKS]:
        if isinstance(block, SceneBreak) and end:
            end += 1
            continue
        lines = source.raw(block)
        if lines is None or len(lines) > _TITLE_PAGE_LINES or (end and has_title and _dedication(block)):
            break
        clean = [source.clean(line) for line in lines]
        centred = source.centred(block) or _in_title_page_box(block)
        if not all(_printed_line(line, centred) for line in clean):
            break
        names = [norm(line) for line in clean]
        bylines = [m.group("name") or m.group("name2") for line in clean if (m := _BYLINE.match(line))]
        has_title = has_title or want_title in names or norm(" ".join(clean)) == want_title
        has_author = has_author or any(
            n in authors or _initialled(n, authors) for n in names + [norm(b) for b in bylines]
        )
        end += 1
        taken = end
    return taken if has_title and has_author and taken >= 2 - bool(title) else 0


def move_title_page(blocks: list[Block], source: Source, meta: Metadata, removed: Removed, heading: str = "") -> None:
    """The printed title page's lines, as printed, into ``extra.title_page`` (shown on the information
    page), each block recorded as moved."""
    lines = [heading] if heading else []
    lines += [line for block in blocks for line in source.raw(block) or []]
    meta.extra.setdefault("title_page", "\n".join(lines))
    _record(removed, "structure.title_page", blocks, source, "extra.title_page")


#: At most this many label lines above a title repeated at the story's start, each at most this long.
_KICKER_LINES, _KICKER_CHARS = 2, 40


def _kicker(block: Block, line: str | None, source: Source) -> bool:
    """A label set centred above the title (a collection's ``元旦のイソップ童話``, ``A Yuletide Story``):
    one short line that is not a sentence. Only the title repeated right under it makes it the title
    page's: it then moves there with the title, as printed."""
    return (
        line is not None
        and 0 < len(line) <= _KICKER_CHARS
        and source.centred(block)
        and not line.endswith((".", "!", "?", "…", "。", "！", "？", '"', "”", "」"))
    )


def opening(blocks: list[Block], draft: Draft, meta: Metadata, removed: Removed, has_headings: bool) -> list[Block]:
    """The blocks before the first heading, with title-page material moved into ``meta``: a title page,
    a printed title page, then the book's title repeated as a line of its own, else a bare title line."""
    source = Source(draft)
    blocks = _title_byline_heading(blocks, meta, removed)
    left = _title_page(blocks, source, meta, removed, has_headings)
    if left is not None:
        blocks = left
    printed = printed_title_page(blocks, source, meta)
    if printed:
        move_title_page(blocks[:printed], source, meta, removed)
        blocks = blocks[printed:]
    known = {norm(t) for t in (meta.title, draft.part_title) if t} - {""}
    kicker: list[int] = []  # centred label lines just above the title (``元旦のイソップ童話``)
    for k, block in enumerate(blocks[:6]):
        if not isinstance(block, Paragraph):
            continue  # notes and breaks may come first
        line = source.line(block)
        if known and line is not None and norm(line) in known:
            if kicker:
                move_title_page([blocks[j] for j in kicker], source, meta, removed)
            _record(removed, "structure.duplicate_title", [block], source, "title")
            return [b for j, b in enumerate(blocks) if j != k and j not in kicker]
        if _kicker(block, line, source) and len(kicker) < _KICKER_LINES:
            kicker.append(k)
            continue
        break  # the story has begun: a line like the title now is the story's
    # a bare title line before the first heading (notes may come first)
    if has_headings and not known:
        for k, block in enumerate(blocks[:4]):
            if isinstance(block, AuthorNote):
                continue
            text = source.line(block) or ""
            if text and _title_line(text) and not text.endswith((".", "!", "?", "…")) and not _dedication(block):
                meta.title = text
                _record(removed, "structure.title_line", [block], source, "title")
                return blocks[:k] + blocks[k + 1 :]
            break
    return blocks


#: A heading that names the story and its author at once (``non-con snuggle challenge by Brown Betty``).
_TITLE_BY = re.compile(r"(?P<title>\S.{0,100}?)\s+(?:by|par|por|von|door|di)\s+(?P<name>\S.{0,60})", re.I)


def _title_byline_heading(blocks: list[Block], meta: Metadata, removed: Removed) -> list[Block]:
    """A heading element at the very top that reads ``TITLE by NAME``: the title and the author (moved
    to the title page), when the page names no other."""
    if not blocks or not isinstance(blocks[0], Heading):
        return blocks
    text = " ".join(blocks[0].text.split())
    found = _TITLE_BY.fullmatch(text)
    if not found or not name_like(found["name"]):
        return blocks
    title, names = found["title"], split_authors(found["name"])
    if (meta.title and not same_title(meta.title, title)) or (
        meta.authors and not all(any(same_title(n, a) for a in meta.authors) for n in names)
    ):
        return blocks
    meta.title = meta.title or title
    if not meta.authors:
        meta.authors.extend(names)
    removed.add_at("structure.title_page", text, blocks[0].origin, "title page")
    return blocks[1:]


def title_line(part: Part, source: Source, meta: Metadata, removed: Removed, named: str | None = None) -> None:
    """A book whose title nothing names: the story's own title line at the very top of its first
    chapter is the title: short, no sentence, and wholly bold or centred (``<strong>HUNTED</strong>``)
    or the file name's title as the author wrote it (``Down the Rabbit-Hole`` in
    ``down-the-rabbit-hole.txt``)."""
    if len(part.blocks) < 2 or not isinstance(part.blocks[0], Paragraph):
        return
    block = part.blocks[0]
    text = source.line(block)
    set_apart = (
        block.align == "center"
        or any(m.kind == "b" and m.start == 0 and m.end >= len(block.text) for m in block.marks)
        or bool(named and text and norm(text) == norm(named))
    )
    if (
        text
        and set_apart
        and _title_line(text)
        and not text.endswith((".", "!", "?", "…"))
        and len(text.split()) <= 10
        and not _heading(text)
    ):
        meta.title = text
        _record(removed, "structure.title_line", [block], source, "title")
        part.blocks = part.blocks[1:]


def _heading(text: str) -> bool:
    """A chapter heading's line (capitals alone, ``HUNTED``, can still be a title)."""
    found = match_heading(text)
    return found is not None and found.style.strength != "weak"


# --- headings repeated in the text ---------------------------------------------------------------

#: How far into a chapter a repeated heading is looked for (blocks: notes and breaks before it).
_REPEAT_BLOCKS = 8


def repeats_heading(text: str, part: Part) -> bool:
    """Whether the line ``text`` says no more than the chapter's heading: the same words, or its
    chapter line (``Chapter 1: Changes.`` under ``Changes``, ``Chapter 1`` under ``Chapter 1: Home``)."""
    if not part.title:
        return False
    line, title = norm(text), norm(part.title)
    if not line:
        return False
    if line == title or (part.words and line == norm(part.words)):
        return True
    found = match_heading(text)
    if found is None or found.number is None or found.style.strength != "strong":
        return False
    if part.number is not None and found.number != part.number:
        return False
    words = norm(found.title)
    if not words:
        return part.number is not None  # "Chapter 1" under "Chapter 1: Home"; under "Home" it adds the number
    return words in (title, norm(part.words or ""))


def drop_repeats(part: Part, source: Source, removed: Removed, book_title: str | None = None) -> None:
    """Take out of a chapter's opening (before its first line of story: notes and breaks may come
    first) lines that repeat its heading (or, given ``book_title``, the book's title): each is
    recorded (``structure.duplicate_heading`` / ``duplicate_title``). A line that says more (another
    subtitle) stays, and so does everything from the story's first line on."""
    kept: list[Block] = []
    for k, block in enumerate(part.blocks):
        if k >= _REPEAT_BLOCKS:
            kept.extend(part.blocks[k:])
            break
        if not isinstance(block, Paragraph):
            kept.append(block)
            continue
        line = source.line(block)
        if line is not None and at_most_words(line, 15):
            if repeats_heading(line, part):
                _record(removed, "structure.duplicate_heading", [block], source, "heading")
                continue
            if book_title and norm(line) == norm(book_title):
                _record(removed, "structure.duplicate_title", [block], source, "title")
                continue
        kept.extend(part.blocks[k:])  # the story has begun
        break
    part.blocks = kept


# --- front matter -----------------------------------------------------------------------------

#: A dedication: ``To Zelda``, ``Once again to Zelda``, ``For my mother``, ``Pour Anne``, ``Für M.``.
_DEDICATION = re.compile(
    r"^(?:(?:once\s+(?:again|more)\s+)?(?:to|for)|(?:this\s+(?:book|story|work)\s+is\s+)?dedicated\s+to|"
    r"à|pour|para|für|per|aan|посвящается|献给|獻給)\s+\S",
    re.I,
)
#: An epigraph's attribution: a dash before the source (``— Rumi``, ``~ Anonymous``).
_ATTRIBUTION = re.compile(r"^[—–―~-]{1,2}\s*\S.{0,80}$")
#: At most this many words in a dedication, and in an epigraph's quotation.
DEDICATION_WORDS = 25
EPIGRAPH_WORDS = 150


def _dedication(block: Block) -> bool:
    if not isinstance(block, Paragraph) or not at_most_words(block.text, DEDICATION_WORDS):
        return False
    text = " ".join(block.text.split())
    return (
        bool(_DEDICATION.match(text))
        and not text.endswith(("!", "?", "…", '"', "”", "»"))
        # a full stop ends a sentence, except after a dedication set in capitals (``AAN ZIJN BROEDER
        # WILLIBALD.``) or on its own lines
        and (not text.endswith(".") or "\n" in block.text.strip() or _capitals(text))
    )


def _attribution(block: Block) -> bool:
    if not isinstance(block, Paragraph) or "\n" in block.text.strip():
        return False
    text = block.text.strip()
    return bool(_ATTRIBUTION.match(text)) or (2 <= len(text.split(None, 6)) <= 6 and name_like(text))


def _quotation(blocks: list[Block]) -> bool:
    words = sum(split_count(b.text) for b in blocks if isinstance(b, Paragraph))
    return bool(blocks) and all(isinstance(b, (Paragraph, Quote)) for b in blocks) and words <= EPIGRAPH_WORDS


#: A chapter's epigraph: at most this many words of quotation, in at most this many paragraphs.
_CHAPTER_EPIGRAPH_WORDS, _CHAPTER_EPIGRAPH_BLOCKS = 80, 3


def _signed(block: Block, source: Source) -> bool:
    """An epigraph's attribution set apart: a dash before the source (``— Rumi``), or a short line set
    centred (a text's deep indent, a page's centring) that is a name or in capitals (``STERNE.``)."""
    line = source.line(block)
    if line is None or len(line) > 60:
        return False
    if _ATTRIBUTION.match(line):
        # not a line of dialogue, which French, Spanish or Russian open with a dash (``—Je suis le
        # docteur, dit Jean.``): a source names, it does not end as a sentence does
        return len(line.split()) <= 10 and not line.rstrip('»"”’ ').endswith((".", "!", "?", "…"))
    bare = line.strip("»«\"“”„'’ ")
    return source.centred(block) and len(bare.split()) <= 5 and (_capitals(bare) or name_like(bare.rstrip(".")))


def _subtitle_line(block: Block, source: Source) -> bool:
    """A chapter's subtitle on a line of its own under the heading: capitals (``EEN PROLOOG.``) or a
    bracketed line (``(EEN FRAGMENT UIT GABRIËL'S DAGBOEK).``)."""
    line = source.line(block)
    return line is not None and len(line) <= 80 and (_capitals(line) or bool(re.fullmatch(r"\(.+\)\.?", line)))


def chapter_epigraph(part: Part, source: Source) -> None:
    """A quotation at the top of a chapter (after a subtitle line, if any) whose attribution is set apart
    becomes the chapter's epigraph (a Quote of kind "epigraph"): nothing is moved or dropped, the
    story's first words stay the first words after it."""
    blocks = part.blocks
    start = 1 if blocks and _subtitle_line(blocks[0], source) else 0
    for end in range(start + 1, min(start + _CHAPTER_EPIGRAPH_BLOCKS, len(blocks) - 2) + 1):
        quotation = blocks[start:end]
        if not all(isinstance(b, Paragraph) and not _signed(b, source) for b in quotation):
            return
        if sum(split_count(b.text) for b in quotation if isinstance(b, Paragraph)) > _CHAPTER_EPIGRAPH_WORDS:
            return
        if _signed(blocks[end], source) and isinstance(blocks[end + 1], Paragraph):
            part.blocks = [*blocks[:start], Quote([*quotation, blocks[end]], kind="epigraph"), *blocks[end + 1 :]]
            return


def front_matter(blocks: list[Block]) -> list[tuple[str, list[Block]]] | None:
    """The opening before the first chapter read as front matter: dedications and epigraphs (a short
    quotation, then its attribution), as (kind, blocks) in order; None unless all of it is such."""
    pieces: list[tuple[str, list[Block]]] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if isinstance(block, SceneBreak):
            i += 1
            continue
        if _dedication(block):
            pieces.append(("dedication", [block]))
            i += 1
            continue
        lines = block.text.strip().split("\n") if isinstance(block, Paragraph) else []
        if len(lines) >= 2 and _ATTRIBUTION.match(lines[-1].strip()) and _quotation([block]):
            found: list[Block] | None = [block]
        else:
            found = None
            for j in range(i + 1, min(i + 4, len(blocks))):
                if _attribution(blocks[j]) and _quotation(blocks[i:j]):
                    found = blocks[i : j + 1]
                    break
        if found is None:
            return None
        if pieces and pieces[-1][0] == "epigraph":
            pieces[-1][1].extend(found)
        else:
            pieces.append(("epigraph", list(found)))
        i += len(found)
    return pieces or None
