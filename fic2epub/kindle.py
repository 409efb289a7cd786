"""Kindle readiness: a lint of the known reasons Send-to-Kindle rejects or garbles an EPUB.

``lint(epub_bytes)`` returns a list of problems, one line each ([] means none found). It reads the
finished EPUB, so it checks what a reader receives, whoever built it. Checked:

* every XHTML file declares its encoding (``<?xml … encoding="utf-8"?>``): without one Kindle
  assumes ISO-8859-1 and every non-ASCII character comes out as mojibake;
* dc:language is present, well-formed, and a language Amazon lists for Kindle books;
* the table of contents (nav.xhtml and toc.ncx) points at spine documents, in reading order;
* no ``<img>`` without a ``src`` (or with one that is not in the book);
* a declared cover image exists;
* the file is under Send-to-Kindle's 50 MB limit.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from urllib.parse import unquote

from .language import KINDLE_LANGUAGES

#: Send to Kindle refuses files from 50 MB up.
MAX_BYTES = 50 * 1024 * 1024

#: The XML declaration with an explicit UTF-8 encoding, as the first thing in the file.
_DECLARATION = re.compile(rb"^(?:\xef\xbb\xbf)?<\?xml[^>]*\bencoding\s*=\s*[\"']utf-8[\"']", re.I)
#: Well-formed language tag: language, then optional script/region/variant subtags.
_TAG = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$", re.I)

_NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
}


def _resolve(base: str, href: str) -> str:
    """The zip path of ``href`` (fragment dropped) relative to the file at ``base``."""
    path = unquote(href.split("#", 1)[0])
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), path)) if path else base


def _in_reading_order(name: str, targets: list[str], spine: list[str]) -> list[str]:
    problems = [f"{name} points at {t}, which is not in the spine" for t in targets if t not in spine]
    positions = [spine.index(t) for t in targets if t in spine]
    if any(b < a for a, b in zip(positions, positions[1:])):
        problems.append(f"{name} entries are not in reading order")
    return problems


def _language_problems(opf) -> list[str]:
    languages = [(e.text or "").strip() for e in opf.findall(".//dc:language", _NS)]
    if not languages or not languages[0]:
        return ["no dc:language: Send to Kindle rejects books without a language"]
    tag = languages[0]
    if not _TAG.match(tag) or tag.lower().startswith("und"):
        return [f"dc:language {tag!r} is not a valid language tag"]
    if tag.split("-")[0].lower() not in KINDLE_LANGUAGES:
        return [f"dc:language {tag!r} is not a language Amazon lists for Kindle books"]
    return []


def _document_problems(name: str, data: bytes, names: set[str]) -> list[str]:
    from lxml import etree

    problems = []
    if not _DECLARATION.match(data):
        problems.append(f'{name} has no XML declaration with encoding="utf-8" (Kindle would read it as Latin-1)')
    try:
        root = etree.fromstring(data)
    except etree.XMLSyntaxError as err:
        return [*problems, f"{name} is not well-formed XML: {err}"]
    for img in root.iter(f"{{{_NS['x']}}}img"):
        src = (img.get("src") or "").strip()
        if not src:
            problems.append(f"{name} has an <img> without src")
        elif not re.match(r"^[a-z]+:", src) and _resolve(name, src) not in names:
            problems.append(f"{name} has an <img> whose src {src!r} is not in the book")
    return problems


def _toc_problems(zf, opf_path: str, manifest: dict, spine: list[str]) -> list[str]:
    from lxml import etree

    problems = []
    nav = [href for href, _, props in manifest.values() if "nav" in props.split()]
    if not nav:
        problems.append("no nav document")
    else:
        root = etree.fromstring(zf.read(nav[0]))
        tocs = root.xpath("//x:nav[@epub:type='toc']", namespaces=_NS)
        if not tocs:
            problems.append('nav.xhtml has no epub:type="toc" nav')
        else:
            targets = [_resolve(nav[0], a.get("href", "")) for a in tocs[0].iter(f"{{{_NS['x']}}}a")]
            problems += _in_reading_order("the nav table of contents", targets, spine)
    ncx = [href for href, media_type, _ in manifest.values() if media_type == "application/x-dtbncx+xml"]
    if ncx:
        root = etree.fromstring(zf.read(ncx[0]))
        targets = [_resolve(ncx[0], c.get("src", "")) for c in root.iter(f"{{{_NS['ncx']}}}content")]
        problems += _in_reading_order("toc.ncx", targets, spine)
    return problems


def lint(epub: bytes) -> list[str]:
    """Every Send-to-Kindle problem found in ``epub`` (the bytes of a finished book)."""
    from lxml import etree

    problems = []
    if len(epub) >= MAX_BYTES:
        problems.append(f"the book is {len(epub) / 1024 / 1024:.1f} MB; Send to Kindle takes less than 50 MB")
    try:
        zf = zipfile.ZipFile(io.BytesIO(epub))
        container = etree.fromstring(zf.read("META-INF/container.xml"))
        opf_path = container.xpath("//*[local-name()='rootfile']/@full-path")[0]
        opf = etree.fromstring(zf.read(opf_path))
    except (zipfile.BadZipFile, KeyError, IndexError, etree.XMLSyntaxError) as err:
        return [*problems, f"not a readable EPUB: {err}"]
    names = set(zf.namelist())
    manifest = {
        item.get("id"): (
            _resolve(opf_path, item.get("href", "")),
            item.get("media-type", ""),
            item.get("properties", ""),
        )
        for item in opf.findall(".//opf:manifest/opf:item", _NS)
    }
    spine = [manifest[i][0] for i in opf.xpath("//opf:spine/opf:itemref/@idref", namespaces=_NS) if i in manifest]
    problems += _language_problems(opf)
    for href, media_type, _ in manifest.values():
        if media_type == "application/xhtml+xml":
            problems += _document_problems(href, zf.read(href), names) if href in names else [f"{href} is missing"]
    problems += _toc_problems(zf, opf_path, manifest, spine)
    for cover_id in opf.xpath("//opf:metadata/opf:meta[@name='cover']/@content", namespaces=_NS):
        if cover_id not in manifest or not manifest[cover_id][1].startswith("image/"):
            problems.append(f'<meta name="cover"> names {cover_id!r}, which is not an image in the manifest')
    return problems
