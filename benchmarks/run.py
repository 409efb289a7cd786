"""Speed of fic2epub against pandoc and calibre's ebook-convert on the corpus.

    python benchmarks/run.py [--repeat N] [--files GLOB]

Measures, per corpus file, the best of N wall-clock runs of:
  - fic2epub, one process per file (what a shell loop pays: start-up included);
  - pandoc (``pandoc -f markdown|html -o x.epub``) where installed;
  - calibre's ``ebook-convert x.txt|html x.epub`` where installed;
and fic2epub's start-up alone (``fic2epub --help``) and a batch call converting every file in one
process. Prints a table and the ratios (other tool's time / fic2epub's time: above 1 means fic2epub
is faster). Tools that are not installed are reported as absent, not guessed.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


def _best(cmd: list[str], repeat: int) -> float | None:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True)
        elapsed = time.perf_counter() - start
        if proc.returncode != 0:
            return None
        times.append(elapsed)
    return min(times)


def _fic2epub() -> list[str]:
    exe = shutil.which("fic2epub")
    return [exe] if exe else [sys.executable, "-m", "fic2epub"]


def _commands(path: Path, out: Path) -> dict[str, list[str] | None]:
    html = path.suffix.lower() in (".html", ".htm", ".xhtml")
    pandoc = shutil.which("pandoc")
    calibre = shutil.which("ebook-convert")
    return {
        "fic2epub": [*_fic2epub(), "convert", str(path), "-o", str(out / "f.epub"), "--force", "-q"],
        "pandoc": [pandoc, "-f", "html" if html else "markdown", str(path), "-o", str(out / "p.epub")]
        if pandoc
        else None,
        "ebook-convert": [calibre, str(path), str(out / "c.epub")] if calibre else None,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--files", default="*/*")
    args = parser.parse_args()
    files = sorted(p for p in CORPUS.glob(args.files) if p.is_file())
    tools = ("fic2epub", "pandoc", "ebook-convert")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        startup = _best([*_fic2epub(), "--help"], args.repeat)
        for path in files:
            cmds = _commands(path, out)
            rows.append((path.relative_to(CORPUS), {t: _best(c, args.repeat) if c else None for t, c in cmds.items()}))
        batch_start = time.perf_counter()
        subprocess.run(
            [*_fic2epub(), "convert", *map(str, files), "--output-dir", str(out), "--force", "-q"], capture_output=True
        )
        batch = time.perf_counter() - batch_start

    def fmt(value: float | None) -> str:
        return f"{value * 1000:8.0f}" if value is not None else "       —"

    print(f"{'file':58s} " + " ".join(f"{t:>13s}" for t in tools) + f"   (ms, best of {args.repeat})")
    for name, times in rows:
        print(f"{str(name)[:58]:58s} " + " ".join(f"{fmt(times[t]):>13s}" for t in tools))
    print(f"\nfic2epub start-up (--help): {startup * 1000:.0f} ms" if startup else "")
    print(f"fic2epub batch, {len(files)} files in one call: {batch * 1000:.0f} ms")
    for other in tools[1:]:
        ratios = [t[other] / t["fic2epub"] for _, t in rows if t[other] and t["fic2epub"]]
        if ratios:
            print(
                f"{other} / fic2epub: median {statistics.median(ratios):.2f}x "
                f"(min {min(ratios):.2f}x, max {max(ratios):.2f}x) over {len(ratios)} files"
            )
        else:
            print(f"{other}: not installed or failed on every file")
    return 0


if __name__ == "__main__":
    sys.exit(main())
