"""--engine dask on a LocalCluster of 2 worker processes, over a folder of corpus files: the same
books as the in-process batch, failures as records, a worker that dies retried once then reported,
a run interrupted midway resumed with nothing converted twice, memory:// output.

Dask is the ``dask`` extra: without it these tests are skipped (under CI=true, where .ci/run
installs it, they fail instead)."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fic2epub.cli import app

from conftest import CORPUS, in_ci

if importlib.util.find_spec("distributed") is None:
    if in_ci():
        pytest.fail("CI=true and Dask is not installed: .ci/run must install the dask extra", pytrace=False)
    pytest.skip("Dask is not installed (pip install -e '.[dask]')", allow_module_level=True)

pytestmark = pytest.mark.corpus
runner = CliRunner()
#: Small scrapes of several sites, text and HTML (a few seconds for all on 2 workers).
STORIES = (
    "wattpad/sterek-goodbye.txt",
    "wattpad/wattpad-crawl-in-too-deep-statsline.txt",
    "fanfiction.net/ffn-crawl-gundam-wing-oneshot.txt",
    "fanfictions.fr/crise-naruto-fr-cp1252-crlf.txt",
    "chinese-webnovel/1qxs-daozhong-ch1-zh.md",
    "royalroad/pioneer-abyss-ch1.html",
    "fanfiction.net/ffn-hunted-ch1.xhtml",
)


@pytest.fixture(scope="module")
def cluster():
    """One LocalCluster of 2 worker processes for the module (as ``--engine dask`` makes one)."""
    from fic2epub.dask_engine import local_cluster

    made = local_cluster(2)
    yield made
    made.close()


@pytest.fixture(scope="module")
def scheduler(cluster) -> str:
    return cluster.scheduler_address


@pytest.fixture(scope="module")
def saved(tmp_path_factory) -> Path:
    """A folder of corpus files, an empty file and a PDF among them (the stories' dates fixed), for
    the module's tests to read (a test that adds files copies it: ``stories``)."""
    folder = tmp_path_factory.mktemp("saved")
    for name in STORIES:
        shutil.copy(CORPUS / name, folder / Path(name).name)
    (folder / "b-empty.txt").write_bytes(b"")
    (folder / "c-paper.txt").write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 4)
    for path in folder.iterdir():
        os.utime(path, (1_600_000_000, 1_600_000_000))
    return folder


@pytest.fixture(scope="module")
def in_process(saved, tmp_path_factory) -> tuple[int, dict[str, bytes], dict[str, dict]]:
    """The in-process batch (``-j 1``) of ``saved``, once: (exit code, books, records)."""
    out = tmp_path_factory.mktemp("in-process")
    result = runner.invoke(app, ["convert", str(saved), "-d", str(out), "-j", "1", "--json"])
    return result.exit_code, books(out), records(result.stdout)


@pytest.fixture
def stories(saved, tmp_path) -> Path:
    """A copy of ``saved`` (its dates kept) to add files to."""
    return Path(shutil.copytree(saved, tmp_path / "saved"))


def records(stdout: str) -> dict[str, dict]:
    found = [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]
    return {Path(r["input"]).name: r for r in found}


def _same(record: dict) -> dict:
    return {**record, "seconds": 0, "output": record["output"] and Path(record["output"]).name}


