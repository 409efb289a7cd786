"""Sufficient Velocity (forums.sufficientvelocity.com): a XenForo forum; its pages are read by the
XenForo family's rules (``xenforo``). This profile is its name and how to recognise it."""

from . import xenforo

PROFILE = xenforo.forum(
    "sufficientvelocity", "Sufficient Velocity", "forums.sufficientvelocity.com", aliases=("sv", "sufficient-velocity")
)
