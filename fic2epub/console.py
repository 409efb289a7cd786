"""What the CLI says, and where: book paths (or JSON records) on stdout, notices and errors on
stderr, one line each, through a progress bar on a terminal.

Printing never stops the work: a console that cannot show a character gets an escape for it, a
closed stdout (``| head -1``) mutes stdout and the batch goes on, a closed stderr is ignored, and a
stdout that cannot be written (a full disk) is said once on stderr.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import sys
from typing import Any, TextIO

#: Characters that would break a message's one line: control characters, line and paragraph separators.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def shown(name: str) -> str:
    """A file name as messages show it: on one line, control characters escaped (``a\\nb.txt``)."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), name)


def _safe_stream(stream: TextIO | None) -> TextIO | None:
    """``stream``, writing an escape for any character its encoding lacks; None if it is closed."""
    if stream is None:
        return None
    try:
        stream.fileno()
    except (OSError, ValueError, io.UnsupportedOperation):
        return stream if not getattr(stream, "closed", False) else None
    with contextlib.suppress(AttributeError, ValueError, io.UnsupportedOperation):
        stream.reconfigure(errors="backslashreplace")  # type: ignore[attr-defined]
    return stream


class Console:
    """The CLI's voice. ``quiet``: errors only; ``verbose``: per-file detail; ``records``: JSON lines
    on stdout instead of paths; ``nul``: paths separated by NUL (``--print0``)."""

    def __init__(self, quiet: bool = False, verbose: bool = False, records: bool = False, nul: bool = False):
        self.quiet, self.verbose, self.records, self.nul = quiet, verbose, records, nul
        self.out = _safe_stream(sys.stdout)
        self.err = _safe_stream(sys.stderr)
        self.progress: Any = None
        self.task: Any = None
        self.stdout_failed: str | None = None  # why stdout could not be written, once said

    # --- the progress bar -------------------------------------------------------------------------
    def start_progress(self, total: int) -> None:
        """A bar on stderr (done/total, current file, elapsed, time left) when stderr is a terminal."""
        if self.quiet or total < 2 or self.err is None or not self.err.isatty():
            return
        from rich.console import Console as RichConsole
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.progress = Progress(
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            TextColumn("{task.fields[current]}"),
            console=RichConsole(file=self.err, highlight=False, markup=False),
            transient=True,
            redirect_stdout=False,
            redirect_stderr=False,
        )
        self.progress.start()
        self.task = self.progress.add_task("converting", total=total, current="")

    def advance(self, current: str = "") -> None:
        if self.progress is not None:
            self.progress.update(self.task, advance=1, current=shown(current)[-40:])

    def stop_progress(self) -> None:
        if self.progress is not None:
            with contextlib.suppress(Exception):
                self.progress.stop()
            self.progress = None

    # --- lines ------------------------------------------------------------------------------------
    def _stderr(self, line: str) -> None:
        if self.progress is not None:
            self.progress.console.print(line, markup=False, highlight=False, soft_wrap=True)
            return
        if self.err is None:
            return
        try:
            self.err.write(line + "\n")
            self.err.flush()
        except (OSError, ValueError):
            self.err = None

    def _stdout(self, text: str) -> None:
        if self.out is None:
            return
        try:
            if self.progress is not None and self.out.isatty() and self.err is not None and self.err.isatty():
                self.progress.console.print(text, end="", markup=False, highlight=False, soft_wrap=True)
            else:
                self.out.write(text)
                self.out.flush()
        except BrokenPipeError:
            self._mute_stdout()
        except (OSError, ValueError) as err:
            self._mute_stdout()
            self.stdout_failed = getattr(err, "strerror", None) or str(err)
            self.error(f"cannot write to standard output: {self.stdout_failed}")

    def _mute_stdout(self) -> None:
        """The reader of stdout has gone (``| head -1``): the rest goes nowhere, the batch goes on."""
        with contextlib.suppress(OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        self.out = None

    def path(self, path: str) -> None:
        """A written book's path (not with --json)."""
        if not self.records:
            self._stdout(path + ("\0" if self.nul else "\n"))

    def record(self, record: dict) -> None:
        """One JSON object for one input (--json)."""
        if self.records:
            import json

            self._stdout(json.dumps(record, ensure_ascii=False) + "\n")

    def data(self, text: str) -> None:
        """Output asked for (inspect's report, a book on stdout as text)."""
        self._stdout(text if text.endswith("\n") else text + "\n")

    def error(self, message: str) -> None:
        self._stderr(f"fic2epub: {message}")

    def notice(self, message: str) -> None:
        if not self.quiet:
            self._stderr(f"fic2epub: {message}")

    def detail(self, message: str) -> None:
        if self.verbose and not self.quiet:
            self._stderr(f"fic2epub: {message}")
