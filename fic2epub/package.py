"""Package stage: Book + rendered documents -> EPUB 3 bytes (ebooklib), deterministic.

ebooklib writes the package document (OPF metadata, manifest, spine, EPUB 2 guide) and the zip.
The XHTML files, nav.xhtml and toc.ncx are written here and by ``render`` and handed to ebooklib as
plain items, so ebooklib never re-parses them (its HTML round trip drops or empties content, see
../shared/STYLE.md). Also handled: a fixed ``mtime`` for dcterms:modified, ``epub3_pages`` off, and
the zip re-written with fixed timestamps and ``mimetype`` first and stored.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import zipfile
from collections import OrderedDict
from collections.abc import Callable
from functools import partial

from . import __version__
from .errors import ConversionError
from .language import page_word
from .model import UNTITLED, Book, Metadata
from .render import CSS, Document, Rendered, attr, nav_body, page, text
from .structure.identity import identifier, opening_words

#: The package's generator meta: how ``--update`` knows a book is one of ours.
GENERATOR = f"fic2epub {__version__}"
#: The date written when nothing better is known (bytes given to the library with no date).
FIXED_DATE = "2000-01-01T00:00:00Z"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

#: A W3C date (what EPUBCheck accepts in dc:date): YYYY, YYYY-MM, YYYY-MM-DD, optionally a time.
_W3C_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)?)?$")
#: A personal name calibre can sort as "Last, First": two or three capitalised words, initials allowed
#: (user names such as "IncompleteSentanc (Erava)" or "derekhale_fan" are left as they are).
_PERSONAL_NAME = re.compile(r"^(?:[A-Z][\w'’.-]*\.?\s+){1,2}[A-Z][\w'’-]+$")


def file_as(name: str) -> str | None:
    """``Last, First`` for a personal name; None for user names, where sorting as written is right."""
    if not _PERSONAL_NAME.match(name):
        return None
    first, _, last = name.rpartition(" ")
    return f"{last}, {first.strip()}"


_MODIFIED = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})Z)?")


def _parse_modified(value: str | None) -> _dt.datetime:
    # the two forms of dates we write, without strptime (whose import and format regex take longer
    # than the rest of a short story's packaging)
    fast = _MODIFIED.fullmatch(value or FIXED_DATE)
    if fast:
        year, month, day, hour, minute, second = (int(part or 0) for part in fast.groups())
        try:
            return _dt.datetime(year, month, day, hour, minute, second)
        except ValueError:
            pass
    if value:
        for fmt in ("%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%d"):
            try:
                return _dt.datetime.strptime(value, fmt)
            except ValueError:
                continue
    return _dt.datetime.strptime(FIXED_DATE, "%Y-%m-%dT%H:%M:%SZ")


#: zlib level of the zip's members: 6 (zlib's default) gives books within 0.1% of level 9's size in
#: about 60% of the time (a 1.6M-word novel: ~0.4 s of compression, not ~0.65 s).
ZIP_LEVEL = 6


class _Zip:
    """The book's zip, written once as ebooklib's writer hands it the files (not the zip it would
    write with the wall clock's timestamps, to be read back and written again): ``mimetype`` stored,
    every entry with one fixed timestamp, in the order given.

    ``pages``: member name -> the function that makes its bytes. The XHTML documents are made only
    when their turn comes and are compressed at once, so the book never holds all of them
    uncompressed (ebooklib's package document needs only their names)."""

    def __init__(self, pages: dict[str, Callable[[], bytes]]) -> None:
        self._out = io.BytesIO()
        self._zip = zipfile.ZipFile(self._out, "w")
        self._pages = pages

    def writestr(self, name: str, data: str | bytes, compress_type: int | None = None) -> None:
        make = self._pages.get(name)
        content = make() if make is not None else data.encode("utf-8") if isinstance(data, str) else data
        info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
        info.external_attr = 0o644 << 16
        if name == "mimetype":
            info.compress_type = zipfile.ZIP_STORED
            self._zip.writestr(info, content)
        else:
            info.compress_type = zipfile.ZIP_DEFLATED
            self._zip.writestr(info, content, compresslevel=ZIP_LEVEL)

    def close(self) -> bytes:
        self._zip.close()
        return self._out.getvalue()


def _series_number(value: str | None) -> str | None:
    """The series index as a plain number (EPUB group-position and calibre want one), else None."""
    match = re.fullmatch(r"\s*#?\s*(\d+(?:\.\d+)?)\s*", value or "")
    return match.group(1) if match else None


def _metadata(ebook, meta: Metadata, language: str) -> None:
    """Dublin Core and EPUB 3 / calibre metadata, only what is known."""
    ebook.set_identifier(meta.identifier)
    ebook.set_title(meta.title or UNTITLED)
    ebook.set_language(language)
    for n, author in enumerate(meta.authors, 1):
        uid = f"creator{n:02d}"
        ebook.add_metadata("DC", "creator", author, {"id": uid})
        ebook.add_metadata(
            None,
            "meta",
            "aut",
            OrderedDict([("refines", f"#{uid}"), ("property", "role"), ("scheme", "marc:relators")]),
        )
        sort_name = file_as(author) or (author if author in meta.usernames else None)
        if sort_name:
            ebook.add_metadata(None, "meta", sort_name, OrderedDict([("refines", f"#{uid}"), ("property", "file-as")]))
        user = meta.usernames.get(author)
        if user:  # the account the pen name belongs to (schema.org's alternateName: another name of it)
            ebook.add_metadata(
                None, "meta", user, OrderedDict([("refines", f"#{uid}"), ("property", "schema:alternateName")])
            )
    if meta.summary and meta.summary.strip():
        ebook.add_metadata("DC", "description", meta.summary.strip())
    for subject in dict.fromkeys([*meta.tags, *meta.fandoms]):
        ebook.add_metadata("DC", "subject", subject)
    if meta.site:
        ebook.add_metadata("DC", "publisher", meta.site)
    if meta.source_url:
        ebook.add_metadata("DC", "source", meta.source_url)
    date = meta.published or meta.updated
    if date and _W3C_DATE.match(date):
        ebook.add_metadata("DC", "date", date)
    if meta.series:
        ebook.add_metadata(
            None, "meta", meta.series, OrderedDict([("property", "belongs-to-collection"), ("id", "series")])
        )
        ebook.add_metadata(
            None, "meta", "series", OrderedDict([("refines", "#series"), ("property", "collection-type")])
        )
        number = _series_number(meta.series_index)
        if number:
            ebook.add_metadata(
                None, "meta", number, OrderedDict([("refines", "#series"), ("property", "group-position")])
            )
        ebook.add_metadata(None, "meta", "", OrderedDict([("name", "calibre:series"), ("content", meta.series)]))
        if number:
            ebook.add_metadata(None, "meta", "", OrderedDict([("name", "calibre:series_index"), ("content", number)]))


def ncx(meta: Metadata, toc: list[tuple[str, str]]) -> bytes:
    """toc.ncx for EPUB 2 readers (older Kindles and Kobos read it)."""
    points = "\n".join(
        f'<navPoint id="navpoint{n:03d}" playOrder="{n}"><navLabel><text>{text(label)}</text></navLabel>'
        f'<content src="{attr(href)}"/></navPoint>'
        for n, (label, href) in enumerate(toc, 1)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">\n<head>\n'
        f'<meta name="dtb:uid" content="{attr(meta.identifier or "")}"/>\n<meta name="dtb:depth" content="1"/>\n'
        '<meta name="dtb:totalPageCount" content="0"/>\n<meta name="dtb:maxPageNumber" content="0"/>\n</head>\n'
        f"<docTitle><text>{text(meta.title or UNTITLED)}</text></docTitle>\n<navMap>\n{points}\n</navMap>\n</ncx>\n"
    ).encode()


def _check_well_formed(name: str, data: bytes) -> None:
    """Every file is parsed before it is packed: a broken one is a clean error, not a broken book."""
    from lxml import etree

    try:
        etree.fromstring(data)
    except etree.XMLSyntaxError as err:
        raise ConversionError(f"internal error: {name} is not well-formed XML ({err})") from None


def _item(epub, uid: str, file_name: str, media_type: str, content: bytes, properties: tuple[str, ...] = ()):
    item = epub.EpubItem(uid=uid, file_name=file_name, media_type=media_type, content=content)
    item.properties = list(properties)
    return item


def package(book: Book, documents: Rendered, modified: str | None = None) -> bytes:
    """Build the EPUB 3 file for ``book`` and return its bytes (``book`` is not changed)."""
    epub = _build(book, documents, modified)
    check_package(epub)  # once ebooklib's objects of the book are gone (10,000 chapters: ~10 MB)
    return epub


def _build(book: Book, documents: Rendered, modified: str | None) -> bytes:
    from dataclasses import replace

    from ebooklib import epub

    meta = book.metadata
    language, dir_ = documents.language, documents.direction
    if not meta.identifier:  # a Book a library user built: the structure stage names its books
        meta = replace(meta, identifier=identifier(meta, opening_words(book.chapters)))
    ebook = epub.EpubBook()
    ebook.FOLDER_NAME = "OEBPS"
    # the book says who made it: ``--update`` adds chapters only to books fic2epub made
    ebook.metadata[epub.NAMESPACES["OPF"]]["generator"] = [("", {"name": "generator", "content": GENERATOR})]
    _metadata(ebook, meta, language)
    if dir_ == "rtl":
        ebook.set_direction("rtl")  # page-progression-direction on the spine

    ebook.add_item(_item(epub, "style", "style.css", "text/css", CSS.encode("utf-8")))
    if documents.css:
        ebook.add_item(_item(epub, "user-style", "user.css", "text/css", documents.css.encode("utf-8")))
    for image in [*([documents.cover_image] if documents.cover_image else []), *documents.images]:
        properties = ("cover-image",) if image is documents.cover_image else ()
        ebook.add_item(_item(epub, image.uid, image.file_name, image.media_type, image.data, properties))
    if documents.cover_image:
        # the EPUB 2 cover declaration, which Kindle and older readers use for the thumbnail
        ebook.add_metadata(None, "meta", "", OrderedDict([("name", "cover"), ("content", documents.cover_image.uid)]))

    front = [d for d in (documents.cover, documents.title_page) if d is not None]
    spine_docs: list[Document] = [*front, *documents.chapters]
    items = {}
    pages: dict[str, Callable[[], bytes]] = {}  # made as the zip is written (_Zip)
    for doc in spine_docs:
        uid = doc.file_name.rsplit(".", 1)[0]
        items[doc.file_name] = _item(epub, uid, doc.file_name, "application/xhtml+xml", b"")
        ebook.add_item(items[doc.file_name])
        pages[f"{ebook.FOLDER_NAME}/{doc.file_name}"] = partial(_page, doc, language, dir_, documents.stylesheets)

    toc = [(doc.toc_label, doc.file_name) for doc in documents.chapters if doc.toc_label is not None]
    body = [doc for doc in documents.chapters if not doc.file_name.startswith("front")]
    start = body or documents.chapters or front
    contents = page_word(language, "contents")
    landmarks = [("cover", page_word(language, "cover"), documents.cover.file_name)] if documents.cover else []
    if documents.title_page:
        landmarks.append(("titlepage", page_word(language, "title_page"), documents.title_page.file_name))
    if documents.chapters and documents.chapters[0] is not start[0]:
        landmarks.append(("frontmatter", documents.chapters[0].title, documents.chapters[0].file_name))
    landmarks.append(("bodymatter", page_word(language, "start"), start[0].file_name))
    nav_data = page(contents, nav_body(toc, landmarks, contents), language, dir_, documents.stylesheets)
    _check_well_formed("nav.xhtml", nav_data)
    nav = _item(epub, "nav", "nav.xhtml", "application/xhtml+xml", nav_data, ("nav",))
    ebook.add_item(nav)
    ncx_data = ncx(meta, toc)
    _check_well_formed("toc.ncx", ncx_data)
    ebook.add_item(_item(epub, "ncx", "toc.ncx", "application/x-dtbncx+xml", ncx_data))

    # a visible table of contents only where there is more than one chapter
    ordered = [items[d.file_name] for d in spine_docs]
    n_front = len(front)
    ebook.spine = [*ordered[:n_front], nav, *ordered[n_front:]] if len(toc) > 1 else ordered
    # the EPUB 2 guide names the same places (its types differ from the landmarks' ones)
    guide_types = {"bodymatter": "text", "titlepage": "title-page", "frontmatter": "text"}
    ebook.guide = [
        {"type": guide_types.get(kind, kind), "title": label, "href": href}
        for kind, label, href in landmarks
        if kind != "frontmatter"
    ]
    if len(toc) > 1:
        ebook.guide.insert(-1, {"type": "toc", "title": contents, "href": "nav.xhtml"})

    writer = epub.EpubWriter(
        None,
        ebook,
        {"epub3_pages": False, "epub3_landmark": False, "mtime": _parse_modified(modified), "raise_exceptions": True},
    )
    writer.process()
    members = _Zip(pages)
    try:
        # EpubWriter.write() opens a zip and then writes these, in this order (ebooklib is pinned)
        writer.out = members
        members.writestr("mimetype", "application/epub+zip")
        writer._write_container()
        writer._write_opf()
        writer._write_items()
    except ConversionError:
        raise
    except Exception as err:  # ebooklib raises many kinds; report one clean error
        raise ConversionError(f"could not build the EPUB: {err}") from None
    for item in ebook.items:  # each item points back at the book: let them go now, not at the next GC
        item.book = None
    return members.close()


def _page(doc: Document, language: str, dir_: str, stylesheets: tuple[str, ...]) -> bytes:
    """One XHTML document of the book, checked well-formed."""
    data = page(doc.title, doc.body, language, dir_, stylesheets)
    _check_well_formed(doc.file_name, data)
    return data


#: A character of text outside the tags (what is left of a document without its tags and spaces).
_TEXT = re.compile(rb"(?:^|>)[^<]*?[^<\s]|<[^>]*$")
_OPF_NS = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}


def check_package(epub: bytes) -> None:
    """The finished zip checked before anyone writes it: ``mimetype`` first and stored, the package
    document found, every manifest item present, the spine made of manifest XHTML items, the nav
    declared, title, identifier and language set, and no chapter without text. A failure is a bug
    (ConversionError): a broken book is never written."""
    from lxml import etree

    def fail(why: str) -> None:
        raise ConversionError(f"internal error: the book failed its own check ({why}); please report it")

    archive = zipfile.ZipFile(io.BytesIO(epub))
    infos = archive.infolist()
    if not infos or infos[0].filename != "mimetype" or infos[0].compress_type != zipfile.ZIP_STORED:
        fail("mimetype is not the first, stored member")
    names = {info.filename for info in infos}
    try:
        container = etree.fromstring(archive.read("META-INF/container.xml"))
        opf_path = container.xpath("//*[local-name()='rootfile']/@full-path")[0]
        opf = etree.fromstring(archive.read(opf_path))
    except (KeyError, IndexError, etree.XMLSyntaxError) as err:
        fail(f"no readable package document: {err}")
    folder = opf_path.rpartition("/")[0]
    items = {}
    for item in opf.findall(".//opf:manifest/opf:item", _OPF_NS):
        href = f"{folder}/{item.get('href')}" if folder else item.get("href")
        if href not in names:
            fail(f"{href} is in the manifest but not in the book")
        items[item.get("id")] = (href, item.get("media-type"), item.get("properties") or "")
    spine = opf.xpath("//opf:spine/opf:itemref/@idref", namespaces=_OPF_NS)
    if not spine or any(idref not in items or items[idref][1] != "application/xhtml+xml" for idref in spine):
        fail("the spine names items that are not XHTML documents of the manifest")
    if not any("nav" in props.split() for _, _, props in items.values()):
        fail("no nav document")
    for field in ("title", "identifier", "language"):
        if not (opf.findtext(f".//dc:{field}", namespaces=_OPF_NS) or "").strip():
            fail(f"no dc:{field}")
    for href, _, _ in (items[idref] for idref in spine):
        document = archive.read(href)
        body = document.partition(b"<body")[2]
        if b'epub:type="chapter"' in body and b"<img" not in body and not _TEXT.search(body.partition(b">")[2]):
            fail(f"{href} is a chapter with nothing in it")
