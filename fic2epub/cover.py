"""Cover stage: Metadata -> cover image bytes (Pillow, lazily imported), deterministic.

* ``generate_cover`` draws a 1600×2560 cover (Kindle's recommended size) with the title, the author
  and the site in the bundled EB Garamond (SIL OFL 1.1, ``fonts/``), on a palette and pattern chosen
  from a hash of the title, so a shelf of books is not one colour. Text the font cannot draw is never
  drawn as tofu boxes: symbols are dropped, and a line whose letters the font lacks is left out. A
  Chinese, Japanese or Korean title is drawn in a font installed on the system that has its glyphs
  (known paths, then ``fc-list``; never downloaded), else the cover has no title text.
  (The reader's own cover image is checked and converted by ``pictures.cover_picture``.)

Size: the cover is flat colours and text, so it is written as a 4-bit palette PNG (the design's six
colours and two ramps of antialiasing shades between text and ground: sixteen colours at most), at
most COVER_BYTES (60 KB) where a JPEG of it was 180-390 KB: measured on 60 titles of 1-20 words,
19-60 KB with antialiased text. A title whose cover would be larger is compressed harder (zlib
level 9), and then drawn again with text not antialiased (crisp at 1600×2560).

Speed (a cover is most of a short story's conversion time): the design is drawn directly in palette
indices (no RGB image to quantise), the background motif at half size and scaled up once, each line
of text rendered once as a coverage mask mapped to the shades, and the PNG written here with zlib
level 6: about 15 ms for a typical title, where Pillow's RGB drawing, quantising and ``optimize``
encoder took about 200 ms.

Determinism: the bytes depend only on the metadata, the font files, Pillow's bundled FreeType and
the zlib Python links; drawing uses integer coordinates, the basic (non-raqm) text layout, a fixed
mapping from coverage to shades, and a PNG written with fixed settings and no metadata.
"""

from __future__ import annotations

import colorsys
import re
import struct
import unicodedata
import zlib
from functools import lru_cache
from pathlib import Path
from typing import Any

from .digest import sha256
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
_CJK = "[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]"


def _has_cjk(text: str) -> bool:
    # compiling the ranges takes milliseconds: only for text with a character from U+1100 up
    return max(text) >= "\u1100" and re.search(_CJK, text) is not None


def _cjk_language(text: str) -> str:
    if re.search("[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]", text):
        return "ko"
    return "ja" if re.search("[\u3040-\u30ff]", text) else "zh"


@lru_cache(maxsize=4)
def _fc_list(language: str) -> tuple[tuple[str, int], ...]:
    """The fonts fontconfig knows for ``language`` (regular styles first), as (file, index)."""
    import shutil
    import subprocess

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
    if not text or not _has_cjk(text):
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
    digest = sha256(title.encode("utf-8")).digest()
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


#: The cover's palette, by index: the design's six colours, then the antialiasing shades of the
#: title and author (ink on the panel) and of the site's name (light on the ground). Sixteen
#: colours at most, so a pixel takes four bits.
GROUND, PATTERN, PANEL_COLOUR, ACCENT, INK, LIGHT = range(6)
INK_SHADES = tuple(range(6, 6 + SHADES))
LIGHT_SHADES = tuple(range(6 + SHADES, 6 + SHADES + 3))


#: The background motif is drawn at 1/SCALE of the cover's size and scaled up once (nearest
#: neighbour): its flat shapes look the same, and rows and pixels come in identical pairs, which
#: zlib finds at once (the cover compresses about twice as fast, and smaller). Text is drawn at
#: full size.
SCALE = 2


