"""What a conversion found and did, as a typed value (``Report``), and the ``inspect`` views of it.

``describe`` gives the JSON shape ``fic2epub inspect --json`` prints; ``as_text`` the view for people.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

from .model import AuthorNote, Book, Heading, Image, ListBlock, Paragraph, Quote, Removed, SceneBreak, Table


@dataclass(frozen=True)
class EncodingReport:
    name: str
    confidence: float
    method: str  # bom, nul-pattern, utf-8, declared, mixed-utf-8, detected, fallback, forced
    changes: tuple[str, ...] = ()  # what reading changed besides decoding


@dataclass(frozen=True)
class SiteReport:
    name: str  # the profile used
    label: str
    confidence: float
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class LanguageReport:
    tag: str
    source: Literal["option", "site", "detected"]
    confidence: float | None = None


@dataclass
class Report:
    """Everything ``inspect`` shows about one conversion, besides the book and its removals."""

    input: Literal["text", "html"]
    encoding: EncodingReport
    site: SiteReport
    language: LanguageReport
    cover: Literal["reader", "generated", "none"] = "none"
    kindle: list[str] = field(default_factory=list)  # Send-to-Kindle problems found in the finished book
    warnings: list[str] = field(default_factory=list)
    #: how a saved page was read: where the story was found, where each metadata value came from
    page: tuple[str, ...] = ()


_BLOCK_NAMES = {
    Paragraph: "paragraphs",
    SceneBreak: "scene_breaks",
    AuthorNote: "notes",
    Heading: "headings",
    Quote: "quotes",
    ListBlock: "lists",
    Table: "tables",
    Image: "images",
}


def _shorten(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe(book: Book, removed: Removed, report: Report) -> dict:
    """Everything recognised in one conversion, as JSON-ready data."""
    chapters = []
    for chapter in book.chapters:
        counts: dict[str, int] = {}
        for block in chapter.blocks:
            name = _BLOCK_NAMES.get(type(block), type(block).__name__)
            counts[name] = counts.get(name, 0) + 1
        chapters.append({"title": chapter.title, **counts})
    metadata = {k: v for k, v in asdict(book.metadata).items() if v not in (None, [], {}, "")}
    language = {k: v for k, v in asdict(report.language).items() if v is not None}
    return {
        "input": report.input,
        "encoding": {"name": report.encoding.name, "confidence": report.encoding.confidence},
        "site": {
            "name": report.site.name,
            "confidence": report.site.confidence,
            "evidence": list(report.site.evidence),
        },
        "language": language,
        "metadata": metadata,
        "chapters": chapters,
        "removed": [
            {
                "rule": r.rule,
                "line": r.line,
                "text": r.text,
                **({"where": r.where} if r.where else {}),
                **({"moved": r.moved} if r.moved else {}),
            }
            for r in removed.items
        ],
        "warnings": list(report.warnings),
        **({"page": list(report.page)} if report.page else {}),
    }


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 scene break``, ``2 scene breaks``."""
    return f"{count} {word if count == 1 else many or word + 's'}"


#: How block counts read in the text view (singular, plural).
_COUNT_WORDS = {
    "paragraphs": ("paragraph", "paragraphs"),
    "scene_breaks": ("scene break", "scene breaks"),
    "notes": ("note", "notes"),
    "headings": ("heading", "headings"),
    "quotes": ("quote", "quotes"),
    "lists": ("list", "lists"),
    "tables": ("table", "tables"),
    "images": ("image", "images"),
}


def _where(item: dict) -> str:
    return f"line {item['line']}" if item.get("line") else item.get("where") or "—"


def as_text(data: dict) -> str:
    """The report for people: one fact per line."""
    lines = [
        f"input:    {data['input']}, encoding {data['encoding']['name']}"
        f" (confidence {data['encoding']['confidence']:.2f})",
        f"site:     {data['site']['name']} (confidence {data['site']['confidence']:.2f})",
    ]
    lines.extend(f"  evidence: {evidence}" for evidence in data["site"].get("evidence", []))
    lines.extend(f"  page: {fact}" for fact in data.get("page", []))
    language = data.get("language") or {}
    lines.append(f"language: {language.get('tag')} ({language.get('source', '?')})")
    lines.append("metadata:")
    for key, value in data["metadata"].items():
        if isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in value.items())
        elif isinstance(value, list):
            value = ", ".join(value)
        lines.append(f"  {key}: {_shorten(str(value), 200)}")
    lines.append(f"chapters: {len(data['chapters'])}")
    for n, chapter in enumerate(data["chapters"], 1):
        counts = ", ".join(plural(v, *_COUNT_WORDS.get(k, (k, k))) for k, v in chapter.items() if k != "title")
        lines.append(f"  {n:3d}. {chapter['title'] or '(untitled)'} — {counts or 'empty'}")
    moved = [item for item in data["removed"] if item.get("moved")]
    chrome = [item for item in data["removed"] if not item.get("moved")]
    lines.append(f"moved into the metadata: {len(moved)}")
    lines.extend(f"  [{item['rule']} -> {item['moved']}] {_where(item)}: {_shorten(item['text'])}" for item in moved)
    lines.append(f"removed as chrome: {len(chrome)}")
    lines.extend(f"  [{item['rule']}] {_where(item)}: {_shorten(item['text'])}" for item in chrome)
    lines.extend(f"warning: {warning}" for warning in data["warnings"])
    return "\n".join(lines)
