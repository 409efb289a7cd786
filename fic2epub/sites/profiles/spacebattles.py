"""SpaceBattles (forums.spacebattles.com): a XenForo forum; its pages are read by the XenForo family's
rules (``xenforo``). This profile is its name and how to recognise it."""

from ..schema import Signature, SiteProfile
from . import xenforo

PROFILE = SiteProfile(
    name="spacebattles",
    label="SpaceBattles",
    aliases=("sb", "spacebattles.com", "forums.spacebattles.com"),
    file_words=("spacebattles",),
    story_url="https://forums.spacebattles.com/threads/{story_id}/",
    signatures=(
        *xenforo.SIGNATURES,
        Signature(r"forums\.spacebattles\.com", 2.0, "i", why="links to forums.spacebattles.com"),
        Signature(r"\| SpaceBattles</title>|og:site_name\" content=\"SpaceBattles\"", 1.5, why="the site's name"),
    ),
    threshold=xenforo.SITE_THRESHOLD,
    html=xenforo.HTML,
)
