"""The rule engine: a site's ``Rule``s applied to a text scrape or to the paragraphs of a saved page.

Both inputs are read as lines of text: a text scrape as it is, a page's paragraphs one after the
other with a blank line between them (a ``<br/>`` inside a paragraph is a line break). So every field
of a rule means the same on both: ``^…$`` is a line, ``where``/``window`` count non-blank lines,
``keep`` groups stay, ``capture`` groups become metadata.

Every removal is recorded in the order the removed text stood, with its line in the decoded text
(text) or the element it was in (HTML), so the input with the recorded removals cut out is exactly
what is handed on.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

from ..model import Mark, Paragraph, Removal
from .schema import Rule


def _flags(spec: str) -> int:
    flags = re.MULTILINE
    if "i" in spec:
        flags |= re.IGNORECASE
    if "s" in spec:
        flags |= re.DOTALL
    return flags


@cache
def compile_pattern(pattern: str, flags: str = "") -> re.Pattern[str]:
    """A profile's regex, compiled once per process (MULTILINE, plus ``flags``: ``i``, ``s``)."""
    return re.compile(pattern, _flags(flags))


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

    def line_map(self, text: str) -> list[int]:
        """For each line of the current ``text``, the 1-based line of the original it starts on."""
        out, removed, k = [], 0, 0
        spans = self.spans
        pos = 0
        for line in text.split("\n"):
            # original offset of ``pos``: add every removed span that starts at or before it
            while k < len(spans) and spans[k][0] <= pos + removed:
                removed += spans[k][1] - spans[k][0]
                k += 1
            out.append(self.line_of(pos + removed))
            pos += len(line) + 1
        return out


def _allowed(rule: Rule, match: re.Match[str], starts: list[int], content: list[int]) -> bool:
    if rule.where == "any":
        return True
    first_line = bisect.bisect_right(starts, match.start()) - 1
    last_line = bisect.bisect_right(starts, max(match.start(), match.end() - 1)) - 1
    if not content:
        return False
    at_start = first_line <= content[min(rule.window, len(content)) - 1]
    at_end = last_line >= content[max(0, len(content) - rule.window)]
    return {"start": at_start, "end": at_end, "edges": at_start or at_end}[rule.where]


def _matches(rule: Rule, text: str) -> list[re.Match[str]]:
    """The matches of ``rule`` in ``text`` that it may act on."""
    found = [m for m in compile_pattern(rule.pattern, rule.flags).finditer(text) if m.end() > m.start()]
    if rule.where != "any" and found:
        starts = [0] + [m.end() for m in re.finditer("\n", text)]
        content = [i for i, line in enumerate(text.split("\n")) if line.strip()]
        found = [m for m in found if _allowed(rule, m, starts, content)]
    if len(found) < rule.min_count:
        return []
    return found[rule.skip_first :]


def _removed_spans(
    rule: Rule, match: re.Match[str], refused: frozenset[str] = frozenset()
) -> list[tuple[int, int, str | None]]:
    """``match``'s span minus the groups the rule keeps, in pieces: (start, end, the metadata field
    the piece moved to, or None for chrome). A captured group's text is moved, not removed; one whose
    field was already taken (``refused``) stays in the text."""
    keep = (*rule.keep, *refused)
    kept = sorted(match.span(g) for g in keep if match.group(g))
    spans, pos = [], match.start()
    for start, end in kept:
        if start > pos:
            spans.append((pos, start))
        pos = max(pos, end)
    if match.end() > pos:
        spans.append((pos, match.end()))
    captured = sorted(
        (match.start(g), match.end(g), target) for g, target in rule.capture.items() if g not in keep and match.group(g)
    )
    pieces: list[tuple[int, int, str | None]] = []
    for start, end in spans:
        pos = start
        for group_start, group_end, target in captured:
            if group_end <= pos or group_start >= end:
                continue
            if group_start > pos:
                pieces.append((pos, group_start, None))
            pieces.append((max(pos, group_start), min(end, group_end), target))
            pos = min(end, group_end)
        if pos < end:
            pieces.append((pos, end, None))
    # white space between a moved value and the chrome around it joins its neighbour (one record, not two)
    merged: list[tuple[int, int, str | None]] = []
    for start, end, moved in pieces:
        blank = moved is None and not match.string[start:end].strip()
        if merged and merged[-1][1] == start and (blank or not match.string[merged[-1][0] : merged[-1][1]].strip()):
            previous = merged.pop()
            merged.append((previous[0], end, previous[2] if blank else moved))
        else:
            merged.append((start, end, moved))
    return merged


#: Where captured values go: ``capture(target, value)`` (``fields.set_field`` on a Draft); False when
#: the value found no place (its field holds another), so that its text stays.
Capture = Callable[[str, str], "bool | None"]


@dataclass
class _Run:
    """The rules' removals from one text, in original offsets: (start, end, rule name)."""

    text: str
    cuts: list[tuple[int, int, str, str | None]]  # original start, end, rule, moved to
    mapper: _Cuts


