"""One book from many files (``--join``), and new chapters added to a book (``--update``).

A join converts each input, in natural order (``ch2`` before ``ch10``), and puts their chapters in
one book: metadata field by field from the first file that has it, or from ``metadata.json`` /
``metadata.toml`` in the inputs' folder, with ``cover.jpg`` / ``cover.png`` there as the cover.
Run again after saving new chapters, it rebuilds the book with the same identifier (e-readers and
calibre see the same book, updated). ``--update BOOK`` reads a book fic2epub made back from its own
EPUB, adds the chapters it does not have yet, keeps its identifier, and says what it added.
"""

from __future__ import annotations

import json
import re
from dataclasses import fields, replace
from pathlib import Path

from .batch import Settings, options_for
from .console import Console, shown
from .errors import Fic2EpubError, InputError, UsageError
from .model import Book, Chapter, Metadata, iter_paragraphs
from .paths import Source, natural_key, read_source, safe_name

#: metadata file keys -> Metadata fields
_KEYS = {
    "title": "title",
    "author": "authors",
    "authors": "authors",
    "summary": "summary",
    "tags": "tags",
    "tag": "tags",
    "series": "series",
    "index": "series_index",
    "series_index": "series_index",
    "language": "language",
    "source_url": "source_url",
    "url": "source_url",
    "site": "site",
    "published": "published",
    "updated": "updated",
    "status": "status",
}


def _folder(sources: list[Source]) -> Path | None:
    """The folder the inputs share, where a metadata file and a cover may be."""
    parents = {s.path.parent.resolve() for s in sources if isinstance(s.path, Path)}
    return parents.pop() if len(parents) == 1 else None


def read_metadata_file(folder: Path | None) -> Metadata | None:
    """``metadata.json`` or ``metadata.toml`` in ``folder`` as Metadata (UsageError if unreadable)."""
    if folder is None:
        return None
    for name in ("metadata.json", "metadata.toml"):
        path = folder / name
        if not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
            if name.endswith(".json"):
                raw = json.loads(text)
            else:
                import tomllib

                raw = tomllib.loads(text)
        except (OSError, ValueError) as err:
            raise UsageError(f"{path}: cannot read ({err})", "join") from None
        if not isinstance(raw, dict):
            raise UsageError(f"{path}: must hold a table of fields", "join")
        meta = Metadata()
        for key, value in raw.items():
            target = _KEYS.get(key.lower())
            if target is None:
                continue
            if target in ("authors", "tags"):
                setattr(meta, target, [str(v) for v in (value if isinstance(value, list) else [value])])
            else:
                setattr(meta, target, str(value))
        return meta
    return None


def _merged(first: Metadata, other: Metadata) -> Metadata:
    """``first`` with every field it lacks taken from ``other``."""
    values = {}
    for f in fields(Metadata):
        mine, theirs = getattr(first, f.name), getattr(other, f.name)
        values[f.name] = mine if mine not in (None, [], {}, "") else theirs
    return Metadata(**values)


def _key(chapter: Chapter) -> tuple[str, str]:
    """A chapter's identity for --update: its title and first words, letters and digits only."""
    words = " ".join(p.text for p in iter_paragraphs(chapter.blocks))[:400]
    return (
        " ".join(re.findall(r"\w+", (chapter.title or "").lower())),
        " ".join(re.findall(r"\w+", words.lower()))[:200],
    )


def _convert_all(sources: list[Source], settings: Settings, console: Console, stdin: bytes | None):
    """Each input's Book (in the given order); the first failure stops the join (one book or none)."""
    from .conversion import build

    books = []
    for source in sources:
        try:
            data = stdin if source.path is None else read_source(source)
            book, removed, report = build(data or b"", options_for(source, settings.options))
        except Fic2EpubError as err:
            console.error(f"{shown(source.shown)}: {err} (no book written)")
            return None, err.exit_code
        for warning in report.warnings:
            console.notice(f"{shown(source.shown)}: warning: {warning}")
        books.append((source, book, report))
    return books, 0


def _real_title(book: Book, source: Source) -> str | None:
    """The title a file itself gives (None when it is only the file's name or Untitled)."""
    from .model import UNTITLED
    from .structure import title_from_name

    title = book.metadata.title
    if not title or title == UNTITLED or (source.path is not None and title == title_from_name(source.path.name)):
        return None
    return title


