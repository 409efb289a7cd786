"""The command line, driven as a user drives it: typer's CliRunner, and real subprocesses where the
terminal, signals or process exit codes matter. Inputs are the bundled example and variants of it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fic2epub.cli import SITES, app

from conftest import SAMPLE, EpubView

runner = CliRunner()
TEXT = SAMPLE.read_bytes()


def story(folder: Path, name: str = "story.txt", title: str | None = None) -> Path:
    """A copy of the bundled example (a Wattpad-shaped scrape), its part title changed if asked."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(TEXT if title is None else TEXT.replace(b"Down the Rabbit-Hole", title.encode(), 1))
    return path


def fic2epub(
    *args: str, cwd: Path | None = None, input: bytes | None = None, env: dict | None = None, timeout: float = 120
) -> subprocess.CompletedProcess:
    """The real command, in a process of its own (exit codes, stdin/stdout, signals, encodings)."""
    environment = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "fic2epub", *args],
        cwd=cwd,
        input=input,
        capture_output=True,
        env=environment,
        timeout=timeout,
    )


def err_lines(result) -> list[str]:
    text = result.stderr if isinstance(result.stderr, str) else result.stderr.decode("utf-8", "replace")
    return [line for line in text.splitlines() if line.strip()]


# --- one input ------------------------------------------------------------------------------------


