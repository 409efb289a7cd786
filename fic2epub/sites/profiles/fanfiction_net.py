"""FanFiction.net: chapters captured by converters, downloader output, and ``#storytext`` dumps.

The story is FFN's ``#storytext`` (a converter or downloader keeps it; a dump saved as ``.txt`` is
its inner HTML, chapters glued together with the author's bold ``Chapter …`` lines as headings).
FFN's editor writes scene breaks as ``<hr size=1 noshade>`` and strips links and site names from
story text. Disclaimers and notes are the author's words and stay (as notes).
"""

from ..schema import HtmlRules, Meta, Rule, Signature, SiteProfile

#: FFN's genres (``Hurt/Comfort`` is one): the story line says ``Adventure/Romance``.
GENRES = (
    "Adventure|Angst|Crime|Drama|Family|Fantasy|Friendship|General|Horror|Humor|Hurt/Comfort|Mystery|Parody|"
    "Poetry|Romance|Sci-Fi|Spiritual|Supernatural|Suspense|Tragedy|Western"
)
_GENRE_RUN = rf"(?:{GENRES})(?:/(?:{GENRES}))*"
#: A full chapter page keeps the story's facts in ``#profile_top``: title, ``By: <a>author</a>``, the
#: summary, then one line ``Rated: Fiction T - English - Humor/Romance - J. Holtzmann, Patty T. -
#: Chapters: 2 - Words: 3,781 - … - Updated: <span data-xutime=…> - Published: <span …> - id: …``.
_FACTS = "#profile_top > span.xgray"
FULL_PAGE_META = (
    Meta("title", "#profile_top > b.xcontrast_txt"),
    Meta("authors", "#profile_top > a[href^='/u/']"),
    Meta("summary", "#profile_top > div.xcontrast_txt"),
    Meta("rating", _FACTS, pattern=r"Rated:\s*(?:Fiction\s+)?(\S+)"),
    Meta("tags", _FACTS, pattern=rf"^Rated:[^-]*-\s*[^-]+?\s+-\s+({_GENRE_RUN})\s+-", split=r"/(?!Comfort)"),
    Meta(
        "characters",
        _FACTS,
        pattern=rf"^Rated:[^-]*-\s*[^-]+?\s+-\s+(?:{_GENRE_RUN}\s+-\s+)?(?!{_GENRE_RUN}\s+-)([^:]+?)\s+-\s+(?:Chapters|Words):",
        split=r",\s*",
    ),
    Meta("stats.chapters", _FACTS, pattern=r"Chapters:\s*([\d,]+)"),
    Meta("stats.words", _FACTS, pattern=r"Words:\s*([\d,]+)"),
    # the dates as the page shows them (``data-xutime`` is a Unix time the reader's browser re-dates)
    Meta("published", _FACTS, pattern=r"Published:\s*(\d{1,2}/\d{1,2}/\d{4})", dates="mdy"),
    # this year's dates are shown without the year (``1/3``): then the Unix time the page keeps
    Meta("published", "#profile_top span[data-xutime]:last-of-type@data-xutime"),
    Meta("updated", _FACTS, pattern=r"Updated:\s*(\d{1,2}/\d{1,2}/\d{4})", dates="mdy"),
    Meta("status", _FACTS, pattern=r"Status:\s*(Complete)"),
    Meta("story_id", _FACTS, pattern=r"\bid:\s*(\d+)"),
    # the chapter list's chosen entry names the chapter the page holds: "2. Chapter 2"
    Meta("part_title", "select#chap_select > option[selected]", pattern=r"^\d+\.\s*(.+)$"),
)

#: The 2011 page keeps the same facts as bare text after the byline's table, in the block that holds
#: the story: ``Rated: M - English - Romance - Wash & Zoe - Reviews: 4 - Published: 08-29-06 -
#: Complete - id:3129674``; the byline is a profile link (``/u/972400/Tenar``) in that table; the
#: summary is only in ``<meta name=description>`` (``A Firefly - Romance fanfiction with characters
#: Wash & Zoe. Story summary: An exploration …``); the chapter list is ``select[name=chapter]``.
_FACTS_2011 = "div:has(> #storytextp)"
_LINE_2011 = r"Rated:\s*(?:Fiction\s+)?\S+\s+-\s+[^\n]*?\bid:\s*\d+"
PAGE_2011_META = (
    Meta("authors", f"{_FACTS_2011} > table td > a[href^='/u/']"),
    Meta(
        "summary",
        "meta[name='description']@content",
        pattern=r"^(?:Chapter \d+ of )?[Aa]n? .+? fanfiction(?: with characters [^.]+)?\.\s+(?:Story summary:\s*)?(.+?\.?)\.?$",
    ),
    Meta("rating", _FACTS_2011, pattern=rf"(?={_LINE_2011})Rated:\s*(?:Fiction\s+)?(\S+)"),
    Meta(
        "tags",
        _FACTS_2011,
        pattern=rf"(?={_LINE_2011})Rated:[^-]*-\s*[^-]+?\s+-\s+({_GENRE_RUN})\s+-",
        split=r"/(?!Comfort)",
    ),
    Meta(
        "characters",
        _FACTS_2011,
        pattern=rf"(?={_LINE_2011})Rated:[^-]*-\s*[^-]+?\s+-\s+(?:{_GENRE_RUN}\s+-\s+)?(?!{_GENRE_RUN}\s+-)([^:]+?)\s+-\s+(?:Chapters|Words|Reviews|Published):",
        split=r"\s*[,&]\s*",
    ),
    Meta(
        "published",
        _FACTS_2011,
        pattern=rf"(?={_LINE_2011})Rated:[^\n]*?Published:\s*(\d{{1,2}}-\d{{1,2}}-\d{{2,4}})",
        dates="mdy",
    ),
    Meta("status", _FACTS_2011, pattern=rf"(?={_LINE_2011})Rated:[^\n]*?\s-\s(Complete)\s-"),
    Meta("story_id", _FACTS_2011, pattern=rf"(?={_LINE_2011})Rated:[^\n]*?\bid:\s*(\d+)"),
    Meta("part_title", "select[name='chapter'] > option[selected]", pattern=r"^\d+\.\s*(.+)$"),
)

