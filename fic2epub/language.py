"""Every language fact in one place: BCP 47 tags, language names, writing direction, Kindle's list,
and detection of the story's language from its text.

Tags: ``normalise_tag`` turns what sites and readers write (``English``, ``français``, ``eng``,
``pt_br``) into a well-formed BCP 47 tag with canonical case, or None when it is not a language.

Detection has two steps. First the writing system: counting letters by Unicode script settles Chinese,
Japanese, Korean, Greek, Hebrew, Thai … outright (Japanese is told from Chinese by its kana; Traditional
from Simplified Chinese by characters that exist in one form only). Then, for scripts shared by many
languages (Latin, Cyrillic, Arabic, Devanagari), frequent English words settle English, and py3langid
(imported lazily) ranks the languages, only those written in that script competing.

Detected tags are RFC 5646 / BCP 47 primary subtags from ISO 639-1 where one exists (``en``, ``fr``,
``nb``), the form Send to Kindle asks for ("specify the language in RFC 5646 format, e.g. en, fr, ja");
the only script subtag used is ``zh-Hant``. Never ``und`` or ``zxx``: when a Latin-script text is too
short or too mixed to be sure, the answer is ``en`` with ``sure=False`` (the conversion then warns and
suggests ``--language``). A Cyrillic text that is hard to place keeps its best Cyrillic guess
(English would certainly be wrong), also with ``sure=False``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal

import regex

from .model import Book, book_text

# --- tags and names ------------------------------------------------------------------------------

#: The tag a book gets when nothing better is known.
DEFAULT = "en"

#: English names for the languages most stories come in (the title page shows them); other tags are
#: shown as they are.
LANGUAGE_NAMES = {
    "ar": "Arabic",
    "ca": "Catalan",
    "cs": "Czech",
    "da": "Danish",
    "de": "German",
    "el": "Greek",
    "en": "English",
    "es": "Spanish",
    "fi": "Finnish",
    "fr": "French",
    "he": "Hebrew",
    "hi": "Hindi",
    "hu": "Hungarian",
    "id": "Indonesian",
    "it": "Italian",
    "ja": "Japanese",
    "ko": "Korean",
    "nl": "Dutch",
    "no": "Norwegian",
    "pl": "Polish",
    "pt": "Portuguese",
    "ro": "Romanian",
    "ru": "Russian",
    "sv": "Swedish",
    "th": "Thai",
    "tl": "Tagalog",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "vi": "Vietnamese",
    "zh": "Chinese",
}

#: Language names as sites and readers write them (English and native names) -> tags.
_NAMED = {
    **{name.lower(): code for code, name in LANGUAGE_NAMES.items()},
    "français": "fr",
    "deutsch": "de",
    "español": "es",
    "italiano": "it",
    "português": "pt",
    "nederlands": "nl",
    "русский": "ru",
    "polski": "pl",
    "svenska": "sv",
    "dansk": "da",
    "norsk": "no",
    "suomi": "fi",
    "čeština": "cs",
    "magyar": "hu",
    "latin": "la",
    "中文": "zh",
    "日本語": "ja",
    "한국어": "ko",
    "esperanto": "eo",
    "filipino": "fil",
    "welsh": "cy",
    "irish": "ga",
}

#: Deprecated ISO 639 codes still seen in the wild, and three-letter codes of languages that have a
#: two-letter one (BCP 47 wants the shortest), with what BCP 47 wants instead.
_ALIASES = {
    "iw": "he",
    "ji": "yi",
    "in": "id",
    "jw": "jv",
    "mo": "ro",
    "eng": "en",
    "fra": "fr",
    "fre": "fr",
    "deu": "de",
    "ger": "de",
    "spa": "es",
    "ita": "it",
    "por": "pt",
    "rus": "ru",
    "zho": "zh",
    "chi": "zh",
    "jpn": "ja",
    "kor": "ko",
    "ara": "ar",
    "heb": "he",
    "nld": "nl",
    "dut": "nl",
    "pol": "pl",
    "tur": "tr",
    "vie": "vi",
    "ind": "id",
    "ukr": "uk",
    "swe": "sv",
}

#: A BCP 47 tag: language, optional script, region and variants (private-use and grandfathered
#: tags are not produced by any stage, so they are not accepted).
_BCP47 = re.compile(
    r"^(?P<lang>[a-z]{2,3})(?:-(?P<script>[a-z]{4}))?(?:-(?P<region>[a-z]{2}|\d{3}))?"
    r"(?P<variants>(?:-(?:[a-z\d]{5,8}|\d[a-z\d]{3}))*)$",
    re.I,
)

#: Languages written right to left (primary subtags), and scripts that are.
RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur", "yi", "ps", "sd", "ug", "dv", "ckb", "syr", "arc", "iw", "ji"})
RTL_SCRIPTS = frozenset({"Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Adlm", "Rohg"})

#: Primary subtags of the languages Amazon lists for Kindle books (KDP's list, with the languages Send
#: to Kindle also reads: Russian, Ukrainian, Hebrew, Yiddish, Arabic). Informative: the Kindle check
#: warns about others, detection never lies about them.
KINDLE_LANGUAGES = frozenset(
    {
        "af",
        "ar",
        "br",
        "ca",
        "co",
        "cy",
        "da",
        "de",
        "en",
        "es",
        "eu",
        "fi",
        "fr",
        "frr",
        "fy",
        "ga",
        "gd",
        "gl",
        "gsw",
        "gu",
        "gv",
        "he",
        "hi",
        "is",
        "it",
        "ja",
        "kw",
        "lb",
        "ml",
        "mr",
        "nb",
        "nl",
        "nn",
        "no",
        "oc",
        "pl",
        "pt",
        "rm",
        "ru",
        "sco",
        "stq",
        "sv",
        "ta",
        "uk",
        "yi",
        "zh",
    }
)


def normalise_tag(value: str | None) -> str | None:
    """``value`` (a tag or a language's name) as a BCP 47 tag with canonical case, or None.

    ``French`` -> ``fr``, ``eng`` -> ``en``, ``pt_br`` -> ``pt-BR``, ``zh-hant`` -> ``zh-Hant``;
    ``und``/``zxx`` and anything that is not a tag -> None.
    """
    value = (value or "").strip().replace("_", "-")
    value = _NAMED.get(value.lower(), value)
    match = _BCP47.match(value)
    if not match or match["lang"].lower() in ("und", "zxx", "mis"):
        return None
    lang = match["lang"].lower()
    parts = [_ALIASES.get(lang, lang)]
    if match["script"]:
        parts.append(match["script"].title())
    if match["region"]:
        parts.append(match["region"].upper())
    parts.extend(v.lower() for v in match["variants"].split("-") if v)
    return "-".join(parts)


def direction(tag: str) -> str:
    """``rtl`` for right-to-left languages and scripts, else ``ltr``."""
    subtags = tag.split("-")
    return "rtl" if subtags[0] in RTL_LANGUAGES or (len(subtags) > 1 and subtags[1] in RTL_SCRIPTS) else "ltr"


def name_of(tag: str) -> str:
    """The language's English name (``fr`` -> ``French``), else the tag itself."""
    return LANGUAGE_NAMES.get(tag.split("-")[0], tag)


def kindle_supported(tag: str) -> bool:
    """Whether Amazon lists the tag's language for Kindle books (see KINDLE_LANGUAGES)."""
    return tag.split("-")[0].lower() in KINDLE_LANGUAGES


# --- detection -------------------------------------------------------------------------------------

#: Below this share of the script's languages the guess is not trusted.
CONFIDENCE_FLOOR = 0.8
#: Fewer letters than this (after URLs and numbers are removed) is too little text to judge.
MIN_LETTERS = 30
#: How much text is sampled: this many characters from the start, the middle and the end.
CHUNK = 6000

#: py3langid codes that are not the tag a book should carry.
_TAGS = {
    "no": "nb",  # Norwegian written language: Bokmål unless py3langid says Nynorsk
    "ary": "ar",
    "arz": "ar",  # Moroccan and Egyptian Arabic are written as Arabic
    "wuu": "zh",
    "yue": "zh-Hant",  # Wu and Cantonese in writing are Chinese
    "hbo": "he",
    "grc": "el",  # ancient forms of the modern written languages
    "uzs": "uz",
    "gug": "gn",
    "fuv": "ff",
}

#: Scripts that name one language outright.
_SCRIPT_LANGUAGE = {
    "Greek": "el",
    "Hebrew": "he",
    "Thai": "th",
    "Hangul": "ko",
    "Georgian": "ka",
    "Armenian": "hy",
    "Khmer": "km",
    "Lao": "lo",
    "Myanmar": "my",
    "Sinhala": "si",
    "Tamil": "ta",
    "Telugu": "te",
    "Kannada": "kn",
    "Malayalam": "ml",
    "Gujarati": "gu",
    "Gurmukhi": "pa",
    "Ethiopic": "am",
    "Tibetan": "bo",
    "Oriya": "or",
}

#: Frequent English words that are rare as words in other Latin-script languages ("a", "in", "me",
#: "die" are left out). Running English prose has a third or more of its words in this set, French or
#: German prose almost none: a cheap, sure answer for most stories without loading py3langid's model
#: (about half a second of start-up, which a shell loop pays once per file).
_ENGLISH_WORDS = frozenset(
    "the and of to was he she it his her that with you had for but they be at have not this what him "
    "my we were been said would could from there their when one all did just like your is are them "
    "then out into about know if or will can who which by up no back don didn i'm it's".split()
)
#: Share of English words above which a Latin-script text of enough words is English.
ENGLISH_SHARE = 0.25
ENGLISH_MIN_WORDS = 40
_WORD = regex.compile(r"\p{L}+(?:['’]\p{L}+)?")

#: For scripts many languages share: the py3langid languages written in it.
_SCRIPT_CANDIDATES = {
    "Cyrillic": {"ru", "uk", "be", "bg", "mk", "sr", "kk", "ky", "tg", "tt", "ba", "mn", "crh"},
    "Arabic": {"ar", "ary", "arz", "fa", "ur", "ps", "ug", "ku", "sdh"},
    "Devanagari": {"hi", "mr", "ne", "sa", "gom"},
    "Bengali": {"bn", "as"},
}

#: The most written language of each shared script, for texts too short to tell.
_SCRIPT_DEFAULT = {"Cyrillic": "ru", "Arabic": "ar", "Devanagari": "hi", "Bengali": "bn"}

# Characters that exist only in Simplified (first) or only in Traditional (second) Chinese.
_SIMPLIFIED = set("这个们来时为说国么会过对发后学样还没长开经动种见应门问间让认边东车听马鸟书")
_TRADITIONAL = set("這個們來時為說國麼會過對發後學樣還沒長開經動種見應門問間讓認邊東車聽馬鳥書")
_SIMPLIFIED, _TRADITIONAL = _SIMPLIFIED - _TRADITIONAL, _TRADITIONAL - _SIMPLIFIED

_SCRIPTS = ("Latin", "Han", "Hiragana", "Katakana", "Cyrillic", "Arabic", "Devanagari", "Bengali", *_SCRIPT_LANGUAGE)
# Web addresses, e-mail addresses, numbers and markup carry no language. The alternatives that start
# at every word (an e-mail address, a bare domain) are left out of the pattern when the text has no
# "@" or no ".com", ".net", ".org": they cannot match there, and trying them at every word is slow.
_MAIL, _URL, _DOMAIN, _REST = r"\S+@\S+", r"(?:https?://|www\.)\S+", r"\S+\.(?:com|net|org)\S*", r"<[^>]*>|&\w+;|\d+"


@lru_cache(maxsize=4)
def _noise(mail: bool, domain: bool) -> regex.Pattern[str]:
    return regex.compile("|".join([*([_MAIL] if mail else []), _URL, *([_DOMAIN] if domain else []), _REST]))


# Runs of letters (counted by their lengths: a run is one match where a letter was one).
_LETTERS = regex.compile(r"\p{L}+")
_LATIN = regex.compile(r"\p{Script=Latin}+")


@dataclass
class Detected:
    tag: str
    confidence: float
    sure: bool


def _sample(text: str) -> str:
    """The start, middle and end of ``text`` (a story's opening note is not its language)."""
    if len(text) > 4 * CHUNK:  # cut before cleaning: the noise pattern is slow on long texts
        middle = len(text) // 2
        text = "\n".join((text[: 2 * CHUNK], text[middle - CHUNK : middle + CHUNK], text[-2 * CHUNK :]))
    text = _noise("@" in text, any(tld in text for tld in (".com", ".net", ".org"))).sub(" ", text)
    if len(text) <= 3 * CHUNK:
        return text
    middle = len(text) // 2
    return "\n".join((text[:CHUNK], text[middle - CHUNK // 2 : middle + CHUNK // 2], text[-CHUNK:]))


def script_counts(text: str) -> dict[str, int]:
    """How many letters of ``text`` each script has (scripts with none are left out)."""
    counts: dict[str, int] = {}
    # Most stories are in Latin script: one pass settles that, instead of one pass per script.
    letters = sum(map(len, _LETTERS.findall(text)))
    latin = sum(map(len, _LATIN.findall(text)))
    if letters and latin == letters:
        return {"Latin": latin}
    for name in _SCRIPTS:
        n = len(regex.findall(rf"\p{{Script={name}}}", text))
        if n:
            counts[name] = n
    return counts


def _chinese(text: str) -> str:
    simplified = sum(c in _SIMPLIFIED for c in text)
    traditional = sum(c in _TRADITIONAL for c in text)
    return "zh-Hant" if traditional > simplified else "zh"


def _ranked(sample: str, candidates: set[str] | None) -> tuple[str, float]:
    """py3langid's best language among ``candidates`` (all when None), with its share of them."""
    ranking = [(lang, p) for lang, p in _identifier().rank(sample) if lang != "zxx"]
    if candidates is not None:
        ranking = [(lang, p) for lang, p in ranking if lang in candidates]
    total = sum(p for _, p in ranking)
    if not ranking or total <= 0:
        return "", 0.0
    lang, p = max(ranking, key=lambda item: item[1])
    return _TAGS.get(lang, lang), float(p / total)


def _non_latin_languages() -> set[str]:
    out = set(_SCRIPT_LANGUAGE.values()) | {"zh", "ja", "wuu", "yue", "hbo", "grc", "dz", "iu"}
    for langs in _SCRIPT_CANDIDATES.values():
        out |= langs
    return out


def detect_language(text: str) -> Detected:
    """Guess the language of ``text`` (plain story text). Never ``und``: unsure → ``en``, sure=False."""
    sample = _sample(text)
    counts = script_counts(sample)
    letters = sum(counts.values())
    if not letters:
        return Detected("en", 0.0, False)
    script, n = max(counts.items(), key=lambda item: item[1])
    kana = counts.get("Hiragana", 0) + counts.get("Katakana", 0)
    cjk = counts.get("Han", 0) + kana
    if cjk > letters / 2:
        # Japanese mixes kana into its kanji; Chinese has none (a few loan marks aside).
        if kana >= 0.1 * cjk:
            return Detected("ja", cjk / letters, True)
        return Detected(_chinese(sample), cjk / letters, True)
    if script in _SCRIPT_LANGUAGE:
        return Detected(_SCRIPT_LANGUAGE[script], n / letters, True)
    if script in _SCRIPT_CANDIDATES:
        tag, share = _ranked(sample, _SCRIPT_CANDIDATES[script])
        sure = share >= CONFIDENCE_FLOOR and letters >= MIN_LETTERS
        # Too little text to tell the script's languages apart: its most written language.
        return Detected(tag if sure or share >= 0.5 else _SCRIPT_DEFAULT[script], share, sure)
    if letters < MIN_LETTERS:
        return Detected("en", 0.0, False)
    english = _english_share(sample)
    if english is not None:
        return Detected("en", english, True)
    tag, share = _ranked(sample, set(_identifier().nb_classes) - _non_latin_languages())
    if not tag or share < CONFIDENCE_FLOOR:
        return Detected("en", share, False)
    return Detected(tag, share, True)


def _english_share(sample: str) -> float | None:
    """The share of frequent English words in ``sample`` when it clearly is English, else None."""
    words = [w.replace("’", "'") for w in _WORD.findall(sample.lower())]
    if len(words) < ENGLISH_MIN_WORDS:
        return None
    share = sum(w in _ENGLISH_WORDS for w in words) / len(words)
    return min(1.0, 0.8 + share / 2) if share >= ENGLISH_SHARE else None


_IDENTIFIER = None


def _identifier():
    """py3langid's identifier with normalised probabilities, loaded once."""
    global _IDENTIFIER
    if _IDENTIFIER is None:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        _IDENTIFIER = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return _IDENTIFIER


# --- the stage -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LanguageChoice:
    """The book's language and where it came from (``confidence`` only when detected)."""

    tag: str
    source: Literal["option", "site", "detected"]
    confidence: float | None = None


def settle_language(book: Book, from_option: bool) -> tuple[Book, LanguageChoice, list[str]]:
    """The book with a valid BCP 47 language: the one given (option or site), else detected."""
    given = book.metadata.language
    warnings: list[str] = []
    if given:
        tag = normalise_tag(given) or DEFAULT
        if tag.lower() != given.replace("_", "-").lower():
            warnings.append(f"language {given!r} is not a valid BCP 47 tag; using {tag!r}")
        choice = LanguageChoice(tag, "option" if from_option else "site")
    else:
        found = detect_language(book_text(book))
        choice = LanguageChoice(found.tag, "detected", round(found.confidence, 3))
        if not found.sure:
            warnings.append(f"language not recognised with confidence; using {found.tag!r} (set the language)")
    return replace(book, metadata=replace(book.metadata, language=choice.tag)), choice, warnings


# --- the book's own words: the information page, the contents, front matter ----------------------

#: Keys of the book's own words, in the order of ``PAGE_WORDS`` rows.
_PAGE_KEYS = (
    "by summary contents cover title_page start site source rating warnings category fandoms relationships "
    "characters tags series language status published updated words chapters comments kudos bookmarks hits "
    "reads votes views hearts translator edition illustrator editor publisher copyright date collections "
    "dedication epigraph foreword preface introduction completed in_progress chapter"
).split()

#: The words of the pages fic2epub writes itself, in the languages stories most come in, one row a
#: language, in ``_PAGE_KEYS`` order ("|" between words; ``{}`` is the author, ``{n}`` a number).
#: Other languages read English.
_PAGE_ROWS = {
    "en": "by {}|Summary|Contents|Cover|Title Page|Start|Site|Source|Rating|Warnings|Category|Fandoms|"
    "Relationships|Characters|Tags|Series|Language|Status|Published|Updated|Words|Chapters|Comments|Kudos|"
    "Bookmarks|Hits|Reads|Votes|Views|Hearts|Translator|Edition|Illustrator|Editor|Publisher|Copyright|Date|"
    "Collections|Dedication|Epigraph|Foreword|Preface|Introduction|Completed|In progress|Chapter {n}",
    "fr": "par {}|Résumé|Table des matières|Couverture|Page de titre|Début|Site|Source|Classement|"
    "Avertissements|Catégorie|Fandoms|Relations|Personnages|Étiquettes|Série|Langue|Statut|Publié|Mis à jour|"
    "Mots|Chapitres|Commentaires|Kudos|Signets|Visites|Lectures|Votes|Vues|Cœurs|Traduction|Édition|"
    "Illustrations|Édité par|Éditeur|Droits|Date|Collections|Dédicace|Épigraphe|Avant-propos|Préface|"
    "Introduction|Terminé|En cours|Chapitre {n}",
    "es": "por {}|Resumen|Índice|Cubierta|Portada|Inicio|Sitio|Fuente|Clasificación|Advertencias|Categoría|"
    "Fandoms|Relaciones|Personajes|Etiquetas|Serie|Idioma|Estado|Publicado|Actualizado|Palabras|Capítulos|"
    "Comentarios|Kudos|Marcadores|Visitas|Lecturas|Votos|Vistas|Corazones|Traducción|Edición|Ilustraciones|"
    "Edición a cargo de|Editorial|Derechos|Fecha|Colecciones|Dedicatoria|Epígrafe|Prólogo|Prefacio|"
    "Introducción|Completa|En curso|Capítulo {n}",
    "pt": "por {}|Resumo|Sumário|Capa|Folha de rosto|Início|Site|Fonte|Classificação|Avisos|Categoria|"
    "Fandoms|Relacionamentos|Personagens|Tags|Série|Idioma|Estado|Publicado|Atualizado|Palavras|Capítulos|"
    "Comentários|Kudos|Favoritos|Acessos|Leituras|Votos|Visualizações|Corações|Tradução|Edição|Ilustrações|"
    "Organização|Editora|Direitos|Data|Coleções|Dedicatória|Epígrafe|Apresentação|Prefácio|Introdução|"
    "Completa|Em andamento|Capítulo {n}",
    "de": "von {}|Zusammenfassung|Inhalt|Cover|Titelseite|Anfang|Website|Quelle|Altersfreigabe|Warnungen|"
    "Kategorie|Fandoms|Beziehungen|Figuren|Tags|Reihe|Sprache|Status|Veröffentlicht|Aktualisiert|Wörter|"
    "Kapitel|Kommentare|Kudos|Lesezeichen|Aufrufe|Gelesen|Stimmen|Aufrufe|Herzen|Übersetzung|Ausgabe|"
    "Illustrationen|Herausgegeben von|Verlag|Urheberrecht|Datum|Sammlungen|Widmung|Motto|Geleitwort|Vorwort|"
    "Einleitung|Abgeschlossen|In Arbeit|Kapitel {n}",
    "it": "di {}|Riassunto|Indice|Copertina|Frontespizio|Inizio|Sito|Fonte|Classificazione|Avvertenze|"
    "Categoria|Fandom|Relazioni|Personaggi|Tag|Serie|Lingua|Stato|Pubblicata|Aggiornata|Parole|Capitoli|"
    "Commenti|Kudos|Segnalibri|Visite|Letture|Voti|Visualizzazioni|Cuori|Traduzione|Edizione|Illustrazioni|"
    "A cura di|Editore|Diritti|Data|Raccolte|Dedica|Epigrafe|Premessa|Prefazione|Introduzione|Completa|"
    "In corso|Capitolo {n}",
    "ru": "{}|Аннотация|Содержание|Обложка|Титульный лист|Начало|Сайт|Источник|Рейтинг|Предупреждения|"
    "Категория|Фэндомы|Пейринги|Персонажи|Метки|Серия|Язык|Статус|Опубликовано|Обновлено|Слов|Глав|"
    "Комментарии|Кудосы|Закладки|Просмотры|Прочтения|Голоса|Просмотры|Сердца|Перевод|Издание|Иллюстрации|"
    "Редактор|Издательство|Авторское право|Дата|Сборники|Посвящение|Эпиграф|Вступительное слово|Предисловие|"
    "Введение|Завершён|В процессе|Глава {n}",
    "zh": "{} 著|简介|目录|封面|扉页|正文|网站|来源|分级|警告|类别|同人圈|配对|角色|标签|系列|语言|状态|发布|更新|"
    "字数|章节|评论|点赞|书签|点击|阅读|投票|浏览|红心|译者|版本|插图|编者|出版者|版权|日期|合集|献词|题词|前言|序|"
    "引言|已完结|连载中|第{n}章",
    "ja": "{} 著|あらすじ|目次|表紙|扉|本文|サイト|出典|レーティング|警告|カテゴリー|ファンダム|カップリング|"
    "キャラクター|タグ|シリーズ|言語|状態|公開|更新|文字数|章|コメント|Kudos|ブックマーク|ヒット|閲覧|投票|"
    "閲覧数|ハート|翻訳|版|挿絵|編者|出版社|著作権|日付|コレクション|献辞|エピグラフ|序文|まえがき|序論|完結|"
    "連載中|第{n}章",
    "ko": "{} 지음|줄거리|목차|표지|속표지|본문|사이트|출처|등급|경고|분류|팬덤|커플링|등장인물|태그|시리즈|언어|"
    "상태|게시일|업데이트|단어 수|챕터|댓글|쿠도스|북마크|조회수|읽음|투표|조회|하트|번역|판|삽화|엮은이|출판사|"
    "저작권|날짜|컬렉션|헌사|제사|머리말|서문|서론|완결|연재 중|제{n}화",
}
PAGE_WORDS: dict[str, dict[str, str]] = {
    tag: dict(zip(_PAGE_KEYS, row.split("|"), strict=True)) for tag, row in _PAGE_ROWS.items()
}

#: Each language's name in itself (the information page names the book's language so).
NATIVE_NAMES = {
    "en": "English",
    "fr": "français",
    "es": "español",
    "pt": "português",
    "de": "Deutsch",
    "it": "italiano",
    "ru": "русский",
    "zh": "中文",
    "zh-Hant": "中文（繁體）",
    "ja": "日本語",
    "ko": "한국어",
    "nl": "Nederlands",
    "pl": "polski",
    "sv": "svenska",
    "da": "dansk",
    "nb": "norsk bokmål",
    "no": "norsk",
    "fi": "suomi",
    "cs": "čeština",
    "hu": "magyar",
    "tr": "Türkçe",
    "uk": "українська",
    "el": "Ελληνικά",
    "he": "עברית",
    "ar": "العربية",
    "vi": "Tiếng Việt",
    "id": "Bahasa Indonesia",
    "th": "ไทย",
    "hi": "हिन्दी",
    "ro": "română",
    "ca": "català",
}

#: How numbers are grouped (CLDR): the separator of thousands, and the fewest digits a number has
#: before it is grouped (Spanish writes 4425 but 14.425). French and Russian group with a no-break
#: space (U+00A0: the narrow one, U+202F, is missing from some e-reader fonts).
NUMBER_GROUPING: dict[str, tuple[str, int]] = {
    "en": (",", 4),
    "fr": ("\u00a0", 4),
    "es": (".", 5),
    "pt": (".", 4),
    "de": (".", 4),
    "it": (".", 4),
    "ru": ("\u00a0", 4),
    "uk": ("\u00a0", 4),
    "pl": ("\u00a0", 5),
    "nl": (".", 4),
    "sv": ("\u00a0", 4),
    "zh": (",", 4),
    "ja": (",", 4),
    "ko": (",", 4),
}


def _primary(tag: str | None) -> str:
    return (normalise_tag(tag) or DEFAULT).split("-")[0]


def page_word(tag: str | None, key: str, **values: str) -> str:
    """One of the book's own words (``PAGE_WORDS``) in the language ``tag`` (English where the table has
    no row for it), with ``{}`` / ``{n}`` filled from ``values`` (``by``: the author, ``chapter``: n)."""
    words = PAGE_WORDS.get(_primary(tag), PAGE_WORDS["en"])
    word = words.get(key) or PAGE_WORDS["en"][key]
    return word.replace("{}", values.get("name", "")).replace("{n}", values.get("n", "")).strip()


def native_name(tag: str) -> str:
    """The language's name in itself (``fr`` -> ``français``), else its English name, else the tag."""
    return NATIVE_NAMES.get(tag) or NATIVE_NAMES.get(tag.split("-")[0]) or name_of(tag)


#: A count as sites write it: digits, grouped or not (``4425``, ``1,074``, ``12 345``).
_COUNT = re.compile(r"\d{1,3}(?:([,.\u00a0\u202f ])\d{3})(?:\1\d{3})*|\d+")


def format_number(value: int | str, tag: str | None) -> str:
    """A count written the book's language's way: ``4425`` -> ``4,425`` (en), ``4 425`` (fr, a no-break
    space), ``4.425`` (de). Other values (``1.4K``, ``2/25``) keep their words, their counts formatted."""

    def one(digits: str) -> str:
        sep, least = NUMBER_GROUPING.get(_primary(tag), (",", 4))
        if len(digits) < least:
            return digits
        head = len(digits) % 3 or 3
        return sep.join([digits[:head], *(digits[i : i + 3] for i in range(head, len(digits), 3))])

    text = str(value).strip()
    if re.fullmatch(r"\d+(?:\.\d+)?\s*[KkMm]", text):  # 1.4K: the site's own short form
        return text

    def count(found: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", found.group(0))
        return one(digits) if len(digits) <= 15 else found.group(0)

    return _COUNT.sub(count, text)
