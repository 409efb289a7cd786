"""A profile's HTML rules applied to a parsed page: metadata lifted, the story container found,
note and title roles given, chrome elements dropped (each recorded with its element path)."""

from __future__ import annotations

import re

from ..model import Draft, Metadata, Removed
from ..sites.fields import set_field
from ..sites.schema import HtmlRules
from .index import Index
from .walker import element_path, squash, text_of


def _meta_value(el, attr: str | None) -> str:
    if attr:
        return el.get(attr) or ""
    return text_of(el)


_SMALL_WORDS = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"}


def _unslug(slug: str) -> str:
    words = [w for w in re.split(r"[-_+]+", slug) if w]
    return " ".join(w if i and w in _SMALL_WORDS else w[:1].upper() + w[1:] for i, w in enumerate(words))


def _numeric_date(value: str, order: str) -> str:
    """``11/4/2002`` (``mdy``) or ``4/11/2002`` (``dmy``) -> ``2002-11-04``; anything else unchanged."""
    found = re.fullmatch(r"\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*", value)
    if not found:
        return value
    first, second, year = (int(g) for g in found.groups())
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
            for piece in re.split(meta.split, value) if meta.split else [value]:
                set_field(draft, meta.target, piece)
            if meta.remove:
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
