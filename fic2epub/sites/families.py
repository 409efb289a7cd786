"""Chrome families: kinds of site text that every site words its own way, in many languages.

A family is a set of whole-line patterns (a paragraph of a page, a line of a text scrape) and the
place such a line stands: the edges of the story (``where="edges"``: within a few lines of its start
or end, where sites put navigation, prompts and appeals) or, for wordings no story uses, anywhere a
line repeats (``min_count``). The same sentence in the middle of a story, or inside a longer
paragraph, stays: "the next chapter of my life", a story about a theft. Each family's rules are named
``generic.FAMILY`` and say why, so ``inspect`` shows the family of every removal.

Languages: English, French, Spanish, Portuguese, German, Italian, Russian, and the navigation of
Chinese, Japanese and Korean pages (and a line of links to the page in other languages).
"""

from __future__ import annotations

from ..structure.headings import CONTENTS_WORDS
from .schema import Rule

#: Navigation words: one link or button of a chapter page's navigation bar.
_NAV = (
    # English
    r"(?:previous|prev\.?|next|last|first)(?:\s+(?:chapter|page|part|episode|post|story))?"
    r"|(?:table\s+of\s+)?contents|toc|index|chapter\s+list|all\s+chapters|chapters|back(?:\s+to\s+(?:top|story|index|the\s+story))?"
    r"|(?:go\s+to\s+)?top|home|story\s+info|fiction\s+page|novel\s+page|series\s+page"
    r"|(?:back\s+to\s+(?:the\s+)?)?(?:main\s+)?(?:fan\s*fic(?:tion)?|fics?|stor(?:y|ies)|fiction)\s+(?:page|index|list)"
    r"|main\s+page|master\s*list"
    # French, Spanish, Portuguese, Italian, German
    r"|(?:chapitre\s+)?(?:pr[ée]c[ée]dent|suivant)|sommaire|table\s+des\s+mati[èe]res|retour|accueil"
    r"|(?:cap[ií]tulo\s+)?(?:anterior|siguiente|pr[óo]ximo|seguinte)|[íi]ndice|volver|voltar|in[íi]cio"
    r"|(?:capitolo\s+)?(?:precedente|successivo|seguente)|indietro"
    r"|(?:(?:vorheriges|n[äa]chstes)\s+kapitel)|zur[üu]ck|weiter|inhalt(?:sverzeichnis)?|startseite"
    # Russian
    r"|назад|вперёд|вперед|далее|(?:следующая|предыдущая)(?:\s+(?:глава|часть))?|оглавление|содержание|к\s+содержанию"
    # Chinese, Japanese, Korean
    r"|上一章|下一章|上一页|下一页|上一頁|下一頁|目录|目錄|返回(?:书页|目录)?|书页|章节目录"
    r"|目次|次へ|前へ|次の話|前の話|次のエピソード|前のエピソード|もくじ|トップ"
    r"|이전화|다음화|이전|다음|목록|목차"
)
#: One link of the bar, in any language, maybe with its arrow (``« Chapitre précédent``, ``Next >>``,
#: ``← Назад``); a space only after an arrow before it, before an arrow after it.
_NAV_ITEM = rf"(?:(?:<<?|«|‹|←)\s*)?(?:{_NAV})(?:\s*(?:>>?|»|›|→))?"
#: A pager: ``1/795``, ``Page 2 of 7``, ``< 1 2 3 >``.
_PAGER = r"\d{1,5}\s*/\s*\d{1,5}|(?:page|seite|página|pagina|страница)\s+\d+\s+(?:of|de|von|di|из)\s+\d+"
#: Reader settings: font, size, width, colours, modes.
_READER_UI = (
    r"(?:A\s*[+-]\s*){1,3}|font(?:\s+(?:size|family|settings))?|text\s+size|(?:dark|light|night|day|reader|reading)\s+mode"
    r"|theme|settings|reader\s+preferences|line\s+(?:height|spacing)|width|justify|zoom(?:\s+(?:in|out))?"
    r"|inverser\s+le\s+contraste|taille\s+du\s+texte|police|mode\s+(?:nuit|lecture)|param[èe]tres"
    r"|tama[ñn]o\s+de\s+(?:letra|fuente)|modo\s+(?:noche|nocturno|lectura)|tamanho\s+da\s+fonte|configura[cç][õo]es"
    r"|schriftgr[öo](?:ß|ss)e|nachtmodus|einstellungen|dimensione\s+(?:del\s+)?(?:testo|carattere)|impostazioni"
    r"|настройки|размер\s+шрифта|ширина\s+текста|выбрать\s+цвет\s+(?:текста|фона)|цвет\s+(?:текста|фона)|ночной\s+режим"
    r"|表示調整|文字サイズ|背景色|フォント|字体|字号|背景|夜间模式|글자\s*크기|배경색"
)
#: Downloading, printing, sharing the story.
_DOWNLOAD = (
    r"(?:download|t[ée]l[ée]charger|descargar|baixar|herunterladen|scarica|скачать)"
    r"(?:\s+(?:as|en|une|un|como|als|in|в|an?|the)){0,2}(?:\s+(?:archive|archivo|arquivo|datei|file|fichier))?"
    r"\s*(?:pdf|epub|mobi|azw3|html|txt|zip|fb2|docx?)"
    r"|(?:print|imprimer|imprimir|drucken|stampa|печать)(?:\s+(?:this\s+)?(?:chapter|story|page))?"
)
#: Prompts to report, review, comment, follow, bookmark.
_FEEDBACK = (
    r"report(?:\s+(?:chapter|abuse|story|this|a\s+problem|error))?|post\s+(?:a\s+)?review|write\s+a\s+review|leave\s+a\s+(?:comment|review)"
    r"|(?:please\s+)?(?:post|leave|add|write)\s+(?:a\s+)?comments?(?:\s+on\s+this\s+(?:story|chapter|work|fic|entry))?[.!]?"
    r"|read\s+(?:the\s+)?(?:posted\s+)?(?:comments|reviews)[.!]?|all\s+feedback\s+(?:(?:is\s+)?(?:much|very\s+much)\s+)?appreciated[.!]*"
    r"|(?:lire|voir)\s+les\s+commentaires|(?:leer|ver)\s+(?:los\s+)?comentarios|(?:ler|ver)\s+(?:os\s+)?coment[áa]rios"
    r"|kommentare\s+lesen|leggi\s+i\s+commenti|читать\s+(?:комментарии|отзывы)"
    r"|add\s+to\s+(?:library|favou?rites|bookshelf|reading\s+list)|follow(?:/fav)?|favou?rite|bookmark|subscribe|kudos"
    r"|no\s+(?:reviews|comments)\s+yet|be\s+the\s+first\s+to\s+comment|comments?\s*\(\d+\)|\d+\s+comments?"
    r"|signaler(?:\s+(?:un|ce)\s+(?:chapitre|abus|probl[èe]me))?|laisser\s+un\s+(?:commentaire|avis)|aucune\s+review"
    r"|(?:deja|dejar|deixe|deixar)\s+(?:un|uma?)\s+(?:comentario|comentário|review)|denunciar|reportar"
    r"|kommentar\s+(?:schreiben|hinterlassen)|melden|lascia\s+un\s+commento|segnala"
    r"|оставить\s+(?:отзыв|комментарий)|отзывы|пожаловаться|в\s+сборник|нравится|подписаться"
    r"|感想を書く|感想|レビュー|ブックマークに追加|ブックマーク|誤字報告|評価|いいね|评论|收藏|书签|댓글|추천"
)
#: Language versions of the page: ``English | Français``, ``ひらがな　←→　日本語・英語　←→　English``.
_LANGUAGES = (
    r"english|fran[çc]ais|french|espa[ñn]ol|spanish|portugu[êe]s|portuguese|deutsch|german|italiano|italian"
    r"|nederlands|dutch|polski|русский|russian|українська|中文|简体中文|繁體中文|简体|繁體|日本語|英語|ひらがな|カタカナ"
    r"|한국어|korean|japanese|chinese|tiếng\s+việt|türkçe|bahasa\s+indonesia"
)
#: Counters a page shows alone on a line.
#: A count: digits, maybe grouped (``1,204``, ``12 366``, ``1.4``); spaces only between digits, so no
#: two quantifiers compete for one run of white space.
_NUM = r"\d(?:[.,]?\d|[ \u00a0\u202f](?=\d))*"
_COUNTERS = (
    r"(?:views?|reads?|hits|lectures|nombre\s+de\s+lectures|lecturas|leituras|aufrufe|просмотры|閲覧数)(?:[ \t]*:)?[ \t]*"
    + _NUM
    + r"[KkMm]?|"
    + _NUM
    + r"[ \t]*(?:words|mots|palabras|palavras|w[öo]rter|parole|слов(?:а)?|文字|字)"
)


