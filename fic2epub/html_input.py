"""HTML input stage: a saved page -> chapters of model blocks, sanitised, its site's chrome taken out.

The page is parsed once (beautifulsoup4 + lxml, in ``soup()``), its site recognised on the raw HTML,
its metadata lifted with the profile's ``HtmlRules``, and the story container walked into
``Paragraph`` (with emphasis ``marks``), ``SceneBreak``, ``Heading``, ``Quote``, ``ListBlock``,
``Table``, ``Image`` and ``AuthorNote`` blocks. The walk keeps an explicit stack, so any nesting
depth is safe. Nothing of the page's markup reaches the book: the blocks are plain data that the
render stage serialises, so scripts, event handlers and links cannot leak. Every element or
paragraph taken out is recorded in ``Removed``.

The only file access is ``read_local_image``: pictures under ``Options.base_dir``, never outside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .errors import InputError
from .model import (
    AuthorNote,
    Book,
    Chapter,
    Heading,
    Image,
    ListBlock,
    Mark,
    Metadata,
    Paragraph,
    Quote,
    Removed,
    SceneBreak,
    Table,
    iter_paragraphs,
)
from .options import Options

#: A page starts with a prolog, a doctype or a top-level element (comments before it are allowed).
_HTML_START = re.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|p\b|div\b)", re.I | re.S
)
#: Closing tags of block elements: a text holding many of them is HTML whatever its name says.
_BLOCK_CLOSE = re.compile(r"</(?:p|div|li|h[1-6]|blockquote|td|tr)\s*>", re.I)
#: A single-file web page (MHTML) starts with MIME headers.
_MHTML = re.compile(r"\A\s*(?:[\w-]+:[^\n]*\n)*?MIME-Version:\s*1\.0", re.I)

_NAMES = (".html", ".htm", ".xhtml", ".xht", ".mhtml", ".mht")


def is_html(text: str, source_name: str | None = None) -> bool:
    """Whether ``text`` is a saved page: by file name, by how it starts, or by its many block tags."""
    if source_name and source_name.lower().endswith(_NAMES):
        return True
    head = text[:2000]
    if _HTML_START.match(head) or (_MHTML.match(head) and "multipart/related" in head.lower()):
        return True
    sample = text[:200_000]
    closes = len(_BLOCK_CLOSE.findall(sample))
    return closes >= 10 and closes * 2000 >= len(sample)


def soup(html: str):
    """Parse ``html`` with the one parser the project uses (lxml, through beautifulsoup4)."""
    import warnings

    from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        return BeautifulSoup(html, "lxml")


# --- preparing the page --------------------------------------------------------------------------

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
         "track", "wbr"}
#: ``<p/>`` in XHTML is an empty element; an HTML parser would read it as an open ``<p>``.
_SELF_CLOSED = re.compile(r"<([A-Za-z][\w:-]*)(\s[^<>]*?)?\s*/>")
#: Control characters are not allowed in XHTML (NUL bytes, form feeds left by scrapers).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _open_self_closed(html: str) -> str:
    def fix(m: re.Match[str]) -> str:
        name = m.group(1)
        return m.group(0) if name.lower() in _VOID else f"<{name}{m.group(2) or ''}></{name}>"

    return _SELF_CLOSED.sub(fix, html)


def unwrap_mhtml(text: str) -> tuple[str, dict[str, tuple[str, bytes]]]:
    """The HTML page inside an MHTML file, and its pictures by ``Content-Location``."""
    import email
    from email import policy

    message = email.message_from_string(text, policy=policy.default)
    page, resources = None, {}
    for part in message.walk():
        kind = part.get_content_type()
        if kind == "text/html" and page is None:
            page = part.get_content()
        elif kind.startswith("image/") and part["Content-Location"]:
            resources[str(part["Content-Location"])] = (kind, part.get_payload(decode=True) or b"")
    if page is None:
        raise InputError("the .mhtml file holds no HTML page (save the page as HTML and convert that)")
    return page, resources


# --- text of elements ----------------------------------------------------------------------------


def _squash(text: str) -> str:
    return " ".join(text.split())


def _shorten(text: str, width: int = 2000) -> str:
    text = _squash(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def _text(el) -> str:
    return _squash(el.get_text(" "))


def _root(el):
    while el.parent is not None:
        el = el.parent
    return el


# --- images --------------------------------------------------------------------------------------

_IMAGE_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif"}
_MAX_SIDE = 1600
_MAX_BYTES = 1_500_000
_MAX_FILE = 20_000_000


def image_block(data: bytes, alt: str) -> Image | None:
    """An Image from picture bytes: checked with Pillow, re-encoded if huge or not JPEG/PNG/GIF.

    None for anything that is not a picture, a tracking pixel, or a decompression bomb.
    """
    import io
    import warnings

    from PIL import Image as PILImage

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            picture = PILImage.open(io.BytesIO(data))
            picture.load()
    except Exception:  # Pillow raises many kinds for broken or hostile files
        return None
    if picture.width * picture.height <= 4:
        return None
    kind = _IMAGE_TYPES.get(picture.format or "")
    if kind and max(picture.size) <= _MAX_SIDE and len(data) <= _MAX_BYTES:
        return Image(data, kind, alt)
    picture.thumbnail((_MAX_SIDE, _MAX_SIDE))
    out = io.BytesIO()
    if picture.mode in ("RGBA", "LA", "P"):
        picture.save(out, "PNG", optimize=True)
        return Image(out.getvalue(), "image/png", alt)
    picture.convert("RGB").save(out, "JPEG", quality=85)
    return Image(out.getvalue(), "image/jpeg", alt)


def read_local_image(src: str, base_dir: str | None) -> bytes | None:
    """The bytes of a picture the page names by a relative path, only if it lies under ``base_dir``.

    Symlinks and ``..`` are resolved first, so ``../../.ssh/id_rsa`` or a link to it is refused.
    """
    import os
    from urllib.parse import unquote, urlsplit

    if not base_dir:
        return None
    parts = urlsplit(src)
    if parts.scheme not in ("", "file") or parts.netloc not in ("", "localhost"):
        return None
    base = os.path.realpath(base_dir)
    path = os.path.realpath(os.path.join(base, unquote(parts.path)))
    if os.path.commonpath([base, path]) != base or not os.path.isfile(path):
        return None
    if os.path.getsize(path) > _MAX_FILE:
        return None
    with open(path, "rb") as handle:
        return handle.read()


def _data_uri(src: str) -> bytes | None:
    import base64
    from urllib.parse import unquote_to_bytes

    head, _, payload = src.partition(",")
    try:
        return base64.b64decode(payload, validate=False) if head.endswith(";base64") else unquote_to_bytes(payload)
    except ValueError:
        return None


@dataclass
class _Pictures:
    """Where the page's pictures may come from, and what became of those that could not be used."""

    base_dir: str | None
    resources: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    remote: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    def load(self, src: str, alt: str) -> Image | None:
        src = src.strip()
        if src.lower().startswith("data:"):
            data = _data_uri(src)
        elif src in self.resources:
            data = self.resources[src][1]
        elif re.match(r"(?:https?:)?//", src, re.I):
            self.remote.append(src)
            return None
        else:
            data = read_local_image(src, self.base_dir)
        image = image_block(data, alt) if data else None
        if image is None and not src.lower().startswith("data:"):
            self.refused.append(src)
        return image

    def warnings(self) -> list[str]:
        out = []
        if self.remote:
            out.append(f"{len(self.remote)} remote picture(s) left out (no network use): {_shorten(self.remote[0], 80)}")
        if self.refused:
            out.append(f"{len(self.refused)} picture(s) left out (not a picture, or outside the input's folder): "
                       f"{_shorten(self.refused[0], 80)}")
        return out


