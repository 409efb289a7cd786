"""Reading stage: bytes -> clean Unicode text, or a clear refusal.

Order of decisions, so that nothing is guessed when it can be known:

1. refusal: empty input; binary files recognised by signature (PDF, ZIP/EPUB/DOCX/ODT, images,
   archives, programs …), each with a one-line message saying what to do instead;
2. ``encoding=`` forces a codec (strict: bytes it cannot decode are an error, never replaced);
3. a BOM (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE);
4. the UTF-16/UTF-32-without-BOM byte pattern (NULs in every other byte). It is checked before
   UTF-8 because such bytes are also valid UTF-8 (ASCII interleaved with NULs);
5. UTF-16 without a BOM whose text is mostly CJK (no NUL pattern): the byte order that reads as
   writing; any other input holding many control bytes (a run of one byte counted once) is refused
   as binary of unknown kind;
6. strict UTF-8 (pure ASCII lands here too), else the UTF-16 CJK check of step 5;
7. a ``<meta charset>`` or XML prolog declaration in the first 4 KB, or a plain text's own
   ``Character set encoding: ISO-8859-1`` line there;
8. UTF-8 with a few stray legacy bytes (files pasted together): the stray bytes read as cp1252;
9. charset-normalizer, kept only above a confidence floor (chaos and language coherence), its
   answers scored by language fit minus mess, plus a prior for the encodings stories are saved in,
   minus letter-case breaks inside words (what a wrong code page makes of curly quotes);
10. else cp1252, with a warning.

Then mojibake is repaired (ftfy's encoding fixes only, line by line, on lines that show a
mojibake pattern) and the text is normalised (line endings, NFC, invisible characters).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice

from .errors import BinaryInputError, DecodeError, EmptyInputError, UsageError


@dataclass
class Decoded:
    """Decoded text and how it was decoded (shown by ``inspect`` and the JSON output)."""

    text: str
    encoding: str  # Python codec name: "utf-8", "utf-16-le", "cp1252", "iso8859-2" …
    confidence: float = 1.0  # 1.0 when known (BOM, valid UTF-8, forced), lower when guessed
    warnings: list[str] = field(default_factory=list)
    method: str = "utf-8"  # bom, nul-pattern, utf-8, declared, mixed-utf-8, detected, fallback, forced
    changes: list[str] = field(default_factory=list)  # what reading changed besides decoding


# --- refusal -----------------------------------------------------------------------------------

_AS_TEXT = "save it as a web page (.html) or plain text (.txt) first, then convert that"
_COVER = "it holds no story text (to use it as the cover, pass it with --cover)"
_EXTRACT = "extract it and convert the story files inside"

#: Binary signatures (a bytes regex matched at offset 0), what the file is, and what to do instead.
_SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (rb"%PDF-", "a PDF document", "copy its text into a .txt file, or convert it with calibre"),
    (rb"%!PS", "a PostScript document", "copy its text into a .txt file"),
    (rb"\{\\rtf", "an RTF document", _AS_TEXT),
    (rb"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word/Office document (.doc)", _AS_TEXT),
    (rb".{60}BOOKMOBI", "a Kindle e-book (MOBI/AZW)", "it is already an e-book; calibre can convert it to EPUB"),
    (rb"\x89PNG\r\n\x1a\n", "a PNG image", _COVER),
    (rb"\xff\xd8\xff", "a JPEG image", _COVER),
    (rb"GIF8[79]a", "a GIF image", _COVER),
    (rb"RIFF.{4}WEBP", "a WebP image", _COVER),
    (rb"II\*\x00|MM\x00\*", "a TIFF image", _COVER),
    # BMP: "BM", the file size, then four reserved bytes that are always zero.
    (rb"BM.{4}\x00\x00\x00\x00", "a BMP image", _COVER),
    (rb".{4}ftyp(?:heic|heix|mif1|avif)", "a HEIC/AVIF image", _COVER),
    (rb".{4}ftyp", "a video or audio file (MP4/MOV)", "it holds no story text"),
    (rb"RIFF.{4}(?:WAVE|AVI )", "a WAV/AVI media file", "it holds no story text"),
    (rb"ID3[\x02-\x04]\x00|OggS\x00|fLaC\x00", "an audio file", "it holds no story text"),
    (rb"\x7fELF", "a program (ELF executable)", "it holds no story text"),
    # DOS/Windows executables start "MZ" and a header full of small binary numbers.
    (rb"MZ.{0,62}?\x00", "a program (Windows executable)", "it holds no story text"),
    (
        rb"\xfe\xed\xfa[\xce\xcf]|[\xce\xcf]\xfa\xed\xfe|\xca\xfe\xba\xbe",
        "a program (Mach-O or Java class)",
        "it holds no story text",
    ),
    (rb"\x00asm", "a WebAssembly program", "it holds no story text"),
    (rb"SQLite format 3\x00", "an SQLite database", "it holds no story text"),
    (rb"Rar!\x1a\x07", "a RAR archive", _EXTRACT),
    (rb"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", _EXTRACT),
    (rb"\x1f\x8b", "a gzip-compressed file", "decompress it first"),
    (rb"(?s:.{257})ustar", "a tar archive", _EXTRACT),
    (rb"BZh[1-9]1AY&SY", "a bzip2-compressed file", "decompress it first"),
    (rb"\xfd7zXZ\x00", "an xz-compressed file", "decompress it first"),
    (rb"\x28\xb5\x2f\xfd", "a zstd-compressed file", "decompress it first"),
)

#: What a ZIP container is, told by its members' names (stored uncompressed in the ZIP headers).
_ZIP_KINDS: tuple[tuple[bytes, str, str], ...] = (
    (b"mimetypeapplication/epub+zip", "an EPUB e-book", "it is already an e-book; open it in your reader"),
    (b"mimetypeapplication/vnd.oasis.opendocument.text", "an OpenDocument text (.odt)", _AS_TEXT),
    (b"word/", "a Word document (.docx)", _AS_TEXT),
    (b"xl/", "an Excel spreadsheet (.xlsx)", "it holds no story text"),
    (b"ppt/", "a PowerPoint presentation (.pptx)", "it holds no story text"),
)

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")

# C0 controls that never occur in text files (tab, LF, VT, FF, CR and ESC excluded).
_BINARY_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20)])


@lru_cache(maxsize=1)
def _signature_patterns():
    return [(re.compile(magic, re.S), what, advice) for magic, what, advice in _SIGNATURES]


def sniff_binary(data: bytes) -> tuple[str, str] | None:
    """What binary file ``data`` appears to be, and what to do instead; None for text.

    A byte-order mark in front changes nothing (a PNG saved behind a BOM is still a PNG).
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith(_ZIP_MAGIC):
        for marker, what, advice in _ZIP_KINDS:
            if marker in data:
                return what, advice
        return "a ZIP archive", _EXTRACT
    head = data[:512]
    for pattern, what, advice in _signature_patterns():
        if pattern.match(head):
            return what, advice
    return None


