"""A batch: many inputs converted, in parallel processes where that helps, each book written
atomically under a name that is never two inputs' at once, one record for each input.

``plan`` decides where each book goes and skips finished books, ``work`` converts one input (a pure
function of its task: it runs in a worker process, or in any engine that maps it over inputs), and
``deliver`` takes the outcomes as an engine gives them: writes each book (unless the engine's worker
wrote it), prints, counts, and stops cleanly on Ctrl-C or SIGTERM, leaving no partial book. ``run``
is the two with the local engine (a process pool, books in input order) or the Dask one
(``dask_engine``, books as they finish).
"""

from __future__ import annotations

import functools
import os
import signal
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .console import Console, shown
from .errors import INTERRUPTED, TERMINATED, Fic2EpubError, OutputError
from .locations import Url, locate
from .options import Options
from .paths import STDIN, Source, fill_template, numbered, read_source, safe_name

#: Where a book goes: a local path, or a URL on shared storage.
Location = Path | Url

if TYPE_CHECKING:  # concurrent.futures is imported where a pool is made (not for one file)
    from concurrent.futures import Future


@dataclass(frozen=True)
class Settings:
    """What the command line asked of a batch, besides each book's options."""

    options: Options
    output: str | None = None  # -o: a file, an existing folder, or "-" for stdout (a path or a URL)
    output_dir: Location | None = None  # -d
    force: bool = False
    newer: bool = False
    name: str | None = None  # --name template
    jobs: int = 1
    verify: bool = False
    debug: bool = False
    engine: str = "local"  # "local": a process pool; "dask": a Dask cluster (dask_engine)
    scheduler: str | None = None  # the Dask scheduler's address (None: a local cluster)


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
    written: bool = False  # the engine's worker wrote the book where the plan said (``epub`` is None then)
    write_error: str | None = None  # ... or tried, and this is why it could not


def _modified(path: Location | None) -> str:
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
    if isinstance(source.path, Url):  # no pictures beside it; on shared storage, its date is asked where it is read
        later = source.path.shared and not os.environ.get("SOURCE_DATE_EPOCH")  # (``work``: no request per input here)
        return replace(
            base, source_name=source.path.name, modified=base.modified or (None if later else _modified(source.path))
        )
    return replace(
        base,
        source_name=source.path.name,
        base_dir=_resolved(source.path.parent),
        modified=base.modified or _modified(source.path),
    )


@functools.lru_cache(maxsize=4096)
def _resolved(folder: Path) -> str:
    """A folder's real path, once per folder: a batch of a million inputs has far fewer folders."""
    return str(folder.resolve())


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
        options = task.options if task.options.modified else replace(task.options, modified=_modified(task.source.path))
        result = convert(data, options)
        if task.verify:
            from .verify import verify

            verify(data, result, options)
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


def target_for(source: Source, settings: Settings, facts: dict | None = None) -> Location | None:
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
        given = locate(settings.output)
        return given / name if given.is_dir() else given
    if settings.output_dir is not None:
        return settings.output_dir / (source.under or Path()) / name
    if source.path is None:
        return Path(name)
    return source.path.parent / name


def _needs_facts(settings: Settings) -> bool:
    """A --name template that uses more than the input's stem needs the converted book's metadata."""
    template = settings.name or ""
    into_folder = settings.output is None or locate(settings.output).is_dir()
    return (
        bool(template)
        and into_folder
        and any(f"{{{field}}}" in template for field in ("title", "author", "site", "id", "series", "index"))
    )


class Names:
    """The books this run writes, so that two inputs never share one (``story (2).epub``)."""

    def __init__(self):
        self.taken: set[str] = set()

    def claim(self, path: Location) -> tuple[Location, bool]:
        """A path for this run (numbered if another input has it); and whether it was renamed."""
        key = _key(path)
        if key not in self.taken:
            self.taken.add(key)
            return path, False
        n = 2
        while _key(numbered(path, n)) in self.taken:
            n += 1
        self.taken.add(_key(numbered(path, n)))
        return numbered(path, n), True


