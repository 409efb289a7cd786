"""Benchmark inputs built from the shared corpus's real paragraphs (deterministic: same corpus, same files).

* ``novel(words)``: a web novel of about ``words`` words, ``Chapter N`` headings every ~1,600 words
  (a 1,000-chapter novel is 1.6M words), blank-line paragraphs, UTF-8;
* ``stories(n)``: ``n`` Wattpad-size scrapes (a title line, the counters line, 900-1,500 words);
* ``big_page(size)``: an AO3 download page whose chapter text is ``size`` bytes of real paragraphs.

    python benchmarks/inputs.py DIR      # writes them all into DIR, for trying a tool by hand
"""

from __future__ import annotations

import os
import re
import sys
from functools import cache
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("FIC2EPUB_CORPUS") or ROOT.parent / "shared" / "corpus")
#: English prose files of the corpus whose paragraphs make the generated books.
SOURCES = (
    "gutenberg/alice-wonderland-crlf.txt",
    "gutenberg/christmas-carol-latin1-pgheader.txt",
    "gutenberg/great-gatsby-cp1252-roman-headings.txt",
    "fanfiction.net/ffn-crawl-gundam-wing-oneshot.txt",
    "fanfiction-markdown/aci100-fabric-of-fate-pandoc-TRUNCATED.md",
    "wattpad/sterek-goodbye.txt",
    "wattpad/wattpad-crawl-in-too-deep-statsline.txt",
)
CHAPTER_WORDS = 1_600
_HEADING = re.compile(r"^(?:chapter|stave|part|book)\b|^[IVXLC]+\.?$", re.IGNORECASE)


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


@cache
def paragraphs() -> tuple[str, ...]:
    """Prose paragraphs of the corpus (8 to 500 words, no headings or Gutenberg licence), in file order."""
    found: list[str] = []
    for name in SOURCES:
        text = _decode((CORPUS / name).read_bytes()).replace("\r\n", "\n")
        start, end = text.find("*** START OF"), text.find("*** END OF")
        if start >= 0:
            text = text[text.find("\n", start) + 1 : end if end > start else None]
        for block in re.split(r"\n\s*\n", text):
            line = " ".join(block.split())
            words = len(line.split())
            if 8 <= words <= 500 and not _HEADING.match(line) and "gutenberg" not in line.lower():
                found.append(line)
    return tuple(found)


def _take(words: int, offset: int) -> tuple[list[str], int]:
    """Paragraphs from ``offset`` on (cycling) until ``words`` words; and the next offset."""
    pool = paragraphs()
    out, count = [], 0
    while count < words:
        par = pool[offset % len(pool)]
        out.append(par)
        count += len(par.split())
        offset += 1
    return out, offset


def novel(words: int) -> str:
    """A novel of about ``words`` words: a title line, then chapters of ~CHAPTER_WORDS words."""
    parts = [f"The Long Road ({words} words)", ""]
    offset = 0
    for n in range(1, max(1, round(words / CHAPTER_WORDS)) + 1):
        chapter, offset = _take(CHAPTER_WORDS, offset)
        parts += [f"Chapter {n}", "", *(p + "\n" for p in chapter)]
    return "\n".join(parts)


def stories(n: int) -> list[tuple[str, str]]:
    """``n`` Wattpad-shaped scrapes as (file name, text): title, counters line, 900-1,500 words."""
    out, offset = [], 0
    for i in range(n):
        pars, offset = _take(900 + (i * 37) % 600, offset)
        title = " ".join(pars[0].split()[:4]).strip(",.;:!?\"'")
        counters = f"{(i * 13) % 90 + 1}.{i % 10}K {(i * 7) % 900 + 10} {(i * 3) % 90 + 1}"
        text = "\n\n".join([title, counters, *pars]) + "\n"
        out.append((f"story-{i + 1:03d}.txt", text))
    return out


def big_page(size: int) -> str:
    """An AO3 download page (the corpus's own page, its chapter text replaced) of about ``size`` bytes."""
    page = (CORPUS / "ao3" / "ao3-download-crimson-supernova-ch2.html").read_text(encoding="utf-8")
    head, sep, rest = page.partition('<h3 class="landmark heading" id="work">Chapter Text</h3>')
    body, _, tail = rest.partition("</div>")
    pieces, total, i = [], len(head) + len(tail), 0
    pool = paragraphs()
    while total < size:
        piece = f"<p>{escape(pool[i % len(pool)], quote=False)}</p>"
        pieces.append(piece)
        total += len(piece.encode()) + 1
        i += 1
    return f"{head}{sep}\n" + "\n".join(pieces) + f"\n</div>{tail}"


def main() -> int:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "bench-inputs")
    folder.mkdir(parents=True, exist_ok=True)
    for words in (100_000, 400_000, 1_600_000):
        (folder / f"novel-{words // 1000}k.txt").write_text(novel(words), encoding="utf-8")
    (folder / "stories").mkdir(exist_ok=True)
    for name, text in stories(200):
        (folder / "stories" / name).write_text(text, encoding="utf-8")
    (folder / "page-10mb.html").write_text(big_page(10_000_000), encoding="utf-8")
    print(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
