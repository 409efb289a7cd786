"""Command line: a thin typer shell over ``fic2epub.convert``. Heavy imports stay inside commands.

No ``from __future__ import annotations`` here: typer reads every parameter's annotation, and string
annotations are evaluated one by one at every start (30 ms for the three commands; 9 ms without).

``convert`` runs a batch (``batch``), ``inspect`` reports what a conversion would recognise, and
``config`` shows the defaults file. Every option value is checked before any input is read; one
line per problem on stderr; exit codes as README.md's table says.
"""

import os
import sys
from pathlib import Path
from typing import Annotated, Any, Literal

import typer

from . import __version__
from .errors import Fic2EpubError, UsageError

EPILOG = """\b
Examples:
  fic2epub convert story.txt                      # writes story.epub beside it
  fic2epub convert stories/ -r -d books/          # a folder and its subfolders
  fic2epub convert --join chapters/ -o book.epub  # one book from many files
  fic2epub convert *.html --name "{author} - {title}" --json
  fic2epub convert --manifest works.txt -d s3://bucket/books --engine dask
  fic2epub inspect story.html                     # what would be found and removed
"""

app = typer.Typer(
    add_completion=True,
    no_args_is_help=True,
    help="Turn stories saved from fiction sites (.txt, .html, .md) into clean, valid EPUB books.",
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

#: The site profiles --site takes (kept equal to sites.PROFILE_MODULES by a test; not imported here,
#: so that --help starts fast).
SITES = (
    "ao3, aozora, dreamwidth, efiction, fanfiction_net, fanfictions_fr, ficbook, fictionpress, generic, gutenberg, hostednovel, "
    "livejournal, pandoc_fic, royalroad, scribblehub, spacebattles, sufficientvelocity, syosetu, tapas, wattpad, "
    "wuxiaworld, wuxiaworld_site, xenforo, yiqi"
)

# Options that ``convert`` and ``inspect`` share: declared once, so their help cannot drift apart.
# A default of None means "not given": the defaults file (``config``) or the built-in default applies.
TitleOpt = Annotated[str | None, typer.Option("--title", metavar="TEXT", help="Book title (instead of the one found).")]
AuthorOpt = Annotated[list[str] | None, typer.Option("--author", metavar="NAME", help="Author; repeat for several.")]
LanguageOpt = Annotated[
    str | None, typer.Option("--language", metavar="TAG", help="Language, a BCP 47 tag: en, fr, pt-BR.")
]
EncodingOpt = Annotated[
    str | None, typer.Option("--encoding", metavar="NAME", help="Force the input encoding, e.g. cp1252.")
]
FixTextOpt = Annotated[bool | None, typer.Option("--fix-text/--no-fix-text", help="Repair mojibake (default: on).")]
SiteOpt = Annotated[str | None, typer.Option("--site", metavar="NAME", help=f"Force a site profile: {SITES}.")]
KeepChromeOpt = Annotated[bool | None, typer.Option("--keep-chrome", help="Do not strip site chrome.")]
NotesOpt = Annotated[bool | None, typer.Option("--notes/--no-notes", help="Keep author's notes (default: on).")]
ParagraphsOpt = Annotated[
    Literal["blank", "line", "wrapped"] | None,
    typer.Option("--paragraphs", help="How paragraphs are separated (default: detected)."),
]
ChapterRegexOpt = Annotated[
    str | None, typer.Option("--chapter-regex", metavar="REGEX", help="Lines matching REGEX are chapter headings.")
]
TitleFormatOpt = Annotated[
    str | None, typer.Option("--chapter-title-format", metavar="FORMAT", help="Chapter titles, e.g. '{n}. {title}'.")
]
ConfigOpt = Annotated[
    Path | None, typer.Option("--config", metavar="FILE", help="Read defaults from FILE (see `fic2epub config`).")
]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show the traceback of an internal error.")]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"fic2epub {__version__}")
        raise typer.Exit()


@app.callback(epilog=EPILOG)
def main(
    version: Annotated[
        bool | None, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = None,
) -> None:
    """Turn stories saved from fiction sites (.txt, .html, .md) into clean, valid EPUB books."""


#: The flag each Options field (and batch setting) is set by, for messages about a bad value.
FLAGS = {
    "css": "--css",
    "paragraphs": "--paragraphs",
    "chapter_regex": "--chapter-regex",
    "chapter_title_format": "--chapter-title-format",
    "encoding": "--encoding",
    "site": "--site",
    "language": "--language",
    "french_space": "--narrow-french-space",
    "name": "--name",
    "config": "--config",
    "jobs": "--jobs",
}


def _usage(console, message: str, code: int = 2) -> typer.Exit:
    console.error(message)
    return typer.Exit(code)


def _pick(given: Any, defaults: dict, key: str, builtin: Any) -> Any:
    """The value in effect: the command line's, else the defaults file's, else the built-in one."""
    if given is not None and given != []:
        return given
    return defaults.get(key, builtin)


def _listed(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return tuple([value] if isinstance(value, str) else value)


def _options(given: dict, defaults: dict):
    """Options from the command line's values and the defaults file, checked (UsageError)."""
    from .options import Options, validate

    def pick(key: str, builtin: Any = None) -> Any:
        return _pick(given.get(key), defaults, key, builtin)

    return validate(
        Options(
            title=pick("title"),
            authors=_listed(pick("author")),
            language=pick("language"),
            series=pick("series"),
            series_index=pick("series_index"),
            tags=_listed(pick("tag")),
            summary=pick("summary"),
            encoding=pick("encoding"),
            fix_text=pick("fix_text", True),
            site=pick("site"),
            keep_chrome=pick("keep_chrome", False),
            notes=pick("notes", True),
            paragraphs=pick("paragraphs"),
            chapter_regex=pick("chapter_regex"),
            chapter_title_format=pick("chapter_title_format"),
            smarten=pick("smarten", True),
            french_space="\u202f" if pick("narrow_french_space", False) else "\u00a0",
            cover=given.get("cover_bytes"),
            make_cover=pick("cover", True) and given.get("cover_bytes") is None,
            sort_chapters=pick("sort_chapters", False),
            info_page=pick("info_page", True),
            css=given.get("css_text"),
        )
    )


def _check(console, make):
    """``make()``; a bad option value is one line naming its flag, and exit 8."""
    try:
        return make()
    except UsageError as err:
        flag = FLAGS.get(err.option or "", "")
        raise _usage(console, f"{flag}: {err}" if flag else str(err), err.exit_code) from None


def _read_file(console, path: Path, what: str) -> bytes:
    from .paths import Source, read_source

    try:
        return read_source(Source(str(path), path))
    except Fic2EpubError as err:
        raise _usage(console, f"{what} {path}: {err}", err.exit_code) from None


def _write_stdout_bytes(data: bytes) -> None:
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


@app.command(epilog=EPILOG)
def convert(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="INPUT...",
            show_default=False,
            help="Story files, folders of them, URLs (s3://…), or - for standard input.",
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "-o", "--output", metavar="FILE", help="The book's file (one input), an existing folder, or - for stdout."
        ),
    ] = None,
    output_dir: Annotated[
        str | None,
        typer.Option(
            "-d",
            "--output-dir",
            metavar="DIR",
            help="Write the books into DIR, a folder or a URL (made if missing; subfolders mirrored).",
        ),
    ] = None,
    manifest: Annotated[
        list[str] | None,
        typer.Option(
            "--manifest", metavar="FILE", help="Also convert the inputs FILE lists (one a line, or a CSV/Parquet)."
        ),
    ] = None,
    recursive: Annotated[
        bool | None, typer.Option("-r", "--recursive", help="Also read the subfolders of folders.")
    ] = None,
    force: Annotated[bool | None, typer.Option("-f", "--force", help="Overwrite books that exist.")] = None,
    newer: Annotated[bool | None, typer.Option("--newer", help="Rebuild a book whose input is newer than it.")] = None,
    name: Annotated[
        str | None,
        typer.Option(
            "--name",
            metavar="TEMPLATE",
            help="Name books from metadata: '{author} - {title}' (fields: title, author, "
            "site, id, series, index, stem).",
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option("-j", "--jobs", metavar="N", help="Convert N files at a time (default: the number of CPUs)."),
    ] = None,
    engine: Annotated[
        Literal["local", "dask"] | None,
        typer.Option("--engine", help="Convert in local processes, or on a Dask cluster (the dask extra)."),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            metavar="ADDRESS",
            help="The Dask scheduler (tcp://host:8786, or a scheduler file); implies --engine dask.",
        ),
    ] = None,
    join: Annotated[
        bool, typer.Option("--join", help="Make one book of all the inputs, in natural order (ch2 before ch10).")
    ] = False,
    update: Annotated[
        Path | None,
        typer.Option("--update", metavar="BOOK", help="Add the inputs' chapters to BOOK, a book fic2epub made."),
    ] = None,
    json_records: Annotated[
        bool, typer.Option("--json", help="Print one JSON object per input instead of paths.")
    ] = False,
    print0: Annotated[
        bool, typer.Option("--print0", help="Separate the printed paths with NUL, not newlines.")
    ] = False,
    title: TitleOpt = None,
    author: AuthorOpt = None,
    language: LanguageOpt = None,
    series: Annotated[str | None, typer.Option("--series", metavar="TEXT", help="Series name.")] = None,
    series_index: Annotated[
        str | None, typer.Option("--series-index", metavar="N", help="Number in the series.")
    ] = None,
    tag: Annotated[
        list[str] | None, typer.Option("--tag", metavar="TEXT", help="Subject tag; repeat for several.")
    ] = None,
    summary: Annotated[str | None, typer.Option("--summary", metavar="TEXT", help="Summary (description).")] = None,
    encoding: EncodingOpt = None,
    fix_text: FixTextOpt = None,
    site: SiteOpt = None,
    keep_chrome: KeepChromeOpt = None,
    notes: NotesOpt = None,
    paragraphs: ParagraphsOpt = None,
    chapter_regex: ChapterRegexOpt = None,
    chapter_title_format: TitleFormatOpt = None,
    smarten: Annotated[
        bool | None, typer.Option("--smarten/--no-smarten", help="Curly quotes, dashes, ellipses (default: on).")
    ] = None,
    narrow_french_space: Annotated[
        bool | None,
        typer.Option("--narrow-french-space", help="French « » ; : ! ? take U+202F (narrow) instead of U+00A0."),
    ] = None,
    cover: Annotated[Path | None, typer.Option("--cover", metavar="IMAGE", help="Use IMAGE as the cover.")] = None,
    no_cover: Annotated[bool, typer.Option("--no-cover", help="Make no cover.")] = False,
    sort_chapters: Annotated[
        bool | None,
        typer.Option("--sort-chapters", help="Put chapters numbered out of order in the order of their numbers."),
    ] = None,
    no_info_page: Annotated[
        bool, typer.Option("--no-info-page", help="Leave out the information page (title, author, summary, tags).")
    ] = False,
    css: Annotated[
        Path | None,
        typer.Option("--css", metavar="FILE", help="Add your stylesheet FILE after fic2epub's (UTF-8 CSS)."),
    ] = None,
    verify: Annotated[
        bool | None, typer.Option("--verify", help="Check that every story word reached the book.")
    ] = None,
    quiet: Annotated[
        bool | None, typer.Option("-q", "--quiet", help="Errors only: no bar, notices or summary.")
    ] = None,
    verbose: Annotated[bool | None, typer.Option("-v", "--verbose", help="A line of detail for each book.")] = None,
    config: ConfigOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Convert story files to EPUB. Prints each written book's path, one per line."""
    from . import config as configuration
    from .console import Console

    given = dict(locals())
    early = Console(quiet=bool(quiet))
    defaults = _check(early, lambda: configuration.load(config).values)
    console = Console(
        quiet=bool(_pick(quiet, defaults, "quiet", False)),
        verbose=bool(_pick(verbose, defaults, "verbose", False)),
        records=json_records,
        nul=print0,
    )
    if no_cover:
        given["cover"] = False
    if no_info_page:
        given["info_page"] = False
    if css is not None:
        given["css_text"] = _read_file(console, css, "--css")
    if cover is not None:
        from .pictures import cover_picture

        picture = _read_file(console, cover, "--cover")
        try:
            given["cover_bytes"] = cover_picture(picture)[0]
        except Fic2EpubError as err:
            raise _usage(console, f"--cover {cover}: {err}", UsageError.exit_code) from None
    options = _check(console, lambda: _options(given, defaults))
    template = _pick(name, defaults, "name", None)
    if template:
        from .paths import check_template

        _check(console, lambda: check_template(template))
    out_dir_text = output_dir or (defaults.get("output_dir") if output is None else None)
    out_dir = _check(console, lambda: _place(out_dir_text)) if out_dir_text else None
    if output is not None and output_dir is not None:
        raise _usage(
            console, "-o/--output and -d/--output-dir cannot be used together: -o names one book, -d a folder for many"
        )
    if (join or update is not None) and (json_records and print0):
        raise _usage(console, "--json and --print0 cannot be used together")
    if json_records and print0:
        raise _usage(console, "--json and --print0 cannot be used together")
    from .batch import Settings

    if _pick(jobs, defaults, "jobs", 1) < 1:
        raise _usage(console, "--jobs: the number of jobs must be 1 or more", UsageError.exit_code)
    address = _pick(scheduler, defaults, "scheduler", None)
    # --engine, else --scheduler's dask, else the defaults file's engine (dask if it names a scheduler)
    chosen = engine or ("dask" if scheduler else defaults.get("engine", "dask" if address else "local"))
    if chosen not in ("local", "dask"):
        raise _usage(console, f"--engine: {chosen!r} is not one of 'local', 'dask'", UsageError.exit_code)
    if chosen == "local" and scheduler:
        raise _usage(console, "--scheduler names a Dask scheduler: it goes with --engine dask")
    if output and "://" in output and output != "-":
        _check(console, lambda: _place(output))
    if chosen == "dask":
        from .dask_engine import available

        if join or update is not None:
            raise _usage(console, "--join and --update make one book: they run here, not with --engine dask")
        if not available():
            raise _usage(console, "--engine dask needs Dask: pip install 'fic2epub[dask]'", UsageError.exit_code)
    if not inputs and not manifest:
        raise _usage(console, "Missing argument 'INPUT...' (or --manifest FILE) (see fic2epub convert --help)")
    settings = Settings(
        options,
        output,
        out_dir,
        bool(_pick(force, defaults, "force", False)),
        bool(_pick(newer, defaults, "newer", False)),
        template,
        _pick(jobs, defaults, "jobs", None) or os.cpu_count() or 1,
        bool(_pick(verify, defaults, "verify", False)),
        debug,
        chosen,
        address,
    )
    recurse = bool(_pick(recursive, defaults, "recursive", False))
    code = _convert(inputs or [], settings, console, recurse, join, update, manifest or [])
    if code:
        raise typer.Exit(code)


def _place(text: str):
    """-d's folder: a Path, or a URL (fsspec must then be installed)."""
    from .locations import Url, locate

    place = locate(text)
    if isinstance(place, Url):
        place.fs()  # UsageError now, before any input is read, if its storage cannot be used
    return place


def _convert(
    inputs: list[str], settings, console, recursive: bool, join: bool, update: Path | None, manifests: list[str]
) -> int:
    from . import batch
    from .paths import STDIN, discover

    try:
        sources = discover(inputs, recursive)
        if manifests:
            from . import manifest

            sources += [source for where in manifests for source in manifest.sources(where)]
    except Fic2EpubError as err:
        console.error(str(err))
        return err.exit_code
    if not sources:
        console.error(
            "no story files to convert (a folder gives its .txt, .html, .htm, .xhtml, .mhtml and .md files; "
            "-r reads its subfolders)"
        )
        return 9
    stdin = [s for s in sources if s.path is None]
    if join or update is not None:
        from . import joining

        if not all(s.path is None or isinstance(s.path, Path) for s in sources) or "://" in (settings.output or ""):
            raise _usage(console, "--join and --update read and write local files, not URLs")

        return joining.run(
            sources, settings, console, update, sys.stdin.buffer.read() if stdin else None, _write_stdout_bytes
        )
    if len(stdin) > 1:
        raise _usage(console, "standard input (-) can be read once")
    if stdin and settings.output is None:
        raise _usage(console, "a story read from standard input needs -o FILE (or -o - to write the book to stdout)")
    if settings.output is not None and len(sources) > 1 and not Path(settings.output).is_dir():
        raise _usage(
            console,
            "-o/--output names one book; for several inputs use -d/--output-dir DIR (or -o with an existing folder)",
        )
    if settings.output == STDIN and sys.stdout.isatty():
        raise _usage(console, "-o - writes the book to standard output: redirect it to a file or a pipe")
    data = sys.stdin.buffer.read() if stdin else None
    return batch.run(sources, settings, console, data, _write_stdout_bytes)


@app.command(epilog="\b\nExample:\n  fic2epub inspect story.html --json")
def inspect(
    inputs: Annotated[
        list[str], typer.Argument(metavar="INPUT...", show_default=False, help="Story files, or - for stdin.")
    ],
    json_output: Annotated[
        bool, typer.Option("--json", help="Print the report as JSON (one object; a list for several inputs).")
    ] = False,
    title: TitleOpt = None,
    author: AuthorOpt = None,
    language: LanguageOpt = None,
    encoding: EncodingOpt = None,
    fix_text: FixTextOpt = None,
    site: SiteOpt = None,
    keep_chrome: KeepChromeOpt = None,
    notes: NotesOpt = None,
    paragraphs: ParagraphsOpt = None,
    chapter_regex: ChapterRegexOpt = None,
    chapter_title_format: TitleFormatOpt = None,
    config: ConfigOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Show what a conversion would recognise: encoding, site and its evidence, language, metadata,
    chapters, and every piece of text moved into the metadata or removed as chrome."""
    import json
    import traceback
    from dataclasses import replace

    from . import config as configuration
    from .batch import options_for
    from .console import Console, shown
    from .conversion import build
    from .paths import discover, read_source
    from .report import as_text, describe

    given = dict(locals())
    console = Console()
    defaults = _check(console, lambda: configuration.load(config).values)
    options = _check(console, lambda: _options(given, defaults))
    code, reports = 0, []
    for source in discover(inputs):
        try:
            data = read_source(source)
            book, removed, report = build(data, replace(options_for(source, options), make_cover=False))
        except Fic2EpubError as err:
            console.error(f"{shown(source.shown)}: {err}")
            code = code or err.exit_code
            continue
        except Exception as err:  # a bug: still one line, never a traceback (unless --debug)
            console.error(f"{shown(source.shown)}: internal error ({type(err).__name__}: {err}); please report it")
            if debug:
                console.error(traceback.format_exc().rstrip())
            code = code or 1
            continue
        described = describe(book, removed, report)
        if json_output:
            reports.append({"input": source.shown, **described})
        else:
            if len(inputs) > 1 or len(reports):
                console.data(f"== {shown(source.shown)}")
            console.data(as_text(described))
            reports.append(described)
    if json_output and reports:
        console.data(
            json.dumps(reports[0] if len(reports) == 1 and len(inputs) == 1 else reports, ensure_ascii=False, indent=2)
        )
    if code:
        raise typer.Exit(code)


@app.command(name="config")
def show_config(config: ConfigOpt = None) -> None:
    """Show where the defaults file is looked for, and the values in effect with their sources."""
    from . import config as configuration
    from .console import Console

    console = Console()
    path = config or configuration.user_config_path()
    defaults = _check(console, lambda: configuration.load(config))
    console.data(f"defaults file: {path}" + ("" if defaults.source else " (none there)"))
    console.data("environment: FIC2EPUB_CONFIG names another file")
    for key in sorted(configuration.KEYS):
        if key in defaults.values:
            console.data(f"  {key} = {defaults.values[key]!r}  (from {defaults.source})")
    if not defaults.values:
        console.data("  (no values set: built-in defaults apply; command-line options win over the file)")


def run(argv: list[str] | None = None) -> int:
    """Run the CLI with ``argv``; returns the exit code instead of exiting.

    A command-line usage error (an unknown option, a missing argument, a value that is not one of
    the choices) is one line on stderr and exit 2, like every other problem.
    """
    from typer._click import exceptions as click_errors  # typer vendors click (pinned below 0.27)
    from typer.main import get_command

    command = get_command(app)
    try:
        value = command.main(args=argv, prog_name="fic2epub", standalone_mode=False)
    except click_errors.NoArgsIsHelpError as err:
        typer.echo(err.ctx.get_help() if err.ctx else str(err))
        return 0
    except click_errors.UsageError as err:
        hint = (
            f" (see fic2epub {err.ctx.info_name} --help)"
            if err.ctx and err.ctx.info_name != "fic2epub"
            else " (see fic2epub --help)"
        )
        typer.echo(f"fic2epub: {err.format_message()}{hint}", err=True)
        return 2
    except click_errors.ClickException as err:
        typer.echo(f"fic2epub: {err.format_message()}", err=True)
        return err.exit_code
    except click_errors.Exit as exit_:
        return exit_.exit_code
    except click_errors.Abort:
        return 130
    except KeyboardInterrupt:
        return 130
    return value if isinstance(value, int) else 0


def _open_closed_streams() -> None:
    """Put the null device on standard streams the caller closed (``>&-``, ``2>&-``), so that no file
    the run opens (a book's temporary file) takes descriptor 1 or 2 and receives its messages."""
    for fd, name, mode in ((0, "stdin", os.O_RDONLY), (1, "stdout", os.O_WRONLY), (2, "stderr", os.O_WRONLY)):
        try:
            os.fstat(fd)
        except OSError:
            null = os.open(os.devnull, mode)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
            if getattr(sys, name) is None:
                setattr(sys, name, open(fd, "r" if fd == 0 else "w", closefd=False, encoding="utf-8"))


def entry() -> None:
    _open_closed_streams()
    code = run()
    try:
        sys.stdout.flush()
    except (BrokenPipeError, OSError):  # the reader of stdout went away: nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(code)
