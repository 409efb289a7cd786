"""Speed of fic2epub against the floor of its own stack, pandoc and calibre, side by side in one run.

    python benchmarks/run.py                       # every case; writes benchmarks/RESULTS.md
    python benchmarks/run.py --cases cold,version  # some cases (cold version batch novels page corpus)
    python benchmarks/run.py --repeat 3 --out -    # fewer runs; the report on stdout

Cases (the inputs are built from the shared corpus's real paragraphs by ``inputs.py``):

* ``cold``: the bundled example story, one cold process, default options (the cover included), and
  with ``--no-cover``;
* ``version``: ``fic2epub --version`` and ``--help`` against ``python -c pass`` and
  ``python -c "import typer"``;
* ``batch``: 200 Wattpad-size stories converted by one call with ``-j 2``, against a shell loop of
  fic2epub and a shell loop of pandoc over the same files;
* ``novels``: novels of 100k, 400k and 1.6M words (``Chapter N`` every ~1,600 words);
* ``page``: a 10 MB saved AO3 page;
* ``corpus``: every file of the shared corpus, one process each.

Each command is run alternately with the others of its case (A B C A B C …) after one warm-up run
each, so that the machine's drift hits them alike; the report gives medians, minimum–maximum, peak
memory (the largest resident set of the command and its children, from ``wait4``) and ratios of
medians. The floor (``floor.py``) runs in the same interpreter as fic2epub. pandoc and calibre's
``ebook-convert`` are used where installed and reported absent otherwise; calibre takes a minute a
400k-word novel, so it runs on the cases expected to take under ``--calibre-limit`` seconds.

Python files are compiled to bytecode first (``compileall``; PYTHONDONTWRITEBYTECODE is removed from
the commands' environment): a pip install compiles them, and a run that recompiles fic2epub's
sources at every start measures the compiler, not fic2epub.
"""

from __future__ import annotations

import argparse
import compileall
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import inputs  # noqa: E402  (benchmarks/ is not a package)

CASES = ("cold", "version", "batch", "novels", "page", "corpus")


@dataclass
class Runs:
    """The runs of one command: wall seconds, CPU seconds, peak resident memory (MiB)."""

    label: str
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    peak: list[float] = field(default_factory=list)
    failed: str | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.wall)

    def cell(self) -> str:
        if self.failed:
            return f"failed ({self.failed})"
        lo, hi = min(self.wall), max(self.wall)
        return f"{_s(self.median)} ({_s(lo)}–{_s(hi)})"


def _s(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_once(cmd: list[str], runs: Runs, timeout: float) -> None:
    """Run ``cmd`` once (its output thrown away), adding its wall time, CPU time and peak memory
    (``wait4``'s rusage of that process: its own and its waited-for children's, Linux and macOS)."""
    import threading

    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=_env())
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            last = err.read().decode(errors="replace").strip().splitlines()[-1:]
            runs.failed = f"over {timeout:.0f} s" if wall >= timeout else f"exit {proc.returncode}: {last}"
            return
    runs.wall.append(wall)
    runs.cpu.append(usage.ru_utime + usage.ru_stime)
    runs.peak.append(usage.ru_maxrss / (1024 * 1024) if sys.platform == "darwin" else usage.ru_maxrss / 1024)


def measure(commands: dict[str, list[str] | None], repeat: int, timeout: float) -> dict[str, Runs]:
    """Every command run ``repeat`` times, alternately, after one warm-up run each."""
    results = {label: Runs(label) for label in commands}
    active = {label: cmd for label, cmd in commands.items() if cmd is not None}
    for label in commands:
        if commands[label] is None:
            results[label].failed = "not installed"
    for label, cmd in active.items():  # warm-up: bytecode, disk cache, fontconfig's cache …
        run_once(cmd, Runs(label), timeout)
    for _ in range(repeat):
        for label, cmd in active.items():
            if results[label].failed is None:
                run_once(cmd, results[label], timeout)
    return results


