"""Cover stage: Metadata -> cover image bytes (Pillow, lazily imported), deterministic.

* ``generate_cover`` draws a 1600×2560 cover (Kindle's recommended size) with the title, the author
  and the site in the bundled EB Garamond (SIL OFL 1.1, ``fonts/``), on a palette and pattern chosen
  from a hash of the title, so a shelf of books is not one colour. Text the font cannot draw is never
  drawn as tofu boxes: symbols are dropped, and a line whose letters the font lacks is left out. A
  Chinese, Japanese or Korean title is drawn in a font installed on the system that has its glyphs
  (known paths, then ``fc-list``; never downloaded), else the cover has no title text.
  (The reader's own cover image is checked and converted by ``pictures.cover_picture``.)

Size: the cover is flat colours and text, so it is written as a palette PNG (the design's colours
and a ramp of antialiasing shades between text and ground), at most COVER_BYTES (60 KB) where a
JPEG of it was 180-390 KB: measured on 60 titles of 1-20 words, 13-63 KB with antialiased text. A
cover that would be larger (a title of 15 words or more) is drawn again with text not antialiased
(crisp at 1600×2560; 20-41 KB).

Determinism: the bytes depend only on the metadata, the font files and Pillow's bundled FreeType
and zlib; drawing uses integer coordinates, the basic (non-raqm) text layout, quantising to a fixed
palette without dithering, and a PNG written with fixed settings and no metadata.
"""

from __future__ import annotations

import colorsys
import hashlib
import io
import re
import shutil
import struct
import subprocess
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

from .model import UNTITLED, Metadata

WIDTH, HEIGHT = 1600, 2560
FONT_PATH = Path(__file__).with_name("fonts") / "EBGaramond12-Regular.otf"
#: The generated cover's format, and the most bytes it may take.
MEDIA_TYPE = "image/png"
COVER_BYTES = 60_000
#: Shades between the text and the ground it is drawn on (antialiasing) in the cover's palette.
SHADES = 6
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


