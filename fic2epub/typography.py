"""Typography stage: Book -> Book with curly quotes, apostrophes, dashes and ellipses.

Rules are one flat list of (pattern, replacement) pairs, each with a comment saying why it
exists, applied in order to each paragraph's plain text. Emphasis marks are carried through
every substitution, so a quote next to an italic word stays outside or inside as written.

House style: a closed-up em dash (``word—word``), as in most US trade books and Standard Ebooks.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .model import AuthorNote, Book, Chapter, Heading, ListBlock, Mark, Paragraph, Quote, Table

# Characters after which a double quote opens: start, space, brackets, dashes, other quotes.
_OPEN_CONTEXT = r"(?:^|(?<=[\s(\[{—–‘“/]))"

RULES: list[tuple[re.Pattern[str], str]] = [
    # Three dots (also spaced ". . .") are one ellipsis character.
    (re.compile(r"\.\s?\.\s?\."), "…"),
    # Two hyphens between words are an em dash.
    (re.compile(r"(?<=\w)\s*--\s*(?=\w)"), "—"),
    # A spaced hyphen between words is an em dash (closed up, the house style).
    (re.compile(r"(?<=[\w,.!?…’'\"])\s+[-–]\s+(?=[\w'\"‘“])"), "—"),
    # A hyphen before a quote ends interrupted speech: No-" -> No—".
    (re.compile(r"(?<=\w)-(?=[\"”'’](?:\s|$|[\"“]))"), "—"),
    # Glued utterances: you—""She -> you—" "She (the missing space goes back in).
    (re.compile(r'(?<=\S)""(?=\S)'), '" "'),
    # A double quote at the start, after space, brackets or a dash opens a quotation.
    (re.compile(_OPEN_CONTEXT + r'"(?=\S)'), "“"),
    # Every other double quote closes one.
    (re.compile(r'"'), "”"),
    # An apostrophe inside a word: don't, Derek's, rock'n'roll.
    (re.compile(r"(?<=\w)'(?=\w)"), "’"),
    # Elisions at the start of a word are apostrophes, not opening quotes: 'em 'cause '90s.
    (re.compile(r"(?:^|(?<=\s))'(?=(?:em|cause|cos|til|tis|twas|n'|bout|round|kay|\d0s)\b)", re.IGNORECASE), "’"),
    # A single quote at the start of a word opens a quotation.
    (re.compile(_OPEN_CONTEXT + r"'(?=\S)"), "‘"),
    # Every other single quote is an apostrophe or a closing quote (Stiles' voice, 'Hello,').
    (re.compile(r"'"), "’"),
]


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


def substitute(text: str, marks: list[Mark], pattern: re.Pattern[str], repl: str) -> tuple[str, list[Mark]]:
    """``pattern.sub(repl, text)`` that moves ``marks`` along with the text."""
    edits: list[tuple[int, int, int]] = []
    pieces: list[str] = []
    pos = 0
    for m in pattern.finditer(text):
        new = m.expand(repl)
        edits.append((m.start(), m.end(), len(new)))
        pieces.append(text[pos:m.start()])
        pieces.append(new)
        pos = m.end()
    if not edits:
        return text, marks
    pieces.append(text[pos:])
    moved = [Mark(_remap(k.start, edits), _remap(k.end, edits), k.kind) for k in marks]
    return "".join(pieces), [k for k in moved if k.end > k.start]


def smarten_text(text: str, marks: list[Mark] | None = None) -> tuple[str, list[Mark]]:
    marks = list(marks or [])
    for pattern, repl in RULES:
        text, marks = substitute(text, marks, pattern, repl)
    return text, marks


def smarten_paragraph(par: Paragraph) -> Paragraph:
    text, marks = smarten_text(par.text, par.marks)
    return replace(par, text=text, marks=marks)


def _blocks(blocks: list) -> list:
    out = []
    for block in blocks:
        if isinstance(block, Paragraph):
            block = smarten_paragraph(block)
        elif isinstance(block, AuthorNote):
            block = replace(block, paragraphs=[smarten_paragraph(p) for p in block.paragraphs])
        elif isinstance(block, Quote):
            block = replace(block, blocks=_blocks(block.blocks))
        elif isinstance(block, ListBlock):
            block = replace(block, items=[smarten_paragraph(p) for p in block.items])
        elif isinstance(block, Table):
            block = replace(block, rows=[[smarten_paragraph(p) for p in row] for row in block.rows])
        elif isinstance(block, Heading):
            block = replace(block, text=smarten_text(block.text)[0])
        out.append(block)
    return out


def smarten_book(book: Book, language: str | None = None, options=None) -> Book:
    """Typeset every paragraph and chapter title of ``book`` (a new Book; the input is kept)."""
    chapters = [
        Chapter(smarten_text(c.title)[0] if c.title else c.title, _blocks(c.blocks))
        for c in book.chapters
    ]
    return Book(book.metadata, chapters)
