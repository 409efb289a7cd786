"""Reading stage: every byte form a saved story comes in -> the same clean text, or a clear refusal.

Inputs are variants built here from corpus files (re-encoded, CRLF, NULs, zero-width spaces,
mojibake …); expected texts are built from the clean original by the rule the issue states.
"""

from __future__ import annotations

import bz2
import codecs
import gzip
import io
import lzma
import re
import sys
import time
import unicodedata
import zipfile
from dataclasses import dataclass
from functools import cache

import pytest

from fic2epub import Options, convert, reading
from fic2epub.errors import BinaryInputError, DecodeError, EmptyInputError, UsageError
from fic2epub.model import iter_paragraphs

from conftest import CORPUS, SAMPLE, corpus_files, epubcheck_messages

RAW = SAMPLE.read_bytes()
CLEAN = RAW.decode("utf-8")


def lines_cleaned(text: str) -> str:
    """The issue's line rule: whitespace-only lines blank, trailing whitespace gone, indentation kept."""
    return "\n".join(line.rstrip() for line in text.split("\n"))


def curly(text: str) -> str:
    """The example as a word processor would save it: curly quotes, em dashes, ellipses."""
    text = text.replace("...", "…").replace(" - ", " — ").replace("'", "’")
    quotes = iter(["“", "”"] * text.count('"'))
    return re.sub('"', lambda _: next(quotes), text)


#: cp1252 as browsers decode it: the five unassigned bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D) pass through.
WINDOWS_1252 = {b: bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(0x80, 0xA0)}


def mojibake(text: str) -> bytes:
    """UTF-8 text read by a browser as windows-1252 and saved again as UTF-8 (``don’t`` -> ``donâ€™t``)."""
    return text.encode("utf-8").decode("latin-1").translate(WINDOWS_1252).encode("utf-8")


EXPECTED = lines_cleaned(CLEAN)
CURLY = curly(CLEAN)
EXPECTED_CURLY = lines_cleaned(CURLY)


@cache
def CRISE() -> bytes:  # noqa: N802 - read as the constant it stands for
    return (CORPUS / "fanfictions.fr" / "crise-naruto-fr-cp1252-crlf.txt").read_bytes()


@cache
def CHINESE() -> str:  # noqa: N802
    return (CORPUS / "chinese-webnovel" / "1qxs-daozhong-ch1-zh.md").read_text(encoding="utf-8")


@cache
def PHOENIX() -> str:  # noqa: N802
    return (CORPUS / "fanfiction.net" / "ffn-following-phoenix-ch82.xhtml").read_text(encoding="utf-8")


# Realistic prose in languages the corpus lacks (public-domain openings: Tolstoy, Mácha, Mickiewicz).
RUSSIAN = (
    "Все счастливые семьи похожи друг на друга, каждая несчастливая семья несчастлива по-своему.\n"
    "Всё смешалось в доме Облонских. Жена узнала, что муж был в связи с бывшею в их доме "
    "француженкою-гувернанткой, и объявила мужу, что не может жить с ним в одном доме.\n"
) * 3
CZECH = (
    "Byl pozdní večer – první máj – večerní máj – byl lásky čas. Hrdliččin zval ku lásce hlas, kde borový "
    "zaváněl háj. O lásce šeptal tichý mech; květoucí strom lhal lásky žel, svou lásku slavík růži pěl, růžinu "
    "jevil vonný vzdech. Jezero hladké v křovích stinných zvučelo temně tajný bol, břeh je objímal kol a kol; "
    "a slunce jasná světů jiných bloudila blankytnými pásky, planoucí tam co slzy lásky.\n"
)
POLISH = (
    "Litwo! Ojczyzno moja! ty jesteś jak zdrowie. Ile cię trzeba cenić, ten tylko się dowie, "
    "kto cię stracił. Dziś piękność twą w całej ozdobie widzę i opisuję, bo tęsknię po tobie.\n"
) * 3


def insert_every(text: str, char: str, step: int) -> str:
    return char.join(text[i : i + step] for i in range(0, len(text), step))