def _refuse(what: str, advice: str) -> BinaryInputError:
    return BinaryInputError(f"this is {what}, not a text or HTML story: {advice}")


#: A run of one control byte (a block of NULs a crash or a preallocating editor left in a story) counts once.
_CONTROL_RUN = re.compile(rb"([\x00-\x08\x0e-\x1a\x1c-\x1f])\1+")


def _looks_binary(data: bytes) -> bool:
    """More than 10% control bytes in the first 8 KB (3% where the bytes are not UTF-8), a run of one
    control byte counted once, NUL padding at either end ignored: binary formats scatter them, a
    damaged text holds them in blocks."""
    sample = _CONTROL_RUN.sub(rb"\1", data.strip(b"\x00")[:8192])
    if not sample:
        return False
    controls = len(sample) - len(sample.translate(None, _BINARY_BYTES))
    if controls * 10 > len(sample):
        return True
    if controls * 33 <= len(sample):
        return False
    try:  # 3-10% control bytes: binary unless the rest is UTF-8 (a damaged text, not random bytes)
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return True
    return False


# --- decoding ----------------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: FF FE 00 00 starts with FF FE
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: Legacy labels read as the superset browsers use (WHATWG Encoding Standard).
_SUPERSETS = {
    "ascii": "cp1252",
    "latin-1": "cp1252",
    "iso8859-1": "cp1252",
    "iso8859-9": "cp1254",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "euc_kr": "cp949",
    "shift_jis": "cp932",
    "big5": "big5hkscs",
    "tis-620": "cp874",
    "iso8859-11": "cp874",
}

