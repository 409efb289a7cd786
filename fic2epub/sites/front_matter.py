"""Front matter: a YAML (``---``) or TOML (``+++``) block at the top of a file, as static-site
generators (Jekyll, Hugo, 11ty) and fic archives built on them write before a story's Markdown or HTML.

The block is the story's own metadata, so its values win over what a site's chrome says. Each key goes
to the Metadata field ``KEYS`` names (unknown keys to ``extra``); the keys themselves, comments and
quoting are recorded as removed, each value as moved into its field. ``start_note`` / ``end_note``
(and the like) are the author's notes: they become notes at the story's start and end.

The block is blanked out line for line (not cut), so the rest of the text keeps its line numbers.
YAML is read by a small reader of the shapes front matter takes (``key: value``, quoted values over
several lines, ``[a, b]`` lists, ``- item`` lists, ``|``/``>`` blocks); TOML by ``tomllib``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Removal

#: Front-matter keys (lower case, ``-`` and spaces as ``_``) -> Metadata field (as ``Rule.capture``).
KEYS: dict[str, str] = {
    "title": "title",
    "name": "title",
    "author": "authors",
    "authors": "authors",
    "creator": "authors",
    "creators": "authors",
    "byline": "authors",
    "writer": "authors",
    "summary": "summary",
    "description": "summary",
    "excerpt": "summary",
    "abstract": "summary",
    "blurb": "summary",
    "tags": "tags",
    "keywords": "tags",
    "genre": "tags",
    "genres": "tags",
    "additional_tags": "tags",
    "freeform": "tags",
    "fandom": "fandoms",
    "fandoms": "fandoms",
    "characters": "characters",
    "relationships": "relationships",
    "pairings": "relationships",
    "ships": "relationships",
    "rating": "rating",
    "content_rating": "rating",
    "warnings": "warnings",
    "warning": "warnings",
    "content_warning": "warnings",
    "content_warnings": "warnings",
    "archive_warnings": "warnings",
    "status": "status",
    "date_published": "published",
    "published": "published",
    "publish_date": "published",
    "pubdate": "published",
    "date_updated": "updated",
    "updated": "updated",
    "lastmod": "updated",
    "last_modified": "updated",
    "language": "language",
    "lang": "language",
    "series": "series",
    "series_index": "series_index",
    "series_part": "series_index",
    "word_count": "stats.words",
    "words": "stats.words",
    "wordcount": "stats.words",
    "chapters": "stats.chapters",
    "chapter_count": "stats.chapters",
    "ao3_link": "source_url",
    "url": "source_url",
    "link": "source_url",
    "source": "source_url",
    "source_url": "source_url",
    "canonical": "source_url",
    "permalink": "source_url",
    "chapter_title": "part_title",
    "category": "extra.category",
    "categories": "extra.category",
    "chapter_no": "extra.chapter",
    "chapter": "extra.chapter",
}
#: Keys whose value is the author's note before or after the story.
NOTES = {
    "start_note": "note",
    "notes": "note",
    "note": "note",
    "author_note": "note",
    "authors_note": "note",
    "a_n": "note",
    "end_note": "endnote",
    "end_notes": "endnote",
    "endnote": "endnote",
    "afterword": "endnote",
}
#: ``date`` is the publication date, unless the block also has one (then it is the update's).
_DATE = "date"

_OPEN = re.compile(r"\A(?:\ufeff)?[ \t]*(---|\+\+\+)[ \t]*\n")


@dataclass
class FrontMatter:
    """What a front-matter block held: (field, value) pairs in order, notes, and what was removed."""

    values: list[tuple[str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (kind, text as written: may be HTML)
    removals: list[Removal] = field(default_factory=list)


def split(text: str) -> tuple[str, FrontMatter | None]:
    """``text`` with its front-matter block blanked out (line for line), and what the block held."""
    found = _OPEN.match(text)
    if not found:
        return text, None
    fence = found.group(1)
    close = re.compile(rf"^[ \t]*{re.escape(fence)}[ \t]*$", re.M)
    end = close.search(text, found.end())
    if end is None or text.count("\n", 0, end.start()) > 400:
        return text, None
    body = text[found.end() : end.start()]
    pairs = _toml(body) if fence == "+++" else _yaml(body)
    if pairs is None or not pairs:
        return text, None
    matter = _matter(pairs, body, first_line=text.count("\n", 0, found.end()) + 1)
    if not matter.values and not matter.notes:
        return text, None
    block_end = end.end()
    blank = "\n" * text.count("\n", 0, block_end)
    return blank + text[block_end:], matter


def _matter(pairs: list[tuple[str, object, int, str, str]], body: str, first_line: int) -> FrontMatter:
    matter = FrontMatter()
    keys = {_key(k) for k, *_ in pairs}
    for key, value, line, raw, last in pairs:
        name = _key(key)
        target = KEYS.get(name)
        if name == _DATE:
            target = "updated" if keys & {"date_published", "published", "publish_date", "pubdate"} else "published"
        values = value if isinstance(value, list) else [value]
        items: list[str] = [str(v) if name in NOTES else " ".join(str(v).split()) for v in values]
        items = [v for v in items if v.strip()]
        where = first_line + line
        if name in NOTES:
            for item in items:
                matter.notes.append((NOTES[name], item))
                plain = "\n".join(p.text for p in note_paragraphs(item))
                matter.removals.append(Removal("generic.front_matter", plain, where, moved="notes"))
        elif items:
            target = target or f"extra.{name}"
            for item in items:
                matter.values.append((target, item))
                matter.removals.append(Removal("generic.front_matter", item, where, moved=target))
        label = raw.split(":", 1)[0] if ":" in raw else raw
        comment = _comment(raw) or _comment(last)
        chrome = " ".join(p for p in (label.strip(), comment) if p)
        if chrome:
            matter.removals.append(Removal("generic.front_matter", chrome, where))
    return matter


def _key(key: str) -> str:
    return re.sub(r"[\s-]+", "_", key.strip().lower())


def _comment(raw: str) -> str:
    """A trailing ``# comment`` outside quotes."""
    quote = None
    for i, ch in enumerate(raw):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
        elif ch == "#" and (i == 0 or raw[i - 1] in " \t"):
            return raw[i:].strip()
    return ""


