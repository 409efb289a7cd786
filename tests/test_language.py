"""Language detection: the corpus books, scripts, short texts, and the tags it may return."""

from __future__ import annotations

import re

import pytest

from fic2epub.language import (
    KINDLE_LANGUAGES,
    PAGE_WORDS,
    detect_language,
    format_number,
    kindle_supported,
    native_name,
    page_word,
    script_counts,
)
from fic2epub.model import book_text

from conftest import corpus_files
from converted_corpus import converted_corpus

#: The corpus files that are not English (README: non-English).
EXPECTED = {"crise-naruto-fr-cp1252-crlf.txt": "fr", "1qxs-daozhong-ch1-zh.md": "zh"}
BCP47 = re.compile(r"^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-[A-Z]{2})?$")


@pytest.mark.parametrize("name", [p.name for p in corpus_files()])
def test_corpus_language_detected_from_the_book(name):
    book = converted_corpus()[name].book
    found = detect_language(book_text(book))
    expected = EXPECTED.get(name, "en")
    assert (found.tag, found.sure) == (expected, True)
    assert found.confidence >= 0.8
    # what the conversion put in dc:language agrees (whether a site declared it or it was detected)
    assert book.metadata.language.split("-")[0] == expected


@pytest.mark.parametrize(
    "text, tag",
    [
        ("Der schnelle braune Fuchs springt über den faulen Hund und läuft dann weiter in den Wald.", "de"),
        ("¿Qué? No lo sé, quizás mañana vamos a la playa con mis amigos del colegio.", "es"),
        ("Ele disse que não sabia onde estava a chave da casa, mas que ia procurar amanhã.", "pt"),
        ("Il ne savait pas où était la clé de la maison, mais il allait la chercher demain.", "fr"),
        ("Привет, как дела? Я хорошо, спасибо, а ты как поживаешь сегодня вечером?", "ru"),
        ("Привіт, як справи? Я добре, дякую, а ти як поживаєш сьогодні ввечері?", "uk"),
        ("我以道种铸长生，此界有仙！景儿，你来了？他问道。", "zh"),
        ("這個國家的人們說話很快，我聽不懂他們說的話。", "zh-Hant"),
        ("こんにちは、元気ですか？私は学生です。東京に住んでいます。", "ja"),
        ("안녕하세요 반갑습니다 저는 학생입니다", "ko"),
        ("Καλημέρα, τι κάνεις σήμερα; Είμαι καλά, ευχαριστώ.", "el"),
        ("שלום, מה שלומך היום? אני בסדר, תודה.", "he"),
    ],
)
def test_scripts_and_languages(text, tag):
    found = detect_language(text)
    assert found.tag == tag
    assert found.sure


@pytest.mark.parametrize(
    "text", ["", "   ", "Hello", "ok ok", "12345 678", "http://example.com/a", "^_^ :) <3", "Ch. 1"]
)
def test_too_little_text_is_english_and_unsure(text):
    found = detect_language(text)
    assert (found.tag, found.sure) == ("en", False)


def test_short_cyrillic_keeps_a_cyrillic_guess():
    found = detect_language("Да")
    assert found.tag == "ru" and not found.sure


def test_short_cjk_is_still_recognised():
    assert detect_language("你好").tag == "zh"
    assert detect_language("ありがとう").tag == "ja"


def test_an_english_note_does_not_outweigh_a_french_story():
    note = "Author's note: thanks for reading, please review! " * 3
    story = "Il ne savait pas où était la clé de la maison, mais il allait la chercher demain matin. " * 40
    assert detect_language(note + story).tag == "fr"


def test_chinese_with_latin_ads_is_chinese():
    text = "【我以道种铸长生】小说免费阅读，请收藏 一七小说【1qxs.com】 " + "他问道：“景儿，你来了？”此界有仙！" * 5
    assert detect_language(text).tag == "zh"


def test_mixed_language_text_is_unsure():
    text = "the cat " + "der Hund " + "le chat " + "el gato " + "il gatto " + "o gato " + "de kat"
    found = detect_language(text)
    assert found.tag == "en" and not found.sure


