"""A batch: many inputs converted, in parallel processes where that helps, each book written
atomically under a name that is never two inputs' at once, one record for each input.

``plan`` decides where each book goes, ``work`` converts one input (a pure function of its task:
it runs in a worker process, or in any engine that maps it over inputs), and ``run`` puts them
together: skips finished books, writes in input order, prints, counts, and stops cleanly on Ctrl-C
or SIGTERM, leaving no partial book.
"""

from __future__ import annotations

import os
import signal
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .console import Console, shown
from .errors import INTERRUPTED, TERMINATED, Fic2EpubError, OutputError
from .options import Options
from .paths import STDIN, Source, fill_template, numbered, read_source, safe_name

if TYPE_CHECKING:  # concurrent.futures is imported where a pool is made (not for one file)
    from concurrent.futures import Future


@dataclass(frozen=True)
class Settings:
    """What the command line asked of a batch, besides each book's options."""

    options: Options
    output: str | None = None  # -o: a file, an existing folder, or "-" for stdout
    output_dir: Path | None = None  # -d
    force: bool = False
    newer: bool = False
    name: str | None = None  # --name template
    jobs: int = 1
    verify: bool = False
    debug: bool = False


@dataclass(frozen=True)
class Task:
    """One input to convert: everything a worker needs (picklable)."""

    index: int
    source: Source
    options: Options
    verify: bool = False
    data: bytes | None = None  # standard input, read by the parent


@dataclass
class Outcome:
    """What converting one input gave: the book and its facts, or the error (never an exception)."""

    index: int
    epub: bytes | None = None
    facts: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    exit_code: int = 0
    trace: str | None = None
    seconds: float = 0.0


def _modified(path: Path | None) -> str:
    """dcterms:modified when the story has no date: SOURCE_DATE_EPOCH, else the file's mtime."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    try:
        stamp = int(epoch) if epoch else int(path.stat().st_mtime) if path else 946684800
    except (ValueError, OSError):
        stamp = 946684800
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(stamp))


def options_for(source: Source, base: Options) -> Options:
    """The options of one input: its name (titles from file names), its folder (pictures), its date."""
    if source.path is None:
        return replace(base, source_name=base.source_name, modified=base.modified or _modified(None))
    return replace(
        base,
        source_name=source.path.name,
        base_dir=str(source.path.parent.resolve()),
        modified=base.modified or _modified(source.path),
    )


def facts_of(result) -> dict:
    """The facts a record shows of a converted book (``conversion.Result``)."""
    from .render import word_count

    book, meta = result.book, result.book.metadata
    return {
        "title": meta.title,
        "authors": list(meta.authors),
        "site": result.site,
        "publisher": meta.site,
        "id": meta.story_id,
        "series": meta.series,
        "index": meta.series_index,
        "chapters": len(book.chapters),
        "words": result.words if getattr(result, "words", None) is not None else word_count(book),
        "language": meta.language,
        "encoding": result.encoding,
        "removed": sum(1 for r in result.removed.items if not r.moved),
    }


def work(task: Task) -> Outcome:
    """Convert one input; every failure becomes the Outcome's error (a worker never raises)."""
    from .conversion import convert

    started = time.perf_counter()
    outcome = Outcome(task.index)
    try:
        data = task.data if task.data is not None else read_source(task.source)
        result = convert(data, task.options)
        if task.verify:
            from .verify import verify

            verify(data, result, task.options)
        outcome.epub, outcome.facts, outcome.warnings = result.epub, facts_of(result), list(result.warnings)
    except Fic2EpubError as err:
        outcome.error, outcome.exit_code = str(err), err.exit_code
    except MemoryError:
        outcome.error, outcome.exit_code = "too large to convert in the memory this machine has", 9
    except RecursionError:
        outcome.error, outcome.exit_code = "nested too deeply to convert (a bug: please report it)", 1
        outcome.trace = traceback.format_exc()
    except Exception as err:  # a bug: one line, the traceback with --debug
        outcome.error = f"internal error ({type(err).__name__}: {err}); please report it"
        outcome.exit_code, outcome.trace = 1, traceback.format_exc()
    outcome.seconds = round(time.perf_counter() - started, 3)
    return outcome


# --- where books go -------------------------------------------------------------------------------


def _default_name(source: Source) -> str:
    return safe_name(source.stem)


