"""AO3 as text: a chapter page copied from the browser and pasted into a .txt (AO3 has no TXT
download). The page's labels survive as lines of their own: the tag block (``Rating:`` …
``Stats:`` ``Published:`` … ``Hits:``), ``Summary:``, ``Notes:``, the ``Chapter Text`` /
``Work Text:`` landmark, the footer (``↑ Top`` … kudos, comments). Used by ``ao3.py``.

Values in a copy-paste may sit on the label's line or on the next one, so every label pattern
allows both.
"""

from ..schema import Rule, Signature

#: Labels of the Stats line, in AO3's order.
_STAT = r"(?:Published|Updated|Completed|Words|Chapters|Comments|Kudos|Bookmarks|Hits)"
#: A label's value: on the same line, or on the next non-blank line.
_VALUE = r"[ \t]*(?:\n\s*)?(?P<value>[^\n]+?)[ \t]*$"
#: A list label's values: one per line, up to the next label ("Characters:") or "Stats:".
_VALUES = r"[ \t]*(?:\n\s*)?(?P<value>(?:(?![ \t]*[A-Z][A-Za-z ]{1,30}\n?[ \t]*:)[^\n]+\n\s*?)+)"
#: Only in the copied header: the Stats block follows within the first 300 lines.
_IN_HEADER = r"(?=(?:[^\n]*\n){0,300}?[ \t]*Stats:\s*Published:)"

#: Shortly before the work: its summary, notes or text follow within 60 lines.
_BEFORE_WORK = r"(?=(?:[^\n]*\n){0,60}?[ \t]*(?:Summary:|Notes:|Chapter Text|Work Text:)[ \t]*$)"

SIGNATURES = (
    Signature(r"^[ \t]*(?:Chapter Text|Work Text:)[ \t]*$", 1.0, why="AO3's 'Chapter Text' / 'Work Text:' landmark"),
    Signature(r"^[ \t]*Stats:\s*Published:", 1.0, why="AO3's Stats block"),
    Signature(r"left kudos on this work!", 1.0, why="AO3's kudos line"),
)


def _label(label: str, target: str, in_stats: bool = False, many: bool = False) -> Rule:
    """A capture-only rule for one labelled value of the copied header.

    Tag-block labels count only above the Stats block, Stats labels only shortly before the work's
    summary or text starts: a story line "Rating: 5" or "Words: 300" is not one.
    """
    return Rule(
        name=f"ao3.text.{label.lower().rstrip('?').replace(' ', '_')}",
        why=f"the {label} value in a copied AO3 header",
        pattern=rf"^[ \t]*{label}[ \t]*\n?[ \t]*:{_VALUES if many else _VALUE}"
        + (_BEFORE_WORK if in_stats else _IN_HEADER),
        capture={"value": target},
        remove=False,
    )


RULES = (
    # metadata first, read before the header goes
    _label("Rating", "rating"),
    _label("Archive Warnings?", "warnings", many=True),
    _label("Fandoms?", "fandoms", many=True),
    _label("Relationships?", "relationships", many=True),
    _label("Characters?", "characters", many=True),
    _label("Additional Tags?", "tags", many=True),
    _label("Language", "language"),
    _label("Series", "series"),
    _label("Published", "published", in_stats=True),
    _label("Updated", "updated", in_stats=True),
    _label("Completed", "updated", in_stats=True),
    _label("Words", "stats.words", in_stats=True),
    _label("Chapters", "stats.chapters", in_stats=True),
    _label("Comments", "stats.comments", in_stats=True),
    _label("Kudos", "stats.kudos", in_stats=True),
    _label("Bookmarks", "stats.bookmarks", in_stats=True),
    _label("Hits", "stats.hits", in_stats=True),
    Rule(
        name="ao3.text.header",
        why="the page above the work: menus and the tag block, through the last Stats value",
        pattern=rf"\A(?:[^\n]*\n){{0,300}}?[ \t]*Stats:(?:\s*{_STAT}:\s*[^\s]+)+[ \t]*\n?",
    ),
    Rule(
        name="ao3.text.title_byline",
        why="the work's title and byline, right after the tag block",
        # possessive runs of white space: a long run of spaces or tabs is read once, not split every way
        pattern=r"\A\s*+(?P<title>[^\n]{1,200}?)[ \t]*+\n\s*+(?P<author>[^\n]{1,100}?)[ \t]*+\n"
        r"(?=\s*+^[ \t]*+(?:Summary:|Notes:|Work Text:|Chapter Text|Chapter \d+)[ \t]*$)",
        capture={"title": "title", "author": "authors"},
    ),
    Rule(
        name="ao3.text.summary",
        why="the work's summary block: it becomes the book's description",
        pattern=r"^[ \t]*Summary:[ \t]*\n\s*(?P<summary>[\s\S]+?)\n\s*(?=^[ \t]*(?:Notes:|Work Text:|Chapter Text|Chapter \d+[^\n]*)[ \t]*$)",
        where="start",
        window=2,
        capture={"summary": "summary"},
    ),
    Rule(
        name="ao3.text.work_text",
        why="AO3's screen-reader landmark before a one-shot's text",
        pattern=r"^[ \t]*Work Text:[ \t]*$",
    ),
    Rule(
        name="ao3.text.landmark",
        why="AO3's 'Chapter Text' landmark, where AO3 puts it: after the chapter heading or the "
        "chapter's notes (or first, once the header is gone); a line of a story elsewhere stays",
        pattern=r"(?P<before>\A\s*|^[ \t]*Chapter \d+\b[^\n]*\n\s*"
        r"|^[ \t]*Notes:[ \t]*\n(?:(?![ \t]*Chapter Text[ \t]*$)[^\n]*\n){0,80}?\s*)^[ \t]*Chapter Text[ \t]*$",
        keep=("before",),
    ),
    Rule(
        name="ao3.text.see_end_notes_only",
        why="chapter notes that are only the pointer to the end notes: label and pointer go",
        pattern=r"^[ \t]*Notes:\s*\(See the end of the (?:chapter|work) for\s+(?:more\s+)?notes\s*\.\)[ \t]*$",
    ),
    Rule(
        name="ao3.text.see_end_notes",
        why="the pointer to the end notes after a chapter's own notes",
        pattern=r"^[ \t]*\(See the end of the (?:chapter|work) for\s+(?:more\s+)?notes\s*\.\)[ \t]*$",
    ),
    Rule(
        name="ao3.text.footer",
        why="the page below the chapter: actions, kudos, comments, site footer",
        pattern=r"^[ \t]*(?:Actions[ \t]*\n\s*)?↑ Top[ \t]*$[\s\S]*\Z",
        where="end",
    ),
)
