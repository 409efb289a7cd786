"""Command line: a thin typer shell over ``fic2epub.convert``. Heavy imports stay inside commands."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from . import __version__
from .errors import Fic2EpubError, InputError, UsageError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Turn stories saved from fiction sites (.txt or .html) into clean, valid EPUB books.",
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


# Options that ``convert`` and ``inspect`` share: declared once, so their help cannot drift apart.
EncodingOpt = Annotated[str | None, typer.Option(help="Force the input encoding, e.g. cp1252.")]
FixTextOpt = Annotated[bool, typer.Option("--fix-text/--no-fix-text", help="Repair mojibake.")]
SiteOpt = Annotated[str | None, typer.Option(help="Force a site profile (see the README).")]
KeepChromeOpt = Annotated[bool, typer.Option("--keep-chrome", help="Do not strip site chrome.")]
NotesOpt = Annotated[bool, typer.Option("--notes/--no-notes", help="Keep author's notes.")]
ParagraphsOpt = Annotated[str | None, typer.Option(help="Paragraph mode: blank, line or wrapped (default: detect).")]
ChapterRegexOpt = Annotated[str | None, typer.Option(help="Regex matching chapter heading lines.")]
TitleFormatOpt = Annotated[str | None, typer.Option(help="Chapter title format, e.g. '{n}. {title}'.")]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"fic2epub {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool | None, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = None,
) -> None:
    """Turn stories saved from fiction sites (.txt or .html) into clean, valid EPUB books."""


def _err(message: str) -> None:
    typer.echo(f"fic2epub: {message}", err=True)


#: The flag each Options field is set by, for messages about a bad value.
_FLAGS = {
    "paragraphs": "--paragraphs",
    "chapter_regex": "--chapter-regex",
    "chapter_title_format": "--chapter-title-format",
    "encoding": "--encoding",
    "site": "--site",
    "language": "--language",
    "french_space": "--narrow-french-space",
}


def _checked(options):
    """``options`` validated before any input is read: a bad value is one line and exit 8."""
    from .options import validate

    try:
        return validate(options)
    except UsageError as err:
        flag = _FLAGS.get(err.option or "", "")
        _err(f"{flag}: {err}" if flag else str(err))
        raise typer.Exit(err.exit_code) from None


def _message(path: Path, err: Fic2EpubError) -> str:
    """One line for a failed input; a decoding error says which flag chooses the encoding."""
    from .errors import DecodeError

    text = str(err) if str(err).startswith(str(path)) else f"{path}: {err}"
    if isinstance(err, DecodeError):
        text += " (choose one with --encoding, or leave it out to detect)"
    return text


def _read_input(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as err:
        raise InputError(f"{path}: cannot read ({err.strerror or err})") from None


def _modified(path: Path) -> str:
    """dcterms:modified when the story has no date: SOURCE_DATE_EPOCH, else the file's mtime."""
    import time

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    try:
        stamp = int(epoch) if epoch else int(path.stat().st_mtime)
    except (ValueError, OSError):
        stamp = 946684800
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(stamp))


def _output_for(path: Path, output: Path | None, output_dir: Path | None) -> Path:
    if output is not None:
        return output
    folder = output_dir if output_dir is not None else path.parent
    return folder / (path.stem + ".epub")


@app.command()
def convert(
    inputs: Annotated[list[Path], typer.Argument(help="Story files (.txt, .html, .md …).", show_default=False)],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Output file (one input only). Default: INPUT with .epub.")
    ] = None,
    output_dir: Annotated[
        Path | None, typer.Option("--output-dir", "-d", help="Write every book into this folder.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", "-f", help="Overwrite existing output files.")] = False,
    title: Annotated[str | None, typer.Option(help="Book title (overrides the detected one).")] = None,
    author: Annotated[list[str] | None, typer.Option(help="Author; repeat for several.")] = None,
    language: Annotated[str | None, typer.Option(help="Language as a BCP 47 tag, e.g. en, fr, pt-BR.")] = None,
    series: Annotated[str | None, typer.Option(help="Series name.")] = None,
    series_index: Annotated[str | None, typer.Option(help="Number in the series.")] = None,
    tag: Annotated[list[str] | None, typer.Option(help="Subject tag; repeat for several.")] = None,
    summary: Annotated[str | None, typer.Option(help="Summary (description).")] = None,
    encoding: EncodingOpt = None,
    fix_text: FixTextOpt = True,
    site: SiteOpt = None,
    keep_chrome: KeepChromeOpt = False,
    notes: NotesOpt = True,
    paragraphs: ParagraphsOpt = None,
    chapter_regex: ChapterRegexOpt = None,
    chapter_title_format: TitleFormatOpt = None,
    smarten: Annotated[bool, typer.Option("--smarten/--no-smarten", help="Curly quotes, dashes, ellipses.")] = True,
    narrow_french_space: Annotated[
        bool, typer.Option("--narrow-french-space", help="French « » ; : ! ? take U+202F (narrow) instead of U+00A0.")
    ] = False,
    cover: Annotated[Path | None, typer.Option(help="Use this image as the cover.")] = None,
    no_cover: Annotated[bool, typer.Option("--no-cover", help="Make no cover.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or notices.")] = False,
) -> None:
    """Convert story files to EPUB. Prints each written book's path, one per line."""
    from .options import Options

    if output is not None and len(inputs) > 1:
        _err("-o/--output takes one input; use --output-dir for several")
        raise typer.Exit(UsageError.exit_code)
    cover_bytes = None
    if cover is not None:
        try:
            cover_bytes = _read_input(cover)
        except Fic2EpubError as err:
            _err(f"cover: {err}")
            raise typer.Exit(err.exit_code) from None
    base = _checked(
        Options(
            title=title,
            authors=tuple(author or ()),
            language=language,
            series=series,
            series_index=series_index,
            tags=tuple(tag or ()),
            summary=summary,
            encoding=encoding,
            fix_text=fix_text,
            site=site,
            keep_chrome=keep_chrome,
            notes=notes,
            paragraphs=paragraphs,  # type: ignore[arg-type]  # validated
            chapter_regex=chapter_regex,
            chapter_title_format=chapter_title_format,
            smarten=smarten,
            cover=cover_bytes,
            make_cover=not no_cover,
            french_space="\u202f" if narrow_french_space else "\u00a0",
        )
    )
    failures = _run_batch(inputs, base, output, output_dir, force, quiet)
    if failures:
        raise typer.Exit(failures)


