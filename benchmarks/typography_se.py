"""Typography measured against Standard Ebooks' hand-proofed editions.

    python benchmarks/typography_se.py [--books alice,emma] [--tools fic2epub,calibre,pandoc]
                                       [--markdown FILE] [--confusions N]

For each book pair in benchmarks/typography/ (a Project Gutenberg plain text typed in straight
ASCII, and the Standard Ebooks edition of the same book; SOURCES.tsv says where each came from):

1. The PG text is converted by fic2epub (``python -m fic2epub convert``), by calibre
   (``ebook-convert in.txt out.epub --smarten-punctuation``) and by pandoc
   (``pandoc -f markdown+smart+old_dashes``: -- is an em dash, as PG types it) where they are
   installed; absent tools are reported as absent.
2. The text of every book is read paragraph by paragraph (EPUB zips with zipfile, XHTML with
   html.parser), and cut into words (runs of letters and digits) and the *gaps* between them
   (everything else: quotes, dashes, ellipses, ordinary punctuation, spaces).
3. The words of each book are aligned with the words of the SE edition (unique words as anchors,
   then difflib between anchors: fast on whole novels). A gap is judged where the two words around
   it are aligned in SE, in the PG source and in the tool's book, inside a run of at least three
   aligned words.
4. The PG source is the referee for editorial changes: a gap is judged only where PG and SE agree
   apart from the marks (same ordinary punctuation, a quote where SE has a quote, a run of hyphens
   where SE has a dash or hyphen, as many dots as SE's ellipsis stands for). Modernised spellings,
   moved punctuation and another edition's wording fall out.
5. At each judged gap every SE mark (’ ‘ “ ” — ⸺ – … ′ ″ and the hyphens SE keeps) is compared with
   the tool's mark at the same place. SE sets British single-quoted dialogue in double quotes: the
   mark is judged at the source's level (PG ' where SE has “ expects ‘; PG " where SE has ‘ expects “).

Standard library only. Prints accuracy per class for each tool, coverage (the share of SE's marks
that could be judged), and the most frequent confusions with their context.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import difflib
import gzip
import io
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import unicodedata
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "typography"

#: The marks judged, in the order the table lists them.
CLASSES = ["’", "‘", "“", "”", "—", "⸺", "⸻", "–", "-", "…", "′", "″"]
CLASS_NAMES = {
    "’": "’ apostrophe / closing single",
    "‘": "‘ opening single",
    "“": "“ opening double",
    "”": "” closing double",
    "—": "— em dash",
    "⸺": "⸺ two-em dash",
    "–": "– en dash",
    "⸻": "⸻ three-em dash",
    "-": "- hyphen",
    "…": "… ellipsis",
    "′": "′ prime",
    "″": "″ double prime",
}

# ---------------------------------------------------------------------------------------------
# Reading books


#: Elements that end a paragraph (a line break inside verse is a space).
BLOCKS = {
    "p",
    "div",
    "section",
    "article",
    "blockquote",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "dt",
    "dd",
    "tr",
    "td",
    "th",
    "header",
    "footer",
    "hgroup",
    "figcaption",
    "pre",
    "table",
    "body",
}
#: Elements whose text is not the book's (SE's note references are numbers in the text).
SKIP = {"head", "title", "style", "script"}


class _Paragraphs(HTMLParser):
    """The text of an XHTML document, one string per block element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._buffer: list[str] = []
        self._skip = 0
        self._stack: list[bool] = []

    def _flush(self) -> None:
        text = " ".join("".join(self._buffer).split())
        if text:
            self.paragraphs.append(text)
        self._buffer = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        skipped = tag in SKIP or "noteref" in (attrs.get("epub:type") or "")
        if tag in ("br", "hr"):
            self._buffer.append(" ")
            return
        if tag in BLOCKS:
            self._flush()
        self._stack.append(skipped)
        self._skip += skipped

    def handle_startendtag(self, tag, attrs):
        if tag in ("br", "hr"):
            self._buffer.append(" ")

    def handle_endtag(self, tag):
        if tag in ("br", "hr"):
            return
        if self._stack:
            self._skip -= self._stack.pop()
        if tag in BLOCKS:
            self._flush()

    def handle_data(self, data):
        if not self._skip:
            self._buffer.append(data)

    def close(self):
        super().close()
        self._flush()


