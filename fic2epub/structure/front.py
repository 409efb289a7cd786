"""What comes before the first chapter heading: a title page (title, ``by Name``, edition lines), the
book's title repeated as a line of its own, a bare title line; and titles from file names.

Whatever is taken from the text is moved into the metadata (so it is on the title page) and
recorded in ``Removed`` with ``moved`` set. Blocks come from either reader; ``Source`` gives a
block's lines as the file wrote them (a text scrape's source lines, a page paragraph's line breaks).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..model import AuthorNote, Block, Draft, Metadata, Paragraph, Removed
from .chapters import norm
from .headings import CONTENTS, clean_line


def title_from_name(name: str | None) -> str | None:
    """``my_story-final.txt`` -> ``My Story Final``."""
    if not name:
        return None
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", name.replace("\\", "/").rsplit("/", 1)[-1])
    words = re.sub(r"[_\-.]+", " ", stem).split()
    return " ".join(w[:1].upper() + w[1:] for w in words) or None


def same_title(a: str, b: str) -> bool:
    """Whether two titles name the same thing (one holds the other, case and punctuation aside)."""
    x, y = norm(a), norm(b)
    return bool(x and y) and (x == y or x in y or y in x)


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


#: A byline: "by Name", "Author: Name" (and a few languages), near the start of a text.
_BYLINE = re.compile(
    r"^(?:(?:written\s+)?by|par|por|von|door|автор)\s+(?P<name>[^\s].{0,60})$|^(?:author|auteur|autor|autora|作者)\s*[:：]\s*(?P<name2>.{1,60})$",
    re.I,
)


def _byline(lines: list[str]) -> tuple[int, str] | None:
    """Where a byline is in ``lines`` (cleaned) and the name it gives."""
    for k, text in enumerate(lines):
        m = _BYLINE.match(text)
        if m:
            return k, (m.group("name") or m.group("name2")).strip()
        if text.lower() == "by" and k + 1 < len(lines):
            return k + 1, lines[k + 1]
    return None


def _short(lines: list[str] | None) -> bool:
    return lines is not None and len(lines) <= 4 and all(len(line) <= 80 for line in lines)


def _title_line(text: str) -> bool:
    return (
        0 < len(text) <= 80
        and len(text.split()) <= 12
        and not text.endswith((",", ";", ":"))
        and not text[:1].islower()
    )


def _record(removed: Removed, rule: str, blocks: list[Block], source: Source, moved: str) -> None:
    for block in blocks:
        if isinstance(block, Paragraph):
            removed.add_at(rule, "\n".join(source.raw(block) or [block.text]), block.origin, moved)


def _title_page(
    blocks: list[Block], source: Source, meta: Metadata, removed: Removed, has_headings: bool
) -> list[Block] | None:
    """A title page: short title lines, then ``by Name`` (within the first blocks), then edition lines."""
    raw = [source.raw(b) for b in blocks[:12]]
    # only short blocks can be title-page material: longer ones are not cleaned (a block can be megabytes)
    clean = [[source.clean(line) for line in lines] if lines is not None and _short(lines) else None for lines in raw]
    is_note = [isinstance(b, AuthorNote) for b in blocks]
    for k in range(min(8, len(blocks))):
        lines = clean[k]
        found = _byline(lines) if lines is not None else None
        if not found:
            continue
        assert lines is not None
        line_no, name = found
        title_lines = lines[: line_no - (1 if lines[line_no - 1 if line_no else 0].lower() == "by" else 0)]
        start = k
        while start > 0 and clean[start - 1] is not None and not is_note[start - 1] and k - start < 3:
            start -= 1
        before = [t for c in clean[start:k] for t in (c or [])] + title_lines
        before = [t for t in before if t and not re.fullmatch(r"\[.*\]", t)]
        if not before or not all(_title_line(t) for t in before):
            continue
        end = k + 1
        # an edition line or two right after the byline belongs to the title page
        while (
            end < len(clean)
            and end - k <= 2
            and clean[end] is not None
            and len(clean[end] or []) == 1
            and _title_line((clean[end] or [""])[0])
            and not CONTENTS.match((clean[end] or [""])[0])
            and not is_note[end]
            and end + 1 < len(blocks) + (1 if has_headings else 0)
        ):
            end += 1
        if not meta.title:
            meta.title = before[0]
        if len(before) > 1:
            meta.extra.setdefault("subtitle", " ".join(before[1:]))
        if not meta.authors:
            meta.authors.append(name)
        _record(removed, "structure.title_page", blocks[start:end], source, "title page")
        return blocks[:start] + blocks[end:]
    return None


def opening(blocks: list[Block], draft: Draft, meta: Metadata, removed: Removed, has_headings: bool) -> list[Block]:
    """The blocks before the first heading, with title-page material moved into ``meta``: a title page,
    then the book's title repeated as a line of its own, else a bare title line."""
    source = Source(draft)
    left = _title_page(blocks, source, meta, removed, has_headings)
    if left is not None:
        blocks = left
    known = {norm(t) for t in (meta.title, draft.part_title) if t} - {""}
    for k, block in enumerate(blocks[:6]):
        lines = source.raw(block)
        if known and lines and len(lines) == 1 and len(lines[0]) <= 300 and norm(source.clean(lines[0])) in known:
            _record(removed, "structure.duplicate_title", [block], source, "title")
            return blocks[:k] + blocks[k + 1 :]
    # a bare title line before the first heading (notes may come first)
    if has_headings and not known:
        for k, block in enumerate(blocks[:4]):
            if isinstance(block, AuthorNote):
                continue
            lines = source.raw(block)
            text = source.clean(lines[0]) if lines and len(lines) == 1 and len(lines[0]) <= 80 else ""
            if text and _title_line(text) and not text.endswith((".", "!", "?", "…")):
                meta.title = text
                _record(removed, "structure.title_line", [block], source, "title")
                return blocks[:k] + blocks[k + 1 :]
            break
    return blocks