def _whole(alternatives: str, separators: str = r"[ \t|/·•\-–—:]") -> str:
    """A line of one or more of ``alternatives``, separated by spaces, bars or dots, nothing else."""
    return rf"^[ \t]*+(?:{alternatives})(?:{separators}*(?:{alternatives}))*[ \t]*$"


#: A contents label alone on its line opens a written table of contents: the structure stage reads it,
#: with the same words (``structure.headings.CONTENTS_WORDS``).
_CONTENTS_LABEL = CONTENTS_WORDS

FAMILY_RULES: tuple[Rule, ...] = (
    Rule(
        name="generic.navigation",
        why="chapter navigation (Previous / Next / TOC / 目次 次へ / Назад …) alone on its line",
        pattern=rf"^(?![ \t]*(?:{_CONTENTS_LABEL})[ \t]*$)" + _whole(_NAV_ITEM)[1:],
        flags="i",
        where="edges",
        window=4,
    ),
    Rule(
        name="generic.breadcrumbs",
        why="a breadcrumb trail (Home > Fandom > Story) at the story's start",
        # each crumb starts and ends with a letter, so no two quantifiers share a run of spaces
        pattern=r"^[ \t]*+(?:[^\s>»›](?:[^\n>»›]{0,38}[^\s>»›])?[ \t\u3000]*[>»›][ \t\u3000]*){2,6}[^\s>»›][^\n>»›]{0,80}$",
        where="start",
        window=3,
    ),
    Rule(
        name="generic.language_links",
        why="links to the page in other languages (English | Français, ひらがな ←→ 日本語・英語 ←→ English) alone on their line",
        # two or more language names, nothing else but separators
        pattern=r"^[ \t\u3000]*+(?:"
        + _LANGUAGES
        + r")(?:[ \t\u3000|/·•・,、\-–—:←→↔⇔<>]+(?:"
        + _LANGUAGES
        + r"))+[ \t\u3000]*$",
        flags="i",
        where="edges",
        window=6,
    ),
    Rule(
        name="generic.download_boilerplate",
        why="a full-work download's own header or afterword (AO3's 'Posted originally on the Archive of Our Own at …', "
        "'Please drop by the archive and comment …'), kept when the download was pasted elsewhere",
        pattern=r"^[ \t]*+(?:posted\s+originally\s+on\s+the\s+[^\n]{1,80}?\s+at\s+\S{1,200}"
        r"|please\s+drop\s+by\s+the\s+archive\s+and\s+comment\s+to\s+let\s+the\s+(?:authors?|creators?)\s+know\s+if\s+you\s+enjoyed\s+(?:their|the)\s+work!?)[ \t]*$",
        flags="i",
        where="edges",
        window=6,
    ),
    Rule(
        name="generic.pager",
        why="a pager (1/795, Page 2 of 7) alone on its line",
        pattern=_whole(_PAGER, r"[ \t]"),
        flags="i",
        where="edges",
        window=3,
    ),
    Rule(
        name="generic.reader_ui",
        why="reader settings (font size, theme, dark mode, Inverser le contraste, Настройки …) alone on their line",
        pattern=_whole(_READER_UI),
        flags="i",
        where="edges",
        window=6,
    ),
    Rule(
        name="generic.download",
        why="a download or print link (Download EPUB, Télécharger en PDF, Скачать FB2 …) alone on its line",
        pattern=_whole(_DOWNLOAD),
        flags="i",
        where="edges",
        window=6,
    ),
    Rule(
        name="generic.feedback",
        why="a prompt to report, review, comment or bookmark (Report Chapter, Laisser un commentaire, 感想を書く …)",
        pattern=_whole(_FEEDBACK),
        flags="i",
        where="edges",
        window=6,
    ),
    Rule(
        name="generic.counters",
        why="a counter alone on its line (Views: 1,204, Nombre de lectures : 12, 366 mots)",
        pattern=_whole(_COUNTERS),
        flags="i",
        where="edges",
        window=6,
    ),
    Rule(
        name="generic.appeal",
        why="an appeal for support (Patreon, Ko-fi, Tipeee, Boosty, a release schedule) at the story's edge",
        pattern=r"^[ \t]*+(?=[^\n]{0,300}$)(?:(?=[^\n]*\b(?:support|join|become|check\s+out|consider|subscribe|pledge|tiers?|early\s+access|ahead|advance|donat\w*|tips?|links?|my|our)\b|[^\n]*\.(?:com|me|co)\b|[ \t]*[\w-]+[ \t]*$)"
        r"[^\n]*\b(?:patreon|ko-?fi|tipeee|buy\s*me\s*a\s*coffee|boosty|paypal\.me|utip|liberapay|subscribestar)\b[^\n]*"
        # "I have also updated my" + "Patreon" (a link on a line of its own): the sentence that leads to it
        r"|[^\n]{0,59}[^\s.!?\"”][ \t]*\n(?:[ \t]*\n)?[ \t]*(?:patreon|ko-?fi|tipeee|boosty|subscribestar)[ \t]*"
        # a short paragraph (tiers, early access, sponsored chapters) that ends by asking for support
        r"|(?=[^\n]{0,400}$)[^\n]*?(?:any|all|your)\s+support\s+(?:would\s+be|is)\s+(?:greatly\s+|much\s+|really\s+)?appreciated[.!]*"
        r"|(?:current\s+)?(?:release\s+)?schedule\s*:[^\n]{1,80}"
        r"|(?:tout|votre)\s+soutien\s+est\s+(?:le\s+)?bienvenu[^\n]*|(?:cualquier|todo)\s+apoyo\s+es\s+bienvenido[^\n]*"
        r"|(?:qualquer|todo)\s+apoio\s+[ée]\s+bem-vindo[^\n]*|jede\s+unterst[üu]tzung\s+ist\s+willkommen[^\n]*"
        r"|любая\s+поддержка\s+приветствуется[^\n]*)[ \t]*$",
        flags="i",
        where="edges",
        window=5,
    ),
    Rule(
        name="generic.anti_theft",
        why="a notice naming where the story is really published (Read latest chapters at … only, updated first on …)",
        pattern=r"^[ \t]*+(?=[^\n]{0,240}$)(?:"
        r"(?:this\s+)?(?:chapter|story|novel|content|translation|work)\s+(?:is\s+|was\s+)?(?:first\s+)?(?:published|updated|posted|hosted|translated)\s+(?:first\s+)?(?:at|on|by)\s+\S[^\n]*?(?:only|first|originally)?[.!]*"
        r"|(?:updated|posted|published)\s+first\s+(?:at|on)\s+\S[^\n]*"
        r"|if\s+you\s+(?:are|'re|’re)\s+(?:not\s+)?reading\s+this\s+(?:on|at|anywhere)[^\n]*"
        r"|(?:please\s+)?(?:read|support)\s+(?:it\s+|us\s+|the\s+(?:author|translator)\s+)?(?:on|at)\s+(?:the\s+)?(?:original|official)\s+(?:site|website|source)[^\n]*"
        r"|lisez\s+(?:les\s+)?(?:derniers|nouveaux)\s+chapitres\s+sur[^\n]*|lee\s+(?:los\s+)?(?:últimos|nuevos)\s+capítulos\s+en[^\n]*"
        r"|leia\s+(?:os\s+)?(?:últimos|novos)\s+capítulos\s+(?:em|no)[^\n]*|lies\s+die\s+neuesten\s+kapitel\s+auf[^\n]*"
        r"|читайте\s+(?:последние|новые)\s+главы\s+на[^\n]*|最新章节请[^\n]*|本章未完[^\n]*"
        r")[ \t]*$",
        flags="i",
        where="edges",
        window=6,
    ),
    Rule(
        name="generic.anti_theft_line",
        why="'Read latest chapters at SITE (only)': an aggregator's line, often hidden in the text's colour, anywhere",
        pattern=r"^[ \t]*+(?=[^\n]{0,120}$)read\s+(?:the\s+)?(?:latest|newest|new|more|full|original|faster)\s+"
        r"(?:chapters?|updates?|releases?|novels?)\s+(?:at|on)\s+\S[^\n]{0,60}?"
        r"(?:\.(?:com|net|org|site|io|co|me|info|xyz|top|cc)\b|\s+only\b|\s+first\b)[^\n]{0,20}$",
        flags="i",
    ),
    Rule(
        name="generic.paywall",
        why="a sign-in or chapter-limit notice (Guest chapter limit reached, log in to continue reading)",
        pattern=r"^[ \t]*+(?=[^\n]{0,300}$)(?:[^\n]*\b(?:guest|anonymous)\s+(?:users?\s+)?(?:chapter\s+)?limit[^\n]*"
        r"|[^\n]*\bchapter\s+limit\s+reached[^\n]*|anonymous\s+users\s+can\s+read\s+up\s+to[^\n]*"
        r"|(?:please\s+)?(?:log\s*in|sign\s*(?:in|up)|register)\s+(?:to|for)\s+(?:continue|read|unlock|keep\s+reading)[^\n]*)[ \t]*$",
        flags="i",
        where="edges",
        window=8,
    ),
    Rule(
        name="generic.recruitment",
        why="a call for translators, editors or proofreaders at the story's edge",
        pattern=r"^[ \t]*+(?=[^\n]{0,240}$)(?:we\s*(?:are|'re|’re)\s+(?:looking\s+for|recruiting|hiring)|(?:now\s+)?recruiting|looking\s+for)"
        r"\s+(?:an?\s+|more\s+|new\s+)?(?:translators?|editors?|proofreaders?|tl|ed|qc)\b[^\n]*[ \t]*$",
        flags="i",
        where="edges",
        window=6,
    ),
    Rule(
        name="generic.watermark",
        why="a hexadecimal id alone on a line (a copy's watermark)",
        pattern=r"^[ \t]*+(?=[0-9a-f-]*\d)(?=[0-9a-f-]*[a-f])[0-9a-f]{8}(?:-?[0-9a-f]{4}){3}-?[0-9a-f]{12}[ \t]*$|^[ \t]*(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{24,64}[ \t]*$",
        flags="i",
    ),
)
