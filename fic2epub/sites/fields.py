"""Metadata values as sites show them -> the Draft's fields (dates as ISO, languages as BCP 47)."""

from __future__ import annotations

import re

from ..model import Draft

_MONTH_NAMES = "january february march april may june july august september october november december".split()
#: Month names and their abbreviations ("jan", "sept") -> number.
_MONTHS = {
    **{m: i for i, m in enumerate(_MONTH_NAMES, start=1)},
    **{m[:3]: i for i, m in enumerate(_MONTH_NAMES, start=1)},
    "sept": 9,
}


def iso_date(value: str) -> str | None:
    """``January 17, 2021`` / ``Jan 4 2021`` / ``17 January 2021`` / ``2021-01-17`` / ``1992`` / a Unix
    time (``1036458897``, as pages keep dates for their scripts) -> ISO."""
    value = value.strip()
    if re.fullmatch(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", value):
        return value
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?", value):
        return value[:10]
    if re.fullmatch(r"\d{9,10}", value):
        import datetime as _dt

        return _dt.datetime.fromtimestamp(int(value), _dt.UTC).date().isoformat()
    month_first = re.fullmatch(r"([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})", value)
    day_first = re.fullmatch(r"(\d{1,2}) ([A-Za-z]{3,9})\.? (\d{4})", value)
    if month_first:
        name, day, year = month_first.groups()
    elif day_first:
        day, name, year = day_first.groups()
    else:
        return None
    month = _MONTHS.get(name.lower())
    if not month or not 1 <= int(day) <= 31:
        return None
    return f"{year}-{month:02d}-{int(day):02d}"


def set_field(draft: Draft, target: str, value: str) -> None:
    """Store ``value`` in the field ``target`` names (see ``Rule.capture``); the first value wins."""
    from ..language import normalise_tag

    metadata = draft.metadata
    if "\n" in value.strip() and isinstance(getattr(metadata, target, None), list):
        for line in value.split("\n"):  # a list written one item a line
            set_field(draft, target, line)
        return
    value = " ".join(value.split())
    if not value:
        return
    if target in ("published", "updated"):
        iso = iso_date(value)
        if iso is None:  # keep what the site said, where a date field cannot hold it
            metadata.extra.setdefault(target, value)
            return
        value = iso
    if target == "language":
        value = normalise_tag(value) or value
    if target == "part_title":
        draft.part_title = draft.part_title or value
    elif target.startswith("stats."):
        metadata.stats.setdefault(target[6:], value)
    elif target.startswith("extra."):
        metadata.extra.setdefault(target[6:], value)
    else:
        current = getattr(metadata, target)
        if isinstance(current, list):
            if value not in current:
                current.append(value)
        elif current is None:
            setattr(metadata, target, value)
