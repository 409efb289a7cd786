"""The allow-list walk: a story container's elements -> model blocks, with an explicit stack.

Only what the tables below name becomes part of the book: text, emphasis (``_MARK_TAGS`` and inline
CSS) as ``Mark``s, line breaks, paragraphs, headings, scene breaks (``<hr>``), quotes, lists, simple
tables, pictures and author's notes (by the profile's roles). Invisible elements (scripts, styles)
are dropped; widgets (form controls, frames, media) and hidden elements are dropped and recorded as
chrome; any other element is read for its text. Nothing of the page's markup reaches the book: the
blocks are plain data that the render stage serialises, so scripts, event handlers and links cannot
leak. The walk keeps an explicit stack, so any nesting depth is safe.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, cast

from ..model import (
    AuthorNote,
    Heading,
    ListBlock,
    Mark,
    NoteKind,
    Origin,
    Paragraph,
    Part,
    Quote,
    Removed,
    SceneBreak,
    Table,
    iter_paragraphs,
)
from .pictures import PagePictures
from .sniff import CONTROL

# --- text of elements ----------------------------------------------------------------------------


def squash(text: str) -> str:
    return " ".join(text.split())


def shorten(text: str, width: int = 2000) -> str:
    text = squash(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def text_of(el) -> str:
    """An element's text, white space collapsed: words part at block boundaries and line breaks,
    never at inline markup (``<a>Chapter 1</a>: Title`` is ``Chapter 1: Title``)."""
    from bs4 import NavigableString, Tag

    if isinstance(el, NavigableString):
        return squash(str(el))
    pieces: list[str] = []
    # the descendants in document order with an explicit stack, so that a block's end is known
    # when its children run out (a space before and after each block; squash makes runs one space).
    # Asking bs4 for each block's last descendant walked down the nesting again: quadratic in depth.
    stack = [(iter(el.contents), False)]
    while stack:
        children, block = stack[-1]
        node = next(children, None)
        if node is None:
            stack.pop()
            if block:
                pieces.append(" ")
        elif isinstance(node, Tag):
            inner = node.name in _BLOCK or node.name in _BREAKS or node.name in _INVISIBLE
            if inner:
                pieces.append(" ")
            stack.append((iter(node.contents), inner))
        elif type(node) is NavigableString or node.__class__.__name__ == "CData":
            pieces.append(str(node))
    return squash("".join(pieces))


#: Elements that part words besides the blocks: line breaks, rules, cells, items, headings.
_BREAKS = frozenset(
    "br hr td th tr li dt dd table ul ol h1 h2 h3 h4 h5 h6 img option optgroup select button input label".split()
)


def describe(el) -> str:
    """``tag#id`` or ``tag.class``: how an element is named in an element path."""
    name = (el.name or "").lower()
    if el.get("id"):
        return f"{name}#{el.get('id')}"
    classes = el.get("class")
    if classes:
        first = classes[0] if isinstance(classes, list) else str(classes).split()[0]
        return f"{name}.{first}"
    return name


def element_path(el, depth: int = 4) -> str:
    """Where an element is: its last ``depth`` ancestors and itself, ``div#storytext > p``."""
    names: list[str] = []
    while el is not None and el.name not in (None, "[document]") and len(names) < depth:
        names.append(describe(el))
        el = el.parent
    return " > ".join(reversed(names))


# --- inline styles -------------------------------------------------------------------------------

_MARK_TAGS = {
    "i": "i",
    "em": "i",
    "cite": "i",
    "var": "i",
    "dfn": "i",
    "b": "b",
    "strong": "b",
    "u": "u",
    "ins": "u",
    "s": "s",
    "strike": "s",
    "del": "s",
    "sup": "sup",
    "sub": "sub",
    "code": "code",
    "kbd": "code",
    "samp": "code",
    "tt": "code",
    "small": "small",
}
#: Inline CSS that means emphasis: (declaration regex, mark kind).
_STYLE_MARKS = tuple(
    (re.compile(rf"(?:^|;)\s*{prop}\s*:\s*(?:{value})\b", re.I), kind)
    for prop, value, kind in (
        (r"font-style", r"italic|oblique", "i"),
        (r"font-weight", r"bold|bolder|[6-9]00", "b"),
        (r"text-decoration(?:-line)?", r"[^;]*underline", "u"),
        (r"text-decoration(?:-line)?", r"[^;]*line-through", "s"),
        (r"vertical-align", r"super", "sup"),
        (r"vertical-align", r"sub", "sub"),
    )
)
#: Inline CSS that hides an element from readers (hidden watermarks, collapsed widgets).
#: An element hidden by a class holds at most this much text (more is a story a script reveals).
_HIDDEN_AT_MOST = 2000
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

