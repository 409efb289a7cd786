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
    """Evidence that a text comes from the site: a regex searched in the raw input."""

    pattern: str
    weight: float = 1.0
    flags: str = ""  # "i" for case-insensitive


@dataclass(frozen=True)
class Rule:
    """A piece of chrome, matched by a regex over whole lines of the text.

    ``pattern`` is compiled with re.MULTILINE (plus ``flags``) and must match whole lines
    (anchor it with ``^`` and ``$``). ``where`` limits the match to where the chrome occurs:
    ``start`` - the match begins within the first ``window`` non-blank lines;
    ``end`` - the match ends within the last ``window`` non-blank lines;
    ``any`` - anywhere, but only when it matches at least ``min_count`` times.
    Named groups listed in ``capture`` become metadata: the value is a Metadata field name
    (``title``, ``authors``, ``summary``, ``tags`` …), ``stats.NAME`` for a counter,
    ``extra.NAME`` for anything else, or ``part_title`` for the title of the text's first chapter.
    Groups named in ``keep`` stay in the text in place of the match.
    """

    name: str
    pattern: str
    where: str = "any"
    window: int = 3
    min_count: int = 1
    capture: dict[str, str] = field(default_factory=dict)
    keep: tuple[str, ...] = ()
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
