"""One exception family with user-facing messages and exit codes (the table is in README.md).

``str(err)`` is one line for stderr, without the input's name (the CLI puts ``path: `` before it).
Exit code 2 is the command line's own usage error (an unknown option, a missing argument) and
means nothing else.
"""

from __future__ import annotations


class Fic2EpubError(Exception):
    """Base of every error the tool reports to a user."""

    exit_code = 1


class InputError(Fic2EpubError):
    """The input is missing, unreadable, too large, or not something we can convert."""

    exit_code = 9


class EmptyInputError(InputError):
    """The input holds no story: no text at all, or only site chrome, headings and markers."""

    exit_code = 3


class BinaryInputError(InputError):
    """The input is a binary file (PDF, ZIP/EPUB/DOCX, image, program)."""

    exit_code = 4


class DecodeError(InputError):
    """The bytes cannot be decoded as text in the encoding asked for."""

    exit_code = 5


class OutputError(Fic2EpubError):
    """The output cannot be written (or would overwrite the input)."""

    exit_code = 6


class ConversionError(Fic2EpubError):
    """The book could not be built: a bug (please report it), never written as a broken file."""

    exit_code = 7


class UsageError(Fic2EpubError):
    """An option value is not valid; ``option`` names the ``Options`` field (the CLI names its flag)."""

    exit_code = 8

    def __init__(self, message: str, option: str | None = None):
        super().__init__(message)
        self.option = option


#: Exit codes of a batch stopped by a signal (the shell's convention: 128 + the signal's number).
INTERRUPTED = 130
TERMINATED = 143
