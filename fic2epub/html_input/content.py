"""Where the story is on a page no profile knows: the element that holds the page's prose.

Prose is told by its shape, in any language: paragraphs of sentences, few of their words in links,
not inside the regions pages give their furniture (``nav``, ``header``, ``footer``, ``aside``, forms,
and elements whose class or id names a sidebar, comments, a menu, a widget …). The story is the
smallest element holding nearly all of the page's prose (``SHARE``), so that a page's first or last
story paragraph is never cut off; what lies outside it is recorded as the page's chrome, and inside
it the generic drop rules and chrome rules still apply.

Also here: the classes a page's own stylesheet hides (``.x{display:none}``), which readers never
see — how Royal Road hides the sentence it inserts against copying.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .index import inside as within
from .walker import describe, text_of

#: The story is the smallest element holding this share of the page's prose.
SHARE = 0.85
#: Less prose than this (in letters; a CJK character counts 2) and the page is taken whole.
_MIN_PROSE = 300
#: A paragraph is prose from this many letters, when under this share of its text is in links.
_MIN_PARAGRAPH = 40
_MAX_LINKS = 0.35
#: Prose this many levels above the story's own paragraphs is still the story's (a preface beside it).
_NEAR = 2

_FURNITURE_TAGS = frozenset("nav header footer aside form menu select button noscript script style template".split())
#: Classes and ids of page furniture (matched as words of the class/id).
_FURNITURE = re.compile(
    r"(?:^|[\s_-])(?:sidebar|side-bar|widget|comments?|comment-list|respond|reply|replies|menu|navbar|"
    r"nav|navigation|breadcrumbs?|footer|header|masthead|banner|cookie|consent|share|sharing|social|"
    r"related|recommend(?:ed|ations?)?|popular|trending|advert\w*|ads?|sponsor\w*|promo\w*|newsletter|"
    r"subscribe|login|signup|modal|popup|toolbar|pagination|pager|announcement|announcements|"
    r"rating|reviews?|tags?cloud|author-?bio|about-?author)(?:$|[\s_-])",
    re.I,
)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_BLOCKS = ("p", "div", "td", "li", "section", "article", "blockquote", "dd", "pre", "main", "font", "span")


@dataclass
class Found:
    box: Any  # the element holding the story (a bs4 Tag)
    evidence: str
    layout: list = field(default_factory=list)  # layout tables inside it, before or after the story


def _weight(text: str) -> int:
    return len(text) + len(_CJK.findall(text))


def _furniture(el) -> bool:
    name = (el.name or "").lower()
    if name in _FURNITURE_TAGS:
        return True
    role = str(el.get("role") or "").lower()
    if role in ("navigation", "banner", "contentinfo", "complementary", "search", "menu", "dialog"):
        return True
    names = " ".join([*(el.get("class") or []), str(el.get("id") or "")])
    return bool(names and _FURNITURE.search(names))


def _prose_units(root, hidden: frozenset[str]):
    """(element, weight) for every paragraph-like element that is prose, outside furniture."""
    from bs4 import NavigableString, Tag

    stack = [root]
    while stack:
        el = stack.pop()
        if not isinstance(el, Tag) or el is not root and (_furniture(el) or _hides(el, hidden)):
            continue
        direct = "".join(str(c) for c in el.children if isinstance(c, NavigableString)).strip()
        children = [c for c in el.children if isinstance(c, Tag)]
        has_blocks = any((c.name or "").lower() in _BLOCKS[:-2] for c in children)
        if (el.name or "").lower() in _BLOCKS and (not has_blocks or len(direct) > _MIN_PARAGRAPH):
            text = text_of(el) if not has_blocks else direct
            links = sum(len(text_of(a)) for a in el.find_all("a")) if not has_blocks else 0
            weight = _weight(text)
            if weight >= _MIN_PARAGRAPH and links <= _MAX_LINKS * max(len(text), 1) and _sentence(text):
                yield el, weight - _weight(" " * 0)
            if not has_blocks:
                continue
        stack.extend(reversed(children))


def _sentence(text: str) -> bool:
    """Reads as writing: words and sentence punctuation, not a list of names or numbers."""
    return bool(re.search(r"[.!?…。！？」”\"'’,、，;:]", text)) and bool(re.search(r"[^\W\d_]{2}", text))


def _hides(el, hidden: frozenset[str]) -> bool:
    if el.has_attr("hidden"):
        return True
    classes = el.get("class") or []
    return bool(hidden and any(c in hidden for c in classes))


def main_content(doc, hidden: frozenset[str] = frozenset()) -> Found | None:
    """The element holding the page's story (see the module docstring), or None to read it whole.

    The element whose own paragraphs hold the most prose is the story's; it grows to its parent while
    the parent adds only a little more prose (a preface, an afterword, the chapter's heading beside
    it), or more of the same kind (a second ``div.chapter-part``), never a page's comments."""
    from bs4 import Tag

    body = doc.body or doc
    units = list(_prose_units(body, hidden))
    total = sum(w for _, w in units)
    if total < _MIN_PROSE:
        return None
    inside: dict[int, int] = {}
    direct: dict[int, int] = {}
    nodes: dict[int, Any] = {}
    for el, weight in units:
        parent = el.parent
        if parent is not None:
            direct[id(parent)] = direct.get(id(parent), 0) + weight
            nodes[id(parent)] = parent
        node = el
        while node is not None:
            inside[id(node)] = inside.get(id(node), 0) + weight
            if node is body:
                break
            node = node.parent
    best_id = max(direct, key=lambda k: direct[k])
    box = nodes[best_id]
    if box is body:
        return None
    probe = box
    for level in range(1, 5):
        parent = probe.parent
        if parent is None or parent is body:
            break
        added = inside.get(id(parent), 0) - inside.get(id(probe), 0)
        same_kind = [
            c
            for c in parent.children
            if isinstance(c, Tag)
            and c is not probe
            and c.name == probe.name
            and (c.get("class") or [])[:1] == (probe.get("class") or [])[:1]
        ]
        alike = sum(inside.get(id(c), 0) for c in same_kind) >= added * 0.9
        if added > 0 and not alike and (level > _NEAR or added > 0.5 * inside.get(id(box), 0)):
            break  # other prose up there (comments, blurbs): the story ends here
        probe = parent
        if added > 0 or _heading_beside(parent):
            box = probe  # more of the story up here: its preface and afterword, its heading
    if (box.name or "").lower() == "tr":  # a layout table's row: the story is the cell holding its prose
        cells = [c for c in box.find_all(["td", "th"], recursive=False) if inside.get(id(c), 0)]
        if len(cells) == 1:
            box = cells[0]
    share = round(100 * inside.get(id(box), 0) / total)
    prose = [el for el, _ in units if within(el, box)]
    return Found(
        box, f"story in {describe(box)}: {share}% of the page's prose ({len(prose)} paragraphs)", _layout(box, prose)
    )


