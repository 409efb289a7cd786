"""Structure stage: cleaned text + metadata -> Book (title, chapters, paragraphs, breaks, notes).

Basic version: blank-line paragraphs, ``Chapter N`` headings, a table of scene-break markers and
``A/N:`` notes.
"""

from __future__ import annotations

import re

from .model import AuthorNote, Book, Chapter, Metadata, Paragraph, Removed, SceneBreak
from .options import Options

#: Lines that mark a change of scene (matched against the stripped line).
SCENE_BREAK = re.compile(
    r"""^(?:
        [+*~#=_\-•·§]{1,}(?:\s*[+*~#=_\-•·§])*   # +++ *** * * * ~~~ --- ___ ### ===
      | [oO0](?:[oO0])+ | [xX](?:[xX])+ | -x- | ~\*~ | ❦ | ◇◆◇
      | \[break\] | line\ break
    )$""",
    re.VERBOSE | re.IGNORECASE,
)

#: Chapter headings: a heading word and a number, optionally a title.
CHAPTER_HEADING = re.compile(
    r"^(?:chapter|ch\.|part|prologue|epilogue)\b[^\n]{0,80}$", re.IGNORECASE
)

#: Author's notes: a label at the start of a paragraph.
NOTE_LABEL = re.compile(r"^\(?(?P<label>A/N|AN|Author'?s Note|Author Note)\s*[:\-]\s*", re.IGNORECASE)


def _blocks_of(paragraphs: list[str]) -> list:
    blocks: list = []
    for text in paragraphs:
        if SCENE_BREAK.match(text.strip()):
            if blocks and not isinstance(blocks[-1], SceneBreak):
                blocks.append(SceneBreak(text.strip()))
            continue
        note = NOTE_LABEL.match(text)
        if note:
            blocks.append(AuthorNote([Paragraph(text[note.end():].strip())], label=note.group("label")))
            continue
        blocks.append(Paragraph(" ".join(line.strip() for line in text.split("\n"))))
    while blocks and isinstance(blocks[-1], SceneBreak):
        blocks.pop()
    return blocks


def _title_from_name(name: str | None) -> str | None:
    if not name:
        return None
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", name.rsplit("/", 1)[-1])
    words = re.sub(r"[_\-.]+", " ", stem).split()
    return " ".join(w[:1].upper() + w[1:] for w in words) or None


def refine_blocks(blocks: list, options: Options) -> list:
    """Classify blocks that came from HTML: scene-break paragraphs, labelled notes, stray breaks."""
    texts = []
    out: list = []
    for block in blocks:
        if isinstance(block, Paragraph) and not block.marks and (SCENE_BREAK.match(block.text.strip()) or NOTE_LABEL.match(block.text)):
            texts.append(block.text)
            continue
        if texts:
            out.extend(_blocks_of(texts))
            texts = []
        out.append(block)
    out.extend(_blocks_of(texts))
    while out and isinstance(out[0], SceneBreak):
        out.pop(0)
    while out and isinstance(out[-1], SceneBreak):
        out.pop()
    return out


def build_book(text: str, metadata: Metadata | None, options: Options, part_title: str | None = None,
               removed: Removed | None = None) -> Book:
    """Split ``text`` into chapters of blocks (recording in ``removed`` anything dropped)."""
    metadata = metadata or Metadata()
    chunks = [c.strip("\n") for c in re.split(r"\n\s*\n", text) if c.strip()]
    chapters: list[Chapter] = []
    current = Chapter(part_title, [])
    pending: list[str] = []
    for chunk in chunks:
        if CHAPTER_HEADING.match(chunk.strip()) and "\n" not in chunk.strip():
            if pending or current.title:
                current.blocks = _blocks_of(pending)
                chapters.append(current)
            current, pending = Chapter(chunk.strip(), []), []
            continue
        pending.append(chunk)
    current.blocks = _blocks_of(pending)
    if current.blocks or current.title or not chapters:
        chapters.append(current)
    chapters = [c for c in chapters if c.blocks or c.title]
    if not metadata.title:
        metadata.title = part_title or _title_from_name(options.source_name) or "Untitled"
    if len(chapters) == 1 and not chapters[0].title:
        chapters[0].title = metadata.title
    return Book(metadata, chapters)
