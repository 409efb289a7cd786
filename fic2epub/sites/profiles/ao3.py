"""Archive of Our Own: chapter pages saved from a browser, and AO3's own HTML/EPUB downloads.

A saved page keeps the work in ``#workskin`` (preface with title, byline, summary and notes, then
``#chapters``); menus, the tag block, kudos, comments and the footer sit around it. A download keeps
the work in ``#preface``/``#chapters``/``#afterword`` (a chapter file of the EPUB: ``div.chapter``).
"""

from ..schema import HtmlRules, Meta, Rule, Signature, SiteProfile
from .ao3_text import RULES as TEXT_RULES  # copy-pasted pages
from .ao3_text import SIGNATURES as TEXT_SIGNATURES

#: AO3's tag-block labels (``<dt>``, lower case, without the colon) -> Metadata targets.
_LABELS = {
    "rating": "rating",
    "archive warning": "warnings",
    "category": "extra.category",
    "fandom": "fandoms",
    "relationship": "relationships",
    "character": "characters",
    "additional tag": "tags",
    "language": "language",
    "series": "series",
    "collection": "extra.collections",
    "stats": "@pairs",
    "published": "published",
    "updated": "updated",
    "completed": "updated",
    "words": "stats.words",
    "chapters": "stats.chapters",
    "comments": "stats.comments",
    "kudos": "stats.kudos",
    "bookmarks": "stats.bookmarks",
    "hits": "stats.hits",
}

PROFILE = SiteProfile(
    name="ao3",
    label="Archive of Our Own",
    aliases=("archiveofourown", "archive-of-our-own"),
    file_words=("ao3", "archiveofourown"),
    # a byline shows a pseud and its account: "IncompleteSentanc (Erava)"
    pseud=r"^(?P<name>[^()]+?)\s+\((?P<user>[^()\s]+)\)$",
    story_url="https://archiveofourown.org/works/{story_id}",
    signatures=(
        Signature(r"Archive of Our Own", 1.0, why="names the Archive"),
        Signature(r"archiveofourown\.org", 1.0, "i", why="links to archiveofourown.org"),
        Signature(r'<div[^>]+id="workskin"', 1.5, why="AO3's work container"),
        Signature(
            r'<h3 class="landmark heading"[^>]*>\s*Chapter Text\s*</h3>', 1.5, why="AO3's 'Chapter Text' landmark"
        ),
        Signature(r'class="userstuff', 0.5, why="AO3's user-content class"),
        Signature(r"otwarchive v\d", 1.0, why="AO3's software version in the footer"),
        *TEXT_SIGNATURES,
    ),
    rules=TEXT_RULES,
    html=HtmlRules(
        container=("#workskin", "#preface, #chapters, #afterword", "#chapters", "div.chapter"),
        drop=(
            ".landmark",  # "Chapter Text", "Work Header" and other screen-reader headings
            "ul.actions",
            ".navigation",
            "#feedback",
            ".kudos",
            "#kudos",
            "#comments_placeholder",
            ".preface .byline",
            ".preface .summary:not(.chapter .summary)",  # the work's: lifted into the metadata
            "#series",  # "Part 1 of the … series", "Next Work →" (the series is lifted into the metadata)
        ),
        chapter_title=("div.chapter h3.title", "#chapters h2.heading", ".meta.group h2.heading"),
        notes=(".notes.module", "#notes", ".chapter .summary.module"),  # a chapter's summary is its note
        end_notes=(".end.notes",),
        note_label=("h3.heading",),
        meta=(
            # a work page's series box: "Part 1 of the Lion & Stag series"
            Meta("series", "#series .position a[href*='/series/']"),
            Meta("series_index", "#series .position", pattern=r"Part (\d+) of"),
            Meta("title", ".preface .title.heading", remove=True),
            Meta("title", "#preface .meta h1", remove=True),
            Meta("authors", ".preface .byline a[rel=author], #preface .byline a[rel=author]"),
            Meta("summary", ".preface .summary blockquote, #preface .summary blockquote"),
            Meta("story_id", "a[href*='/works/']@href", pattern=r"/works/(\d+)"),
            Meta(
                "source_url",
                "a[href*='/works/']@href",
                pattern=r"/works/(\d+)",
                template="https://archiveofourown.org/works/{}",
            ),
        ),
        meta_lists=("dl.work.meta", "#preface dl.tags"),
        labels=_LABELS,
        chrome=(
            # the pointer AO3 puts in chapter notes when the notes continue after the chapter
            Rule(
                "ao3.see_end_notes",
                r"^\(See the end of the (?:chapter|work) for\s+(?:more\s+)?notes\.?\)$",
                why="pointer to the end notes",
            ),
            # the download's afterword prompt
            Rule(
                "ao3.drop_by",
                r"^Please drop by the Archive and comment to let the creators? know if you "
                r"enjoyed their work!?$",
                flags="i",
                why="download afterword prompt",
            ),
        ),
    ),
)