# --- the tools ------------------------------------------------------------------------------------


def fic2epub_cmd() -> list[str]:
    script = Path(sys.executable).with_name("fic2epub")
    return [str(script)] if script.exists() else [sys.executable, "-m", "fic2epub"]


def floor_cmd() -> list[str]:
    return [sys.executable, str(HERE / "floor.py")]


def pandoc_cmd(src: Path, out: Path) -> list[str] | None:
    pandoc = shutil.which("pandoc")
    if not pandoc:
        return None
    kind = "html" if src.suffix.lower() in (".html", ".htm", ".xhtml") else "markdown"
    return [pandoc, "-f", kind, str(src), "-o", str(out)]


def calibre_cmd(src: Path, out: Path) -> list[str] | None:
    tool = shutil.which("ebook-convert")
    return [tool, str(src), str(out)] if tool else None


def version_of(cmd: list[str]) -> str:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=60, env=_env())
    except OSError:
        return "not installed"
    return (out.stdout or out.stderr).strip().splitlines()[0] if (out.stdout or out.stderr).strip() else "?"


# --- the report -----------------------------------------------------------------------------------


@dataclass
class Report:
    lines: list[str] = field(default_factory=list)
    targets: list[tuple[str, str, str, str]] = field(default_factory=list)  # target, measured, met, note

    def table(self, title: str, results: dict[str, Runs], base: str | None = None, note: str = "") -> None:
        self.lines += [f"### {title}", ""]
        if note:
            self.lines += [note, ""]
        head = "| command | median (min–max) | CPU | peak |" + (f" ÷ {base} | CPU ÷ {base} |" if base else "")
        self.lines += [head, "|" + "---|" * (head.count("|") - 1)]
        for label, runs in results.items():
            ratio = ""
            if base:
                ratio = f" {ratio_of(results, label, base)} | {ratio_of(results, label, base, cpu=True)} |"
            if runs.failed:
                self.lines.append(f"| {label} | {runs.cell()} | | |" + (" | |" if base else ""))
                continue
            cpu = statistics.median(runs.cpu)
            peak = max(runs.peak) if runs.peak else float("nan")
            self.lines.append(f"| {label} | {runs.cell()} | {_s(cpu)} | {peak:.0f} MiB |{ratio}")
        self.lines.append("")

    def ratio(self, what: str, results: dict[str, Runs], a: str, b: str, limit: float) -> None:
        """A target on the ratio of ``a``'s median time to ``b``'s (the CPU time ratio beside it)."""
        self.target(what, ratio(results, a, b), limit, cpu=ratio(results, a, b, cpu=True))

    def target(
        self, what: str, value: float | None, limit: float, unit: str = "×", note: str = "", cpu: float | None = None
    ) -> None:
        if cpu is not None:
            note = f"CPU time ratio {cpu:.2f}" + (f"; {note}" if note else "")
        if value is None:
            self.targets.append((what, "not measured", "—", note))
            return
        shown = f"{value:.2f}{unit}" if unit == "×" else f"{value:.1f} {unit}"
        self.targets.append((what, shown, "met" if value <= limit else "**not met**", note))


def ratio_of(results: dict[str, Runs], a: str, b: str, cpu: bool = False) -> str:
    value = ratio(results, a, b, cpu)
    return f"{value:.2f}" if value is not None else "—"


def ratio(results: dict[str, Runs], a: str, b: str, cpu: bool = False) -> float | None:
    """The ratio of the medians of ``a`` and ``b`` (wall time, or CPU time)."""
    ra, rb = results.get(a), results.get(b)
    if not ra or not rb or ra.failed or rb.failed or not ra.wall or not rb.wall:
        return None
    if cpu:
        return statistics.median(ra.cpu) / statistics.median(rb.cpu)
    return ra.median / rb.median


# --- the cases ------------------------------------------------------------------------------------