@dataclass
class Case:
    id: str
    data: bytes
    expected: str
    encoding: str | None = None  # the decision expected (None: not checked)
    fix_text: bool = True
    forced: str | None = None


def _cases() -> list[Case]:
    crlf = CLEAN.replace("\n", "\r\n")
    words = CLEAN.split(" ")
    return [
        # encodings
        Case("utf-8", RAW, EXPECTED, "utf-8"),
        Case("utf-8 BOM", codecs.BOM_UTF8 + RAW, EXPECTED, "utf-8"),
        Case("cp1252 curly quotes", CURLY.encode("cp1252"), EXPECTED_CURLY, "cp1252"),
        Case("utf-16 LE BOM CRLF (Notepad)", codecs.BOM_UTF16_LE + crlf.encode("utf-16-le"), EXPECTED, "utf-16-le"),
        Case("utf-16 BE BOM", codecs.BOM_UTF16_BE + CURLY.encode("utf-16-be"), EXPECTED_CURLY, "utf-16-be"),
        Case("utf-16 LE without BOM", CURLY.encode("utf-16-le"), EXPECTED_CURLY, "utf-16-le"),
        Case("utf-16 BE without BOM", CLEAN.encode("utf-16-be"), EXPECTED, "utf-16-be"),
        Case("utf-16 LE without BOM, Russian", RUSSIAN.encode("utf-16-le"), lines_cleaned(RUSSIAN), "utf-16-le"),
        Case("utf-32 LE BOM", codecs.BOM_UTF32_LE + CURLY.encode("utf-32-le"), EXPECTED_CURLY, "utf-32-le"),
        Case("utf-32 BE BOM", codecs.BOM_UTF32_BE + CLEAN.encode("utf-32-be"), EXPECTED, "utf-32-be"),
        Case("utf-32 LE without BOM", CLEAN.encode("utf-32-le"), EXPECTED, "utf-32-le"),
        Case("Russian cp1251", RUSSIAN.encode("cp1251"), lines_cleaned(RUSSIAN), "cp1251"),
        Case("Russian koi8-r", RUSSIAN.encode("koi8-r"), lines_cleaned(RUSSIAN), "koi8-r"),
        Case("Polish cp1250", POLISH.encode("cp1250"), lines_cleaned(POLISH), "cp1250"),
        Case("Polish iso-8859-2", POLISH.encode("iso8859-2"), lines_cleaned(POLISH), "iso8859-2"),
        Case("Czech cp1250", CZECH.encode("cp1250"), lines_cleaned(CZECH), "cp1250"),
        Case(
            "meta charset iso-8859-1 read as windows-1252",
            b'<html><head><meta charset="iso-8859-1"></head><body><p>' + CURLY.encode("cp1252") + b"</p></body></html>",
            lines_cleaned('<html><head><meta charset="iso-8859-1"></head><body><p>' + CURLY + "</p></body></html>"),
            "cp1252",
        ),
        Case(
            "meta http-equiv koi8-r",
            b'<meta http-equiv="Content-Type" content="text/html; charset=KOI8-R">\n' + RUSSIAN[:60].encode("koi8-r"),
            '<meta http-equiv="Content-Type" content="text/html; charset=KOI8-R">\n' + RUSSIAN[:60],
            "koi8-r",
        ),
        Case(
            "UTF-8 with one stray cp1252 byte",
            CURLY.replace("Down the Rabbit-Hole", "Down the Rabbit-Hole, café.")
            .encode("utf-8")
            .replace("é".encode(), b"\xe9"),
            EXPECTED_CURLY.replace("Down the Rabbit-Hole", "Down the Rabbit-Hole, café."),
            "utf-8",
        ),
        Case("forced cp1251", RUSSIAN.encode("cp1251"), lines_cleaned(RUSSIAN), "cp1251", forced="windows-1251"),
        Case("forced utf-16-le", CLEAN.encode("utf-16-le"), EXPECTED, "utf-16-le", forced="utf-16-le"),
        Case(
            "forced utf-16, big-endian without BOM", CLEAN.encode("utf-16-be"), EXPECTED, "utf-16-be", forced="utf-16"
        ),
        # the lost BOM
        Case("lost BOM '?' before a letter, cp1252", b"?" + CURLY.encode("cp1252"), EXPECTED_CURLY, "cp1252"),
        Case("'?' kept in UTF-8", b"?" + RAW, "?" + EXPECTED, "utf-8"),
        Case("'?' kept before a space", b"? " + CURLY.encode("cp1252"), "? " + EXPECTED_CURLY, "cp1252"),
        Case(
            "'?' kept when the line has its closing '?'",
            "?Qué pasa?\n".encode("cp1252") + CURLY.encode("cp1252"),
            "?Qué pasa?\n" + EXPECTED_CURLY,
            "cp1252",
        ),
        # mojibake
        Case("mojibake (UTF-8 read as cp1252, saved as UTF-8)", mojibake(CURLY), EXPECTED_CURLY, "utf-8"),
        Case("double mojibake", mojibake(mojibake(CURLY).decode()), EXPECTED_CURLY, "utf-8"),
        Case(
            "mojibake via latin-1 (C1 controls)",
            CURLY.encode("cp1252").decode("latin-1").encode("utf-8"),
            EXPECTED_CURLY,
            "utf-8",
        ),
        Case(
            "mojibake on one line only",
            (CURLY + "\nDon’t look, said Zoë.\n")
            .encode("utf-8")
            .replace("Don’t look, said Zoë.".encode(), mojibake("Don’t look, said Zoë.")),
            EXPECTED_CURLY + "\nDon’t look, said Zoë.\n",
        ),
        Case(
            "mojibake kept with --no-fix-text",
            mojibake(CURLY),
            lines_cleaned(re.sub("[\x80-\x9f]", "", mojibake(CURLY).decode())),
            "utf-8",
            fix_text=False,
        ),
        Case(
            "correct accented text untouched",
            "“Ça va ?” — naïve café, Zoë’s crème brûlée. Ø".encode(),
            "“Ça va ?” — naïve café, Zoë’s crème brûlée. Ø",
        ),
        # line endings
        Case("CRLF", crlf.encode(), EXPECTED, "utf-8"),
        Case("lone CR (old Mac)", CLEAN.replace("\n", "\r").encode(), EXPECTED),
        Case("U+2028 / U+2029", "one\u2028two\u2029three".encode(), "one\ntwo\n\nthree"),
        Case("VT and FF are line breaks", b"one\x0btwo\x0cthree", "one\ntwo\nthree"),
        # invisible characters
        Case("NULs inserted", insert_every(CLEAN, "\x00", 97).encode(), EXPECTED, "utf-8"),
        Case("zero-width spaces inserted", " ".join(w[:2] + "\u200b" + w[2:] for w in words).encode(), EXPECTED),
        Case(
            "word joiner, soft hyphen, stray BOM",
            CLEAN.replace("Alice", "Al\u00adice")
            .replace("Rabbit", "Rab\u2060bit")
            .replace("+++", "\ufeff+++")
            .encode(),
            EXPECTED,
        ),
        Case(
            "XML-forbidden and control characters",
            CLEAN.replace("Alice", "Al\x01i\x1fc\x7fe\x85").replace("Rabbit", "\ufffeRab\uffffbit\x1b").encode(),
            EXPECTED,
            fix_text=False,
        ),  # with it, U+0085 -> …
        Case(
            "odd spaces -> space; NBSP, narrow NBSP, ideographic space kept",
            "em\u2003space thin\u2009space hair\u200aspace Note\u00a0: «\u202fOui\u202f» \u3000第一章".encode(),
            "em space thin space hair space Note\u00a0: «\u202fOui\u202f» \u3000第一章",
        ),
        Case(
            "ZWJ emoji and ZWNJ kept",
            "family 👨\u200d👩\u200d👧 and می\u200cخواهم".encode(),
            "family 👨\u200d👩\u200d👧 and می\u200cخواهم",
        ),
        Case("NFC", "cafe\u0301 Zoe\u0308".encode(), "café Zoë"),
        Case(
            "tabs and indentation kept, whitespace-only lines blank",
            b"\t\t\t   The Great Gatsby\n   \t \n    *      *\nCrise \t\r\n\xc2\xa0\xc2\xa0\n",
            "\t\t\t   The Great Gatsby\n\n    *      *\nCrise\n\n",
        ),
    ]