def xhtml_paragraphs(markup: str) -> list[str]:
    parser = _Paragraphs()
    parser.feed(markup)
    parser.close()
    return parser.paragraphs


_OPF_NS = {"opf": "http://www.idpf.org/2007/opf", "c": "urn:oasis:names:tc:opendocument:xmlns:container"}


def _spine(opf: bytes) -> list[tuple[str, str]]:
    """(href, properties) of the spine's documents, in reading order."""
    root = ElementTree.fromstring(opf)
    items = {i.get("id"): (i.get("href"), i.get("properties") or "") for i in root.iter(f"{{{_OPF_NS['opf']}}}item")}
    return [items[r.get("idref")] for r in root.iter(f"{{{_OPF_NS['opf']}}}itemref") if r.get("idref") in items]


def epub_paragraphs(path: Path) -> list[str]:
    """Every paragraph of an EPUB, in spine order (the navigation document left out)."""
    with zipfile.ZipFile(path) as z:
        container = ElementTree.fromstring(z.read("META-INF/container.xml"))
        opf_path = next(container.iter(f"{{{_OPF_NS['c']}}}rootfile")).get("full-path")
        base = opf_path.rsplit("/", 1)[0] + "/" if "/" in opf_path else ""
        out: list[str] = []
        for href, props in _spine(z.read(opf_path)):
            if "nav" in props.split():
                continue
            name = base + href
            if name in z.namelist():
                out += xhtml_paragraphs(z.read(name).decode("utf-8"))
        return out


def se_paragraphs(path: Path) -> list[str]:
    """Every paragraph of a stored SE edition (content.opf + text/*.xhtml), in spine order."""
    with tarfile.open(path) as tar:
        files = {m.name: m for m in tar.getmembers() if m.isfile()}
        out: list[str] = []
        for href, _ in _spine(tar.extractfile(files["content.opf"]).read()):
            if href in files:
                out += xhtml_paragraphs(tar.extractfile(files[href]).read().decode("utf-8"))
        return out


# ---------------------------------------------------------------------------------------------
# Words and gaps

#: Invisible characters SE sets around dashes, ellipses and adjacent quotes; spaces of every width.
_INVISIBLE = dict.fromkeys(map(ord, "\u2060\u200a\u200b\u200c\u200d\ufeff\u00ad"), None)
_WORD = re.compile(r"[^\W_]+")
#: A gap's units: an ellipsis with the periods next to it, a run of dashes, one quote, one other sign.
_UNIT = re.compile(r"\.*…[.…]*|\.{3,}|[-‐‑‒–—―⸺⸻]+|['\"‘’“”′″‚„«»]|[^\s_*]")
_DASHES = set("-‐‑‒–—―⸺⸻")
_QUOTES = set("'\"‘’“”′″‚„«»")


@dataclass
class Text:
    """A book cut into words (lower case, for alignment) and the gap before each word."""

    words: list[str]
    gaps: list[str]  # gaps[i]: the text between word i-1 and word i
    text: str
    starts: list[int]


def tokenize(paragraphs: list[str]) -> Text:
    text = "\n".join(paragraphs).translate(_INVISIBLE)
    text = unicodedata.normalize("NFC", text)
    words, gaps, starts = [], [], []
    pos = 0
    for m in _WORD.finditer(text):
        gaps.append(text[pos : m.start()])
        words.append(m.group(0).lower())
        starts.append(m.start())
        pos = m.end()
    return Text(words, gaps, text, starts)