#: Which of several equally good detector answers to take (common encodings of saved stories first).
_PREFERRED = (
    "cp1252",
    "cp1251",
    "gb18030",
    "cp932",
    "big5hkscs",
    "cp949",
    "cp1250",
    "iso8859-2",
    "koi8-r",
    "cp1253",
    "cp1254",
    "cp1255",
    "cp1256",
    "cp1257",
    "cp874",
    "iso8859-15",
)

# `<meta charset=…>`, `<meta http-equiv … content="…; charset=…">` and `<?xml … encoding="…"?>`; and a
# plain text's own line saying its encoding, alone on its line (Project Gutenberg's `Character set
# encoding: ISO-8859-1`, `Charset: …`): a Dutch Latin-1 text is otherwise easily detected as cp1257.
_DECLARED = re.compile(
    rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)|<\?xml\b[^>]*?encoding\s*=\s*["']([\w.:-]+)"""
    rb"""|^[ \t]*(?:character[ \t]+set[ \t]+encoding|char(?:acter[ \t]+)?set)[ \t]*:[ \t]*([\w.:-]+)[ \t]*\r?$""",
    re.I | re.M,
)

_DETECTOR_THRESHOLD = 0.4  # charset-normalizer's own chaos cut-off (its 0.2 drops real GB18030 Chinese)
_MAX_CHAOS = 0.25  # floor, part 1: at most this much "mess" in the decoded text
_MIN_COHERENCE = 0.1  # floor, part 2: the text must look like some language (one stray byte does not)
_COMMON_BONUS = 0.1  # detector answers in _PREFERRED get this much extra score
_ANOMALY_WEIGHT = 2.0  # score lost per share of case-breaking characters (see _case_anomalies)
_TIE = 0.02  # answers scoring this close to the best are ties, settled by _PREFERRED's order
_C1 = re.compile("[\x80-\x9f]")  # C1 controls: never text, so a decoding that makes them is wrong
_NON_ASCII = re.compile("[^\x00-\x7f]")  # where code pages differ, so where case anomalies are looked for
_MAX_STRAYS = 1000  # mixed UTF-8: more stray bytes than this is simply another encoding
_STRAY_RATIO = 1  # mixed UTF-8: valid multi-byte characters needed per stray sequence (legacy text has almost none)
_UTF8_LEADS = bytes(range(0xC2, 0xF5))


def _canonical(name: str) -> str:
    """Python's name for a codec label, mapped to the superset browsers use."""
    name = codecs.lookup(name).name
    return _SUPERSETS.get(name, name)


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _from_bom(data: bytes) -> Decoded | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            text = _strict(body, name)
            warnings = []
            if text is None:
                text = body.decode(name, errors="replace")
                warnings.append(f"some bytes are not valid {name} and were replaced by \ufffd")
            return Decoded(text, name, 1.0, warnings, "bom")
    return None


def _wide_pattern(data: bytes) -> str | None:
    """UTF-32/UTF-16 without a BOM, told by where the NUL bytes fall (Latin, Cyrillic, Greek … text)."""
    sample = data[:4096]
    if len(data) % 4 == 0 and len(sample) >= 4:
        units = len(sample) // 4
        # every unit is a code point below U+110000: its top byte is 0 and the next at most 0x10
        if all(sample[i + 3] == 0 and sample[i + 2] <= 0x10 for i in range(0, units * 4, 4)):
            return "utf-32-le"
        if all(sample[i] == 0 and sample[i + 1] <= 0x10 for i in range(0, units * 4, 4)):
            return "utf-32-be"
    if len(data) % 2 or len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    pairs = len(even)
    high_zero = sum(1 for lo, hi in zip(even, odd) if hi == 0 and lo != 0)  # little-endian ASCII-range unit
    low_zero = sum(1 for lo, hi in zip(even, odd) if lo == 0 and hi != 0)  # big-endian ASCII-range unit
    if high_zero * 10 >= pairs and low_zero * 20 <= high_zero:
        return "utf-16-le"
    if low_zero * 10 >= pairs and high_zero * 20 <= low_zero:
        return "utf-16-be"
    return None


