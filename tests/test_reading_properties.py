"""Reading stage properties (hypothesis).

Arbitrary text survives any encoding it is saved in; legacy-encoding detection is checked on
realistic prose cut from the corpus (no detector can decide random strings); arbitrary bytes give
text or one of the project's own errors, nothing else. `pytest --run-slow` runs many more examples.
"""

from __future__ import annotations

import codecs
import re
from functools import cache

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from fic2epub import reading
from fic2epub.errors import Fic2EpubError

from conftest import CORPUS

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text characters: anything but surrogates and control characters (those are tested in the table:
# a text made mostly of controls is refused as binary), plus the whitespace and invisible
# characters the normalisation handles.
_chars = st.characters(exclude_categories=("Cs", "Cc")) | st.sampled_from("\t\n\r \u00a0\u200b\u2003\u3000\u200d\ufeff")
_text = st.text(_chars, min_size=1, max_size=300)


def _story(text: str) -> bool:
    """Texts a story can be: a word (a letter or a digit), not opening with a binary file's signature."""
    normal = reading.normalise(text)
    return any(ch.isalnum() for ch in normal) and reading.sniff_binary(text.encode("utf-8")) is None


def _same_text(data: bytes, text: str, encoding: str | None = None) -> None:
    assert reading.read_text(data, encoding, fix_text=False).text == reading.normalise(text)


def _utf8(text: str) -> None:
    assume(_story(text))
    _same_text(text.encode("utf-8"), text)


def _utf16_bom(text: str) -> None:
    assume(_story(text))
    _same_text(text.encode("utf-16"), text)  # Python writes the BOM


@given(_text)
@FAST
def test_any_text_as_utf8(text):
    _utf8(text)


@given(_text)
@FAST
def test_any_text_as_utf16_with_bom(text):
    _utf16_bom(text)


@pytest.mark.slow
@given(_text)
@SLOW
def test_any_text_as_utf8_long(text):
    _utf8(text)


@pytest.mark.slow
@given(_text)
@SLOW
def test_any_text_as_utf16_with_bom_long(text):
    _utf16_bom(text)


_FORCED = [
    "utf-8",
    "utf-16",
    "utf-16-le",
    "utf-16-be",
    "utf-32",
    "cp1252",
    "latin-1",
    "cp1251",
    "iso8859-2",
    "koi8-r",
    "cp1250",
    "cp1253",
    "mac_roman",
    "gb18030",
    "shift_jis",
    "big5",
    "euc-kr",
]


def _encodable(encoding: str) -> st.SearchStrategy[str]:
    """Text made only of characters ``encoding`` can write."""
    single_byte = len("\u00e9".encode(encoding, errors="replace")) == 1 and not encoding.startswith("utf")
    if single_byte:
        chars = sorted({bytes([b]).decode(encoding, errors="ignore") for b in range(0x20, 0x100)} - {""})
        alphabet = st.sampled_from([c for c in chars if c.isprintable() or c == " "]) | st.sampled_from("\n\t")
        return st.text(alphabet, min_size=1, max_size=300)
    return _text.filter(lambda t: _can_encode(t, encoding))


def _can_encode(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def _forced(data) -> None:
    encoding = data.draw(st.sampled_from(_FORCED))
    text = data.draw(_encodable(encoding))
    assume(_story(text))
    # the documented lost-BOM rule: a legacy file opening "?" + letter loses that "?"
    assume(not re.match(r"\?\w", text))
    _same_text(text.encode(encoding), text, encoding)


@given(st.data())
@FAST
def test_any_text_in_a_forced_encoding(data):
    _forced(data)


@pytest.mark.slow
@given(st.data())
@SLOW
def test_any_text_in_a_forced_encoding_long(data):
    _forced(data)


# --- detection on realistic prose ----------------------------------------------------------------


def _paragraphs(path: str, encoding: str = "utf-8") -> list[str]:
    text = (CORPUS / path).read_bytes().decode(encoding).replace("\r\n", "\n")
    return [p.strip() for p in re.split(r"\n\s*\n", text) if len(p.strip()) > 40]


@cache
def _prose() -> list[tuple[list[str], list[str], int]]:
    """(paragraphs, encodings they are saved in, how many paragraphs make a story excerpt), from the corpus."""
    chinese = [p for p in _paragraphs("chinese-webnovel/1qxs-daozhong-ch1-zh.md") if "1qxs" not in p and "**" not in p]
    return [
        (_paragraphs("fanfictions.fr/crise-naruto-fr-cp1252-crlf.txt", "cp1252"), ["cp1252", "latin-1"], 3),
        (_paragraphs("gutenberg/great-gatsby-cp1252-roman-headings.txt", "cp1252"), ["cp1252"], 6),
        (_paragraphs("gutenberg/alice-wonderland-crlf.txt"), ["cp1252"], 6),
        (chinese, ["gb18030"], 3),
    ]


def _excerpt(data) -> tuple[str, str]:
    paragraphs, encodings, size = data.draw(st.sampled_from(_prose()))
    start = data.draw(st.integers(0, len(paragraphs) - size))
    text = "\n\n".join(paragraphs[start : start + size]) + "\n"
    encoding = data.draw(st.sampled_from(encodings))
    assume(not text.isascii() and _can_encode(text, encoding))
    return text, encoding


def _detected(data) -> None:
    text, encoding = _excerpt(data)
    decoded = reading.read_text(text.encode(encoding))
    assert decoded.text == reading.normalise(text), (encoding, decoded.encoding)
    assert decoded.method in ("detected", "utf-8")


@pytest.mark.corpus
@given(st.data())
@FAST
def test_legacy_encodings_of_real_prose_are_detected(data):
    _detected(data)


@pytest.mark.corpus
@pytest.mark.slow
@given(st.data())
@SLOW
def test_legacy_encodings_of_real_prose_are_detected_long(data):
    _detected(data)


def _mojibake_prose(data) -> None:
    text, _ = _excerpt(data)
    broken = text.encode("utf-8").decode("latin-1").translate(_WINDOWS_1252).encode("utf-8")
    assert reading.read_text(broken).text == reading.normalise(text)
    assert reading.read_text(text.encode("utf-8")).text == reading.normalise(text)  # correct text untouched


_WINDOWS_1252 = {b: bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(0x80, 0xA0)}


@pytest.mark.corpus
@given(st.data())
@FAST
def test_mojibake_of_real_prose_is_repaired(data):
    _mojibake_prose(data)


# --- arbitrary bytes -----------------------------------------------------------------------------

_PREFIXES = [
    b"",
    codecs.BOM_UTF8,
    codecs.BOM_UTF16_LE,
    codecs.BOM_UTF16_BE,
    codecs.BOM_UTF32_LE,
    b"?",
    b"PK\x03\x04",
    b"%PDF-",
    b"<meta charset=koi8-r>",
    b"<?xml version='1.0' encoding='shift_jis'?>",
    b"\x00H\x00i",
]
_bytes = st.builds(lambda prefix, body: prefix + body, st.sampled_from(_PREFIXES), st.binary(max_size=600))
_anything = st.one_of(
    _bytes,
    _text.map(lambda t: t.encode("utf-8")),
    st.lists(
        st.sampled_from(
            [b"\x00", b"\xff", b"\xc3", b"\xa9", b"a", b" ", b"\n", b"\r", b"?", b"\xe2\x80", b"\x93", b"\x1b"]
        ),
        max_size=80,
    ).map(b"".join),
)


def _never_crashes(data: bytes, encoding: str | None, fix_text: bool) -> None:
    try:
        decoded = reading.read_text(data, encoding, fix_text)
    except Fic2EpubError as err:
        assert str(err) and "\n" not in str(err)
        return
    assert decoded.text.strip()
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\r\ud800-\udfff\ufffe\uffff\u200b\ufeff]", decoded.text)
    assert reading.normalise(decoded.text) == decoded.text  # normalising twice changes nothing


@given(_anything, st.sampled_from([None, None, None, "utf-8", "utf-16", "cp1252", "shift_jis", "nope"]), st.booleans())
@FAST
def test_arbitrary_bytes_give_text_or_a_project_error(data, encoding, fix_text):
    _never_crashes(data, encoding, fix_text)


@pytest.mark.slow
@given(_anything, st.sampled_from([None, None, None, "utf-8", "utf-16", "cp1252", "shift_jis", "nope"]), st.booleans())
@SLOW
def test_arbitrary_bytes_give_text_or_a_project_error_long(data, encoding, fix_text):
    _never_crashes(data, encoding, fix_text)
