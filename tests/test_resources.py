"""Bounded resources: huge inputs finish in time roughly linear in their size, within ten times their
size in memory, and no pattern of ours backtracks into quadratic time on a long line.

The default run uses inputs of a few megabytes and bounds set far above what a linear conversion
needs (they catch a quadratic one, which would take minutes); `--run-slow` converts the sizes
docs/reliability.md promises: 50 MB, a 10 MB line, 100,000 paragraphs, 10,000 chapters, 50,000-deep
nesting.
"""

from __future__ import annotations

import time
import tracemalloc
import warnings

import pytest

from fic2epub import Options, convert, sites
from fic2epub.sites.engine import compile_pattern

from conftest import SAMPLE

PARAGRAPHS = [p for p in SAMPLE.read_text("utf-8").split("\n\n") if len(p) > 200]

#: Long lines that make a careless pattern backtrack: runs of spaces, of one letter, of punctuation.
#: (10,000 characters: a linear pattern reads one in well under a millisecond, a quadratic one takes
#: seconds.)
ADVERSARIAL = [
    "x" + " " * 10_000 + "x",
    "a" * 10_000,
    "- " * 5_000,
    "*" * 10_000,
    "\u4e00" + " " * 10_000 + "\u4e8c",
    "Chapter " * 1_250,
    "<p>" * 3_333,
    "\t" * 10_000 + "end",
    "\n".join(["Title"] + [" " * 40] * 2_000),
]


@pytest.mark.parametrize("profile", sites.all_profiles(), ids=lambda p: p.name)
def test_no_site_pattern_is_quadratic_on_a_long_line(profile):
    patterns = [(r.name, r.pattern, r.flags) for r in profile.rules + (profile.html.chrome if profile.html else ())]
    patterns += [(f"signature {s.why}", s.pattern, s.flags) for s in profile.signatures]
    for name, pattern, flags in patterns:
        compiled = compile_pattern(pattern, flags)
        for line in ADVERSARIAL:
            text = f"Some story text.\n\n{line}\n\nMore story text.\n"
            started = time.perf_counter()
            for _ in compiled.finditer(text):
                pass
            assert time.perf_counter() - started < 0.5, f"{name} is slow on {line[:10]!r}…"


def _convert(data: bytes, name: str):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return convert(data, Options(source_name=name, make_cover=False))


def _measured(data: bytes, name: str) -> tuple[float, int, object]:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result = _convert(data, name)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return time.perf_counter() - started, peak, result


def _inputs(scale: int) -> dict[str, bytes]:
    """Inputs that grow with ``scale`` (1: a few megabytes)."""
    joined = " ".join(PARAGRAPHS)
    return {
        "one-line.txt": ((joined + " ") * (400 * scale)).encode(),
        "paragraphs.txt": "\n\n".join((PARAGRAPHS * (2_000 * scale))[: 5_000 * scale]).encode(),
        "chapters.txt": "\n\n".join(
            f"Chapter {i}\n\n{PARAGRAPHS[i % len(PARAGRAPHS)]}" for i in range(1, 500 * scale + 1)
        ).encode(),
        "nested.html": (
            "<html><body>"
            + "<div>" * (5_000 * scale)
            + "<p>"
            + PARAGRAPHS[0]
            + "</p>"
            + "</div>" * (5_000 * scale)
            + "</body></html>"
        ).encode(),
        "long-attribute.html": (
            "<html><body><p title='" + " " * (40_000 * scale) + "'>" + PARAGRAPHS[0] + "</p></body></html>"
        ).encode(),
        "cjk-spaces.md": (
            "第一章 开始\n\n" + "他走进了房间" + " " * (100_000 * scale) + "看见桌子上放着一封信。\n"
        ).encode(),
    }


@pytest.mark.parametrize("name", sorted(_inputs(1)))
def test_large_inputs_convert_within_bounds(name):
    data = _inputs(1)[name]
    seconds, peak, result = _measured(data, name)
    assert result.book.chapters  # a book, every chapter in it
    # linear work is about 1-2 s a megabyte here; a quadratic step takes minutes
    assert seconds < 30 + 10 * len(data) / 1e6, f"{name}: {seconds:.1f} s for {len(data) / 1e6:.1f} MB"
    assert peak < max(10 * len(data), 60_000_000), f"{name}: {peak / 1e6:.0f} MB for {len(data) / 1e6:.1f} MB"


def test_the_story_of_a_huge_line_is_set_as_paragraphs_of_readable_size():
    data = _inputs(1)["one-line.txt"]
    epub = _convert(data, "line.txt").epub
    import io
    import re
    import zipfile

    with zipfile.ZipFile(io.BytesIO(epub)) as archive:
        chapters = [archive.read(n) for n in archive.namelist() if "chapter" in n]
    assert len(chapters) > 1 and max(len(c) for c in chapters) < 400_000  # split into files of a readable size
    longest = max(len(p) for c in chapters for p in re.findall(rb"<p>(.*?)</p>", c, re.S))
    assert longest < 25_000


def test_chapter_count_scales():
    data = _inputs(1)["chapters.txt"]
    result = _convert(data, "chapters.txt")
    assert len(result.book.chapters) == 500


@pytest.mark.slow
@pytest.mark.parametrize(
    "name, data",
    [
        ("fifty-megabytes.txt", "\n\n".join((PARAGRAPHS * 60_000)[:100_000]).encode() * 1),
        ("ten-megabyte-line.txt", ((" ".join(PARAGRAPHS) + " ") * 4_000).encode()),
        (
            "ten-thousand-chapters.txt",
            "\n\n".join(f"Chapter {i}\n\n{PARAGRAPHS[i % len(PARAGRAPHS)]}" for i in range(1, 10_001)).encode(),
        ),
        (
            "fifty-thousand-deep.html",
            (
                "<html><body>"
                + "<div>" * 50_000
                + "<p>"
                + PARAGRAPHS[0]
                + "</p>"
                + "</div>" * 50_000
                + "</body></html>"
            ).encode(),
        ),
    ],
    ids=["50MB", "10MB-line", "10k-chapters", "50k-deep"],
)
def test_the_documented_sizes(name, data):
    seconds, peak, result = _measured(data, name)
    assert result.book.chapters
    assert seconds < 30 + 10 * len(data) / 1e6
    assert peak < max(10 * len(data), 60_000_000)
