"""A chapter's blocks, whichever reader made them: scene-break paragraphs, author's notes (labelled, or
set apart by emphasis), breaks at the edges, ``--no-notes``."""

from __future__ import annotations

import re

from ..model import AuthorNote, Block, Mark, Paragraph, Removed, SceneBreak, split_count
from .markers import EDGE, frames, note_label, scene_break


def cut(par: Paragraph, start: int, end: int | None = None) -> Paragraph:
    """``par`` from ``start`` to ``end`` with its marks moved along (leading/trailing space dropped)."""
    end = len(par.text) if end is None else end
    text = par.text[start:end]
    lead = len(text) - len(text.lstrip())
    text = text.strip()
    offset = start + lead
    marks = [Mark(max(m.start - offset, 0), min(m.end - offset, len(text)), m.kind) for m in par.marks]
    return Paragraph(text, [m for m in marks if m.end > m.start], par.align, par.origin)


def notes(blocks: list[Block]) -> list[Block]:
    """Turn paragraphs opening with a note label into AuthorNote blocks."""
    pars = [i for i, b in enumerate(blocks) if isinstance(b, Paragraph)]
    edge = set(pars[:EDGE]) | set(pars[-EDGE:])
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        found = note_label(block.text, i in edge) if isinstance(block, Paragraph) else None
        if not found:
            out.append(block)
            i += 1
            continue
        assert isinstance(block, Paragraph)
        label, m = found
        end = len(block.text)
        if block.text.startswith("(") and block.text.endswith(")"):
            end -= 1  # (A/N …): the brackets wrap the note
        body = cut(block, m.end(), end)
        note = AuthorNote([body] if body.text else [], label=m.group("label").strip(), kind=label.kind)  # type: ignore[arg-type]
        i += 1
        if not body.text:
            # a label on its own line: the note is what follows, up to a break or the chapter's end
            j = i
            while j < len(blocks) and isinstance(blocks[j], Paragraph):
                j += 1
            take = j if j - i <= 20 else min(i + 1, j)
            note.paragraphs.extend(b for b in blocks[i:take] if isinstance(b, Paragraph))
            i = take
        # an unlabelled disclaimer right under a note at the story's edge is part of it
        while i < len(blocks) and i in edge:
            following = blocks[i]
            if not (isinstance(following, Paragraph) and _DISCLAIMER.match(following.text)):
                break
            note.paragraphs.append(following)
            i += 1
        out.append(note)
    return out


#: A disclaimer as authors write it without a label: ``The Fireflyverse is the property of the great Joss
#: Whedon.``, ``I don't own Naruto.``, ``All characters belong to J.K. Rowling.`` — one short paragraph.
#: Only beside a labelled note is that evidence enough (a story may open "The ring was the property of …").
_DISCLAIMER = re.compile(
    r"^(?=[^\n]{1,240}$)(?:[^\n.!?]{1,120}\s(?:is|are)\s+(?:the\s+)?(?:sole\s+|exclusive\s+)?(?:property|copyright)\s+of\s"
    r"|I\s+(?:do\s+not|don['’]t|dont)\s+own\b|(?:all\s+)?(?:the\s+)?characters\s+(?:and\s+[^\n.!?]{1,40}\s)?(?:belong|are\s+owned)\s)",
    re.I,
)