def _textual(text: str) -> float:
    """The share of ``text`` that reads as writing: letters, digits, marks, punctuation, spaces and
    line breaks (not controls, unassigned, private-use or surrogate code points)."""
    if not text:
        return 0.0
    bad = sum(1 for ch in text if ch not in "\n\r\t" and unicodedata.category(ch) in ("Cc", "Cn", "Co", "Cs"))
    return 1 - bad / len(text)


def _wide_cjk(data: bytes) -> Decoded | None:
    """UTF-16 without a BOM whose text has few ASCII-range characters (Chinese, Japanese, Korean), so
    no NUL pattern: the byte order whose text reads as writing, where the other does not."""
    if len(data) % 2 or len(data) < 8:
        return None
    sample = data[:8192]
    scores = {}
    for name in ("utf-16-le", "utf-16-be"):
        try:
            text = sample.decode(name, "strict")
        except UnicodeDecodeError:
            continue
        wide = sum(1 for ch in text if "\u3000" <= ch <= "\ud7af" or "\uff00" <= ch <= "\uffef")
        if wide * 2 >= len(text) and (text.count("\n") or text.count("\u3002")):
            scores[name] = _textual(text)
    if not scores:
        return None
    name = max(scores, key=lambda n: scores[n])
    whole = _strict(data, name) if scores[name] >= 0.98 else None
    return Decoded(whole, name, 0.8, [], "utf-16-cjk") if whole is not None else None


def _declared(data: bytes) -> str | None:
    """The encoding a page declares in its first 4 KB, if Python knows it (UTF-16/32 labels ignored)."""
    found = _DECLARED.search(data[:4096])
    if not found:
        return None
    label = next(group for group in found.groups() if group).decode("ascii", "replace")
    try:
        name = _canonical(label)
    except LookupError:
        return None
    return None if name.startswith(("utf-16", "utf-32")) else name


#: What a cut in the middle of a UTF-8 character leaves: its lead byte and some of its continuation bytes.
_TRUNCATED = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")


def _mixed_utf8(data: bytes) -> tuple[str, int, int] | None:
    """UTF-8 with a few stray bytes: valid parts as UTF-8, a character cut in two (a split emoji) left
    out, other stray bytes read as cp1252 (text pasted from a legacy page). Returns the text, the cut
    characters and the stray bytes; None without evidence of UTF-8 (at least _STRAY_RATIO valid
    multi-byte characters per stray sequence, and two at least)."""
    strays = data.decode("utf-8", errors="replace").count("\ufffd") - data.count("\ufffd".encode())
    multibyte = len(data) - len(data.translate(None, _UTF8_LEADS)) - strays
    if strays > _MAX_STRAYS or multibyte < max(2, strays * _STRAY_RATIO):
        # files joined end to end (a UTF-8 part, then a legacy part): lines that are UTF-8 with
        # characters of more than one byte, in numbers a legacy text never has
        utf8_lines = legacy_lines = 0
        for line in data.split(b"\n"):
            if line.isascii():
                continue
            if _strict(line, "utf-8") is not None:
                utf8_lines += 1
            else:
                legacy_lines += 1
        if utf8_lines < 3 or utf8_lines * 2 < legacy_lines:
            return None
    cut, legacy = 0, 0

    def stray(err: UnicodeError) -> tuple[str, int]:
        nonlocal cut, legacy
        assert isinstance(err, UnicodeDecodeError)
        chunk = err.object[err.start : err.end]
        if _TRUNCATED.fullmatch(chunk):
            cut += 1
            return "", err.end
        legacy += 1
        return _cp1252(chunk), err.end

    codecs.register_error("fic2epub-stray", stray)
    return data.decode("utf-8", errors="fic2epub-stray"), cut, legacy


#: cp1252's bytes 0x80–0x9F as characters; its five unassigned bytes stay C1 controls, as browsers read them.
_CP1252_HIGH = {b: bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(0x80, 0xA0)}


def _cp1252(data: bytes) -> str:
    """cp1252 that never fails (the WHATWG windows-1252 decoder)."""
    text = _strict(data, "cp1252")
    return text if text is not None else data.decode("latin-1").translate(_CP1252_HIGH)


