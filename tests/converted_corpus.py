"""Every corpus file converted once per test session (conversions are the slow part of a test run)."""

from __future__ import annotations

import warnings
from functools import lru_cache

from fic2epub import Options, convert
from conftest import corpus_files


@lru_cache(maxsize=1)
def converted_corpus() -> dict:
    """``{file name: fic2epub Result}`` for every corpus file, with default options."""
    results = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for path in corpus_files():
            results[path.name] = convert(path.read_bytes(), Options(source_name=path.name))
    return results