#: Elements no reader sees: dropped with their content (there is no text of the story in them).
_INVISIBLE = frozenset("script style template head title meta link base".split())
#: Void elements: they hold nothing. A parser that put the text after an unclosed one inside it
#: (``<embed>`` written as if it had content) is undone by reading on into its children.
_VOID = frozenset("embed input area param source track wbr col keygen".split())
#: Widgets and embedded objects: page furniture (form controls, button labels, the fallback text of
#: frames, objects and media), dropped with their content and recorded as chrome; unless an unclosed
#: one swallowed the story (``<button>`` never closed): then it holds paragraphs of text, read on.
_WIDGETS = frozenset(
    "noscript iframe object applet form button select option textarea svg math canvas audio "
    "video frame frameset map datalist dialog".split()
)
#: A widget holding more text than this in paragraphs is the story a parser put inside it; a control
#: (a button, a list box) holding any paragraph at all is.
_SWALLOWED = 300
_CONTROLS = frozenset("button select option textarea datalist".split())
_PARAGRAPHS = ("p", "div", "blockquote", "li", "h1", "h2", "h3", "h4", "h5", "h6")
_BLOCK = {
    "address",
    "article",
    "aside",
    "center",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "header",
    "hgroup",
    "main",
    "menu",
    "nav",
    "p",
    "pre",
    "section",
    "summary",
    "caption",
    "legend",
    "body",
    "html",
    "dir",
    "tbody",
    "thead",
    "tfoot",
}
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}


def _hgroup(el) -> tuple[str, int, Any] | None:
    """An ``<hgroup>``'s heading with its subtitle as one heading's text (``XII: Some Emotions and Yellow
    Lupin``, as an edition's own contents writes it; after a heading that ends in punctuation, a space),
    its level and its heading element, or None when it holds no heading element."""
    headings = el.find_all(list(_HEADINGS))
    if not headings:
        return None
    parts = [" ".join(text_of(x).split()) for x in el.find_all([*_HEADINGS, "p"])]
    parts = [part for part in parts if part]
    if not parts:
        return None
    text = parts[0]
    for part in parts[1:]:
        text += (": " if text[-1].isalnum() else " ") + part
    return text, _HEADINGS[headings[0].name.lower().rpartition(":")[2]], headings[0]


#: HTML white space collapses to one space; a no-break space is text and stays.
_SPACE = re.compile(r"[ \t\n\r\f\v]+")
#: An inline style that keeps the text's line breaks, as ``<pre>`` does.
_PRE_STYLE = re.compile(r"white-space\s*:\s*(?:pre|pre-wrap|pre-line|break-spaces)\b", re.I)
#: A line of a block's own text that starts with a no-break-space indent (``&nbsp;&nbsp;Джинни …``).
_INDENTED_LINE = re.compile(r"\n[ \t\r]*\u00a0")
#: How many such lines make the block's newlines paragraph breaks.
_INDENTED_LINES = 3


def _line_paragraphs(el) -> bool:
    """Whether a block's newlines end its paragraphs: its own text is lines indented with no-break
    spaces, as a page whose stylesheet keeps line breaks (``white-space: pre-wrap``) is written (ficbook:
    ``&nbsp;&nbsp;&nbsp;Джинни вскрикнула …`` a line each). The indent is the writer's, so source
    lines that merely wrap a paragraph never look so."""
    from bs4 import NavigableString
    from bs4.element import PreformattedString

    own = "".join(
        str(child)
        for child in el.children
        if isinstance(child, NavigableString) and not isinstance(child, PreformattedString)
    )
    return len(_INDENTED_LINE.findall(own, 0, 200_000)) >= _INDENTED_LINES


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


def _paragraph(raw: str, marks: list[Mark], align, origin: Origin | None = None) -> Paragraph | None:
    lead = len(raw) - len(raw.lstrip())
    text = raw.strip()
    if not text:
        return None
    shifted = [Mark(m.start - lead, m.end - lead, m.kind) for m in marks]
    return Paragraph(text, _tidy_marks(text, shifted), align, origin)