@lru_cache(maxsize=16)
def codepoints(path: str, index: int = 0) -> frozenset[int]:
    """Every code point a font file (``index``: the font of a collection, ``.ttc``) maps to a glyph,
    read from its ``cmap`` table; empty for a file that is not a font."""
    try:
        data = Path(path).read_bytes()
        base = 0
        if data[:4] == b"ttcf":
            count = struct.unpack_from(">I", data, 8)[0]
            base = struct.unpack_from(">I", data, 12 + 4 * min(index, count - 1))[0]
        tables = struct.unpack_from(">H", data, base + 4)[0]
        cmap = next(
            struct.unpack_from(">I", data, base + 12 + 16 * i + 8)[0]
            for i in range(tables)
            if data[base + 12 + 16 * i : base + 16 + 16 * i] == b"cmap"
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
    except (OSError, struct.error, StopIteration, IndexError):
        return frozenset()


def font_codepoints() -> frozenset[int]:
    """Every code point the bundled font maps to a glyph."""
    return codepoints(str(FONT_PATH))


def drawable(text: str | None, covered: frozenset[int] | None = None) -> str | None:
    """``text`` as the font (the bundled one, or one covering ``covered``) can draw it (unsupported
    symbols dropped), or None if letters are missing."""
    if not text:
        return None
    covered = font_codepoints() if covered is None else covered
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


# --- fonts of the system, for Chinese, Japanese and Korean titles ------------------------------

#: Where systems install fonts with CJK glyphs (Debian/Ubuntu, Fedora, Arch, macOS, Windows).
SYSTEM_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/wenquanyi/wqy-zenhei/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/nanum/NanumMyeongjo.ttf",
    "/usr/share/fonts/truetype/nanum/NanumGothic.ttf",
    "/System/Library/Fonts/Supplemental/Songti.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "/System/Library/Fonts/Hiragino Sans GB.ttc",
    "/System/Library/Fonts/AppleSDGothicNeo.ttc",
    "/Library/Fonts/Arial Unicode.ttf",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simsun.ttc",
    "C:/Windows/Fonts/msgothic.ttc",
    "C:/Windows/Fonts/malgun.ttf",
)
#: Han, kana and Hangul: the scripts a system font is looked for (written without shaping).
_CJK = re.compile("[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def _cjk_language(text: str) -> str:
    if re.search("[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]", text):
        return "ko"
    return "ja" if re.search("[\u3040-\u30ff]", text) else "zh"


@lru_cache(maxsize=4)
def _fc_list(language: str) -> tuple[tuple[str, int], ...]:
    """The fonts fontconfig knows for ``language`` (regular styles first), as (file, index)."""
    if not shutil.which("fc-list"):
        return ()
    try:
        out = subprocess.run(
            ["fc-list", "-f", "%{file}|%{index}|%{style}\\n", f":lang={language}"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return ()
    found = []
    for line in out.splitlines():
        path, _, rest = line.partition("|")
        index, _, style = rest.partition("|")
        if path and index.isdigit():
            found.append((0 if "regular" in style.lower() or "book" in style.lower() else 1, path, int(index)))
    return tuple((path, index) for _, path, index in sorted(set(found)))


def system_font(text: str | None) -> tuple[str, int] | None:
    """An installed font (file, index) that draws every letter of a Chinese, Japanese or Korean
    ``text``; None for other text, or when the system has none."""
    if not text or not _CJK.search(text):
        return None
    candidates = [(path, 0) for path in SYSTEM_FONTS if Path(path).is_file()]
    candidates += [c for c in _fc_list(_cjk_language(text)) if c not in candidates]
    for path, index in candidates:
        if drawable(text, codepoints(path, index)):
            return path, index
    return None


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


#: A font: its file and its index in a collection.
Face = tuple[str, int]
BUNDLED: Face = (str(FONT_PATH), 0)


@lru_cache(maxsize=32)
def _font(size: int, face: Face = BUNDLED):
    from PIL import ImageFont

    return ImageFont.truetype(face[0], size, index=face[1], layout_engine=ImageFont.Layout.BASIC)


def _wrap(text: str, font, width: int) -> list[str]:
    """Greedy word wrap; words longer than the width are broken between characters (CJK text, which
    has no spaces, wraps between any two characters)."""
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


def fit_text(
    text: str, width: int, sizes: range, max_lines: int, height: int = HEIGHT, face: Face = BUNDLED
) -> tuple[int, list[str]]:
    """The largest size in ``sizes`` whose wrapped lines fit; the smallest, truncated, otherwise."""
    for size in sizes:
        lines = _wrap(text, _font(size, face), width)
        if len(lines) <= max_lines and len(lines) * round(size * LEADING) <= height:
            return size, lines
    size = sizes[-1]
    lines = _wrap(text, _font(size, face), width)[:max_lines]
    font = _font(size, face)
    last = lines[-1]
    while last and font.getlength(last + "…") > width:
        last = last[:-1]
    lines[-1] = last.rstrip() + "…"
    return size, lines


def _draw_lines(draw, lines: list[str], size: int, top: int, colour, face: Face = BUNDLED) -> int:
    """Draw centred lines from ``top``; returns the y below the last line."""
    font = _font(size, face)
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


def _text(text: str | None) -> tuple[str, Face] | None:
    """``text`` as a font can draw it, and that font: the bundled one, else an installed CJK one."""
    line = drawable(text)
    if line:
        return line, BUNDLED
    face = system_font(text)
    line = drawable(text, codepoints(*face)) if face else None
    return (line, face) if line and face else None


def draw_cover(metadata: Metadata, antialias: bool = True):
    """The cover as a Pillow image (RGB, WIDTH×HEIGHT); ``antialias`` off draws text with hard edges."""
    from PIL import Image, ImageDraw

    title = metadata.title or UNTITLED
    colours = palette(title)
    image = Image.new("RGB", (WIDTH, HEIGHT), colours["ground"])
    draw = ImageDraw.Draw(image)
    if not antialias:
        draw.fontmode = "1"
    _pattern(draw, colours, colours["motif"])

    panel = PANEL
    draw.rectangle(panel, fill=colours["panel"])
    draw.rectangle((panel[0] + 28, panel[1] + 28, panel[2] - 28, panel[3] - 28), outline=colours["accent"], width=6)
    inner = panel[2] - panel[0] - 200

    text_title = _text(title)
    author = _text(", ".join(metadata.authors)) if metadata.authors else None
    below = 190 if author else 0
    if text_title:
        line, face = text_title
        room = panel[3] - panel[1] - 180 - below
        size, lines = fit_text(line, inner, range(200, 79, -10), 6, room, face)
        block = round(size * LEADING) * len(lines)
        top = (panel[1] + panel[3]) // 2 - (block + below) // 2 - round(size * 0.15)
        bottom = _draw_lines(draw, lines, size, top, colours["ink"], face)
    else:
        _ornament(draw, WIDTH // 2, (panel[1] + panel[3]) // 2 - (95 if author else 0), colours["accent"])
        bottom = (panel[1] + panel[3]) // 2
    if author:
        line, face = author
        draw.rectangle((WIDTH // 2 - 110, bottom + 45, WIDTH // 2 + 110, bottom + 51), fill=colours["accent"])
        a_size, a_lines = fit_text(line, inner, range(96, 55, -8), 2, HEIGHT, face)
        _draw_lines(draw, a_lines, a_size, bottom + 95, colours["ink"], face)

    site = drawable(metadata.site)
    if site:
        s_size, s_lines = fit_text(site.upper(), WIDTH - 300, range(84, 47, -6), 1)
        _draw_lines(draw, s_lines, s_size, 2150, colours["light"])
    return image


def _palette_image(title: str):
    """The cover's palette: its colours, and SHADES steps between each text colour and its ground."""
    from PIL import Image

    c = palette(title)
    colours = [c["ground"], c["pattern"], c["panel"], c["accent"], c["ink"], c["light"]]
    for step in range(1, SHADES + 1):
        t = step / (SHADES + 1)
        colours += [_mix(c["panel"], c["ink"], t), _mix(c["ground"], c["light"], t), _mix(c["panel"], c["accent"], t)]
    flat = [value for colour in colours for value in colour]
    image = Image.new("P", (1, 1))
    image.putpalette(flat + [0] * (768 - len(flat)))
    return image


def _png(image, title: str) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    image.quantize(palette=_palette_image(title), dither=Image.Dither.NONE).save(out, "PNG", optimize=True)
    return out.getvalue()


def generate_cover(metadata: Metadata) -> bytes:
    """A PNG cover (MEDIA_TYPE) for ``metadata``, at most COVER_BYTES: same metadata, same bytes."""
    title = metadata.title or UNTITLED
    data = _png(draw_cover(metadata), title)
    if len(data) > COVER_BYTES:  # a long title's many letters: text with hard edges compresses better
        data = _png(draw_cover(metadata, antialias=False), title)
    return data
