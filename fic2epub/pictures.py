"""Pictures: every image is decoded once, here, with one set of limits (Pillow, imported lazily).

Two uses: a picture in the story (``story_picture``: what a saved page shows, or an ``Image`` block a
library user built) and the reader's own cover (``cover_picture``). Both give what every e-reader
shows: JPEG, PNG or GIF, RGB, no larger than the limits below. The generated cover is drawn by
``cover``.
"""

from __future__ import annotations

import io
import warnings
from typing import TYPE_CHECKING

from .errors import InputError
from .model import Image

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

#: Pillow formats an EPUB may hold as they are (EPUB 3 core media types).
MEDIA_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif"}
#: File extensions of those media types, for the book's file names.
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/gif": "gif"}
#: A story picture larger than this on either side, or in bytes, is scaled down and re-encoded.
STORY_SIDE = 1600
STORY_BYTES = 1_500_000
#: A picture file larger than this is not read at all (a saved page's folder may hold anything).
MAX_FILE = 20_000_000
#: The cover: kept as given up to COVER_KEEP_SIDE, else scaled to fit Kindle's recommended 1600×2560.
COVER_SIZE = (1600, 2560)
COVER_KEEP_SIDE = 2560
JPEG_QUALITY = 88


def decode(data: bytes) -> PILImage | None:
    """The picture in ``data``, fully loaded; None for anything Pillow cannot read or a decompression bomb."""
    from PIL import Image as PIL

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PIL.DecompressionBombWarning)
            picture = PIL.open(io.BytesIO(data))
            picture.load()
    except Exception:  # Pillow raises many kinds for broken or hostile files
        return None
    return picture


def story_picture(data: bytes, alt: str = "") -> Image | None:
    """An ``Image`` block for a picture in the story, decoded once and marked ``checked``.

    Kept byte for byte when it is a JPEG (not CMYK), PNG or GIF within the story limits; otherwise
    scaled down and re-encoded (PNG where it has transparency or a palette, else JPEG). None for
    anything that is not a picture, and for a tracking pixel.
    """
    picture = decode(data)
    if picture is None or picture.width * picture.height <= 4:
        return None
    kind = MEDIA_TYPES.get(picture.format or "")
    if (
        kind
        and not (picture.format == "JPEG" and picture.mode == "CMYK")
        and max(picture.size) <= STORY_SIDE
        and len(data) <= STORY_BYTES
    ):
        return Image(data, kind, alt, checked=True)
    picture.thumbnail((STORY_SIDE, STORY_SIDE))
    out = io.BytesIO()
    if picture.mode in ("RGBA", "LA", "P", "PA"):
        picture.save(out, "PNG", optimize=True)
        return Image(out.getvalue(), "image/png", alt, checked=True)
    picture.convert("RGB").save(out, "JPEG", quality=85)
    return Image(out.getvalue(), "image/jpeg", alt, checked=True)


def cover_picture(data: bytes) -> tuple[bytes, str]:
    """The reader's cover image: (bytes, media type), converted to a JPEG where e-readers need it.

    A JPEG or PNG in RGB/greyscale that is not rotated by EXIF and fits COVER_KEEP_SIDE is kept byte
    for byte; anything else Pillow can read is converted to an RGB JPEG scaled to fit COVER_SIZE.
    """
    from PIL import Image as PIL
    from PIL import ImageOps

    picture = decode(data)
    if picture is None:
        raise InputError("the cover is not an image that can be read (use a JPEG or PNG file)")
    rotated = picture.getexif().get(0x0112, 1) not in (1, None)
    kept_modes = {"JPEG": ("RGB", "L"), "PNG": ("RGB", "L", "P", "RGBA", "LA")}
    if (
        picture.format in kept_modes
        and picture.mode in kept_modes[picture.format]
        and not rotated
        and max(picture.size) <= COVER_KEEP_SIDE
    ):
        return data, MEDIA_TYPES[picture.format]
    picture = ImageOps.exif_transpose(picture)
    if picture.mode in ("RGBA", "LA", "P", "PA"):
        picture = picture.convert("RGBA")
        ground = PIL.new("RGBA", picture.size, (255, 255, 255, 255))
        picture = PIL.alpha_composite(ground, picture)
    picture = picture.convert("RGB")
    width, height = COVER_SIZE
    picture.thumbnail((width, height) if picture.height >= picture.width else (height, width), PIL.Resampling.LANCZOS)
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=False)
    return out.getvalue(), "image/jpeg"
