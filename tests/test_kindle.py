"""The Send-to-Kindle lint: clean on our books, and it catches each known rejection cause.

Each bad case is the example book with one member edited, so the lint is shown to find exactly the
problem put in. (Every corpus book is linted in test_corpus_epub.py, every built book in test_book.py.)
"""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from fic2epub import Options, convert, kindle
from fic2epub.kindle import lint

from conftest import SAMPLE


@pytest.fixture(scope="module")
def two_chapters() -> bytes:
    text = SAMPLE.read_bytes().replace(b"+++", b"Chapter 2\n\nThe second part begins here.", 1)
    result = convert(b"Chapter 1\n\n" + text, Options(source_name="two.txt", chapter_regex=r"^Chapter \d+$"))
    assert len(result.book.chapters) == 2
    return result.epub


def edited(epub: bytes, name: str, change) -> bytes:
    """``epub`` with member ``name`` (or members matching it) passed through ``change``."""
    src = zipfile.ZipFile(io.BytesIO(epub))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if re.fullmatch(name, info.filename):
                data = change(data)
            dst.writestr(info, data)
    return out.getvalue()


def test_our_books_are_clean(two_chapters):
    assert lint(two_chapters) == []
    assert lint(convert(SAMPLE.read_bytes(), Options(make_cover=False)).epub) == []


def test_missing_encoding_declaration(two_chapters):
    bad = edited(two_chapters, r"OEBPS/chapter001\.xhtml", lambda d: d.split(b"\n", 1)[1])
    assert lint(bad) == [
        'OEBPS/chapter001.xhtml has no XML declaration with encoding="utf-8" (Kindle would read it as Latin-1)'
    ]
    latin = edited(
        two_chapters, r"OEBPS/chapter002\.xhtml", lambda d: d.replace(b'encoding="utf-8"', b'encoding="iso-8859-1"', 1)
    )
    assert len(lint(latin)) == 1 and "chapter002" in lint(latin)[0]


@pytest.mark.parametrize(
    ("tag", "problem"),
    [
        ("und", "not a valid language tag"),
        ("", "no dc:language"),
        ("english!", "not a valid language tag"),
        ("tlh", "not a language Amazon lists"),
    ],
)
def test_bad_language(two_chapters, tag, problem):
    bad = edited(
        two_chapters,
        r"OEBPS/content\.opf",
        lambda d: d.replace(b"<dc:language>en</dc:language>", f"<dc:language>{tag}</dc:language>".encode()),
    )
    (found,) = lint(bad)
    assert problem in found


def test_accepted_languages(two_chapters):
    for tag in ("fr", "zh", "pt-BR", "de-CH", "ja"):
        good = edited(
            two_chapters,
            r"OEBPS/content\.opf",
            lambda d, tag=tag: d.replace(b">en</dc:language>", f">{tag}</dc:language>".encode()),
        )
        assert lint(good) == []


def test_toc_out_of_reading_order(two_chapters):
    def swap(data: bytes) -> bytes:
        return (
            data.replace(b"chapter001.xhtml", b"SWAP")
            .replace(b"chapter002.xhtml", b"chapter001.xhtml")
            .replace(b"SWAP", b"chapter002.xhtml")
        )

    assert lint(edited(two_chapters, r"OEBPS/nav\.xhtml", swap)) == [
        "the nav table of contents entries are not in reading order"
    ]
    assert lint(edited(two_chapters, r"OEBPS/toc\.ncx", swap)) == ["toc.ncx entries are not in reading order"]
    outside = edited(two_chapters, r"OEBPS/toc\.ncx", lambda d: d.replace(b"chapter002.xhtml", b"elsewhere.xhtml"))
    assert lint(outside) == ["toc.ncx points at OEBPS/elsewhere.xhtml, which is not in the spine"]


def test_img_without_src(two_chapters):
    bad = edited(two_chapters, r"OEBPS/chapter001\.xhtml", lambda d: d.replace(b"<p>", b'<p><img alt="x"/>', 1))
    assert lint(bad) == ["OEBPS/chapter001.xhtml has an <img> without src"]
    missing = edited(
        two_chapters, r"OEBPS/chapter001\.xhtml", lambda d: d.replace(b"<p>", b'<p><img src="gone.png" alt="x"/>', 1)
    )
    assert lint(missing) == ["OEBPS/chapter001.xhtml has an <img> whose src 'gone.png' is not in the book"]


def test_cover_meta_must_name_an_image(two_chapters):
    bad = edited(
        two_chapters, r"OEBPS/content\.opf", lambda d: d.replace(b'content="cover-image"', b'content="nothing"')
    )
    assert lint(bad) == ["<meta name=\"cover\"> names 'nothing', which is not an image in the manifest"]


def test_size_limit(two_chapters, monkeypatch):
    monkeypatch.setattr(kindle, "MAX_BYTES", len(two_chapters) - 1)
    (problem,) = lint(two_chapters)
    assert "Send to Kindle takes less than 50 MB" in problem


def test_not_an_epub():
    assert lint(b"PK\x03\x04 nothing")[0].startswith("not a readable EPUB")


def test_lint_problems_become_warnings(two_chapters):
    result = convert(SAMPLE.read_bytes(), Options(language="tlh"))
    assert any(w.startswith("Kindle: dc:language 'tlh'") for w in result.warnings)
    assert result.report.kindle
