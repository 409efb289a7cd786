"""Structure stage: cleaned text + metadata -> Book (title, chapters, paragraphs, breaks, notes).

Reads in this order: lines and blocks (``structure_text``), scene-break lines
(``structure_markers``), the paragraph mode of the file, chapter headings and a written table of
contents (``structure_headings``), the front matter before the first heading (title, byline),
then each chapter's paragraphs with their emphasis (``structure_inline``), author's notes and scene
breaks. Anything taken out of the text is recorded in ``removed`` (rule ``structure.*`` or
``notes.dropped``); recognised markers (``***``, ``**`` of bold) become model objects, not text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .errors import UsageError
from .model import AuthorNote, Book, Chapter, Heading, Mark, Metadata, Paragraph, Removed, SceneBreak
from .options import Options
from .structure_headings import CONTENTS, HeadingMatch, HeadingStyle, clean_line, match_heading, rising, title_like
from .structure_inline import parse_emphasis
from .structure_markers import EDGE, note_label, scene_break
from .structure_text import MODES, Chunk, Layout, Line, chunks_of, detect_layout, paragraphs_of, split_lines

# --- small helpers ---------------------------------------------------------------------------


def _norm(text: str) -> str:
    """A title for comparison: lower case, letters and digits only."""
    return " ".join(re.findall(r"\w+", text.lower()))


def _is_markdown(text: str, source_name: str | None) -> bool:
    """Markdown input: by file name, or by pandoc's backslash escapes (``\\'``, ``\\"``, ``\\*``)."""
    if source_name and source_name.lower().endswith((".md", ".markdown", ".mdown", ".mkd")):
        return True
    return len(re.findall(r"\\['\"*_]", text[:20000])) >= 3


def title_from_name(name: str | None) -> str | None:
    """``my_story-final.txt`` -> ``My Story Final``."""
    if not name:
        return None
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", name.replace("\\", "/").rsplit("/", 1)[-1])
    words = re.sub(r"[_\-.]+", " ", stem).split()
    return " ".join(w[:1].upper() + w[1:] for w in words) or None


def _mark_breaks(chunks: list[Chunk]) -> list[Chunk]:
    """Give every scene-break line a chunk of its own, flagged with its marker name."""
    out: list[Chunk] = []
    for chunk in chunks:
        current: list[Line] = []
        gap = chunk.gap
        for line in chunk.lines:
            name = scene_break(line.text)
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
            if second is None and layout.mode == "line" and nxt and nxt.gap == 0 and not nxt.brk and len(nxt.lines) == 1:
                second, head.takes_next = nxt.lines[0].text, True
            if second and title_like(second) and not _other_heading(second, markdown) and (len(chunk.lines) == 2 or head.takes_next or m.style.strength == "strong"):
                head.title = _two_line(m.text, clean_line(second, markdown))
                head.consumed = 2 if not head.takes_next else 1
            else:
                head.takes_next = False
                if own and nxt and not nxt.brk and len(nxt.lines) == 1 and nxt.gap <= 3 and i + 2 < len(chunks):
                    line = clean_line(nxt.lines[0].text, markdown)
                    if title_like(line) and not line.endswith((".", "!", "?", "…")) and not _other_heading(line, markdown):
                        head.next_title = line
        if not own and head.consumed < 2 and m.style.strength != "strong":
            continue
        heads.append(head)
    return heads


def _contents(chunks: list[Chunk], markdown: bool) -> set[int]:
    """Chunks holding a written table of contents (``Contents`` and lines naming the chapters)."""
    toc: set[int] = set()
    for i, chunk in enumerate(chunks):
        if chunk.brk or i in toc:
            continue
        label = CONTENTS.match(clean_line(chunk.lines[0].text, markdown))
        entries = chunk.lines[1:] if label else chunk.lines
        if not label and len(entries) < 3:
            continue
        if entries and not all(match_heading(line.text, markdown) for line in entries):
            continue
        seen = {_norm(clean_line(line.text, markdown)) for line in entries}
        taken = [i]
        j = i + 1
        while label and j < len(chunks) and not chunks[j].brk:
            lines = chunks[j].lines
            names = [_norm(clean_line(line.text, markdown)) for line in lines]
            # the TOC ends where a heading repeats (the real chapter) or a line is not a heading
            if not all(match_heading(line.text, markdown) for line in lines) or any(s.startswith(n) for n in names for s in seen):
                break
            seen.update(names)
            taken.append(j)
            j += 1
        if len(seen) >= 2:
            toc.update(taken)
    return toc