# --- inline styles -------------------------------------------------------------------------------

_MARK_TAGS = {
    "i": "i", "em": "i", "cite": "i", "var": "i", "dfn": "i",
    "b": "b", "strong": "b",
    "u": "u", "ins": "u",
    "s": "s", "strike": "s", "del": "s",
    "sup": "sup", "sub": "sub",
    "code": "code", "kbd": "code", "samp": "code", "tt": "code",
    "small": "small",
}
#: Inline CSS that means emphasis: (declaration regex, mark kind).
_STYLE_MARKS = tuple((re.compile(rf"(?:^|;)\s*{prop}\s*:\s*(?:{value})\b", re.I), kind) for prop, value, kind in (
    (r"font-style", r"italic|oblique", "i"),
    (r"font-weight", r"bold|bolder|[6-9]00", "b"),
    (r"text-decoration(?:-line)?", r"[^;]*underline", "u"),
    (r"text-decoration(?:-line)?", r"[^;]*line-through", "s"),
    (r"vertical-align", r"super", "sup"),
    (r"vertical-align", r"sub", "sub"),
))
#: Inline CSS that hides an element from readers (hidden watermarks, collapsed widgets).
_HIDDEN = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)", re.I)
#: Inline CSS that centres or right-aligns a block.
_TEXT_ALIGN = re.compile(r"text-align\s*:\s*(center|right)", re.I)


