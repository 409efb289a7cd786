"""The floor: the least a converter on fic2epub's stack does, to measure fic2epub against.

    python benchmarks/floor.py convert story.txt -o story.epub
    python benchmarks/floor.py version

A typer app with two commands (so that ``convert`` is a subcommand, as in fic2epub) that imports
ebooklib inside the command, reads UTF-8, splits blank-line paragraphs, finds ``Chapter N`` lines
with one regex, escapes the text, and writes the chapters, nav and NCX with ebooklib. No site
recognition, no typography, no cover, no checks: what is left is the cost of Python, typer, ebooklib,
lxml and zlib, the floor under any converter built on them. Run it in the same environment as
fic2epub (``benchmarks/run.py`` does), so that every figure is a ratio measured in one run.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(add_completion=False, rich_markup_mode=None, pretty_exceptions_enable=False)

CHAPTER = re.compile(r"^chapter\s+\d+\b.*$", re.IGNORECASE | re.MULTILINE)


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo("floor 1")


@app.command()
def convert(
    source: Annotated[Path, typer.Argument()],
    output: Annotated[Path, typer.Option("-o", "--output")],
) -> None:
    """Convert a blank-line text file to EPUB, a chapter at each ``Chapter N`` line."""
    from ebooklib import epub

    text = source.read_text(encoding="utf-8").replace("\r\n", "\n")
    starts = [m.start() for m in CHAPTER.finditer(text)]
    bounds = [0, *starts] if not starts or starts[0] else starts
    pieces = [text[a:b] for a, b in zip(bounds, [*bounds[1:], len(text)])]
    book = epub.EpubBook()
    book.set_identifier("floor")
    book.set_title(source.stem)
    book.set_language("en")
    chapters = []
    for n, piece in enumerate(pieces, 1):
        paragraphs = [" ".join(p.split()) for p in piece.split("\n\n") if p.strip()]
        if not paragraphs:
            continue
        title = paragraphs[0] if CHAPTER.match(paragraphs[0]) else f"Chapter {n}"
        body = "".join(f"<p>{escape(p, quote=False)}</p>\n" for p in paragraphs)
        item = epub.EpubHtml(title=title, file_name=f"chapter{n:03d}.xhtml", lang="en")
        item.content = f"<h1>{escape(title, quote=False)}</h1>\n{body}"
        book.add_item(item)
        chapters.append(item)
    book.toc = chapters
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = ["nav", *chapters]
    epub.write_epub(str(output), book, {"raise_exceptions": True})


if __name__ == "__main__":
    app()
