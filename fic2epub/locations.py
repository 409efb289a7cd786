"""Inputs and books on shared storage: fsspec URLs (``s3://bucket/saved/``, ``memory://books``).

A ``Url`` answers the few questions a batch asks of a ``Path`` (its name, its folder, whether it
exists, when it changed) and reads and writes whole files, so that the batch's planning
(``batch.plan``) treats a URL like a path. A ``file://`` URL is a plain ``Path``.

Writing is atomic everywhere: an object store (S3, GCS, Azure, ``memory://``) has no rename, but a
single whole-object put is seen whole or not at all; a file system with a rename (SFTP, HDFS, SMB)
gets a temporary name first, then the rename, as local files do (``writing.write_atomic``).

fsspec is imported only here, inside the methods: a run that names no URL never imports it.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from pathlib import Path, PurePath, PurePosixPath
from typing import Any

from .errors import InputError, OutputError, UsageError
from .paths import MAX_INPUT_BYTES, STORY_SUFFIXES, Source, natural_key

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*)://")
#: File systems with a rename, where a book is written under a temporary name first.
RENAMING = frozenset({"sftp", "ssh", "hdfs", "webhdfs", "arrow_hdfs", "smb"})
#: Storage that lives in one process: a worker elsewhere cannot see it, so the parent reads and writes it.
PROCESS_LOCAL = frozenset({"memory"})
_GLOB = re.compile(r"[*?\[]")
#: What a folder (its URL) holds, once listed: name -> fsspec info. A batch that asks twice about
#: one folder (does this book exist?) lists it once instead of sending one request per book.
#: ``forget`` empties it when a batch starts planning.
_LISTED: dict[str, dict[str, dict]] = {}
_ASKED: set[str] = set()


def forget() -> None:
    """Forget the folders listed so far (a new batch asks afresh)."""
    _LISTED.clear()
    _ASKED.clear()


def is_url(text: str) -> bool:
    """Whether ``text`` is a URL for fsspec (``s3://…``, ``memory://…``, ``file://…``)."""
    return bool(_SCHEME.match(text))


def locate(text: str) -> Path | Url:
    """The place ``text`` names: a ``Url`` for an fsspec URL, else a ``Path`` (``file://`` included)."""
    found = _SCHEME.match(text)
    if not found:
        return Path(text)
    protocol = found.group(1).lower()
    if protocol in ("file", "local"):
        return Path(text[found.end() :] or "/")
    return Url(protocol, text[found.end() :].rstrip("/"))


def fsspec_module():
    """fsspec, or a UsageError saying how to install it."""
    try:
        import fsspec
    except ImportError:
        raise UsageError("URLs need fsspec: pip install 'fic2epub[dask]'") from None
    return fsspec


@dataclass(frozen=True)
class Stat:
    st_mtime: float
    st_size: int


@dataclass(frozen=True)
class Url:
    """A file or folder on fsspec storage: ``protocol`` (``s3``) and ``path`` (``bucket/key``)."""

    protocol: str
    path: str

    def __str__(self) -> str:
        return f"{self.protocol}://{self.path}"

    # --- the Path-like part (no request) -----------------------------------------------------------
    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    @property
    def stem(self) -> str:
        return PurePosixPath(self.name).stem

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.name).suffix

    @property
    def parent(self) -> Url:
        return Url(self.protocol, self.path.rsplit("/", 1)[0]) if "/" in self.path.strip("/") else self

    def __truediv__(self, other: str | PurePath) -> Url:
        parts = [p for p in str(other).replace("\\", "/").split("/") if p not in ("", ".")]
        return Url(self.protocol, "/".join([self.path.rstrip("/"), *parts])) if parts else self

    def with_name(self, name: str) -> Url:
        return self.parent / name

    def resolve(self) -> Url:
        return self

    @property
    def shared(self) -> bool:
        """Whether other processes (a pool's workers, a cluster's) see the same storage."""
        return self.protocol not in PROCESS_LOCAL

    # --- storage ---------------------------------------------------------------------------------
    def fs(self) -> Any:
        fsspec = fsspec_module()
        try:
            return fsspec.filesystem(self.protocol)
        except (ImportError, ValueError) as err:  # "Install s3fs to access S3", "Protocol not known"
            raise UsageError(f"{self}: {err}") from None

    def _info(self) -> dict | None:
        listed = _LISTED.get(str(self.parent))
        if listed is not None:
            return listed.get(self.name)
        key = str(self.parent)
        if key in _ASKED:  # a second question about this folder: list it once, answer from the list
            listed = _LISTED[key] = _listing(self.parent)
            return listed.get(self.name)
        _ASKED.add(key)
        try:
            return self.fs().info(str(self))
        except FileNotFoundError:
            return None
        except Exception as err:  # no guess: "missing" would rebuild (overwrite) a book that may exist
            raise OutputError(f"{self}: cannot tell whether it exists ({type(err).__name__}: {err})") from None

    def exists(self) -> bool:
        return self._info() is not None

    def is_dir(self) -> bool:
        try:
            return bool(self.fs().isdir(str(self)))
        except FileNotFoundError:
            return False
        except Exception as err:
            raise OutputError(f"{self}: cannot tell whether it is a folder ({type(err).__name__}: {err})") from None

    def is_file(self) -> bool:
        info = self._info()
        return info is not None and info.get("type") == "file"

    def stat(self) -> Stat:
        info = self._info()
        if info is None:
            raise FileNotFoundError(str(self))
        return Stat(_mtime(self.fs(), str(self), info), int(info.get("size") or 0))

    def mkdir(self, parents: bool = False, exist_ok: bool = False) -> None:
        """Object stores have no folders (a put makes its key); file systems with a rename make them."""
        if self.protocol in RENAMING:
            self.fs().makedirs(str(self), exist_ok=True)

    def read_bytes(self) -> bytes:
        """The whole file (InputError when missing, unreadable, a folder or too large)."""
        fs = self.fs()
        try:
            info = fs.info(str(self))
            if info.get("type") == "directory":
                raise InputError("is a folder, not a file")
            if (info.get("size") or 0) > MAX_INPUT_BYTES:
                raise InputError(f"too large (the limit is {MAX_INPUT_BYTES // 1024 // 1024} MB)")
            return bytes(fs.cat_file(str(self)))
        except InputError:
            raise
        except FileNotFoundError:
            raise InputError("no such file") from None
        except PermissionError:
            raise InputError("permission denied") from None
        except Exception as err:  # OSError, or a store's own (no credentials, a refused request)
            raise InputError(f"cannot read ({type(err).__name__}: {err})") from None

    def write_atomic(self, data: bytes, inputs: tuple[Url, ...] = ()) -> None:
        """Write ``data`` here so that readers see the old object or the whole new one, never a part."""
        if any(str(self) == str(source) for source in inputs):
            raise OutputError(f"{self}: the book would overwrite its own input (choose another output with -o)")
        fs = self.fs()
        try:
            if self.protocol in RENAMING:
                self._write_renamed(fs, data)
            else:  # one whole-object put: there is no rename, and no half-written object
                fs.pipe_file(str(self), data)
        except Exception as err:  # OSError, or a store's own (no credentials, a refused request)
            reason = (err.strerror or str(err)) if isinstance(err, OSError) else f"{type(err).__name__}: {err}"
            raise OutputError(f"{self}: cannot write: {reason}") from None
        listed = _LISTED.get(str(self.parent))
        if listed is not None:
            listed[self.name] = {"type": "file", "size": len(data)}

    def _write_renamed(self, fs: Any, data: bytes) -> None:
        """A temporary name in the same folder (named as ``writing`` names its own), then a rename."""
        import os
        import uuid

        from .writing import _host

        fs.makedirs(str(self.parent), exist_ok=True)
        temp = str(self.with_name(f".fic2epub-{os.getpid()}@{_host()}-{uuid.uuid4().hex[:8]}.tmp"))
        try:
            fs.pipe_file(temp, data)
            fs.mv(temp, str(self))
        except BaseException:
            with contextlib.suppress(Exception):
                fs.rm_file(temp)
            raise