def tidy_breaks(blocks: list[Block]) -> list[Block]:
    """No scene break at a chapter's start or end, and never two in a row. A rule between the opening
    notes and the story stays: the author drew it (the shared corpus's FFN downloads keep theirs)."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, SceneBreak) and (not out or isinstance(out[-1], SceneBreak)):
            continue
        out.append(block)
    while out and isinstance(out[-1], SceneBreak):
        out.pop()
    return out


def drop_notes(blocks: list[Block], keep: bool, removed: Removed | None) -> list[Block]:
    """``blocks`` without author's notes unless ``keep`` (each dropped note recorded); the book's
    footnotes stay."""
    if keep:
        return blocks
    kept: list[Block] = []
    for block in blocks:
        if isinstance(block, AuthorNote) and block.kind != "footnote":
            if removed is not None:
                origin = block.paragraphs[0].origin if block.paragraphs else None
                removed.add_at(
                    "notes.dropped", "\n".join([block.label, *(p.text for p in block.paragraphs)]).strip(), origin
                )
            continue
        kept.append(block)
    return tidy_breaks(kept)


#: Japanese or Chinese text.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
#: Where a page's collapsed white space joined two lines of Japanese or Chinese prose: a plain space
#: after a CJK character or closing mark, before the next line's ideographic indent or opening bracket
#: (``渡っていました。 　ふと下を見ると``, ``吠えました。 「ウゥー、ワン！！」``), or an indent right after a
#: full stop (``います。　イヌは``). CJK prose has no plain spaces of its own between such characters.
_JOINED_LINE = re.compile(
    r"(?<=[。、」』！？）!?\u3040-\u30ff\u3400-\u9fff])[ \t]+(?=[\u3000「『（])"
    # an ideographic indent straight after a full stop (after ！ or ？ it is the space the sentence takes)
    r"|(?<=。)(?=\u3000)"
)
#: At least this many such joins, and this share of CJK characters, before a paragraph is parted.
_JOINS, _CJK_SHARE = 2, 0.5


def joined_lines(blocks: list[Block]) -> list[Block]:
    """Paragraphs of Japanese or Chinese prose whose lines a page's collapsed white space ran together
    (a saved page that lost its ``<br>``): parted again where each line began. No character changes;
    the indent stays a space, as the stylesheet indents paragraphs."""
    out: list[Block] = []
    for block in blocks:
        text = block.text if isinstance(block, Paragraph) else ""
        joins = [m.end() for m in _JOINED_LINE.finditer(text)] if "\n" not in text else []
        letters = len("".join(text.split()))
        if len(joins) < _JOINS or len(_CJK.findall(text)) < _CJK_SHARE * letters:
            out.append(block)
            continue
        assert isinstance(block, Paragraph)
        starts = [0, *joins]
        out.extend(cut(block, a, b) for a, b in zip(starts, [*joins, len(text)], strict=True))
    return out


def refine_blocks(blocks: list[Block], keep_notes: bool = True, removed: Removed | None = None) -> list[Block]:
    """A chapter's blocks settled: lines a page ran together parted, scene-break paragraphs become
    breaks, labelled paragraphs notes.

    Breaks at the start or end are dropped and consecutive ones collapse; without ``keep_notes`` the
    notes are dropped (recorded in ``removed`` when given).
    """
    blocks = joined_lines(blocks)
    out: list[Block] = []
    framed = frames([b.text if isinstance(b, Paragraph) and "\n" not in b.text.strip() else None for b in blocks])
    for at, block in enumerate(blocks):
        if at in framed:
            out.append(block)
        elif isinstance(block, Paragraph) and "\n" not in block.text.strip() and scene_break(block.text):
            out.append(SceneBreak(block.text.strip(), block.origin))
        else:
            out.append(block)
    return drop_notes(tidy_breaks(notes(out)), keep_notes, removed)


#: At most this many paragraphs after a chapter's closing fence are the author's closing note.
_FENCED_END = 8


def _symbols(marker: str) -> frozenset[str]:
    return frozenset(marker.replace(" ", ""))


def fenced_notes(blocks: list[Block]) -> list[Block]:
    """A closing note fenced off by a rule: a chapter that opens with an author's note and whose last
    rule is drawn with a symbol none of its scene breaks uses (``____`` after ``~~~`` breaks), with a few
    paragraphs after it: the rule is a fence, not a scene break, and those paragraphs the author's
    closing note. (A rule right after the opening note, drawn the same way, is its fence too.)"""
    if not blocks or not isinstance(blocks[0], AuthorNote) or blocks[0].kind == "footnote":
        return blocks
    breaks = [i for i, b in enumerate(blocks) if isinstance(b, SceneBreak)]
    if len(breaks) < 2:
        return blocks
    last = breaks[-1]
    fence = _symbols(blocks[last].marker)  # type: ignore[union-attr]
    tail = blocks[last + 1 :]
    inner = [i for i in breaks[:-1] if not (i == 1 and _symbols(blocks[1].marker) == fence)]  # type: ignore[union-attr]
    if (
        not fence
        or not inner
        or any(_symbols(blocks[i].marker) == fence for i in inner)  # type: ignore[union-attr]
        or not 0 < len(tail) <= _FENCED_END
        or not all(isinstance(b, Paragraph) for b in tail)
    ):
        return blocks
    closing = AuthorNote([b for b in tail if isinstance(b, Paragraph)], kind="endnote")
    body = [b for i, b in enumerate(blocks[:last]) if i not in breaks or i in inner]
    return [*body, closing]


#: A glossary's line: a term of up to four words, a colon or a dash, what it means (``Quo Vadis: Where
#: are you going?``, ``níu—cow``, ``Ai ya – damn``); not a speaker's quoted line (``Stiles: "No."``).
_GLOSS = re.compile(
    r"^(?P<term>[^\W\d_][^\s:：–—]*(?:[ \t][^\s:：–—]+){0,3}?)[ \t]*(?:[:：]|[–—]|[ \t]-[ \t])[ \t]*"
    r"(?P<meaning>[^\s\"“”«„'‘’][^\n]*)$"
)
#: At most this many short paragraphs after the glossary still belong to it (``The title comes from …``).
_GLOSS_AFTER, _GLOSS_AFTER_CHARS = 2, 300
#: A glossed term is used at most this many times before its glossary.
_GLOSSED_TIMES = 3


def glossary_terms(text: str) -> list[str] | None:
    """The terms a paragraph of glossary lines explains (``kuáng—conceited; mad``), or None when it is
    not one."""
    found = [_GLOSS.match(line.strip()) for line in text.split("\n") if line.strip()]
    return [m["term"].casefold() for m in found if m] if found and all(found) else None


def closing_glossary(blocks: list[Block], title: str | None = None) -> list[Block]:
    """A chapter that ends with a glossary of words the story used (two or more ``term: meaning`` lines,
    perhaps with a line or two after them): the glossary is the author's closing note, and a rule right
    above it its fence. Most of its terms must be rare words of the chapter (or of the book's title)
    before it, and none a speaker's label the chapter used before (a chat log's ``Stiles: lol`` lines
    stay)."""
    first_par = len(blocks)
    while first_par and isinstance(blocks[first_par - 1], Paragraph):
        first_par -= 1
    for start in range(max(first_par, 1), len(blocks)):
        end, terms = start, []
        while end < len(blocks) and (found := glossary_terms(getattr(blocks[end], "text", ""))) is not None:
            terms += found
            end += 1
        after = blocks[end:]
        if end == start or len(after) > _GLOSS_AFTER:
            continue
        if len(terms) < 2 or len(set(terms)) < len(terms):
            return blocks
        if any(len(b.text) > _GLOSS_AFTER_CHARS for b in after if isinstance(b, Paragraph)):
            return blocks
        before = [b for b in blocks[:start] if isinstance(b, Paragraph)]
        if not before:
            return blocks
        told = " ".join([title or "", *(b.text for b in before)]).casefold()
        # a word explained is a rare one (a character's name, said on every page, is not glossed)
        used = sum(1 <= len(re.findall(rf"(?<!\w){re.escape(t)}(?!\w)", told)) <= _GLOSSED_TIMES for t in terms)
        labels = {
            m["term"].casefold() for b in before for line in b.text.split("\n") if (m := _GLOSS.match(line.strip()))
        }
        if used * 2 < len(terms) or used < 2 or labels & set(terms):
            return blocks
        above = blocks[start - 1]
        # a rule or a row of symbols above it is its fence (a break spelled in words is the author's)
        spelled = not isinstance(above, SceneBreak) or re.search(r"\w", above.marker.replace("<hr>", ""))
        fence = start if spelled else start - 1
        glossary = [b for b in blocks[start:] if isinstance(b, Paragraph)]
        return [*blocks[:fence], AuthorNote(glossary, kind="endnote")]
    return blocks


#: Fewer words than this before the first break are an in-body title ("HUNTED"), not a note.
_LEAD_NOTE_WORDS = 15


def whole_emphasis(block: Block, kinds: tuple[str, ...] = ("b", "i")) -> bool:
    """A paragraph set wholly in one of ``kinds`` (bold, italic)."""
    return isinstance(block, Paragraph) and any(
        m.kind in kinds and m.start == 0 and m.end >= len(block.text) for m in block.marks
    )


def lead_notes(blocks: list[Block]) -> list[Block]:
    """Unlabelled notes that open a chapter: wholly emphasised paragraphs, then a scene break."""
    end = next((i for i, b in enumerate(blocks) if isinstance(b, SceneBreak)), None)
    if not end or not all(whole_emphasis(b) for b in blocks[:end]):
        return blocks
    opening = [b for b in blocks[:end] if isinstance(b, Paragraph)]
    if sum(split_count(b.text) for b in opening) < _LEAD_NOTE_WORDS:
        return blocks
    return [AuthorNote(opening), *blocks[end:]]


#: A heading block is three or more short paragraphs (title, byline, place, date); two are a heading and
#: its subtitle, left as they are (a line repeating the chapter's heading is then still found).
_HEADING_LINE_WORDS = 12
_HEADING_LINES = 12
_HEADING_PARAGRAPHS = 3


def heading_block(blocks: list[Block]) -> list[Block]:
    """A chapter's opening run of short, wholly bold paragraphs, when prose follows it, as one paragraph
    (its lines kept, bold): the author's own heading block, written with blank lines between its
    lines (a forum post's ``By the Horns`` / ``An Original Work of Fiction`` / … / ``September 27, 2596``)."""
    run = 0
    while run < len(blocks) and whole_emphasis(blocks[run], ("b",)):
        block = blocks[run]
        assert isinstance(block, Paragraph)
        if any(len(line.split()) > _HEADING_LINE_WORDS for line in block.text.split("\n")):
            return blocks
        run += 1
    head = [b for b in blocks[:run] if isinstance(b, Paragraph)]
    lines = sum(len(b.text.split("\n")) for b in head)
    if (
        run < _HEADING_PARAGRAPHS
        or lines > _HEADING_LINES
        or run == len(blocks)
        or not isinstance(blocks[run], Paragraph)
    ):
        return blocks
    text, marks = "", []
    for par in head:
        text += "\n" if text else ""
        marks += [Mark(m.start + len(text), m.end + len(text), m.kind) for m in par.marks if m.kind != "b"]
        text += par.text
    joined = Paragraph(text, [Mark(0, len(text), "b"), *marks], head[0].align, head[0].origin)
    return [joined, *blocks[run:]]


def front_note(block: Block) -> bool:
    """Author's front matter: a note, a break, or a paragraph set wholly in bold (disclaimers, thanks)."""
    return (
        isinstance(block, SceneBreak)
        or (isinstance(block, AuthorNote) and block.kind != "footnote")
        or whole_emphasis(block, ("b",))
    )
