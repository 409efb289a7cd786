"""The text reader's structure: lines -> parts of blocks (chapter headings found, a written table of
contents set aside, scene-break lines marked, paragraphs made by the file's paragraph mode).

``read_parts`` reads a text scrape (after its chrome is stripped) into the Draft's parts.
``split_chapters`` applies the same heading rules to a saved page's paragraphs, for profiles whose
pages carry their chapter headings as the author's own bold lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..model import Block, Draft, Heading, Origin, Paragraph, Part, SceneBreak
from ..options import Options
from .emphasis import parse_emphasis
from .headings import (
    CONTENTS,
    CONTENTS_COLUMNS,
    CONTENTS_ENTRY,
    HeadingMatch,
    HeadingStyle,
    clean_line,
    looks_like_heading,
    match_heading,
    rising,
    title_like,
)
from .lines import DASHES, Chunk, Layout, Line, chunks_of, detect_layout, paragraph_lines, split_lines
from .markers import frames, scene_break


def norm(text: str) -> str:
    """A title for comparison: lower case, letters and digits only."""
    return " ".join(re.findall(r"\w+", text.lower()))


def is_markdown(text: str, source_name: str | None) -> bool:
    """Markdown input: by file name, or by pandoc's backslash escapes (``\\'``, ``\\"``, ``\\*``)."""
    if source_name and source_name.lower().endswith((".md", ".markdown", ".mdown", ".mkd")):
        return True
    return len(re.findall(r"\\['\"*_]", text[:20000])) >= 3


#: A story's own separator: a line of no letters (``<3 <3 <3``, ``(o^.^o)``) standing alone this many times.
_OWN_SEPARATOR_REPEATS = 3


#: What a character says without words (``...``, ``!?``, ``"…"``, ``—``): never a separator.
_SPEECH = re.compile(r"[\s.…!?¡¿\"'“”‘’«»„‹›—–\-,;:*]+")


_NUMBERING = re.compile(r"[(\[]?\d+[.):\]]?")


def _own_separators(chunks: list[Chunk]) -> set[str]:
    """Lines a story uses as its own scene break: a paragraph of one short line without a letter that
    is not a number, repeated at least ``_OWN_SEPARATOR_REPEATS`` times (a refrain of words stays text)."""
    from collections import Counter

    counts = Counter(
        text
        for chunk in chunks
        if len(chunk.lines) == 1
        for text in [chunk.lines[0].text.strip()]
        if 0 < len(text) <= 40
        and not re.search(r"[^\W\d_]", text)
        and not _NUMBERING.fullmatch(text)  # a verse's ``1.``, a list's ``2)``: numbers, not breaks
        and not _SPEECH.fullmatch(text)
    )
    return {text for text, n in counts.items() if n >= _OWN_SEPARATOR_REPEATS}


def _mark_breaks(chunks: list[Chunk], glued_dashes: bool = True) -> list[Chunk]:
    """Give every scene-break line a chunk of its own, flagged with its marker name. ``glued_dashes``
    false (hard-wrapped prose): a row of dashes right under a line of its block stays in the block, as
    that line's dash or rule (``nonna----!"`` then a rule, a quotation's ``--------``)."""
    out: list[Chunk] = []
    own = _own_separators(chunks)
    framed = frames([line.text for chunk in chunks for line in chunk.lines if line.text.strip()])
    seen = -1  # index of the current line among the non-blank ones
    for chunk in chunks:
        current: list[Line] = []
        gap = chunk.gap
        for line in chunk.lines:
            seen += bool(line.text.strip())
            name = None if seen in framed and line.text.strip() else scene_break(line.text)
            if name is None and len(chunk.lines) == 1 and line.text.strip() in own:
                name = "own-separator"
            if name and not glued_dashes and current and set(line.text) <= DASHES:
                name = None
            if name:
                if current:
                    out.append(Chunk(current, gap))
                    gap = 0
                out.append(Chunk([line], gap, brk=name))
                current, gap = [], 0
            else:
                current.append(line)
        if current:
            out.append(Chunk(current, gap))
    return out


# --- headings --------------------------------------------------------------------------------

_REGEX_STYLE = HeadingStyle("chapter-regex", re.compile(""), "strong", "regex", "--chapter-regex")


@dataclass
class _Head:
    index: int  # chunk index
    match: HeadingMatch
    title: str
    consumed: int = 1  # lines of the chunk the heading takes
    takes_next: bool = False  # the title is the next chunk (one-line-per-paragraph files)
    next_title: str | None = None  # a title-like line after a blank line, taken if every heading has one
    inner: bool = False  # a sub-heading inside a chapter (deeper markdown level)
    book_title: bool = False  # a markdown heading above the chapter level


