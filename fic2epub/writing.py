"""Write stage: bytes -> file, atomically, never over the input, never leaving a partial file.

A book is written to a temporary file in the target folder (named ``.fic2epub-PID@HOST-NAME.tmp``,
HOST a short hash of the machine's name), flushed to disk, then renamed over the target: readers
see the old file or the whole new one. A temporary file is removed on any failure and on Ctrl-C or
SIGTERM (``cleanup``); one left by a process that was killed (SIGKILL, power loss) is swept by the
next run on the same machine that writes to that folder (``sweep``): its process no longer exists.
A folder shared by several machines (a cluster's workers on NFS) keeps the others' files: a process
number means nothing on another machine.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
from pathlib import Path

from .errors import OutputError

_PREFIX = ".fic2epub-"
#: A temporary file's name: the writer's process number, and its machine (older names have none).
_TEMP = re.compile(r"^\.fic2epub-(\d+)(?:@([0-9a-f]{8}))?-.*\.tmp$")
#: Temporary files this process is writing now (removed by ``cleanup`` when a signal stops it).
_OPEN: set[str] = set()
_SWEPT: set[str] = set()


def _reason(err: OSError) -> str:
    if err.errno == errno.ENOSPC:
        return "the disk is full"
    if err.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if err.errno == errno.EROFS:
        return "the file system is read-only"
    return err.strerror or str(err)


def same_file(a: Path, b: Path) -> bool:
    """Whether ``a`` and ``b`` are one file (the same path, or one file through a link)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


def _host() -> str:
    """This machine, as temporary files name it: 8 hex digits of its host name."""
    import socket
    import zlib

    return f"{zlib.crc32(socket.gethostname().encode()):08x}"


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists but is not ours to signal
        return True
    return True


def sweep(folder: Path) -> list[str]:
    """Remove temporary files in ``folder`` that a killed fic2epub left (once per folder a run)."""
    key = os.path.abspath(folder)
    if key in _SWEPT:
        return []
    _SWEPT.add(key)
    removed = []
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    host = _host()
    for name in names:
        found = _TEMP.match(name)
        if found and found.group(2) in (None, host) and not _alive(int(found.group(1))):
            with contextlib.suppress(OSError):
                os.unlink(os.path.join(folder, name))
                removed.append(name)
    return removed


def write_atomic(path: Path, data: bytes, inputs: tuple[Path, ...] = ()) -> None:
    """Write ``data`` to ``path`` so that readers see either the old file or the whole new one.

    Refuses (OutputError) to write over one of ``inputs``, over a folder, or where the target
    folder does not exist or cannot be written; an existing file is never harmed by a failure.
    """
    for source in inputs:
        if same_file(path, source):
            raise OutputError(f"{path}: the book would overwrite its own input (choose another output with -o)")
    if path.is_dir():
        raise OutputError(f"{path}: is a folder")
    folder = path.parent if str(path.parent) else Path(".")
    sweep(folder)
    try:
        existing = os.stat(path)
    except OSError:
        existing = None
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        raise OutputError(f"{path}: exists and is not a regular file")
    try:
        fd, tmp = _temporary(folder)
    except OSError as err:
        raise OutputError(f"{path}: cannot write in {folder}: {_reason(err)}") from None
    _OPEN.add(tmp)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException as err:  # KeyboardInterrupt too: never leave the temporary file behind
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(err, OSError):
            raise OutputError(f"{path}: cannot write: {_reason(err)}") from None
        raise
    finally:
        _OPEN.discard(tmp)


def _temporary(folder: Path) -> tuple[int, str]:
    """A new file ``.fic2epub-PID@HOST-RANDOM.tmp`` in ``folder``, open for writing, only ours to read
    (what ``tempfile.mkstemp`` makes; tempfile itself takes longer to import than to use). The name
    says which machine's process writes it, so a sweep on a shared folder removes only its own."""
    while True:
        tmp = os.path.join(folder, f"{_PREFIX}{os.getpid()}@{_host()}-{os.urandom(6).hex()}.tmp")
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600), tmp
        except FileExistsError:
            continue


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def cleanup() -> None:
    """Remove the temporary files being written now (a signal is stopping the process)."""
    for tmp in list(_OPEN):
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        _OPEN.discard(tmp)
