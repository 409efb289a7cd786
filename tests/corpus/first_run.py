"""Measure fic2epub against the expectations written for the project's corpus before conversion
(``expectations.toml``), file by file and expectation by expectation, and print a Markdown report.

    python tests/corpus/first_run.py            # every file
    python tests/corpus/first_run.py --held-out # only the held-out third

Each expectation is one check: the site's name, the title, the authors, the language, the chapter
count, each chapter title, the scene breaks, the author's notes, the first and last words of the
story, each kept string, each chrome string, each metadata field. Text is compared with quotes,
dashes, spaces and width made plain (typography is not what is checked).
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
import unicodedata
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from fic2epub import Options, convert  # noqa: E402
from fic2epub.model import AuthorNote, Heading, Paragraph, Quote, SceneBreak, iter_paragraphs  # noqa: E402


def flat(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    text = re.sub(r"[‘’`´]", "'", re.sub(r"[“”«»„]", '"', text))
    text = re.sub(r"\s*[—–―]\s*|\s*--\s*", " - ", text)
    text = text.replace("…", "...")
    return " ".join(text.split()).casefold()


def story_blocks(book, front: bool = True):
    """(paragraph text, is a note or a chapter's epigraph) in reading order, over the chapters (``front``: and the front matter
    before them, a dedication or a preface)."""
    out = []
    for chapter in book.chapters:
        if not front and getattr(chapter, "kind", "chapter") != "chapter":
            continue
        for block in chapter.blocks:
            if isinstance(block, AuthorNote):
                out.extend((p.text, True) for p in block.paragraphs)
            elif isinstance(block, Quote) and block.kind == "epigraph":  # set apart, as a note is
                out.extend((p.text, True) for p in iter_paragraphs(block.blocks))
            elif isinstance(block, Paragraph):
                out.append((block.text, False))
            elif isinstance(block, Heading):
                out.append((block.text, False))
            elif not isinstance(block, SceneBreak):
                out.extend((p.text, False) for p in iter_paragraphs([block]))
    return out


def checks(case: dict, book) -> list[tuple[str, bool, str]]:
    """(expectation, passed, what was found) for every expectation of ``case``."""
    meta = book.metadata
    body = [c for c in book.chapters if getattr(c, "kind", "chapter") == "chapter"]
    blocks = story_blocks(book)
    text = flat(" ".join(t for t, _ in blocks) + " " + " ".join(c.title or "" for c in book.chapters))
    story = [t for t, note in blocks if not note]
    out: list[tuple[str, bool, str]] = []

    def check(name: str, ok: bool, found: object) -> None:
        out.append((name, bool(ok), str(found)[:120]))

    if "site" in case:
        check("site", flat(case["site"]) == flat(meta.site or ""), meta.site)
    if "title" in case:  # (a chapter file alone may not show its book's title or author)
        check("title", flat(case["title"]) == flat(meta.title or ""), meta.title)
    if "authors" in case:
        check("authors", [flat(a) for a in case["authors"]] == [flat(a) for a in meta.authors], meta.authors)
    if "language" in case:
        check("language", (meta.language or "").split("-")[0] == case["language"].split("-")[0], meta.language)
    if "chapter_count" in case:
        check("chapter_count", len(body) == case["chapter_count"], len(body))
    for k, title in enumerate(case.get("chapters", [])):
        found = body[k].title if k < len(body) else None
        check(f"chapter {k + 1} title", flat(title) == flat(found or ""), found)
    if "breaks" in case:
        breaks = sum(isinstance(b, SceneBreak) for c in book.chapters for b in c.blocks)
        check("breaks", breaks == case["breaks"], breaks)
    if "notes" in case:
        notes = sum(isinstance(b, AuthorNote) for c in book.chapters for b in c.blocks)
        check("notes", notes == case["notes"], notes)
    if case.get("first_words"):  # the first chapter's first words: front matter is no chapter
        head = flat(" ".join([t for t, note in story_blocks(book, front=False) if not note][:2]))
        check("first_words", flat(case["first_words"]) in head, story[:1])
    if case.get("last_words"):
        tail = flat(" ".join(t for t, _ in blocks[-2:]))
        tail_story = flat(" ".join(story[-2:]))
        want = flat(case["last_words"])
        check("last_words", want in tail or want in tail_story, blocks[-1:])
    for kept in case.get("kept", []):
        check(f"kept {kept[:40]!r}", flat(kept) in text, "")
    for chrome in case.get("chrome", []):
        check(f"chrome {chrome[:40]!r}", flat(chrome) not in text, "")
    for field, want in case.get("metadata", {}).items():
        check(f"metadata {field}", _field(meta, field, want), _shown(meta, field))
    return out


def _shown(meta, field: str) -> object:
    if field == "words":
        return meta.stats.get("words")
    if field == "url":
        return meta.source_url
    return getattr(meta, field, None) or meta.extra.get(field)


def _field(meta, field: str, want) -> bool:
    if field == "words":
        return re.sub(r"\D", "", str(meta.stats.get("words", ""))) == str(want)
    if field == "url":
        return (meta.source_url or "").rstrip("/") == want.rstrip("/")
    if field == "summary":
        return flat(want) in flat(meta.summary or "")
    if field == "published":
        return (meta.published or "").startswith(want)
    if field in ("status", "rating"):
        return flat(want) in flat(getattr(meta, field) or "")
    if isinstance(want, list):
        have = {flat(t) for t in [*meta.tags, *meta.fandoms, *meta.relationships, *meta.characters, *meta.warnings]}
        return all(flat(w) in have for w in want)
    return flat(str(want)) == flat(str(getattr(meta, field, None) or meta.extra.get(field, "")))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--held-out", action="store_true", help="only the files marked held_out")
    parser.add_argument("--tuning", action="store_true", help="only the files not held out")
    parser.add_argument("--failures", action="store_true", help="list each failed expectation")
    args = parser.parse_args()
    cases = tomllib.loads((HERE / "expectations.toml").read_text(encoding="utf-8"))
    total = passed = 0
    rows = []
    failures = []
    for path, case in cases.items():
        if (args.held_out and not case.get("held_out")) or (args.tuning and case.get("held_out")):
            continue
        data = (HERE / path).read_bytes()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                book = convert(data, Options(source_name=Path(path).name, make_cover=False)).book
                results = checks(case, book)
            except Exception as err:  # a refusal fails every expectation of the file
                results = [("converts", False, f"{type(err).__name__}: {err}")]
        good = sum(ok for _, ok, _ in results)
        total += len(results)
        passed += good
        rows.append(f"| {path} | {'yes' if case.get('held_out') else ''} | {good}/{len(results)} |")
        failures.extend(f"- {path}: {name} (found: {found})" for name, ok, found in results if not ok)
    print("| file | held out | expectations met |\n|---|---|---|")
    print("\n".join(rows))
    print(f"\n**{passed}/{total} expectations met ({100 * passed / max(total, 1):.1f}%)**")
    if args.failures and failures:
        print("\nNot met:\n" + "\n".join(failures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