CASES = _cases()

#: Cases built from the shared corpus: made when a test needs them.
CORPUS_CASES = {
    "French cp1252 CRLF (corpus)": lambda: Case(
        "", CRISE(), lines_cleaned(CRISE().decode("cp1252").replace("\r\n", "\n")), "cp1252"
    ),
    "Chinese gb18030": lambda: Case("", CHINESE().encode("gb18030"), lines_cleaned(CHINESE()), "gb18030"),
    "XML prolog declares windows-1252": lambda: Case(
        "",
        PHOENIX().replace("encoding='utf-8'", "encoding='windows-1252'").encode("cp1252"),
        lines_cleaned(PHOENIX().replace("encoding='utf-8'", "encoding='windows-1252'")),
        "cp1252",
    ),
}


def _check(case: Case) -> None:
    decoded = reading.read_text(case.data, case.forced, case.fix_text)
    assert decoded.text == case.expected
    if case.encoding:
        assert decoded.encoding == case.encoding
    assert 0 < decoded.confidence <= 1


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bytes_to_expected_text(case: Case):
    _check(case)


@pytest.mark.corpus
@pytest.mark.parametrize("name", sorted(CORPUS_CASES))
def test_corpus_bytes_to_expected_text(name: str):
    _check(CORPUS_CASES[name]())