def _listing(folder: Url) -> dict[str, dict]:
    try:
        entries = folder.fs().ls(str(folder), detail=True)
    except FileNotFoundError:
        return {}
    except Exception as err:
        raise OutputError(f"{folder}: cannot list the folder ({type(err).__name__}: {err})") from None
    return {  # only what a batch asks (a million-book folder holds no store's full answer per book)
        str(e["name"]).rstrip("/").rsplit("/", 1)[-1]: {
            "type": e.get("type"),
            "size": e.get("size"),
            "mtime": _mtime(None, "", e),
        }
        for e in entries
    }


def _mtime(fs: Any, url: str, info: dict) -> float:
    for key in ("mtime", "LastModified", "last_modified", "updated", "created"):
        value: Any = info.get(key)
        if isinstance(value, int | float):
            return float(value)
        if hasattr(value, "timestamp"):
            return float(value.timestamp())
    try:
        return float(fs.modified(url).timestamp()) if fs is not None else 0.0
    except Exception:  # the file system keeps no time: as old as can be
        return 0.0


def _story(name: str) -> bool:
    return PurePosixPath(name).suffix.lower() in STORY_SUFFIXES and not name.startswith(".")


def sources(text: str, recursive: bool = False) -> list[Source]:
    """The inputs a URL names, like ``paths.discover`` for a path: a folder's story files in natural
    order (its subfolders too with ``recursive``, mirrored by -d), a glob's matches, or one file."""
    url = locate(text)
    if isinstance(url, Path):
        from .paths import discover

        return discover([str(url)], recursive)
    fs = url.fs()
    given = text.rstrip("/")
    if _GLOB.search(url.path):
        matches = fs.glob(str(url), detail=True)
        return [
            Source(fs.unstrip_protocol(p), locate(fs.unstrip_protocol(p)))
            for p in sorted(matches, key=natural_key)
            if matches[p].get("type") == "file"
        ]
    if not url.is_dir():
        return [Source(text, url)]
    root = fs._strip_protocol(str(url)).rstrip("/")
    found = []
    for path, info in fs.find(str(url), maxdepth=None if recursive else 1, detail=True).items():
        relative = path[len(root) :].strip("/")
        where = url / relative
        parts = relative.split("/")
        if info.get("type") == "file" and _story(parts[-1]) and not any(p.startswith(".") for p in parts):
            found.append((relative, where))
    found.sort(key=lambda item: [natural_key(p) for p in item[0].split("/")])
    return [Source(f"{given}/{relative}", where, Path(relative).parent) for relative, where in found]
