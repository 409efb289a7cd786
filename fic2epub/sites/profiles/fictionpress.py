"""FictionPress: FanFiction.net's sister site for original fiction, on the same engine and page layout
(``#storytext``, ``#profile_top``), so its page rules are FanFiction.net's; only the name and how to
tell the two apart differ (the ``| FictionPress`` page-title suffix, fictionpress.com links)."""

from ..schema import Signature, sister
from .fanfiction_net import PROFILE as FANFICTION_NET

PROFILE = sister(
    FANFICTION_NET,
    "fictionpress",
    "FictionPress",
    aliases=("fictionpress.com", "fp"),
    file_words=("fictionpress", "fp"),
    story_url="https://www.fictionpress.com/s/{story_id}",
    signatures=(
        Signature(r"<title>[^<]*\| FictionPress\s*</title>", 3.0, why="the page title's '| FictionPress' suffix"),
        Signature(r"fictionpress\.com/(?:s|u)/\d+", 1.0, "i", why="links to fictionpress.com stories or authors"),
        Signature(r"""id=['"]storytext['"]""", 1.5, why="the FanFiction.net engine's story container"),
    ),
)