def _select(heads: list[_Head], chunks: list[Chunk]) -> list[_Head]:
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
    chosen = list(strong)
    chosen += [h for h in heads if h.match.style.strength == "single"]
    if not main:
        families: dict[str, list[_Head]] = {}
        for h in heads:
            if h.match.style.strength == "sequence":
                families.setdefault(h.match.style.family, []).append(h)
        good = [f for f in families.values() if rising([h.match.number for h in f])]
        if good:
            chosen += max(good, key=len)
        caps = [h for h in heads if h.match.style.strength == "weak"]
        # bare capitals are headings only if repeated, each after a wide gap, with text between
        if not good and not chosen and len(caps) >= 3 and all(chunks[h.index].gap >= 2 for h in caps[1:]):
            chosen += caps
    if any(not h.inner for h in chosen):
        chosen += [h for h in heads if h.match.style.strength == "companion"]
    # "CHAPTER 1", blank line, "THE TITLE": the title line counts only if every such heading has one
    numbered = [h for h in chosen if h.match.needs_title and not h.takes_next and h.consumed == 1]
    if len(numbered) >= 2 and all(h.next_title for h in numbered):
        for h in numbered:
            h.title, h.takes_next = _two_line(h.match.text, h.next_title), True
    return sorted(chosen, key=lambda h: h.index)


# --- front matter ----------------------------------------------------------------------------

#: A byline: "by Name", "Author: Name" (and a few languages), near the start of a text.
_BYLINE = re.compile(r"^(?:(?:written\s+)?by|par|por|von|door|автор)\s+(?P<name>[^\s].{0,60})$|^(?:author|auteur|autor|autora|作者)\s*[:：]\s*(?P<name2>.{1,60})$", re.I)


def _byline(lines: list[Line]) -> tuple[int, str] | None:
    """Where a byline is in ``lines`` and the name it gives."""
    for k, line in enumerate(lines):
        text = clean_line(line.text, True)
        m = _BYLINE.match(text)
        if m:
            return k, (m.group("name") or m.group("name2")).strip()
        if text.lower() == "by" and k + 1 < len(lines):
            return k + 1, clean_line(lines[k + 1].text, True)
    return None


def _short(chunk: Chunk) -> bool:
    return not chunk.brk and len(chunk.lines) <= 4 and all(len(line.text) <= 80 for line in chunk.lines)


def _title_line(text: str) -> bool:
    return 0 < len(text) <= 80 and len(text.split()) <= 12 and not text.endswith((",", ";", ":")) and not text[:1].islower()


def _front_matter(pre: list[Chunk], metadata: Metadata, removed: Removed, markdown: bool, has_headings: bool,
                  part_title: str | None) -> list[Chunk]:
    """Lift the title and byline from the chunks before the first heading; return what is left."""
    pre = list(pre)
    is_note = [bool(note_label(clean_line(c.text, markdown), True)) for c in pre]
    # a title page: short lines, then "by Name" (within the first chunks)
    for k, chunk in enumerate(pre[:8]):
        found = _byline(chunk.lines) if _short(chunk) else None
        if not found:
            continue
        line_no, name = found
        title_lines = [clean_line(ln.text, markdown) for ln in chunk.lines[: line_no - (1 if chunk.lines[line_no - 1 if line_no else 0].text.lower() == "by" else 0)]]
        start = k
        while start > 0 and _short(pre[start - 1]) and not is_note[start - 1] and k - start < 3:
            start -= 1
        lines_before = [clean_line(ln.text, markdown) for c in pre[start:k] for ln in c.lines] + title_lines
        lines_before = [t for t in lines_before if t and not re.fullmatch(r"\[.*\]", t)]
        if not lines_before or not all(_title_line(t) for t in lines_before):
            continue
        end = k + 1
        # an edition line or two right after the byline belongs to the title page
        while end < len(pre) and end - k <= 2 and len(pre[end].lines) == 1 and _title_line(pre[end].lines[0].text) \
                and not CONTENTS.match(pre[end].lines[0].text) and not is_note[end] and end + 1 < len(pre) + (1 if has_headings else 0):
            end += 1
        if not metadata.title:
            metadata.title = lines_before[0]
        if len(lines_before) > 1:
            metadata.extra.setdefault("subtitle", " ".join(lines_before[1:]))
        if not metadata.authors:
            metadata.authors.append(name)
        for c in pre[start:end]:
            removed.add("structure.title_page", c.text, c.lines[0].no)
        return pre[:start] + pre[end:]
    # the book's title repeated as a line of its own near the start
    known = metadata.title or part_title
    for k, chunk in enumerate(pre[:6]):
        if len(chunk.lines) == 1 and known and _norm(clean_line(chunk.text, markdown)) == _norm(known):
            removed.add("structure.duplicate_title", chunk.text, chunk.lines[0].no)
            return pre[:k] + pre[k + 1:]
    # a bare title line before the first heading (notes may come first)
    if has_headings and not known:
        for k, chunk in enumerate(pre[:4]):
            if is_note[k]:
                continue
            text = clean_line(chunk.text, markdown)
            if len(chunk.lines) == 1 and _title_line(text) and not text.endswith((".", "!", "?", "…")):
                metadata.title = text
                removed.add("structure.title_line", chunk.text, chunk.lines[0].no)
                return pre[:k] + pre[k + 1:]
            break
    return pre


