"""Inline markup of text input: markdown emphasis and pandoc escapes -> plain text + Marks.

``*i*``/``_i_`` are italic, ``**b**``/``__b__`` bold, ``***bi***`` both, with CommonMark's flanking
rules (a delimiter run opens only before a word and closes only after one) and its "rule of 3".
Stricter than CommonMark on purpose: a run between two letters or digits (``f**k``, ``sh*t``,
``snake_case``) never opens or closes, because in fan fiction it is censoring or a name, not style.
Unpaired delimiters stay as characters. Markup never reaches the paragraph text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ..model import Mark

#: Characters a backslash escapes in (pandoc) markdown: ``\'`` -> ``'``, ``\*`` -> ``*``.
ESCAPABLE = frozenset("\\`*_{}[]()#+-.!'\"<>|~^$:;=&@%/")


def _space(ch: str) -> bool:
    return ch == "" or ch.isspace()


def _punct(ch: str) -> bool:
    return ch != "" and unicodedata.category(ch)[0] in "PS"


#: A backslash before an escapable character (pandoc writes ``\\'``, ``\\"``, ``\\*``).
_ESCAPE = re.compile(r"\\([" + re.escape("".join(sorted(ESCAPABLE))) + r"])")


def unescape(text: str) -> str:
    """Drop markdown backslash escapes: ``Ace\\'s`` -> ``Ace's``."""
    return _ESCAPE.sub(r"\1", text)


@dataclass
class _Run:
    """A run of ``*`` or ``_``; events record the marks it opens (right side) and closes (left side)."""

    char: str
    length: int
    can_open: bool
    can_close: bool
    left: int = 0  # delimiter characters consumed from the left (as a closer)
    right: int = 0  # consumed from the right (as an opener)
    closes: list[int] = field(default_factory=list)  # pair ids, inner first
    opens: list[int] = field(default_factory=list)  # pair ids, outer first

    @property
    def free(self) -> int:
        return self.length - self.left - self.right


def _tokens(text: str, markdown: bool) -> list:
    """Split ``text`` into literal strings and delimiter runs (escapes resolved when ``markdown``)."""
    tokens: list = []
    buf: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if markdown and ch == "\\" and i + 1 < n and text[i + 1] in ESCAPABLE:
            buf.append(text[i + 1])
            i += 2
            continue
        if ch in "*_":
            j = i
            while j < n and text[j] == ch:
                j += 1
            prev = text[i - 1] if i else ""
            nxt = text[j] if j < n else ""
            left = not _space(nxt) and (not _punct(nxt) or _space(prev) or _punct(prev))
            right = not _space(prev) and (not _punct(prev) or _space(nxt) or _punct(nxt))
            if ch == "*":
                can_open, can_close = left, right
            else:
                can_open = left and (not right or _punct(prev))
                can_close = right and (not left or _punct(nxt))
            # between two letters/digits it is censoring or a name (f**k, snake_case), never style
            if prev.isalnum() and nxt.isalnum():
                can_open = can_close = False
            if buf:
                tokens.append("".join(buf))
                buf = []
            tokens.append(_Run(ch, j - i, can_open, can_close))
            i = j
            continue
        buf.append(ch)
        i += 1
    if buf:
        tokens.append("".join(buf))
    return tokens


def _match(tokens: list) -> list[int]:
    """Pair closers with openers (CommonMark's process-emphasis, simplified); returns pair sizes."""
    sizes: list[int] = []
    for c, closer in enumerate(tokens):
        if not isinstance(closer, _Run) or not closer.can_close:
            continue
        while closer.free:
            found = None
            for o in range(c - 1, -1, -1):
                opener = tokens[o]
                if not isinstance(opener, _Run) or not opener.can_open or opener.char != closer.char or not opener.free:
                    continue
                # CommonMark's rule of 3: a run that can both open and close pairs only if sizes allow
                both = (opener.can_open and opener.can_close) or (closer.can_open and closer.can_close)
                if (
                    both
                    and (opener.length + closer.length) % 3 == 0
                    and not (opener.length % 3 == 0 and closer.length % 3 == 0)
                ):
                    continue
                # emphasis around nothing (``****``) is not emphasis
                if not any(isinstance(t, str) and t for t in tokens[o + 1 : c]):
                    continue
                found = o
                break
            if found is None:
                break
            opener = tokens[found]
            use = 2 if opener.free >= 2 and closer.free >= 2 else 1
            pair = len(sizes)
            sizes.append(use)
            opener.right += use
            opener.opens.insert(0, pair)
            closer.left += use
            closer.closes.append(pair)
            # runs between an opener and its closer can no longer open anything
            for t in tokens[found + 1 : c]:
                if isinstance(t, _Run):
                    t.can_open = False
    return sizes


def parse_emphasis(text: str, markdown: bool = False) -> tuple[str, list[Mark]]:
    """Plain text and its emphasis marks (``markdown`` also resolves backslash escapes)."""
    if "*" not in text and "_" not in text:
        return (unescape(text) if markdown and "\\" in text else text), []
    tokens = _tokens(text, markdown)
    sizes = _match(tokens)
    out: list[str] = []
    pos = 0
    starts: dict[int, int] = {}
    marks: list[Mark] = []
    for token in tokens:
        if isinstance(token, str):
            out.append(token)
            pos += len(token)
            continue
        for pair in token.closes:
            kinds = ("b",) if sizes[pair] == 2 else ("i",)
            marks.extend(Mark(starts[pair], pos, k) for k in kinds)
        literal = token.char * token.free
        out.append(literal)
        pos += len(literal)
        for pair in token.opens:
            starts[pair] = pos
    return "".join(out), sorted(marks, key=lambda m: (m.start, -m.end, m.kind))


def strip_emphasis(text: str, markdown: bool = False) -> str:
    """``text`` without its emphasis markup (for titles and matching)."""
    return parse_emphasis(text, markdown)[0]
