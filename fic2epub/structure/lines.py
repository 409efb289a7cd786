"""Lines, blocks and paragraph modes of a plain-text story.

Three ways to write paragraphs, detected per file from its lines:
``blank``   - paragraphs separated by blank lines (line breaks inside one are spaces, as in Markdown,
              unless every line is short: then it is verse and keeps its lines);
``line``    - one paragraph per line (Wattpad's one-sentence lines, fanfictions.fr);
``wrapped`` - hard-wrapped at a fixed width (Project Gutenberg, e-mail): most lines end close to
              one width, so lines are joined into paragraphs; blocks of short lines (verse, letters,
              signatures) keep their line breaks; an indented line starts a new paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal, get_args

Mode = Literal["blank", "line", "wrapped"]
MODES: tuple[str, ...] = get_args(Mode)

#: What a row of dashes is made of (``--------``, ``——``).
DASHES = frozenset("-—–― ")

#: How a sentence (or a line of dialogue) ends.
_SENTENCE_ENDS = (".", "!", "?", '"', "”", "’", "'", "…", ")", "*", "_", "»", "。", "！", "？", "」")


@dataclass
class Line:
    no: int  # 1-based line number in the text
    raw: str  # tabs expanded, trailing spaces removed
    text: str = field(init=False, repr=False)  # stripped (made once: a line can be megabytes long)
    indent: int = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.text = self.raw.strip()
        self.indent = len(self.raw) - len(self.raw.lstrip()) if self.text else 0


@dataclass
class Chunk:
    """A run of non-blank lines; ``gap`` blank lines precede it."""

    lines: list[Line]
    gap: int = 0
    brk: str | None = None  # the scene-break marker it is, if any
    extra: dict = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


def split_lines(text: str) -> list[Line]:
    return [Line(i + 1, raw.expandtabs(8).rstrip()) for i, raw in enumerate(text.split("\n"))]


def chunks_of(lines: list[Line], per_line: bool = False) -> list[Chunk]:
    """Runs of non-blank lines (``per_line``: every line its own chunk)."""
    out: list[Chunk] = []
    gap, current = 0, []  # type: tuple[int, list[Line]]
    for line in lines:
        if not line.text:
            if current:
                out.append(Chunk(current, gap))
                current, gap = [], 0
            gap += 1
            continue
        if per_line and current:
            out.append(Chunk(current, gap))
            current, gap = [], 0
        current.append(line)
    if current:
        out.append(Chunk(current, gap))
    return out


@dataclass(frozen=True)
class Layout:
    mode: Mode
    width: int  # the wrap width of a hard-wrapped file (0 when not wrapped)


def _percentile(values: list[int], q: float) -> int:
    ordered = sorted(values)
    return ordered[int(q * (len(ordered) - 1))] if ordered else 0


def detect_layout(chunks: list[Chunk]) -> Layout:
    """Which paragraph mode the file uses, from the lengths of lines inside multi-line blocks."""
    multi = [c for c in chunks if len(c.lines) > 1 and not c.brk]
    total = sum(len(c.lines) for c in chunks if not c.brk)
    if not multi or total == 0:
        return Layout("blank", 0)
    inner = [line for c in multi for line in c.lines[:-1]]
    width = _percentile([len(line.raw) for c in multi for line in c.lines], 0.9)
    full = sum(len(line.raw) >= 0.75 * width for line in inner) / len(inner)
    too_long = sum(len(line.raw) > 1.25 * width + 5 for c in chunks for line in c.lines) / total
    # wrapped lines mostly break mid-sentence; one-sentence-per-line text ends lines with punctuation
    open_ends = sum(not line.text.endswith(_SENTENCE_ENDS) for line in inner) / len(inner)
    # hard wrap: most lines end near one width of 30-100 columns, and hardly any line is longer
    if 30 <= width <= 100 and full >= 0.6 and too_long < 0.05 and open_ends >= 0.5 and len(inner) >= 3:
        return Layout("wrapped", width)
    in_multi = sum(len(c.lines) for c in multi)
    # lines inside blocks are long or blocks of several lines are common: each line is a paragraph
    long_lines = sum(len(line.text) > 100 for c in multi for line in c.lines)
    if in_multi >= 0.3 * total or long_lines >= 0.2 * in_multi:
        return Layout("line", 0)
    return Layout("blank", 0)


def _verse(lines: list[Line], width: int) -> bool:
    """Short lines on purpose: poems, letters, signatures, addresses."""
    if len(lines) < 2:
        return False
    inner = lines[:-1]
    if width:
        short = sum(len(line.raw) < 0.75 * width for line in inner)
        # two lines are verse only when both are clearly short (a couplet, a signature)
        return short * 2 > len(inner) and (len(lines) >= 3 or all(len(line.raw) < 0.6 * width for line in lines))
    return all(len(line.text) < 55 for line in lines)


#: A line ending in a letter and a hyphen: a compound split where the text was wrapped (``well-`` /
#: ``known``), never a hyphenated word break (Gutenberg wraps at spaces only).
_LINE_END_HYPHEN = re.compile(r"[^\W\d_]-$")


def _join(texts: list[str]) -> str:
    """Wrapped lines as one paragraph: a space between them, none after a compound's hyphen."""
    out = texts[0]
    for text in texts[1:]:
        out += ("" if text[:1].islower() and _LINE_END_HYPHEN.search(out) else " ") + text
    return out


def paragraph_lines(lines: list[Line], layout: Layout) -> list[tuple[str, Line, Line]]:
    """The paragraphs of one block of lines: (text, first line, last line); ``\\n`` inside a text is
    a kept line break."""
    if not lines:
        return []
    if layout.mode == "line":
        return [(line.text, line, line) for line in lines]
    if _verse(lines, layout.width):
        return [("\n".join(line.text for line in lines), lines[0], lines[-1])]
    if layout.mode == "blank":
        return [(_join([line.text for line in lines]), lines[0], lines[-1])]
    base = min(line.indent for line in lines)
    groups: list[list[Line]] = [[]]
    for i, line in enumerate(lines):
        # in wrapped prose an indented line begins a paragraph; an indented row of dashes goes on
        # with the line above (a trailing dash, not a paragraph that would read as a scene break)
        if i and line.indent >= base + 2 and groups[-1] and not set(line.text) <= DASHES:
            groups.append([])
        groups[-1].append(line)
    return [(_join([line.text for line in group]), group[0], group[-1]) for group in groups if group]


def paragraphs_of(lines: list[Line], layout: Layout) -> list[str]:
    """The paragraph texts of one block of lines (``\\n`` inside one is a kept line break)."""
    return [text for text, _, _ in paragraph_lines(lines, layout)]
