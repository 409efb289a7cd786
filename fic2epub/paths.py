"""Where a batch's inputs come from and where its books go: folders, stdin, names from metadata,
file names safe on Windows, macOS and FAT, and two inputs that would share one output.

Nothing here converts; the CLI's batch (``batch``) asks these questions and acts on the answers.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError, UsageError

if TYPE_CHECKING:
    from .locations import Url

#: The files a folder gives as inputs (hidden files and .epub books are never inputs).
STORY_SUFFIXES = (".txt", ".text", ".html", ".htm", ".xhtml", ".xht", ".mhtml", ".mht", ".md", ".markdown")
#: Inputs larger than this are refused (a story of 30 million words; see docs/reliability.md).
MAX_INPUT_BYTES = 200 * 1024 * 1024
#: The name of standard input among the inputs.
STDIN = "-"


@dataclass(frozen=True)
class Source:
    """One input: a file (``path``: a Path, or a URL on shared storage), or standard input (``path`` None)."""

    shown: str  # how messages name it
    path: Path | Url | None = None
    under: Path | None = None  # its folder relative to a folder given as input (mirrored by -d)

    @property
    def stem(self) -> str:
        return self.path.stem if self.path is not None else "stdin"


def natural_key(text: str) -> list:
    """``ch2`` before ``ch10``: digits compare as numbers, the rest case-insensitively."""
    return [int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", text)]


def _story_file(path: Path) -> bool:
    return path.suffix.lower() in STORY_SUFFIXES and not path.name.startswith(".")


def _walk(folder: Path, recursive: bool, seen: set[tuple[int, int]], under: Path) -> Iterator[Source]:
    """The story files of ``folder`` in natural order; with ``recursive`` its subfolders too, each
    real folder once (a symlink loop is followed no further)."""
    try:
        info = folder.stat()
        entries = sorted(os.scandir(folder), key=lambda e: natural_key(e.name))
    except OSError as err:
        raise InputError(f"{folder}: cannot read the folder ({err.strerror or err})") from None
    if (info.st_dev, info.st_ino) in seen:
        return
    seen.add((info.st_dev, info.st_ino))
    folders = []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()
            is_file = entry.is_file()
        except OSError:
            continue
        if is_dir:
            folders.append(path)
        elif is_file and _story_file(path):
            yield Source(str(path), path, under)
    if recursive:
        for sub in folders:
            yield from _walk(sub, recursive, seen, under / sub.name)


def discover(args: list[str], recursive: bool = False) -> list[Source]:
    """The inputs that ``args`` name, in order: files as given, folders' story files, ``-`` for stdin.

    A missing path stays an input (its error is reported in its turn, and the others go on). A
    folder gives nothing of its own when empty; a ``.epub`` among several inputs is an output of
    an earlier run, left out.
    """
    sources: list[Source] = []
    seen: set[tuple[int, int]] = set()
    for arg in args:
        if arg in (STDIN, "/dev/stdin"):
            sources.append(Source(STDIN))
            continue
        if "://" in arg:
            from . import locations

            if locations.is_url(arg):
                sources.extend(locations.sources(arg, recursive))
                continue
        path = Path(arg)
        if path.is_dir():
            sources.extend(_walk(path, recursive, seen, Path()))
        elif len(args) > 1 and path.suffix.lower() == ".epub":
            continue
        else:
            sources.append(Source(arg, path))
    return sources


def read_source(source: Source, stdin=None) -> bytes:
    """The bytes of one input: a regular file (never a FIFO or a device), or standard input."""
    if source.path is None:
        import sys

        stream = stdin if stdin is not None else sys.stdin.buffer
        data = stream.read(MAX_INPUT_BYTES + 1)
        if len(data) > MAX_INPUT_BYTES:
            raise InputError(_too_large(len(data)))
        return data
    path = source.path
    if not isinstance(path, Path):  # a URL (locations.Url)
        return path.read_bytes()
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InputError("no such file") from None
    except PermissionError:
        raise InputError("permission denied") from None
    except OSError as err:
        if err.errno == 40:  # ELOOP
            raise InputError("a symlink loop, not a file") from None
        raise InputError(f"cannot read ({err.strerror or err})") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError("is a folder, not a file")
    if stat.S_ISFIFO(info.st_mode):
        raise InputError("is a named pipe (FIFO): pipe the story into `fic2epub convert -` instead")
    if not stat.S_ISREG(info.st_mode):
        raise InputError("is a device or special file, not a story file")
    if info.st_size > MAX_INPUT_BYTES:
        raise InputError(_too_large(info.st_size))
    try:
        with open(path, "rb") as handle:
            return handle.read(MAX_INPUT_BYTES + 1)
    except PermissionError:
        raise InputError("permission denied") from None
    except OSError as err:
        raise InputError(f"cannot read ({err.strerror or err})") from None


def _too_large(size: int) -> str:
    return f"too large ({size / 1024 / 1024:.0f} MB; the limit is {MAX_INPUT_BYTES // 1024 // 1024} MB)"


# --- names ---------------------------------------------------------------------------------------

#: The fields a --name template may use.
NAME_FIELDS = ("title", "author", "site", "id", "series", "index", "stem")
_FIELD = re.compile(r"\{([^{}]*)\}")
#: Names Windows reserves for devices, in any case and with any extension.
_RESERVED = re.compile(r"^(?:CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³])(?:\..*)?$", re.I)
#: Characters no file name may hold on Windows, macOS (":") or FAT, and control characters.
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')
#: The longest file name (in UTF-8 bytes, ".epub" included): FAT and most file systems allow 255.
MAX_NAME_BYTES = 200


def check_template(template: str) -> str:
    """``template`` if it names only known fields (UsageError naming ``name`` otherwise)."""
    for field in _FIELD.findall(template):
        if field not in NAME_FIELDS:
            raise UsageError(
                f"unknown field {{{field}}} in {template!r}; fields: " + ", ".join("{" + f + "}" for f in NAME_FIELDS),
                "name",
            )
    if not _FIELD.sub("x", template).strip():
        raise UsageError(f"{template!r} makes empty names", "name")
    return template


def fill_template(template: str, values: dict[str, str]) -> str:
    """The template with each ``{field}`` replaced by its value (missing values give empty text)."""
    text = _FIELD.sub(lambda m: values.get(m.group(1), "") or "", template)
    # separators left dangling by an empty field ("{series} - {title}" without a series)
    text = re.sub(r"^[\s\-–—_.,;:]+|[\s\-–—_,;:]+$", "", text)
    return re.sub(r"\s*([\-–—])\s*[\-–—]\s*", r" \1 ", text)


def safe_name(name: str, suffix: str = ".epub") -> str:
    """``name`` + ``suffix`` as a file name every common file system takes."""
    name = unicodedata.normalize("NFC", name)
    name = _UNSAFE.sub("_", name)
    name = re.sub(r"\s+", " ", name).strip().rstrip(". ")
    if not name or _RESERVED.match(name):
        name = f"_{name}" if name else "book"
    limit = MAX_NAME_BYTES - len(suffix.encode())
    encoded = name.encode("utf-8")
    if len(encoded) > limit:
        name = encoded[:limit].decode("utf-8", errors="ignore").rstrip(". ")
    return name + suffix


def numbered(path: Path | Url, n: int) -> Path | Url:
    """``story.epub`` -> ``story (2).epub``."""
    return path.with_name(f"{path.stem} ({n}){path.suffix}")