def _flat(blocks: list) -> list[Paragraph]:
    """The paragraphs of ``blocks``, at any depth, a note's label kept as a bold paragraph (a note,
    list or table holds paragraphs only: whatever a page nested in it is flattened, never lost)."""
    out: list[Paragraph] = []
    stack = list(reversed(blocks))
    while stack:
        block = stack.pop()
        if isinstance(block, Paragraph):
            out.append(block)
        elif isinstance(block, AuthorNote):
            if block.label:
                out.append(Paragraph(block.label, [Mark(0, len(block.label), "b")]))
            stack.extend(reversed(block.paragraphs))
        elif isinstance(block, Quote):
            stack.extend(reversed(block.blocks))
        elif isinstance(block, ListBlock):
            stack.extend(reversed(block.items))
        elif isinstance(block, Table):
            stack.extend(reversed([p for row in block.rows for p in row]))
        elif isinstance(block, Heading):
            out.append(Paragraph(block.text, [Mark(0, len(block.text), "b")]))
    return out


def _join(paragraphs: list[Paragraph]) -> Paragraph | None:
    """Several paragraphs as one, separated by line breaks (a list item, a table cell, a note)."""
    text, marks = "", []  # type: str, list[Mark]
    for p in paragraphs:
        if text:
            text += "\n"
        marks.extend(Mark(m.start + len(text), m.end + len(text), m.kind) for m in p.marks)
        text += p.text
    return Paragraph(text, marks, origin=paragraphs[0].origin) if text else None


@dataclass
class _Sink:
    """Where blocks go while an element is open: a chapter, a quote, a note, a list, a table, a cell."""

    kind: str  # "blocks", "quote", "note", "list", "table", "row", "cell"
    items: list = field(default_factory=list)
    label: str = ""
    note_kind: NoteKind = "note"
    ordered: bool = False


#: Quotes nested deeper than this are read as plain blocks (later stages recurse into quotes).
_MAX_QUOTES = 4
#: A table cell with more text than this is page layout, not a table: its blocks are kept as blocks.
_LAYOUT_CELL = 1500


