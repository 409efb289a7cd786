"""HTML reader: a saved page -> a ``Draft`` (parts of model blocks, the metadata on the page, removals).

In order: MHTML unwrapped and the page prepared (``sniff``); the site recognised on the raw HTML;
the page parsed once and indexed (``index``); the profile's HTML rules applied (``page_rules``):
metadata lifted, the story container found (or, on a page of posts, the posts that are the story, each
a chapter, a note or a run of story), chrome elements dropped; the container walked into
blocks (``walker``, pictures by ``pictures``); the profile's chrome rules applied to the paragraphs by
the same rule engine that reads text scrapes. Every element or paragraph taken out is recorded in
``Removed``. Book-level decisions (front matter, titles, chapters) are the structure stage's.

The only file access is ``pictures.read_local_image``: pictures under ``Options.base_dir``, never
outside it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import AuthorNote, Draft, Metadata, Paragraph, Part, Quote, Removal, Removed
from ..options import Options
from .sniff import is_html, soup

if TYPE_CHECKING:
    from .page_meta import PageFacts
    from .pictures import PagePictures

__all__ = ["is_html", "read_page", "soup"]


def _root(el):
    while el.parent is not None:
        el = el.parent
    return el


def _paragraph_slots(parts: list[Part]) -> list[tuple[list, int]]:
    """Every paragraph of the book a chrome rule may read: (its list, its index), in reading order."""
    slots: list[tuple[list, int]] = []

    def add(blocks: list) -> None:
        for i, block in enumerate(blocks):
            if isinstance(block, Paragraph):
                slots.append((blocks, i))
            elif isinstance(block, AuthorNote):
                slots.extend((block.paragraphs, j) for j in range(len(block.paragraphs)))
            elif isinstance(block, Quote):  # a quotation left open swallows what follows it on the page
                add(block.blocks)

    for part in parts:
        add(part.blocks)
    return slots


def _strip_paragraphs(parts: list[Part], rules, draft: Draft, remove: bool) -> None:
    """The site's chrome rules (those of its text scrapes, then its pages' own), then the generic residue
    rules, over the paragraphs (``engine``): a site's chrome is the same text however the page was saved."""
    from ..sites import generic, set_field

    residue = generic().rules
    site_rules = draft.profile.rules if draft.profile.name != "generic" else ()
    _apply(
        parts,
        (*site_rules, *rules.chrome, *residue),
        lambda target, value: set_field(draft, target, value),
        draft,
        remove,
    )
    if remove and len(parts) > 1:
        _chapter_edges(parts, draft)
    for part in parts:
        blocks = []
        for block in part.blocks:
            if isinstance(block, AuthorNote) and not block.paragraphs:
                if block.label:
                    draft.removed.add(f"{draft.profile.name}.empty_note", block.label)
                continue
            blocks.append(block)
        part.blocks = blocks


def _chapter_edges(parts: list[Part], draft: Draft) -> None:
    """The chrome families that hold at the story's edges, at each chapter's edges too: a printable
    page's ``Back to Index`` under every chapter, a ``Next Chapter`` link between two."""
    from ..sites.families import FAMILY_RULES

    edge_rules = [rule for rule in FAMILY_RULES if rule.where == "edges"]
    for part in parts:
        _apply([part], edge_rules, lambda *_: True, draft, True)


def _apply(parts: list[Part], rules, capture, draft: Draft, remove: bool) -> None:
    """``rules`` over the paragraphs of ``parts`` (``engine.apply_to_paragraphs``), each paragraph put
    back as the rules left it (or taken out), the removals recorded."""
    from ..sites.engine import apply_to_paragraphs

    slots = _paragraph_slots(parts)
    kept, removals = apply_to_paragraphs([where[i] for where, i in slots], rules, capture, remove)
    for (where, i), paragraph in reversed(list(zip(slots, kept))):
        if paragraph is None:
            del where[i]
        else:
            where[i] = paragraph
    draft.removed.items.extend(removals)


