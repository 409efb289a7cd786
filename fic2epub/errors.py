"""One exception family with user-facing messages and exit codes (documented in README.md)."""

from __future__ import annotations


class Fic2EpubError(Exception):
    """Base of every error the tool reports to a user; ``str(err)`` is one line for stderr."""

    exit_code = 1


class InputError(Fic2EpubError):
    """The input file is missing, unreadable, or not something we can convert."""

    exit_code = 2


class EmptyInputError(InputError):
    """The input holds no text."""

    exit_code = 3


class BinaryInputError(InputError):
    """The input is a binary file (PDF, ZIP/EPUB/DOCX, image, program)."""

    exit_code = 4


class DecodeError(InputError):
    """The bytes cannot be decoded as text in the encoding asked for."""

    exit_code = 5


class OutputError(Fic2EpubError):
    """The output cannot be written."""

    exit_code = 6


class ConversionError(Fic2EpubError):
    """The book could not be built (a bug or a limit reached); the message says which."""

    exit_code = 7


class UsageError(Fic2EpubError):
    """An option value is not valid; ``option`` names the ``Options`` field (the CLI names its flag)."""

    exit_code = 8

    def __init__(self, message: str, option: str | None = None):
        super().__init__(message)
        self.option = option
