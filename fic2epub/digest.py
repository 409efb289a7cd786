"""SHA-256 without ``hashlib``: importing hashlib loads OpenSSL, several milliseconds of every start
(a cover's colours, a book's identifier and its pictures' names need only SHA-256).

CPython builds its own SHA-256 in (``_sha2`` from 3.12, ``_sha256`` before); the digests are the
same as hashlib's. Other interpreters fall back to hashlib.
"""

from __future__ import annotations

import importlib
from typing import Any


def _constructor() -> Any:
    for module, name in (("_sha2", "sha256"), ("_sha256", "sha256"), ("hashlib", "sha256")):
        try:
            return getattr(importlib.import_module(module), name)
        except ImportError:
            continue
    raise ImportError("no SHA-256")  # pragma: no cover (hashlib always has it)


#: ``sha256(data)``: an object with ``digest()`` and ``hexdigest()``, as ``hashlib.sha256``.
sha256: Any = _constructor()