@lru_cache(maxsize=3)
def _background(motif: int):
    """The ground and its quiet motif (diagonal bands, rings or a dot grid), (WIDTH + PAD)×HEIGHT
    (drawn once a process: the caller copies it)."""
    from PIL import Image, ImageDraw

    w, h = WIDTH // SCALE, HEIGHT // SCALE
    small = Image.new("P", (w + 1, h), GROUND)
    draw = ImageDraw.Draw(small)
    if motif == 0:
        for x in range(-h, w, 80):
            draw.polygon([(x, 0), (x + 30, 0), (x + 30 + h, h), (x + h, h)], fill=PATTERN)
    elif motif == 1:
        for radius in range(70, 1000, 70):
            draw.ellipse(
                (w // 2 - radius, h // 2 - radius, w // 2 + radius, h // 2 + radius), outline=PATTERN, width=14
            )
    else:
        for y in range(30, h, 60):
            for x in range(30 + (y // 60 % 2) * 30, w, 60):
                draw.ellipse((x - 8, y - 8, x + 8, y + 8), fill=PATTERN)
    draw.line((w, 0, w, h), fill=GROUND)  # the PAD column stays index 0
    return small.resize((WIDTH + PAD, HEIGHT), Image.Resampling.NEAREST)


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


@lru_cache(maxsize=4)
def _shade_tables(shades: tuple[int, ...], colour: int, antialias: bool) -> tuple[list[int], list[int]]:
    """Point tables from a text mask's coverage (0-255): the palette index to draw (``colour`` for
    full coverage, the nearest of ``shades`` between), and a mask of where to draw it (no coverage,
    or too little for the first shade: the ground stays)."""
    steps = len(shades) + 1
    index, where = [], []
    for value in range(256):
        k = round(value * steps / 255) if antialias else (steps if value >= 128 else 0)
        index.append(0 if k == 0 else colour if k == steps else shades[k - 1])
        where.append(255 if k else 0)
    return index, where


def _draw_lines(
    image, lines: list[str], size: int, top: int, colour: int, shades: tuple[int, ...], face: Face, antialias: bool
) -> int:
    """Draw centred lines from ``top`` into the palette ``image``; returns the y below the last line.

    Each line is rendered once as a coverage mask (FreeType's antialiasing) and its coverage mapped
    to the palette: ``colour``, or one of the ``shades`` between it and the ground."""
    from PIL import Image, ImageDraw

    font = _font(size, face)
    step = round(size * LEADING)
    index, where = _shade_tables(shades, colour, antialias)
    for i, line in enumerate(lines):
        x, y = (WIDTH - round(font.getlength(line))) // 2, top + i * step
        left, upper, right, lower = font.getbbox(line)
        if right <= left or lower <= upper:
            continue
        mask = Image.new("L", (right - left, lower - upper), 0)
        pen = ImageDraw.Draw(mask)
        pen.fontmode = "L" if antialias else "1"
        pen.text((-left, -upper), line, font=font, fill=255)
        ink = Image.frombytes("P", mask.size, mask.point(index).tobytes())
        image.paste(ink, (x + left, y + upper), mask.point(where))
    return top + len(lines) * step


def _ornament(draw, cx: int, cy: int) -> None:
    """Three small diamonds: the printer's mark drawn where no text can go."""
    for dx in (-90, 0, 90):
        r = 34 if dx == 0 else 22
        draw.polygon([(cx + dx, cy - r), (cx + dx + r, cy), (cx + dx, cy + r), (cx + dx - r, cy)], fill=ACCENT)


def _text(text: str | None) -> tuple[str, Face] | None:
    """``text`` as a font can draw it, and that font: the bundled one, else an installed CJK one."""
    line = drawable(text)
    if line:
        return line, BUNDLED
    face = system_font(text)
    line = drawable(text, codepoints(*face)) if face else None
    return (line, face) if line and face else None


#: Pixels of index 0 right of each row of the drawn image: packed four bits a pixel they are the zero
#: byte that starts the next row of the PNG data (filter type None), so the rows need no copying.
PAD = 2


def _draw(metadata: Metadata, antialias: bool = True):
    """The cover as a palette image (mode P, indices into ``_palette``), (WIDTH + PAD)×HEIGHT."""
    from PIL import ImageDraw

    title = metadata.title or UNTITLED
    image = _background(palette(title)["motif"]).copy()
    draw = ImageDraw.Draw(image)

    panel = PANEL
    draw.rectangle(panel, fill=PANEL_COLOUR)
    draw.rectangle((panel[0] + 28, panel[1] + 28, panel[2] - 28, panel[3] - 28), outline=ACCENT, width=6)
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
        bottom = _draw_lines(image, lines, size, top, INK, INK_SHADES, face, antialias)
    else:
        _ornament(draw, WIDTH // 2, (panel[1] + panel[3]) // 2 - (95 if author else 0))
        bottom = (panel[1] + panel[3]) // 2
    if author:
        line, face = author
        draw.rectangle((WIDTH // 2 - 110, bottom + 45, WIDTH // 2 + 110, bottom + 51), fill=ACCENT)
        a_size, a_lines = fit_text(line, inner, range(96, 55, -8), 2, HEIGHT, face)
        _draw_lines(image, a_lines, a_size, bottom + 95, INK, INK_SHADES, face, antialias)

    site = drawable(metadata.site)
    if site:
        s_size, s_lines = fit_text(site.upper(), WIDTH - 300, range(84, 47, -6), 1)
        _draw_lines(image, s_lines, s_size, 2150, LIGHT, LIGHT_SHADES, BUNDLED, antialias)
    image.putpalette([value for colour in _palette(title) for value in colour])
    return image


def draw_cover(metadata: Metadata, antialias: bool = True):
    """The cover as a Pillow image (RGB, WIDTH×HEIGHT); ``antialias`` off draws text with hard edges."""
    return _draw(metadata, antialias).crop((0, 0, WIDTH, HEIGHT)).convert("RGB")


def _palette(title: str) -> list[tuple[int, int, int]]:
    """The cover's colours by index (see GROUND …): the design's, then the shades between each text
    colour and its ground."""
    c = palette(title)
    colours = [c["ground"], c["pattern"], c["panel"], c["accent"], c["ink"], c["light"]]
    colours += [_mix(c["panel"], c["ink"], k / (len(INK_SHADES) + 1)) for k in range(1, len(INK_SHADES) + 1)]
    colours += [_mix(c["ground"], c["light"], k / (len(LIGHT_SHADES) + 1)) for k in range(1, len(LIGHT_SHADES) + 1)]
    return colours


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


#: Bytes of one row of PNG data: the filter byte, then four bits a pixel.
ROW = 1 + WIDTH // 2
#: The rows above the panel, the panel's, and those below it (the site's name and the motif).
BANDS = (0, PANEL[1], PANEL[3] + 1, HEIGHT)
_DEFLATED: dict[tuple[bytes, int, bool], bytes] = {}


def _deflate_band(band: bytes, level: int, last: bool) -> bytes:
    """One band of rows as raw deflate blocks, ended (``last``) or flushed to a byte boundary so that
    the next band's blocks follow it in one stream (as pigz joins its pieces)."""
    squeeze = zlib.compressobj(level, zlib.DEFLATED, -15)
    return squeeze.compress(band) + squeeze.flush(zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH)


def _deflate(rows: bytes, level: int) -> bytes:
    """The zlib stream of the PNG data, compressed band by band. The bands above and below the panel
    hold only the motif (and the site's name): a batch's covers share them, so each is compressed
    once a process (kept by its bytes, the same bytes whoever draws them)."""
    pieces = []
    for n, (top, bottom) in enumerate(zip(BANDS, BANDS[1:])):
        band, last = rows[top * ROW : bottom * ROW], bottom == HEIGHT
        if n == 1:
            pieces.append(_deflate_band(band, level, last))
            continue
        key = (band, level, last)
        if key not in _DEFLATED:
            if len(_DEFLATED) >= 8:
                _DEFLATED.pop(next(iter(_DEFLATED)))
            _DEFLATED[key] = _deflate_band(band, level, last)
        pieces.append(_DEFLATED[key])
    return b"\x78\x9c" + b"".join(pieces) + struct.pack(">I", zlib.adler32(rows))


def _png(image, level: int) -> bytes:
    """The drawn image (see PAD) as a 4-bit palette PNG: IHDR, PLTE, one IDAT (zlib at ``level``),
    IEND; nothing else.

    Written here rather than by Pillow's encoder: rows unfiltered (filters only cost time on flat
    colours), four bits a pixel (the zlib input is half as long as Pillow's 8-bit palette rows)."""
    rows = b"\0" + image.tobytes("raw", "P;4")[: -(PAD // 2)]
    colours = image.getpalette()[: 3 * (max(LIGHT_SHADES) + 1)]
    return b"".join(
        (
            b"\x89PNG\r\n\x1a\n",
            _chunk(b"IHDR", struct.pack(">IIBBBBB", WIDTH, HEIGHT, 4, 3, 0, 0, 0)),
            _chunk(b"PLTE", bytes(colours)),
            _chunk(b"IDAT", _deflate(rows, level)),
            _chunk(b"IEND", b""),
        )
    )


def generate_cover(metadata: Metadata) -> bytes:
    """A PNG cover (MEDIA_TYPE) for ``metadata``, at most COVER_BYTES: same metadata, same bytes.

    zlib level 3 first (a few milliseconds; 25-55 KB for most titles), then 6 and 9 for a long title's
    many letters (9 is about 15 times slower than 3); the longest titles get text with hard edges,
    which compresses better."""
    data = b""
    for antialias in (True, False):
        image = _draw(metadata, antialias)
        for level in (6, 9):
            data = _png(image, level)
            if len(data) <= COVER_BYTES:
                return data
    return data
