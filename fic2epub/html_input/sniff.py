"""Telling a saved page from a text, and preparing it for the parser: MHTML, XHTML, control characters.

``soup()`` is the one place the project parses HTML (beautifulsoup4 with lxml).
"""

from __future__ import annotations

import re

from ..errors import InputError

#: A page starts with a prolog, a doctype or a top-level element (comments before it are allowed).
_HTML_START = re.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|p\b|div\b)", re.I | re.S
)
#: Closing tags of block elements: a text holding many of them is HTML whatever its name says.
_BLOCK_CLOSE = re.compile(r"</(?:p|div|li|h[1-6]|blockquote|td|tr)\s*>", re.I)
#: A single-file web page (MHTML) starts with MIME headers.
_MHTML = re.compile(r"\A\s*(?:[\w-]+:[^\n]*\n)*?MIME-Version:\s*1\.0", re.I)

_NAMES = (".html", ".htm", ".xhtml", ".xht", ".mhtml", ".mht")


def is_html(text: str, source_name: str | None = None) -> bool:
    """Whether ``text`` is a saved page: by file name, by how it starts, or by its many block tags."""
    if source_name and source_name.lower().endswith(_NAMES):
        return True
    head = text[:2000]
    if _HTML_START.match(head) or (_MHTML.match(head) and "multipart/related" in head.lower()):
        return True
    sample = text[:200_000]
    closes = len(_BLOCK_CLOSE.findall(sample))
    return closes >= 10 and closes * 2000 >= len(sample)


def soup(html: str):
    """Parse ``html`` with the one parser the project uses (lxml, through beautifulsoup4)."""
    import warnings

    from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        return BeautifulSoup(html, "lxml")


# --- preparing the page --------------------------------------------------------------------------

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
#: ``<p/>`` in XHTML is an empty element; an HTML parser would read it as an open ``<p>``.
_SELF_CLOSED = re.compile(r"<([A-Za-z][\w:-]*)(\s[^<>]*?)?\s*/>")
#: Control characters are not allowed in XHTML (NUL bytes, form feeds left by scrapers).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def open_self_closed(html: str) -> str:
    def fix(m: re.Match[str]) -> str:
        name = m.group(1)
        return m.group(0) if name.lower() in _VOID else f"<{name}{m.group(2) or ''}></{name}>"

    return _SELF_CLOSED.sub(fix, html)


def unwrap_mhtml(text: str) -> tuple[str, dict[str, tuple[str, bytes]]]:
    """The HTML page inside an MHTML file, and its pictures by ``Content-Location``."""
    import email
    from email import policy

    message = email.message_from_string(text, policy=policy.default)
    page: str | None = None
    resources: dict[str, tuple[str, bytes]] = {}
    for part in message.walk():
        kind = part.get_content_type()
        if kind == "text/html" and page is None:
            page = str(part.get_content())
        elif kind.startswith("image/") and part["Content-Location"]:
            payload = part.get_payload(decode=True)
            resources[str(part["Content-Location"])] = (kind, payload if isinstance(payload, bytes) else b"")
    if page is None:
        raise InputError("the .mhtml file holds no HTML page (save the page as HTML and convert that)")
    return page, resources


def is_mhtml(text: str) -> bool:
    return bool(_MHTML.match(text[:2000]))


def control_free(html: str) -> str:
    """``html`` without the control characters XHTML cannot hold."""
    return CONTROL.sub("", html)


def is_xhtml(html: str) -> bool:
    return html.lstrip().startswith("<?xml") or "http://www.w3.org/1999/xhtml" in html[:3000]
