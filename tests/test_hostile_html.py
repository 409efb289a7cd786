"""Hostile and broken HTML: each page converts safely or fails with a clean Fic2EpubError, and nothing
script-like reaches the EPUB."""

from __future__ import annotations

import io
import re
import time
import zipfile
from functools import cache

import pytest

from fic2epub import Options, convert, html_input
from fic2epub.errors import Fic2EpubError
from fic2epub.model import book_text

from conftest import epubcheck_messages

STORY = "<p>Once upon a time there was a <i>brave</i> girl who walked far.</p>"


def page(body: str) -> str:
    return f"<html><head><title>A story</title></head><body>{body}</body></html>"


#: name -> (page, words that must reach the book)
CASES = {
    "script": (
        page(
            "<script>alert('x')</script>" + STORY + "<script src='evil.js'></script>"
            "<noscript><p>enable scripts</p></noscript>"
        ),
        ["brave girl"],
    ),
    "event handlers": (
        page('<img src=x onerror="alert(1)">' + STORY + "<p onclick='steal()' onmouseover=\"x()\">Click me</p>"),
        ["brave girl", "Click me"],
    ),
    "javascript links": (
        page(STORY + "<p><a href=\"javascript:alert(1)\">a link</a> and <a href=' JAVASCRIPT:evil()'>more</a></p>"),
        ["a link and more"],
    ),
    "svg with script": (
        page("<svg onload='x()'><script>alert(1)</script><text>svgtext</text></svg>" + STORY),
        ["brave girl"],
    ),
    "iframe object embed form": (
        page(
            "<iframe src='https://evil'></iframe><object data='x.swf'>obj</object>"
            "<embed src='x.swf'><form action='/steal'><input value='pw'></form>" + STORY
        ),
        ["brave girl"],
    ),
    "style and css expressions": (
        page(
            "<style>body{background:url(javascript:x)}</style>"
            "<p style='width:expression(alert(1))'>Styled words</p>" + STORY
        ),
        ["Styled words"],
    ),
    "1000 nested divs": (page("<div>" * 1000 + STORY + "</div>" * 1000), ["brave girl"]),
    "1000 nested inline": (
        page("<p>" + "<span><i>" * 1000 + "deep words here" + "</i></span>" * 1000 + "</p>" + STORY),
        ["deep words here", "brave girl"],
    ),
    "1000 nested quotes": (
        page("<blockquote>" * 1000 + "quoted words" + "</blockquote>" * 1000 + STORY),
        ["quoted words", "brave girl"],
    ),
    "1000 nested lists": (
        page("<ul><li>" * 1000 + "listed words" + "</li></ul>" * 1000 + STORY),
        ["listed words", "brave girl"],
    ),
    "unclosed tags": (
        "<html><body><p>First <i>para <b>bold" + STORY + "<div><p>more text <table><tr><td>cell",
        ["First para bold", "more text", "cell"],
    ),
    "invalid entities": (
        page(
            "<p>Bad &notanentity; &#xFFFFFFFF; &#0; &#55296; &amp done "
            "&lt;script&gt;alert(1)&lt;/script&gt;</p>" + STORY
        ),
        ["anentity", "done", "brave"],
    ),
    "NUL and control bytes": (
        page("<p>Null\x00byte and \x01\x02 control\x0c chars\x1b</p>" + STORY),
        ["byte and", "control chars"],
    ),
    "comments and CDATA": (
        page("<!-- <script>alert(1)</script> --><p>Visible<![CDATA[ <script> ]]> text</p>" + STORY),
        ["Visible", "text"],
    ),
    "tracking pixel and remote image": (
        page(
            "<img src='https://tracker.example/p.gif' width=1 height=1>"
            "<img src='https://example.com/a.png' alt='remote'>" + STORY
        ),
        ["brave girl"],
    ),
    "path outside the folder": (
        page("<img src='../../../../etc/passwd'><img src='/etc/hostname'><img src='file:///etc/passwd'>" + STORY),
        ["brave girl"],
    ),
}
NAMES = sorted(CASES)


