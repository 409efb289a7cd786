"""Reading stage: bytes -> clean Unicode text (decoding, line endings, invisible characters).

Basic version: BOMs, strict UTF-8, else cp1252; CRLF/CR -> LF; whitespace-only lines emptied.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field

from .errors import DecodeError, EmptyInputError


@dataclass
class Decoded:
    text: str
    encoding: str
    confidence: float = 1.0
    warnings: list[str] = field(default_factory=list)


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode(data: bytes, encoding: str | None = None, fix_text: bool = True) -> Decoded:
    """Decode ``data`` to text; ``encoding`` forces a codec."""
    if encoding:
        try:
            return Decoded(normalise(data.decode(encoding)), encoding)
        except (LookupError, UnicodeDecodeError) as err:
            raise DecodeError(f"cannot decode the input as {encoding}: {err}") from None
    for bom, name in _BOMS:
        if data.startswith(bom):
            return Decoded(normalise(data[len(bom):].decode(name, errors="replace")), name)
    try:
        return Decoded(normalise(data.decode("utf-8")), "utf-8")
    except UnicodeDecodeError:
        pass
    return Decoded(normalise(data.decode("cp1252", errors="replace")), "cp1252", 0.5,
                   ["the encoding was guessed as cp1252"])


def normalise(text: str) -> str:
    """Unify line endings and empty whitespace-only lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [("" if not line.strip() else line.rstrip()) for line in text.split("\n")]
    return "\n".join(lines)


def read_text(data: bytes, encoding: str | None = None, fix_text: bool = True) -> Decoded:
    """Decode and refuse inputs that hold no text."""
    decoded = decode(data, encoding, fix_text)
    if not decoded.text.strip():
        raise EmptyInputError("the input holds no text (empty or whitespace only)")
    return decoded
