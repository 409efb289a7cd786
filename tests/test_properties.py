"""End-to-end properties: any input gives a well-formed EPUB or a clean error; no story word is lost.

Default runs are modest; `pytest --run-slow` runs the same properties with many more examples.
"""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fic2epub import Options, convert
from fic2epub.errors import Fic2EpubError

from conftest import CORPUS, SAMPLE, body_text, epubcheck_messages

FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Real words and punctuation from the corpus, so generated stories look like stories.
_VOCAB = sorted(set(re.findall(r"[A-Za-z']+|[.,!?;:\"-]", SAMPLE.read_text(encoding="utf-8"))))
_MARKERS = ["+++", "***", "* * *", "~~~", "oOo", "-x-", "###"]


def _check_epub(data: bytes) -> None:
    from lxml import etree

    archive = zipfile.ZipFile(io.BytesIO(data))
    names = archive.namelist()
    assert names[0] == "mimetype"
    assert archive.read("mimetype") == b"application/epub+zip"
    for name in names:
        if name.endswith((".xhtml", ".opf", ".ncx", ".xml")):
            etree.fromstring(archive.read(name))  # well-formed XML, or this raises


def _convert_or_clean_error(data: bytes) -> None:
    try:
        result = convert(data, Options(source_name="story.txt"))
    except Fic2EpubError as err:
        message = str(err)
        assert message and "\n" not in message and "Traceback" not in message
    else:
        _check_epub(result.epub)


@FAST
@given(st.binary(max_size=3000))
def test_any_bytes_give_an_epub_or_a_clean_error(data):
    _convert_or_clean_error(data)


@FAST
@given(st.text(max_size=3000))
def test_any_text_gives_an_epub_or_a_clean_error(text):
    _convert_or_clean_error(text.encode("utf-8"))


@pytest.mark.slow
@SLOW
@given(st.one_of(st.binary(max_size=20000), st.text(max_size=20000).map(lambda t: t.encode("utf-8"))))
def test_any_input_long_run(data):
    _convert_or_clean_error(data)


_paragraph = st.lists(st.sampled_from(_VOCAB), min_size=3, max_size=60).map(" ".join)
_story = st.lists(st.one_of(_paragraph, _paragraph, _paragraph, st.sampled_from(_MARKERS)), min_size=1, max_size=30)


def _words(text: str) -> list[str]:
    text = text.replace("’", "'").replace("‘", "'")
    return [w.lower() for w in re.findall(r"[A-Za-z0-9]+", text)]


def _check_words_kept(blocks: list[str]) -> None:
    source = "\n\n".join(blocks)
    want = _words("\n\n".join(b for b in blocks if b not in _MARKERS))
    try:
        result = convert(source.encode("utf-8"), Options(source_name="story.txt"))
    except Fic2EpubError:
        assert not want, "a story with words must convert"
        return
    front = re.compile(r'<nav\b|epub:type="(?:cover|titlepage|toc)"')
    docs = [d for d in _spine(result.epub) if not front.search(d)]
    book = _words("\n".join(body_text(d) for d in docs))
    # every input word, in order
    it = iter(book)
    missing = [w for w in want if not any(w == b for b in it)]
    assert not missing, f"words lost: {missing[:10]}"


def _spine(epub: bytes) -> list[str]:
    from conftest import EpubView

    return EpubView(epub).spine_documents()


@FAST
@given(_story)
def test_no_story_word_lost(blocks):
    _check_words_kept(blocks)


@pytest.mark.slow
@SLOW
@given(_story)
def test_no_story_word_lost_long_run(blocks):
    _check_words_kept(blocks)


#: Odd but real-looking inputs built from the example, each checked by EPUBCheck.
ODD_INPUTS = {
    "markup characters": SAMPLE.read_bytes().replace(b"Down the Rabbit-Hole", b'Tom & Jerry <3 ]]> "quoted"', 1),
    "only a title line": b"Goodbye.",
    "emoji and rtl": "Goodbye 👨‍👩‍👧\n\nשלום עולם, ما هذا؟ \u202bembedded\u202c".encode("utf-8"),
    "control characters": SAMPLE.read_bytes().replace(b"Alice", b"Al\x00ice\x0b", 3),
}


@pytest.mark.epubcheck
@pytest.mark.parametrize("name", sorted(ODD_INPUTS))
def test_odd_inputs_pass_epubcheck(name):
    result = convert(ODD_INPUTS[name], Options(source_name="odd.txt"))
    assert epubcheck_messages(result.epub) == []


@pytest.mark.corpus
def test_every_corpus_file_converts_or_fails_cleanly():
    for path in sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.parent != CORPUS):
        result = convert(path.read_bytes(), Options(source_name=path.name))
        _check_epub(result.epub)
