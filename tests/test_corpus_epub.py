"""Every corpus book, with and without a cover: EPUBCheck clean, Kindle lint clean, cover and
information page present, language and metadata right. EPUBCheck runs once per book and variant."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from functools import lru_cache

import pytest

from conftest import CORPUS, EpubView, corpus_files, epubcheck_messages
from fic2epub import Options, convert
from fic2epub.kindle import lint

FILES = corpus_files()
IDS = [p.relative_to(CORPUS).as_posix() for p in FILES]


@lru_cache(maxsize=None)
def book(name: str, cover: bool):
    path = CORPUS / name
    return convert(path.read_bytes(), Options(source_name=path.name, make_cover=cover))


@pytest.mark.parametrize("cover", [True, False], ids=["cover", "no-cover"])
@pytest.mark.parametrize("name", IDS)
def test_epubcheck_clean(name, cover):
    assert epubcheck_messages(book(name, cover).epub) == []


@pytest.mark.parametrize("name", IDS)
def test_kindle_lint_clean(name):
    for cover in (True, False):
        assert lint(book(name, cover).epub) == []


@pytest.mark.parametrize("name", IDS)
def test_cover_and_information_page(name):
    result = book(name, True)
    view = EpubView(result.epub)
    manifest = view.manifest()
    assert manifest["cover-image"]["properties"] == "cover-image"
    assert '<meta name="cover" content="cover-image"' in view.opf
    docs = view.spine_documents()
    assert 'epub:type="cover"' in docs[0] and "images/cover.jpg" in docs[0]
    assert 'class="titlepage"' in docs[1]
    meta = result.book.metadata
    title_page = html.unescape(docs[1])
    assert re.search(r"<h1[^>]*>(.*?)</h1>", title_page).group(1) == view.metadata("title")[0] == meta.title
    for author in meta.authors:
        assert author in title_page
    for value in meta.stats.values():
        assert f"<dd>{value}</dd>" in title_page
    without = EpubView(book(name, False).epub)
    assert "cover-image" not in without.manifest()
    assert 'class="titlepage"' in without.spine_documents()[0]


@pytest.mark.parametrize("name", IDS)
def test_language_on_every_document(name):
    view = EpubView(book(name, True).epub)
    (language,) = view.metadata("language")
    assert re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", language)
    for item in view.manifest().values():
        if item["media-type"] == "application/xhtml+xml":
            doc = view.read(view.folder + item["href"])
            assert f'lang="{language}" xml:lang="{language}"' in doc
            assert doc.startswith('<?xml version="1.0" encoding="utf-8"?>')


def test_chinese_book_is_tagged_chinese():
    view = EpubView(book("chinese-webnovel/1qxs-daozhong-ch1-zh.md", True).epub)
    assert view.metadata("language") == ["zh"]


def test_french_book_is_tagged_french():
    view = EpubView(book("fanfictions.fr/crise-naruto-fr-cp1252-crlf.txt", True).epub)
    assert view.metadata("language") == ["fr"]


def test_ao3_metadata_reaches_the_opf():
    """Whatever metadata the AO3 pages yield is in the OPF, read back from the file."""
    for name in ("ao3/ao3-end-notes-chapter-page.html", "ao3/ao3-download-crimson-supernova-ch2.html"):
        result = book(name, True)
        view = EpubView(result.epub)
        meta = result.book.metadata
        assert view.metadata("title") == [meta.title]
        assert view.metadata("creator") == meta.authors
        assert view.metadata("subject") == list(dict.fromkeys([*meta.tags, *meta.fandoms]))
        assert view.metadata("description") == ([meta.summary.strip()] if meta.summary else [])
        assert view.metadata("publisher") == ([meta.site] if meta.site else [])
        assert view.metadata("source") == ([meta.source_url] if meta.source_url else [])


def test_ao3_page_metadata_as_the_corpus_readme_says():
    view = EpubView(book("ao3/ao3-end-notes-chapter-page.html", True).epub)
    assert view.metadata("title") == ["New Day Dawning"]
    assert view.metadata("creator") == ["IncompleteSentanc (Erava)"]
    assert view.metadata("publisher") == ["Archive of Our Own"]
    assert view.metadata("description") and view.metadata("subject")
    page = html.unescape(view.spine_documents()[1])
    for label in ("Rating", "Fandoms", "Relationships", "Characters", "Tags", "Chapters"):
        assert f"<dt>{label}</dt>" in page


@pytest.mark.skipif(not shutil.which("ebook-convert"), reason="calibre is not installed")
def test_calibre_converts_to_azw3_and_reads_metadata(tmp_path):
    source = tmp_path / "book.epub"
    source.write_bytes(convert((CORPUS / "wattpad" / "sterek-goodbye.txt").read_bytes(),
                               Options(source_name="sterek-goodbye.txt", authors=("Jane Smith",),
                                       series="Goodbyes", series_index="2")).epub)
    target = tmp_path / "book.azw3"
    subprocess.run(["ebook-convert", str(source), str(target)], check=True, capture_output=True, timeout=300)
    meta = subprocess.run(["ebook-meta", str(target)], check=True, capture_output=True, text=True, timeout=120).stdout
    assert re.search(r"Title\s*:\s*Sterek \|\| Goodbye", meta)
    assert re.search(r"Author\(s\)\s*:\s*Jane Smith", meta)
    assert re.search(r"Languages\s*:\s*eng", meta)
    meta = subprocess.run(["ebook-meta", str(source)], check=True, capture_output=True, text=True, timeout=120).stdout
    assert re.search(r"Series\s*:\s*Goodbyes #2", meta)