def _key(path: Location) -> str:
    return str(path) if isinstance(path, Url) else os.path.normcase(os.path.abspath(path))


def _stale(source: Source, target: Location) -> bool:
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
    first: int = -1  # the input that failed first, in input order (engines may finish out of order)

    def fail(self, code: int, index: int = 0) -> None:
        self.failed += 1
        if not self.code or index < self.first:
            self.code, self.first = code, index


def _record(
    source: Source,
    target: Location | None,
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


@dataclass
class Plan:
    """What a batch will do, whichever engine converts: the tasks, where each book goes (``targets``;
    with ``late_names`` a --name template decides once the book's metadata is known), and the
    inputs skipped because their books exist (already counted and recorded)."""

    sources: list[Source]
    tasks: list[Task]
    targets: dict[int, Location | None]
    late_names: bool
    names: Names
    tally: Tally
    inputs: tuple[Location, ...]
    started: float


def _skip_notice(console: Console, target: Location | None) -> None:
    console.notice(f"{shown(str(target))} exists, skipped (--force rebuilds it, --newer when its input is newer)")


def _skips(settings: Settings, source: Source, target: Location | None) -> bool:
    """Whether the book exists and stays (not --force; not --newer with a changed input)."""
    if target is None or settings.force:
        return False
    return target.exists() and not (settings.newer and _stale(source, target))


def _output_failure(source: Source, target: Location | None, err: Exception) -> str:
    """The line that says a book cannot be written (the error names the book, or the input is named)."""
    return str(err) if target is not None and str(err).startswith(str(target)) else f"{shown(source.shown)}: {err}"


def plan(sources: list[Source], settings: Settings, console: Console, stdin_data: bytes | None = None) -> Plan:
    """Where each book goes (never two inputs' at once), and which inputs need no work: their books
    exist (unless --force, or --newer and the input changed since)."""
    from . import locations

    locations.forget()
    planned = Plan(
        sources=sources,
        tasks=[],
        targets={},
        late_names=_needs_facts(settings),
        names=Names(),
        tally=Tally(),
        inputs=tuple(s.path for s in sources if s.path is not None),
        started=time.perf_counter(),
    )
    for i, source in enumerate(sources):
        if not planned.late_names:
            target, renamed = target_for(source, settings), False
            if target is not None:  # None: standard output
                target, renamed = planned.names.claim(target)
            planned.targets[i] = target
            if renamed:
                console.notice(
                    f"{shown(source.shown)}: another input's book is {shown(str(target_for(source, settings)))}; "
                    f"this one is {shown(str(target))}"
                )
            try:
                skip = _skips(settings, source, target)
            except (OutputError, OSError) as err:  # cannot tell whether the book exists: not a guess either way
                planned.tally.fail(OutputError.exit_code, i)
                console.error(_output_failure(source, target, err))
                console.record(_record(source, target, "failed", None, str(err), OutputError.exit_code))
                continue
            if skip:
                planned.tally.skipped += 1
                if not console.quiet:
                    _skip_notice(console, target)
                console.record(_record(source, target, "skipped"))
                continue
        options = options_for(source, settings.options)
        data = stdin_data if source.path is None else _parent_reads(source)
        planned.tasks.append(Task(i, source, options, settings.verify, data))
    return planned


def _parent_reads(source: Source) -> bytes | None:
    """An input on storage only this process sees (``memory://``) is read here, for the workers."""
    if isinstance(source.path, Url) and not source.path.shared:
        try:
            return read_source(source)
        except Fic2EpubError:
            return None  # the worker reads it again, and reports why it cannot
    return None


def write_book(target: Location, data: bytes, inputs: tuple[Location, ...], make_folder: bool) -> None:
    """Write one book atomically (OutputError, with the target's name, when it cannot be written)."""
    from .writing import write_atomic

    if isinstance(target, Url):
        target.write_atomic(data, tuple(i for i in inputs if isinstance(i, Url)))
        return
    try:
        if make_folder:
            target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, data, tuple(i for i in inputs if isinstance(i, Path)))
    except OSError as err:
        raise OutputError(f"{target}: cannot write: {err.strerror or err}") from None


