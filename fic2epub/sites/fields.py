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
    time (``1036458897``, as pages keep dates for their scripts) -> ISO; ``November, 1999`` (Project
    Gutenberg's older release dates) -> ``1999-11``."""
    value = value.strip()
    if re.fullmatch(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", value):
        return value
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?", value):
        return value[:10]
    slashed = re.fullmatch(r"(\d{4})[/.年](\d{1,2})[/.月](\d{1,2})日?", value)  # 2013/05/12, 2013年5月12日
    if slashed:
        y, m, d = (int(x) for x in slashed.groups())
        return f"{y}-{m:02d}-{d:02d}" if 1 <= m <= 12 and 1 <= d <= 31 else None
    if re.fullmatch(r"\d{9,10}", value):
        import datetime as _dt

        return _dt.datetime.fromtimestamp(int(value), _dt.UTC).date().isoformat()
    month_year = re.fullmatch(r"([A-Za-z]{3,9})\.?,? (\d{4})", value)
    if month_year and month_year.group(1).lower() in _MONTHS:
        return f"{month_year.group(2)}-{_MONTHS[month_year.group(1).lower()]:02d}"
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


def set_field(draft: Draft, target: str, value: str) -> bool:
    """Store ``value`` in the field ``target`` names (see ``Rule.capture``); the first value wins.

    False when the value found no place: a single field already holds another (a caller that would
    take the text out of the story keeps it there instead)."""
    from ..language import normalise_tag

    metadata = draft.metadata
    if "\n" in value.strip() and isinstance(getattr(metadata, target, None), list):
        for line in value.split("\n"):  # a list written one item a line
            set_field(draft, target, line)
        return True
    value = " ".join(value.split())
    if not value:
        return True
    if target in ("published", "updated"):
        iso = iso_date(value)
        if iso is None:  # keep what the site said, where a date field cannot hold it
            return metadata.extra.setdefault(target, value) == value
        value = iso
    if target == "language":
        value = normalise_tag(value) or value
    if target == "part_title":
        draft.part_title = draft.part_title or value
        return _same(draft.part_title, value)
    if target.startswith("stats."):
        return _same(metadata.stats.setdefault(target[6:], value), value)
    if target.startswith("extra."):
        return _same(metadata.extra.setdefault(target[6:], value), value)
    current = getattr(metadata, target)
    if isinstance(current, list):
        if value not in current:
            current.append(value)
        return True
    if current is None:
        setattr(metadata, target, value)
        return True
    return _same(str(current), value)


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()
