"""A profile's HTML rules applied to a parsed page: metadata lifted, the story container (or the posts
that are the story) found, note and title roles given, chrome elements dropped (each recorded with its
element path)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from ..model import Draft, Metadata, Origin, Removed
from ..sites.fields import set_field
from ..sites.schema import Drop, HtmlRules, ScriptNotes
from .index import Index, inside
from .walker import element_path, squash, text_of

#: Elements whose text no reader sees on the page: an icon's ``<svg><title>``, scripts, templates.
_UNSEEN = frozenset({"svg", "script", "style", "template", "noscript"})


def _seen_text(el) -> str:
    """An element's text as the page shows it: not the titles of its icons (``<svg><title>Setting``)."""
    if el.find(_UNSEEN) is None:
        return text_of(el)

    def unseen(piece) -> bool:
        node = piece.parent
        while node is not None and node is not el:
            if node.name in _UNSEEN:
                return True
            node = node.parent
        return False

    return squash(" ".join(str(piece) for piece in el.strings if not unseen(piece)))


def _meta_value(el, attr: str | None) -> str:
    if attr:
        return el.get(attr) or ""
    return _seen_text(el)


_SMALL_WORDS = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"}


def _unslug(slug: str) -> str:
    words = [w for w in re.split(r"[-_+]+", slug) if w]
    return " ".join(w if i and w in _SMALL_WORDS else w[:1].upper() + w[1:] for i, w in enumerate(words))


def _numeric_date(value: str, order: str) -> str:
    """``11/4/2002`` (``mdy``) or ``4/11/2002`` (``dmy``) -> ``2002-11-04``; a two-digit year is of this
    century up to 69 (``08-29-06`` -> ``2006-08-29``), of the last from 70; anything else unchanged."""
    found = re.fullmatch(r"\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})\s*", value)
    if not found:
        return value
    first, second, year = (int(g) for g in found.groups())
    if len(found.group(3)) == 2:
        year += 2000 if year < 70 else 1900
    month, day = (first, second) if order == "mdy" else (second, first)
    return f"{year:04d}-{month:02d}-{day:02d}" if 1 <= month <= 12 and 1 <= day <= 31 else value


def lift_meta(index: Index, rules: HtmlRules, draft: Draft, removals: list) -> None:
    """The page's metadata by the profile's ``meta`` and ``meta_lists``; elements to take out in ``removals``."""
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
            if meta.dates:
                value = _numeric_date(value, meta.dates)
            placed = [
                set_field(draft, meta.target, piece)
                for piece in (re.split(meta.split, value) if meta.split else [value])
            ]
            if meta.remove and all(placed):  # a value the field has no room for stays in the story
                removals.append((el, meta.target))
    for dl in (d for selector in rules.meta_lists for d in index.select(selector)):
        _lift_pairs(dl, rules.labels, draft)


def _label_target(label: str, labels: dict[str, str]) -> str | None:
    key = squash(label).rstrip(":").strip().lower()
    return labels.get(key) or labels.get(key.rstrip("s"))


#: ``Published: 2021-04-27 Words: 4,425 Chapters: 2/25`` written as one line of text.
_PAIRS = re.compile(r"([A-Z][\w ]{0,20}?):\s*([^\s:]+(?:\s(?![A-Z][\w ]{0,20}?:)[^\s:]+)*)")


def _lift_pairs(dl, labels: dict[str, str], draft: Draft) -> None:
    label = None
    for child in dl.find_all(["dt", "dd"], recursive=False):
        if child.name == "dt":
            label = text_of(child)
            continue
        target = _label_target(label or "", labels)
        label = None
        if target is None:
            continue
        nested = child.find("dl")
        if nested is not None:
            _lift_pairs(nested, labels, draft)
        elif target == "@pairs":
            for name, value in _PAIRS.findall(text_of(child)):
                inner = _label_target(name, labels)
                if inner and inner != "@pairs":
                    set_field(draft, inner, value)
        else:
            values = child.find_all("li") or child.find_all("a") or [child]
            for value in values:
                set_field(draft, target, text_of(value))


def derive_status(meta: Metadata) -> None:
    """``Chapters: 2/25`` (AO3 and others) says whether the story is finished."""
    found = re.fullmatch(r"(\d+)\s*/\s*(\d+|\?)", meta.stats.get("chapters", ""))
    if found and not meta.status:
        meta.status = "Complete" if found.group(1) == found.group(2) else "In progress"


def containers(index: Index, selectors: tuple[str, ...]) -> list:
    for selector in selectors:
        found = index.select(selector)
        if found:
            ids = {id(el) for el in found}
            return [el for el in found if not any(id(p) in ids for p in el.parents)]
    return [index.doc.body or index.doc]


def roles(index: Index, containers: list, rules) -> dict[int, str]:
    roles: dict[int, str] = {}
    groups = (
        ("label", rules.note_label),
        ("endnote", rules.end_notes),
        ("translator", rules.translator_notes),
        ("note", rules.notes),
        ("title", rules.chapter_title),
    )
    for role, selectors in groups:
        for selector in selectors:
            for box in containers:
                for el in index.select(selector, box):
                    roles.setdefault(id(el), role)
    return roles


