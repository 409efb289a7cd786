"""Sufficient Velocity (forums.sufficientvelocity.com): a XenForo forum; its pages are read by the
XenForo family's rules (``xenforo``). This profile is its name and how to recognise it."""

from ..schema import Signature, SiteProfile
from . import xenforo

PROFILE = SiteProfile(
    name="sufficientvelocity",
    label="Sufficient Velocity",
    aliases=("sv", "sufficient-velocity", "sufficientvelocity.com", "forums.sufficientvelocity.com"),
    file_words=("sufficientvelocity",),
    story_url="https://forums.sufficientvelocity.com/threads/{story_id}/",
    signatures=(
        *xenforo.SIGNATURES,
        Signature(r"forums\.sufficientvelocity\.com", 2.0, "i", why="links to forums.sufficientvelocity.com"),
        Signature(
            r"\| Sufficient Velocity</title>|og:site_name\" content=\"Sufficient Velocity\"", 1.5, why="the site's name"
        ),
    ),
    threshold=xenforo.SITE_THRESHOLD,
    html=xenforo.HTML,
)