def _rank(match) -> tuple[int, str]:
    """Place of a detector answer in _PREFERRED (its own codec or one decoding the bytes alike)."""
    names = [_canonical(n) for n in [match.encoding, *match.could_be_from_charset]]
    ranks = [(_PREFERRED.index(n), n) for n in names if n in _PREFERRED]
    return min(ranks) if ranks else (len(_PREFERRED), names[0])


def _score(match) -> float:
    """Language fit minus mess, with a bonus for the encodings stories are commonly saved in.

    charset-normalizer itself ranks by mess alone, which puts DOS code pages (cp775, cp850) above
    cp1252 for English prose whose only non-ASCII bytes are curly quotes.
    """
    bonus = _COMMON_BONUS if _rank(match)[0] < len(_PREFERRED) else 0.0
    return match.coherence - match.chaos + bonus - _ANOMALY_WEIGHT * _case_anomalies(str(match))


def _case_anomalies(text: str) -> float:
    """Share of non-ASCII letters that break letter case inside a word (``oÆclock``, ``ôOh``,
    ``вСЕ``) or stick to the end of a sentence (``Very,î``, ``Mr.Ś``): what a wrong single-byte code
    page makes of curly quotes and dashes, or of the other half of an alphabet."""
    found = total = 0
    for match in islice(_NON_ASCII.finditer(text), 500):  # 500 characters are evidence enough
        i = match.start()
        char, before, after = match.group(), text[i - 1 : i] or " ", text[i + 1 : i + 2] or " "
        total += 1
        found += char.isalpha() and (
            (char.isupper() and before.islower()) or (char.islower() and after.isupper()) or before in ",.;:!?)"
        )
    return found / total if total else 0.0


def _looks_like_language(match, data: bytes) -> bool:
    """Coherent in some language; or a single-byte code page (the score then weighs it); or, as
    short CJK passages get no coherence score, mostly non-ASCII text of some length. A single
    stray byte read as one CJK character (christmas-carol's ``ö`` as Big5) is none of these."""
    text = str(match)
    if match.coherence >= _MIN_COHERENCE or len(text) == len(data):
        return True
    foreign = len(text) - len(text.encode("ascii", errors="ignore"))
    return foreign >= 20 and foreign * 5 >= len(text)


def _detect(data: bytes) -> tuple[str, float, list[str]] | None:
    """charset-normalizer's answer above the confidence floor: (encoding, confidence, warnings)."""
    from charset_normalizer import from_bytes

    try:
        results = list(from_bytes(data, threshold=_DETECTOR_THRESHOLD, preemptive_behaviour=False))
    except Exception:  # a detector failure must not stop the conversion: fall back to cp1252
        return None
    # C1 controls are never text: a decoding that makes them (latin-1 for cp1252 bytes) is wrong
    matches = [m for m in results if m.chaos <= _MAX_CHAOS and _looks_like_language(m, data) and not _C1.search(str(m))]
    if not matches:
        return None
    scores = [_score(m) for m in matches]
    top = max(scores)
    best_text = str(matches[scores.index(top)])
    positions = _non_ascii_positions(data, best_text)
    # Answers that score alike, or decode to nearly the same text (the detector's scores then
    # hang on a letter or two), are settled by _PREFERRED: English with one "où" stays cp1252.
    near = [m for m, score in zip(matches, scores) if score >= top - _TIE or not _differs(str(m), best_text, positions)]
    best = matches[scores.index(top)]
    encoding = min(_rank(m) for m in near)[1]
    confidence = round(min(0.95, (1 - best.chaos) * min(1.0, 0.5 + best.coherence)), 2)
    warnings = []
    text = data.decode(encoding, errors="replace")
    rivals = sorted({_rank(m)[1] for m in near if _rank(m)[0] < len(_PREFERRED) and _differs(str(m), text, positions)})
    if rivals:
        confidence = round(confidence * 0.6, 2)
        warnings.append(
            f"the encoding was detected as {encoding} but could also be {', '.join(rivals[:3])}"
            " (set --encoding if letters look wrong)"
        )
    return encoding, confidence, warnings


def _non_ascii_positions(data: bytes, text: str) -> list[int] | None:
    """Where the non-ASCII bytes are, when character ``i`` comes from byte ``i`` (single-byte codecs)."""
    return [m.start() for m in re.finditer(rb"[\x80-\xff]", data)] if len(text) == len(data) else None


