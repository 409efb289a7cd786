"""Cover stage: Metadata -> cover image bytes (Pillow, lazily imported), deterministic.

* ``generate_cover`` draws a 1600×2560 JPEG with the title, the author and the site in the bundled
  EB Garamond (SIL OFL 1.1, ``fonts/``), on a palette and pattern chosen from a hash of the title, so
  a shelf of books is not one colour. Text the font cannot draw (CJK, Arabic, emoji) is never drawn
  as tofu boxes: symbols are dropped, and a line whose letters the font lacks is left out, which
  gives a text-free design for a CJK title.
  (The reader's own cover image is checked and converted by ``pictures.cover_picture``.)

Determinism: the bytes depend only on the metadata, the bundled font file and Pillow's bundled
FreeType/libjpeg; drawing uses integer coordinates, the basic (non-raqm) text layout and a JPEG
written with fixed settings and no metadata.
"""

from __future__ import annotations

import colorsys
import hashlib
import io
import struct
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

from .model import UNTITLED, Metadata

WIDTH, HEIGHT = 1600, 2560
FONT_PATH = Path(__file__).with_name("fonts") / "EBGaramond12-Regular.otf"
JPEG_QUALITY = 88
PANEL = (130, 520, WIDTH - 130, 1900)  # the light box that holds the title and the author
LEADING = 1.15  # line height as a multiple of the font size
#: Largest side a reader's cover keeps; larger images are scaled down (Kindle's own limit is 10000).
MAX_SIDE = 2560
#: Unicode categories that may be dropped from a line when the font lacks them (emoji, symbols,
#: joiners, variation selectors, private use): the line still reads without them.
DROPPABLE = ("So", "Sk", "Cf", "Co", "Cs", "Cn", "Mn", "Me")


# --- which characters the font can draw -------------------------------------------------------


def _cmap_format4(data: bytes, off: int) -> set[int]:
    seg_x2 = struct.unpack_from(">H", data, off + 6)[0]
    ends = struct.unpack_from(f">{seg_x2 // 2}H", data, off + 14)
    starts_at = off + 16 + seg_x2
    starts = struct.unpack_from(f">{seg_x2 // 2}H", data, starts_at)
    deltas = struct.unpack_from(f">{seg_x2 // 2}h", data, starts_at + seg_x2)
    ranges_at = starts_at + 2 * seg_x2
    offsets = struct.unpack_from(f">{seg_x2 // 2}H", data, ranges_at)
    found: set[int] = set()
    for i, (start, end) in enumerate(zip(starts, ends)):
        for code in range(start, end + 1):
            if code == 0xFFFF:
                continue
            if offsets[i] == 0:
                glyph = (code + deltas[i]) & 0xFFFF
            else:
                at = ranges_at + 2 * i + offsets[i] + 2 * (code - start)
                glyph = struct.unpack_from(">H", data, at)[0]
                glyph = (glyph + deltas[i]) & 0xFFFF if glyph else 0
            if glyph:
                found.add(code)
    return found


def _cmap_format12(data: bytes, off: int) -> set[int]:
    count = struct.unpack_from(">I", data, off + 12)[0]
    found: set[int] = set()
    for i in range(count):
        start, end, glyph = struct.unpack_from(">III", data, off + 16 + 12 * i)
        found.update(range(start if glyph else start + 1, end + 1))
    return found


@lru_cache(maxsize=1)
def font_codepoints() -> frozenset[int]:
    """Every code point the bundled font maps to a glyph (read from its ``cmap`` table)."""
    data = FONT_PATH.read_bytes()
    tables = struct.unpack_from(">H", data, 4)[0]
    cmap = next(
        struct.unpack_from(">I", data, 12 + 16 * i + 8)[0]
        for i in range(tables)
        if data[12 + 16 * i : 16 + 16 * i] == b"cmap"
    )
    found: set[int] = set()
    for i in range(struct.unpack_from(">H", data, cmap + 2)[0]):
        platform, encoding, offset = struct.unpack_from(">HHI", data, cmap + 4 + 8 * i)
        if (platform, encoding) not in ((3, 1), (3, 10), (0, 3), (0, 4)):
            continue
        fmt = struct.unpack_from(">H", data, cmap + offset)[0]
        if fmt == 4:
            found |= _cmap_format4(data, cmap + offset)
        elif fmt == 12:
            found |= _cmap_format12(data, cmap + offset)
    return frozenset(found)


def drawable(text: str | None) -> str | None:
    """``text`` as the font can draw it (unsupported symbols dropped), or None if letters are missing."""
    if not text:
        return None
    covered = font_codepoints()
    kept = []
    for ch in unicodedata.normalize("NFC", text):
        if ch.isspace():
            kept.append(" ")
        elif ord(ch) in covered:
            kept.append(ch)
        elif unicodedata.category(ch) not in DROPPABLE:
            return None
    line = " ".join("".join(kept).split())
    return line if any(ch.isalnum() for ch in line) else None


# --- palette and layout -----------------------------------------------------------------------


def _rgb(h: float, s: float, lightness: float) -> tuple[int, int, int]:
    r, g, b = colorsys.hls_to_rgb(h % 1.0, lightness, s)
    return round(r * 255), round(g * 255), round(b * 255)


def _mix(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> tuple[int, int, int]:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b))  # type: ignore[return-value]