_SPACE = re.compile(r"\s+")


def units(gap: str) -> list[str]:
    """A gap's units, spaces left out (SE sets ". …" where PG has "....")."""
    return _UNIT.findall(_SPACE.sub("", gap))


def coarse(unit: str) -> str:
    """A unit as the PG source and SE can both be said to have it (the mark itself set aside)."""
    if unit[0] in _QUOTES:
        return "Q"
    if unit[0] in _DASHES:
        return "D"
    if "…" in unit or unit.startswith("..."):
        return f"E{unit.count('.') + 3 * unit.count('…')}"
    return unit


def is_mark(unit: str) -> bool:
    """Whether a unit of SE's text is a typographic mark judged here."""
    return unit[0] in "’‘“”′″" or unit[0] in _DASHES or "…" in unit


def mark_class(unit: str) -> str:
    if "…" in unit:
        return "…"
    if unit[0] in _DASHES:
        return unit if unit in CLASSES else "—"
    return unit


_TO_SINGLE = {"“": "‘", "”": "’"}
_TO_DOUBLE = {"‘": "“", "’": "”"}


def expected_unit(se_unit: str, pg_unit: str) -> str:
    """SE's mark at the source's quote level: PG ' under SE “ expects ‘, PG " under SE ‘ expects “."""
    if pg_unit == "'":
        return _TO_SINGLE.get(se_unit, se_unit)
    if pg_unit == '"':
        return _TO_DOUBLE.get(se_unit, se_unit)
    return se_unit


# ---------------------------------------------------------------------------------------------
# Alignment: unique words as anchors (patience diff), difflib between them


def _lis(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest chain of pairs increasing in both coordinates (pairs sorted by the first)."""
    tails: list[int] = []
    tail_index: list[int] = []
    back: list[int] = [-1] * len(pairs)
    for n, (_, j) in enumerate(pairs):
        k = bisect.bisect_left(tails, j)
        if k == len(tails):
            tails.append(j)
            tail_index.append(n)
        else:
            tails[k] = j
            tail_index[k] = n
        back[n] = tail_index[k - 1] if k else -1
    chain, n = [], tail_index[-1] if tail_index else -1
    while n >= 0:
        chain.append(pairs[n])
        n = back[n]
    return chain[::-1]


def align(a: list[str], b: list[str]) -> list[int]:
    """For each word of ``a``, the index of its aligned word in ``b`` (-1 where none)."""
    out = [-1] * len(a)
    stack = [(0, len(a), 0, len(b))]
    while stack:
        alo, ahi, blo, bhi = stack.pop()
        while alo < ahi and blo < bhi and a[alo] == b[blo]:
            out[alo] = blo
            alo, blo = alo + 1, blo + 1
        while alo < ahi and blo < bhi and a[ahi - 1] == b[bhi - 1]:
            ahi, bhi = ahi - 1, bhi - 1
            out[ahi] = bhi
        if alo >= ahi or blo >= bhi:
            continue
        if (ahi - alo) * (bhi - blo) <= 1_500_000:
            matcher = difflib.SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
            for i, j, size in matcher.get_matching_blocks():
                for n in range(size):
                    out[alo + i + n] = blo + j + n
            continue
        count_a = Counter(a[alo:ahi])
        count_b = Counter(b[blo:bhi])
        where_b = {b[j]: j for j in range(blo, bhi) if count_b[b[j]] == 1}
        pairs = [(i, where_b[a[i]]) for i in range(alo, ahi) if count_a[a[i]] == 1 and a[i] in where_b]
        anchors = _lis(pairs)
        if not anchors:
            matcher = difflib.SequenceMatcher(None, a[alo:ahi], b[blo:bhi])
            for i, j, size in matcher.get_matching_blocks():
                for n in range(size):
                    out[alo + i + n] = blo + j + n
            continue
        prev_a, prev_b = alo, blo
        for i, j in anchors:
            out[i] = j
            stack.append((prev_a, i, prev_b, j))
            prev_a, prev_b = i + 1, j + 1
        stack.append((prev_a, ahi, prev_b, bhi))
    return out


def _runs(match: list[int]) -> list[int]:
    """For each word, the length of the run of consecutively aligned words it belongs to."""
    runs = [0] * len(match)
    i = 0
    while i < len(match):
        if match[i] < 0:
            i += 1
            continue
        j = i + 1
        while j < len(match) and match[j] == match[j - 1] + 1:
            j += 1
        runs[i:j] = [j - i] * (j - i)
        i = j
    return runs


def _joined(match: list[int], runs: list[int], i: int) -> int:
    """The other text's index of word ``i`` when words i-1 and i are aligned side by side, else -1."""
    if i < 1 or match[i] < 0 or match[i - 1] != match[i] - 1 or runs[i] < 3:
        return -1
    return match[i]


# ---------------------------------------------------------------------------------------------
# Judging


@dataclass
class Position:
    """One SE mark that can be judged: its expected unit and where it stands."""

    word: int  # SE word index after the gap
    index: int  # unit index in the gap
    expected: str
    klass: str


@dataclass
class BookPair:
    name: str
    title: str
    se: Text
    pg: Text
    total: Counter = field(default_factory=Counter)  # SE marks by class
    positions: list[Position] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)  # SE marks not judged, by reason