def books(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.epub"))}


def test_books_are_byte_identical_to_the_in_process_batch_and_failures_are_records(
    scheduler, saved, in_process, tmp_path
):
    local_code, local_books, by_local = in_process
    dask = runner.invoke(app, ["convert", str(saved), "-d", str(tmp_path / "dask"), "--scheduler", scheduler, "--json"])
    assert local_code == dask.exit_code == 3, dask.output  # the first failure in input order: the empty file
    assert books(tmp_path / "dask") == local_books and len(local_books) == len(STORIES)
    by_dask = records(dask.stdout)
    assert by_dask.keys() == by_local.keys()
    for name, record in by_dask.items():  # the same record, but for the time it took and the folder
        assert _same(record) == _same(by_local[name]), name
    assert by_dask["b-empty.txt"]["status"] == "failed" and by_dask["b-empty.txt"]["exit_code"] == 3
    assert by_dask["c-paper.txt"]["status"] == "failed" and by_dask["c-paper.txt"]["exit_code"] == 4
    assert f"{len(STORIES)} converted, 0 skipped, 2 failed" in dask.stderr
    again = runner.invoke(app, ["convert", str(saved), "-d", str(tmp_path / "dask"), "--scheduler", scheduler])
    assert f"0 converted, {len(STORIES)} skipped, 2 failed" in again.stderr  # finished books are not redone


def test_books_named_from_their_metadata_get_the_local_engines_names(scheduler, tmp_path):
    folder = tmp_path / "saved"
    folder.mkdir()
    for n in range(4):  # two titles, four inputs: story.epub, story (2).epub ... in input order
        shutil.copy(CORPUS / STORIES[n % 2], folder / f"s{n}.txt")
    args = ["convert", str(folder), "--name", "{title}", "--json"]
    local = runner.invoke(app, [*args, "-d", str(tmp_path / "local"), "-j", "1"])
    dask = runner.invoke(app, [*args, "-d", str(tmp_path / "dask"), "--scheduler", scheduler])
    assert local.exit_code == dask.exit_code == 0, dask.output
    assert [_same(r) for r in records(dask.stdout).values()] == [_same(r) for r in records(local.stdout).values()]
    assert books(tmp_path / "dask") == books(tmp_path / "local") and len(books(tmp_path / "dask")) == 4


def test_a_worker_that_dies_is_retried_once_then_reported(scheduler, tmp_path, capsys, monkeypatch):
    from distributed import Client

    from fic2epub import batch, dask_engine
    from fic2epub.console import Console
    from fic2epub.options import Options
    from fic2epub.paths import discover

    folder = tmp_path / "saved"
    folder.mkdir()
    for name in ("a-story.txt", "die-once.txt", "die-always.txt"):
        shutil.copy(CORPUS / STORIES[0], folder / name)
    marker = tmp_path / "died-once"

    def dying(task, target, make_folder):  # pickled by value: the workers run it as it is here
        name = task.source.path.name
        if name == "die-always.txt" or (name == "die-once.txt" and not marker.exists()):
            marker.touch()
            os._exit(1)  # the worker process dies, as a killed or out-of-memory one does
        return dask_engine.convert_and_write(task, target, make_folder)

    monkeypatch.setattr(dask_engine, "MIN_WINDOW", 2)  # a window smaller than the batch: refilled as tasks finish
    monkeypatch.setattr(dask_engine, "PER_THREAD", 0)
    settings = batch.Settings(Options(), output_dir=tmp_path / "out")
    console = Console(quiet=True, records=True)
    planned = batch.plan(discover([str(folder)]), settings, console)
    with Client(scheduler) as client:
        code = batch.deliver(planned, dask_engine.outcomes(client, planned, settings, dying), settings, console)
    assert code == 1  # the one failure: the input whose worker died on each try
    assert planned.tally.converted == 2 and planned.tally.failed == 1
    assert {p.name for p in (tmp_path / "out").glob("*.epub")} == {"a-story.epub", "die-once.epub"}
    printed = records(capsys.readouterr().out)
    assert len(printed) == 3  # every input once
    died = printed["die-always.txt"]
    assert died["status"] == "failed" and died["exit_code"] == 1 and "stopped (KilledWorker)" in died["error"]


def test_an_interrupted_run_resumes_and_finishes_with_nothing_converted_twice(scheduler, stories, tmp_path):
    import psutil

    for n in range(8):  # enough work that the run is stopped midway
        (stories / f"part-{n:02d}.txt").write_bytes(
            (CORPUS / STORIES[0]).read_bytes().replace(b"Goodbye", f"Goodbye {n}".encode())
        )
    out = tmp_path / "books"
    command = [sys.executable, "-m", "fic2epub", "convert", str(stories), "-d", str(out), "--engine", "dask"]
    proc = subprocess.Popen([*command, "-j", "2", "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first: list[str] = []
    assert proc.stdout is not None
    for line in proc.stdout:
        if json.loads(line)["status"] == "converted":
            first.append(Path(json.loads(line)["input"]).name)
        if len(first) == 3:
            break
    workers = psutil.Process(proc.pid).children(recursive=True)
    proc.send_signal(signal.SIGINT)  # Ctrl-C
    rest, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err.decode()
    assert b"interrupted" in err and b"run the same command again" in err
    first += [Path(json.loads(line)["input"]).name for line in rest.splitlines() if b'"converted"' in line]
    _, alive = psutil.wait_procs(workers, timeout=15)
    assert not alive  # the local cluster's workers stopped with it
    after_stop = {p.name: p.stat().st_mtime_ns for p in out.glob("*.epub")}
    for name in after_stop:  # every book under its name is whole (written to a temporary name, then renamed)
        assert zipfile.ZipFile(out / name).testzip() is None
    assert 3 <= len(after_stop) < len(STORIES) + 8, "the run was not stopped midway"

    resumed = runner.invoke(app, ["convert", str(stories), "-d", str(out), "--scheduler", scheduler, "--json"])
    second = records(resumed.stdout)
    converted = {Path(r["output"]).name for r in second.values() if r["status"] == "converted"}
    skipped = {Path(r["output"]).name for r in second.values() if r["status"] == "skipped"}
    assert skipped == set(after_stop) and not converted & skipped
    assert len(converted) + len(skipped) == len(STORIES) + 8 and f"{len(converted)} converted" in resumed.stderr
    for name, mtime in after_stop.items():
        assert (out / name).stat().st_mtime_ns == mtime  # not written again
    assert not list(out.glob(".fic2epub-*"))  # the stopped run's temporary files are swept


def test_memory_urls_in_and_out(scheduler, saved, in_process, monkeypatch):
    import fsspec

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")  # a story in memory has no file date
    memory = fsspec.filesystem("memory")
    run = uuid.uuid4().hex[:8]
    for path in saved.iterdir():
        memory.pipe_file(f"memory://in-{run}/{path.name}", path.read_bytes())
    local_code, local_books, _ = in_process
    result = runner.invoke(
        app, ["convert", f"memory://in-{run}", "-d", f"memory://out-{run}", "--scheduler", scheduler, "--json"]
    )
    assert result.exit_code == local_code == 3, result.output
    written = {p.rsplit("/", 1)[-1]: memory.cat_file(p) for p in memory.find(f"memory://out-{run}")}
    assert written == local_books
    assert all(r["output"].startswith(f"memory://out-{run}/") for r in records(result.stdout).values() if r["output"])
    again = runner.invoke(app, ["convert", f"memory://in-{run}", "-d", f"memory://out-{run}", "--scheduler", scheduler])
    assert f"0 converted, {len(STORIES)} skipped" in again.stderr


def test_a_local_cluster_takes_no_fixed_port(cluster):
    """Its scheduler's HTTP server is on a free local port (two runs at once: no warning on stderr)."""
    assert cluster.scheduler.http_server.port != 8787
    assert cluster.dashboard_link.startswith("http://127.0.0.1:")  # this machine only


def test_engine_options_are_checked_before_any_input_is_read(tmp_path, monkeypatch):
    missing = str(tmp_path / "missing.txt")
    result = runner.invoke(app, ["convert", missing, "--engine", "local", "--scheduler", "tcp://127.0.0.1:1"])
    assert result.exit_code == 2 and "--engine dask" in result.stderr
    result = runner.invoke(app, ["convert", missing, "--engine", "dask", "--join", "-o", str(tmp_path / "x.epub")])
    assert result.exit_code == 2
    from fic2epub import dask_engine

    monkeypatch.setattr(dask_engine, "available", lambda: False)
    result = runner.invoke(app, ["convert", missing, "--engine", "dask"])
    assert result.exit_code == 8 and "pip install 'fic2epub[dask]'" in result.stderr and "missing" not in result.stderr


def test_an_unreachable_scheduler_is_one_line(tmp_path):
    story = tmp_path / "s.txt"
    shutil.copy(CORPUS / STORIES[0], story)
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "fic2epub", "convert", str(story), "--scheduler", "tcp://127.0.0.1:9"],
        capture_output=True,
        env={**os.environ, "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "1s"},
        timeout=60,
    )
    lines = [line for line in proc.stderr.decode().splitlines() if line.strip()]
    assert proc.returncode == 8 and len(lines) == 1 and "cannot reach the Dask scheduler" in lines[0], lines
    assert time.monotonic() - started < 30 and not (tmp_path / "s.epub").exists()
