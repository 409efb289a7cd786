"""The Dask engine (``--engine dask``): a batch's conversions mapped over a Dask cluster.

Planning, records, the progress bar, the summary and the exit codes are the local batch's
(``batch.plan`` and ``batch.deliver``); only the map differs. Tasks go to the cluster (a local one of
processes sized to the machine, or the scheduler ``--scheduler`` names) a window at a time, so the
scheduler holds a bounded number of tasks however large the archive. Each worker converts with
``batch.work`` and writes its book itself with ``batch.write_book`` (a rename on file systems, one
whole-object put on object stores), so only the record travels back; a book on storage only this
process sees (``memory://``, standard output) or named from its metadata (``--name '{title}'``,
decided here, where the names are known) travels back and is written here. Records come as books
finish, not in input order; the exit code is still that of the first failure in input order.

A worker that dies (killed, out of memory) costs its task one more try, by the scheduler (on a
cluster of one's own, as many as its ``distributed.scheduler.allowed-failures`` says, 3 by default);
then it is that input's failure (exit 1), not the batch's. Ctrl-C or SIGTERM cancels what is
pending and closes a local cluster: a book is never left half-written under its name, and the same
command resumes.

dask and distributed are imported here only, when the engine runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import CancelledError
from pathlib import Path
from typing import Any

from .batch import Location, Outcome, Plan, Settings, Task, deliver, work, write_book
from .console import Console
from .errors import Fic2EpubError, OutputError, UsageError
from .locations import Url

#: What a worker runs for one task: (task, where the worker writes its book or None, make the folder).
WorkerFunction = Callable[[Task, Location | None, bool], Outcome]
#: Tasks in flight per worker thread: enough to keep every worker busy while records come back.
PER_THREAD = 4
#: ... and at least this many (a small cluster still gets a batch, not one task at a time).
MIN_WINDOW = 16


def available() -> bool:
    """Whether the engine can run (the ``dask`` extra is installed), without importing it."""
    import importlib.util

    return all(importlib.util.find_spec(name) is not None for name in ("dask", "distributed"))


def convert_and_write(task: Task, target: Location | None, make_folder: bool) -> Outcome:
    """On a worker: convert one input and, if ``target`` is given, write its book there (atomically).

    The book is checked against its own input only (a book never overwrites it): the plan gives
    every other input's book another name, and an input that is an EPUB is never among several.
    """
    outcome = work(task)
    if outcome.error is None and outcome.epub is not None and target is not None:
        own = (task.source.path,) if task.source.path is not None else ()
        try:
            write_book(target, outcome.epub, own, make_folder)
            outcome.written = True
        except OutputError as err:
            outcome.write_error = str(err)
        except Exception as err:  # storage raising something other than OSError: still this book's failure
            outcome.write_error = f"{target}: cannot write: {type(err).__name__}: {err}"
        outcome.epub = None
    return outcome


def _worker_writes(planned: Plan, task: Task) -> Location | None:
    """Where a worker may write this task's book itself (None: the book comes back here)."""
    if planned.late_names:
        return None
    target = planned.targets.get(task.index)
    if isinstance(target, Url) and not target.shared:
        return None
    return target


def local_cluster(workers: int, quiet: bool = True) -> Any:
    """A cluster of ``workers`` processes on this machine, one thread each (conversion is pure
    Python: processes, not threads, use the cores), without a dashboard. A task whose worker dies
    is tried once more, on another worker (or the same one, restarted), then reported."""
    import dask
    from distributed import LocalCluster

    with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
        return LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            # no dashboard, and the scheduler's HTTP server (health, metrics) on a free local port, not
            # 8787: a second run, or a notebook's cluster, would cost a warning on stderr
            scheduler_kwargs={"dashboard": False, "dashboard_address": "127.0.0.1:0"},
            silence_logs=logging.CRITICAL if quiet else logging.WARNING,
        )


def connect(settings: Settings, tasks: int) -> tuple[Any, Any]:
    """A client of the scheduler at ``settings.scheduler`` (an address, or a scheduler file), or of a
    new local cluster of ``settings.jobs`` workers (no more than ``tasks``): (client, the local
    cluster or None)."""
    if not available():
        raise UsageError("--engine dask needs Dask: pip install 'fic2epub[dask]'")
    from distributed import Client

    address = settings.scheduler
    if address:
        try:
            if Path(address).is_file():  # dask scheduler --scheduler-file FILE (SLURM, MPI, ...)
                return Client(scheduler_file=address), None
            return Client(address), None  # waits distributed.comm.timeouts.connect (30 s) at most
        except (OSError, TimeoutError, ValueError) as err:
            raise UsageError(f"--scheduler {address}: cannot reach the Dask scheduler ({err})") from None
    try:
        cluster = local_cluster(max(1, min(settings.jobs, tasks)), quiet=not settings.debug)
    except Exception as err:  # a worker process that cannot start (no memory, a broken install)
        raise Fic2EpubError(f"cannot start a local Dask cluster ({type(err).__name__}: {err})") from None
    client = Client(cluster)
    _leave_ctrl_c_to_the_client(client)
    return client, cluster