# --- the readers ------------------------------------------------------------------------------------


def _toml(body: str) -> list[tuple[str, object, int, str, str]] | None:
    import tomllib

    try:
        data = tomllib.loads(body)
    except tomllib.TOMLDecodeError:
        return None
    lines = body.split("\n")
    out: list[tuple[str, object, int, str, str]] = []
    for key, value in data.items():
        if isinstance(value, dict):
            continue
        line = next((i for i, row in enumerate(lines) if re.match(rf"\s*['\"]?{re.escape(key)}['\"]?\s*=", row)), 0)
        row = lines[line] if lines else ""
        out.append((key, value if isinstance(value, list) else str(value), line, row, row))
    return out


_KEY_LINE = re.compile(r"^(?P<key>[A-Za-z_][\w -]{0,40}?)\s*:(?:[ \t]+(?P<value>.*?))?[ \t]*$")


def _yaml(body: str) -> list[tuple[str, object, int, str, str]] | None:
    """``[(key, value, line index, raw first line)]`` for the top-level keys of a YAML block, or None
    when the block is not YAML of the shapes front matter takes."""
    lines = body.split("\n")
    out: list[tuple[str, object, int, str, str]] = []
    i = 0
    while i < len(lines):
        raw = lines[i]
        if not raw.strip() or raw.lstrip().startswith("#"):
            i += 1
            continue
        found = _KEY_LINE.match(raw)
        if not found or raw[:1].isspace():
            return None
        key, value = found.group("key"), (found.group("value") or "")
        start = i
        i += 1
        if value in ("|", ">", "|-", ">-", "|+", ">+"):
            block = []
            while i < len(lines) and (not lines[i].strip() or lines[i][:1].isspace()):
                block.append(lines[i].strip())
                i += 1
            joiner = "\n" if value.startswith("|") else " "
            out.append((key, joiner.join(block).strip(), start, raw, raw))
            continue
        if not value or value.startswith("#"):
            items = []
            while i < len(lines) and re.match(r"^\s+-\s+|^-\s+", lines[i]):
                items.append(_scalar(re.sub(r"^\s*-\s+", "", lines[i])))
                i += 1
            out.append((key, items, start, raw, raw))
            continue
        if value[0] in "\"'" and not _closed(value):
            quote = value[0]
            parts = [value]
            while i < len(lines):
                parts.append(lines[i])
                i += 1
                if _closed("\n".join(parts), quote):
                    break
            value = "\n".join(parts)
        out.append((key, _value(value), start, raw, lines[i - 1]))
    return out


