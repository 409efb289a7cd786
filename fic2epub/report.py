"""What ``fic2epub inspect`` shows: a plain description of one conversion, as data and as text."""

from __future__ import annotations

from dataclasses import asdict

from .model import AuthorNote, Book, Heading, Image, ListBlock, Paragraph, Quote, Removed, SceneBreak, Table

_BLOCK_NAMES = {Paragraph: "paragraphs", SceneBreak: "scene_breaks", AuthorNote: "notes", Heading: "headings",
                Quote: "quotes", ListBlock: "lists", Table: "tables", Image: "images"}


def _shorten(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe(book: Book, removed: Removed, info: dict) -> dict:
    """Everything recognised in one conversion, as JSON-ready data."""
    chapters = []
    for chapter in book.chapters:
        counts: dict[str, int] = {}
        for block in chapter.blocks:
            name = _BLOCK_NAMES.get(type(block), type(block).__name__)
            counts[name] = counts.get(name, 0) + 1
        chapters.append({"title": chapter.title, **counts})
    metadata = {k: v for k, v in asdict(book.metadata).items() if v not in (None, [], {}, "")}
    return {
        "input": info.get("input"),
        "encoding": {"name": info.get("encoding"), "confidence": info.get("encoding_confidence")},
        "site": {"name": info.get("site"), "confidence": info.get("site_confidence"),
                 "evidence": info.get("site_evidence", [])},
        "language": info.get("language"),
        "metadata": metadata,
        "chapters": chapters,
        "removed": [{"rule": r.rule, "line": r.line, "text": r.text} for r in removed.items],
        "warnings": info.get("warnings", []),
    }


def as_text(report: dict) -> str:
    """The report for people: one fact per line."""
    lines = [
        f"input:    {report['input']}, encoding {report['encoding']['name']}"
        f" (confidence {report['encoding']['confidence']:.2f})",
        f"site:     {report['site']['name']} (confidence {report['site']['confidence']:.2f})",
    ]
    language = report.get("language") or {}
    lines.append(f"language: {language.get('tag')} ({language.get('source', '?')})")
    lines.append("metadata:")
    for key, value in report["metadata"].items():
        if isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in value.items())
        elif isinstance(value, list):
            value = ", ".join(value)
        lines.append(f"  {key}: {_shorten(str(value), 200)}")
    lines.append(f"chapters: {len(report['chapters'])}")
    for n, chapter in enumerate(report["chapters"], 1):
        counts = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in chapter.items() if k != "title")
        lines.append(f"  {n:3d}. {chapter['title'] or '(untitled)'} — {counts or 'empty'}")
    lines.append(f"removed: {len(report['removed'])}")
    for item in report["removed"]:
        where = f"line {item['line']}" if item["line"] else "—"
        lines.append(f"  [{item['rule']}] {where}: {_shorten(item['text'])}")
    for warning in report["warnings"]:
        lines.append(f"warning: {warning}")
    return "\n".join(lines)
