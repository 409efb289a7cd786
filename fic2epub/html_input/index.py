"""An index of a page's elements by tag, id, class and attribute, for the profiles' CSS selectors."""

from __future__ import annotations

import re
from typing import Any

#: The element a compound selector ends with: its #id, first .class, tag or [attribute].
_KEY = re.compile(r"#(?P<id>[\w-]+)|\.(?P<cls>[\w-]+)|^(?P<tag>[a-zA-Z][\w-]*)|\[(?P<attr>[\w-]+)")


class Index:
    """Elements of the page by tag, id, class and attribute, in page order.

    soupsieve tests every element of the tree for each selector; a 10 MB page has 10^5 elements and
    a profile 30 selectors. Here a selector only tests the elements its last compound names.
    """

    def __init__(self, doc):
        self.doc = doc
        self.order: dict[int, int] = {}
        self.keys: dict[tuple[str, str], list] = {}
        for pos, el in enumerate(doc.find_all(True)):
            self.order[id(el)] = pos
            self._add(("tag", el.name.lower()), el)
            for name, value in el.attrs.items():
                self._add(("attr", name), el)
                if name == "id":
                    self._add(("id", str(value)), el)
                elif name == "class":
                    for cls in value if isinstance(value, list) else str(value).split():
                        self._add(("cls", cls), el)

    def _add(self, key: tuple[str, str], el) -> None:
        self.keys.setdefault(key, []).append(el)

    def _candidates(self, part: str) -> list | None:
        last = re.split(r"\s*[>+~]\s*|\s+(?![^\[]*\])", part.strip())[-1]
        found = _KEY.search(last)
        if not found:
            return None
        kind = found.lastgroup or ""
        value = found.group(kind)
        return self.keys.get((kind, value.lower() if kind == "tag" else value), [])

    def select(self, selector: str, within=None) -> list:
        """Elements matching ``selector`` (inside ``within``, when given), in page order."""
        import soupsieve

        try:
            compiled = soupsieve.compile(selector)
        except Exception as err:  # a selector soupsieve cannot read is a bug in the profile
            raise ValueError(f"bad CSS selector {selector!r}: {err}") from None
        # a pseudo-class with arguments (``:not(:has(> a))``, ``:is(a, b)``) hides commas and
        # combinators from a plain split: such a selector tests every element
        parts = [None] if "(" in selector else [self._candidates(p) for p in selector.split(",")]
        if any(c is None for c in parts):
            return compiled.select(within or self.doc)
        seen: dict[int, Any] = {}
        for candidates in parts:
            for el in candidates or ():
                seen.setdefault(id(el), el)
        found = [
            el
            for el in seen.values()
            if not el.decomposed and compiled.match(el) and (within is None or inside(el, within))
        ]
        return sorted(found, key=lambda el: self.order.get(id(el), 0))


def inside(el, box) -> bool:
    """Whether ``el`` is ``box`` or stands inside it."""

    while el is not None:
        if el is box:
            return True
        el = el.parent
    return False
