"""The corpus case table, and every corpus file converted once per test session.

Conversions are the slow part of a test run, so each file is converted once (default options) and
shared by every test that reads it: ``converted(key)``, where a key is ``shared:PATH`` or
``project:PATH`` as in ``corpus_cases.toml``.
"""

from __future__ import annotations

import tomllib
import warnings
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from pathlib import Path

from fic2epub import Options, convert

from conftest import CORPUS, PROJECT_CORPUS, EpubView, corpus_files, have_corpus

CASES_FILE = Path(__file__).with_name("corpus_cases.toml")
ROOTS = {"shared": CORPUS, "project": PROJECT_CORPUS}


@lru_cache(maxsize=1)
def cases() -> dict[str, dict]:
    """``{key: expectations}`` for every entry of the case table."""
    table = tomllib.loads(CASES_FILE.read_text("utf-8"))
    return {
        f"{corpus}:{path}": case for corpus in ("shared", "project") for path, case in table.get(corpus, {}).items()
    }


def path_of(key: str) -> Path:
    corpus, _, path = key.partition(":")
    return ROOTS[corpus] / path


@dataclass
class Converted:
    """One corpus file converted with default options, and views of it."""

    key: str
    path: Path
    result: object  # fic2epub.conversion.Result

    @cached_property
    def view(self) -> EpubView:
        return EpubView(self.result.epub)  # type: ignore[attr-defined]

    @cached_property
    def decoded(self) -> str:
        from fic2epub import reading

        return reading.read_text(self.path.read_bytes()).text


@cache
def converted(key: str) -> Converted:
    path = path_of(key)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = convert(path.read_bytes(), Options(source_name=path.name))
    return Converted(key, path, result)


def converted_corpus() -> dict:
    """``{file name: Result}`` for every file of the shared corpus ({} without it)."""
    if not have_corpus():
        return {}
    return {path.name: converted(f"shared:{path.relative_to(CORPUS).as_posix()}").result for path in corpus_files()}