def _style_marks(style: str) -> list[str]:
    kinds: list[str] = []
    for pattern, kind in _STYLE_MARKS:
        if kind not in kinds and pattern.search(style):
            kinds.append(kind)
    return kinds


def _align(el) -> str | None:
    if el.name == "center":
        return "center"
    found = _TEXT_ALIGN.search(el.get("style") or "")
    value = (found.group(1) if found else el.get("align") or "").lower()
    return value if value in ("center", "right") else None


# --- the walk: elements -> blocks ----------------------------------------------------------------

#: Elements whose content is never story text (sanitising: dropped with everything inside).
_NEVER = {"script", "style", "template", "noscript", "iframe", "object", "embed", "applet", "form", "input",
          "button", "select", "option", "textarea", "svg", "math", "canvas", "audio", "video", "head",
          "title", "meta", "link", "base", "frame", "frameset", "map", "datalist", "dialog"}
_BLOCK = {"address", "article", "aside", "center", "dd", "details", "div", "dl", "dt", "fieldset",
          "figcaption", "figure", "footer", "header", "hgroup", "main", "menu", "nav", "p", "pre", "section",
          "summary", "caption", "legend", "body", "html", "dir", "tbody", "thead", "tfoot"}
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
#: HTML white space collapses to one space; a no-break space is text and stays.
_SPACE = re.compile(r"[ \t\n\r\f\v]+")


class _Text:
    """One paragraph being written: its text, the marks closed so far and those still open."""

    def __init__(self):
        self.parts: list[str] = []
        self.size = 0
        self.last = ""
        self.marks: list[Mark] = []

    def add(self, text: str) -> None:
        if text.startswith(" ") and self.last in ("", " ", "\n"):
            text = text[1:]
        if text:
            self.parts.append(text)
            self.size += len(text)
            self.last = text[-1]

    def trim_end(self) -> None:
        text = "".join(self.parts).rstrip(" ")
        self.parts, self.size, self.last = [text], len(text), text[-1:]

    def text(self) -> str:
        return "".join(self.parts)


def _tidy_marks(text: str, marks: list[Mark]) -> list[Mark]:
    """Marks shrunk to non-space ends, empty ones dropped, touching ones of a kind merged."""
    out: list[Mark] = []
    for m in sorted(marks, key=lambda m: (m.kind, m.start)):
        start, end = max(0, m.start), min(len(text), m.end)
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start >= end:
            continue
        if out and out[-1].kind == m.kind and start <= out[-1].end:
            out[-1] = Mark(out[-1].start, max(end, out[-1].end), m.kind)
        else:
            out.append(Mark(start, end, m.kind))
    return sorted(out, key=lambda m: (m.start, -m.end))


def _paragraph(raw: str, marks: list[Mark], align: str | None) -> Paragraph | None:
    lead = len(raw) - len(raw.lstrip())
    text = raw.strip()
    if not text:
        return None
    shifted = [Mark(m.start - lead, m.end - lead, m.kind) for m in marks]
    return Paragraph(text, _tidy_marks(text, shifted), align)


def _join(paragraphs: list[Paragraph]) -> Paragraph | None:
    """Several paragraphs as one, separated by line breaks (a list item, a table cell, a note)."""
    text, marks = "", []
    for p in paragraphs:
        if text:
            text += "\n"
        marks.extend(Mark(m.start + len(text), m.end + len(text), m.kind) for m in p.marks)
        text += p.text
    return Paragraph(text, marks) if text else None


@dataclass
class _Sink:
    """Where blocks go while an element is open: a chapter, a quote, a note, a list, a table, a cell."""

    kind: str  # "blocks", "quote", "note", "list", "table", "row", "cell"
    items: list = field(default_factory=list)
    label: str = ""
    note_kind: str = "note"
    ordered: bool = False


#: Quotes nested deeper than this are read as plain blocks (later stages recurse into quotes).
_MAX_QUOTES = 4
#: A table cell with more text than this is page layout, not a table: its blocks are kept as blocks.
_LAYOUT_CELL = 1500


