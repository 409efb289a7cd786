"""Collections too large for a shell glob: manifests (lines, CSV, Parquet), URLs (fsspec's
``memory://`` here) with the local engine, atomic writes on shared folders; and the start-up of a
plain conversion, which imports none of it."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fic2epub.cli import app
from fic2epub.locations import Url, locate

from conftest import SAMPLE, in_ci

runner = CliRunner()
TEXT = SAMPLE.read_bytes()
HEAVY = ("dask", "distributed", "fsspec", "pyarrow", "pandas", "tornado", "cloudpickle", "msgpack")


def _needs(module: str) -> None:
    if importlib.util.find_spec(module) is None:
        if in_ci():
            pytest.fail(f"CI=true and {module} is not installed: .ci/run must install the dask extra")
        pytest.skip(f"{module} is not installed (pip install -e '.[dask]')")


def stories(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"s{i}.txt"
        path.write_bytes(TEXT.replace(b"Down the Rabbit-Hole", f"Part {i}".encode(), 1))
        paths.append(path)
    return paths


def imported(*args: str) -> set[str]:
    """The modules ``python -m fic2epub ARGS`` imports (from -X importtime)."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "fic2epub", *args], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    lines = [line.split("|")[-1].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")]
    return {name.split(".")[0] for name in lines}


def test_version_and_a_text_conversion_import_none_of_the_scale_modules(tmp_path):
    assert not imported("--version") & set(HEAVY)
    modules = imported("convert", str(SAMPLE), "-o", str(tmp_path / "x.epub"))
    assert "ebooklib" in modules  # the conversion ran here, and
    assert not modules & set(HEAVY)  # neither Dask, fsspec nor pyarrow came with it
    assert (tmp_path / "x.epub").is_file()


# --- manifests --------------------------------------------------------------------------------------


def test_a_manifest_of_lines_and_one_of_nul_separated_paths(tmp_path, monkeypatch):
    paths = stories(tmp_path / "saved", 3)
    monkeypatch.chdir(tmp_path)
    listing = tmp_path / "list.txt"  # relative entries, a comment, a blank line, a missing file, a book
    listing.write_text("# my archive\nsaved/s0.txt\n\nsaved/s1.txt\nsaved/gone.txt\nsaved/old.epub\n", encoding="utf-8")
    result = runner.invoke(app, ["convert", "--manifest", str(listing), "-d", "books", "--json", "-j", "1"])
    got = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["input"], r["status"]) for r in got] == [
        ("saved/s0.txt", "converted"),
        ("saved/s1.txt", "converted"),
        ("saved/gone.txt", "failed"),
    ]
    assert result.exit_code == 9 and got[2]["error"] == "no such file"
    nul = tmp_path / "list0"
    nul.write_bytes(b"\0".join(str(p).encode() for p in paths) + b"\0")
    result = runner.invoke(app, ["convert", str(paths[0]), "--manifest", str(nul), "-d", "books", "-j", "1"])
    assert result.exit_code == 0 and "2 converted, 2 skipped" in result.stderr  # s0 twice: two names, s2 new
    assert (tmp_path / "books" / "s0 (2).epub").is_file() and (tmp_path / "books" / "s2.epub").is_file()


