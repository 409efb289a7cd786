"""The bundled example converts to the committed book, byte for byte.

When a change to the pipeline is intended, regenerate with `pytest tests/test_example.py --save-golden`
and review the difference (unzip both and diff) before committing.
"""

from __future__ import annotations

import re

from fic2epub import Options, convert
from conftest import ROOT, EpubView, body_text

SOURCE = ROOT / "examples" / "down-the-rabbit-hole.txt"
GOLDEN = ROOT / "examples" / "down-the-rabbit-hole.epub"
#: The date written as dcterms:modified for the golden book (the CLI uses the file's mtime).
MODIFIED = "2026-11-26T00:00:00Z"


def _convert():
    return convert(SOURCE.read_bytes(), Options(source_name=SOURCE.name, modified=MODIFIED))


def test_example_matches_the_committed_book(request):
    result = _convert()
    if request.config.getoption("--save-golden"):
        GOLDEN.write_bytes(result.epub)
    assert GOLDEN.read_bytes() == result.epub, "run pytest --save-golden if the change is intended"


def test_example_book_reads_right():
    view = EpubView(GOLDEN.read_bytes())
    assert view.metadata("title") == ["Alice’s Adventures in Wonderland"]
    text = view.text()
    assert "Where stories live" not in text and "+++" not in text and "12.5K 1.1K 87" not in text
    chapters = [d for d in view.spine_documents() if 'epub:type="chapter"' in d]
    assert len(chapters) == 1
    assert re.search(r"<h1[^>]*>Down the Rabbit-Hole</h1>", chapters[0])
    # one after the author's note, one between scenes
    assert chapters[0].count("<hr") == 2
    assert 'class="note"' in chapters[0]
    assert "“Oh dear! Oh dear! I shall be late!”" in body_text(chapters[0])
