"""XenForo forums: the family of SpaceBattles, Sufficient Velocity, Questionable Questing and other
forums that run XenForo 2 with the Threadmarks add-on. One thread page (or its reader mode) is one book.

The markup is XenForo's, the same on every such forum, and lives here once: each post is an
``article.message--post`` naming its poster in ``data-author``; what the poster wrote is the
``.message-body .bbWrapper``; a post the author marked as a chapter carries a ``.threadmarkLabel``
(the chapter's title). The story is the threadmarked posts of the thread's author (``Posts``); an
untitled first post of the author is a foreword (a note); every other post, and around the posts
the poster cards, dates, reactions, signatures, threadmark bars, the threadmark index, page
navigation, ads, menus and the footer, is chrome. The thread header gives the title (without a
``(Story only Thread)`` suffix), the thread starter (the author), the start date, the tags, the
threadmark blurb (the summary) and its status.

This module is also the profile of a XenForo forum no other profile names (``--site xenforo``): the
site's name then comes from the page (``og:site_name``). A forum's own profile (``spacebattles``,
``sufficientvelocity``) adds only its name and how to recognise it (``forum``): ``SIGNATURES`` here,
plus its address, reaching ``SITE_THRESHOLD`` only with both.
"""

import re

from ..schema import Drop, HtmlRules, Meta, Posts, Signature, SiteProfile

#: The markup every XenForo thread page has (a forum's own profile adds its address to these).
SIGNATURES = (
    Signature(r'<html[^>]*\bid="XF"', 1.0, why="XenForo's root element"),
    Signature(r'<article[^>]*class="message message--post\b', 1.0, why="XenForo's post container"),
    Signature(r'class="bbWrapper"', 1.0, why="XenForo's message body"),
    Signature(r'class="threadmarkLabel\b', 0.5, why="a threadmark label (Threadmarks add-on)"),
)
#: XenForo markup alone (at most 3.5) picks the family's profile; a forum's own profile needs its
#: address besides (3.5 + its signatures), and then wins on score over threshold.
THRESHOLD = 2.5
SITE_THRESHOLD = 4.0

HTML = HtmlRules(
    posts=Posts(
        post="article.message--post", body=".message-body .bbWrapper", title=".threadmarkLabel", author="@data-author"
    ),
    drop=(
        # around a post's body (its furniture, recorded by name)
        Drop("poster", ".message-user", why="the poster's card: avatar, name, banner, pronouns"),
        Drop("post_info", "header.message-attribution", why="the post's date, share and embed buttons, post number"),
        Drop(
            "threadmark_bar",
            ".message-cell--threadmark-header, .message-cell--threadmark-footer",
            why="the threadmark bars: copies of the label, the Threadmarks index link, arrows, Reader mode",
        ),
        Drop("last_edited", ".message-lastEdit", why="the 'Last edited:' date under a post"),
        Drop("reactions", ".reactionsBar, .sv-rating-bar, .message-reactionSummary", why="likes and ratings"),
        Drop("signature", "aside.message-signature", why="the poster's signature under every post"),
        # inside a body
        Drop(
            "quote",
            "blockquote.bbCodeBlock--quote[data-quote], blockquote.bbCodeBlock--quote[data-source]",
            why="a quotation of another post ('Name said:'), answered in the post; an unattributed quote box "
            "is the author's own and stays",
        ),
        Drop("expand", ".bbCodeBlock-expandLink, .bbCodeBlock-shrinkLink", why="'Click to expand…' under a long quote"),
        Drop("spoiler_button", ".bbCodeSpoiler-button", why="the button that opens a spoiler (its content stays)"),
    ),
    meta=(
        # the thread's title, without the forum's housekeeping suffix: "By The Horns (Story only Thread)"
        Meta(
            "title",
            "h1.p-title-value",
            pattern=r"(?i)^(.+?)(?:\s*[(\[](?:the\s+)?story[\s-]*only(?:\s+thread)?[)\]])?$",
        ),
        Meta("authors", ".p-description a.username"),  # "Thread starter"
        Meta("published", ".p-description time@datetime", pattern=r"^(\d{4}-\d{2}-\d{2})"),  # "Start date"
        Meta("tags", ".p-description a.tagItem"),
        Meta("summary", ".threadmarkListingHeader-extraInfo .bbWrapper"),  # the threadmarks' blurb
        Meta("source_url", "link[rel=canonical]@href", pattern=r"^(https?://[^?#]*?/threads/[^/?#]+/)"),
        Meta("story_id", "link[rel=canonical]@href", pattern=r"/threads/(?:[^/?#]*\.)?(\d+)/"),
        Meta("site", "meta[property='og:site_name']@content"),
    ),
    meta_lists=(".threadmarkListingHeader-stats dl.pairs",),
    labels={"status": "status", "watchers": "stats.watchers", "threadmarks": "stats.threadmarks"},
    heading_block=True,
)

PROFILE = SiteProfile(
    name="xenforo",
    label="XenForo forum",
    names_site=False,  # the software, not the publisher: the site's name is the page's og:site_name
    aliases=("xenforo2", "xf"),
    signatures=SIGNATURES,
    threshold=THRESHOLD,
    html=HTML,
)


def forum(name: str, label: str, host: str, aliases: tuple[str, ...] = ()) -> SiteProfile:
    """A XenForo forum's own profile: its ``name`` and ``label`` (the site's name as its pages spell it
    in ``<title>`` and ``og:site_name``), its ``host`` (forums.spacebattles.com), the family's rules."""
    site = re.escape(label)
    return SiteProfile(
        name=name,
        label=label,
        aliases=(*aliases, host.removeprefix("forums."), host),
        file_words=(name,),
        story_url=f"https://{host}/threads/{{story_id}}/",
        signatures=(
            *SIGNATURES,
            Signature(re.escape(host), 2.0, "i", why=f"links to {host}"),
            Signature(rf"\| {site}</title>|og:site_name\" content=\"{site}\"", 1.5, why="the site's name"),
        ),
        threshold=SITE_THRESHOLD,
        html=HTML,
    )
