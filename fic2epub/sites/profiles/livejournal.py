"""LiveJournal: a journal entry's page as the site serves it, in its two layouts: the 2016 site scheme
(``.b-singlepost-body``, the subject in ``h1.b-singlepost-title``, the poster in
``.b-singlepost-author``, the date in ``time.b-singlepost-author-date``, the tags in
``.b-singlepost-tags``) and the older light scheme (``?format=light``: the entry is the
``div`` indented 30px after the poster's table, its tags table and subject line first: the subject is
kept as ``extra.subject``, the tags table read as tags).

A fic post's subject follows the journals' convention, ``FANDOM fic: TITLE (PAIRING); PAIRING; RATING``:
the title is read out of it (the post's own ``Title:`` header, read by the structure stage, says it
best). Comments, the comment form, the share widgets, the previous/next links and the site's menus
and footer are outside the entry.
"""

from ..schema import Drop, HtmlRules, Meta, Signature, SiteProfile

#: The title in a fic post's subject: an ``SPN fic:`` / ``Idol RPF:`` prefix, a ``(Adam/Kris)`` pairing
#: and ``; Dean/Sister, Sam; R`` after the title are not part of it.
SUBJECT_TITLE = (
    r"(?i)^\s*(?:[^:]{0,40}?\b(?:fics?|ficlets?|drabbles?|fanfic|fanfiction|rpf|rps|fic\s+post)\b[^:]{0,20}:\s*)?"
    r"(.+?)(?:\s*\([^()]*/[^()]*\))?(?:\s*[;|]\s.*)?\s*$"
)
#: A pairing in parentheses in the subject (``(Adam/Kris)``).
SUBJECT_PAIRING = r"\(([^()]*/[^()]*)\)\s*(?:[;|]|$)"

PROFILE = SiteProfile(
    name="livejournal",
    label="LiveJournal",
    aliases=("livejournal.com", "lj"),
    file_words=("livejournal",),
    threshold=1.5,  # a link to a journal is not enough: a page elsewhere may credit a community
    signatures=(
        Signature(r"livejournal\.(?:com|net)/", 1.0, "i", why="links to livejournal.com"),
        Signature(r"""class=['"][^'"]*\bb-singlepost\b""", 1.5, why="LiveJournal's entry page"),
        Signature(r"""\blj:user=['"]""", 1.0, why="LiveJournal's user links"),
        Signature(r"""<body class=['"]scheme-lynx""", 1.0, why="LiveJournal's light scheme"),
    ),
    html=HtmlRules(
        container=(".b-singlepost-body", "body > div[style*='margin-left: 30px']"),
        drop=(
            Drop(
                "tags",
                "div[style*='margin-left: 30px'] > table",
                why="the light scheme's Entry tags table, read as tags",
            ),
        ),
        meta=(
            Meta("title", "h1.b-singlepost-title", pattern=SUBJECT_TITLE),
            Meta("title", "body > div[style*='margin-left: 30px'] > p > font[size='+1']", pattern=SUBJECT_TITLE),
            Meta("extra.subject", "body > div[style*='margin-left: 30px'] > p > font[size='+1']", remove=True),
            Meta("relationships", "h1.b-singlepost-title, body > div > p > font[size='+1']", pattern=SUBJECT_PAIRING),
            Meta("authors", ".b-singlepost-author-userinfo-screen .i-ljuser-username b"),
            Meta("authors", "body > table td > span.ljuser > a > b"),
            Meta("published", "time.b-singlepost-author-date"),
            Meta("published", "body > table td > font[size='-1']", pattern=r"(\d{4}-\d{2}-\d{2})"),
            Meta("tags", ".b-singlepost-tags-items a"),
            Meta("tags", "body > div[style*='margin-left: 30px'] > table td a[href*='/tag/']"),
        ),
    ),
)