def test_csv_and_parquet_manifests_name_their_column(tmp_path):
    paths = stories(tmp_path / "saved", 3)
    table = tmp_path / "works.csv"
    table.write_text("id,path,title\n" + "".join(f"{i},{p},T{i}\n" for i, p in enumerate(paths)), encoding="utf-8")
    result = runner.invoke(app, ["convert", "--manifest", str(table), "-d", str(tmp_path / "csv"), "-j", "1"])
    assert result.exit_code == 0 and result.stdout.splitlines() == [
        str(tmp_path / "csv" / f"s{i}.epub") for i in range(3)
    ]
    plain = tmp_path / "plain.csv"  # no header: the first column
    plain.write_text("".join(f"{p},x\n" for p in paths[:2]), encoding="utf-8")
    result = runner.invoke(app, ["convert", "--manifest", str(plain), "-d", str(tmp_path / "plain"), "-j", "1"])
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 2
    _needs("pyarrow")
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"n": [1, 2, 3], "input": [str(p) for p in paths]}), tmp_path / "works.parquet")
    args = ["convert", "--manifest", str(tmp_path / "works.parquet"), "-d", str(tmp_path / "pq"), "-j", "1"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 3


def test_a_bad_manifest_is_one_line(tmp_path):
    result = runner.invoke(app, ["convert", "--manifest", str(tmp_path / "none.txt")])
    assert result.exit_code == 8 and result.stderr.count("\n") == 1 and "none.txt" in result.stderr
    result = runner.invoke(app, ["convert"])
    assert result.exit_code == 2 and "INPUT" in result.stderr


# --- URLs ---------------------------------------------------------------------------------------------


def test_a_url_is_path_like_without_a_request():
    url = locate("s3://bucket/saved/story.txt")
    assert isinstance(url, Url) and str(url) == "s3://bucket/saved/story.txt"
    assert (url.name, url.stem, url.suffix) == ("story.txt", "story", ".txt")
    assert url.parent == Url("s3", "bucket/saved") and url.parent.parent.parent == Url("s3", "bucket")
    assert str(url.parent / Path("a/b") / "c.epub") == "s3://bucket/saved/a/b/c.epub"
    assert str(url.with_name("story (2).epub")) == "s3://bucket/saved/story (2).epub"
    assert locate("file:///tmp/x.txt") == Path("/tmp/x.txt") and locate("books/x") == Path("books/x")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_memory_urls_with_the_local_engine(tmp_path, jobs, monkeypatch):
    _needs("fsspec")
    import fsspec

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")
    memory, run = fsspec.filesystem("memory"), uuid.uuid4().hex[:8]
    for path in stories(tmp_path / "saved", 3):
        memory.pipe_file(f"memory://in-{run}/{path.name}", path.read_bytes())
    memory.pipe_file(f"memory://in-{run}/.hidden.txt", TEXT)
    local = runner.invoke(app, ["convert", str(tmp_path / "saved"), "-d", str(tmp_path / "books"), "-j", "1"])
    result = runner.invoke(app, ["convert", f"memory://in-{run}/", "-d", f"memory://out-{run}", "-j", jobs])
    assert local.exit_code == result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [f"memory://out-{run}/s{i}.epub" for i in range(3)]
    for i in range(3):  # a worker process cannot see this process's memory: the parent read and wrote them
        assert memory.cat_file(f"memory://out-{run}/s{i}.epub") == (tmp_path / "books" / f"s{i}.epub").read_bytes()
    again = runner.invoke(app, ["convert", f"memory://in-{run}", "-d", f"memory://out-{run}", "-j", jobs])
    assert again.exit_code == 0 and "0 converted, 3 skipped" in again.stderr
    over = runner.invoke(app, ["convert", f"memory://in-{run}/s0.txt", "-o", f"memory://in-{run}/s0.txt", "--force"])
    assert over.exit_code == 6 and "its own input" in over.stderr
    assert memory.cat_file(f"memory://in-{run}/s0.txt") == (tmp_path / "saved" / "s0.txt").read_bytes()


def test_an_unknown_storage_is_one_line_before_any_input_is_read(tmp_path):
    _needs("fsspec")
    result = runner.invoke(app, ["convert", str(tmp_path / "missing.txt"), "-d", "nowhere://books"])
    assert result.exit_code == 8 and "nowhere" in result.stderr and "missing" not in result.stderr


# --- temporary files on a folder that several machines share ----------------------------------------


def test_a_sweep_removes_only_this_machines_dead_writers_files(tmp_path):
    from fic2epub import writing

    dead = 2**22 + 12345  # above the kernel's default pid_max: no such process
    mine = tmp_path / f".fic2epub-{dead}@{writing._host()}-abc.tmp"
    old = tmp_path / f".fic2epub-{dead}-story.epub.tmp"  # written before machines were named
    other = tmp_path / f".fic2epub-{dead}@00000000-abc.tmp"  # another machine's writer, maybe alive there
    running = tmp_path / f".fic2epub-{os.getpid()}@{writing._host()}-abc.tmp"
    for path in (mine, old, other, running):
        path.write_bytes(b"partial")
    writing.sweep(tmp_path)
    assert not mine.exists() and not old.exists() and other.exists() and running.exists()


def test_a_file_system_with_a_rename_gets_a_temporary_name_first(monkeypatch):
    _needs("fsspec")
    import fsspec

    from fic2epub import locations
    from fic2epub.errors import OutputError

    monkeypatch.setattr(locations, "RENAMING", frozenset({"memory"}))  # as sftp, hdfs and smb are written
    memory, run = fsspec.filesystem("memory"), uuid.uuid4().hex[:8]
    book = locate(f"memory://renamed-{run}/deep/book.epub")
    assert isinstance(book, Url)
    book.write_atomic(b"PK whole")
    assert memory.cat_file(str(book)) == b"PK whole" and memory.ls(f"memory://renamed-{run}/deep", detail=False) == [
        f"/renamed-{run}/deep/book.epub"
    ]

    def broken_mv(*args, **kwargs):
        raise OSError("the server went away")

    monkeypatch.setattr(type(memory), "mv", broken_mv)
    with pytest.raises(OutputError, match="cannot write: the server went away"):
        book.write_atomic(b"PK new")
    assert memory.cat_file(str(book)) == b"PK whole"  # the old book, and no temporary file beside it
    assert len(memory.ls(f"memory://renamed-{run}/deep")) == 1