def judged_positions(name: str, title: str, se: Text, pg: Text) -> BookPair:
    pair = BookPair(name, title, se, pg)
    match = align(se.words, pg.words)
    runs = _runs(match)
    for i, gap in enumerate(se.gaps):
        se_units = units(gap)
        marks = [(n, u) for n, u in enumerate(se_units) if is_mark(u)]
        if not marks:
            continue
        j = _joined(match, runs, i)
        pg_units = units(pg.gaps[j]) if j >= 0 else []
        agree = j >= 0 and [coarse(u) for u in se_units] == [coarse(u) for u in pg_units]
        for n, u in marks:
            # A judged mark is counted in the class of the mark expected (the source's quote level).
            expected = expected_unit(u, pg_units[n]) if agree else u
            pair.total[mark_class(expected)] += 1
            # A hyphen is judged where SE kept the source's hyphen, not where it made one of a dash
            # (Beau--ootiful Soo--oop → Beau-ootiful Soo-oop is SE's reading, not the source's mark);
            # a dash is not judged where the source has a hyphen glued between two words (Hard Times'
            # PG text types every dash so: sir-peremptorily Thomas-Thomas): the source lost it.
            lost_dash = u not in ("-", "–") and u[0] in _DASHES and pg.gaps[j] == "-"
            if j < 0:
                pair.skipped["words not aligned with PG"] += 1
            elif not agree:
                pair.skipped["PG differs apart from the marks"] += 1
            elif u == "-" and pg_units[n] != "-":
                pair.skipped["SE hyphen where PG has a dash"] += 1
            elif lost_dash:
                pair.skipped["SE dash where PG has a hyphen between words"] += 1
            else:
                pair.positions.append(Position(i, n, expected, mark_class(expected)))
    return pair


@dataclass
class Score:
    correct: Counter = field(default_factory=Counter)
    judged: Counter = field(default_factory=Counter)
    confusions: Counter = field(default_factory=Counter)
    examples: dict = field(default_factory=lambda: defaultdict(list))

    def add(self, other: Score) -> None:
        self.correct.update(other.correct)
        self.judged.update(other.judged)
        self.confusions.update(other.confusions)
        for key, found in other.examples.items():
            self.examples[key] += found


def _context(t: Text, word: int, before: int = 6, after: int = 5) -> str:
    start = t.starts[max(0, word - before)]
    end_word = min(len(t.words) - 1, word + after)
    end = t.starts[end_word] + len(t.words[end_word])
    return " ".join(t.text[start:end].split())