def target_for(source: Source, settings: Settings, facts: dict | None = None) -> Path | None:
    """Where ``source``'s book goes (None: standard output). ``facts`` fill a --name template."""
    if settings.output == STDIN:
        return None
    if settings.name and facts is not None:
        values = {k: str(v) for k, v in facts.items() if v not in (None, "")}
        values["author"] = ", ".join(facts.get("authors") or [])
        values["site"] = facts.get("publisher") or facts.get("site") or ""
        values["stem"] = source.stem
        name = safe_name(fill_template(settings.name, values) or source.stem)
    else:
        name = _default_name(source)
    if settings.output is not None:
        given = Path(settings.output)
        return given / name if given.is_dir() else given
    if settings.output_dir is not None:
        return settings.output_dir / (source.under or Path()) / name
    if source.path is None:
        return Path(name)
    return source.path.parent / name


def _needs_facts(settings: Settings) -> bool:
    """A --name template that uses more than the input's stem needs the converted book's metadata."""
    template = settings.name or ""
    into_folder = settings.output is None or Path(settings.output).is_dir()
    return (
        bool(template)
        and into_folder
        and any(f"{{{field}}}" in template for field in ("title", "author", "site", "id", "series", "index"))
    )


class Names:
    """The books this run writes, so that two inputs never share one (``story (2).epub``)."""

    def __init__(self):
        self.taken: set[str] = set()

    def claim(self, path: Path) -> tuple[Path, bool]:
        """A path for this run (numbered if another input has it); and whether it was renamed."""
        key = os.path.normcase(os.path.abspath(path))
        if key not in self.taken:
            self.taken.add(key)
            return path, False
        n = 2
        while os.path.normcase(os.path.abspath(numbered(path, n))) in self.taken:
            n += 1
        self.taken.add(os.path.normcase(os.path.abspath(numbered(path, n))))
        return numbered(path, n), True


def _stale(source: Source, target: Path) -> bool:
    """Whether the input was changed after its book was written (--newer)."""
    try:
        return source.path is not None and source.path.stat().st_mtime > target.stat().st_mtime
    except OSError:
        return True


# --- running --------------------------------------------------------------------------------------


class Terminated(BaseException):
    """SIGTERM, raised in the main thread so that the batch stops the way Ctrl-C stops it."""


def _on_sigterm(signum, frame):  # pragma: no cover - exercised through a subprocess
    raise Terminated()


def _worker_init() -> None:
    # the parent stops the workers: a Ctrl-C in the terminal must not print a traceback per worker
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _executor(jobs: int):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if "forkserver" in methods:
        context.set_forkserver_preload(["fic2epub.conversion", "fic2epub.batch"])
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_worker_init)


def _outcomes(tasks: list[Task], jobs: int, pool_box: list) -> Iterator[Outcome]:
    """Each task's Outcome in task order; with ``jobs`` > 1 converted in worker processes, a
    window of tasks at a time (memory stays bounded however many books the batch has)."""
    if jobs <= 1 or len(tasks) <= 1:
        for task in tasks:
            yield work(task)
        return
    pool = _executor(min(jobs, len(tasks)))
    pool_box.append(pool)
    window = max(4, jobs * 4)
    pending: dict[int, Future] = {}
    submitted = 0
    for i in range(len(tasks)):
        while submitted < len(tasks) and submitted < i + window:
            pending[submitted] = pool.submit(work, tasks[submitted])
            submitted += 1
        future = pending.pop(i)
        try:
            yield future.result()
        except Exception as err:  # a worker died (killed, out of memory): the input's failure, not the batch's
            outcome = Outcome(
                tasks[i].index, error=f"the conversion process stopped ({type(err).__name__})", exit_code=1
            )
            yield outcome
    pool.shutdown()


@dataclass
class Tally:
    converted: int = 0
    skipped: int = 0
    failed: int = 0
    code: int = 0  # the exit code of the first failure, in input order

    def fail(self, code: int) -> None:
        self.failed += 1
        self.code = self.code or code


def _record(
    source: Source,
    target: Path | None,
    status: str,
    outcome: Outcome | None = None,
    error: str | None = None,
    code: int = 0,
) -> dict:
    record: dict = {
        "input": source.shown,
        "output": str(target) if target is not None else ("-" if status == "converted" else None),
        "status": status,
    }
    if outcome is not None:
        record.update(outcome.facts)
        record["warnings"] = outcome.warnings
        record["seconds"] = outcome.seconds
    record["error"] = error
    record["exit_code"] = code
    return record