class _Walker:
    """Turns the story container into chapters of blocks, with an explicit stack (no recursion)."""

    def __init__(self, roles: dict[int, str], pictures: _Pictures, removed: Removed, name: str):
        self.roles = roles  # id(element) -> "title", "note", "endnote", "translator", "label"
        self.pictures = pictures
        self.removed = removed
        self.name = name
        self.chapters: list[Chapter] = [Chapter(None, [])]
        self.sinks: list[_Sink] = [_Sink("blocks", self.chapters[0].blocks)]
        self.aligns: list[str | None] = [None]
        self.text = _Text()
        self.open_marks: list[list] = []  # [kind, start]
        self.pre = 0

    # paragraphs ---------------------------------------------------------------------------------
    def flush(self) -> None:
        if self.text.size:
            marks = list(self.text.marks)
            marks.extend(Mark(start, self.text.size, kind) for kind, start in self.open_marks)
            par = _paragraph(self.text.text(), marks, self.aligns[-1])
            if par:
                self.emit(par)
        self.text = _Text()
        for m in self.open_marks:
            m[1] = 0

    def line_break(self) -> None:
        self.text.trim_end()
        if self.text.last == "\n":  # <br><br>: a paragraph break
            raw = self.text.text()[:-1]
            self.text.parts, self.text.size, self.text.last = [raw], len(raw), raw[-1:]
            self.flush()
        elif self.text.size:
            self.text.add("\n")

    def add_text(self, text: str) -> None:
        if self.pre:
            text = text.replace("\r", "")
            for i, line in enumerate(text.split("\n")):
                if i:
                    self.line_break()
                self.text.add(_SPACE.sub(" ", line))
        else:
            self.text.add(_SPACE.sub(" ", text))

    def open_mark(self, kind: str) -> None:
        self.open_marks.append([kind, self.text.size])

    def close_mark(self) -> None:
        kind, start = self.open_marks.pop()
        if self.text.size > start:
            self.text.marks.append(Mark(start, self.text.size, kind))

    # blocks -------------------------------------------------------------------------------------
    def emit(self, block) -> None:
        sink = self.sinks[-1]
        if sink.kind in ("blocks", "quote", "note", "cell"):
            sink.items.append(block)
        elif sink.kind == "list":
            item = block if isinstance(block, Paragraph) else _join(list(iter_paragraphs([block])))
            if item:
                sink.items.append(item)
        elif sink.kind == "table":  # stray content between rows: a row of its own
            sink.items.append([[block]])
        elif sink.kind == "row":
            sink.items.append([block])

    def push(self, sink: _Sink) -> None:
        self.flush()
        self.sinks.append(sink)

    def pop(self) -> None:
        self.flush()
        sink = self.sinks.pop()
        if sink.kind == "quote" and sink.items:
            self.emit(Quote(sink.items))
        elif sink.kind == "note":
            paragraphs = list(iter_paragraphs(sink.items))
            if paragraphs:
                self.emit(AuthorNote(paragraphs, label=sink.label, kind=sink.note_kind))
            elif sink.label:
                self.removed.add(f"{self.name}.empty-note", sink.label)
        elif sink.kind == "list" and sink.items:
            self.emit(ListBlock(sink.items, sink.ordered))
        elif sink.kind == "cell":
            if self.sinks[-1].kind == "row":
                self.sinks[-1].items.append(sink.items)
            else:
                self._spill(sink.items)
        elif sink.kind == "row":
            if self.sinks[-1].kind == "table":
                self.sinks[-1].items.append(sink.items)
            else:
                self._spill([b for cell in sink.items for b in cell])
        elif sink.kind == "table":
            self._table(sink.items)

    def _spill(self, blocks: list) -> None:
        for block in blocks:
            self.emit(block)

    def _table(self, rows: list[list[list]]) -> None:
        rows = [row for row in rows if any(row)]
        if not rows:
            return
        cells = [cell for row in rows for cell in row]
        layout = any(sum(len(p.text) for p in iter_paragraphs(cell)) > _LAYOUT_CELL for cell in cells) or any(
            isinstance(b, (Heading, Quote, Table, AuthorNote)) for cell in cells for b in cell)
        if layout:
            self._spill([b for cell in cells for b in cell])
            return
        table = [[_join(list(iter_paragraphs(cell))) or Paragraph("") for cell in row] for row in rows]
        self.emit(Table(table))

    def new_chapter(self, title: str) -> None:
        self.flush()
        chapter = Chapter(title or None, [])
        self.chapters.append(chapter)
        self.sinks[0] = _Sink("blocks", chapter.blocks)

    # the walk -----------------------------------------------------------------------------------
    def walk(self, root) -> None:
        from bs4 import NavigableString, Tag
        from bs4.element import PreformattedString

        stack: list = [(root, False)]
        while stack:
            node, leaving = stack.pop()
            if leaving:
                node()
                continue
            if isinstance(node, NavigableString):
                if not isinstance(node, PreformattedString):  # comments, CDATA, doctype …
                    self.add_text(_CONTROL.sub("", str(node)))
                continue
            if not isinstance(node, Tag):
                continue
            exit_action = self.enter(node)
            if exit_action is False:
                continue
            if exit_action is not None:
                stack.append((exit_action, True))
            stack.extend((child, False) for child in reversed(node.contents))

    def enter(self, el):
        """Start an element; returns False to skip its content, or what to do when it ends."""
        name = (el.name or "").lower().rpartition(":")[2]
        role = self.roles.get(id(el))
        if name in _NEVER or role == "label" or ("style" in el.attrs and _HIDDEN.search(el.get("style") or "")):
            return False
        if role == "title" or (name in _HEADINGS and role is None):
            text = _text(el)
            if role == "title" and len(self.sinks) == 1:
                self.new_chapter(text)
            elif text:
                self.flush()
                self.emit(Heading(text, _HEADINGS.get(name, 3)))
            return False
        if role in ("note", "endnote", "translator"):
            label = next((_text(x) for x in el.find_all(True) if self.roles.get(id(x)) == "label"), "")
            self.push(_Sink("note", label=label, note_kind={"note": "note"}.get(role, role)))
            return self.pop
        if name == "br":
            self.line_break()
            return False
        if name == "hr":
            self.flush()
            self.emit(SceneBreak("<hr>"))
            return False
        if name == "img":
            return self.image(el)
        if name == "blockquote":
            if sum(sink.kind == "quote" for sink in self.sinks) >= _MAX_QUOTES:
                return self.block(el, name)
            self.push(_Sink("quote"))
            return self.pop
        if name in ("ul", "ol"):
            self.push(_Sink("list", ordered=name == "ol"))
            return self.pop
        if name == "table":
            self.push(_Sink("table"))
            return self.pop
        if name == "tr":
            self.push(_Sink("row"))
            return self.pop
        if name in ("td", "th", "li"):
            return self.cell(el, name)
        if name in _BLOCK:
            return self.block(el, name)
        kinds = [_MARK_TAGS[name]] if name in _MARK_TAGS else []
        style = el.get("style")
        if style:
            kinds += [k for k in _style_marks(style) if k not in kinds]
        for kind in kinds:
            self.open_mark(kind)
        return (lambda: [self.close_mark() for _ in kinds]) if kinds else None

    def block(self, el, name: str):
        self.flush()
        self.aligns.append(_align(el) or self.aligns[-1])
        self.pre += name == "pre"

        def end():
            self.flush()
            self.aligns.pop()
            self.pre -= name == "pre"

        return end

    def cell(self, el, name: str):
        parent = self.sinks[-1].kind
        if (name == "li" and parent != "list") or (name != "li" and parent != "row"):
            return self.block(el, name)
        self.push(_Sink("cell"))
        if name == "li":
            def end_item():
                self.flush()
                sink = self.sinks.pop()
                item = _join(list(iter_paragraphs(sink.items)))
                if item:
                    self.sinks[-1].items.append(item)
            return end_item
        return self.pop

    def image(self, el):
        src = el.get("src") or ""
        width, height = el.get("width") or "", el.get("height") or ""
        if not src or (width.isdigit() and int(width) <= 2) or (height.isdigit() and int(height) <= 2):
            return False  # a tracking pixel or nothing to show
        image = self.pictures.load(src, _squash(el.get("alt") or ""))
        if image:
            self.flush()
            self.emit(image)
        return False


