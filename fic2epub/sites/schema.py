"""The shape of a site profile: everything the pipeline knows about one site, as data.

A profile says how to recognise the site (``signatures``), which text is chrome (``rules`` for text
scrapes; ``html.chrome`` for the paragraphs of a saved page, read by the same rule engine), and for
saved pages where the story and its metadata sit (``html``: a container, or for a page of posts such
as a forum thread the ``Posts`` that are the story; elements dropped, plain or as a named ``Drop``). The mechanism that applies profiles
lives in ``fic2epub.sites`` (detection, ``engine``) and ``fic2epub.html_input``; profiles hold no code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal, get_args

#: Where in the text a rule may act (see ``Rule``).
Where = Literal["any", "start", "end", "edges"]
WHERE: tuple[str, ...] = get_args(Where)


@dataclass(frozen=True)
class Signature:
    """Evidence that a text comes from the site: a regex searched in the raw input.

    The pattern is compiled with re.MULTILINE (plus ``flags``). It counts as evidence, adding
    ``weight`` to the site's score, when it matches at least ``min_count`` times.
    """

    pattern: str
    weight: float = 1.0
    flags: str = ""  # "i" for case-insensitive, "s" for dot-matches-newline
    min_count: int = 1
    why: str = ""  # what the evidence is, as ``inspect`` shows it


@dataclass(frozen=True)
class Rule:
    """A piece of chrome (or a place where metadata sits), matched by a regex over lines of text.

    The engine (``fic2epub.sites.engine``) gives every field one meaning, whether the rule reads a
    text scrape or the paragraphs of a saved page (one paragraph a line group, a blank line between
    paragraphs, as in a text scrape).

    ``pattern`` is compiled with re.MULTILINE (plus ``flags``) and should match whole lines
    (anchor it with ``^`` and ``$``). ``where`` limits the match to where the chrome occurs:
    ``start`` - the match begins within the first ``window`` non-blank lines;
    ``end`` - the match ends within the last ``window`` non-blank lines;
    ``edges`` - within ``window`` non-blank lines of the start or of the end;
    ``any`` - anywhere, but only when it matches at least ``min_count`` times (an ad line that
    repeats at every page join has ``min_count=2``).
    The first ``skip_first`` matches stay in the text (a block repeated before every chapter is
    kept once). Named groups listed in ``capture`` become metadata: the value is a Metadata field
    name (``title``, ``authors``, ``summary``, ``published`` …), ``stats.NAME`` for a counter,
    ``extra.NAME`` for anything else, or ``part_title`` for the title of the text's first chapter;
    the first value found wins; groups of one match named for the same field are one value, joined
    by a space. Groups named in ``keep`` stay in the text; the rest of the match is
    removed. A rule with ``remove=False`` only captures metadata and removes nothing.
    Rules apply in order, each to the text the earlier ones left.
    """

    name: str
    pattern: str
    where: Where = "any"
    window: int = 3
    min_count: int = 1
    skip_first: int = 0
    capture: dict[str, str] = field(default_factory=dict)
    keep: tuple[str, ...] = ()
    remove: bool = True
    flags: str = ""
    why: str = ""  # one line: what this chrome is

    def __post_init__(self) -> None:
        # a profile's mistake fails when the profile is loaded, not when a reader's file matches it
        if self.where not in WHERE:
            raise ValueError(f"rule {self.name}: where={self.where!r} is not one of {', '.join(WHERE)}")
        if self.window < 1 or self.min_count < 1 or self.skip_first < 0:
            raise ValueError(f"rule {self.name}: window and min_count must be >= 1, skip_first >= 0")


@dataclass(frozen=True)
class Meta:
    """One metadata value on a saved page.

    ``target`` is a Metadata field as in ``Rule.capture`` (``title``, ``authors``, ``stats.hits``,
    ``extra.translator`` …). Every element ``selector`` matches gives a value (list fields collect them
    all, single fields keep the first); a selector may end in ``@attr`` to read an attribute instead of
    the text. ``pattern`` (a regex searched in the value) keeps its group 1 and skips values it does not
    match; ``template`` formats the result (``"https://x/{}"``); ``remove`` takes the element out of the
    story (recorded) when it sits inside it; ``slug`` reads an address slug as words
    (``legend-of-the-great-sage`` -> ``Legend of the Great Sage``); ``split`` (a regex) makes one value
    several (``Adventure/Romance``, ``Riku, Sora``); ``dates`` says how the site writes a numeric date
    (``"mdy"``: ``11/4/2002`` is 4 November; ``"dmy"``: 4 November is ``4/11/2002``).
    """

    target: str
    selector: str
    pattern: str | None = None
    template: str | None = None
    remove: bool = False
    slug: bool = False
    split: str | None = None
    dates: Literal["mdy", "dmy"] | None = None


@dataclass(frozen=True)
class Drop:
    """A named kind of chrome on a saved page: the elements ``selector`` matches are taken out of the
    story and recorded as ``PROFILE.NAME`` (``spacebattles.signature``), so ``inspect`` says what each
    removal was. A plain selector in ``HtmlRules.drop`` is recorded as ``PROFILE.drop``."""

    name: str  # without the profile's prefix: "signature", "reactions"
    selector: str
    why: str = ""  # one line: what this chrome is

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[a-z][a-z0-9_]*", self.name):
            raise ValueError(f"drop {self.name!r}: a name is lower-case letters, digits and _ (no profile prefix)")


@dataclass(frozen=True)
class Posts:
    """A page made of posts (a forum thread, its reader mode): which posts are the story, and where its
    chapters start. Every element ``post`` matches is a post (nested matches are part of their post).

    Inside a post, ``body`` (its first match) is what a reader reads: the rest of the post (the poster's
    card, dates, post numbers, buttons, reactions, signature) is chrome, recorded as
    ``PROFILE.post.furniture`` (or by the name of a ``Drop`` that matches it). ``title`` (its first match)
    makes the post a chapter of that title (a forum's threadmark label; repeated copies of the label are
    furniture). ``author`` says who wrote the post: ``@attr`` reads an attribute of the post, anything
    else is a selector inside it whose text is the name.

    With ``by_author`` the story is the book's author's posts only (the author the page's ``meta``
    found, else the first post's): a post by anyone else is recorded as ``PROFILE.post.other``. Of the
    author's posts, a titled one is a chapter; an untitled one is an author's note when it opens the
    page before any titled post (a thread's first post: a foreword), and chrome after a chapter (a reply
    to readers: ``PROFILE.post.reply``). On a page where no post of the author has a title, all of them
    are the story, one after the other, a scene break between two posts. A page with no post at all
    has no story (a threadmark index, a member page).
    """

    post: str
    body: str
    title: str = ""
    author: str = ""
    by_author: bool = True


@dataclass(frozen=True)
class ScriptNotes:
    """Footnotes a page keeps in a script, not in its text (ficbook: ``const textFootnotes = {"fn_1":
    "…"}``, shown by the reader's script in the empty ``<span class="footnote" id="fn_1">`` marks).
    ``variable`` names the script's object (a JSON object of mark id to note text); ``mark`` selects the
    marks. Each mark inside the story becomes its number (``[1]``), and its note a paragraph at the end
    of the story (``[1] …``), which the structure stage reads as a footnote."""

    variable: str
    mark: str = "span.footnote[id]"


@dataclass(frozen=True)
class HtmlRules:
    """Where a saved page of the site keeps the story and its metadata (CSS selectors, as soupsieve
    reads them)."""

    #: first selector that matches anything holds the story (all its matches, in page order);
    #: nothing matching -> the page body
    container: tuple[str, ...] = ()
    #: elements removed (recorded) before the story is read: menus, counters, comments, ads; a ``Drop``
    #: names what it removes (recorded as ``PROFILE.NAME``), a plain selector is ``PROFILE.drop``
    drop: tuple[str | Drop, ...] = ()
    #: the page is a run of posts, some of them the story (a forum thread): see ``Posts``; the story's
    #: elements are then the bodies of the posts kept, and ``container`` is not used
    posts: Posts | None = None
    #: elements whose text starts a new chapter and is its title
    chapter_title: tuple[str, ...] = ()
    #: author's-note blocks (kept as AuthorNote); ``note_label`` finds the label inside one
    notes: tuple[str, ...] = ()
    note_label: tuple[str, ...] = ()
    #: notes that come after the story (AuthorNote.kind "endnote"), and translators' notes
    end_notes: tuple[str, ...] = ()
    translator_notes: tuple[str, ...] = ()
    meta: tuple[Meta, ...] = ()
    #: ``dl`` elements of ``dt``/``dd`` label/value pairs; ``labels`` maps a label to a Meta target
    meta_lists: tuple[str, ...] = ()
    labels: dict[str, str] = field(default_factory=dict)
    #: chrome among the story's paragraphs, read by the rule engine like a text scrape's lines
    chrome: tuple[Rule, ...] = ()
    #: paragraphs that read as chapter headings (``structure.split_chapters``) start chapters:
    #: scraper dumps whose chapter headings are the author's own bold lines
    split_headings: bool = False
    #: wholly bold or italic paragraphs before a chapter's first scene break, with no label, are the
    #: author's note (FFN authors open chapters so: ``<p><em><strong>Kitsune here …</strong></em></p><hr>``)
    lead_notes: bool = False
    #: a chapter's opening run of three or more short, wholly bold paragraphs, prose after it (the
    #: author's own heading block: title, byline, place and date, written with blank lines between), is
    #: one paragraph, its lines kept
    heading_block: bool = False
    #: footnotes kept in a script object (see ``ScriptNotes``)
    script_notes: ScriptNotes | None = None
    #: the field the page's own author marks (a JSON-LD author, a byline linking to a profile) name:
    #: ``extra.translator`` on a site of translations that credits its translator there
    page_authors: str = "authors"


def sister(base: SiteProfile, name: str, label: str, **changes) -> SiteProfile:
    """A site that runs another's engine (FictionPress on FanFiction.net's): ``base`` with its own
    name, label and ``changes``, every rule renamed to its prefix (one spelling a profile)."""
    from dataclasses import replace

    def renamed(rules: tuple[Rule, ...]) -> tuple[Rule, ...]:
        return tuple(replace(r, name=f"{name}.{r.name.partition('.')[2]}") for r in rules)

    html = changes.pop("html", base.html)
    if html is not None:
        html = replace(html, chrome=renamed(html.chrome))
    return replace(base, name=name, label=label, rules=renamed(changes.pop("rules", base.rules)), html=html, **changes)


@dataclass(frozen=True)
class SiteProfile:
    """One site: its name (``--site NAME``), how to recognise it, its chrome and where its metadata sits."""

    name: str  # the one spelling: the module's name and every rule's prefix ("wattpad", "fanfiction_net")
    label: str  # the site's name for people: "Wattpad"
    signatures: tuple[Signature, ...] = ()
    rules: tuple[Rule, ...] = ()
    html: HtmlRules | None = None
    threshold: float = 1.0  # score needed to pick this profile
    language: str | None = None  # the site's usual language, when it has one
    names_site: bool = True  # False: the label names a format, not a publisher (no metadata.site)
    aliases: tuple[str, ...] = ()  # other names --site accepts: "ffn", "fanfiction.net", "pg"
    #: the story's address built from its id, e.g. "https://www.gutenberg.org/ebooks/{story_id}"
    story_url: str | None = None
    #: words a saved file's name uses for the site (``ao3-crimson-supernova``, ``story_ffn``): taken
    #: out of a title made from the file name (lower case; words of the name split at ``_ - . space``)
    file_words: tuple[str, ...] = ()
    #: how the site writes a creator shown under a pen name: a regex with the groups ``name`` (the pen
    #: name, the book's creator) and ``user`` (the account, kept as metadata); AO3's ``Pseud (user)``
    pseud: str | None = None