def test_the_stray_question_mark_is_reported():
    decoded = reading.read_text(b"?" + CURLY.encode("cp1252"))
    assert any("lost byte-order mark" in change for change in decoded.changes)


def test_mojibake_repair_is_reported():
    decoded = reading.read_text(mojibake(CURLY))
    assert any("mojibake" in change for change in decoded.changes)


def test_ambiguous_legacy_encodings_are_warned_about():
    # Czech in iso-8859-2 scores exactly like cp1250, which wins the tie: the user is told, and
    # --encoding settles it
    data = CZECH.replace("–", "-").encode("iso8859-2")
    decoded = reading.read_text(data)
    assert decoded.warnings and "could also be iso8859-2" in decoded.warnings[0]
    assert decoded.confidence < 0.9
    assert reading.read_text(data, "iso-8859-2").text == CZECH.replace("–", "-")


def test_fallback_is_cp1252_with_a_warning():
    # every high byte once: no code page reads that as a language, so cp1252 is the fallback;
    # its five unassigned bytes (C1 controls) and the soft hyphen are dropped by the normalisation
    data = b"Data: " + bytes(range(0x80, 0x100)) + b" end"
    decoded = reading.read_text(data, fix_text=False)  # (ftfy would read "×Ø" in this junk as mojibake)
    assert (decoded.encoding, decoded.method) == ("cp1252", "fallback")
    assert decoded.warnings and "--encoding" in decoded.warnings[0]
    high = "".join(bytes([b]).decode("cp1252", errors="ignore") for b in range(0x80, 0x100))
    assert decoded.text == "Data: " + high.replace("\u00ad", "") + " end"


def test_lone_surrogates_are_removed_by_normalise():
    assert reading.normalise("a\ud800b\udfffc") == "abc"


# --- refusals ------------------------------------------------------------------------------------


def _zip(members: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members:
            archive.writestr(
                name, data, compress_type=zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            )
    return buffer.getvalue()


def _image(fmt: str) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, fmt)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def example_epub() -> bytes:
    return convert(RAW, Options(source_name=SAMPLE.name)).epub