# --- blocks of a chapter ---------------------------------------------------------------------


def _cut(par: Paragraph, start: int, end: int | None = None) -> Paragraph:
    """``par`` from ``start`` to ``end`` with its marks moved along (leading/trailing space dropped)."""
    end = len(par.text) if end is None else end
    text = par.text[start:end]
    lead = len(text) - len(text.lstrip())
    text = text.strip()
    offset = start + lead
    marks = [Mark(max(m.start - offset, 0), min(m.end - offset, len(text)), m.kind) for m in par.marks]
    return Paragraph(text, [m for m in marks if m.end > m.start], par.align)


def _notes(blocks: list) -> list:
    """Turn paragraphs opening with a note label into AuthorNote blocks."""
    pars = [i for i, b in enumerate(blocks) if isinstance(b, Paragraph)]
    edge = set(pars[:EDGE]) | set(pars[-EDGE:])
    out: list = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        found = note_label(block.text, i in edge) if isinstance(block, Paragraph) else None
        if not found:
            out.append(block)
            i += 1
            continue
        label, m = found
        end = len(block.text)
        if block.text.startswith("(") and block.text.endswith(")"):
            end -= 1  # (A/N …): the brackets wrap the note
        body = _cut(block, m.end(), end)
        note = AuthorNote([body] if body.text else [], label=m.group("label").strip(), kind=label.kind)
        i += 1
        if not body.text:
            # a label on its own line: the note is what follows, up to a break or the chapter's end
            j = i
            while j < len(blocks) and isinstance(blocks[j], Paragraph):
                j += 1
            take = j if j - i <= 20 else min(i + 1, j)
            note.paragraphs.extend(blocks[i:take])
            i = take
        out.append(note)
    return out


def _tidy_breaks(blocks: list) -> list:
    """No scene break at a chapter's start or end, and never two in a row."""
    out: list = []
    for block in blocks:
        if isinstance(block, SceneBreak) and (not out or isinstance(out[-1], SceneBreak)):
            continue
        out.append(block)
    while out and isinstance(out[-1], SceneBreak):
        out.pop()
    return out


def _drop_notes(blocks: list, options: Options, removed: Removed | None) -> list:
    if options.notes:
        return blocks
    kept = []
    for block in blocks:
        if isinstance(block, AuthorNote):
            if removed is not None:
                removed.add("notes.dropped", "\n".join([block.label, *(p.text for p in block.paragraphs)]).strip())
            continue
        kept.append(block)
    return _tidy_breaks(kept)


def _chapter_blocks(chunks: list[Chunk], layout: Layout, markdown: bool, options: Options, removed: Removed,
                    inner: dict[int, _Head], first_index: int) -> list:
    blocks: list = []
    for offset, chunk in enumerate(chunks):
        if chunk.brk:
            blocks.append(SceneBreak(chunk.lines[0].text))
            continue
        head = inner.get(first_index + offset)
        if head is not None:
            blocks.append(Heading(head.title, level=min(head.match.level + 1, 6)))
            continue
        for text in paragraphs_of(chunk.lines, layout):
            plain, marks = parse_emphasis(text, markdown)
            if plain.strip():
                blocks.append(Paragraph(plain, marks))
    return _drop_notes(_tidy_breaks(_notes(blocks)), options, removed)


