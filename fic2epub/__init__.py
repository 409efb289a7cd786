"""fic2epub: turn stories scraped from fiction sites into clean, valid EPUB books.

Library use::

    from fic2epub import convert, Options
    result = convert(Path("story.txt").read_bytes(), Options(source_name="story.txt"))
    Path("story.epub").write_bytes(result.epub)
"""

__version__ = "0.1.0"

__all__ = [
    "BinaryInputError",
    "ConversionError",
    "DecodeError",
    "EmptyInputError",
    "Fic2EpubError",
    "InputError",
    "Options",
    "OutputError",
    "Result",
    "UsageError",
    "__version__",
    "convert",
]

_ERRORS = {
    "BinaryInputError",
    "ConversionError",
    "DecodeError",
    "EmptyInputError",
    "Fic2EpubError",
    "InputError",
    "OutputError",
    "UsageError",
}


def __getattr__(name: str):
    # Lazy: importing fic2epub (for the CLI's --help) must not import the pipeline.
    if name in ("convert", "Result"):
        from . import conversion

        return getattr(conversion, name)
    if name == "Options":
        from .options import Options

        return Options
    if name in _ERRORS:
        from . import errors

        return getattr(errors, name)
    raise AttributeError(name)