def test_tags_are_well_formed_and_never_undetermined():
    samples = [
        "Hello there, how are you doing today my friend?",
        "你好世界",
        "Да",
        "",
        "x" * 50,
        "Bonjour à tous, comment allez-vous ce matin ?",
        "Ciao a tutti, come state oggi?",
    ]
    for text in samples:
        tag = detect_language(text).tag
        assert BCP47.match(tag), tag
        assert tag not in ("und", "zxx", "mul")


def test_script_counts():
    assert script_counts("abc дом 家") == {"Latin": 3, "Cyrillic": 3, "Han": 1}


def test_kindle_supported():
    assert kindle_supported("en") and kindle_supported("pt-BR") and kindle_supported("zh-Hant")
    assert not kindle_supported("tlh")
    assert {"en", "fr", "de", "es", "it", "ja", "zh", "nl", "pt"} <= KINDLE_LANGUAGES


def test_english_is_settled_without_loading_the_langid_model():
    """py3langid's model costs about half a second per process; English stories must not pay it."""
    import subprocess
    import sys

    from conftest import SAMPLE

    code = (
        "import sys; from fic2epub import language; from fic2epub.reading import read_text;"
        f"d = language.detect_language(read_text(open({str(SAMPLE)!r}, 'rb').read()).text);"
        "print(d.tag, d.sure, language._IDENTIFIER is None)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.stdout.split() == ["en", "True", "True"], out.stderr


# --- the book's own words ----------------------------------------------------------------------

PAGE_LANGUAGES = ["en", "fr", "es", "pt", "de", "it", "ru", "zh", "ja", "ko"]


@pytest.mark.parametrize("tag", PAGE_LANGUAGES)
def test_page_words_for_every_language(tag):
    words = PAGE_WORDS[tag]
    assert set(words) == set(PAGE_WORDS["en"])
    assert all(word.strip() for word in words.values())
    assert "{}" in words["by"] and "{n}" in words["chapter"]
    if tag != "en":  # translated, not copied (a few words are the same in English: Site, Kudos …)
        assert words["summary"] != "Summary" and words["words"] != "Words" and words["contents"] != "Contents"


@pytest.mark.parametrize(
    "tag,key,expected",
    [
        ("fr", "summary", "Résumé"),
        ("fr", "words", "Mots"),
        ("es", "contents", "Índice"),
        ("pt", "chapters", "Capítulos"),
        ("de", "words", "Wörter"),
        ("it", "summary", "Riassunto"),
        ("ru", "contents", "Содержание"),
        ("zh", "words", "字数"),
        ("ja", "contents", "目次"),
        ("ko", "summary", "줄거리"),
        ("fr-CA", "words", "Mots"),  # a region reads its language's words
        ("tlh", "words", "Words"),  # a language the table lacks reads English
        (None, "words", "Words"),
    ],
)
def test_page_word(tag, key, expected):
    assert page_word(tag, key) == expected


def test_page_words_fill_their_blanks():
    assert page_word("en", "by", name="Jane") == "by Jane"
    assert page_word("fr", "by", name="Jane") == "par Jane"
    assert page_word("zh", "by", name="说梦者") == "说梦者 著"
    assert page_word("de", "chapter", n="3") == "Kapitel 3"
    assert page_word("ko", "chapter", n="3") == "제3화"


@pytest.mark.parametrize(
    "tag,value,expected",
    [
        ("en", 4425, "4,425"),
        ("en", "1,074", "1,074"),
        ("fr", "4425", "4\u00a0425"),
        ("de", 4425, "4.425"),
        ("pt", "4425", "4.425"),
        ("es", 4425, "4425"),  # Spanish groups from five digits
        ("es", 14425, "14.425"),
        ("ru", 1234567, "1\u00a0234\u00a0567"),
        ("ja", "1234", "1,234"),
        ("en", "12", "12"),
        ("en", "2/25", "2/25"),
        ("de", "12345/12345", "12.345/12.345"),
        ("en", "1.4K", "1.4K"),  # the site's own short form stays
        ("fr", "12.5K", "12.5K"),
    ],
)
def test_numbers_in_the_books_language(tag, value, expected):
    assert format_number(value, tag) == expected


def test_native_names():
    assert native_name("fr") == "français" and native_name("zh-Hant") == "中文（繁體）"
    assert native_name("pt-BR") == "português" and native_name("tlh") == "tlh"