def score(pair: BookPair, tool: Text) -> Score:
    s = Score()
    match = align(pair.se.words, tool.words)
    runs = _runs(match)
    for p in pair.positions:
        s.judged[p.klass] += 1
        k = _joined(match, runs, p.word)
        got_units = units(tool.gaps[k]) if k >= 0 else None
        if got_units is None:
            got = "(not aligned)"
        else:
            se_units = units(pair.se.gaps[p.word])
            if [coarse(u) for u in got_units] == [coarse(u) for u in se_units]:
                got = got_units[p.index]
            else:
                got = "".join(got_units) or "(nothing)"
        if got == p.expected:
            s.correct[p.klass] += 1
            continue
        key = (p.expected, got)
        s.confusions[key] += 1
        if len(s.examples[key]) < 3:
            ours = _context(tool, k) if k >= 0 else ""
            s.examples[key].append((pair.name, _context(pair.se, p.word), ours))
    return s


# ---------------------------------------------------------------------------------------------
# Tools


def _fic2epub(src: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "fic2epub", "convert", str(src), "-o", str(out), "--force", "-q", "--no-cover"]


def _calibre(src: Path, out: Path) -> list[str]:
    return ["ebook-convert", str(src), str(out), "--smarten-punctuation"]


def _pandoc(src: Path, out: Path) -> list[str]:
    # markdown is pandoc's only reader of plain prose that applies +smart; old_dashes reads -- as an
    # em dash, as Project Gutenberg types it (pandoc's default makes -- an en dash and --- an em
    # dash). Indented verse becomes a code block there, left as typed: that is pandoc's reading.
    return ["pandoc", "-f", "markdown+smart+old_dashes", str(src), "-o", str(out)]


TOOLS = {"fic2epub": (None, _fic2epub), "calibre": ("ebook-convert", _calibre), "pandoc": ("pandoc", _pandoc)}


def convert(tool: str, src: Path, workdir: Path) -> tuple[list[str] | None, float]:
    exe, command = TOOLS[tool]
    if exe and not shutil.which(exe):
        return None, 0.0
    out = workdir / f"{src.stem}.{tool}.epub"
    start = time.perf_counter()
    proc = subprocess.run(command(src, out), capture_output=True, cwd=ROOT, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0 or not out.exists():
        sys.stderr.write(f"{tool} failed on {src.name}: {proc.stderr.decode(errors='replace')[-500:]}\n")
        return None, elapsed
    return epub_paragraphs(out), elapsed


# ---------------------------------------------------------------------------------------------
# Report


@dataclass
class Source:
    book: str
    title: str
    row: dict


def sources() -> list[Source]:
    with open(DATA / "SOURCES.tsv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return [Source(r["book"], r["title"], r) for r in rows]


def _pct(correct: int, judged: int) -> str:
    return f"{100 * correct / judged:.2f}%" if judged else "–"


def _table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(h), *(len(r[n]) for r in rows)) if rows else len(h) for n, h in enumerate(headers)]
    line = "| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths)) + " |"
    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    body = ["| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |" for r in rows]
    return "\n".join([line, rule, *body])