def _layout(box, prose: list) -> list:
    """Tables of a table-layout page inside the story's cell, before its first paragraph or after its
    last, that hold no prose and are links or media (a sidebar of links, an audio player) or named as
    furniture (``class="comment"``): chrome."""
    if not prose:
        return []
    order = {id(el): k for k, el in enumerate(box.find_all(True))}
    first, last = order.get(id(prose[0]), 0), order.get(id(prose[-1]), 0)
    out: list = []
    for table in box.find_all("table"):
        at = order.get(id(table), 0)
        if first > at or at > last:
            if any(within(el, table) for el in prose) or (at < first and within(prose[0], table)):
                continue
            text = len(text_of(table))
            links = sum(len(text_of(a)) for a in table.find_all("a"))
            media = table.find(["img", "audio", "video", "iframe", "object", "embed"]) is not None
            if media or links >= 0.5 * text or _furniture(table):  # a ``table.comment`` box, a sidebar
                if not any(within(table, t) for t in out):
                    out.append(table)
    return out


_HEADINGS = ["h1", "h2", "h3", "h4"]


def _heading_beside(parent) -> bool:
    """Whether a child of ``parent`` is a heading, or a wrapper holding only headings
    (Pressbooks' ``div.chapter-title-wrap`` of an empty ``h3.chapter-number`` and ``h2.chapter-title``)."""
    from bs4 import Tag

    for child in parent.children:
        if not isinstance(child, Tag):
            continue
        if child.name in _HEADINGS[:3]:
            return True
        headings = child.find_all(_HEADINGS)
        if headings and len(text_of(child)) <= sum(len(text_of(h)) for h in headings) + 3:
            return True
    return False


#: ``.name { … display: none … }`` in a page's own stylesheet (simple class selectors only).
_HIDING_RULE = re.compile(
    r"((?:\.[\w-]+\s*,\s*)*\.[\w-]+)\s*\{[^{}]*?(?:display\s*:\s*none|visibility\s*:\s*hidden|speak\s*:\s*never)",
    re.I,
)
#: Classes that hide in the CSS frameworks pages are built with (Bootstrap's ``hidden``, ``d-none``).
FRAMEWORK_HIDDEN = frozenset({"hidden", "d-none", "hide", "is-hidden", "visually-hidden", "invisible"})


def hidden_classes(doc) -> frozenset[str]:
    """The classes the page's stylesheets hide, and the frameworks' hiding classes."""
    found = set(FRAMEWORK_HIDDEN)
    for style in doc.find_all("style"):
        css = style.get_text()
        if len(css) > 2_000_000:
            continue
        for selectors in _HIDING_RULE.findall(css):
            found.update(name.strip().lstrip(".") for name in selectors.split(","))
    return frozenset(found)