def _leave_ctrl_c_to_the_client(client: Any) -> None:
    """Ctrl-C in a terminal reaches every process of its group: this run's own workers leave it to
    the client, which stops them (as the local engine's pool does), instead of each printing a
    traceback. Workers started later (a dead one's replacement) get it too."""
    from distributed.diagnostics.plugin import WorkerPlugin

    class IgnoreCtrlC(WorkerPlugin):  # defined here, pickled by value: distributed is imported lazily
        name = "fic2epub-ignore-ctrl-c"

        def setup(self, worker: Any) -> None:
            import signal
            import threading

            if threading.current_thread() is threading.main_thread():
                signal.signal(signal.SIGINT, signal.SIG_IGN)

    client.register_plugin(IgnoreCtrlC())


def outcomes(
    client: Any, planned: Plan, settings: Settings, worker: WorkerFunction = convert_and_write
) -> Iterator[Outcome]:
    """Each task's Outcome as it finishes on the cluster, at most a window of tasks submitted (or
    finished and held) at once. Books named from their metadata come in input order, as the local
    engine gives them, so that two books of one title get the same names (``x (2).epub``) each run."""
    from distributed import as_completed
    from distributed.scheduler import KilledWorker

    run = uuid.uuid4().hex[:12]
    tasks = iter(planned.tasks)
    flying: dict[str, Task] = {}
    finished = as_completed()
    make_folder = settings.output_dir is not None
    order = [task.index for task in planned.tasks] if planned.late_names else []
    held: dict[int, Outcome] = {}  # finished, waiting for an earlier input (names from metadata only)
    position = 0

    def window() -> int:
        return max(MIN_WINDOW, PER_THREAD * sum(client.nthreads().values()))

    def submit(count: int) -> None:
        batch = list(itertools.islice(tasks, count))
        if not batch:
            return
        keys = [f"fic2epub-{run}-{task.index}" for task in batch]
        writes = [_worker_writes(planned, task) for task in batch]
        futures = client.map(worker, batch, writes, [make_folder] * len(batch), key=keys, pure=False)
        flying.update(zip(keys, batch))
        finished.update(futures)

    size = window()
    submit(size)
    for done, future in enumerate(finished, 1):
        task = flying.pop(future.key)
        try:
            outcome = future.result()
        except (KilledWorker, CancelledError, asyncio.CancelledError) as err:  # its worker died each try
            outcome = Outcome(task.index, error=f"the conversion process stopped ({type(err).__name__})", exit_code=1)
        except Exception as err:  # ``worker`` never raises: the workers cannot run it at all
            raise Fic2EpubError(
                f"the Dask workers cannot run fic2epub ({type(err).__name__}: {err}); "
                "install the same fic2epub, with its dask extra, where they run"
            ) from None
        del future  # its result is released on the cluster now, not when the next one finishes
        if done % 256 == 0:  # the cluster may have grown or shrunk
            size = window()
        if not order:
            if len(flying) <= size // 2:
                submit(size - len(flying))
            yield outcome
            continue
        held[outcome.index] = outcome
        if len(flying) + len(held) <= size // 2:
            submit(size - len(flying) - len(held))
        while position < len(order) and order[position] in held:
            position += 1
            yield held.pop(order[position - 1])


class _Engine:
    """One run's cluster: connected when the first outcome is asked for (so that Ctrl-C while it
    starts stops the batch like Ctrl-C later), closed once."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.client: Any = None
        self.cluster: Any = None
        self.levels: dict[str, int] = {}

    def outcomes(self, planned: Plan) -> Iterator[Outcome]:
        try:
            if not self.settings.debug:  # Dask's log lines (a worker restarted, a task lost) stay off stderr:
                for name in ("distributed", "tornado"):  # each input's failure is reported in its record
                    self.levels[name] = logging.getLogger(name).level
                    logging.getLogger(name).setLevel(logging.CRITICAL)
            self.client, self.cluster = connect(self.settings, len(planned.tasks))
            yield from outcomes(self.client, planned, self.settings)
        finally:
            self.close()

    def close(self) -> None:
        client, cluster, self.client, self.cluster = self.client, self.cluster, None, None
        if client is not None:
            with contextlib.suppress(Exception):
                client.close(timeout=10)
        if cluster is not None:
            with contextlib.suppress(Exception):
                cluster.close(timeout=10)
        for name, level in self.levels.items():
            logging.getLogger(name).setLevel(level)
        self.levels.clear()


def run(planned: Plan, settings: Settings, console: Console, write_stdout: Callable[[bytes], None] | None) -> int:
    """The batch's tasks converted on a Dask cluster; what ``batch.run`` returns."""
    if not planned.tasks:  # every book exists: no cluster to start
        return deliver(planned, iter(()), settings, console, write_stdout)
    engine = _Engine(settings)
    try:
        return deliver(planned, engine.outcomes(planned), settings, console, write_stdout, engine.close)
    except Fic2EpubError as err:  # the cluster cannot be reached or started, or cannot run fic2epub
        console.error(str(err))
        return err.exit_code
    finally:
        engine.close()
