"""fic2epub: turn stories scraped from fiction sites into clean, valid EPUB books.

Library use::

    from fic2epub import convert, Options
    result = convert(Path("story.txt").read_bytes(), Options(source_name="story.txt"))
    Path("story.epub").write_bytes(result.epub)
"""

__version__ = "0.1.0"

__all__ = ["convert", "Options", "__version__"]


def __getattr__(name: str):
    # Lazy: importing fic2epub (for the CLI's --help) must not import the pipeline.
    if name == "convert":
        from .conversion import convert

        return convert
    if name == "Options":
        from .options import Options

        return Options
    raise AttributeError(name)