def _two_line(first: str, second: str) -> str:
    """``CHAPTER I.`` + ``Down the Rabbit-Hole`` -> ``CHAPTER I. Down the Rabbit-Hole``."""
    return f"{first} {second}" if first[-1:] in ".:-–—|)" else f"{first}: {second}"


def _other_heading(line: str, markdown: bool) -> bool:
    """Whether ``line`` is a heading of its own (capitals alone can still be a title line)."""
    m = match_heading(line, markdown)
    return m is not None and m.style.strength != "weak"


def _candidates(chunks: list[Chunk], markdown: bool, layout: Layout, regex: re.Pattern[str] | None) -> list[_Head]:
    heads: list[_Head] = []
    for i, chunk in enumerate(chunks):
        if chunk.brk:
            continue
        first = chunk.lines[0]
        own = len(chunk.lines) == 1
        if regex is not None:
            found = regex.search(first.text) if len(first.text) <= 150 else None
            if found:
                title = clean_line(found.groupdict().get("title") or first.text, markdown)
                heads.append(_Head(i, HeadingMatch(_REGEX_STYLE, title, None, title), title))
            continue
        # a full-width line of wrapped prose is never a heading, whatever it starts with
        if not own and layout.width and len(first.raw) >= 0.75 * layout.width:
            continue
        m = match_heading(first.raw, markdown)
        if not m:
            continue
        head = _Head(i, m, m.text)
        if m.needs_title:
            second = chunk.lines[1].text if len(chunk.lines) > 1 else None
            nxt = chunks[i + 1] if i + 1 < len(chunks) else None
            if (
                second is None
                and layout.mode == "line"
                and nxt
                and nxt.gap == 0
                and not nxt.brk
                and len(nxt.lines) == 1
            ):
                second, head.takes_next = nxt.lines[0].text, True
            if (
                second
                and title_like(second)
                and not _other_heading(second, markdown)
                and (len(chunk.lines) == 2 or head.takes_next or m.style.strength == "strong")
            ):
                head.title = _two_line(m.text, clean_line(second, markdown))
                head.consumed = 2 if not head.takes_next else 1
            else:
                head.takes_next = False
                if own and nxt and not nxt.brk and len(nxt.lines) == 1 and nxt.gap <= 3 and i + 2 < len(chunks):
                    line = clean_line(nxt.lines[0].text, markdown)
                    if (
                        title_like(line)
                        and not line.endswith((".", "!", "?", "…"))
                        and not _other_heading(line, markdown)
                    ):
                        head.next_title = line
        if not own and head.consumed < 2 and m.style.strength != "strong":
            continue
        heads.append(head)
    return heads


def _contents_line(line: Line, markdown: bool) -> bool:
    """A line a labelled table of contents may hold: a heading, its column labels (``Chap.   Page.``),
    an entry ending in its page number (``Voilà le Docteur        10``), or a short line in capitals
    (a part's name, an entry wrapped onto two lines)."""
    text = line.text
    if match_heading(text, markdown) or CONTENTS_COLUMNS.match(text) or CONTENTS_ENTRY.match(text):
        return True
    letters = [ch for ch in text if ch.isalpha()]
    return len(text) <= 60 and len(letters) >= 2 and all(ch.isupper() for ch in letters)


def _contents(chunks: list[Chunk], markdown: bool) -> set[int]:
    """Chunks holding a written table of contents (``Contents`` and lines naming the chapters)."""
    toc: set[int] = set()
    for i, chunk in enumerate(chunks):
        if chunk.brk or i in toc:
            continue
        first = chunk.lines[0].text
        label = CONTENTS.match(clean_line(first, markdown)) if len(first) <= 200 else None
        entries = chunk.lines[1:] if label else chunk.lines
        if not label and len(entries) < 3:
            continue
        if entries and not all(
            _contents_line(line, markdown) if label else match_heading(line.text, markdown) for line in entries
        ):
            continue
        seen = {norm(clean_line(line.text, markdown)) for line in entries if not CONTENTS_COLUMNS.match(line.text)}
        taken = [i]
        j = i + 1
        while label and j < len(chunks) and not chunks[j].brk:
            lines = chunks[j].lines
            # the names of its entries (column labels repeat in every part of a contents)
            names = [norm(clean_line(line.text, markdown)) for line in lines if not CONTENTS_COLUMNS.match(line.text)]
            # the TOC ends where a heading repeats (the real chapter) or a line is not one of its lines
            if not all(_contents_line(line, markdown) for line in lines) or any(
                s.startswith(n) for n in names for s in seen
            ):
                break
            seen.update(names)
            taken.append(j)
            j += 1
        if len(seen) >= 2:
            toc.update(taken)
    return toc


