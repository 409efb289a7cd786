"""Sites stage: recognise where a scrape came from, strip its chrome, lift its metadata.

The schema of a profile is in ``schema``; the profiles themselves, one data module per site, are in
``profiles/`` and listed in ``PROFILE_MODULES`` (adding a site is adding a module and its line here).
``engine`` applies a profile's rules; ``fields`` stores what they capture. This module detects the
site and reads a text scrape into a ``Draft`` (its text still to be structured); saved pages are read
by ``fic2epub.html_input`` with the same profiles.
"""

from __future__ import annotations

import importlib
from functools import cache

from ..errors import UsageError
from ..model import Draft, Metadata, Removed, SiteDetection
from .engine import apply_to_text, compile_pattern
from .fields import set_field
from .schema import SiteProfile

#: Every site profile module under ``profiles/``, in detection order (ties go to the first).
PROFILE_MODULES = (
    "ao3",
    "aozora",
    "dreamwidth",
    "efiction",
    "fanfiction_net",
    "fanfictions_fr",
    "ficbook",
    "fictionpress",
    "generic",
    "gutenberg",
    "hostednovel",
    "livejournal",
    "pandoc_fic",
    "royalroad",
    "scribblehub",
    "spacebattles",
    "sufficientvelocity",
    "syosetu",
    "tapas",
    "wattpad",
    "wuxiaworld",
    "wuxiaworld_site",
    "xenforo",
    "yiqi",
)
#: The fallback profile's name: pages and texts no profile recognises.
GENERIC = "generic"

__all__ = [
    "GENERIC",
    "PROFILE_MODULES",
    "compile_pattern",
    "detect",
    "generic",
    "all_profiles",
    "profile_named",
    "set_field",
    "strip_text",
]


@cache
def all_profiles() -> tuple[SiteProfile, ...]:
    """Every profile, in ``PROFILE_MODULES`` order."""
    return tuple(importlib.import_module(f"{__name__}.profiles.{name}").PROFILE for name in PROFILE_MODULES)


def generic() -> SiteProfile:
    return profile_named(GENERIC)


def profile_named(name: str) -> SiteProfile:
    """The profile ``name`` means (its name or an alias, any case); UsageError if none."""
    wanted = name.strip().lower()
    for profile in all_profiles():
        if wanted == profile.name or wanted in profile.aliases:
            return profile
    names = ", ".join(p.name for p in all_profiles())
    raise UsageError(f"unknown site {name!r}; known sites: {names}", option="site")


def _shorten(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _score(profile: SiteProfile, text: str) -> tuple[float, list[str]]:
    score, evidence = 0.0, []
    for sig in profile.signatures:
        pattern = compile_pattern(sig.pattern, sig.flags)
        if sig.min_count > 1:
            found = sum(1 for _ in zip(range(sig.min_count), pattern.finditer(text)))
            if found < sig.min_count:
                continue
            seen = f"{found}+ times"
        else:
            match = pattern.search(text)
            if not match:
                continue
            seen = repr(_shorten(match.group(0)))
        score += sig.weight
        evidence.append(f"{sig.why or sig.pattern}: {seen} (+{sig.weight:g})")
    return score, evidence


#: Signatures are looked for in the input's first and last characters (a 10 MB input would make every
#: signature scan all of it): the head, the first chapter and the footer are there.
_SAMPLE_HEAD, _SAMPLE_TAIL = 400_000, 100_000


def sample(text: str) -> str:
    """The part of an input that site detection reads."""
    if len(text) <= _SAMPLE_HEAD + _SAMPLE_TAIL:
        return text
    return text[:_SAMPLE_HEAD] + "\n" + text[-_SAMPLE_TAIL:]


def detect(text: str, forced: str | None = None) -> SiteDetection:
    """Pick the profile with the most evidence in ``text`` (the raw decoded input)."""
    if forced:
        return SiteDetection(profile_named(forced), 1.0, [f"forced with --site {forced}"], float("inf"))
    best: SiteDetection | None = None
    for profile in all_profiles():
        if not profile.signatures:
            continue
        score, evidence = _score(profile, text)
        if score >= profile.threshold and (
            best is None or score / profile.threshold > best.score / best.profile.threshold
        ):
            best = SiteDetection(profile, 0.0, evidence, score)
    if best is None:
        return SiteDetection(generic(), 0.0, ["no site signature found"])
    best.confidence = round(min(1.0, best.score / (best.profile.threshold * 2)), 3)
    return best


def strip_text(text: str, forced: str | None = None, keep_chrome: bool = False) -> tuple[Draft, str]:
    """Recognise the site of a text scrape, strip its chrome and lift its metadata.

    Returns the Draft (no parts yet: the structure stage reads them from the text) and the text left.
    The site's rules apply, then the generic profile's universal residue rules. With ``keep_chrome``
    nothing is removed; rules that only read metadata still apply.
    """
    detection = detect(sample(text), forced)
    draft = Draft(Metadata(), [], Removed(), detection, "text")
    profile = detection.profile
    residue = generic().rules if profile.name != GENERIC else ()

    def capture(target: str, value: str) -> bool:
        return set_field(draft, target, value)

    left, removals, draft.line_map = apply_to_text(text, (*profile.rules, *residue), capture, remove=not keep_chrome)
    draft.removed.items.extend(removals)
    draft.lines = left.split("\n")
    return draft, left