def _closed(value: str, quote: str | None = None) -> bool:
    quote = quote or value[0]
    rest = value[1:]
    escaped = rest.replace("\\\\", "").replace(f"\\{quote}", "") if quote == '"' else rest.replace("''", "")
    return quote in escaped


def _value(value: str) -> object:
    text = value.strip()
    if text.startswith("[") and "]" in text:
        inner = text[1 : text.rindex("]")]
        return [_scalar(v) for v in _split_flow(inner) if v.strip()]
    return _scalar(text)


def _split_flow(inner: str) -> list[str]:
    parts, quote, current = [], None, []
    for ch in inner:
        if quote:
            current.append(ch)
            if ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
            current.append(ch)
        elif ch == ",":
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def _scalar(text: str) -> str:
    text = text.strip()
    if text[:1] in "\"'":
        quote = text[0]
        end = text.rfind(quote)
        if end > 0:
            inner = text[1:end]
            return inner.replace('\\"', '"').replace("\\n", "\n") if quote == '"' else inner.replace("''", "'")
    comment = _comment(text)
    if comment:
        text = text[: len(text) - len(comment)].rstrip()
    return text


# --- into the Draft ---------------------------------------------------------------------------------


def apply(matter: FrontMatter, draft) -> None:
    """The block's values into ``draft`` (they win over the page's), its notes around the story, its
    removals recorded."""
    from ..model import AuthorNote, Part
    from .fields import set_field

    meta = draft.metadata
    seen: set[str] = set()
    for target, value in matter.values:
        if target not in seen:  # the block's value replaces the page's
            seen.add(target)
            if target.startswith(("stats.", "extra.")):
                getattr(meta, target.split(".")[0]).pop(target[6:], None)
            elif target == "part_title":
                if draft.part_title and draft.part_title.strip() != value.strip():
                    meta.extra.setdefault("page part title", draft.part_title)  # kept, as below
                draft.part_title = None
            elif isinstance(getattr(meta, target, None), list):
                old_items = [item for item in getattr(meta, target) if item.strip()]
                block_items = {v.strip().casefold() for t, v in matter.values if t == target}
                if old_items and {item.strip().casefold() for item in old_items} - block_items:
                    meta.extra.setdefault(f"page {target}", ", ".join(old_items))
                getattr(meta, target).clear()
            elif hasattr(meta, target):
                old = getattr(meta, target)
                if isinstance(old, str) and old.strip() and old.strip() != value.strip():
                    # text the page's rules moved there stays in the book, beside the block's value
                    meta.extra.setdefault(f"page {target}", old)
                setattr(meta, target, None)
        if not set_field(draft, target, value) and target.startswith(("extra.", "stats.")) and value.strip():
            # a list under a key no field knows (``haracters: [a, b]``): every item kept, one value
            store = getattr(meta, target.split(".")[0])
            store[target[6:]] = f"{store[target[6:]]}, {' '.join(value.split())}"
    if not draft.parts:
        draft.parts.append(Part(None, []))
    for kind, text in matter.notes:
        note = AuthorNote(note_paragraphs(text), kind="endnote" if kind == "endnote" else "note")
        if not note.paragraphs:
            continue
        if kind == "endnote":
            draft.parts[-1].blocks.append(note)
        else:
            draft.parts[0].blocks.insert(0, note)
    draft.removed.items[:0] = matter.removals


def note_paragraphs(text: str) -> list:
    """A note's text (plain, or HTML as these blocks often hold) as paragraphs."""
    from ..model import Paragraph

    if "<" in text and ">" in text:
        from ..html_input.sniff import soup
        from ..html_input.walker import squash, text_of

        pieces = re.split(r"(?i)<hr\s*/?>|(?:<br\s*/?>\s*){2,}|</p>\s*<p[^>]*>|\n\s*\n", text)
        texts = [text_of(soup(f"<div>{piece}</div>").body or soup(piece)) for piece in pieces]
        return [Paragraph(squash(t)) for t in texts if t.strip()]
    return [Paragraph(" ".join(p.split())) for p in re.split(r"\n\s*\n", text) if p.strip()]