# --- the page ------------------------------------------------------------------------------------


@dataclass
class Page:
    """What a saved page gave: the book, what was taken out, the site, and notices for the user."""

    book: Book
    removed: Removed
    detection: object  # sites.Detection
    warnings: list[str] = field(default_factory=list)


#: The element a compound selector ends with: its #id, first .class, tag or [attribute].
_KEY = re.compile(r"#(?P<id>[\w-]+)|\.(?P<cls>[\w-]+)|^(?P<tag>[a-zA-Z][\w-]*)|\[(?P<attr>[\w-]+)")


class _Index:
    """Elements of the page by tag, id, class and attribute, in page order.

    soupsieve tests every element of the tree for each selector; a 10 MB page has 10^5 elements and
    a profile 30 selectors. Here a selector only tests the elements its last compound names.
    """

    def __init__(self, doc):
        self.doc = doc
        self.order: dict[int, int] = {}
        self.keys: dict[tuple[str, str], list] = {}
        for pos, el in enumerate(doc.find_all(True)):
            self.order[id(el)] = pos
            self._add(("tag", el.name.lower()), el)
            for name, value in el.attrs.items():
                self._add(("attr", name), el)
                if name == "id":
                    self._add(("id", str(value)), el)
                elif name == "class":
                    for cls in value if isinstance(value, list) else str(value).split():
                        self._add(("cls", cls), el)

    def _add(self, key: tuple[str, str], el) -> None:
        self.keys.setdefault(key, []).append(el)

    def _candidates(self, part: str) -> list | None:
        last = re.split(r"\s*[>+~]\s*|\s+(?![^\[]*\])", part.strip())[-1]
        found = _KEY.search(last)
        if not found:
            return None
        kind = found.lastgroup
        value = found.group(kind)
        return self.keys.get((kind, value.lower() if kind == "tag" else value), [])

    def select(self, selector: str, within=None) -> list:
        """Elements matching ``selector`` (inside ``within``, when given), in page order."""
        import soupsieve

        try:
            compiled = soupsieve.compile(selector)
        except Exception as err:  # a selector soupsieve cannot read is a bug in the profile
            raise ValueError(f"bad CSS selector {selector!r}: {err}") from None
        parts = [self._candidates(p) for p in selector.split(",")]
        if any(c is None for c in parts):
            return compiled.select(within or self.doc)
        seen: dict[int, object] = {}
        for candidates in parts:
            for el in candidates:
                seen.setdefault(id(el), el)
        found = [el for el in seen.values() if not el.decomposed and compiled.match(el)
                 and (within is None or _inside(el, within))]
        return sorted(found, key=lambda el: self.order.get(id(el), 0))