def _select(heads: list[_Head], chunks: list[Chunk], toc: set[int]) -> list[_Head]:
    """The candidates that are this file's headings (see the module docstring of structure_headings)."""
    md = [h for h in heads if h.match.style.family == "markdown"]
    if md:
        levels = [h.match.level for h in md]
        repeated = [lv for lv in set(levels) if levels.count(lv) >= 2]
        chapter_level = min(repeated) if repeated else min(levels)
        for h in md:
            h.inner = h.match.level > chapter_level
            h.book_title = h.match.level < chapter_level
    strong = [h for h in heads if h.match.style.strength == "strong"]
    main = [h for h in strong if h.match.style.family not in ("special", "part") and not h.inner and not h.book_title]
    strong = [h for h in strong if h.index not in _same_volume_twice(strong, main)]
    chosen = list(strong)
    chosen += [h for h in heads if h.match.style.strength == "single"]
    if not main:
        families: dict[str, list[_Head]] = {}
        for h in heads:
            if h.match.style.strength == "sequence":
                families.setdefault(h.match.style.family, []).append(h)
        good: list[list[_Head]] = [f for f in families.values() if rising([h.match.number for h in f])]
        if good:
            longest: list[_Head] = max(good, key=len)
            chosen.extend(_bare_first(longest, heads))
        caps = [h for h in heads if h.match.style.strength == "weak"]
        plain = [h for h in caps if h.match.style.name == "caps"]
        # bare capitals are headings only if repeated, each after a wide gap, with text between
        if not good and not chosen and len(plain) >= 3 and all(chunks[h.index].gap >= 2 for h in plain[1:]):
            chosen += plain
        elif not good and not chosen:
            chosen += _wide_capitals(caps, heads, chunks, toc)
    if any(not h.inner for h in chosen):
        chosen += [h for h in heads if h.match.style.strength == "companion"]
    # "CHAPTER 1", blank line, "THE TITLE": the title line counts only if every such heading has one
    numbered = [h for h in chosen if h.match.needs_title and not h.takes_next and h.consumed == 1]
    if len(numbered) >= 2 and all(h.next_title for h in numbered):
        for h in numbered:
            h.title, h.takes_next = _two_line(h.match.text, h.next_title or ""), True
    return sorted(chosen, key=lambda h: h.index)


#: Blank lines that set a section apart, in a text that opens its sections so (Project Gutenberg's
#: rule: four blank lines before a chapter, three before a section).
WIDE_GAP = 3


def _wide_capitals(caps: list[_Head], heads: list[_Head], chunks: list[Chunk], toc: set[int]) -> list[_Head]:
    """Capital lines (a full stop allowed: ``BEREISDE LIEDEN.``) after a wide gap, in a file that opens
    most of its wide gaps with one, are its headings (the file's first lines, a title page, aside).
    A heading with nothing under it names the next one's part: the two are one heading
    (``MINNEBRIEVEN.`` over ``AAN NONNA FLORA.``); bare numerals that start again at 1 under each
    heading are its sections, headings inside the chapter (``I.``, ``II.``)."""
    content = [i for i, chunk in enumerate(chunks) if not chunk.brk]
    first = content[0] if content else -1
    wide = [h for h in caps if chunks[h.index].gap >= WIDE_GAP and h.index != first]
    opened = [i for i in content if chunks[i].gap >= WIDE_GAP and i != first and i not in toc]
    if len(wide) < 3 or len(wide) < 0.6 * len(opened):
        return []
    out: list[_Head] = []
    for h in wide:
        if out and out[-1].index + 1 == h.index and not out[-1].takes_next:
            out[-1].title, out[-1].takes_next = _two_line(out[-1].title, h.title), True
            continue
        out.append(h)
    sections: dict[int, list[_Head]] = {}
    for h in heads:
        if h.match.style.family in ("bare-roman", "bare-number") and h.index > out[0].index:
            owner = max(o.index for o in out if o.index < h.index)
            sections.setdefault(owner, []).append(h)
    if sections and all(
        [h.match.number for h in group] == list(range(1, len(group) + 1)) for group in sections.values()
    ):
        for group in sections.values():
            for h in group:
                h.inner = True
                out.append(h)
    return out


