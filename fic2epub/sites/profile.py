"""The shape of a site profile: everything the pipeline knows about one site, as data.

A profile says how to recognise the site (``signatures``), which text is chrome (``rules``), and
for saved pages where the story and its metadata sit (``html``). The mechanism that applies
profiles lives in ``fic2epub.sites``; profiles themselves hold no code.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .html_rules import HtmlRules


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
    """A piece of chrome (or a place where metadata sits), matched by a regex over the text.

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
    the first value found wins. Groups named in ``keep`` stay in the text; the rest of the match is
    removed. A rule with ``remove=False`` only captures metadata and removes nothing.
    Rules apply in order, each to the text the earlier ones left.
    """

    name: str
    pattern: str
    where: str = "any"
    window: int = 3
    min_count: int = 1
    skip_first: int = 0
    capture: dict[str, str] = field(default_factory=dict)
    keep: tuple[str, ...] = ()
    remove: bool = True
    flags: str = ""
    why: str = ""  # one line: what this chrome is


@dataclass(frozen=True)
class SiteProfile:
    name: str  # short id used by --site: "wattpad", "ao3"
    label: str  # the site's name for people: "Wattpad"
    signatures: tuple[Signature, ...] = ()
    rules: tuple[Rule, ...] = ()
    html: HtmlRules | None = None
    threshold: float = 1.0  # score needed to pick this profile
    language: str | None = None  # the site's usual language, when it has one
    names_site: bool = True  # False: the label names a format, not a publisher (no metadata.site)
    aliases: tuple[str, ...] = ()  # other names --site accepts: "ffn", "pg"
    #: the story's address built from its id, e.g. "https://www.gutenberg.org/ebooks/{story_id}"
    story_url: str | None = None