# --- public API ------------------------------------------------------------------------------


def _format_titles(chapters: list[Chapter], heads: dict[int, HeadingMatch], fmt: str | None) -> None:
    """Apply ``--chapter-title-format`` (``{n}``: the chapter's position, ``{title}``: its words)."""
    if not fmt:
        return
    for n, chapter in enumerate(chapters, 1):
        if not chapter.title:
            continue
        match = heads.get(id(chapter))
        title = match.title if match is not None and match.number is not None else chapter.title
        try:
            text = fmt.format(n=n, title=title)
        except (KeyError, IndexError, ValueError) as err:
            raise UsageError(f"--chapter-title-format {fmt!r}: use {{n}} and {{title}} ({err})") from None
        chapter.title = text.strip().strip(".:-–—|").strip() or chapter.title


def _compile_regex(pattern: str | None) -> re.Pattern[str] | None:
    if not pattern:
        return None
    try:
        return re.compile(pattern)
    except re.error as err:
        raise UsageError(f"--chapter-regex {pattern!r} is not a valid regular expression: {err}") from None


def analyse(text: str, options: Options, markdown: bool | None = None) -> tuple[list[Chunk], Layout, list[_Head], set[int]]:
    """Chunks, paragraph layout, chosen headings and table-of-contents chunks of ``text``."""
    markdown = _is_markdown(text, options.source_name) if markdown is None else markdown
    lines = split_lines(text)
    chunks = _mark_breaks(chunks_of(lines))
    if options.paragraphs and options.paragraphs not in MODES:
        raise UsageError(f"--paragraphs must be one of {', '.join(MODES)}, not {options.paragraphs!r}")
    # headings and tables of contents are short lines on purpose: they say nothing of the prose
    layout = detect_layout([c for c in chunks if not match_heading(c.lines[0].text, markdown)])
    if options.paragraphs:
        layout = Layout(options.paragraphs, layout.width or (72 if options.paragraphs == "wrapped" else 0))
    if layout.mode == "line":
        chunks = _mark_breaks(chunks_of(lines, per_line=True))
    toc = _contents(chunks, markdown)
    regex = _compile_regex(options.chapter_regex)
    heads = [h for h in _candidates(chunks, markdown, layout, regex) if h.index not in toc]
    return chunks, layout, _select(heads, chunks), toc


def build_book(text: str, metadata: Metadata | None, options: Options, part_title: str | None = None,
               removed: Removed | None = None) -> Book:
    """Split ``text`` into chapters of blocks (recording in ``removed`` anything dropped)."""
    metadata = metadata or Metadata()
    removed = removed if removed is not None else Removed()
    markdown = _is_markdown(text, options.source_name)
    chunks, layout, heads, toc = analyse(text, options, markdown)
    for i in sorted(toc):
        removed.add("structure.contents", chunks[i].text, chunks[i].lines[0].no)
    starts = {h.index: h for h in heads if not h.inner and not h.book_title}
    inner = {h.index: h for h in heads if h.inner}
    for h in heads:
        if h.book_title:
            if not metadata.title:
                metadata.title = h.title
            removed.add("structure.title_line", chunks[h.index].text, chunks[h.index].lines[0].no)
    skip = set(toc) | {h.index for h in heads if h.book_title} | {h.index + 1 for h in heads if h.takes_next}
    # segments: (heading or None, chunks)
    segments: list[tuple[_Head | None, list[Chunk], int]] = [(None, [], 0)]
    for i, chunk in enumerate(chunks):
        if i in skip:
            continue
        head = starts.get(i)
        if head is not None:
            segments.append((head, [], i + 1))
            rest = chunk.lines[head.consumed:]
            if rest:
                segments[-1][1].append(Chunk(rest, 0))
            continue
        segments[-1][1].append(chunk)
    pre_head, pre, _ = segments[0]
    pre = _front_matter(pre, metadata, removed, markdown, len(segments) > 1, part_title)
    pre_blocks = _chapter_blocks(pre, layout, markdown, options, removed, {}, 0)
    chapters: list[Chapter] = []
    matches: dict[int, HeadingMatch] = {}
    for head, body, first in segments[1:]:
        chapter = Chapter(head.title, _chapter_blocks(body, layout, markdown, options, removed, inner, first))
        matches[id(chapter)] = head.match
        chapters.append(chapter)
    if not chapters:
        given = part_title or metadata.title
        if given:
            pre_blocks = _drop_duplicate_first_line(pre_blocks, given, removed)
        chapters = [Chapter(given or title_from_name(options.source_name) or "Untitled", pre_blocks)]
    elif pre_blocks:
        # the site's part title is the text's first heading: one chapter, titled once
        if all(_front_note(b) for b in pre_blocks) or (part_title and _same_title(part_title, chapters[0].title or "")):
            chapters[0].blocks = _tidy_breaks(pre_blocks + chapters[0].blocks)
        else:
            chapters.insert(0, Chapter(part_title, pre_blocks))
    if not metadata.title:
        metadata.title = part_title or title_from_name(options.source_name) or "Untitled"
    if chapters[0].title is None:
        chapters[0].title = metadata.title if len(chapters) == 1 else (part_title or metadata.title)
    _format_titles(chapters, matches, options.chapter_title_format)
    return Book(metadata, chapters)