def _same_volume_twice(strong: list[_Head], main: list[_Head]) -> set[int]:
    """Part headings that name the same number twice with no chapter between (``TOME XXXIII`` and
    ``TOME XXXIII.`` on a printed title page): a volume's name, not the book's divisions."""
    parts = [h for h in strong if h.match.style.family == "part" and h.match.number is not None]
    same: set[int] = set()
    for a, b in zip(parts, parts[1:]):
        if a.match.number == b.match.number and not any(a.index < h.index < b.index for h in main):
            same.update((a.index, b.index))
    return same


def _bare_first(sequence: list[_Head], heads: list[_Head]) -> list[_Head]:
    """A numbered-title sequence (``II. Papa se fâche.``, ``III. Voilà ce que c'est!``) whose first
    chapter has its number alone (``I.``): that number is the sequence's first heading."""
    first = sequence[0]
    if first.match.style.family != "number-title" or first.match.number is None:
        return sequence
    before = [h for h in heads if h.index < first.index]
    if not before:
        return sequence
    last = before[-1]
    roman = not first.match.text[:1].isdigit()
    if (
        last.match.style.family in ("bare-number", "bare-roman")
        and last.match.number == first.match.number - 1
        and (last.match.style.family == "bare-roman") == roman
    ):
        return [last, *sequence]
    return sequence


@lru_cache(maxsize=8)
def _compile_regex(pattern: str | None) -> re.Pattern[str] | None:
    """The chapter regex (checked when the options were validated)."""
    return re.compile(pattern) if pattern else None


def analyse(
    text: str, options: Options, markdown: bool | None = None
) -> tuple[list[Chunk], Layout, list[_Head], set[int]]:
    """Chunks, paragraph layout, chosen headings and table-of-contents chunks of ``text``."""
    markdown = is_markdown(text, options.source_name) if markdown is None else markdown
    lines = split_lines(text)
    chunks = _mark_breaks(chunks_of(lines))
    # headings and tables of contents are short lines on purpose: they say nothing of the prose
    layout = detect_layout([c for c in chunks if not match_heading(c.lines[0].text, markdown)])
    if options.paragraphs:
        layout = Layout(options.paragraphs, layout.width or (72 if options.paragraphs == "wrapped" else 0))
    if layout.mode == "line":
        chunks = _mark_breaks(chunks_of(lines, per_line=True))
    elif layout.mode == "wrapped":
        chunks = _mark_breaks(chunks_of(lines), glued_dashes=False)
    toc = _contents(chunks, markdown)
    regex = _compile_regex(options.chapter_regex)
    heads = [h for h in _candidates(chunks, markdown, layout, regex) if h.index not in toc]
    return chunks, layout, _select(heads, chunks, toc), toc


def _origin(draft: Draft, first: Line, last: Line) -> Origin:
    """Where lines of the text read came from, in the decoded text's line numbers."""
    if draft.line_map:
        return Origin(draft.line_map[first.no - 1], draft.line_map[last.no - 1])
    return Origin(first.no, last.no)


def _blocks(
    chunks: list[Chunk], layout: Layout, markdown: bool, draft: Draft, inner: dict[int, _Head], first_index: int
) -> list[Block]:
    """A segment's chunks as blocks: scene breaks, inner headings, paragraphs with their emphasis."""
    blocks: list[Block] = []
    for offset, chunk in enumerate(chunks):
        line = chunk.lines[0]
        if chunk.brk:
            blocks.append(SceneBreak(line.text, _origin(draft, line, line)))
            continue
        head = inner.get(first_index + offset)
        if head is not None:
            blocks.append(Heading(head.title, min(head.match.level + 1, 6), _origin(draft, line, chunk.lines[-1])))
            continue
        for text, first, last in paragraph_lines(chunk.lines, layout):
            plain, marks = parse_emphasis(text, markdown)
            if plain.strip():
                blocks.append(Paragraph(plain, marks, origin=_origin(draft, first, last)))
    return blocks


