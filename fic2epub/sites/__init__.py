"""Sites stage: recognise where a scrape came from, strip its chrome, lift its metadata.

Each site is one module in this package holding a ``PROFILE`` (see ``profile.py``); the list
``site_modules()`` finds them, so adding a site is adding a module. This module only applies
profiles; it knows no site.

Every removal is recorded (rule, text, line in the decoded text) in the order the removed text
stood, so the decoded text with the recorded removals cut out is exactly the text handed on.
"""

from __future__ import annotations

import bisect
import importlib
import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..errors import UsageError
from ..model import Metadata, Removal, Removed
from .profile import Rule, SiteProfile

#: Modules of this package that are not site profiles.
_NOT_SITES = {"profile", "html_rules"}
#: The fallback profile's name.
GENERIC = "generic"


@lru_cache(maxsize=None)
def site_modules() -> tuple[str, ...]:
    """Every profile module in this package, sorted by name; ``generic`` is the fallback."""
    import pkgutil

    return tuple(sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name not in _NOT_SITES and not m.name.startswith("_")))


@dataclass
class Detection:
    profile: SiteProfile
    confidence: float  # 0 (nothing seen) .. 1 (forced, or twice the evidence needed)
    evidence: list[str] = field(default_factory=list)
    score: float = 0.0


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
    """The profile ``--site NAME`` means (its name or an alias, any case)."""
    wanted = name.strip().lower()
    for profile in profiles():
        if wanted == profile.name or wanted in profile.aliases:
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
def compile_pattern(pattern: str, flags: str) -> re.Pattern[str]:
    return re.compile(pattern, _flags(flags))


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


def detect(text: str, forced: str | None = None) -> Detection:
    """Pick the profile with the most evidence in ``text`` (the raw decoded input)."""
    if forced:
        return Detection(profile_named(forced), 1.0, [f"forced with --site {forced}"], float("inf"))
    best: Detection | None = None
    for profile in profiles():
        if not profile.signatures:
            continue
        score, evidence = _score(profile, text)
        if score >= profile.threshold and (best is None or score / profile.threshold > best.score / best.profile.threshold):
            best = Detection(profile, 0.0, evidence, score)
    if best is None:
        return Detection(profile_named(GENERIC), 0.0, ["no site signature found"])
    best.confidence = round(min(1.0, best.score / (best.profile.threshold * 2)), 3)
    return best


# --- metadata values -------------------------------------------------------------------------

_MONTH_NAMES = ("january february march april may june july august september october november december").split()
#: Month names and their abbreviations ("jan", "sept") -> number.
_MONTHS = {**{m: i for i, m in enumerate(_MONTH_NAMES, start=1)},
           **{m[:3]: i for i, m in enumerate(_MONTH_NAMES, start=1)}, "sept": 9}

#: Language names as sites write them -> BCP 47 tags.
_LANGUAGES = {
    "english": "en", "french": "fr", "français": "fr", "german": "de", "deutsch": "de",
    "spanish": "es", "español": "es", "italian": "it", "portuguese": "pt", "dutch": "nl",
    "russian": "ru", "polish": "pl", "swedish": "sv", "danish": "da", "norwegian": "no",
    "finnish": "fi", "czech": "cs", "hungarian": "hu", "greek": "el", "latin": "la",
    "chinese": "zh", "中文": "zh", "japanese": "ja", "korean": "ko", "indonesian": "id",
    "turkish": "tr", "vietnamese": "vi", "arabic": "ar", "hebrew": "he", "catalan": "ca",
    "esperanto": "eo", "tagalog": "tl", "filipino": "fil", "welsh": "cy", "irish": "ga",
}