def _differs(other: str, text: str, positions: list[int] | None) -> bool:
    """Whether a rival decoding differs in more than two characters and 1% of the non-ASCII ones.

    Only single-byte decodings are compared position by position; any other pair differs if unequal.
    """
    if positions is None or len(other) != len(text):
        return other != text
    return sum(1 for i in positions if other[i] != text[i]) > max(2, len(positions) // 100)


def _detect_or_fallback(data: bytes) -> Decoded:
    found = _detect(data)
    if found:
        encoding, confidence, warnings = found
        return Decoded(data.decode(encoding, errors="replace"), encoding, confidence, warnings, "detected")
    return Decoded(
        _cp1252(data),
        "cp1252",
        0.3,
        ["the encoding could not be detected; read as cp1252 (set --encoding if letters look wrong)"],
        "fallback",
    )


def _forced(data: bytes, encoding: str) -> Decoded:
    name = encoding
    try:
        name = codecs.lookup(encoding).name
        wide = _wide_pattern(data) if name in ("utf-16", "utf-32") and not _from_bom(data) else None
        if wide and wide.startswith(name):  # Python reads BOM-less "utf-16" as little-endian only
            name = wide
        return Decoded(data.decode(name), name, 1.0, [], "forced")
    except LookupError:  # unknown name, or a codec that is not a text encoding (base64, zlib …)
        raise UsageError(
            f"unknown text encoding {encoding!r} (try utf-8, cp1252, latin-1, utf-16)", "encoding"
        ) from None
    except UnicodeDecodeError as err:
        byte = data[err.start : err.start + 1].hex()
        raise DecodeError(
            f"the input is not valid {name}: byte 0x{byte} at offset {err.start} cannot be read"
            " (try another encoding, or leave it out to detect)"
        ) from None
    except UnicodeError as err:  # codecs such as utf-16 with a bad length
        raise DecodeError(f"the input is not valid {name}: {err}") from None


def decode(data: bytes, encoding: str | None = None) -> Decoded:
    """Bytes to text by the order in the module docstring (no repair, no normalisation)."""
    if encoding:
        return _forced(data, encoding)
    found = _from_bom(data)
    if found:
        return found
    wide = _wide_pattern(data)
    if wide and (text := _strict(data, wide)) is not None:
        return Decoded(text, wide, 0.9, [], "nul-pattern")
    if _looks_binary(data):
        found = _wide_cjk(data)
        if found:
            return found
        raise _refuse("a binary file of unknown kind", "convert it to .txt or .html first")
    text = _strict(data, "utf-8")
    if text is not None:
        return Decoded(text, "utf-8", 1.0, [], "utf-8")
    found = _wide_cjk(data)
    if found:
        return found
    declared = _declared(data)
    if declared and (text := _strict(data, declared)) is not None:
        return Decoded(text, declared, 0.9, [], "declared")
    warnings = [f"the file declares {declared} but is not valid {declared}"] if declared else []
    mixed = _mixed_utf8(data)
    if mixed is not None:
        text, cut, legacy = mixed
        if legacy:
            warnings.append(
                f"the file is UTF-8 with {legacy} stray byte{'s' if legacy > 1 else ''} of another "
                "encoding (read as cp1252)"
            )
        changes = [f"left out {cut} character{'s' if cut > 1 else ''} cut in two (incomplete UTF-8)"] if cut else []
        return Decoded(text, "utf-8", 0.9 if not legacy else 0.8, warnings, "mixed-utf-8", changes)
    found = _detect_or_fallback(data)
    found.warnings[:0] = warnings
    return found


# --- the lost BOM ------------------------------------------------------------------------------


def _drop_lost_bom(decoded: Decoded, data: bytes) -> None:
    """Remove a ``?`` at byte 0 that stands for a BOM lost in a conversion to a legacy code page.

    The rule (all must hold, else the ``?`` is the story's own): the file is in a legacy encoding
    (it is not valid UTF-8 and not UTF-16/32), the ``?`` is followed directly by a letter, and no
    other ``?`` is on that first line (a ``?`` written for a missing ``¿`` has its closing ``?``).
    A file that is pure ASCII after losing its BOM is valid UTF-8, so its ``?`` is kept.
    """
    text = decoded.text
    if not (text.startswith("?") and len(text) > 1 and text[1].isalpha()):
        return
    if decoded.encoding.startswith(("utf-", "utf_")) or _strict(data, "utf-8") is not None:
        return
    if "?" in text[1:].split("\n", 1)[0]:
        return
    decoded.text = text[1:]
    decoded.changes.append("removed a '?' at the start left by a lost byte-order mark")


# --- mojibake ----------------------------------------------------------------------------------

#: Code pages ftfy can undo when UTF-8 bytes were read in them.
_MOJIBAKE_CODECS = (
    "latin-1",
    "cp1252",
    "cp1250",
    "cp1251",
    "cp1253",
    "cp1254",
    "cp1257",
    "iso8859-2",
    "mac_roman",
    "cp437",
)


@lru_cache(maxsize=1)
def _mojibake_hint() -> re.Pattern[str]:
    """A whole UTF-8 sequence (a lead byte and the 1, 2 or 3 continuation bytes it calls for) as one
    of those code pages shows it, or a C1 control: what mojibake always holds and correct text
    rarely does (Russian "всё" is "с" + "ё", a 4-byte lead with one continuation: no match)."""

    def chars(name: str, first: int, last: int) -> set[str]:
        return {bytes([b]).decode(name, errors="ignore") for b in range(first, last + 1)} - {""}

    def klass(found: set[str]) -> str:
        return "[" + "".join(re.escape(c) for c in sorted(found)) + "]"

    c1 = set(map(chr, range(0x80, 0xA0)))
    sequences = set()
    for name in _MOJIBAKE_CODECS:
        tail = klass(chars(name, 0x80, 0xBF))
        for first, last, count in ((0xC2, 0xDF, 1), (0xE0, 0xEF, 2), (0xF0, 0xF4, 3)):
            sequences.add(klass(chars(name, first, last)) + tail * count)
    any_lead = set().union(c1, *(chars(name, 0xC2, 0xF4) for name in _MOJIBAKE_CODECS))
    # the look-ahead lets the search skip every position that cannot start a match (6x faster)
    return re.compile(f"(?={klass(any_lead)})(?:{'|'.join([*sorted(sequences), klass(c1)])})")


def repair_mojibake(text: str) -> tuple[str, int]:
    """Undo UTF-8-read-as-cp1252 (and similar) mojibake with ftfy's encoding fixes only.

    Correct text is left alone: only lines with a mojibake pattern are given to ftfy, and ftfy's
    other fixes (quote uncurling, ligatures, character width, HTML entities) stay off.
    Returns the text and the number of lines changed.
    """
    if text.isascii() or not _mojibake_hint().search(text):
        return text, 0
    import ftfy

    config = ftfy.TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_surrogates=False,
        remove_control_chars=False,
        normalization=None,
        explain=False,
    )
    hint = _mojibake_hint()
    lines = text.split("\n")
    changed = 0
    for i, line in enumerate(lines):
        if hint.search(line):
            fixed = ftfy.fix_encoding(line, config)
            if fixed != line:
                lines[i] = fixed
                changed += 1
    return ("\n".join(lines) if changed else text), changed