class Walker:
    """Turns the story container into chapters of blocks, with an explicit stack (no recursion)."""

    def __init__(
        self,
        roles: dict[int, str],
        pictures: PagePictures,
        removed: Removed,
        name: str,
        hidden: frozenset[str] = frozenset(),
    ):
        self.roles = roles  # id(element) -> "title", "note", "endnote", "translator", "label"
        self.hidden = hidden  # classes the page's stylesheet (or its CSS framework) hides
        self.pictures = pictures
        self.removed = removed
        self.name = name
        self.parts: list[Part] = [Part(None, [])]
        self.sinks: list[_Sink] = [_Sink("blocks", self.parts[0].blocks)]
        self.aligns: list[str | None] = [None]
        self.path: list[str] = []  # the open block elements, for each block's origin
        self.text = _Text()
        self.open_marks: list[list] = []  # [kind, start]
        self.pre = 0
        self.lines = [False]  # per open block: its text's newlines end paragraphs (``_line_paragraphs``)

    # paragraphs ---------------------------------------------------------------------------------
    def flush(self) -> None:
        if self.text.size:
            marks = list(self.text.marks)
            marks.extend(Mark(start, self.text.size, kind) for kind, start in self.open_marks)
            par = _paragraph(self.text.text(), marks, self.aligns[-1], self.origin())
            if par:
                self.emit(par)
        self.text = _Text()
        for m in self.open_marks:
            m[1] = 0

    def origin(self) -> Origin:
        return Origin(path=" > ".join(self.path[-4:]))

    def line_break(self) -> None:
        self.text.trim_end()
        if self.text.last == "\n":  # <br><br>: a paragraph break
            raw = self.text.text()[:-1]
            self.text.parts, self.text.size, self.text.last = [raw], len(raw), raw[-1:]
            self.flush()
        elif self.text.size:
            self.text.add("\n")

    def add_text(self, text: str) -> None:
        if self.lines[-1] and not self.pre:
            for i, line in enumerate(text.replace("\r", "").split("\n")):
                if i:
                    self.flush()
                self.text.add(_SPACE.sub(" ", line))
        elif self.pre:
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
            item = block if isinstance(block, Paragraph) else _join(_flat([block]))
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
            paragraphs = _flat(sink.items)
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
            isinstance(b, (Heading, Quote, Table, AuthorNote)) for cell in cells for b in cell
        )
        if layout:
            self._spill([b for cell in cells for b in cell])
            return
        table = [[_join(_flat(cell)) or Paragraph("") for cell in row] for row in rows]
        self.emit(Table(table))

    def new_chapter(self, title: str, origin: Origin) -> None:
        self.flush()
        part = Part(title or None, [], origin=origin)
        self.parts.append(part)
        self.sinks[0] = _Sink("blocks", part.blocks)

    def _class_hidden(self, el) -> bool:
        """Hidden by a class the page's stylesheet hides: an inserted sentence, a collapsed panel; never
        an element holding more than a few paragraphs (a story a script reveals is still the story)."""
        classes = el.get("class") or []
        return any(c in self.hidden for c in classes) and len(el.get_text()) <= _HIDDEN_AT_MOST

    # the walk -----------------------------------------------------------------------------------
    def walk_entry(self, root, kind: str, title: str | None, origin: Origin) -> None:
        """One post of a page of posts (``page_rules.posts``): a ``chapter`` titled ``title``, an
        author's ``note``, or ``story`` that goes on from the post before (a scene break between)."""
        if kind == "chapter":
            self.new_chapter(title or "", origin)
            self.walk(root)
        elif kind == "note":
            self.push(_Sink("note"))
            self.walk(root)
            self.pop()
        else:
            self.flush()
            if self.sinks[0].items:
                self.emit(SceneBreak("post", origin))
            self.walk(root)
        self.flush()

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
                    self.add_text(CONTROL.sub("", str(node)))
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
        if name in _INVISIBLE or (role == "label" and any(sink.kind == "note" for sink in self.sinks)):
            return False  # a note's label is the note's (outside any note, a broken page's, it is text)
        if name in _VOID:
            return None  # nothing of its own; children only where a parser misplaced the text after it
        if name in _WIDGETS and not self._swallowed(el):
            self._record(el, "html.widget")
            return False
        if name in _WIDGETS:  # a widget left open that swallowed the story: its text, a block apart
            return self.block(el, name)
        if el.has_attr("hidden") or ("style" in el.attrs and _HIDDEN.search(el.get("style") or "")):
            self._record(el, "html.hidden")
            return False
        if self.hidden and self._class_hidden(el):
            self._record(el, "html.hidden_by_stylesheet")
            return False
        if name == "hgroup" and role is None and (heading := _hgroup(el)) is not None:
            # a heading and its subtitle, one heading (``XII`` over ``Some Emotions …``); the chapter's
            # title where its heading element is one
            origin = Origin(path=element_path(heading[2]))
            if self.roles.get(id(heading[2])) == "title" and len(self.sinks) == 1:
                self.new_chapter(heading[0], origin)
            else:
                self.flush()
                self.emit(Heading(heading[0], heading[1], origin))
            return False
        if role == "title" or (name in _HEADINGS and role is None):
            text = text_of(el)
            origin = Origin(path=element_path(el))
            if role == "title" and len(self.sinks) == 1:
                self.new_chapter(text, origin)
            elif text:
                self.flush()
                self.emit(Heading(text, _HEADINGS.get(name, 3), origin))
            return False
        if role in ("note", "endnote", "translator"):
            label = next((text_of(x) for x in el.find_all(True) if self.roles.get(id(x)) == "label"), "")
            self.push(_Sink("note", label=label, note_kind=cast(NoteKind, role)))
            return self.pop
        if name == "br":
            self.line_break()
            return False
        if name == "hr":
            self.flush()
            self.emit(SceneBreak("<hr>", Origin(path=element_path(el))))
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
        if not kinds:
            return None

        def close() -> None:
            for _ in kinds:
                self.close_mark()

        return close

    def _swallowed(self, el) -> bool:
        """Whether a widget holds the story (an unclosed element that a parser let swallow the page)."""
        paragraphs = el.find_all(_PARAGRAPHS, limit=50)
        if (el.name or "").lower() in _CONTROLS:
            return bool(paragraphs)
        return sum(len(p.get_text()) for p in paragraphs) >= _SWALLOWED

    def _record(self, el, rule: str) -> None:
        """A dropped element's text, recorded with where it was (a reader of the page did not see it)."""
        text = text_of(el)
        if text:
            self.removed.add(rule, text, where=element_path(el))

    def block(self, el, name: str):
        self.flush()
        self.aligns.append(_align(el) or self.aligns[-1])
        pre = name == "pre" or bool(_PRE_STYLE.search(el.get("style") or ""))
        self.pre += pre
        self.lines.append(_line_paragraphs(el))
        self.path.append(describe(el))

        def end():
            self.flush()
            self.aligns.pop()
            self.path.pop()
            self.lines.pop()
            self.pre -= pre

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
                item = _join(_flat(sink.items))
                if item:
                    self.sinks[-1].items.append(item)

            return end_item
        return self.pop

    def image(self, el):
        src = el.get("src") or ""
        width, height = el.get("width") or "", el.get("height") or ""
        if not src or (width.isdigit() and int(width) <= 2) or (height.isdigit() and int(height) <= 2):
            return False  # a tracking pixel or nothing to show
        image = self.pictures.load(src, squash(el.get("alt") or ""))
        if image:
            self.flush()
            self.emit(image)
        return False
