"""`fic2epub inspect` shows what a conversion recognised, including every removal."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from fic2epub.cli import app

from conftest import SAMPLE

runner = CliRunner()


def test_inspect_text_report_shows_site_chapters_and_removals():
    result = runner.invoke(app, ["inspect", str(SAMPLE)])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "site:     wattpad" in out
    assert "Down the Rabbit-Hole" in out
    assert "[wattpad.footer]" in out and "Where stories live. Discover now" in out
    assert "reads 12.5K" in out


def test_inspect_json_is_machine_readable():
    result = runner.invoke(app, ["inspect", "--json", str(SAMPLE)])
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["site"]["name"] == "wattpad"
    assert report["encoding"]["name"] == "utf-8"
    assert report["metadata"]["title"] == "Alice’s Adventures in Wonderland"
    assert [c["title"] for c in report["chapters"]] == ["Down the Rabbit-Hole"]
    assert report["chapters"][0]["scene_breaks"] == 2
    rules = [r["rule"] for r in report["removed"]]
    assert "wattpad.footer" in rules and "wattpad.counters" in rules


def test_inspect_keep_chrome_removes_nothing():
    result = runner.invoke(app, ["inspect", "--json", "--keep-chrome", str(SAMPLE)])
    # no chrome removed: only the story's title line moved to the title page (the file name's title)
    assert json.loads(result.stdout)["removed"] == [
        {"rule": "structure.title_line", "line": 1, "text": "Down the Rabbit-Hole", "moved": "title"}
    ]


def test_inspect_missing_file_is_a_clean_error(tmp_path):
    result = runner.invoke(app, ["inspect", str(tmp_path / "nope.txt")])
    assert result.exit_code == 9
    assert "no such file" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.corpus
def test_inspect_no_notes_shows_dropped_notes():
    from conftest import CORPUS

    story = CORPUS / "fanfiction.net" / "ffn-crawl-gundam-wing-oneshot.txt"
    kept = json.loads(runner.invoke(app, ["inspect", "--json", str(story)]).stdout)
    dropped = json.loads(runner.invoke(app, ["inspect", "--json", "--no-notes", str(story)]).stdout)
    assert sum(c.get("notes", 0) for c in kept["chapters"]) == 3
    assert sum(c.get("notes", 0) for c in dropped["chapters"]) == 0
    assert [r["rule"] for r in dropped["removed"]].count("notes.dropped") == 3