def _walk_page(
    html: str, options: Options, rules, draft: Draft, pictures: PagePictures
) -> tuple[list[Part], PageFacts]:
    """The page's tree, read: the metadata lifted into ``draft``, the story's parts walked, the facts
    the page gives about itself. The tree is taken apart before it is let go: bs4's elements point at
    each other, and a 10 MB page's tree (~80 MB) would otherwise live on until the next full garbage
    collection, through the rules and typography."""
    from . import content, page_meta
    from .index import Index
    from .page_rules import containers, derive_status, drop, drop_rule, lift_meta, posts, roles, script_notes
    from .sniff import is_xhtml, open_self_closed
    from .walker import Walker, text_of

    name = draft.site.profile.name
    if is_xhtml(html):
        html = open_self_closed(html)
    doc = soup(html)
    index = Index(doc)
    removals: list = []
    lift_meta(index, rules, draft, removals)
    derive_status(draft.metadata)

    hidden = content.hidden_classes(doc)
    entries = posts(index, rules, draft, name) if rules.posts and not options.keep_chrome else None
    if entries is not None:
        boxes = [entry.body for entry in entries]
    else:
        boxes = containers(index, () if options.keep_chrome else rules.container)
    if name == "generic" and not options.keep_chrome:
        found = content.main_content(doc, hidden)
        if found is not None:
            boxes = [found.box]
            draft.evidence.append(found.evidence)
            for table in found.layout:
                drop(table, "generic.layout_table", draft.removed)
    facts = page_meta.gather(doc, boxes)
    if not options.keep_chrome:
        for el in boxes:
            el.extract()
        outside = text_of(doc)
        if outside:
            draft.removed.items.append(Removal(f"{name}.outside_story", outside, where="page"))
        for el, target in removals:
            if el.parent is not None and any(_root(el) is box for box in boxes):
                drop(el, f"{name}.meta.{target}", draft.removed, moved=target)
        for item in rules.drop:
            selector, rule = drop_rule(item, name)
            for box in boxes:
                for el in index.select(selector, box):
                    if el.parent is not None:
                        drop(el, rule, draft.removed)
    if rules.script_notes is not None:
        script_notes(doc, boxes, rules.script_notes)
    walker = Walker(roles(index, boxes, rules), pictures, draft.removed, name, hidden)
    if entries is None:
        for box in boxes:
            walker.walk(box)
    else:
        for entry in entries:
            walker.walk_entry(entry.body, entry.kind, entry.title, entry.origin)
    walker.flush()
    for tree in (*boxes, doc):
        if not tree.decomposed:  # a box may be the page itself
            tree.decompose()
    return walker.parts, facts


def read_page(html: str, options: Options) -> Draft:
    """A saved page -> its Draft: the story's parts, the page's metadata, what was removed."""
    from .. import sites, structure
    from . import page_meta
    from .pictures import PagePictures
    from .sniff import control_free, is_mhtml, unwrap_mhtml

    resources: dict = {}
    if is_mhtml(html):
        html, resources = unwrap_mhtml(html)
    html = control_free(html)
    detection = sites.detect(sites.sample(html), options.site)
    profile = detection.profile
    rules = profile.html or sites.generic().html
    assert rules is not None
    draft = Draft(Metadata(), [], Removed(), detection, "html")
    pictures = PagePictures(options.base_dir, resources)
    parts, facts = _walk_page(html, options, rules, draft, pictures)

    parts = structure.heading_chapters(parts)
    _strip_paragraphs(parts, rules, draft, remove=not options.keep_chrome)
    if rules.split_headings:
        parts = [
            piece
            for part in parts
            for piece in ([part] if part.title is not None else structure.split_chapters(part.blocks, options))
        ]
    if rules.lead_notes:
        parts = [Part(p.title, structure.lead_notes(p.blocks), p.number, p.words, p.origin) for p in parts]
    if rules.heading_block:
        parts = [Part(p.title, structure.heading_block(p.blocks), p.number, p.words, p.origin) for p in parts]
    draft.parts = parts
    titles = [p.title for p in parts if p.title and p.blocks] + ([draft.part_title] if draft.part_title else [])
    draft.evidence.extend(page_meta.fill(facts, draft, titles))
    draft.warnings.extend(pictures.warnings())
    return draft
