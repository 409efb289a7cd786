"""The README cannot drift from the code: every option is documented, the two first commands stay true."""

from __future__ import annotations

import re

import typer

from fic2epub.cli import app

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _options():
    command = typer.main.get_command(app)
    for name, sub in command.commands.items():
        for param in sub.params:
            for opt in [*param.opts, *getattr(param, "secondary_opts", [])]:
                if opt.startswith("--") and opt != "--help":
                    yield name, opt


def test_every_cli_option_is_in_the_readme():
    missing = sorted({f"{cmd} {opt}" for cmd, opt in _options() if opt not in README})
    assert not missing, f"options missing from README.md: {missing}"


def test_readme_opens_with_the_two_commands():
    blocks = re.findall(r"```sh\n(.*?)```", README, re.S)
    first, second = blocks[0].strip(), blocks[1].strip()
    assert "\n" not in first and "\n" not in second
    assert "fic2epub convert examples/" in first
    example = re.search(r"convert (examples/\S+)", first).group(1)
    assert (ROOT / example).is_file()
    assert "[test]" in second and "pytest" in second
