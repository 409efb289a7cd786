"""Build the golden books' inputs (variants of real texts) from the bundled example and the shared
corpus. Run once; the inputs are committed so the golden tests run in a plain clone:

    python tests/golden/make_inputs.py        # needs ../shared/corpus (or FIC2EPUB_CORPUS)

Each input is made of a real text's own paragraphs, in its own words; only the arrangement is
changed (a title and byline line added, chapters reordered, a novel cut after two chapters).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from conftest import CORPUS, SAMPLE  # noqa: E402


def paragraphs(text: str) -> list[str]:
    return [p.strip("\n") for p in re.split(r"\n\s*\n", text) if p.strip()]


def oneshot() -> bytes:
    """The bundled example's story paragraphs as a one-shot that opens with a title and a byline."""
    story = [p for p in paragraphs(SAMPLE.read_text("utf-8")) if len(p.split()) > 8 and not p.startswith("A/N")]
    story = [p for p in story if "Where stories live" not in p]
    return ("Down the Rabbit-Hole\nby Lewis Carroll\n\n" + "\n\n".join(story) + "\n").encode("utf-8")


def out_of_order() -> bytes:
    """Alice's title page and chapters I, III, II, IV (their first paragraphs), concatenated out of
    order as a scraper that appends chapters as they arrive saves them."""
    text = (CORPUS / "gutenberg" / "alice-wonderland-crlf.txt").read_bytes().decode("utf-8").replace("\r\n", "\n")
    starts = [m.start() for m in re.finditer(r"^CHAPTER [IVXL]+\.\n", text, re.M)]
    chapters = [text[a:b] for a, b in zip(starts, starts[1:] + [len(text)])]
    out = ["Alice’s Adventures in Wonderland", "by Lewis Carroll", "THE MILLENNIUM FULCRUM EDITION 3.0"]
    for n in (0, 2, 1, 3):
        pars = paragraphs(chapters[n])
        out.extend([pars[0], *[p for p in pars[1:] if not p.lstrip().startswith("*")][:3]])
    return ("\n\n".join(out) + "\n").encode("utf-8")


def epigraph() -> bytes:
    """The Great Gatsby's opening without Project Gutenberg's header: title page, contents, the
    dedication and the epigraph, and the first paragraphs of chapters I and II."""
    raw = (CORPUS / "gutenberg" / "great-gatsby-cp1252-roman-headings.txt").read_bytes().decode("cp1252")
    text = raw.replace("\r\n", "\n")
    start = text.index("\t\t\t   The Great Gatsby")
    one, two, three = (re.compile(rf"^ +{n}\n", re.M).search(text, start).start() for n in ("I", "II", "III"))
    front = text[start:one].replace("I\nII\nIII\nIV\nV\nVI\nVII\nVIII\nIX", "I\nII")
    chapter_one = paragraphs(text[one:two])[:5]  # the heading and four paragraphs
    chapter_two = paragraphs(text[two:three])[:4]
    body = "\n\n\n".join("\n\n".join(pars) for pars in (chapter_one, chapter_two))
    return (front + body + "\n").encode("utf-8")


def french() -> bytes:
    """Crise (fanfictions.fr, French, cp1252 with CRLF): its note, title line and heading, its first
    paragraphs and its last line, bytes as the site wrote them."""
    data = (CORPUS / "fanfictions.fr" / "crise-naruto-fr-cp1252-crlf.txt").read_bytes()
    lines = data.split(b"\r\n")
    kept, words = [], 0
    for line in lines:  # the opening, up to about 300 words of the story
        kept.append(line)
        words += len(line.split())
        if words > 300 and line.strip():
            break
    last = next(line for line in reversed(lines) if line.strip())  # "Tel est Kiba Inuzuka."
    return b"\r\n".join([*kept, b"", last]) + b"\r\n"


INPUTS = {
    "oneshot-byline.txt": oneshot,
    "out-of-order.txt": out_of_order,
    "great-gatsby-opening.txt": epigraph,
    "crise-excerpt-fr.txt": french,
}

if __name__ == "__main__":
    for name, make in INPUTS.items():
        (HERE / name).write_bytes(make())
        print(name, len((HERE / name).read_bytes()), "bytes")
