"""Where a saved page's pictures may come from: ``data:`` addresses, an MHTML file's parts, and files
under the input's own folder (never outside it, never the network). Decoding is ``fic2epub.pictures``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Image
from ..pictures import MAX_FILE, story_picture


def read_local_image(src: str, base_dir: str | None) -> bytes | None:
    """The bytes of a picture the page names by a relative path, only if it lies under ``base_dir``.

    Symlinks and ``..`` are resolved first, so ``../../.ssh/id_rsa`` or a link to it is refused.
    """
    import os
    from urllib.parse import unquote, urlsplit

    if not base_dir:
        return None
    try:
        parts = urlsplit(src)
    except ValueError:  # an address the standard library cannot read (``http://[x]/``): no file
        return None
    if parts.scheme not in ("", "file") or parts.netloc not in ("", "localhost"):
        return None
    base = os.path.realpath(base_dir)
    path = os.path.realpath(os.path.join(base, unquote(parts.path)))
    if os.path.commonpath([base, path]) != base or not os.path.isfile(path):
        return None
    if os.path.getsize(path) > MAX_FILE:
        return None
    with open(path, "rb") as handle:
        return handle.read()


def _data_uri(src: str) -> bytes | None:
    import base64
    from urllib.parse import unquote_to_bytes

    head, _, payload = src.partition(",")
    try:
        return base64.b64decode(payload, validate=False) if head.endswith(";base64") else unquote_to_bytes(payload)
    except ValueError:
        return None


def _shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


@dataclass
class PagePictures:
    """Where the page's pictures may come from, and what became of those that could not be used."""

    base_dir: str | None
    resources: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    remote: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    def load(self, src: str, alt: str) -> Image | None:
        src = src.strip()
        if src.lower().startswith("data:"):
            data = _data_uri(src)
        elif src in self.resources:
            data = self.resources[src][1]
        elif re.match(r"(?:https?:)?//", src, re.I):
            self.remote.append(src)
            return None
        else:
            data = read_local_image(src, self.base_dir)
        image = story_picture(data, alt) if data else None
        if image is None and not src.lower().startswith("data:"):
            self.refused.append(src)
        return image

    def warnings(self) -> list[str]:
        out = []
        if self.remote:
            out.append(
                f"{len(self.remote)} remote picture(s) left out (no network use): {_shorten(self.remote[0], 80)}"
            )
        if self.refused:
            out.append(
                f"{len(self.refused)} picture(s) left out (not a picture, or outside the input's folder): "
                f"{_shorten(self.refused[0], 80)}"
            )
        return out
