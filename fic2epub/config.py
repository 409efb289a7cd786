"""House defaults: a TOML file of option values, in the user's config folder or named by --config.

::

    # ~/.config/fic2epub/config.toml (Linux; `fic2epub config` prints where it is looked for)
    notes = false
    name = "{author} - {title}"
    language = "en"
    jobs = 2
    cover = false

Keys are the long option names of ``convert`` with ``_`` or ``-`` (``output-dir``, ``no-cover`` as
``cover = false``); the command line wins over the file, the file over the built-in defaults.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import UsageError

#: The settings a defaults file may hold, with the type each takes.
KEYS: dict[str, type | tuple[type, ...]] = {
    "output_dir": str,
    "force": bool,
    "newer": bool,
    "name": str,
    "jobs": int,
    "engine": str,
    "scheduler": str,
    "recursive": bool,
    "title": str,
    "author": (str, list),
    "language": str,
    "series": str,
    "tag": (str, list),
    "encoding": str,
    "fix_text": bool,
    "site": str,
    "keep_chrome": bool,
    "notes": bool,
    "paragraphs": str,
    "chapter_regex": str,
    "chapter_title_format": str,
    "smarten": bool,
    "narrow_french_space": bool,
    "cover": bool,
    "sort_chapters": bool,
    "info_page": bool,
    "quiet": bool,
    "verbose": bool,
    "verify": bool,
}


def user_config_path() -> Path:
    """Where the defaults file is looked for: FIC2EPUB_CONFIG, else the platform's config folder."""
    if os.environ.get("FIC2EPUB_CONFIG"):
        return Path(os.environ["FIC2EPUB_CONFIG"])
    from platformdirs import user_config_dir

    return Path(user_config_dir("fic2epub", appauthor=False)) / "config.toml"


@dataclass
class Defaults:
    """The values a defaults file set, and the file they came from (None: no file)."""

    values: dict[str, Any] = field(default_factory=dict)
    source: Path | None = None


def load(path: Path | None = None) -> Defaults:
    """The defaults in ``path`` (an error if it is missing), else in the user's file (if there is one)."""
    given = path is not None
    path = path or user_config_path()
    if not path.is_file():
        if given:
            raise UsageError(f"{path}: no such config file", "config")
        return Defaults()
    import tomllib

    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        raise UsageError(f"{path}: cannot read ({err})", "config") from None
    except tomllib.TOMLDecodeError as err:
        raise UsageError(f"{path}: not valid TOML ({err})", "config") from None
    values: dict[str, Any] = {}
    for key, value in raw.items():
        name = key.replace("-", "_")
        if name in ("no_cover", "no_info_page") and isinstance(value, bool):
            name, value = name[3:], not value
        if name not in KEYS:
            raise UsageError(f"{path}: unknown setting {key!r} (known: {', '.join(sorted(KEYS))})", "config")
        kind = KEYS[name]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise UsageError(f"{path}: {key} = {value!r} is not a {_kind_name(kind)}", "config")
        values[name] = value
    return Defaults(values, path)


def _kind_name(kind) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    names = {str: "text", bool: "true or false", int: "whole number", list: "list of texts"}
    return " or ".join(names.get(k, k.__name__) for k in kinds)