@cache
def outcome(name: str):
    try:
        return convert(CASES[name][0].encode("utf-8", "surrogatepass"), Options(source_name="story.html"))
    except Fic2EpubError as err:
        return err


def epub_text(epub: bytes) -> str:
    archive = zipfile.ZipFile(io.BytesIO(epub))
    return "\n".join(
        archive.read(n).decode("utf-8", "replace")
        for n in archive.namelist()
        if n.endswith((".xhtml", ".opf", ".ncx", ".css"))
    )


#: What no book may contain: script elements, event-handler attributes, script URLs, active content.
SCRIPT_LIKE = re.compile(r"<script|<iframe|<object|<embed|<form|<svg|\son\w+\s*=|javascript:|expression\(", re.I)


@pytest.mark.parametrize("name", NAMES)
def test_converts_safely_or_fails_cleanly(name):
    result = outcome(name)
    if isinstance(result, Fic2EpubError):
        assert str(result) and "\n" not in str(result)
        return
    assert not SCRIPT_LIKE.search(epub_text(result.epub)), SCRIPT_LIKE.search(epub_text(result.epub)).group(0)
    text = " ".join(book_text(result.book).split())
    for words in CASES[name][1]:
        assert words in text, (words, text[:300])
    assert "\x00" not in text and "\x01" not in text


def test_all_hostile_pages_in_one_book_pass_epubcheck():
    """Every case's body in one page, so that EPUBCheck (seconds a book) runs once."""
    bodies = [re.sub(r"(?s).*<body>|</body>.*", "", CASES[name][0]) for name in NAMES]
    result = convert(page("\n".join(bodies)).encode(), Options(source_name="story.html"))
    assert not SCRIPT_LIKE.search(epub_text(result.epub))
    assert epubcheck_messages(result.epub) == []


def test_no_file_outside_the_folder_is_read(tmp_path):
    secret = tmp_path / "secret.png"
    from PIL import Image

    Image.new("RGB", (20, 20), "red").save(secret)
    folder = tmp_path / "story"
    folder.mkdir()
    (folder / "link.png").symlink_to(secret)
    html = page(
        "<img src='../secret.png'><img src='link.png'>"
        f"<img src='{secret}'><img src='file://{secret}'><img src='story/../../secret.png'>" + STORY
    )
    result = convert(html.encode(), Options(source_name="story.html", base_dir=str(folder)))
    assert not [b for c in result.book.chapters for b in c.blocks if type(b).__name__ == "Image"]
    assert any("picture" in w for w in result.warnings)


BIG_PARAGRAPH = (
    "<p>He walked down the long road, thinking about what she had said to him the night before, "
    "and <em>wondered</em> whether any of it was true. </p>\n"
)


def big_page(megabytes: int = 10) -> str:
    count = megabytes * 1_000_000 // len(BIG_PARAGRAPH)
    return "<html><body>" + BIG_PARAGRAPH * count + "<p>The last words.</p></body></html>"


def test_ten_megabyte_page_is_read_in_reasonable_time():
    html = big_page(10)
    started = time.perf_counter()
    page_ = html_input.read_page(html, Options(source_name="big.html"))
    elapsed = time.perf_counter() - started
    paragraphs = page_.parts[0].blocks
    assert len(paragraphs) == html.count("<p>")
    assert paragraphs[-1].text == "The last words."
    assert elapsed < 60, f"reading a 10 MB page took {elapsed:.1f} s"


@pytest.mark.slow
def test_ten_megabyte_page_converts():
    html = big_page(10)
    started = time.perf_counter()
    result = convert(html.encode(), Options(source_name="big.html", language="en"))
    assert time.perf_counter() - started < 180
    assert "The last words." in book_text(result.book)