# --- normalisation -----------------------------------------------------------------------------

# Every line break form becomes LF: CRLF, lone CR, VT, FF and U+2028 (LINE SEPARATOR).
_LINE_BREAKS = re.compile("\r\n?|[\x0b\x0c\u2028]")
# Removed: C0 controls XML 1.0 forbids, DEL and C1 controls (never text), lone surrogates,
# U+FFFE/FFFF, and the invisible U+200B (zero-width space), U+2060 (word joiner), U+00AD (soft
# hyphen) and U+FEFF (BOM / zero-width no-break space). ZWNJ/ZWJ (U+200C/D) are kept on purpose.
_INVISIBLE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\u00ad\u200b\u2060\ufeff\ud800-\udfff\ufffe\uffff]")
# Typographic spaces (en/em/thin/hair … U+2000–U+200A, medium mathematical space) are plain spaces;
# no-break spaces (U+00A0, U+202F) and the ideographic space U+3000 are kept.
_ODD_SPACES = re.compile("[\u2000-\u200a\u205f]")


#: What _LINE_BREAKS and _ODD_SPACES look for, tested first one by one (``in`` is a fast search in
#: C; the patterns' scans took 0.2 s on a 9 MB text that had none of them).
_BREAK_CHARS = ("\r", "\x0b", "\x0c", "\u2028")
_ODD_CHARS = (*map(chr, range(0x2000, 0x200B)), "\u205f")