def _inside(el, box) -> bool:
    while el is not None:
        if el is box:
            return True
        el = el.parent
    return False


def _meta_value(el, attr: str | None) -> str:
    if attr:
        return el.get(attr) or ""
    return _text(el)


_SMALL_WORDS = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"}


def _unslug(slug: str) -> str:
    words = [w for w in re.split(r"[-_+]+", slug) if w]
    return " ".join(w if i and w in _SMALL_WORDS else w[:1].upper() + w[1:] for i, w in enumerate(words))


def _lift_meta(index: _Index, rules, result, removals: list) -> None:
    from .sites import set_field

    for meta in rules.meta:
        selector, _, attr = meta.selector.partition("@")
        for el in index.select(selector):
            value = _meta_value(el, attr or None)
            if meta.pattern:
                found = re.search(meta.pattern, value)
                if not found:
                    continue
                value = found.group(1) if found.groups() else found.group(0)
            if meta.slug:
                value = _unslug(value)
            if meta.template:
                value = meta.template.format(value)
            set_field(result, meta.target, value)
            if meta.remove:
                removals.append((el, f"meta.{meta.target}"))
    for dl in (d for selector in rules.meta_lists for d in index.select(selector)):
        _lift_pairs(dl, rules.labels, result)


def _label_target(label: str, labels: dict[str, str]) -> str | None:
    key = _squash(label).rstrip(":").strip().lower()
    return labels.get(key) or labels.get(key.rstrip("s"))


#: ``Published: 2021-04-27 Words: 4,425 Chapters: 2/25`` written as one line of text.
_PAIRS = re.compile(r"([A-Z][\w ]{0,20}?):\s*([^\s:]+(?:\s(?![A-Z][\w ]{0,20}?:)[^\s:]+)*)")


def _lift_pairs(dl, labels: dict[str, str], result) -> None:
    from .sites import set_field

    label = None
    for child in dl.find_all(["dt", "dd"], recursive=False):
        if child.name == "dt":
            label = _text(child)
            continue
        target = _label_target(label or "", labels)
        label = None
        if target is None:
            continue
        nested = child.find("dl")
        if nested is not None:
            _lift_pairs(nested, labels, result)
        elif target == "@pairs":
            for name, value in _PAIRS.findall(_text(child)):
                inner = _label_target(name, labels)
                if inner and inner != "@pairs":
                    set_field(result, inner, value)
        else:
            values = child.find_all("li") or child.find_all("a") or [child]
            for value in values:
                set_field(result, target, _text(value))