def deliver(
    planned: Plan,
    outcomes: Iterable[Outcome],
    settings: Settings,
    console: Console,
    write_stdout: Callable[[bytes], None] | None = None,
    stop: Callable[[], None] | None = None,
) -> int:
    """Take each Outcome as the engine gives it: write the book (unless the engine wrote it), print,
    record and count; ``stop`` ends the engine on Ctrl-C or SIGTERM. Returns 0, the exit code of the
    first failure in input order, or 130/143 if stopped."""
    from .writing import cleanup

    tally, sources = planned.tally, planned.sources
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    console.start_progress(len(planned.tasks))
    try:
        for outcome in outcomes:
            source = sources[outcome.index]
            console.advance(source.shown)
            if outcome.error is not None:
                tally.fail(outcome.exit_code, outcome.index)
                console.error(f"{shown(source.shown)}: {outcome.error}")
                if outcome.trace and settings.debug:
                    console.error(outcome.trace.rstrip())
                console.record(_record(source, None, "failed", outcome, outcome.error, outcome.exit_code))
                continue
            if planned.late_names:
                named = target_for(source, settings, outcome.facts)
                assert named is not None  # names from metadata are for books in a folder
                target, renamed = planned.names.claim(named)
                if renamed:
                    console.notice(
                        f"{shown(source.shown)}: another input's book has that name; this one is {shown(str(target))}"
                    )
                if _skips(settings, source, target):
                    tally.skipped += 1
                    _skip_notice(console, target)
                    console.record(_record(source, target, "skipped", outcome))
                    continue
            else:
                target = planned.targets[outcome.index]  # type: ignore[assignment]
            try:
                if outcome.write_error is not None:
                    raise OutputError(outcome.write_error)
                if outcome.written:
                    pass
                elif target is None:
                    assert write_stdout is not None and outcome.epub is not None
                    write_stdout(outcome.epub)
                else:
                    assert outcome.epub is not None
                    write_book(target, outcome.epub, planned.inputs, settings.output_dir is not None)
            except OutputError as err:
                tally.fail(err.exit_code, outcome.index)
                console.error(_output_failure(source, target, err))
                console.record(_record(source, target, "failed", outcome, str(err), err.exit_code))
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
    except (KeyboardInterrupt, Terminated) as stop_signal:
        if stop is not None:
            stop()
        cleanup()
        console.stop_progress()
        console.error(
            f"{'interrupted' if isinstance(stop_signal, KeyboardInterrupt) else 'terminated'}: {tally.converted} "
            f"book(s) written, the others not; run the same command again to finish"
        )
        return INTERRUPTED if isinstance(stop_signal, KeyboardInterrupt) else TERMINATED
    finally:
        signal.signal(signal.SIGTERM, previous)
        console.stop_progress()
    if len(sources) > 1:
        console.notice(
            f"{tally.converted} converted, {tally.skipped} skipped, {tally.failed} failed "
            f"in {time.perf_counter() - planned.started:.1f} s"
        )
    return tally.code


def run(
    sources: list[Source],
    settings: Settings,
    console: Console,
    stdin_data: bytes | None = None,
    write_stdout: Callable[[bytes], None] | None = None,
) -> int:
    """Convert every source; returns 0, or the exit code of the first failure (130/143 if stopped)."""
    planned = plan(sources, settings, console, stdin_data)
    if settings.engine == "dask":
        from . import dask_engine

        return dask_engine.run(planned, settings, console, write_stdout)
    pools: list = []

    def stop() -> None:
        for pool in pools:
            _stop_pool(pool)

    return deliver(planned, _outcomes(planned.tasks, settings.jobs, pools), settings, console, write_stdout, stop)


def _stop_pool(pool) -> None:
    """Stop a process pool now: pending work cancelled, running workers ended."""
    processes = list(getattr(pool, "_processes", {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        try:
            process.terminate()
        except Exception:  # already gone
            pass
