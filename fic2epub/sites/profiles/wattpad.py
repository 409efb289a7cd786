"""Wattpad: text scrapes of a story part, and the chrome its pages carry."""

from ..schema import HtmlRules, Rule, Signature, SiteProfile

#: A Wattpad counter as shown: 70, 1.4K, 2.1M, 12,345
_COUNT = r"\d[\d.,]*[KkMm]?"
#: The footers Wattpad glues to the book title at the end of a saved part (new and older).
_FOOTER = r"(?:Where stories live\. Discover now|Read this story for FREE!)"

PROFILE = SiteProfile(
    name="wattpad",
    label="Wattpad",
    file_words=("wattpad",),
    # part HTML from Wattpad's API and downloaders: <p data-p-id> paragraphs (a saved page keeps
    # them in .part-content); the reading prompts are whole paragraphs of chrome
    html=HtmlRules(
        container=(".part-content", "[data-page-number]"),
        drop=(".comment-marker", ".num-comment", "button"),
        chrome=(
            Rule(
                "wattpad.prompt",
                r"^(?:Continue reading on (?:the )?Wattpad\b.{0,40}|You['’]ve reached the end of "
                r"published parts\.?|Where stories live\. Discover now)$",
                why="Wattpad's reading prompts",
            ),
        ),
    ),
    story_url="https://www.wattpad.com/story/{story_id}",
    signatures=(
        Signature(rf"{_FOOTER}\s*\Z", 2.0, why="Wattpad's footer at the very end"),
        Signature(r"<p data-p-id=", 2.0, why="Wattpad part paragraphs"),
        # a part title (or an empty line), then the reads/votes/comments counters, at the very top
        # (enough alone: Wattpad scrapes often lose the footer)
        Signature(
            rf"\A\s*(?:[^\n]{{1,200}}\n)?\s*\n?{_COUNT} {_COUNT} {_COUNT}[ \t]*\n", 1.0, why="counters line at the top"
        ),
        Signature(
            r"^Continue reading on (?:the )?Wattpad\b|^You['’]ve reached the end of published parts",
            1.0,
            why="a Wattpad reading prompt",
        ),
        Signature(r"wattpad\.com", 0.5, "i", why="a wattpad.com address"),
    ),
    rules=(
        Rule(
            name="wattpad.counters",
            why="the part title, then reads, votes and comments, at the top of a part",
            # a part title holds a non-space, and the blank lines after it are read once (possessive)
            pattern=rf"^(?:(?=[^\n]*\S)(?P<part>[^\n]+)\n\s*+)?(?P<reads>{_COUNT}) (?P<votes>{_COUNT}) "
            rf"(?P<comments>{_COUNT})[ \t]*$",
            where="start",
            window=3,
            capture={
                "part": "part_title",
                "reads": "stats.reads",
                "votes": "stats.votes",
                "comments": "stats.comments",
            },
        ),
        Rule(
            name="wattpad.footer",
            why="the book title glued to Wattpad's footer at the end of a saved part",
            pattern=rf"^(?P<title>[^\n]{{0,150}}?)[ \t]*{_FOOTER}[ \t]*$",
            where="end",
            window=1,
            capture={"title": "title"},
        ),
        Rule(
            name="wattpad.story_url",
            why="the story's address on a line of its own at the top or bottom, as savers write it",
            pattern=r"^(?:(?:Source|URL|Story URL|Link):[ \t]*)?(?P<url>https?://(?:www\.|m\.)?wattpad\.com/story/(?P<id>\d+)[^\s]*)[ \t]*$",
            where="edges",
            capture={"url": "source_url", "id": "story_id"},
        ),
        Rule(
            name="wattpad.continue_prompt",
            why="the saved page's prompt to continue in Wattpad",
            pattern=r"^[ \t]*(?:Continue|Keep) reading on (?:the )?Wattpad(?: app)?[.!]?[ \t]*$",
        ),
        Rule(
            name="wattpad.end_of_parts",
            why="the notice after the last published part",
            pattern=r"^[ \t]*You['’]ve reached the end of published parts\.?[ \t]*$",
        ),
        Rule(
            name="wattpad.last_updated",
            why="the last-updated stamp under the end-of-parts notice",
            pattern=r"^[ \t]*⏰? ?Last updated: (?P<updated>[A-Z][a-z]{2,8} \d{1,2}, \d{4})[ \t]*$",
            capture={"updated": "updated"},
        ),
        Rule(
            name="wattpad.library_prompt",
            why="the prompt to add the story to a reading list",
            pattern=r"^[ \t]*Add this story to your Library to get notified about new parts!?[ \t]*$",
        ),
        Rule(
            name="wattpad.next_part",
            why="the button to the next part",
            pattern=r"^[ \t]*Continue to next part[ \t]*$",
        ),
        Rule(
            name="wattpad.vote_comment_share",
            why="the vote, comment and share buttons, one per line in a row",
            pattern=r"^[ \t]*Vote[ \t]*\n\s*Comment[ \t]*\n\s*Share[ \t]*$",
        ),
        Rule(
            name="wattpad.app_banner",
            why="a banner sending the reader to Wattpad's app",
            pattern=r"^[ \t]*(?:Get|Download|Open|Try|Use|Read (?:it|this story|more) (?:on|in)|Continue (?:on|in)"
            r"|Keep reading (?:on|in)) the (?:free )?Wattpad app[.!]?[ \t]*$",
            flags="i",
        ),
    ),
)