def _convert_one(
    path: Path, base, output: Path | None, output_dir: Path | None, force: bool, quiet: bool = False
) -> Path | None:
    """Convert one file; returns the written path, or None when it was skipped. Warnings go to stderr."""
    from dataclasses import replace

    from .conversion import convert as run
    from .writing import write_atomic

    target = _output_for(path, output, output_dir)
    if target.exists() and not force:
        _err(f"{target} exists, skipped (use --force to overwrite)")
        return None
    data = _read_input(path)
    options = replace(base, source_name=path.name, base_dir=str(path.parent.resolve()), modified=_modified(path))
    result = run(data, options)
    write_atomic(target, result.epub)
    if not quiet:
        for warning in result.warnings:
            _err(f"{path}: warning: {warning}")
    return target


def _run_batch(inputs: list[Path], base, output, output_dir, force: bool, quiet: bool) -> int:
    """Convert every input; returns 0, or the exit code of the first failure."""
    if output_dir is not None and not output_dir.is_dir():
        _err(f"{output_dir}: no such folder")
        return UsageError.exit_code
    code = 0
    progress = None
    if len(inputs) > 1 and not quiet and sys.stderr.isatty():
        from rich.progress import Progress

        progress = Progress(transient=True, console=None)
        progress.start()
        task = progress.add_task("Converting", total=len(inputs))
    try:
        for path in inputs:
            try:
                written = _convert_one(path, base, output, output_dir, force, quiet)
            except Fic2EpubError as err:
                _err(_message(path, err))
                code = code or err.exit_code
            except Exception as err:  # a bug: still one line, never a traceback
                _err(f"{path}: internal error ({type(err).__name__}: {err}); please report it")
                code = code or 1
            else:
                if written is not None:
                    typer.echo(str(written))
            if progress is not None:
                progress.advance(task)
    finally:
        if progress is not None:
            progress.stop()
    return code


@app.command()
def inspect(
    input: Annotated[Path, typer.Argument(help="A story file.", show_default=False)],
    json_output: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    encoding: EncodingOpt = None,
    fix_text: FixTextOpt = True,
    site: SiteOpt = None,
    keep_chrome: KeepChromeOpt = False,
    notes: NotesOpt = True,
    paragraphs: ParagraphsOpt = None,
    chapter_regex: ChapterRegexOpt = None,
    chapter_title_format: TitleFormatOpt = None,
) -> None:
    """Show what a conversion would recognise: encoding, site, metadata, chapters, and every removal."""
    from .conversion import build
    from .options import Options
    from .report import as_text, describe

    options = _checked(
        Options(
            encoding=encoding,
            fix_text=fix_text,
            site=site,
            keep_chrome=keep_chrome,
            notes=notes,
            paragraphs=paragraphs,  # type: ignore[arg-type]  # validated
            chapter_regex=chapter_regex,
            chapter_title_format=chapter_title_format,
            source_name=input.name,
            base_dir=str(input.parent.resolve()),
        )
    )
    try:
        data = _read_input(input)
        book, removed, report = build(data, options)
    except Fic2EpubError as err:
        _err(_message(input, err))
        raise typer.Exit(err.exit_code) from None
    except Exception as err:  # a bug: still one line, never a traceback
        _err(f"{input}: internal error ({type(err).__name__}: {err}); please report it")
        raise typer.Exit(1) from None
    described = describe(book, removed, report)
    if json_output:
        import json

        typer.echo(json.dumps(described, ensure_ascii=False, indent=2))
    else:
        typer.echo(as_text(described))


def run(argv: list[str] | None = None) -> int:
    """Run the CLI with ``argv``; returns the exit code instead of exiting."""
    try:
        app(args=argv, prog_name="fic2epub", standalone_mode=True)
    except SystemExit as exit_:
        return int(exit_.code or 0) if not isinstance(exit_.code, str) else 1
    return 0


def entry() -> None:
    sys.exit(run())