def _derive_status(meta: Metadata) -> None:
    """``Chapters: 2/25`` (AO3 and others) says whether the story is finished."""
    found = re.fullmatch(r"(\d+)\s*/\s*(\d+|\?)", meta.stats.get("chapters", ""))
    if found and not meta.status:
        meta.status = "Complete" if found.group(1) == found.group(2) else "In progress"


def _containers(index: _Index, selectors: tuple[str, ...]) -> list:
    for selector in selectors:
        found = index.select(selector)
        if found:
            ids = {id(el) for el in found}
            return [el for el in found if not any(id(p) in ids for p in el.parents)]
    return [index.doc.body or index.doc]


def _roles(index: _Index, containers: list, rules) -> dict[int, str]:
    roles: dict[int, str] = {}
    groups = (("label", rules.note_label), ("endnote", rules.end_notes), ("translator", rules.translator_notes),
              ("note", rules.notes), ("title", rules.chapter_title))
    for role, selectors in groups:
        for selector in selectors:
            for box in containers:
                for el in index.select(selector, box):
                    roles.setdefault(id(el), role)
    return roles


def _drop(el, rule: str, removed: Removed) -> None:
    text = _text(el)
    if text:
        removed.add(rule, _shorten(text))
    el.decompose()


# --- after the walk ------------------------------------------------------------------------------


def _slots(chapters: list[Chapter]) -> list[tuple[list, int]]:
    """Every paragraph of the book a chrome rule may take: (its list, its index), in reading order."""
    slots = []
    for chapter in chapters:
        for i, block in enumerate(chapter.blocks):
            if isinstance(block, Paragraph):
                slots.append((chapter.blocks, i))
            elif isinstance(block, AuthorNote):
                slots.extend((block.paragraphs, j) for j in range(len(block.paragraphs)))
    return slots


def _strip_chrome(chapters: list[Chapter], rules, result, name: str) -> None:
    """Take out whole paragraphs that are chrome: the site's rules, then the generic profile's."""
    from .sites import GENERIC, compile_pattern, set_field, profile_named

    universal = tuple(r for r in profile_named(GENERIC).rules if r.where == "any")
    for rule in rules.chrome + universal:
        pattern = compile_pattern(rule.pattern, rule.flags)
        slots = _slots(chapters)
        hits = []
        for n, (where, i) in enumerate(slots):
            if rule.where == "start" and n >= rule.window or rule.where == "end" and n < len(slots) - rule.window:
                continue
            found = pattern.fullmatch(where[i].text)
            if found:
                hits.append((where, i, found))
        if len(hits) < rule.min_count:
            continue
        for where, i, found in reversed(hits[rule.skip_first:]):
            for group, target in rule.capture.items():
                if found.group(group):
                    set_field(result, target, found.group(group))
            result.removed.add(rule.name, where[i].text)
            del where[i]
    for chapter in chapters:
        kept = []
        for block in chapter.blocks:
            if isinstance(block, AuthorNote) and not block.paragraphs:
                if block.label:
                    result.removed.add(f"{name}.empty-note", block.label)
                continue
            kept.append(block)
        chapter.blocks = kept


def _split_headings(chapters: list[Chapter], options: Options) -> list[Chapter]:
    """Split each chapter where a paragraph reads as a chapter heading (structure's rules)."""
    from .structure import split_chapters

    out: list[Chapter] = []
    for chapter in chapters:
        if chapter.title is not None:  # the page named this chapter: its heading lines are its own
            out.append(chapter)
            continue
        out.extend(split_chapters(chapter.blocks, options))
    return out


#: Fewer words than this before the first break are an in-body title ("HUNTED"), not a note.
_LEAD_NOTE_WORDS = 15


def _whole_emphasis(block) -> bool:
    return isinstance(block, Paragraph) and any(
        m.kind in ("b", "i") and m.start == 0 and m.end == len(block.text) for m in block.marks)


def _lead_notes(chapters: list[Chapter]) -> None:
    """Unlabelled notes that open a chapter: wholly emphasised paragraphs, then a scene break."""
    for chapter in chapters:
        blocks = chapter.blocks
        end = next((i for i, b in enumerate(blocks) if isinstance(b, SceneBreak)), None)
        if not end or not all(_whole_emphasis(b) for b in blocks[:end]):
            continue
        if sum(len(b.text.split()) for b in blocks[:end]) >= _LEAD_NOTE_WORDS:
            chapter.blocks = [AuthorNote(blocks[:end])] + blocks[end:]


#: Untitled text before the first chapter heading up to this many words is front matter, not a chapter.
_FRONT_WORDS = 400