def _front_note(block) -> bool:
    """Author's front matter: a note, a break, or a paragraph set wholly in bold (disclaimers, thanks)."""
    if isinstance(block, (AuthorNote, SceneBreak)):
        return True
    return isinstance(block, Paragraph) and any(m.kind == "b" and m.start == 0 and m.end >= len(block.text) for m in block.marks)


def _same_title(a: str, b: str) -> bool:
    x, y = _norm(a), _norm(b)
    return bool(x and y) and (x == y or x in y or y in x)


def _drop_duplicate_first_line(blocks: list, title: str, removed: Removed) -> list:
    """A one-shot whose first line repeats its title (given by the site) prints the title once."""
    for i, block in enumerate(blocks[:3]):
        if isinstance(block, Paragraph) and "\n" not in block.text and _norm(block.text) == _norm(title):
            removed.add("structure.duplicate_title", block.text)
            return blocks[:i] + blocks[i + 1:]
        if not isinstance(block, AuthorNote):
            break
    return blocks


def refine_blocks(blocks: list, options: Options, removed: Removed | None = None) -> list:
    """Classify blocks that came from HTML: scene-break paragraphs, labelled notes, stray breaks.

    Breaks at the start or end are dropped and consecutive ones collapse; ``--no-notes`` drops the
    notes (recorded in ``removed`` when given).
    """
    out: list = []
    for block in blocks:
        if isinstance(block, Paragraph) and "\n" not in block.text.strip() and scene_break(block.text):
            out.append(SceneBreak(block.text.strip()))
        else:
            out.append(block)
    out = _notes(out)
    while out and isinstance(out[0], SceneBreak):
        out.pop(0)
    return _drop_notes(_tidy_breaks(out), options, removed)


def split_chapters(blocks: list, options: Options) -> list[Chapter]:
    """Split blocks parsed from HTML into chapters at heading-like paragraphs (same rules as text).

    ``<p><strong>Chapter One: Brother's Keeper</strong></p>`` starts a chapter titled
    ``Chapter One: Brother's Keeper``; blocks before the first heading form an untitled chapter.
    """
    regex = _compile_regex(options.chapter_regex)
    chunks: list[Chunk] = []
    positions: list[int] = []
    for i, block in enumerate(blocks):
        if isinstance(block, Paragraph) and block.text.strip() and "\n" not in block.text.strip() and len(block.text) <= 150:
            chunks.append(Chunk([Line(i + 1, block.text.strip())], 1))
            positions.append(i)
    heads = [h for h in _candidates(chunks, False, Layout("blank", 0), regex)]
    toc = _contents(chunks, False)
    chosen = [h for h in _select([h for h in heads if h.index not in toc], chunks) if not h.inner]
    at = {positions[h.index]: h for h in chosen}
    chapters: list[Chapter] = [Chapter(None, [])]
    for i, block in enumerate(blocks):
        head = at.get(i)
        if head is not None:
            chapters.append(Chapter(head.title, []))
            continue
        chapters[-1].blocks.append(block)
    if not chapters[0].blocks:
        chapters.pop(0)
    return chapters or [Chapter(None, [])]