def drop(el, rule: str, removed: Removed, moved: str | None = None) -> None:
    """Take ``el`` out of the page, recording its text (whole), where it was, and the metadata field
    it went to (``moved``) when it was lifted rather than thrown away."""
    text = text_of(el)
    if text:
        removed.add(rule, text, where=element_path(el), moved=moved)
    el.decompose()


def drop_rule(item: str | Drop, name: str) -> tuple[str, str]:
    """A ``drop`` entry's selector and the rule its removals are recorded as (``PROFILE.drop`` or
    ``PROFILE.NAME``)."""
    if isinstance(item, Drop):
        return item.selector, f"{name}.{item.name}"
    return item, f"{name}.drop"


@dataclass
class Entry:
    """A post kept as story: the element read (its body, taken out of the page), and what it is."""

    body: Any
    kind: Literal["chapter", "note", "story"]
    title: str | None
    origin: Origin


def _same_name(a: str, b: str) -> bool:
    return squash(a).casefold() == squash(b).casefold()


def posts(index: Index, rules: HtmlRules, draft: Draft, name: str) -> list[Entry]:
    """The posts of a page that are the story (``HtmlRules.posts``), in page order; every other post,
    and the furniture of those kept, is taken out of the page and recorded. The bodies of the posts
    kept are taken out of the page too: they are what the walker reads."""
    spec = rules.posts
    assert spec is not None
    found = index.select(spec.post)
    ids = {id(el) for el in found}
    found = [el for el in found if not any(id(p) in ids for p in el.parents)]

    def author_of(post) -> str:
        if spec.author.startswith("@"):
            return squash(str(post.get(spec.author[1:]) or ""))
        named = index.select(spec.author, post) if spec.author else []
        return text_of(named[0]) if named else ""

    if found and not draft.metadata.authors and author_of(found[0]):
        set_field(draft, "authors", author_of(found[0]))
    author = draft.metadata.authors[0] if draft.metadata.authors else ""

    def mine(post) -> bool:
        return not spec.by_author or _same_name(author_of(post), author)

    def label_of(post):
        labels = [el for el in index.select(spec.title, post) if text_of(el)] if spec.title else []
        return labels[0] if labels else None

    titled = any(label_of(post) is not None and mine(post) for post in found)
    entries: list[Entry] = []
    opening = True  # nothing but the author's untitled posts so far: the page's opening
    for post in found:
        origin = Origin(path=element_path(post))
        bodies = index.select(spec.body, post)
        label = label_of(post)
        kind: Literal["chapter", "note", "story"]
        if not mine(post):
            drop(post, f"{name}.post.other", draft.removed)
            opening = False
            continue
        if label is not None and bodies:
            kind = "chapter"
        elif not titled and bodies:
            kind = "story"
        elif opening and bodies:
            kind = "note"
        else:
            drop(post, f"{name}.post.reply" if bodies else f"{name}.post.furniture", draft.removed)
            opening = False
            continue
        opening = opening and kind == "note"
        body = bodies[0]
        title = text_of(label) if label is not None else None
        if label is not None:
            label.decompose()  # its words are the chapter's title
        for item in rules.drop:  # the post's own chrome, by name: signature, reactions …
            selector, rule = drop_rule(item, name)
            for el in index.select(selector, post):
                if el.parent is not None and not inside(el, body) and not inside(body, el):
                    drop(el, rule, draft.removed)
        body.extract()
        drop(post, f"{name}.post.furniture", draft.removed)
        entries.append(Entry(body, kind, title, origin))
    return entries


def script_notes(doc, boxes: list, spec: ScriptNotes) -> int:
    """The footnotes a script of ``doc`` keeps (``ScriptNotes``), put where a reader sees them: each mark
    inside ``boxes`` becomes ``[N]``, its note a paragraph ``[N] …`` after the last box's text. A mark
    whose id the script does not hold is left as it is. Returns how many notes were placed."""
    import json

    notes: dict = {}
    start = re.compile(rf"\b{re.escape(spec.variable)}\s*=\s*(?=\{{)")
    for script in doc.find_all("script"):
        code = script.string or ""
        found = start.search(code)
        if found:
            try:
                value, _ = json.JSONDecoder().raw_decode(code, found.end())
            except ValueError:
                continue
            if isinstance(value, dict):
                notes = {str(k): v for k, v in value.items() if isinstance(v, str) and v.strip()}
                break
    if not notes or not boxes:
        return 0
    placed: list[str] = []
    for box in boxes:
        for mark in box.select(spec.mark):
            note = notes.get(str(mark.get("id", "")))
            if note is None:
                continue
            placed.append(note)
            mark.clear()
            mark.append(f"[{len(placed)}]")
    for number, note in enumerate(placed, 1):
        paragraph = doc.new_tag("p")
        paragraph.string = f"[{number}] {note.strip()}"
        boxes[-1].append(paragraph)
    return len(placed)