def _settle_chapters(chapters: list[Chapter], meta: Metadata, removed: Removed, name: str) -> list[Chapter]:
    """Drop empty chapters; front matter before the first heading (notes, or a few lines) opens chapter 1."""
    if len(chapters) > 1 and chapters[0].title is None and (
            all(isinstance(b, AuthorNote) for b in chapters[0].blocks)
            or sum(len(p.text.split()) for p in iter_paragraphs(chapters[0].blocks)) <= _FRONT_WORDS):
        chapters[1].blocks[:0] = chapters[0].blocks
        chapters = chapters[1:]
    out: list[Chapter] = []
    for i, chapter in enumerate(chapters):
        if chapter.blocks:
            out.append(chapter)
        elif chapter.title and any(c.blocks for c in chapters[i + 1:]):
            # a heading right before another one: the book's title (FanFicFare's <h1> before <h2>)
            if not meta.title:
                meta.title = chapter.title
            removed.add(f"{name}.empty-heading", chapter.title)
        elif chapter.title:
            out.append(chapter)
    return out


def _title(meta: Metadata, chapters: list[Chapter], part_title: str | None, options: Options) -> None:
    from .structure import title_from_name

    if chapters and chapters[0].title is None and part_title:
        chapters[0].title = part_title
    if not meta.title:
        meta.title = part_title if len(chapters) <= 1 and part_title else None
    meta.title = meta.title or title_from_name(options.source_name) or "Untitled"
    if len(chapters) == 1 and not chapters[0].title:
        chapters[0].title = meta.title


#: Site signatures are looked for in the page's first and last characters (a 10 MB page would make
#: every signature regex scan all of it): the head, the first chapter and the footer are there.
_SAMPLE_HEAD, _SAMPLE_TAIL = 400_000, 100_000


def _sample(html: str) -> str:
    if len(html) <= _SAMPLE_HEAD + _SAMPLE_TAIL:
        return html
    return html[:_SAMPLE_HEAD] + "\n" + html[-_SAMPLE_TAIL:]


def read_page(html: str, options: Options) -> Page:
    """A saved page -> its Book, what was removed, the site detected, and notices."""
    from . import sites, structure
    from .sites._html_generic import GENERIC_HTML

    resources: dict = {}
    if _MHTML.match(html[:2000]):
        html, resources = unwrap_mhtml(html)
    html = _CONTROL.sub("", html)
    detection = sites.detect(_sample(html), options.site)
    profile = detection.profile
    rules = profile.html or GENERIC_HTML
    name = profile.name
    removed = Removed()
    meta = Metadata(site=profile.label if name != "generic" else None, language=profile.language)
    result = sites.SiteResult("", meta, removed, detection)

    if html.lstrip().startswith("<?xml") or "http://www.w3.org/1999/xhtml" in html[:3000]:
        html = _open_self_closed(html)
    doc = soup(html)
    index = _Index(doc)
    removals: list = []
    _lift_meta(index, rules, result, removals)
    if not meta.title and rules.title_suffix is not None and doc.title:
        meta.title = re.sub(rules.title_suffix, "", _text(doc.title)) or None
    _derive_status(meta)

    containers = _containers(index, () if options.keep_chrome else rules.container)
    if not options.keep_chrome:
        for el in containers:
            el.extract()
        outside = _text(doc.body or doc)
        if outside:
            removed.add(f"{name}.outside-story", _shorten(outside, 300))
        for el, rule in removals:
            if el.parent is not None and any(_root(el) is box for box in containers):
                _drop(el, f"{name}.{rule}", removed)
        for selector in rules.drop:
            for box in containers:
                for el in index.select(selector, box):
                    if el.parent is not None:
                        _drop(el, f"{name}.drop", removed)
    pictures = _Pictures(options.base_dir, resources)
    walker = _Walker(_roles(index, containers, rules), pictures, removed, name)
    for box in containers:
        walker.walk(box)
    walker.flush()

    chapters = walker.chapters
    if not options.keep_chrome:
        _strip_chrome(chapters, rules, result, name)
    if rules.split_headings:
        chapters = _split_headings(chapters, options)
    if rules.lead_notes:
        _lead_notes(chapters)
    for chapter in chapters:
        chapter.blocks = structure.refine_blocks(chapter.blocks, options, removed)
    chapters = _settle_chapters(chapters, meta, removed, name)
    _title(meta, chapters, result.part_title, options)
    if not chapters:
        raise InputError("the page holds no story text")
    return Page(Book(meta, chapters), removed, detection, pictures.warnings())