def _run(text: str, rules: Iterable[Rule], capture: Capture, remove: bool) -> _Run:
    """Apply ``rules`` in order, each to the text the earlier ones left."""
    cuts = _Cuts(text)
    found: list[tuple[int, int, str, str | None]] = []
    for rule in rules:
        if not remove and rule.remove:
            continue
        matches = _matches(rule, text)
        refused: dict[int, frozenset[str]] = {}
        for k, m in enumerate(matches):
            # groups of one match named for one target are one value, in order, joined by a space
            # (a name written in pieces: ``Miguel de Cervantes [Saavedra]``)
            values: dict[str, list[str]] = {}
            for group, target in rule.capture.items():
                if m.group(group):
                    values.setdefault(target, []).append(m.group(group))
            for target, joined in values.items():
                if capture(target, " ".join(joined)) is False:
                    groups = frozenset(g for g, t in rule.capture.items() if t == target)
                    refused[k] = refused.get(k, frozenset()) | groups
        if not rule.remove or not matches:
            continue
        pieces: list[str] = []
        pos = 0
        cut: list[tuple[int, int, str | None]] = []
        for k, m in enumerate(matches):
            for start, end, moved in _removed_spans(rule, m, refused.get(k, frozenset())):
                cut.extend((a, b, moved) for a, b in cuts.pieces(start, end))
                pieces.append(text[pos:start])
                pos = end
        pieces.append(text[pos:])
        for start, end, moved in cut:
            cuts.cut(start, end)
            found.append((start, end, rule.name, moved))
        text = "".join(pieces)
    found.sort(key=lambda item: item[0])
    return _Run(text, found, cuts)


def apply_to_text(
    text: str, rules: Iterable[Rule], capture: Capture, remove: bool = True
) -> tuple[str, list[Removal], list[int]]:
    """A text scrape with the rules applied: the text left, what was removed, and the line map.

    ``line_map[i]`` is the line of the original text that line ``i`` of the result starts on. With
    ``remove=False`` only the rules that remove nothing (metadata readers) apply.
    """
    run = _run(text, rules, capture, remove)
    removals = [
        Removal(rule, run.mapper.original[start:end], run.mapper.line_of(start), moved=moved)
        for start, end, rule, moved in run.cuts
    ]
    return run.text, removals, run.mapper.line_map(run.text)


def _cut_paragraph(par: Paragraph, spans: list[tuple[int, int]]) -> Paragraph:
    """``par`` without the characters in ``spans`` (offsets in its text), marks moved along."""
    keep: list[tuple[int, int]] = []
    pos = 0
    for start, end in sorted(spans):
        if start > pos:
            keep.append((pos, start))
        pos = max(pos, end)
    if pos < len(par.text):
        keep.append((pos, len(par.text)))
    text = "".join(par.text[a:b] for a, b in keep)

    def moved(offset: int) -> int:
        out = 0
        for a, b in keep:
            if offset <= a:
                break
            out += min(offset, b) - a
        return out

    lead = len(text) - len(text.lstrip())
    marks = [Mark(moved(m.start) - lead, moved(m.end) - lead, m.kind) for m in par.marks]
    text = text.strip()
    marks = [Mark(max(0, m.start), min(len(text), m.end), m.kind) for m in marks]
    return Paragraph(text, [m for m in marks if m.end > m.start], par.align, par.origin)


def apply_to_paragraphs(
    paragraphs: list[Paragraph], rules: Iterable[Rule], capture: Capture, remove: bool = True
) -> tuple[list[Paragraph | None], list[Removal]]:
    """The paragraphs of a page with the rules applied, as text lines (see the module docstring).

    Returns one entry per paragraph: the paragraph (cut where a rule removed part of it), or None
    where the rules removed all of it; and the removals, in reading order.
    """
    starts, pos = [], 0
    for par in paragraphs:
        starts.append(pos)
        pos += len(par.text) + 2
    run = _run("\n\n".join(p.text for p in paragraphs), rules, capture, remove)
    by_paragraph: dict[int, list[tuple[int, int]]] = {}
    removals: list[Removal] = []
    for start, end, rule, moved in run.cuts:
        i = bisect.bisect_right(starts, start) - 1
        # a cut may run over the blank line into the next paragraphs: split it at their starts
        while start < end and i < len(paragraphs):
            par_end = starts[i] + len(paragraphs[i].text)
            a, b = max(start, starts[i]), min(end, par_end)
            if b > a:
                by_paragraph.setdefault(i, []).append((a - starts[i], b - starts[i]))
                origin = paragraphs[i].origin
                removals.append(
                    Removal(
                        rule,
                        paragraphs[i].text[a - starts[i] : b - starts[i]],
                        origin.line if origin else None,
                        origin.path if origin else None,
                        moved,
                    )
                )
            start = par_end + 2
            i += 1
    out: list[Paragraph | None] = []
    for i, par in enumerate(paragraphs):
        spans = by_paragraph.get(i)
        if not spans:
            out.append(par)
            continue
        left = _cut_paragraph(par, spans)
        out.append(left if left.text else None)
    return out, removals