def case_cold(report: Report, work: Path, repeat: int, timeout: float) -> None:
    src = ROOT / "examples" / "down-the-rabbit-hole.txt"
    fic = fic2epub_cmd()
    commands = {
        "fic2epub": [*fic, "convert", str(src), "-o", str(work / "f.epub"), "--force", "-q"],
        "fic2epub --no-cover": [*fic, "convert", str(src), "-o", str(work / "n.epub"), "--force", "-q", "--no-cover"],
        "floor": [*floor_cmd(), "convert", str(src), "-o", str(work / "floor.epub")],
        "pandoc": pandoc_cmd(src, work / "p.epub"),
        "calibre": calibre_cmd(src, work / "c.epub"),
    }
    results = measure(commands, repeat, timeout)
    report.table("The example story, one cold process", results, "floor")
    report.ratio("example, cold, cover included: ÷ floor ≤ 1.3", results, "fic2epub", "floor", 1.3)
    report.ratio("example, cold: ÷ pandoc ≤ 2.5", results, "fic2epub", "pandoc", 2.5)
    report.ratio("example, cold: ÷ pandoc ≤ 1.5 (stretch)", results, "fic2epub", "pandoc", 1.5)


def case_version(report: Report, work: Path, repeat: int, timeout: float) -> None:
    fic = fic2epub_cmd()
    commands = {
        "fic2epub --version": [*fic, "--version"],
        "fic2epub --help": [*fic, "--help"],
        "floor version": [*floor_cmd(), "version"],
        'python -c "import typer"': [sys.executable, "-c", "import typer"],
        "python -c pass": [sys.executable, "-c", "pass"],
    }
    results = measure(commands, repeat * 3, timeout)
    base = 'python -c "import typer"'
    report.table("Start-up", results, base)
    report.ratio("--version ÷ (python + typer's import) ≤ 1.2", results, "fic2epub --version", base, 1.2)
    report.ratio("--help ÷ (python + typer's import) ≤ 1.2", results, "fic2epub --help", base, 1.2)


def case_batch(report: Report, work: Path, repeat: int, timeout: float) -> None:
    folder = work / "stories"
    folder.mkdir()
    for name, text in inputs.stories(200):
        (folder / name).write_text(text, encoding="utf-8")
    out = work / "books"
    out.mkdir()
    fic = " ".join(f"'{part}'" for part in fic2epub_cmd())
    loop = 'for f in "$1"/*.txt; do {tool} || exit 1; done'
    commands: dict[str, list[str] | None] = {
        "fic2epub, one call, -j 2": [
            *fic2epub_cmd(),
            "convert",
            str(folder),
            "-d",
            str(out),
            "-j",
            "2",
            "-q",
            "--force",
        ],
        "fic2epub, shell loop": [
            "sh",
            "-c",
            loop.format(tool=f'{fic} convert "$f" -o "$2/$(basename "$f" .txt).epub" -q --force'),
            "sh",
            str(folder),
            str(out),
        ],
        "pandoc, shell loop": [
            "sh",
            "-c",
            loop.format(tool='pandoc -f markdown "$f" -o "$2/$(basename "$f" .txt).epub"'),
            "sh",
            str(folder),
            str(out),
        ]
        if shutil.which("pandoc")
        else None,
    }
    results = measure(commands, repeat, timeout)
    words = sum(len(text.split()) for _, text in inputs.stories(200))
    report.table(
        "200 Wattpad-size stories",
        results,
        "pandoc, shell loop",
        note=f"200 stories of 900–1,500 words ({words:,} words in all), as Wattpad scrapes: title, counters, paragraphs.",
    )
    one = "fic2epub, one call, -j 2"
    report.ratio("200 stories, -j 2: ÷ pandoc loop ≤ 0.5", results, one, "pandoc, shell loop", 0.5)
    report.ratio("200 stories, -j 2: ÷ pandoc loop ≤ 0.25 (stretch)", results, one, "pandoc, shell loop", 0.25)
    report.ratio("200 stories, -j 2: ÷ fic2epub loop ≤ 0.2", results, one, "fic2epub, shell loop", 0.2)


