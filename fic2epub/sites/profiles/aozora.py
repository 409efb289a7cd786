"""Aozora Bunko (青空文庫, www.aozora.gr.jp), Japan's library of public-domain books: its two formats.

* The ruby text (青空文庫形式, Shift_JIS): the title and the author as the first two lines; a legend of
  the notation (``【テキスト中に現れる記号について】``) between two rows of dashes; readings in ``《》``
  after the words they read, ``｜`` where such words start; editor's notes in ``［＃…］`` (a heading's
  indent and its kind, ``［＃「一」は中見出し］``; a character outside the charset described after ``※``);
  then the colophon (``底本：`` the printed source, ``入力：``/``校正：`` the volunteers, the release
  dates, ``青空文庫作成ファイル：`` and the library's line).
* The XHTML file: ``div.metadata`` (``h1.title``, ``h2.author``), ``div.main_text`` (lines parted by
  ``<br />``, headings ``h4.naka-midashi`` and the like, readings in ``<ruby>``), then
  ``div.bibliographical_information`` (the colophon), ``div.notation_notes`` and the ``図書カード`` link.

A reading is taken out (recorded, so ``inspect`` shows each): the book keeps the words it reads, as a
reader sees them. A character outside the charset keeps its ``※`` mark and loses its description.
"""

from ..schema import Drop, HtmlRules, Meta, Rule, Signature, SiteProfile

#: A row of dashes around the legend.
_DASHES = r"-{20,}"

PROFILE = SiteProfile(
    name="aozora",
    label="Aozora Bunko",
    aliases=("aozora-bunko", "aozora.gr.jp"),
    file_words=("aozora",),
    language="ja",
    signatures=(
        Signature(r"【テキスト中に現れる記号について】", 2.0, why="the ruby text's legend of its notation"),
        Signature(r"青空文庫作成ファイル[：:]", 2.0, why="the colophon's line naming the library"),
        Signature(r"インターネットの図書館、青空文庫", 1.0, why="the library's line"),
        Signature(r'<div class="main_text">', 1.0, why="the XHTML file's text container"),
        Signature(r"［＃[^］\n]{1,80}］", 0.5, min_count=2, why="［＃…］ editor's notes"),
    ),
    html=HtmlRules(
        container=("div.main_text",),
        chapter_title=("h3.o-midashi", "h4.naka-midashi"),
        meta=(
            Meta("title", "div.metadata h1.title"),
            Meta("extra.subtitle", "div.metadata h2.subtitle"),
            Meta("authors", "div.metadata h2.author"),
            Meta("extra.translator", "div.metadata h2.translator"),
        ),
        drop=(
            Drop("reading", "rt, rp", why="a ruby reading (the words it reads stay)"),
            Drop("colophon", "div.bibliographical_information", why="the printed source, the volunteers, the dates"),
            Drop("notation", "div.notation_notes", why="the notes on the file's notation"),
        ),
    ),
    rules=(
        Rule(
            name="aozora.title_author",
            why="the title and the author, the first two lines above the legend",
            pattern=rf"\A\s*(?P<title>[^\n]{{1,80}}?)[ \t\u3000]*\n(?P<author>[^\n]{{1,40}}?)[ \t\u3000]*\n"
            rf"(?=\s*{_DASHES}\n【テキスト中に現れる記号について】)",
            capture={"title": "title", "author": "authors"},
        ),
        Rule(
            name="aozora.legend",
            why="the legend of the notation, between two rows of dashes",
            pattern=rf"^{_DASHES}[ \t]*\n【テキスト中に現れる記号について】[\s\S]*?^{_DASHES}[ \t]*$",
            where="start",
            window=4,
        ),
        Rule(
            name="aozora.colophon",
            why="the colophon: the printed source (底本), the volunteers, the release dates, the library's line",
            pattern=r"^底本[：:][\s\S]*\Z",
            where="end",
            window=40,
        ),
        Rule(
            name="aozora.reading_start",
            why="｜, where the words a reading reads start (before the readings go)",
            pattern=r"｜(?=[^｜《》\n]{1,30}《)",
        ),
        Rule(
            name="aozora.reading",
            why="a reading in 《》 after the words it reads",
            pattern=r"《[^《》\n]{1,40}》",
        ),
        Rule(
            name="aozora.note",
            why="an editor's note ［＃…］: a heading's indent and kind, a character's description, emphasis",
            pattern=r"［＃[^］\n]{1,120}］",
        ),
    ),
)