def run(
    sources: list[Source], settings: Settings, console: Console, update: Path | None, stdin: bytes | None, write_stdout
) -> int:
    """``--join`` (``update`` None) or ``--update``; returns the exit code."""
    from .conversion import make_epub
    from .report import EncodingReport, LanguageReport, Report, SiteReport
    from .structure.identity import identifier, opening_words
    from .writing import write_atomic

    sources = sorted(sources, key=lambda s: natural_key(s.shown))
    folder = _folder(sources)
    target: Path | None
    if update is not None:
        from .epub_input import read_book

        try:
            old = read_book(read_source(Source(str(update), update)))
        except Fic2EpubError as err:
            console.error(f"{shown(str(update))}: {err}")
            return err.exit_code
        target = Path(settings.output) if settings.output else update
    else:
        old = None
        target = _join_target(sources, settings, folder)
        if target is not None and target.exists() and not settings.force and not _inputs_newer(sources, target):
            console.notice(f"{shown(str(target))} is up to date, skipped (--force rebuilds it)")
            console.record({"input": [s.shown for s in sources], "output": str(target), "status": "skipped"})
            return 0
    converted, code = _convert_all(sources, settings, console, stdin)
    if converted is None:
        return code
    _, first_book, first_report = converted[0]

    if old is None:
        meta = read_metadata_file(folder) or Metadata()
        for source, book, _ in converted:
            found = replace(book.metadata, title=_real_title(book, source), identifier=None)
            meta = _merged(meta, found)
        if not meta.title:
            meta.title = folder.name if folder is not None else first_book.metadata.title
        chapters = [chapter for _, book, _ in converted for chapter in book.chapters]
        added = chapters
        meta.identifier = identifier(meta, opening_words(chapters))
    else:
        known = {_key(c) for c in old.chapters}
        added = [c for _, book, _ in converted for c in book.chapters if _key(c) not in known]
        newest = converted[-1][1].metadata
        meta = replace(
            old.metadata,
            updated=newest.updated or old.metadata.updated,
            status=newest.status or old.metadata.status,
            stats=newest.stats or old.metadata.stats,
        )
        chapters = [*old.chapters, *added]
    if settings.options.title:
        meta.title = settings.options.title
    book = Book(meta, chapters)
    cover_options = settings.options
    if folder is not None and settings.options.cover is None and settings.options.make_cover:
        for name in ("cover.jpg", "cover.jpeg", "cover.png"):
            if (folder / name).is_file():
                cover_options = replace(cover_options, cover=(folder / name).read_bytes())
                break
    report = Report(
        first_report.input,
        EncodingReport(first_report.encoding.name, 1.0, "join"),
        SiteReport(first_report.site.name, first_report.site.label, first_report.site.confidence),
        LanguageReport(meta.language or "en", "site"),
    )
    try:
        epub = make_epub(
            book,
            replace(
                cover_options,
                modified=max(o.modified or "" for o in [options_for(s, settings.options) for s in sources]),
            ),
            report,
        )
        if target is None:
            write_stdout(epub)
        else:
            write_atomic(target, epub, tuple(s.path for s in sources if isinstance(s.path, Path)))
    except Fic2EpubError as err:
        console.error(f"{shown(str(target or '-'))}: {err}")
        return err.exit_code
    what = "updated" if old is not None else "converted"
    titles = [c.title or "" for c in added]
    if old is not None:
        console.notice(
            f"{shown(str(target))}: {len(added)} chapter{'s' if len(added) != 1 else ''} added"
            + (
                f" ({', '.join(titles[:5])}{', …' if len(titles) > 5 else ''})"
                if titles
                else " (every chapter of the inputs is in the book already)"
            )
        )
    if target is not None:
        console.path(str(target))
    console.record(
        {
            "input": [s.shown for s in sources],
            "output": str(target) if target else "-",
            "status": what,
            "title": meta.title,
            "authors": meta.authors,
            "chapters": len(chapters),
            "added": titles,
            "identifier": meta.identifier,
            "error": None,
            "exit_code": 0,
        }
    )
    return 0


def _join_target(sources: list[Source], settings: Settings, folder: Path | None) -> Path | None:
    if settings.output == "-":
        return None
    if settings.output is not None and not Path(settings.output).is_dir():
        return Path(settings.output)
    if folder is None:
        raise InputError("the inputs are in several folders: name the book with -o FILE")
    name = safe_name(folder.name or "book")
    where = Path(settings.output) if settings.output else settings.output_dir or folder.parent
    if not isinstance(where, Path):
        raise UsageError("--join and --update write a book to a local file, not a URL")
    return where / name


def _inputs_newer(sources: list[Source], target: Path) -> bool:
    try:
        built = target.stat().st_mtime
        return any(s.path is not None and s.path.stat().st_mtime > built for s in sources) or any(
            (s.path.parent / name).is_file() and (s.path.parent / name).stat().st_mtime > built
            for s in sources[:1]
            if s.path is not None
            for name in ("metadata.json", "metadata.toml", "cover.jpg", "cover.png")
        )
    except OSError:
        return True
