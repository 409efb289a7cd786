"""Sites stage: recognise where a scrape came from, strip its chrome, lift its metadata.

Each site is one module in this package holding a ``PROFILE`` (see ``profile.py``); the list
``site_modules()`` finds them, so adding a site is adding a module. This module only applies profiles; it knows no site.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..errors import UsageError
from ..model import Metadata, Removed
from .profile import Rule, SiteProfile

#: Modules of this package that are not site profiles.
_NOT_SITES = {"profile", "html_rules"}


@lru_cache(maxsize=None)
def site_modules() -> tuple[str, ...]:
    """Every profile module in this package, sorted by name; ``generic`` is the fallback."""
    import pkgutil

    return tuple(sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name not in _NOT_SITES and not m.name.startswith("_")))


@dataclass
class Detection:
    profile: SiteProfile
    confidence: float
    evidence: list[str] = field(default_factory=list)


@dataclass
class SiteResult:
    """The text with chrome removed, what was lifted from it, and what was taken out."""

    text: str
    metadata: Metadata
    removed: Removed
    detection: Detection
    part_title: str | None = None  # title of the chapter the text begins with


@lru_cache(maxsize=None)
def profiles() -> tuple[SiteProfile, ...]:
    return tuple(importlib.import_module(f"{__name__}.{name}").PROFILE for name in site_modules())


def profile_named(name: str) -> SiteProfile:
    for profile in profiles():
        if profile.name == name:
            return profile
    names = ", ".join(p.name for p in profiles())
    raise UsageError(f"unknown site {name!r}; known sites: {names}")


def _flags(spec: str) -> int:
    flags = re.MULTILINE
    if "i" in spec:
        flags |= re.IGNORECASE
    if "s" in spec:
        flags |= re.DOTALL
    return flags


@lru_cache(maxsize=None)
def _compile(pattern: str, flags: str) -> re.Pattern[str]:
    return re.compile(pattern, _flags(flags))


def detect(text: str, forced: str | None = None) -> Detection:
    """Pick the profile with the most evidence in ``text`` (the raw decoded input)."""
    if forced:
        return Detection(profile_named(forced), 1.0, ["forced with --site"])
    best: Detection | None = None
    for profile in profiles():
        score, evidence = 0.0, []
        for sig in profile.signatures:
            if _compile(sig.pattern, sig.flags).search(text):
                score += sig.weight
                evidence.append(sig.pattern)
        if score >= profile.threshold and (best is None or score > best.confidence):
            best = Detection(profile, score, evidence)
    if best is None:
        return Detection(profile_named("generic"), 0.0, ["no site signature found"])
    best.confidence = min(1.0, best.confidence / (best.profile.threshold * 2))
    return best


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(m.end() for m in re.finditer("\n", text))
    return starts


def _content_line_numbers(text: str) -> list[int]:
    """0-based numbers of the non-blank lines."""
    return [i for i, line in enumerate(text.split("\n")) if line.strip()]


def _allowed(rule: Rule, text: str, match: re.Match[str], starts: list[int], content: list[int]) -> bool:
    import bisect

    if rule.where == "any":
        return True
    first_line = bisect.bisect_right(starts, match.start()) - 1
    last_line = bisect.bisect_right(starts, max(match.start(), match.end() - 1)) - 1
    if rule.where == "start":
        return first_line <= (content[min(rule.window, len(content)) - 1] if content else 0)
    if rule.where == "end":
        return bool(content) and last_line >= content[max(0, len(content) - rule.window)]
    raise ValueError(f"rule {rule.name}: unknown where={rule.where!r}")


def _set_field(metadata: Metadata, target: str, value: str, result: SiteResult) -> None:
    value = value.strip()
    if not value:
        return
    if target == "part_title":
        result.part_title = result.part_title or value
    elif target.startswith("stats."):
        metadata.stats.setdefault(target[6:], value)
    elif target.startswith("extra."):
        metadata.extra.setdefault(target[6:], value)
    else:
        current = getattr(metadata, target)
        if isinstance(current, list):
            if value not in current:
                current.append(value)
        elif current is None:
            setattr(metadata, target, value)


def apply_rules(text: str, profile: SiteProfile, result: SiteResult) -> str:
    """Remove every rule's matches from ``text``, recording each removal and capture."""
    for rule in profile.rules:
        pattern = _compile(rule.pattern, rule.flags)
        starts, content = _line_starts(text), _content_line_numbers(text)
        matches = [m for m in pattern.finditer(text) if _allowed(rule, text, m, starts, content)]
        if len(matches) < rule.min_count or not matches:
            continue
        pieces, pos = [], 0
        for m in matches:
            for group, target in rule.capture.items():
                if m.group(group):
                    _set_field(result.metadata, target, m.group(group), result)
            kept = "\n".join(m.group(g) for g in rule.keep if m.group(g))
            line = text.count("\n", 0, m.start()) + 1
            result.removed.add(rule.name, m.group(0).strip(), line)
            pieces.append(text[pos:m.start()])
            pieces.append(kept)
            pos = m.end()
        pieces.append(text[pos:])
        text = "".join(pieces)
    return text


def strip_text(text: str, forced: str | None = None, keep_chrome: bool = False) -> SiteResult:
    """Recognise the site of a text scrape, strip its chrome and lift its metadata."""
    detection = detect(text, forced)
    result = SiteResult(text, Metadata(site=None), Removed(), detection)
    if detection.profile.name != "generic":
        result.metadata.site = detection.profile.label
    if detection.profile.language:
        result.metadata.language = detection.profile.language
    if not keep_chrome:
        result.text = apply_rules(text, detection.profile, result)
    return result
