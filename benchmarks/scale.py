"""Archive scale: ``-j N`` (the local process pool) against ``--engine dask`` (a local Dask cluster of
N workers) on many small stories, and the client's cost of planning a million inputs.

    python benchmarks/scale.py [--works 1000] [--jobs 2] [--repeat 2] [--plan 1000000]

The stories are the bundled example (``examples/down-the-rabbit-hole.txt``, 2.8 KB, one chapter)
under distinct titles, so every book is its own (its own cover, its own identifier). Each engine
converts them into a fresh folder with the real command (``fic2epub convert DIR -d OUT -q``), the
two engines in turn, ``--repeat`` times; a run's time is the wall clock of the whole command, start-up
and shut-down included, and its CPU time that of every process it started. One story alone gives
each engine's fixed cost (start-up, a cluster to start and stop); the works per hour, the cost per
work beyond the fixed cost, and the difference per work between the engines follow.

``--plan N`` times ``batch.plan`` (where each book goes, whether it exists) over a manifest of N
inputs, in a process of its own, and reports its peak memory: what the client pays for an archive
before the first conversion. No file of those N exists; their books are looked up one by one.

Needs the dask extra (``pip install -e '.[dask]'``). Prints a Markdown table (docs/scale.md has
the measured one). The machine's load average is printed before and after: other work on the same
cores slows both engines.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STORY = ROOT / "examples" / "down-the-rabbit-hole.txt"


def _load() -> str:
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "?"


def make_stories(folder: Path, count: int) -> None:
    text = STORY.read_bytes()
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (folder / f"work-{n:07d}.txt").write_bytes(text.replace(b"Down the Rabbit-Hole", f"Work {n}".encode(), 1))


def timed(cmd: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the command and of every process under it, sampled every 50 ms:
    a pool's or a cluster's workers are not all waited for, so their usage is read while they run)."""
    import psutil  # comes with distributed

    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    top = psutil.Process(proc.pid)
    used: dict[tuple[int, float], float] = {}
    while proc.poll() is None:
        try:
            for p in [top, *top.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):
                    times = p.cpu_times()
                    used[(p.pid, p.create_time())] = times.user + times.system
        except psutil.Error:
            pass
        time.sleep(0.05)
    wall = time.perf_counter() - start
    assert proc.stderr is not None
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr.read().decode()[-500:]}")
    return wall, sum(used.values())


def engines(jobs: int) -> dict[str, list[str]]:
    base = [sys.executable, "-m", "fic2epub", "convert"]
    return {f"-j {jobs}": [*base, "-j", str(jobs)], "--engine dask": [*base, "--engine", "dask", "-j", str(jobs)]}


def run_engines(stories: Path, out: Path, jobs: int, repeat: int) -> dict[str, list[tuple[float, float]]]:
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in engines(jobs)}
    for _ in range(repeat):
        for name, cmd in engines(jobs).items():
            shutil.rmtree(out, ignore_errors=True)
            results[name].append(timed([*cmd, str(stories), "-d", str(out), "-q"]))
    return results


def plan_cost(count: int, tmp: Path) -> tuple[float, float]:
    """(seconds, peak MB) of reading a manifest of ``count`` inputs and planning them, in a new process."""
    manifest = tmp / "manifest.txt"
    with manifest.open("w") as handle:
        for n in range(count):
            handle.write(f"{tmp}/archive/{n % 1000:03d}/work-{n:07d}.txt\n")
    code = f"""
import resource, time
from pathlib import Path
from fic2epub import batch, manifest
from fic2epub.console import Console
from fic2epub.options import Options
start = time.perf_counter()
sources = manifest.sources({str(manifest)!r})
planned = batch.plan(sources, batch.Settings(Options(), output_dir=Path({str(tmp / "books")!r})), Console(quiet=True))
assert len(planned.tasks) == {count}
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(proc.stderr[-1000:])
    seconds, peak = proc.stdout.split()
    return float(seconds), float(peak)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--works", type=int, default=1000, help="small stories to convert (default 1000)")
    parser.add_argument("--jobs", type=int, default=2, help="processes / workers (default 2)")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each engine, in turn (default 2; best kept)")
    parser.add_argument("--plan", type=int, default=0, help="also time planning a manifest of N inputs")
    args = parser.parse_args()
    print(f"load average before: {_load()} ({os.cpu_count()} CPUs)", file=sys.stderr)
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        make_stories(tmp / "one", 1)
        make_stories(tmp / "many", args.works)
        fixed = run_engines(tmp / "one", tmp / "out", args.jobs, 3)
        many = run_engines(tmp / "many", tmp / "out", args.jobs, args.repeat)
        planned = plan_cost(args.plan, tmp) if args.plan else None
    print(f"load average after: {_load()}", file=sys.stderr)

    n = args.works
    print(
        f"| engine ({args.jobs} CPUs) | 1 work: wall | {n} works: wall | CPU | works per hour | per work beyond start-up |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    best = {}
    for name in many:
        one = min(w for w, _ in fixed[name])
        wall, cpu = min(many[name])
        best[name] = (one, wall)
        print(
            f"| `{name}` | {one:.2f} s | {wall:.1f} s | {cpu:.1f} s | {n / wall * 3600:,.0f} | "
            f"{(wall - one) / (n - 1) * 1000:.0f} ms |"
        )
    (one_l, wall_l), (one_d, wall_d) = best.values()
    print()
    print(f"- runs of {n} works, wall seconds: " + "; ".join(
        f"{k}: {', '.join(f'{w:.1f}' for w, _ in v)} (median {statistics.median(w for w, _ in v):.1f})"
        for k, v in many.items()
    ))  # fmt: skip
    print(f"- Dask's fixed cost over the pool's: {one_d - one_l:.2f} s (cluster start and stop)")
    print(f"- Dask's cost per work over the pool's: {(wall_d - wall_l - (one_d - one_l)) / n * 1000:.1f} ms")
    if planned:
        print(f"- planning {args.plan:,} inputs of a manifest: {planned[0]:.1f} s, {planned[1]:,.0f} MB peak")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
