"""How well fic2epub finds the story on a saved page, next to trafilatura and readability-lxml.

For every HTML page of the corpus case table (tests/corpus_cases.toml: the project's corpus, and
../shared/corpus when it is there) each tool extracts the page's text, and the table's own
expectations, written from reading the files, judge it:

- **kept**: the story strings the entry lists (``kept``, ``first_words``, ``last_words``) found in
  the tool's text — the story the tool keeps;
- **chrome left**: the site strings the entry lists (``chrome``) still in the tool's text.

fic2epub's text is its book's chapters (the title page aside); trafilatura's is ``extract`` with its
defaults (comments left out); readability's is ``Document.summary``. A tool that is not installed is
reported as absent. Run it where they are installed, for example::

    python3 -m venv /tmp/x && /tmp/x/bin/pip install -e . trafilatura readability-lxml
    /tmp/x/bin/python benchmarks/extractors.py            # a Markdown table, per file and in all
"""

from __future__ import annotations

import argparse
import html as htmllib
import io
import re
import sys
import tomllib
import unicodedata
import warnings
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = {"project": ROOT / "tests" / "corpus", "shared": ROOT.parent / "shared" / "corpus"}
PAGES = (".html", ".htm", ".xhtml", ".mhtml")


def flat(text: str) -> str:
    """Text compared plainly: width, quotes, dashes, ellipses and white space made ordinary."""
    text = unicodedata.normalize("NFKC", text or "")
    text = re.sub(r"[‘’`´]", "'", re.sub(r"[“”«»„]", '"', text))
    text = re.sub(r"\s*[—–―]\s*|\s*--\s*", " - ", text).replace("…", "...")
    return " ".join(text.split()).casefold()


_BLOCK_TAG = re.compile(r"</?(?:p|div|h[1-6]|li|ul|ol|br|hr|section|blockquote|td|th|tr|table|dt|dd)\b[^>]*>", re.I)


def _text(markup: str) -> str:
    """Markup's text: blocks part words, inline markup does not (``<em>Et tu</em>, Lexi``)."""
    return htmllib.unescape(re.sub(r"<[^>]+>", "", _BLOCK_TAG.sub(" ", markup)))


def fic2epub_text(data: bytes, name: str) -> str:
    sys.path.insert(0, str(ROOT))
    from fic2epub import Options, convert

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        epub = convert(data, Options(source_name=name, make_cover=False, info_page=False)).epub
    out = []
    with zipfile.ZipFile(io.BytesIO(epub)) as book:
        for item in sorted(book.namelist()):
            if item.endswith(".xhtml") and not item.endswith(("nav.xhtml", "titlepage.xhtml")):
                out.append(_text(book.read(item).decode("utf-8")))
    return "\n".join(out)


def trafilatura_text(data: bytes, name: str) -> str:
    import trafilatura

    return trafilatura.extract(data.decode("utf-8", "replace"), include_comments=False) or ""


def readability_text(data: bytes, name: str) -> str:
    from readability import Document

    summary = Document(data.decode("utf-8", "replace")).summary()
    return _text(summary)


TOOLS = {"fic2epub": fic2epub_text, "trafilatura": trafilatura_text, "readability-lxml": readability_text}


def available(name: str) -> bool:
    module = {"trafilatura": "trafilatura", "readability-lxml": "readability"}.get(name)
    if module is None:
        return True
    try:
        __import__(module)
    except ImportError:
        return False
    return True


def pages() -> list[tuple[str, Path, dict]]:
    cases = tomllib.loads((ROOT / "tests" / "corpus_cases.toml").read_text(encoding="utf-8"))
    out = []
    for corpus, entries in cases.items():
        base = CORPORA.get(corpus)
        if base is None or not base.is_dir():
            continue
        for rel, case in entries.items():
            path = base / rel
            if path.suffix.lower() in PAGES and path.is_file():
                out.append((f"{corpus}:{rel}", path, case))
    return out


def judged(case: dict) -> tuple[list[str], list[str]]:
    story = [*case.get("kept", []), *(case[k] for k in ("first_words", "last_words") if case.get(k))]
    return [flat(s) for s in story if s.strip()], [flat(s) for s in case.get("chrome", []) if s.strip()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", help="only the pages whose key contains this text")
    args = parser.parse_args()
    tools = [t for t in TOOLS if available(t)]
    absent = [t for t in TOOLS if t not in tools]
    totals = {t: [0, 0, 0, 0] for t in tools}  # kept, story strings, chrome left, chrome strings
    rows = []
    for key, path, case in pages():
        if args.files and args.files not in key:
            continue
        story, chrome = judged(case)
        data = path.read_bytes()
        cells = []
        for tool in tools:
            try:
                text = flat(TOOLS[tool](data, path.name))
            except Exception as err:  # a tool that fails on a page keeps nothing of it
                print(f"{tool} failed on {key}: {err}", file=sys.stderr)
                text = ""
            kept = sum(s in text for s in story)
            left = sum(c in text for c in chrome)
            total = totals[tool]
            total[0] += kept
            total[1] += len(story)
            total[2] += left
            total[3] += len(chrome)
            cells.append(f"{kept}/{len(story)} · {left}/{len(chrome)}")
        rows.append(f"| {key} | " + " | ".join(cells) + " |")
    print("| page | " + " | ".join(f"{t}: kept · chrome left" for t in tools) + " |")
    print("|---|" + "---|" * len(tools))
    print("\n".join(rows))
    summary = " | ".join(
        f"**{k}/{n} kept ({100 * k / max(n, 1):.1f}%) · {c}/{m} chrome left ({100 * c / max(m, 1):.1f}%)**"
        for k, n, c, m in totals.values()
    )
    print(f"| all {len(rows)} pages | {summary} |")
    if absent:
        print(f"\nnot installed: {', '.join(absent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