def case_novels(report: Report, work: Path, repeat: int, timeout: float, calibre_limit: float) -> None:
    medians = {}
    for words, calibre_seconds in ((100_000, 17), (400_000, 67), (1_600_000, 900)):
        src = work / f"novel-{words // 1000}k.txt"
        src.write_text(inputs.novel(words), encoding="utf-8")
        commands = {
            "fic2epub": [*fic2epub_cmd(), "convert", str(src), "-o", str(work / "f.epub"), "--force", "-q"],
            "floor": [*floor_cmd(), "convert", str(src), "-o", str(work / "floor.epub")],
            "pandoc": pandoc_cmd(src, work / "p.epub"),
        }
        if calibre_seconds <= calibre_limit:
            commands["calibre"] = calibre_cmd(src, work / "c.epub")
        results = measure(commands, repeat, timeout)
        size = src.stat().st_size / 1e6
        note = f"{len(src.read_text(encoding='utf-8').split()):,} words, {size:.1f} MB of UTF-8 text."
        if calibre_seconds > calibre_limit:
            note += f" calibre left out (about {calibre_seconds} s a run here; `--calibre-limit` to include it)."
        report.table(f"A novel of {words // 1000}k words", results, "floor", note)
        medians[words] = results
    r400, r1600 = medians[400_000], medians[1_600_000]
    report.ratio("400k words: ÷ floor ≤ 4", r400, "fic2epub", "floor", 4)
    report.ratio("400k words: ÷ floor ≤ 2 (stretch)", r400, "fic2epub", "floor", 2)
    report.ratio("1.6M words: ÷ floor ≤ 4", r1600, "fic2epub", "floor", 4)
    if not r400["fic2epub"].failed and not r1600["fic2epub"].failed:
        report.target("time(1.6M) ÷ time(400k) ≤ 4.5", r1600["fic2epub"].median / r400["fic2epub"].median, 4.5)
        report.target("1.6M words: peak memory ≤ 200 MiB", max(r1600["fic2epub"].peak), 200, "MiB")