def iso_date(value: str) -> str | None:
    """``January 17, 2021`` / ``Jan 4 2021`` / ``17 January 2021`` / ``2021-01-17`` / ``1992`` -> ISO."""
    value = value.strip()
    if re.fullmatch(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", value):
        return value
    month_first = re.fullmatch(r"([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})", value)
    day_first = re.fullmatch(r"(\d{1,2}) ([A-Za-z]{3,9})\.? (\d{4})", value)
    if month_first:
        name, day, year = month_first.groups()
    elif day_first:
        day, name, year = day_first.groups()
    else:
        return None
    month = _MONTHS.get(name.lower())
    if not month or not 1 <= int(day) <= 31:
        return None
    return f"{year}-{month:02d}-{int(day):02d}"


def language_tag(value: str) -> str | None:
    """``English`` -> ``en``; a tag (``pt-BR``) stays a tag."""
    value = value.strip()
    if re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", value):
        return value
    return _LANGUAGES.get(value.lower())


def set_field(result: SiteResult, target: str, value: str) -> None:
    metadata = result.metadata
    if "\n" in value.strip() and isinstance(getattr(metadata, target, None), list):
        for line in value.split("\n"):  # a list written one item a line
            set_field(result, target, line)
        return
    value = " ".join(value.split())
    if not value:
        return
    if target in ("published", "updated"):
        iso = iso_date(value)
        if iso is None:  # keep what the site said, where a date field cannot hold it
            metadata.extra.setdefault(target, value)
            return
        value = iso
    if target == "language":
        value = language_tag(value) or value
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


# --- removing chrome ---------------------------------------------------------------------------


class _Cuts:
    """The spans of the original text removed so far, to map the current text back to it."""

    def __init__(self, original: str):
        self.original = original
        self.spans: list[tuple[int, int]] = []  # sorted, disjoint, in original offsets
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", original)]

    def to_original(self, pos: int) -> int:
        """The original offset of the character at ``pos`` in the current text."""
        for start, end in self.spans:
            if start > pos:
                break
            pos += end - start
        return pos

    def pieces(self, start: int, end: int) -> list[tuple[int, int]]:
        """The original spans that the current text's ``[start, end)`` is made of."""
        out: list[tuple[int, int]] = []
        pos, left = self.to_original(start), end - start
        for span_start, span_end in self.spans:
            if span_end <= pos:
                continue
            if left <= 0:
                break
            if span_start > pos:
                take = min(left, span_start - pos)
                out.append((pos, pos + take))
                left -= take
                pos = span_end
            else:
                pos = max(pos, span_end)
        if left > 0:
            out.append((pos, pos + left))
        return out

    def cut(self, start: int, end: int) -> None:
        bisect.insort(self.spans, (start, end))

    def line_of(self, pos: int) -> int:
        return bisect.bisect_right(self.line_starts, pos)


def _allowed(rule: Rule, match: re.Match[str], starts: list[int], content: list[int]) -> bool:
    if rule.where == "any":
        return True
    first_line = bisect.bisect_right(starts, match.start()) - 1
    last_line = bisect.bisect_right(starts, max(match.start(), match.end() - 1)) - 1
    if not content:
        return False
    if rule.where == "start":
        return first_line <= content[min(rule.window, len(content)) - 1]
    if rule.where == "end":
        return last_line >= content[max(0, len(content) - rule.window)]
    if rule.where == "edges":
        return (first_line <= content[min(rule.window, len(content)) - 1]
                or last_line >= content[max(0, len(content) - rule.window)])
    raise ValueError(f"rule {rule.name}: unknown where={rule.where!r}")


def _matches(rule: Rule, text: str) -> list[re.Match[str]]:
    """The matches of ``rule`` in ``text`` that it may act on."""
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    content = [i for i, line in enumerate(text.split("\n")) if line.strip()]
    found = [m for m in compile_pattern(rule.pattern, rule.flags).finditer(text)
             if m.end() > m.start() and _allowed(rule, m, starts, content)]
    if len(found) < rule.min_count:
        return []
    return found[rule.skip_first:]


def _removed_spans(rule: Rule, match: re.Match[str]) -> list[tuple[int, int]]:
    """``match``'s span minus the groups the rule keeps."""
    kept = sorted(match.span(g) for g in rule.keep if match.group(g))
    spans, pos = [], match.start()
    for start, end in kept:
        if start > pos:
            spans.append((pos, start))
        pos = max(pos, end)
    if match.end() > pos:
        spans.append((pos, match.end()))
    return spans


def apply_rules(text: str, profile: SiteProfile, result: SiteResult, remove: bool = True,
                extra_rules: tuple[Rule, ...] = ()) -> str:
    """Apply the profile's rules (then ``extra_rules``) to ``text``: capture metadata, remove chrome.

    With ``remove=False`` only the rules that remove nothing (metadata readers) apply.
    Removals are added to ``result.removed`` in the order the removed text stood in ``text``.
    """
    cuts = _Cuts(text)
    removals: list[tuple[int, Removal]] = []
    for rule in (*profile.rules, *extra_rules):
        if not remove and rule.remove:
            continue
        matches = _matches(rule, text)
        for m in matches:
            for group, target in rule.capture.items():
                if m.group(group):
                    set_field(result, target, m.group(group))
        if not rule.remove or not matches:
            continue
        pieces, pos, cut = [], 0, []
        for m in matches:
            for start, end in _removed_spans(rule, m):
                cut.extend(cuts.pieces(start, end))
                pieces.append(text[pos:start])
                pos = end
        pieces.append(text[pos:])
        for start, end in cut:
            cuts.cut(start, end)
            removals.append((start, Removal(rule.name, cuts.original[start:end], cuts.line_of(start))))
        text = "".join(pieces)
    for _, removal in sorted(removals, key=lambda item: item[0]):
        result.removed.items.append(removal)
    return text


def strip_text(text: str, forced: str | None = None, keep_chrome: bool = False) -> SiteResult:
    """Recognise the site of a text scrape, strip its chrome and lift its metadata.

    With ``keep_chrome`` nothing is removed; rules that only read metadata still apply.
    """
    detection = detect(text, forced)
    profile = detection.profile
    result = SiteResult(text, Metadata(site=None), Removed(), detection)
    if profile.name != GENERIC and profile.names_site:
        result.metadata.site = profile.label
    # universal web residue (the generic profile's rules) goes whatever the site
    residue = profile_named(GENERIC).rules if profile.name != GENERIC else ()
    result.text = apply_rules(text, profile, result, remove=not keep_chrome, extra_rules=residue)
    if profile.language and not result.metadata.language:
        result.metadata.language = profile.language
    if profile.story_url and result.metadata.story_id and not result.metadata.source_url:
        result.metadata.source_url = profile.story_url.format(story_id=result.metadata.story_id)
    return result
