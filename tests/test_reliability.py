"""The fault table (docs/reliability.md): every input and situation a batch over a user's folders
meets, run through the real command in a process of its own, with the exit code and the one-line
message each must give — and what must be true of the files afterwards (no book, no partial book,
no temporary file, the input and existing books untouched).

Inputs are built from real files: the bundled example (a Wattpad-shaped scrape), the shared corpus
(rows marked ``corpus``), and real binaries made by the libraries that write them.
"""

from __future__ import annotations

import gzip
import io
import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import CORPUS, ROOT, SAMPLE

TEXT = SAMPLE.read_bytes()
EXAMPLE_BOOK = ROOT / "examples" / "down-the-rabbit-hole.epub"


def run(*args: str, cwd: Path, unprivileged: bool = False, timeout: float = 120) -> subprocess.CompletedProcess:
    """The real command, its output as text; ``unprivileged``: as root, with every capability
    dropped, so that file permissions apply to it as to any user (Linux)."""
    return subprocess.run(
        [sys.executable, "-m", "fic2epub", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=timeout,
        preexec_fn=_drop_capabilities if unprivileged and os.geteuid() == 0 else None,
    )


def _drop_capabilities() -> None:  # pragma: no cover - runs in the child before exec
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    pr_capbset_drop = 24
    for capability in range(64):
        libc.prctl(pr_capbset_drop, capability, 0, 0, 0)


def lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


def leftovers(folder: Path, *keep: str) -> list[str]:
    """Temporary files and books that are not whole EPUBs, anywhere under ``folder`` (but ``keep``)."""
    bad = [p.name for p in folder.rglob(".fic2epub-*")]
    for book in folder.rglob("*.epub"):
        if book.name in keep:
            continue
        try:
            with zipfile.ZipFile(book) as archive:
                if archive.testzip() is not None or "META-INF/container.xml" not in archive.namelist():
                    bad.append(book.name)
        except zipfile.BadZipFile:
            bad.append(book.name)
    return bad


# --- inputs that are not a story ------------------------------------------------------------------


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def _zip(kind: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        if kind == "docx":
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("word/document.xml", "<w:document/>")
        else:
            archive.writestr("story.txt", TEXT)
    return out.getvalue()


def _pdf() -> bytes:
    """A minimal PDF as PDF writers lay it out (header, binary comment, objects, xref, trailer)."""
    body = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    body += b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    return body + b"xref\n0 3\n0000000000 65535 f \ntrailer\n<< /Root 1 0 R >>\nstartxref\n0\n%%EOF\n"


def _wattpad_chrome_only() -> bytes:
    """The bundled example with its story taken out: the part title, the counters and the footer."""
    rows = TEXT.split(b"\n")
    return b"\n".join(rows[:3] + rows[-1:])


def _gutenberg_wrapper_only() -> bytes:
    """Project Gutenberg's header and licence with no book between them (The Great Gatsby's)."""
    data = (CORPUS / "gutenberg" / "great-gatsby-cp1252-roman-headings.txt").read_bytes()
    start = data.index(b"\n", data.index(b"*** START")) + 1
    return data[:start] + b"\r\n" + data[data.index(b"*** END") :]


def _with(junk: bytes, at: int = 2000) -> bytes:
    return TEXT[:at] + junk + TEXT[at:]


Make = Callable[[Path], list[str]]


def file(name: str, data: Callable[[], bytes]) -> Make:
    def make(folder: Path) -> list[str]:
        (folder / name).write_bytes(data())
        return [name]

    return make


corpus = pytest.mark.corpus

#: (id, make the input in a folder -> arguments, exit code, words of the one-line message)
NOT_A_STORY = [
    pytest.param(file("empty.txt", lambda: b""), 3, "the input is empty", id="empty"),
    pytest.param(file("blank.txt", lambda: b" \r\n\t\n \n"), 3, "only whitespace", id="whitespace only"),
    pytest.param(file("book.txt", _pdf), 4, "PDF document", id="PDF"),
    pytest.param(file("cover.txt", _png), 4, "PNG image", id="PNG"),
    pytest.param(file("cover2.txt", lambda: b"\xef\xbb\xbf" + _png()), 4, "PNG image", id="PNG behind a BOM"),
    pytest.param(file("saved.txt", lambda: _zip("zip")), 4, "ZIP archive", id="ZIP"),
    pytest.param(file("story.html", lambda: _zip("docx")), 4, "Word document", id="DOCX"),
    pytest.param(file("book.html", lambda: EXAMPLE_BOOK.read_bytes()), 4, "EPUB", id="EPUB"),
    pytest.param(file("story.txt.txt", lambda: gzip.compress(TEXT, mtime=0)), 4, "gzip", id="gzip"),
    pytest.param(file("prog.txt", lambda: Path(sys.executable).resolve().read_bytes()[:65536]), 4, "ELF", id="ELF"),
    pytest.param(file("backup.txt", lambda: _tar()), 4, "tar archive", id="tar"),
    pytest.param(
        file("noise.txt", lambda: bytes((i * 7919 + 13) % 251 for i in range(8000))), 4, "binary", id="random bytes"
    ),
    pytest.param(file("chrome.txt", _wattpad_chrome_only), 3, "only site chrome", id="chrome only"),
    pytest.param(
        file("pg.txt", _gutenberg_wrapper_only), 3, "no story text", id="Gutenberg wrapper only", marks=corpus
    ),
    pytest.param(file("heading.txt", lambda: b"Chapter 1\n"), 3, "no story text", id="a heading only"),
    pytest.param(file("breaks.txt", lambda: b"***\n\n* * *\n\n~~~\n\n#\n"), 3, "no words", id="scene breaks only"),
    pytest.param(
        file("bidi.txt", lambda: "\u202e\u202d\u200f\u200e\n".encode() * 50), 3, "no words", id="bidi controls only"
    ),
]


def _tar() -> bytes:
    import tarfile

    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.USTAR_FORMAT) as archive:
        info = tarfile.TarInfo("story.txt")
        info.size, info.mtime = len(TEXT), 0
        archive.addfile(info, io.BytesIO(TEXT))
    return out.getvalue()


@pytest.mark.parametrize("make, code, words", NOT_A_STORY)
def test_an_input_that_is_not_a_story_is_refused_in_one_line(tmp_path, make, code, words):
    args = make(tmp_path)
    result = run("convert", *args, cwd=tmp_path)
    assert result.returncode == code, result.stderr
    assert len(lines(result)) == 1 and words in lines(result)[0], result.stderr
    assert lines(result)[0].startswith(f"fic2epub: {args[-1]}: ")
    assert not list(tmp_path.glob("*.epub")) and not leftovers(tmp_path)


# --- damaged texts that are stories ---------------------------------------------------------------


def _utf16_cjk(order: str) -> Callable[[], bytes]:
    def data() -> bytes:
        story = (CORPUS / "chinese-webnovel" / "1qxs-daozhong-ch1-zh.md").read_bytes().decode("utf-8")
        return story[:6000].encode(order)

    return data


def _utf8_then_cp1252() -> bytes:
    """Two saved files joined end to end: the bundled example (UTF-8), then a French story in cp1252."""
    return TEXT + b"\n\n" + (CORPUS / "fanfictions.fr" / "crise-naruto-fr-cp1252-crlf.txt").read_bytes()[:3000]


DAMAGED = [
    pytest.param(file("nul.txt", lambda: _with(b"\x00" * 4096)), "a White Rabbit with pink eyes", id="a run of NULs"),
    pytest.param(
        file("ctl.txt", lambda: _with(b"\x01\x02\x1b[31m\x7f", 3000)),
        "a White Rabbit with pink eyes",
        id="control characters",
    ),
    pytest.param(
        file("le.txt", lambda: TEXT.decode().encode("utf-16-le")),
        "a White Rabbit with pink eyes",
        id="UTF-16 LE without BOM",
    ),
    pytest.param(
        file("be.txt", lambda: TEXT.decode().encode("utf-16-be")),
        "a White Rabbit with pink eyes",
        id="UTF-16 BE without BOM",
    ),
    pytest.param(file("zh.txt", _utf16_cjk("utf-16-be")), "永安城南", id="UTF-16 BE Chinese without BOM", marks=corpus),
    pytest.param(
        file("zh2.txt", _utf16_cjk("utf-16-le")), "永安城南", id="UTF-16 LE Chinese without BOM", marks=corpus
    ),
    pytest.param(file("mixed.txt", _utf8_then_cp1252), "aussi fière", id="mixed: UTF-8 then cp1252", marks=corpus),
    pytest.param(
        file("emoji.txt", lambda: _with("🐇".encode()[:2], 2500)), "a White Rabbit with pink eyes", id="a split emoji"
    ),
    pytest.param(
        file("nel.txt", lambda: TEXT.decode().replace("\n", "\u0085").encode()),
        "a White Rabbit with pink eyes",
        id="NEL line endings",
    ),
    pytest.param(
        file("meta.html", lambda: b'<meta charset="utf-16"><p>' + TEXT + b"</p>"),
        "a White Rabbit with pink eyes",
        id="a misleading charset",
    ),
]


@pytest.mark.parametrize("make, word", DAMAGED)
def test_a_damaged_story_still_gives_a_book_with_every_word(tmp_path, make, word):
    args = make(tmp_path)
    result = run("convert", *args, "--verify", "-o", "book.epub", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(tmp_path / "book.epub") as archive:
        text = " ".join(archive.read(n).decode() for n in archive.namelist() if n.endswith(".xhtml"))
    assert word in re.sub(r"\s+", " ", text)
    assert "\x00" not in text and "\ufffd" not in text


def test_hostile_html_gives_a_book_with_no_active_content(tmp_path):
    page = (
        b"<html><head><script>alert(1)</script><base href='file:///'></head><body onload='x()'>"
        b"<iframe src='javascript:alert(1)'></iframe><object data='file:///etc/passwd'></object>"
        b"<p onclick='steal()'>" + TEXT.split(b"\n\n")[3] + b" <a href='javascript:alert(2)'>here</a>"
        b" <a href='file:///etc/passwd'>there</a> <img src='/etc/passwd' onerror='alert(3)'>"
        b" <img src='../../../../etc/shadow'></p><p>" + TEXT.split(b"\n\n")[4] + b"</p>"
        b"<svg><script>alert(4)</script></svg><form action='http://x'><input value='pwd'></form></body></html>"
    )
    (tmp_path / "hostile.html").write_bytes(page)
    result = run("convert", "hostile.html", "--verify", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(tmp_path / "hostile.epub") as archive:
        names = archive.namelist()
        text = " ".join(archive.read(n).decode() for n in names if n.endswith((".xhtml", ".opf", ".ncx")))
    for bad in (
        "<script",
        "onload",
        "onclick",
        "onerror",
        "javascript:",
        "file:",
        "<iframe",
        "<object",
        "<form",
        "/etc/passwd",
        "<base",
    ):
        assert bad not in text, bad
    assert not any("passwd" in n or "shadow" in n for n in names)
    assert "picture" in result.stderr  # the pictures left out are said


# --- files and folders that cannot be read --------------------------------------------------------


def test_missing_directory_fifo_device_and_odd_names(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "folder.txt").mkdir()
    cases = [
        (["nope.txt"], 9, "nope.txt: no such file"),
        (["pipe.txt"], 9, "named pipe"),
        (["/dev/zero"], 9, "device"),
        (["no\nsuch.txt"], 9, "no\\nsuch.txt: no such file"),  # a newline in a name is shown escaped
    ]
    for args, code, words in cases:
        result = run("convert", *args, cwd=tmp_path, timeout=30)
        assert result.returncode == code and len(lines(result)) == 1 and words in lines(result)[0], (args, result)
    result = run("convert", "folder.txt", cwd=tmp_path)  # a folder named like a file is read as a folder
    assert result.returncode == 9 and "no story files" in result.stderr
    result = run("inspect", "pipe.txt", cwd=tmp_path, timeout=30)
    assert result.returncode == 9 and "named pipe" in result.stderr


@pytest.mark.parametrize(
    "name, book",
    [
        ("my story.txt", "my story.epub"),
        ("histoire d’été — 1.txt", "histoire d’été — 1.epub"),
        ("物語.txt", "物語.epub"),
        ("-dash.txt", "-dash.epub"),
        ("new\nline.txt", "new_line.epub"),  # a book's name holds no control character
    ],
)
def test_any_file_name_converts_and_is_printed_as_written(tmp_path, name, book):
    (tmp_path / name).write_bytes(TEXT)
    args = ["--", name] if name.startswith("-") else [name]
    result = run("convert", *args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / book).is_file()
    assert result.stdout == book + "\n"


def test_an_unreadable_file_is_one_line_and_the_batch_goes_on(tmp_path):
    folder = tmp_path
    (folder / "a.txt").write_bytes(TEXT)
    (folder / "secret.txt").write_bytes(TEXT)
    (folder / "secret.txt").chmod(0)
    result = run("convert", "secret.txt", "a.txt", "-q", cwd=folder, unprivileged=True)
    assert result.returncode == 9, result.stderr
    assert lines(result) == ["fic2epub: secret.txt: permission denied"]
    assert (folder / "a.epub").is_file() and not (folder / "secret.epub").exists()


def test_symlink_loops_with_recursive_are_not_followed(tmp_path):
    (tmp_path / "saved" / "deep").mkdir(parents=True)
    (tmp_path / "saved" / "deep" / "one.txt").write_bytes(TEXT)
    (tmp_path / "saved" / "deep" / "loop").symlink_to(tmp_path / "saved")
    (tmp_path / "saved" / "self").symlink_to("self")
    result = run("convert", "saved", "-r", "-d", "books", "-q", cwd=tmp_path, timeout=60)
    assert result.returncode == 0, result.stderr
    assert [p.relative_to(tmp_path / "books").as_posix() for p in (tmp_path / "books").rglob("*.epub")] == [
        "deep/one.epub"
    ]


# --- where the book goes --------------------------------------------------------------------------


def test_the_input_is_never_the_output(tmp_path):
    (tmp_path / "story.txt").write_bytes(TEXT)
    (tmp_path / "story.epub").write_bytes(TEXT)  # a text file named .epub
    (tmp_path / "link.epub").symlink_to(tmp_path / "story.txt")
    for args in (
        ["story.txt", "-o", "story.txt", "-f"],
        ["story.epub", "-f"],
        ["story.txt", "-o", "link.epub", "-f"],
    ):
        result = run("convert", *args, cwd=tmp_path)
        assert result.returncode == 6 and len(lines(result)) == 1 and "input" in lines(result)[0], (args, result)
    assert (tmp_path / "story.txt").read_bytes() == TEXT and (tmp_path / "story.epub").read_bytes() == TEXT
    assert not leftovers(tmp_path, "story.epub", "link.epub")


def test_an_existing_book_is_kept_unless_forced(tmp_path):
    (tmp_path / "story.txt").write_bytes(TEXT)
    (tmp_path / "story.epub").write_bytes(b"my annotated copy")
    result = run("convert", "story.txt", cwd=tmp_path)
    assert result.returncode == 0 and (tmp_path / "story.epub").read_bytes() == b"my annotated copy"
    assert "exists" in result.stderr and "--force" in result.stderr
    assert run("convert", "story.txt", "-f", cwd=tmp_path).returncode == 0
    assert zipfile.is_zipfile(tmp_path / "story.epub")


def test_two_inputs_to_one_name_make_two_books(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "chapter1.txt").write_bytes(TEXT.replace(b"Down the Rabbit-Hole", folder.encode(), 1))
    for force in ([], ["-f"]):
        result = run("convert", "a/chapter1.txt", "b/chapter1.txt", "-d", "out", *force, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["chapter1 (2).epub", "chapter1.epub"]
    result = run("convert", "a/chapter1.txt", "b/chapter1.txt", "-o", "one.epub", cwd=tmp_path)
    assert result.returncode == 2 and len(lines(result)) == 1  # -o FILE names one book


def test_a_read_only_folder_is_one_line_and_touches_nothing(tmp_path):
    folder = tmp_path
    (folder / "story.txt").write_bytes(TEXT)
    books = folder / "books"
    books.mkdir()
    (books / "old.epub").write_bytes(b"keep me")
    books.chmod(0o555)
    result = run("convert", "story.txt", "-d", "books", cwd=folder, unprivileged=True)
    books.chmod(0o755)
    assert result.returncode == 6, result.stderr
    assert lines(result) == ["fic2epub: books/story.epub: cannot write in books: permission denied"]
    assert sorted(p.name for p in books.iterdir()) == ["old.epub"] and (books / "old.epub").read_bytes() == b"keep me"


def test_a_full_disk_is_one_line_and_leaves_the_old_book(tmp_path, monkeypatch):
    """The write is made to fail as a full disk does (ENOSPC from the file's write)."""
    import errno

    from typer.testing import CliRunner

    from fic2epub import writing
    from fic2epub.cli import app

    (tmp_path / "story.txt").write_bytes(TEXT)
    (tmp_path / "story.epub").write_bytes(b"the old book")
    real = os.fdopen

    class Full(io.RawIOBase):
        def __init__(self, fd: int):
            self.file = real(fd, "wb")

        def write(self, data):  # noqa: ARG002 - the disk takes nothing
            raise OSError(errno.ENOSPC, "No space left on device")

        def close(self):
            self.file.close()
            super().close()

        def fileno(self):
            return self.file.fileno()

    monkeypatch.setattr(writing.os, "fdopen", lambda fd, *a, **k: Full(fd))
    result = CliRunner().invoke(app, ["convert", str(tmp_path / "story.txt"), "-f"])
    assert result.exit_code == 6, result.output
    assert result.stderr.strip().endswith("the disk is full") and len(result.stderr.strip().splitlines()) == 1
    assert (tmp_path / "story.epub").read_bytes() == b"the old book" and not leftovers(tmp_path, "story.epub")


def test_a_temporary_file_left_by_a_killed_run_is_swept(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = tmp_path / f".fic2epub-{dead.stdout.strip()}-story.epub.tmp"
    stale.write_bytes(b"PK half a book")
    (tmp_path / "story.txt").write_bytes(TEXT)
    assert run("convert", "story.txt", cwd=tmp_path).returncode == 0
    assert not stale.exists() and not leftovers(tmp_path)


# --- stopped midway -------------------------------------------------------------------------------


@pytest.mark.parametrize("sig, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=["SIGINT", "SIGTERM"])
def test_a_signal_mid_batch_leaves_only_whole_books_and_says_so(tmp_path, sig, code):
    source = tmp_path / "saved"
    source.mkdir()
    big = TEXT * 20  # each book takes a while, so the signal lands mid-batch
    for k in range(40):
        (source / f"story{k:02d}.txt").write_bytes(big.replace(b"Down the Rabbit-Hole", f"Part {k}".encode(), 1))
    process = subprocess.Popen(
        [sys.executable, "-m", "fic2epub", "convert", "saved", "-d", "books", "-j", "2"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list((tmp_path / "books").glob("*.epub"))) < 2:
        time.sleep(0.05)
    process.send_signal(sig)
    out, err = process.communicate(timeout=60)
    assert process.returncode == code, err
    message = err.decode().strip().splitlines()
    assert len(message) == 1 and "run the same command again" in message[0] and "Traceback" not in err.decode()
    written = sorted(p.name for p in (tmp_path / "books").glob("*.epub"))
    assert 2 <= len(written) < 40 and not leftovers(tmp_path)
    assert [Path(line).name for line in out.decode().splitlines()] == written  # every book printed is whole
    again = subprocess.run(
        [sys.executable, "-m", "fic2epub", "convert", "saved", "-d", "books", "-q"], cwd=tmp_path, capture_output=True
    )
    assert again.returncode == 0 and len(list((tmp_path / "books").glob("*.epub"))) == 40  # run again to finish


def test_a_closed_stdout_and_stderr_still_write_every_book(tmp_path):
    for k in range(3):
        (tmp_path / f"s{k}.txt").write_bytes(TEXT.replace(b"Down the Rabbit-Hole", f"Part {k}".encode(), 1))
    script = f"cd {tmp_path} && {sys.executable} -m fic2epub convert s0.txt s1.txt s2.txt -j 1 >&- 2>&-; echo $?"
    done = subprocess.run(["sh", "-c", script], capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "0"
    assert sorted(p.name for p in tmp_path.glob("*.epub")) == ["s0.epub", "s1.epub", "s2.epub"]


def test_debug_shows_the_traceback_of_an_internal_error(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from fic2epub import conversion
    from fic2epub.cli import app

    (tmp_path / "story.txt").write_bytes(TEXT)

    def broken(*a, **k):
        raise RuntimeError("a bug")

    monkeypatch.setattr(conversion, "make_epub", broken)
    plain = CliRunner().invoke(app, ["convert", str(tmp_path / "story.txt"), "-j", "1"])
    assert plain.exit_code == 1 and "Traceback" not in plain.stderr
    assert len(plain.stderr.strip().splitlines()) == 1 and "internal error" in plain.stderr
    debug = CliRunner().invoke(app, ["convert", str(tmp_path / "story.txt"), "-j", "1", "--debug"])
    assert debug.exit_code == 1 and "Traceback" in debug.stderr and "a bug" in debug.stderr
    assert not list(tmp_path.glob("*.epub"))
