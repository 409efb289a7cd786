"""Wattpad: text scrapes of a story part, and the chrome its pages carry."""

from .profile import Rule, Signature, SiteProfile

_COUNT = r"\d[\d.,]*[KkMm]?"

PROFILE = SiteProfile(
    name="wattpad",
    label="Wattpad",
    signatures=(
        Signature(r"Where stories live\. Discover now\s*\Z", 2.0),
        Signature(r"Read this story for FREE!\s*\Z", 2.0),
        Signature(r"<p data-p-id=", 2.0),
        # a part title, then the reads/votes/comments counters, at the very top
        Signature(rf"\A\s*[^\n]{{0,200}}\n\s*\n?{_COUNT} {_COUNT} {_COUNT}[ \t]*\n", 1.0),
        Signature(r"wattpad\.com", 0.5, "i"),
    ),
    rules=(
        Rule(
            name="wattpad.counters",
            why="the part title, then reads, votes and comments, at the top of a part",
            pattern=rf"^(?:(?P<part>[^\n]+)\n\s*\n?)?(?P<reads>{_COUNT}) (?P<votes>{_COUNT}) (?P<comments>{_COUNT})[ \t]*$",
            where="start",
            window=3,
            capture={"part": "part_title", "reads": "stats.reads", "votes": "stats.votes",
                     "comments": "stats.comments"},
        ),
        Rule(
            name="wattpad.footer",
            why="the book title glued to Wattpad's footer at the end of a saved part",
            pattern=r"^(?P<title>[^\n]*?)[ \t]*(?:Where stories live\. Discover now|Read this story for FREE!)[ \t]*$",
            where="end",
            window=1,
            capture={"title": "title"},
        ),
    ),
)
