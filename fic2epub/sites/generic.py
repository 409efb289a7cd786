"""Generic profile for unknown sources: only universal web residue, never story text."""

from .profile import SiteProfile

PROFILE = SiteProfile(name="generic", label="", threshold=float("inf"))