def report(
    pairs: list[BookPair],
    scores: dict[str, Score],
    per_book: dict[str, dict[str, Score]],
    absent: list[str],
    confusions: int,
) -> str:
    out: list[str] = []
    total = Counter()
    judged = Counter()
    for p in pairs:
        total.update(p.total)
        judged.update(Counter(x.klass for x in p.positions))
    tools = list(scores)
    all_total, all_judged = sum(total.values()), sum(judged.values())
    out.append(
        f"Books: {', '.join(p.name for p in pairs)}. SE marks: {all_total}; judged: {all_judged} "
        f"(coverage {_pct(all_judged, all_total)}: PG and SE agree there apart from the marks)."
    )
    skipped = Counter()
    for p in pairs:
        skipped.update(p.skipped)
    out.append("Not judged: " + "; ".join(f"{reason} {n}" for reason, n in skipped.most_common()) + ".")
    if absent:
        out.append(f"Not installed, so not measured: {', '.join(absent)}.")
    out.append("")
    rows = []
    for klass in CLASSES:
        if not total[klass] and not judged[klass]:
            continue
        row = [CLASS_NAMES[klass], str(total[klass]), str(judged[klass])]
        row += [_pct(scores[t].correct[klass], scores[t].judged[klass]) for t in tools]
        rows.append(row)
    row = ["all marks", str(all_total), str(all_judged)]
    row += [_pct(sum(scores[t].correct.values()), sum(scores[t].judged.values())) for t in tools]
    rows.append(row)
    out.append(_table(["class", "SE marks", "judged", *tools], rows))
    out.append("")
    rows = []
    for p in pairs:
        n = len(p.positions)
        row = [p.name, str(sum(p.total.values())), str(n), _pct(n, sum(p.total.values()))]
        row += [_pct(sum(per_book[t][p.name].correct.values()), n) for t in tools]
        rows.append(row)
    out.append(_table(["book", "SE marks", "judged", "coverage", *tools], rows))
    for t in tools:
        s = scores[t]
        wrong = sum(s.confusions.values())
        out.append("")
        out.append(f"{t}: {wrong} wrong of {sum(s.judged.values())}; most frequent (expected → got, count):")
        out.append("")
        for (expected, got), count in s.confusions.most_common(confusions):
            out.append(f"- `{expected}` → `{got}` ×{count}")
            for book, se_ctx, ours in s.examples[(expected, got)][:2]:
                out.append(f"    - {book}: SE «{se_ctx}» / {t} «{ours}»")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--books", help="comma-separated book names (default: every book in SOURCES.tsv)")
    parser.add_argument("--tools", default="fic2epub,calibre,pandoc", help="comma-separated: fic2epub,calibre,pandoc")
    parser.add_argument("--markdown", type=Path, help="also write the report to this markdown file")
    parser.add_argument("--confusions", type=int, default=15, help="confusions listed per tool")
    args = parser.parse_args(argv)
    wanted = set(args.books.split(",")) if args.books else None
    tools = [t for t in args.tools.split(",") if t]
    for t in tools:
        if t not in TOOLS:
            parser.error(f"unknown tool {t!r}")
    books = [s for s in sources() if wanted is None or s.book in wanted]
    absent = [t for t in tools if TOOLS[t][0] and not shutil.which(TOOLS[t][0])]
    tools = [t for t in tools if t not in absent]
    pairs: list[BookPair] = []
    scores = {t: Score() for t in tools}
    per_book: dict[str, dict[str, Score]] = {t: {} for t in tools}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for src in books:
            pg_text = gzip.decompress((DATA / f"{src.book}.pg.txt.gz").read_bytes())
            pg_path = work / f"{src.book}.txt"
            pg_path.write_bytes(pg_text)
            se = tokenize(se_paragraphs(DATA / f"{src.book}.se.tar.gz"))
            pg = tokenize([io.TextIOWrapper(io.BytesIO(pg_text), encoding="utf-8", errors="replace").read()])
            pair = judged_positions(src.book, src.title, se, pg)
            pairs.append(pair)
            for t in tools:
                paragraphs, seconds = convert(t, pg_path, work)
                s = score(pair, tokenize(paragraphs)) if paragraphs is not None else Score()
                if paragraphs is None:
                    s.judged.update(Counter(x.klass for x in pair.positions))
                per_book[t][src.book] = s
                scores[t].add(s)
                sys.stderr.write(f"{src.book}: {t} {seconds:.1f} s\n")
    text = report(pairs, scores, per_book, absent, args.confusions)
    print(text)
    if args.markdown:
        args.markdown.write_text("# Typography against Standard Ebooks\n\n" + text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
