"""What a run imports (not how long it takes: speed is measured by benchmarks/run.py).

Each case runs the CLI in a fresh interpreter and reads ``sys.modules`` at the end: a module a
branch does not need must not be imported on it (README "Speed"; docs/architecture.md).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import SAMPLE

_PROBE = (
    "import json, sys\n"
    "from fic2epub.cli import run\n"
    "code = run(sys.argv[1:])\n"
    "print(json.dumps([code, sorted({name.split('.')[0] for name in sys.modules})]))\n"
)


def imported(*argv: str) -> set[str]:
    """The top-level modules imported by ``fic2epub ARGV`` (the CLI run in a fresh interpreter)."""
    proc = subprocess.run([sys.executable, "-c", _PROBE, *argv], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    code, modules = json.loads(proc.stdout.strip().splitlines()[-1])
    assert code == 0, proc.stderr
    return set(modules)


def test_a_text_conversion_imports_only_what_it_uses(tmp_path):
    # the bundled example: valid UTF-8, no mojibake, a text scrape (not a page)
    modules = imported("convert", str(SAMPLE), "-o", str(tmp_path / "book.epub"), "-q")
    assert "ebooklib" in modules and "fic2epub" in modules  # it did convert
    unwanted = {"bs4", "soupsieve", "rich", "charset_normalizer", "ftfy", "pydantic", "hashlib", "concurrent"}
    assert modules & unwanted == set()


def test_a_conversion_without_cover_does_not_load_pillow(tmp_path):
    modules = imported("convert", str(SAMPLE), "-o", str(tmp_path / "book.epub"), "-q", "--no-cover")
    assert "PIL" not in modules


@pytest.mark.parametrize("argv", [("--version",), ("--help",), ("convert", "--help")])
def test_version_and_help_import_no_pipeline(argv):
    modules = imported(*argv)
    assert (
        modules & {"ebooklib", "lxml", "PIL", "bs4", "rich", "pydantic", "regex", "ftfy", "charset_normalizer"} == set()
    )