BINARIES = [
    ("pdf", lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + RAW, "a PDF document"),
    (
        "docx",
        lambda: _zip([("[Content_Types].xml", b"<Types/>"), ("word/document.xml", RAW)]),
        "a Word document (.docx)",
    ),
    (
        "odt",
        lambda: _zip([("mimetype", b"application/vnd.oasis.opendocument.text"), ("content.xml", RAW)]),
        "an OpenDocument text",
    ),
    ("zip", lambda: _zip([("down-the-rabbit-hole.txt", RAW)]), "a ZIP archive"),
    ("png", lambda: _image("PNG"), "a PNG image"),
    ("jpeg", lambda: _image("JPEG"), "a JPEG image"),
    ("gif", lambda: _image("GIF"), "a GIF image"),
    ("webp", lambda: _image("WEBP"), "a WebP image"),
    ("bmp", lambda: _image("BMP"), "a BMP image"),
    ("tiff", lambda: _image("TIFF"), "a TIFF image"),
    ("executable", lambda: open(sys.executable, "rb").read(4096), "a program"),
    ("gzip", lambda: gzip.compress(RAW), "gzip"),
    ("bzip2", lambda: bz2.compress(RAW), "bzip2"),
    ("xz", lambda: lzma.compress(RAW), "xz"),
    ("old Word", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + RAW, "old Word"),
    ("rtf", lambda: b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}}\\f0 " + RAW + b"}", "an RTF document"),
    ("unknown binary", lambda: bytes(range(256)) * 20, "unknown kind"),
]


@pytest.mark.parametrize("make, what", [(m, w) for _, m, w in BINARIES], ids=[i for i, _, _ in BINARIES])
def test_binary_files_are_refused_with_one_line(make, what):
    with pytest.raises(BinaryInputError) as err:
        reading.read_text(make())
    message = str(err.value)
    assert what in message and "\n" not in message
    assert "not a text or HTML story" in message


def test_an_epub_is_refused_as_an_ebook(example_epub):
    with pytest.raises(BinaryInputError, match="an EPUB e-book.*already an e-book"):
        reading.read_text(example_epub)


def test_a_forced_encoding_does_not_let_a_pdf_through():
    with pytest.raises(BinaryInputError):
        reading.read_text(b"%PDF-1.4\n" + RAW, "latin-1")


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"  \n\t\r\n  ",
        codecs.BOM_UTF8,
        codecs.BOM_UTF16_LE + " \n".encode("utf-16-le"),
        "\u200b\u2060\n\u00ad".encode(),
        b"\x00\x00\x00",
    ],
    ids=["empty", "whitespace", "BOM only", "utf-16 spaces", "invisible only", "NULs only"],
)
def test_empty_inputs_are_refused(data):
    with pytest.raises(EmptyInputError):
        reading.read_text(data)


def test_unknown_or_non_text_encoding_is_a_usage_error():
    for name in ("no-such-encoding", "base64"):
        with pytest.raises(UsageError, match="encoding"):
            reading.read_text(RAW, name)


def test_a_forced_encoding_that_does_not_fit_says_where():
    data = CURLY.encode("cp1252")
    offset = next(i for i, byte in enumerate(data) if byte >= 0x80)
    with pytest.raises(DecodeError, match=rf"not valid utf-8: byte 0x{data[offset]:02x} at offset {offset} "):
        reading.read_text(data, "utf-8")


# --- the corpus ----------------------------------------------------------------------------------

#: Files not in UTF-8, and what they are read as (christmas-carol is latin-1, which cp1252 decodes alike).
LEGACY = {
    "crise-naruto-fr-cp1252-crlf.txt": "cp1252",
    "great-gatsby-cp1252-roman-headings.txt": "cp1252",
    "christmas-carol-latin1-pgheader.txt": "cp1252",
}


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_corpus_decisions_and_no_change_from_repair(path):
    data = path.read_bytes()
    fixed = reading.read_text(data, fix_text=True)
    unfixed = reading.read_text(data, fix_text=False)
    assert fixed.text == unfixed.text  # no corpus file holds mojibake: repair must change nothing
    assert fixed.encoding == LEGACY.get(path.name, "utf-8")
    assert fixed.confidence >= 0.8 and not fixed.warnings
    reference = data.decode(LEGACY.get(path.name, "utf-8")).replace("\r\n", "\n")
    if path.name in LEGACY and reference.startswith("?"):
        reference = reference[1:]  # the lost BOM
    assert fixed.text == lines_cleaned(unicodedata.normalize("NFC", reference))