def test_default_output_beside_input(tmp_path):
    path = story(tmp_path)
    result = runner.invoke(app, ["convert", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(tmp_path / "story.epub")
    assert (tmp_path / "story.epub").read_bytes()[:2] == b"PK"
    assert result.stderr == ""  # one file, all fine: nothing to say


def test_output_file_and_existing_folder(tmp_path):
    out = tmp_path / "x.epub"
    assert runner.invoke(app, ["convert", str(SAMPLE), "-o", str(out)]).stdout.strip() == str(out)
    folder = tmp_path / "books"
    folder.mkdir()
    result = runner.invoke(app, ["convert", str(SAMPLE), "-o", str(folder)])
    assert result.exit_code == 0 and result.stdout.strip() == str(folder / "down-the-rabbit-hole.epub")


def test_existing_output_is_skipped_with_notice_and_force_overwrites(tmp_path):
    out = tmp_path / "x.epub"
    out.write_bytes(b"precious")
    result = runner.invoke(app, ["convert", str(SAMPLE), "-o", str(out)])
    assert result.exit_code == 0 and out.read_bytes() == b"precious"
    assert "--force" in result.stderr and result.stdout == ""
    assert runner.invoke(app, ["convert", str(SAMPLE), "-o", str(out), "-q"]).stderr == ""  # -q: errors only
    assert runner.invoke(app, ["convert", str(SAMPLE), "-o", str(out), "--force"]).exit_code == 0
    assert out.read_bytes()[:2] == b"PK"


def test_newer_rebuilds_only_a_stale_book(tmp_path):
    path = story(tmp_path)
    runner.invoke(app, ["convert", str(path)])
    book = tmp_path / "story.epub"
    os.utime(book, (1_000_000_000, 1_000_000_000))
    os.utime(path, (1_000_000_100, 1_000_000_100))
    result = runner.invoke(app, ["convert", str(path), "--newer"])
    assert result.stdout.strip() == str(book) and book.stat().st_mtime > 1_000_000_100
    result = runner.invoke(app, ["convert", str(path), "--newer"])
    assert result.stdout == "" and "skipped" in result.stderr


def test_overrides(tmp_path):
    out = tmp_path / "x.epub"
    result = runner.invoke(
        app,
        [
            "convert",
            str(SAMPLE),
            "-o",
            str(out),
            "--title",
            "Tom & Jerry <3",
            "--author",
            "A. Writer",
            "--language",
            "fr",
            "--series",
            "S",
            "--series-index",
            "2",
            "--tag",
            "cats",
            "--summary",
            "A summary.",
        ],
    )
    assert result.exit_code == 0, result.output
    view = EpubView(out.read_bytes())
    assert view.metadata("title") == ["Tom & Jerry <3"] and view.metadata("creator") == ["A. Writer"]
    assert view.metadata("language") == ["fr"] and view.metadata("subject") == ["cats"]
    assert view.metadata("description") == ["A summary."]


def test_book_flags_sort_chapters_no_info_page_and_css(tmp_path):
    scrape = Path(__file__).parent / "golden" / "out-of-order.txt"
    (tmp_path / "mine.css").write_text("p { text-indent: 0 }\n", encoding="utf-8")
    out = tmp_path / "x.epub"
    args = ["convert", str(scrape), "-o", str(out), "--force"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0 and "comes after" in result.stderr  # warned, left as found
    as_found = EpubView(out.read_bytes()).spine_documents()
    result = runner.invoke(app, [*args, "--sort-chapters", "--no-info-page", "--css", str(tmp_path / "mine.css")])
    assert result.exit_code == 0, result.output
    view = EpubView(out.read_bytes())
    assert "comes after" not in result.stderr
    assert len(view.spine_documents()) == len(as_found) - 1  # the information page is left out
    headings = [re.findall(r"<h1>CHAPTER (\w+)\.", doc) for doc in view.spine_documents()]
    numbers = [number for heading in headings for number in heading]
    assert numbers == ["I", "II", "III", "IV"]
    assert "p { text-indent: 0 }" in view.read(next(n for n in view.names if n.endswith("user.css")))
    (tmp_path / "bad.css").write_text('@import "other.css";', encoding="utf-8")
    result = runner.invoke(app, [*args, "--css", str(tmp_path / "bad.css")])
    assert result.exit_code == 8 and err_lines(result)[0].startswith("fic2epub: --css:")
    result = runner.invoke(app, [*args, "--css", str(tmp_path / "missing.css")])
    assert result.exit_code == 9 and len(err_lines(result)) == 1


def test_version_and_help_read_like_a_good_cli():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.startswith("fic2epub ")
    help_ = runner.invoke(app, ["convert", "--help"]).stdout
    assert "--force" in help_ and "Examples:" in help_
    for bad in ("<list", "{inputs}", "{INPUT", "<str>", "<int>", "<path>"):
        assert bad not in help_, bad
    assert "INPUT..." in help_ and "-o, --output FILE" in help_ and "-j, --jobs N" in help_
    assert "[blank|line|wrapped]" in help_
    assert "--install-completion" in runner.invoke(app, ["--help"]).stdout


def test_site_names_in_the_help_are_the_registry():
    from fic2epub.sites import PROFILE_MODULES

    assert SITES.split(", ") == list(PROFILE_MODULES)


# --- exit codes and one-line errors --------------------------------------------------------------


def _file(folder: Path, name: str, data: bytes) -> Path:
    (folder / name).write_bytes(data)
    return folder / name


@pytest.mark.parametrize(
    "make, code, words",
    [
        (lambda d: d / "nope.txt", 9, "no such file"),
        (lambda d: d, 9, "no story files"),
        (lambda d: _file(d, "empty.txt", b""), 3, "empty"),
        (lambda d: _file(d, "bin.txt", b"%PDF-1.4\n" + bytes(range(256)) * 4), 4, "PDF"),
    ],
    ids=["missing", "empty folder", "empty file", "binary"],
)
def test_input_failures_are_one_line_and_their_own_exit_code(tmp_path, make, code, words):
    path = make(tmp_path)
    result = runner.invoke(app, ["convert", str(path)])
    assert result.exit_code == code
    assert len(err_lines(result)) == 1 and words in result.stderr
    assert "Traceback" not in result.stderr
    assert not list(tmp_path.glob("*.epub"))


def test_usage_errors_exit_2_in_one_line(tmp_path):
    for args in (
        ["convert"],
        ["convert", "a.txt", "--bogus"],
        ["convert", "a.txt", "--paragraphs", "double"],
        ["convert", str(SAMPLE), "-o", "x.epub", "-d", str(tmp_path)],
        ["convert", str(SAMPLE), str(SAMPLE), "-o", str(tmp_path / "one.epub")],
    ):
        result = fic2epub(*args, cwd=tmp_path)
        assert result.returncode == 2, args
        assert len(err_lines(result)) == 1 and err_lines(result)[0].startswith("fic2epub: "), result.stderr


def test_bad_option_values_exit_8_before_any_input_is_read(tmp_path):
    for args in (
        ["--chapter-regex", "("],
        ["--site", "nowhere"],
        ["--encoding", "nope"],
        ["--name", "{bogus}"],
        ["--language", "klingon!"],
        ["-j", "0"],
    ):
        result = runner.invoke(app, ["convert", str(tmp_path / "missing.txt"), *args])
        assert result.exit_code == 8, args
        assert len(err_lines(result)) == 1 and "missing.txt" not in result.stderr


def test_a_batch_with_bad_files_among_good_ones_converts_the_good_and_reports_the_first_failure(tmp_path):
    good = [story(tmp_path, "a.txt"), story(tmp_path, "c.txt", "Another Part")]
    (tmp_path / "b.txt").write_bytes(b"")
    result = runner.invoke(
        app, ["convert", str(good[0]), str(tmp_path / "b.txt"), str(tmp_path / "nope.txt"), str(good[1]), "-j", "1"]
    )
    assert result.exit_code == 3  # the first failure: the empty file
    assert result.stdout.splitlines() == [str(tmp_path / "a.epub"), str(tmp_path / "c.epub")]
    assert "b.txt:" in result.stderr and "nope.txt: no such file" in result.stderr
    assert "2 converted, 0 skipped, 2 failed" in result.stderr


# --- folders, names, collisions -------------------------------------------------------------------


def test_a_folder_with_subfolders_and_recursive(tmp_path):
    source = tmp_path / "saved"
    story(source, "one.txt")
    story(source / "series", "two.html", "Part Two")
    (source / "series" / "two.html").write_bytes(
        b"<html><body><p>" + b"She walked home in the rain. " * 30 + b"</p></body></html>"
    )
    story(source, ".hidden.txt")
    (source / "old.epub").write_bytes(b"PK")
    (source / "notes.pdf").write_bytes(b"%PDF")
    flat = runner.invoke(app, ["convert", str(source), "-d", str(tmp_path / "books")])
    assert flat.exit_code == 0 and flat.stdout.splitlines() == [str(tmp_path / "books" / "one.epub")]
    deep = runner.invoke(app, ["convert", str(source), "-r", "-d", str(tmp_path / "all"), "-q"])
    assert deep.exit_code == 0, deep.stderr
    assert sorted(p.relative_to(tmp_path / "all").as_posix() for p in (tmp_path / "all").rglob("*.epub")) == [
        "one.epub",
        "series/two.epub",
    ]


def test_recursive_follows_no_symlink_loop(tmp_path):
    story(tmp_path / "a", "x.txt")
    (tmp_path / "a" / "loop").symlink_to(tmp_path / "a", target_is_directory=True)
    result = runner.invoke(app, ["convert", str(tmp_path / "a"), "-r", "-d", str(tmp_path / "out")])
    assert result.exit_code == 0 and result.stdout.splitlines() == [str(tmp_path / "out" / "x.epub")]


def test_a_missing_output_folder_is_made(tmp_path):
    result = runner.invoke(app, ["convert", str(SAMPLE), "-d", str(tmp_path / "new" / "books")])
    assert result.exit_code == 0 and (tmp_path / "new" / "books" / "down-the-rabbit-hole.epub").is_file()


def test_two_inputs_with_one_output_name_both_convert(tmp_path):
    a, b = story(tmp_path / "a", "chapter1.txt"), story(tmp_path / "b", "chapter1.txt", "Other")
    out = tmp_path / "out"
    result = runner.invoke(app, ["convert", str(a), str(b), "-d", str(out)])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [str(out / "chapter1.epub"), str(out / "chapter1 (2).epub")]
    assert "chapter1 (2).epub" in result.stderr  # said, not silent
    assert EpubView((out / "chapter1 (2).epub").read_bytes()).spine_documents()[2].count("Other") >= 1
    again = runner.invoke(app, ["convert", str(a), str(b), "-d", str(out), "-f"])
    assert again.stdout.splitlines() == result.stdout.splitlines()  # -f overwrites each with its own


def test_names_from_metadata_are_safe_file_names(tmp_path):
    result = runner.invoke(
        app,
        [
            "convert",
            str(story(tmp_path, "s.txt")),
            "-d",
            str(tmp_path / "out"),
            "--name",
            "{author} - {title}: {site}?",
            "--author",
            "CON",
            "-q",
        ],
    )
    assert result.exit_code == 0, result.stderr
    (name,) = [p.name for p in (tmp_path / "out").iterdir()]
    assert name == "CON - Alice’s Adventures in Wonderland_ Wattpad_.epub"


def test_safe_names():
    from fic2epub.paths import fill_template, safe_name

    assert safe_name("CON") == "_CON.epub" and safe_name("aux.txt") == "_aux.txt.epub"
    assert safe_name('a:b*c?"d<e>f|g/h\\i') == "a_b_c__d_e_f_g_h_i.epub"
    assert safe_name("dots... ") == "dots.epub" and safe_name("") == "book.epub"
    long = safe_name("é" * 300)
    assert len(long.encode()) <= 200 and long.endswith(".epub")
    assert fill_template("{series} - {title}", {"title": "T"}) == "T"


# --- stdin, stdout, records -----------------------------------------------------------------------


def test_stdin_and_dash_o_dash(tmp_path):
    out = fic2epub("convert", "-", "-o", "-", input=TEXT)
    assert out.returncode == 0 and out.stdout[:2] == b"PK"
    assert EpubView(out.stdout).metadata("title") == ["Alice’s Adventures in Wonderland"]
    to_file = fic2epub("convert", "-", "-o", str(tmp_path / "b.epub"), input=TEXT)
    assert to_file.returncode == 0 and (tmp_path / "b.epub").is_file()
    assert fic2epub("convert", "-", input=TEXT).returncode == 2  # where would the book go?
    dev = fic2epub("convert", "/dev/stdin", "-o", str(tmp_path / "c.epub"), input=TEXT)
    assert dev.returncode == 0 and (tmp_path / "c.epub").is_file()


def test_json_records(tmp_path):
    good = story(tmp_path, "a.txt")
    result = runner.invoke(app, ["convert", str(good), str(tmp_path / "nope.txt"), "--json", "-j", "1"])
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["status"] for r in records] == ["converted", "failed"]
    first = records[0]
    assert first["input"] == str(good) and first["output"] == str(tmp_path / "a.epub")
    assert first["title"] == "Alice’s Adventures in Wonderland" and first["site"] == "wattpad"
    assert first["chapters"] == 1 and first["words"] > 400 and first["language"] == "en"
    assert first["encoding"] == "utf-8" and first["removed"] >= 1 and first["error"] is None
    assert isinstance(first["warnings"], list) and first["seconds"] >= 0
    assert records[1]["error"] == "no such file" and records[1]["exit_code"] == 9
    skipped = runner.invoke(app, ["convert", str(good), "--json"])
    assert json.loads(skipped.stdout)["status"] == "skipped"


def test_print0(tmp_path):
    a, b = story(tmp_path, "a.txt"), story(tmp_path, "b.txt")
    result = runner.invoke(app, ["convert", str(a), str(b), "--print0", "-j", "1"])
    assert result.stdout == f"{tmp_path / 'a.epub'}\0{tmp_path / 'b.epub'}\0"


def test_two_jobs_give_the_same_books_as_one(tmp_path):
    inputs = [story(tmp_path / "in", f"s{i}.txt", f"Part {i}") for i in range(4)]
    one = runner.invoke(app, ["convert", *map(str, inputs), "-d", str(tmp_path / "one"), "-j", "1"])
    two = runner.invoke(app, ["convert", *map(str, inputs), "-d", str(tmp_path / "two"), "-j", "2"])
    assert one.exit_code == two.exit_code == 0
    assert [Path(p).name for p in one.stdout.splitlines()] == [Path(p).name for p in two.stdout.splitlines()]
    for path in inputs:
        name = path.with_suffix(".epub").name
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


# --- joining and updating ---------------------------------------------------------------------------


def _chapter_files(folder: Path, numbers) -> None:
    paragraphs = [p for p in TEXT.decode().split("\n\n") if len(p) > 200]
    for n in numbers:
        (folder / f"ch{n}.txt").write_text(f"Chapter {n}\n\n{paragraphs[n % len(paragraphs)]}\n", encoding="utf-8")


def _toc(epub: bytes) -> list[str]:
    import re

    nav = zipfile.ZipFile(__import__("io").BytesIO(epub)).read("OEBPS/nav.xhtml").decode()
    return re.findall(r'<a href="chapter\d+\.xhtml">(.*?)</a>', nav)


def test_join_in_natural_order_with_the_folders_metadata(tmp_path):
    folder = tmp_path / "my-story"
    folder.mkdir()
    _chapter_files(folder, [1, 2, 10])
    (folder / "metadata.json").write_text(
        json.dumps(
            {"title": "The Whole Story", "author": "Jane Writer", "tags": ["cats"], "series": "Tales", "index": 3}
        )
    )
    result = runner.invoke(app, ["convert", "--join", str(folder), "-o", str(tmp_path / "book.epub")])
    assert result.exit_code == 0, result.output
    epub = (tmp_path / "book.epub").read_bytes()
    assert _toc(epub) == ["Chapter 1", "Chapter 2", "Chapter 10"]
    view = EpubView(epub)
    assert view.metadata("title") == ["The Whole Story"] and view.metadata("creator") == ["Jane Writer"]
    assert view.metadata("subject") == ["cats"]
    # saved again with a new chapter: the same book (identifier), one chapter more
    _chapter_files(folder, [11])
    again = runner.invoke(app, ["convert", "--join", str(folder), "-o", str(tmp_path / "book.epub")])
    assert again.exit_code == 0
    rebuilt = (tmp_path / "book.epub").read_bytes()
    assert _toc(rebuilt)[-1] == "Chapter 11"
    assert EpubView(rebuilt).metadata("identifier") == view.metadata("identifier")


def test_update_adds_new_chapters_and_keeps_the_identifier(tmp_path):
    folder = tmp_path / "saved"
    folder.mkdir()
    _chapter_files(folder, [1, 2])
    book = tmp_path / "book.epub"
    runner.invoke(app, ["convert", "--join", str(folder), "-o", str(book)])
    before = EpubView(book.read_bytes())
    _chapter_files(folder, [3])
    result = runner.invoke(
        app, ["convert", "--update", str(book), str(folder / "ch2.txt"), str(folder / "ch3.txt"), "--json"]
    )
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["status"] == "updated" and record["added"] == ["Chapter 3"] and record["chapters"] == 3
    after = EpubView(book.read_bytes())
    assert _toc(book.read_bytes()) == ["Chapter 1", "Chapter 2", "Chapter 3"]
    assert after.metadata("identifier") == before.metadata("identifier")
    assert after.metadata("title") == before.metadata("title")
    not_ours = tmp_path / "other.epub"
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(not_ours, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info).replace(b'content="fic2epub', b'content="calibre'))
    refused = runner.invoke(app, ["convert", "--update", str(not_ours), str(folder / "ch3.txt")])
    assert refused.exit_code == 9 and "fic2epub made" in refused.stderr


# --- the defaults file --------------------------------------------------------------------------------


def test_config_file_values_apply_and_the_command_line_wins(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('notes = false\nname = "{title}"\nlanguage = "fr"\n')
    path = story(tmp_path, "s.txt")
    result = runner.invoke(app, ["convert", str(path), "--config", str(config), "-d", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    book = tmp_path / "o" / "Alice’s Adventures in Wonderland.epub"
    view = EpubView(book.read_bytes())
    assert view.metadata("language") == ["fr"] and 'class="note"' not in view.text()
    over = runner.invoke(
        app,
        [
            "convert",
            str(path),
            "--config",
            str(config),
            "-d",
            str(tmp_path / "p"),
            "--notes",
            "--language",
            "de",
            "--name",
            "{stem}",
        ],
    )
    view = EpubView((tmp_path / "p" / "s.epub").read_bytes())
    assert over.exit_code == 0 and view.metadata("language") == ["de"]
    shown = runner.invoke(app, ["config", "--config", str(config)])
    assert "notes = False" in shown.stdout and str(config) in shown.stdout


def test_config_file_errors_are_one_line(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("notes = 3\n")
    result = runner.invoke(app, ["convert", str(SAMPLE), "--config", str(bad)])
    assert result.exit_code == 8 and len(err_lines(result)) == 1 and "notes" in result.stderr


def test_the_users_config_file_is_found_by_the_environment(tmp_path):
    config = tmp_path / "c.toml"
    config.write_text("cover = false\n")
    result = fic2epub("convert", str(SAMPLE), "-o", str(tmp_path / "x.epub"), env={"FIC2EPUB_CONFIG": str(config)})
    assert result.returncode == 0
    assert "cover-image" not in EpubView((tmp_path / "x.epub").read_bytes()).manifest()


# --- consoles, pipes, terminals ------------------------------------------------------------------------


def test_a_non_ascii_name_on_a_console_that_cannot_show_it(tmp_path):
    path = story(tmp_path, "故事 café.txt")
    for env in ({"PYTHONIOENCODING": "cp1252"}, {"LANG": "C", "LC_ALL": "C", "PYTHONIOENCODING": "ascii"}):
        result = fic2epub("convert", str(path), "-f", env=env)
        assert result.returncode == 0, result.stderr
        assert b"Traceback" not in result.stderr and result.stdout.strip()
    assert (tmp_path / "故事 café.epub").is_file()


def test_a_closed_stdout_ends_quietly_and_the_books_are_still_written(tmp_path):
    inputs = [str(story(tmp_path, f"s{i}.txt")) for i in range(3)]
    command = f"{sys.executable} -m fic2epub convert {' '.join(inputs)} -j 1 | head -c 1"
    result = subprocess.run(command, shell=True, capture_output=True, timeout=120)
    assert b"Traceback" not in result.stderr and b"Broken pipe" not in result.stderr
    assert len(list(tmp_path.glob("*.epub"))) == 3


def test_a_full_stdout_is_said_once(tmp_path):
    result = subprocess.run(
        f"{sys.executable} -m fic2epub convert {SAMPLE} -o {tmp_path / 'x.epub'} > /dev/full",
        shell=True,
        capture_output=True,
        timeout=60,
    )
    assert result.returncode == 0 or result.returncode == 6
    assert b"Traceback" not in result.stderr and (tmp_path / "x.epub").is_file()


def test_a_closed_stderr_still_writes_the_books(tmp_path):
    a, b = story(tmp_path, "a.txt"), story(tmp_path, "b.txt")
    result = subprocess.run(
        f"{sys.executable} -m fic2epub convert {a} {b} -j 1 2>&-", shell=True, capture_output=True, timeout=120
    )
    assert result.returncode == 0 and len(list(tmp_path.glob("*.epub"))) == 2


def _screen(output: str) -> list[str]:
    """What a terminal shows after ``output``: text, \\r, \\n, and the cursor-up and erase-line codes."""
    import re

    rows, row, col = [""], 0, 0
    for token in re.findall(r"\x1b\[[0-9;?]*[A-Za-z]|\r|\n|[^\x1b\r\n]+", output):
        if token == "\n":
            row += 1
            col = 0
            rows.extend([""] * (row + 1 - len(rows)))
        elif token == "\r":
            col = 0
        elif token.startswith("\x1b["):
            if token.endswith("K"):
                rows[row] = rows[row][:col] if token != "\x1b[2K" else ""
            elif token.endswith("A"):
                row = max(0, row - int(token[2:-1] or 1))
        else:
            line = rows[row]
            rows[row] = line[:col] + token + line[col + len(token) :]
            col += len(token)
    return rows


def test_a_terminal_shows_paths_above_the_bar_and_a_summary(tmp_path):
    import pty
    import re

    inputs = [str(story(tmp_path, f"s{i}.txt", f"Part {i}")) for i in range(3)]
    pid, fd = pty.fork()
    if pid == 0:  # the child: the command on a terminal
        os.execv(sys.executable, [sys.executable, "-m", "fic2epub", "convert", *inputs, "-j", "1"])
    output = b""
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    os.waitpid(pid, 0)
    lines = [line.strip() for line in _screen(output.decode("utf-8", "replace")) if line.strip()]
    for path in inputs:
        assert path[:-4] + ".epub" in lines  # each path on a line of its own, not glued to the bar
    assert any(re.search(r"3 converted, 0 skipped, 0 failed in [\d.]+ s", line) for line in lines)


def test_python_dash_m_runs(tmp_path):
    result = fic2epub("convert", str(SAMPLE), "-o", str(tmp_path / "x.epub"))
    assert result.returncode == 0 and result.stdout.decode().strip() == str(tmp_path / "x.epub")


def test_help_does_not_import_the_pipeline():
    code = (
        "import sys; from fic2epub.cli import app; "
        "heavy = [m for m in ('ebooklib', 'bs4', 'PIL', 'lxml', 'ftfy', 'charset_normalizer') if m in sys.modules];"
        "print(heavy)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.stdout.strip() == "[]"


# --- the library ----------------------------------------------------------------------------------------


def test_convert_takes_bytes_or_str_and_says_what_else_is_wrong():
    from fic2epub import EmptyInputError, Fic2EpubError, Options, convert

    from_bytes = convert(TEXT, Options(source_name="s.txt"))
    from_str = convert(TEXT.decode(), Options(source_name="s.txt"))
    assert from_bytes.book.metadata.title == from_str.book.metadata.title
    with pytest.raises(TypeError, match="bytes"):
        convert(12, Options())  # type: ignore[arg-type]
    assert issubclass(EmptyInputError, Fic2EpubError)