def case_page(report: Report, work: Path, repeat: int, timeout: float) -> None:
    src = work / "page-10mb.html"
    src.write_text(inputs.big_page(10_000_000), encoding="utf-8")
    commands = {
        "fic2epub": [*fic2epub_cmd(), "convert", str(src), "-o", str(work / "f.epub"), "--force", "-q"],
        "pandoc": pandoc_cmd(src, work / "p.epub"),
    }
    results = measure(commands, max(1, repeat // 2), timeout)
    size = src.stat().st_size / 1024 / 1024
    report.table(
        "A 10 MB saved page", results, note=f"An AO3 download page, its chapter text {size:.1f} MiB of real paragraphs."
    )
    fic = results["fic2epub"]
    report.target("10 MB page: ≤ 10 s", None if fic.failed else fic.median, 10, "s")
    report.target(
        f"10 MB page: memory ≤ 10 × the file ({10 * size:.0f} MiB)",
        None if fic.failed else max(fic.peak),
        10 * size,
        "MiB",
    )


def case_corpus(report: Report, work: Path, repeat: int, timeout: float, calibre_limit: float) -> None:
    files = sorted(p for p in inputs.CORPUS.glob("*/*") if p.is_file())
    rows = []
    for path in files:
        commands = {
            "fic2epub": [*fic2epub_cmd(), "convert", str(path), "-o", str(work / "f.epub"), "--force", "-q"],
            "pandoc": pandoc_cmd(path, work / "p.epub"),
            "calibre": calibre_cmd(path, work / "c.epub") if calibre_limit >= 5 else None,
        }
        rows.append((path.relative_to(inputs.CORPUS), measure(commands, max(1, repeat // 2), timeout)))
    report.lines += [
        "### The shared corpus, one process a file",
        "",
        "| file | fic2epub | pandoc | calibre |",
        "|---|---|---|---|",
    ]
    for name, results in rows:
        cells = [_s(r.median) if not r.failed and r.wall else (r.failed or "—") for r in results.values()]
        report.lines.append(f"| {name} | " + " | ".join(cells) + " |")
    report.lines.append("")


# --- main -----------------------------------------------------------------------------------------


def machine() -> list[str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        memory = int(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3)
    except (ValueError, OSError, AttributeError):
        memory = 0
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    from importlib.metadata import PackageNotFoundError, version

    def pkg(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "absent"

    return [
        f"- machine: {platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores, {memory} GiB "
        f"(load average {load:.1f} at the start)",
        f"- Python {platform.python_version()}; fic2epub {pkg('fic2epub')}, typer {pkg('typer')}, ebooklib "
        f"{pkg('EbookLib')}, lxml {pkg('lxml')}, Pillow {pkg('pillow')}, regex {pkg('regex')}",
        f"- pandoc: {version_of(['pandoc', '--version']) if shutil.which('pandoc') else 'not installed'}; "
        f"calibre: {version_of(['ebook-convert', '--version']) if shutil.which('ebook-convert') else 'not installed'}",
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", default=",".join(CASES), help=f"comma-separated, of: {', '.join(CASES)}")
    parser.add_argument("--repeat", type=int, default=5, help="counted runs of each command (default 5)")
    parser.add_argument("--timeout", type=float, default=1200, help="seconds one run may take")
    parser.add_argument("--calibre-limit", type=float, default=120, help="run calibre where a run takes less")
    parser.add_argument("--out", default=str(HERE / "RESULTS.md"), help="the report's file (- for stdout)")
    args = parser.parse_args()
    cases = [c.strip() for c in args.cases.split(",") if c.strip()]
    unknown = set(cases) - set(CASES)
    if unknown:
        parser.error(f"unknown cases: {', '.join(sorted(unknown))}")
    if not (inputs.CORPUS / "README.md").is_file():
        parser.error(f"the shared corpus is not at {inputs.CORPUS} (set FIC2EPUB_CORPUS)")
    for folder in (ROOT / "fic2epub", HERE):
        compileall.compile_dir(str(folder), quiet=1)

    report = Report()
    started = time.time()
    with tempfile.TemporaryDirectory(prefix="fic2epub-bench-") as tmp:
        for case in cases:
            work = Path(tmp) / case
            work.mkdir()
            print(f"{case} …", file=sys.stderr, flush=True)
            if case in ("novels", "corpus"):
                globals()[f"case_{case}"](report, work, args.repeat, args.timeout, args.calibre_limit)
            else:
                globals()[f"case_{case}"](report, work, args.repeat, args.timeout)
    minutes = (time.time() - started) / 60
    text = "\n".join(
        [
            "# Speed: measured",
            "",
            "Written by `python benchmarks/run.py` (see its docstring). Medians of "
            f"{args.repeat} runs a command, the commands of a case run alternately in one run "
            f"({minutes:.0f} minutes); ratios are of medians. Absolute times are noisy on a shared machine, "
            "ratios less so.",
            "",
            *machine(),
            "",
            "## Targets (issue 18)",
            "",
            "| target | measured | | |",
            "|---|---|---|---|",
            *(f"| {what} | {value} | {met} | {note} |" for what, value, met, note in report.targets),
            "",
            "## Measurements",
            "",
            *report.lines,
            *(
                [(HERE / "PROFILES.md").read_text(encoding="utf-8").rstrip()]
                if (HERE / "PROFILES.md").is_file()
                else []
            ),
        ]
    )
    if args.out == "-":
        print(text)
    else:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
        print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
