"""The command line, driven as a user drives it (typer's CliRunner and a real subprocess)."""

from __future__ import annotations

import subprocess
import sys

from typer.testing import CliRunner

from fic2epub.cli import app

from conftest import SAMPLE

runner = CliRunner()


def test_default_output_beside_input(tmp_path):
    story = tmp_path / "story.txt"
    story.write_bytes(SAMPLE.read_bytes())
    result = runner.invoke(app, ["convert", str(story)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(tmp_path / "story.epub")
    assert (tmp_path / "story.epub").read_bytes()[:2] == b"PK"


def test_output_option(tmp_path):
    out = tmp_path / "x.epub"
    result = runner.invoke(app, ["convert", str(SAMPLE), "-o", str(out)])
    assert result.exit_code == 0
    assert result.stdout.strip() == str(out)
    assert out.exists()


def test_existing_output_is_skipped_with_notice(tmp_path):
    out = tmp_path / "x.epub"
    out.write_bytes(b"precious")
    result = runner.invoke(app, ["convert", str(SAMPLE), "-o", str(out)])
    assert result.exit_code == 0
    assert out.read_bytes() == b"precious"
    assert "--force" in result.stderr
    assert result.stdout == ""


def test_force_overwrites(tmp_path):
    out = tmp_path / "x.epub"
    out.write_bytes(b"old")
    result = runner.invoke(app, ["convert", str(SAMPLE), "-o", str(out), "--force"])
    assert result.exit_code == 0
    assert out.read_bytes()[:2] == b"PK"


def test_missing_input_is_one_clean_line(tmp_path):
    result = runner.invoke(app, ["convert", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "no such file" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "nope.epub").exists()


def test_directory_input_is_a_clean_error(tmp_path):
    result = runner.invoke(app, ["convert", str(tmp_path)])
    assert result.exit_code == 2
    assert "folder" in result.stderr


def test_overrides(tmp_path):
    from conftest import EpubView

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
        ],
    )
    assert result.exit_code == 0, result.stderr
    view = EpubView(out.read_bytes())
    assert view.metadata("title") == ["Tom & Jerry <3"]
    assert view.metadata("creator") == ["A. Writer"]
    assert view.metadata("language") == ["fr"]


def test_batch_prints_one_path_per_line_and_keeps_going(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_bytes(SAMPLE.read_bytes())
    b.write_bytes(SAMPLE.read_bytes().replace(b"Down the Rabbit-Hole", b"Up the Rabbit-Hole", 1))
    missing = tmp_path / "missing.txt"
    result = runner.invoke(app, ["convert", str(a), str(missing), str(b)])
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [str(tmp_path / "a.epub"), str(tmp_path / "b.epub")]
    assert "missing.txt" in result.stderr


def test_version_and_help():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.startswith("fic2epub ")
    result = runner.invoke(app, ["convert", "--help"])
    assert result.exit_code == 0 and "--force" in result.stdout


def test_python_dash_m_runs(tmp_path):
    out = tmp_path / "x.epub"
    proc = subprocess.run(
        [sys.executable, "-m", "fic2epub", "convert", str(SAMPLE), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == str(out)


def test_help_does_not_import_the_pipeline():
    code = (
        "import sys; from fic2epub.cli import app; "
        "heavy = [m for m in ('ebooklib', 'bs4', 'PIL', 'lxml', 'ftfy', 'charset_normalizer') if m in sys.modules];"
        "print(heavy)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.stdout.strip() == "[]"