def invisible_out(text: str) -> str:
    """``text`` without the invisible characters the reader takes out (see ``_INVISIBLE``)."""
    return _INVISIBLE.sub("", text)


def normalise(text: str, invisible: bool = True) -> str:
    """Line endings to LF, invisible characters out, NFC, whitespace-only lines emptied.

    Leading indentation and tabs stay (the structure stage reads them); trailing whitespace goes.
    ``invisible=False``: the caller knows the text has no character _INVISIBLE removes.
    """
    if any(c in text for c in _BREAK_CHARS):
        text = _LINE_BREAKS.sub("\n", text)
    text = text.replace("\u2029", "\n\n")  # U+2029 separates paragraphs
    if invisible:
        text = _INVISIBLE.sub("", text)
    if any(c in text for c in _ODD_CHARS):
        text = _ODD_SPACES.sub(" ", text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return "\n".join(line.rstrip() for line in text.split("\n"))


def _invisible_changes(text: str) -> tuple[list[str], bool]:
    """What removing the invisible characters changes (a leading BOM is not a change), and whether
    there is any (a leading BOM included)."""
    found: dict[str, int] = {}
    bom = False
    for match in _INVISIBLE.finditer(text):
        char = match.group()
        if char != "\ufeff" or match.start():
            found[char] = found.get(char, 0) + 1
        else:
            bom = True
    if not found:
        return [], bom
    listed = ", ".join(f"U+{ord(c):04X}×{n}" for c, n in sorted(found.items())[:6])
    return [f"removed {sum(found.values())} invisible or control characters ({listed})"], True


# --- the stage ---------------------------------------------------------------------------------


def read_text(data: bytes, encoding: str | None = None, fix_text: bool = True) -> Decoded:
    """Decode, repair and normalise ``data``; refuse binary and empty inputs.

    Raises BinaryInputError, EmptyInputError, DecodeError (forced encoding) or UsageError
    (unknown encoding name), all subclasses of Fic2EpubError.
    """
    if not data.strip(b" \t\r\n\x0b\x0c\x00"):
        raise EmptyInputError("the input is empty" if not data else "the input holds only whitespace")
    binary = sniff_binary(data)
    if binary:
        raise _refuse(*binary)
    decoded = decode(data, encoding)
    _drop_lost_bom(decoded, data)
    return _clean(decoded, fix_text)


def read_str(text: str, fix_text: bool = True) -> Decoded:
    """Text a caller already decoded: repaired and normalised like decoded bytes."""
    if not text.strip():
        raise EmptyInputError("the input is empty" if not text else "the input holds only whitespace")
    return _clean(Decoded(text, "str", 1.0, [], "str"), fix_text)


#: NEL (U+0085), the line end of files converted from EBCDIC; in a text that has few other line ends.
_NEL = "\u0085"


def _clean(decoded: Decoded, fix_text: bool) -> Decoded:
    if _NEL in decoded.text and decoded.text.count("\n") < decoded.text.count(_NEL):
        # line ends, not a misread ellipsis (cp1252's 0x85): before repair reads them as ellipses
        decoded.text = decoded.text.replace(_NEL, "\n")
        decoded.changes.append("NEL (U+0085) line endings read as line ends")
    if fix_text:
        decoded.text, lines = repair_mojibake(decoded.text)
        if lines:
            decoded.changes.append(f"repaired mojibake on {lines} line{'s' if lines > 1 else ''}")
    changes, invisible = _invisible_changes(decoded.text)
    decoded.changes.extend(changes)
    decoded.text = normalise(decoded.text, invisible)
    if not decoded.text.strip():
        raise EmptyInputError("the input holds no text (only whitespace or invisible characters)")
    if not any(ch.isalnum() for ch in decoded.text):
        raise EmptyInputError("the input holds no words (only punctuation, symbols or control characters)")
    return decoded
