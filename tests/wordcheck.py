"""Word checks: did every word of the story reach the book, in order?

Reusable by any test (``from wordcheck import tokens, missing_in_order, minus_removals, story_text``).
Tokens are normalised so that what the later stages may legitimately change does not count:
case, curly vs straight quotes and apostrophes, dashes, ellipses, pandoc's backslash escapes,
markdown asterisks, full-width forms (NFKC). Han/kana characters are one token each (no spaces in
CJK text), every other token is a run of letters and digits.
"""

from __future__ import annotations

import bisect
import re
import unicodedata

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_CJK}]|[^\W_{_CJK}]+")


def tokens(text: str) -> list[str]:
    """The normalised words of ``text``, in order."""
    return _TOKEN.findall(unicodedata.normalize("NFKC", text).casefold())


def _anchors(expected: list[str], actual: list[str]) -> list[tuple[int, int]]:
    """Pairs (i, j) of tokens that occur once in each list, longest increasing run of them
    (the anchors of a patience diff)."""

    def once(seq):
        seen: dict[str, int] = {}
        for i, tok in enumerate(seq):
            seen[tok] = -1 if tok in seen else i
        return {tok: i for tok, i in seen.items() if i >= 0}

    in_actual = once(actual)
    pairs = [(i, in_actual[tok]) for tok, i in sorted(once(expected).items(), key=lambda kv: kv[1]) if tok in in_actual]
    # longest increasing subsequence of the j's (patience sorting)
    tails: list[int] = []
    tail_idx: list[int] = []
    prev = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        pos = bisect.bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_idx.append(k)
        else:
            tails[pos] = j
            tail_idx[pos] = k
        prev[k] = tail_idx[pos - 1] if pos else -1
    run, k = [], tail_idx[-1] if tail_idx else -1
    while k >= 0:
        run.append(pairs[k])
        k = prev[k]
    return run[::-1]


def missing_in_order(expected: list[str], actual: list[str]) -> list[tuple[int, str]]:
    """Tokens of ``expected`` that an in-order alignment with ``actual`` leaves out:
    (index in expected, token). ``actual`` may hold extra tokens (chapter titles, labels); a
    passage moved out of order counts as missing where it was.

    A patience diff: tokens unique to both sides anchor the alignment, and the short stretches
    between anchors are aligned exactly (difflib), so whole novels check in well under a second.
    """
    from difflib import SequenceMatcher

    missing: list[tuple[int, str]] = []
    i0 = j0 = 0
    for i1, j1 in [*_anchors(expected, actual), (len(expected), len(actual))]:
        a, b = expected[i0:i1], actual[j0:j1]
        if a != b:
            pos = 0
            for start, _, size in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks():
                missing.extend((i0 + i, a[i]) for i in range(pos, start))
                pos = start + size
        i0, j0 = i1 + 1, j1 + 1
    return missing


def describe_missing(expected: list[str], missing: list[tuple[int, str]], limit: int = 5) -> str:
    """A readable report of the first lost tokens with their context."""
    parts = []
    for i, tok in missing[:limit]:
        context = " ".join(expected[max(0, i - 6) : i]) + f" [{tok}] " + " ".join(expected[i + 1 : i + 7])
        parts.append(context)
    return f"{len(missing)} tokens lost, e.g.: " + " | ".join(parts)


def minus_removals(text: str, removals) -> str:
    """``text`` with each recorded removal cut out where it was recorded (rule, text, line).

    Removals are in text order; each is looked for from the later of the previous cut and the start
    of its recorded line. Raises AssertionError when a removal is not where it says it was.
    """
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    out, cursor = [], 0
    for removal in removals:
        line = removal.line or 1
        start = max(cursor, line_starts[min(line, len(line_starts)) - 1])
        found = text.find(removal.text, start)
        assert found >= 0, f"removal {removal.rule!r} not found at line {line}: {removal.text[:80]!r}"
        assert text.count("\n", 0, found) + 1 == line, (
            f"removal {removal.rule!r} recorded at line {line}, found at line {text.count(chr(10), 0, found) + 1}"
        )
        out.append(text[cursor:found])
        cursor = found + len(removal.text)
    out.append(text[cursor:])
    return "".join(out)


def story_text(view) -> str:
    """The text of a finished book's story documents (``conftest.EpubView``): no cover, title
    page or table of contents."""
    from conftest import body_text

    keep = [d for d in view.spine_documents() if not re.search(r'epub:type="(?:cover|titlepage)"|<nav\b', d)]
    return "\n".join(body_text(d) for d in keep)
