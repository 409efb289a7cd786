"""HTML input stage: a saved page -> text the rest of the pipeline reads.

Basic version: paragraphs and line breaks as text, script/style dropped.
"""

from __future__ import annotations

import re

_HTML_START = re.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|p\b|div\b)", re.I | re.S
)


def is_html(text: str, source_name: str | None = None) -> bool:
    """Whether ``text`` is a saved page (by file name or by content)."""
    if source_name and source_name.lower().endswith((".html", ".htm", ".xhtml")):
        return True
    return bool(_HTML_START.match(text[:2000]))


def soup(html: str):
    """Parse ``html`` with the one parser the project uses."""
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "lxml")


def html_to_text(html: str) -> str:
    doc = soup(html)
    for tag in doc(["script", "style", "noscript", "template"]):
        tag.decompose()
    for br in doc("br"):
        br.replace_with("\n")
    for hr in doc("hr"):
        hr.replace_with("\n\n***\n\n")
    blocks = []
    for el in doc.find_all(["p", "h1", "h2", "h3", "h4", "h5", "h6", "li"]):
        text = el.get_text(" ", strip=True)
        if text:
            blocks.append(text)
    return "\n\n".join(blocks) if blocks else doc.get_text("\n\n", strip=True)