def read_parts(draft: Draft, text: str, options: Options) -> Draft:
    """Read ``text`` (a text scrape, chrome stripped) into ``draft``'s parts; returns ``draft``.

    Records in ``draft.removed`` the written table of contents, and moves a Markdown heading above
    the chapter level (the book's title) into the metadata.
    """
    markdown = is_markdown(text, options.source_name)
    draft.markdown = markdown
    chunks, layout, heads, toc = analyse(text, options, markdown)

    def origin(chunk: Chunk) -> Origin:
        return _origin(draft, chunk.lines[0], chunk.lines[-1])

    for i in sorted(toc):
        draft.removed.add_at("structure.contents", chunks[i].text, origin(chunks[i]))
    starts = {h.index: h for h in heads if not h.inner and not h.book_title}
    inner = {h.index: h for h in heads if h.inner}
    for h in heads:
        if h.book_title:
            if not draft.metadata.title:
                draft.metadata.title = h.title
            draft.removed.add_at("structure.title_line", chunks[h.index].text, origin(chunks[h.index]), moved="title")
    skip = set(toc) | {h.index for h in heads if h.book_title} | {h.index + 1 for h in heads if h.takes_next}
    segments: list[tuple[_Head | None, list[Chunk], int]] = [(None, [], 0)]
    for i, chunk in enumerate(chunks):
        if i in skip:
            continue
        head = starts.get(i)
        if head is not None:
            segments.append((head, [], i + 1))
            rest = chunk.lines[head.consumed :]
            if rest:
                segments[-1][1].append(Chunk(rest, 0))
            continue
        segments[-1][1].append(chunk)
    parts = [Part(None, _blocks(segments[0][1], layout, markdown, draft, {}, 0))]
    for head, body, first in segments[1:]:
        assert head is not None
        numbered = head.match.number is not None
        parts.append(
            Part(
                head.title,
                _blocks(body, layout, markdown, draft, inner, first),
                head.match.number,
                head.match.title if numbered else None,
                origin(chunks[head.index]),
            )
        )
    if not parts[0].blocks and len(parts) > 1:
        parts.pop(0)
    draft.parts = parts
    return draft


def split_chapters(blocks: list[Block], options: Options) -> list[Part]:
    """Split blocks parsed from HTML into chapters at heading-like paragraphs (same rules as text).

    ``<p><strong>Chapter One: Brother's Keeper</strong></p>`` starts a chapter titled
    ``Chapter One: Brother's Keeper``; blocks before the first heading form an untitled chapter.
    """
    regex = _compile_regex(options.chapter_regex)
    chunks: list[Chunk] = []
    positions: list[int] = []
    for i, block in enumerate(blocks):
        if (
            isinstance(block, Paragraph)
            and block.text.strip()
            and "\n" not in block.text.strip()
            and len(block.text) <= 150
        ):
            chunks.append(Chunk([Line(i + 1, block.text.strip())], 1))
            positions.append(i)
    heads = [h for h in _candidates(chunks, False, Layout("blank", 0), regex)]
    toc = _contents(chunks, False)
    chosen = [h for h in _select([h for h in heads if h.index not in toc], chunks, toc) if not h.inner]
    at = {positions[h.index]: h for h in chosen}
    parts: list[Part] = [Part(None, [])]
    for i, block in enumerate(blocks):
        head = at.get(i)
        if head is not None:
            numbered = head.match.number is not None
            parts.append(
                Part(
                    head.title,
                    [],
                    head.match.number,
                    head.match.title if numbered else None,
                    getattr(block, "origin", None),
                )
            )
            continue
        parts[-1].blocks.append(block)
    if not parts[0].blocks:
        parts.pop(0)
    return parts or [Part(None, [])]


#: Headings of one level that read as chapter labels: this many make that level the chapters'.
_HEADING_CHAPTERS = 2


def heading_chapters(parts: list[Part]) -> list[Part]:
    """On a page whose chapters nothing marked (no part has a title), the headings of one level (``<h4>``
    on an eFiction printable page) that read as chapter labels (``Chapter 1: …``, ``Глава 2``), two or
    more of them, start chapters; what stands before the first stays an untitled part."""
    from ..model import Heading

    if any(part.title for part in parts):
        return parts
    blocks = [block for part in parts for block in part.blocks]
    levels: dict[int, int] = {}
    for block in blocks:
        if isinstance(block, Heading) and looks_like_heading(block.text):
            levels[block.level] = levels.get(block.level, 0) + 1
    if not levels or max(levels.values()) < _HEADING_CHAPTERS:
        return parts
    level = max(levels, key=lambda k: (levels[k], -k))
    out: list[Part] = [Part(None, [])]
    for block in blocks:
        if isinstance(block, Heading) and block.level == level and looks_like_heading(block.text):
            title = " ".join(block.text.split())
            found = match_heading(title)
            number = found.number if found is not None else None
            out.append(
                Part(title, [], number, found.title if found is not None and number is not None else None, block.origin)
            )
        else:
            out[-1].blocks.append(block)
    return out