@pytest.mark.corpus
def test_gutenberg_lost_boms_do_not_reach_the_book():
    for name in ("christmas-carol-latin1-pgheader.txt", "great-gatsby-cp1252-roman-headings.txt"):
        text = reading.read_text((CORPUS / "gutenberg" / name).read_bytes()).text
        assert text.startswith("The Project Gutenberg eBook of ")


@pytest.mark.corpus
def test_christmas_carol_reads_as_latin_1():
    data = (CORPUS / "gutenberg" / "christmas-carol-latin1-pgheader.txt").read_bytes()
    assert "Laocoön" in reading.read_text(data).text
    assert reading.read_text(data).text == lines_cleaned(data.decode("latin-1")[1:])


@pytest.mark.corpus
def test_corpus_reads_fast():
    reading.read_text(CRISE())  # first call pays the lazy imports
    for path in corpus_files():
        data = path.read_bytes()
        start = time.perf_counter()
        reading.read_text(data)
        assert time.perf_counter() - start < 1.0, path.name  # measured: at most ~40 ms (300 KB files)


def test_pure_ascii_does_not_import_the_heavy_libraries():
    import subprocess

    code = (
        "import sys; from fic2epub import reading; reading.read_text(open(sys.argv[1], 'rb').read());"
        "print('charset_normalizer' in sys.modules, 'ftfy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code, str(SAMPLE)], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


# --- done means: the same chapter text through fic2epub.convert ----------------------------------


def _chapters(data: bytes) -> list[tuple[str | None, list[str]]]:
    book = convert(data, Options(source_name=SAMPLE.name)).book
    return [(ch.title, [p.text for p in iter_paragraphs(ch.blocks)]) for ch in book.chapters]


@pytest.fixture(scope="module")
def clean_chapters():
    return {"straight": _chapters(RAW), "curly": _chapters(CURLY.encode("utf-8"))}


DONE_MEANS = [
    ("cp1252 with curly quotes", lambda: CURLY.encode("cp1252"), "curly"),
    (
        "UTF-16 from Windows Notepad",
        lambda: codecs.BOM_UTF16_LE + CLEAN.replace("\n", "\r\n").encode("utf-16-le"),
        "straight",
    ),
    ("CRLF", lambda: RAW.replace(b"\n", b"\r\n"), "straight"),
    ("mojibake", lambda: mojibake(CURLY), "curly"),
]


@pytest.mark.parametrize("make, original", [(m, o) for _, m, o in DONE_MEANS], ids=[i for i, _, _ in DONE_MEANS])
def test_variants_of_the_example_give_the_same_chapters(make, original, clean_chapters):
    chapters = _chapters(make())
    assert chapters == clean_chapters[original]
    assert sum(len(paragraphs) for _, paragraphs in chapters) >= 6  # the note and every paragraph of the story


@pytest.mark.epubcheck
def test_the_notepad_book_passes_epubcheck():
    data = codecs.BOM_UTF16_LE + CURLY.replace("\n", "\r\n").encode("utf-16-le")
    assert epubcheck_messages(convert(data, Options(source_name=SAMPLE.name)).epub) == []


# --- the CLI -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, make",
    [("story.pdf", BINARIES[0][1]), ("story.zip", BINARIES[3][1]), ("story.txt", BINARIES[1][1])],
    ids=["pdf", "zip", "docx named .txt"],
)
def test_cli_refuses_binary_input(tmp_path, name, make):
    from typer.testing import CliRunner

    from fic2epub.cli import app

    source = tmp_path / name
    source.write_bytes(make())
    result = CliRunner().invoke(app, ["convert", str(source)])
    assert result.exit_code == BinaryInputError.exit_code == 4
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(source) in lines[0] and "not a text or HTML story" in lines[0]
    assert result.stdout == ""
    assert not list(tmp_path.glob("*.epub"))
