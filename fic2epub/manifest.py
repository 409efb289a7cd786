"""A manifest: the inputs of a collection too large for a shell glob, as a file (``--manifest FILE``).

Three shapes, told by the name: a CSV (``.csv``) or Parquet (``.parquet``, ``.pq``) table whose
``path`` column (or ``input``, ``url``, ``file``, ``key``; else its first column) holds the inputs,
or else a list, one input per line (``find saved -name '*.txt' > list``; ``find -print0``'s NUL
separators too; blank lines and lines starting with ``#`` are skipped). Each entry is a story file,
a local path as written (relative to the current folder, as on the command line) or a URL; it is
not looked at here (a million entries cost no million requests): a missing one is reported in its
turn, like a missing file on the command line. Books of a manifest's entries go beside them, or
flat into ``-d DIR`` like files named on the command line (two of one name: ``x (2).epub``).
The manifest itself may be a URL. Parquet needs pyarrow (the ``dask`` extra).
"""

from __future__ import annotations

import csv
import io
from pathlib import PurePosixPath

from .errors import Fic2EpubError, UsageError
from .locations import locate
from .paths import Source, read_source

#: Column names that hold the inputs, in order of preference.
COLUMNS = ("path", "input", "url", "file", "filename", "key")


def entries(where: str) -> list[str]:
    """The inputs ``where`` (a path or a URL) lists, in its order."""
    try:
        data = read_source(Source(where, locate(where)))
    except Fic2EpubError as err:
        raise UsageError(f"--manifest {where}: {err}") from None
    suffix = PurePosixPath(where).suffix.lower()
    if suffix in (".parquet", ".pq"):
        return _parquet(where, data)
    text = data.decode("utf-8-sig", errors="replace")
    if suffix == ".csv":
        return _csv(text)
    if "\0" in text:
        return [e for e in text.split("\0") if e.strip()]
    return [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def _column(names: list[str]) -> int | None:
    lowered = [str(n).strip().lower() for n in names]
    for wanted in COLUMNS:
        if wanted in lowered:
            return lowered.index(wanted)
    return None


def _csv(text: str) -> list[str]:
    rows = [row for row in csv.reader(io.StringIO(text)) if row and any(cell.strip() for cell in row)]
    if not rows:
        return []
    column = _column(rows[0])
    if column is not None:  # a header row names the column
        rows = rows[1:]
    return [row[column or 0].strip() for row in rows if len(row) > (column or 0) and row[column or 0].strip()]


def _parquet(where: str, data: bytes) -> list[str]:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise UsageError(
            f"--manifest {where}: a Parquet manifest needs pyarrow: pip install 'fic2epub[dask]'"
        ) from None
    try:
        table = pq.read_table(io.BytesIO(data))
    except Exception as err:  # pyarrow's own errors: not a Parquet file, a broken one
        raise UsageError(f"--manifest {where}: not a readable Parquet file ({err})") from None
    column = _column(table.column_names)
    if column is None:
        import pyarrow as pa

        strings = [
            i for i, f in enumerate(table.schema) if pa.types.is_string(f.type) or pa.types.is_large_string(f.type)
        ]
        if not strings:
            raise UsageError(f"--manifest {where}: no column of paths (name one {', '.join(COLUMNS)})")
        column = strings[0]
    return [str(v).strip() for v in table.column(column).to_pylist() if v is not None and str(v).strip()]


def sources(where: str) -> list[Source]:
    """The manifest's entries as inputs (``.epub`` entries left out: they are books, not stories)."""
    return [Source(e, locate(e)) for e in entries(where) if not e.lower().endswith(".epub")]