def palette(title: str) -> dict[str, Any]:
    """Colours from a hash of the title: a dark ground, a contrasting accent, a light panel."""
    digest = hashlib.sha256(title.encode("utf-8")).digest()
    hue = digest[0] / 256 + digest[1] / 65536
    accent_hue = hue + (0.08 if digest[2] % 2 else -0.08) + (0.5 if digest[3] % 3 == 0 else 0)
    ground = _rgb(hue, 0.35 + digest[4] / 1275, 0.20 + digest[5] / 2550)
    return {
        "ground": ground,
        "accent": _rgb(accent_hue, 0.55, 0.58),
        "pattern": _mix(ground, _rgb(accent_hue, 0.55, 0.58), 0.28),
        "panel": _rgb(hue, 0.30, 0.93),
        "ink": _rgb(hue, 0.45, 0.13),
        "light": _rgb(hue, 0.20, 0.90),
        "motif": digest[6] % 3,
    }


def _pattern(draw, colours: dict, motif: int) -> None:
    """A quiet background motif: diagonal bands, rings or a dot grid."""
    colour = colours["pattern"]
    if motif == 0:
        for x in range(-HEIGHT, WIDTH, 160):
            draw.polygon([(x, 0), (x + 60, 0), (x + 60 + HEIGHT, HEIGHT), (x + HEIGHT, HEIGHT)], fill=colour)
    elif motif == 1:
        for radius in range(140, 2000, 140):
            box = (WIDTH // 2 - radius, HEIGHT // 2 - radius, WIDTH // 2 + radius, HEIGHT // 2 + radius)
            draw.ellipse(box, outline=colour, width=28)
    else:
        for y in range(60, HEIGHT, 120):
            for x in range(60 + (y // 120 % 2) * 60, WIDTH, 120):
                draw.ellipse((x - 16, y - 16, x + 16, y + 16), fill=colour)


@lru_cache(maxsize=16)
def _font(size: int):
    from PIL import ImageFont

    return ImageFont.truetype(str(FONT_PATH), size, layout_engine=ImageFont.Layout.BASIC)


def _wrap(text: str, font, width: int) -> list[str]:
    """Greedy word wrap; words longer than the width are broken between characters."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if font.getlength(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = ""
        for ch in word:
            if font.getlength(current + ch) > width and current:
                lines.append(current)
                current = ""
            current += ch
    if current:
        lines.append(current)
    return lines


def fit_text(text: str, width: int, sizes: range, max_lines: int, height: int = HEIGHT) -> tuple[int, list[str]]:
    """The largest size in ``sizes`` whose wrapped lines fit; the smallest, truncated, otherwise."""
    for size in sizes:
        lines = _wrap(text, _font(size), width)
        if len(lines) <= max_lines and len(lines) * round(size * LEADING) <= height:
            return size, lines
    size = sizes[-1]
    lines = _wrap(text, _font(size), width)[:max_lines]
    font = _font(size)
    last = lines[-1]
    while last and font.getlength(last + "…") > width:
        last = last[:-1]
    lines[-1] = last.rstrip() + "…"
    return size, lines


def _draw_lines(draw, lines: list[str], size: int, top: int, colour) -> int:
    """Draw centred lines from ``top``; returns the y below the last line."""
    font = _font(size)
    step = round(size * LEADING)
    for i, line in enumerate(lines):
        x = (WIDTH - round(font.getlength(line))) // 2
        draw.text((x, top + i * step), line, font=font, fill=colour)
    return top + len(lines) * step


def _ornament(draw, cx: int, cy: int, colour) -> None:
    """Three small diamonds: the printer's mark drawn where no text can go."""
    for dx in (-90, 0, 90):
        r = 34 if dx == 0 else 22
        draw.polygon([(cx + dx, cy - r), (cx + dx + r, cy), (cx + dx, cy + r), (cx + dx - r, cy)], fill=colour)


def draw_cover(metadata: Metadata):
    """The cover as a Pillow image (RGB, WIDTH×HEIGHT)."""
    from PIL import Image, ImageDraw

    title = metadata.title or UNTITLED
    colours = palette(title)
    image = Image.new("RGB", (WIDTH, HEIGHT), colours["ground"])
    draw = ImageDraw.Draw(image)
    _pattern(draw, colours, colours["motif"])

    panel = PANEL
    draw.rectangle(panel, fill=colours["panel"])
    draw.rectangle((panel[0] + 28, panel[1] + 28, panel[2] - 28, panel[3] - 28), outline=colours["accent"], width=6)
    inner = panel[2] - panel[0] - 200

    text_title = drawable(title)
    author = drawable(", ".join(metadata.authors)) if metadata.authors else None
    below = 190 if author else 0
    if text_title:
        room = panel[3] - panel[1] - 180 - below
        size, lines = fit_text(text_title, inner, range(200, 79, -10), 6, room)
        block = round(size * LEADING) * len(lines)
        top = (panel[1] + panel[3]) // 2 - (block + below) // 2 - round(size * 0.15)
        bottom = _draw_lines(draw, lines, size, top, colours["ink"])
    else:
        _ornament(draw, WIDTH // 2, (panel[1] + panel[3]) // 2 - (95 if author else 0), colours["accent"])
        bottom = (panel[1] + panel[3]) // 2
    if author:
        draw.rectangle((WIDTH // 2 - 110, bottom + 45, WIDTH // 2 + 110, bottom + 51), fill=colours["accent"])
        a_size, a_lines = fit_text(author, inner, range(96, 55, -8), 2)
        _draw_lines(draw, a_lines, a_size, bottom + 95, colours["ink"])

    site = drawable(metadata.site)
    if site:
        s_size, s_lines = fit_text(site.upper(), WIDTH - 300, range(84, 47, -6), 1)
        _draw_lines(draw, s_lines, s_size, 2150, colours["light"])
    return image


def generate_cover(metadata: Metadata) -> bytes:
    """A JPEG cover for ``metadata``: same metadata, same bytes."""
    image = draw_cover(metadata)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=False, subsampling=0)
    return out.getvalue()
