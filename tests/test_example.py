"""The bundled example converts to the committed book, member by member.

When a change to the pipeline is intended, regenerate with `pytest tests/test_example.py --save-golden`
and review the difference the failure printed (or unzip both and diff) before committing.
"""

from __future__ import annotations

import difflib
import hashlib
import io
import re
import zipfile

from fic2epub import Options, convert

from conftest import ROOT, EpubView, body_text

SOURCE = ROOT / "examples" / "down-the-rabbit-hole.txt"
GOLDEN = ROOT / "examples" / "down-the-rabbit-hole.epub"
#: The date written as dcterms:modified for the golden book (the CLI uses the file's mtime).
MODIFIED = "2026-11-26T00:00:00Z"


def _convert():
    return convert(SOURCE.read_bytes(), Options(source_name=SOURCE.name, modified=MODIFIED))


def _members(epub: bytes) -> dict[str, bytes]:
    archive = zipfile.ZipFile(io.BytesIO(epub))
    return {info.filename: archive.read(info) for info in archive.infolist()}


def differences(golden: bytes, built: bytes) -> list[str]:
    """What differs between two books, member by member, readable: a unified diff for text members,
    sizes and digests for binary ones (a Pillow upgrade that changes the cover says so)."""
    old, new = _members(golden), _members(built)
    out = []
    if list(old) != list(new):
        out.append(f"members or their order differ:\n  golden: {list(old)}\n  built:  {list(new)}")
    for name in sorted(set(old) | set(new)):
        a, b = old.get(name), new.get(name)
        if a == b:
            continue
        if a is None or b is None:
            out.append(f"{name}: only in the {'built' if a is None else 'golden'} book")
        elif name.endswith((".xhtml", ".opf", ".ncx", ".css", ".xml")) or name == "mimetype":
            diff = difflib.unified_diff(
                a.decode().splitlines(), b.decode().splitlines(), f"golden/{name}", f"built/{name}", lineterm="", n=1
            )
            out.append("\n".join(list(diff)[:40]))
        else:
            out.append(
                f"{name}: binary member differs ({len(a)} -> {len(b)} bytes, sha256 "
                f"{hashlib.sha256(a).hexdigest()[:12]} -> {hashlib.sha256(b).hexdigest()[:12]})"
            )
    if not out:
        out.append("every member is the same: the zip container itself differs (timestamps, order, compression)")
    return out


def test_example_matches_the_committed_book(request):
    result = _convert()
    if request.config.getoption("--save-golden"):
        GOLDEN.write_bytes(result.epub)
    golden = GOLDEN.read_bytes()
    assert golden == result.epub, "the example book changed (run pytest --save-golden if intended):\n" + "\n".join(
        differences(golden, result.epub)
    )


def test_differences_name_the_member_that_changed():
    golden = GOLDEN.read_bytes()
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(golden)) as src, zipfile.ZipFile(buffer, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.endswith("chapter001.xhtml"):
                data = data.replace(b"<h1>Down the Rabbit-Hole", b"<h1>Up the Rabbit-Hole", 1)
            elif info.filename.endswith("cover.png"):
                data = data[:-10] + b"0123456789"
            dst.writestr(info, data)
    report = "\n".join(differences(golden, buffer.getvalue()))
    assert "+<h1>Up the Rabbit-Hole</h1>" in report and "-<h1>Down the Rabbit-Hole</h1>" in report
    assert "cover.png: binary member differs" in report


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