def run(
    sources: list[Source],
    settings: Settings,
    console: Console,
    stdin_data: bytes | None = None,
    write_stdout: Callable[[bytes], None] | None = None,
) -> int:
    """Convert every source; returns 0, or the exit code of the first failure (130/143 if stopped)."""
    from .writing import cleanup, write_atomic

    started = time.perf_counter()
    tally = Tally()
    names = Names()
    inputs = tuple(s.path for s in sources if s.path is not None)
    late_names = _needs_facts(settings)
    planned: dict[int, Path | None] = {}
    tasks: list[Task] = []
    for i, source in enumerate(sources):
        if not late_names:
            target, renamed = (None, False) if settings.output == STDIN else names.claim(target_for(source, settings))  # type: ignore[arg-type]
            planned[i] = target
            if renamed:
                console.notice(
                    f"{shown(source.shown)}: another input's book is {shown(str(target_for(source, settings)))}; "
                    f"this one is {shown(str(target))}"
                )
            if (
                target is not None
                and not settings.force
                and target.exists()
                and not (settings.newer and _stale(source, target))
            ):
                tally.skipped += 1
                if not console.quiet:
                    console.notice(
                        f"{shown(str(target))} exists, skipped (--force rebuilds it, --newer when its input is newer)"
                    )
                console.record(_record(source, target, "skipped"))
                continue
        options = options_for(source, settings.options)
        tasks.append(Task(i, source, options, settings.verify, stdin_data if source.path is None else None))

    pools: list = []
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    console.start_progress(len(tasks))
    try:
        for outcome in _outcomes(tasks, settings.jobs, pools):
            source = sources[outcome.index]
            console.advance(source.shown)
            if outcome.error is not None:
                tally.fail(outcome.exit_code)
                console.error(f"{shown(source.shown)}: {outcome.error}")
                if outcome.trace and settings.debug:
                    console.error(outcome.trace.rstrip())
                console.record(_record(source, None, "failed", outcome, outcome.error, outcome.exit_code))
                continue
            assert outcome.epub is not None
            if late_names:
                target, renamed = names.claim(target_for(source, settings, outcome.facts))  # type: ignore[arg-type]
                if renamed:
                    console.notice(
                        f"{shown(source.shown)}: another input's book has that name; this one is {shown(str(target))}"
                    )
                if not settings.force and target.exists() and not (settings.newer and _stale(source, target)):
                    tally.skipped += 1
                    console.notice(
                        f"{shown(str(target))} exists, skipped (--force rebuilds it, --newer when its input is newer)"
                    )
                    console.record(_record(source, target, "skipped", outcome))
                    continue
            else:
                target = planned[outcome.index]
            try:
                if target is None:
                    assert write_stdout is not None
                    write_stdout(outcome.epub)
                else:
                    if settings.output_dir is not None:
                        target.parent.mkdir(parents=True, exist_ok=True)
                    write_atomic(target, outcome.epub, inputs)
            except OutputError as err:
                tally.fail(err.exit_code)
                console.error(
                    str(err)
                    if target is not None and str(err).startswith(str(target))
                    else f"{shown(source.shown)}: {err}"
                )
                console.record(_record(source, target, "failed", outcome, str(err), err.exit_code))
                continue
            except OSError as err:
                tally.fail(OutputError.exit_code)
                console.error(f"{shown(str(target))}: cannot write: {err.strerror or err}")
                console.record(_record(source, target, "failed", outcome, str(err), OutputError.exit_code))
                continue
            tally.converted += 1
            for warning in outcome.warnings:
                console.notice(f"{shown(source.shown)}: warning: {warning}")
            console.detail(
                f"{shown(source.shown)}: {outcome.facts.get('site')}, {outcome.facts.get('title')!r}, "
                f"{outcome.facts.get('chapters')} chapter(s), {outcome.facts.get('words')} words"
            )
            if target is not None:
                console.path(str(target))
            console.record(_record(source, target, "converted", outcome))
    except (KeyboardInterrupt, Terminated) as stop:
        for pool in pools:
            _stop_pool(pool)
        cleanup()
        console.stop_progress()
        done = tally.converted
        console.error(
            f"{'interrupted' if isinstance(stop, KeyboardInterrupt) else 'terminated'}: {done} book(s) "
            f"written, the others not; run the same command again to finish"
        )
        return INTERRUPTED if isinstance(stop, KeyboardInterrupt) else TERMINATED
    finally:
        signal.signal(signal.SIGTERM, previous)
        console.stop_progress()
    if len(sources) > 1:
        console.notice(
            f"{tally.converted} converted, {tally.skipped} skipped, {tally.failed} failed "
            f"in {time.perf_counter() - started:.1f} s"
        )
    return tally.code


def _stop_pool(pool) -> None:
    """Stop a process pool now: pending work cancelled, running workers ended."""
    processes = list(getattr(pool, "_processes", {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        try:
            process.terminate()
        except Exception:  # already gone
            pass