PROFILE = SiteProfile(
    name="fanfiction_net",
    label="FanFiction.net",
    aliases=("fanfiction.net", "ffn", "fanfiction"),
    file_words=("ffn", "fanfiction", "fanfictionnet"),
    story_url="https://www.fanfiction.net/s/{story_id}",
    signatures=(
        Signature(r"fanfiction\.net", 1.0, "i", why="links to fanfiction.net"),
        Signature(r"""id=['"]storytext['"]""", 1.5, why="FFN's story container"),
        Signature(
            r"<title>[^<]*, an? [^<,]+ fanfic(?: \| FanFiction| - FanFiction\.Net)?</title>",
            1.5,
            why="FFN's page-title suffix ', a … fanfic'",
        ),
        Signature(r"""<hr\s+size=['"]?1['"]?[^>]*noshade""", 1.0, why="FFN editor's scene break <hr size=1 noshade>"),
        # FFN deletes site names and URLs from story text, leaving "on a site called  surely …"
        Signature(
            r"\b(?:on|at) a site called\s+(?:surely|and|is|which|but|so)\b",
            1.0,
            why="FFN's site-name stripping left a gap",
        ),
        Signature(r"\ATitle: [^\n<]+\n<p>", 0.5, why="a #storytext dump: Title line, then the story's HTML"),
        # a crawled text has no markup: the author's habits FFN's culture gives it (text helper)
        Signature(
            r"^Disclaimer\s*[-:–]\s*I (?:don't|do not|don’t) own\b",
            0.5,
            "i",
            why="a fan-fiction disclaimer ('I don't own …')",
        ),
        Signature(r"^(?:A/N|AN)\s*:", 0.25, why="an author's-note line"),
        Signature(r"\breview(?:s|ing)?\b[^\n]*\s*\Z", 0.5, "i", why="asks for reviews (FFN's word) at the end"),
    ),
    rules=(
        # text scrapes: the story's address on a line of its own at the top or bottom (text helper)
        Rule(
            name="fanfiction_net.story_url",
            where="edges",
            pattern=r"^(?:(?:Source|URL|Story URL|Link):[ \t]*)?(?P<url>https?://(?:www\.|m\.)?fanfiction\.net/s/(?P<id>\d+)[^\s]*)[ \t]*$",
            capture={"url": "source_url", "id": "story_id"},
            why="the story's address, as savers write it",
        ),
    ),
    html=HtmlRules(
        container=("#storytext", ".storytext"),
        drop=("#profile_top", ".lc-wrapper", "#review", "select#chap_select"),
        chapter_title=("h1", "h2"),
        meta=(
            *FULL_PAGE_META,
            *PAGE_2011_META,
            # EpubPress keeps the story title with an anthology index: "19. Following the Phoenix"
            Meta("title", "meta[name='DCTERMS.title']@content", pattern=r"^(?:\d+\.\s+)?(.+)$"),
            Meta("title", "a[href$='_infos.html']"),
            Meta(
                "title",
                "title",
                pattern=r"^(.+?)(?: Chapter \d+[^,]*)?, an? [^,]+ fanfic(?: \| FanFiction| - FanFiction\.Net)?$",
            ),
            Meta("fandoms", "title", pattern=r", an? ([^,]+) fanfic(?: \| FanFiction| - FanFiction\.Net)?$"),
            Meta("authors", "a[href*='fanfiction.net/u/']"),
            Meta("part_title", "h1"),
            Meta("story_id", "a[href*='fanfiction.net/s/']@href", pattern=r"/s/(\d+)"),
        ),
        chrome=(
            # the scraper's first line in a #storytext dump: "Title: Saving Connor"
            Rule(
                "fanfiction_net.title_line",
                r"^Title: (?P<title>.+)$",
                where="start",
                window=1,
                capture={"title": "title"},
                why="a #storytext dump's title line",
            ),
        ),
        # the author's bold chapter lines in a dump: "Chapter Five: …", "Interlude: Correspondence"
        split_headings=True,
        lead_notes=True,
    ),
)
