"""Covers: the generated one (deterministic, sized, varied, never tofu) and the reader's own."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from typer.testing import CliRunner

from fic2epub.cli import app
from fic2epub.cover import (
    COVER_BYTES,
    FONT_PATH,
    HEIGHT,
    MEDIA_TYPE,
    PANEL,
    WIDTH,
    codepoints,
    draw_cover,
    drawable,
    generate_cover,
    palette,
    system_font,
)
from fic2epub.errors import Fic2EpubError
from fic2epub.model import Metadata
from fic2epub.pictures import cover_picture

from conftest import SAMPLE, EpubView

runner = CliRunner()


def ink_pixels(meta: Metadata) -> int:
    """Pixels in the title panel drawn in (or near) the ink colour: the title's and author's text."""
    image = draw_cover(meta)
    ink = palette(meta.title or "Untitled")["ink"]
    panel = image.crop(PANEL)
    return sum(
        count
        for count, colour in panel.getcolors(maxcolors=1 << 20)
        if sum(abs(a - b) for a, b in zip(colour, ink)) < 60
    )


def test_same_metadata_same_bytes():
    meta = Metadata(title="Sterek || Goodbye", authors=["derek_fan99"], site="Wattpad")
    assert generate_cover(meta) == generate_cover(
        Metadata(title="Sterek || Goodbye", authors=["derek_fan99"], site="Wattpad")
    )


def test_size_and_format():
    data = generate_cover(Metadata(title="New Day Dawning", authors=["IncompleteSentanc"], site="Archive of Our Own"))
    image = Image.open(io.BytesIO(data))
    assert MEDIA_TYPE == "image/png" and image.format == "PNG" and image.mode == "P"
    assert image.size == (WIDTH, HEIGHT) == (1600, 2560)
    assert 10_000 < len(data) <= COVER_BYTES == 60_000
    assert not image.info.get("exif") and set(image.info) <= {"dpi", "gamma", "transparency"}


#: Titles as long as stories have (the longest of the corpus, and longer), with long bylines.
LONG_TITLES = [
    "The story of how a Cultivation Universe was Conquered by an Interstellar Weapons Platform",
    "A Christmas Carol in Prose; Being a Ghost Story of Christmas " * 3,
    "Alice was beginning to get very tired of sitting by her sister on the bank, and of having nothing to do",
    "Harry Potter and the Methods of Rationality: Interlude with the Confessor, Part Two",
]


@pytest.mark.parametrize("title", LONG_TITLES)
def test_long_titles_stay_within_the_size(title):
    meta = Metadata(title=title, authors=["Dream Teller", "Kitsune Foxfire"], site="Archive of Our Own")
    data = generate_cover(meta)
    assert len(data) <= COVER_BYTES
    assert Image.open(io.BytesIO(data)).size == (1600, 2560)
    assert generate_cover(meta) == data


def test_text_is_antialiased_when_the_size_allows():
    """Sharp text: the title's edges use the palette's shades between ink and panel."""
    meta = Metadata(title="New Day Dawning")
    image = Image.open(io.BytesIO(generate_cover(meta))).convert("RGB").crop(PANEL)
    colours = palette("New Day Dawning")
    shades = {c for _, c in image.getcolors(1 << 16)} - {colours["panel"], colours["ink"], colours["accent"]}
    assert len(shades) >= 4


def test_palette_varies_by_title():
    titles = ["Goodbye", "New Day Dawning", "Crimson Supernova", "In Too Deep", "Fabric of Fate", "Pioneer"]
    grounds = {palette(t)["ground"] for t in titles}
    assert len(grounds) == len(titles)
    hues = {palette(t)["ground"][0] // 40 for t in titles} | {palette(t)["ground"][2] // 40 for t in titles}
    assert len(hues) > 2


@pytest.mark.parametrize("title", ["道中", "魔法少女の日常", "도깨비"])
def test_cjk_title_without_a_system_font_gives_a_text_free_panel(title, monkeypatch):
    from fic2epub import cover

    monkeypatch.setattr(cover, "system_font", lambda text: None)
    assert drawable(title) is None
    assert ink_pixels(Metadata(title=title)) == 0  # no boxes, no text: the ornament only
    assert ink_pixels(Metadata(title="Goodbye")) > 5000


@pytest.mark.parametrize("title", ["道中", "魔法少女の日常", "도깨비"])
def test_cjk_title_drawn_in_an_installed_font(title):
    face = system_font(title)
    if face is None:
        pytest.skip("no font with Chinese, Japanese and Korean glyphs is installed (e.g. fonts-wqy-microhei)")
    assert drawable(title, codepoints(*face)) == title
    assert ink_pixels(Metadata(title=title)) > 3000
    data = generate_cover(Metadata(title=title, authors=["说梦者"]))
    assert len(data) <= COVER_BYTES and data == generate_cover(Metadata(title=title, authors=["说梦者"]))


def test_system_fonts_are_looked_up_not_fetched(monkeypatch, tmp_path):
    from fic2epub import cover

    monkeypatch.setattr(cover, "SYSTEM_FONTS", (str(tmp_path / "missing.ttc"), str(FONT_PATH)))
    monkeypatch.setattr(cover, "_fc_list", lambda language: ())
    assert cover.system_font("道中") is None  # EB Garamond has no Han: no font
    assert cover.system_font("Goodbye") is None  # not CJK: the bundled font draws it
    assert codepoints(str(tmp_path / "missing.ttc")) == frozenset()


def test_cyrillic_and_greek_titles_are_drawn():
    assert drawable("Война и мир") == "Война и мир"
    assert drawable("Ψυχή") == "Ψυχή"
    assert ink_pixels(Metadata(title="Война и мир")) > 5000


def test_emoji_are_dropped_not_drawn_as_boxes():
    assert drawable("Tom & Jerry <3 🐱💕") == "Tom & Jerry <3"
    assert drawable("👨‍👩‍👧") is None
    assert drawable("love ♥ story") == "love story"


def test_long_title_stays_in_the_panel():
    meta = Metadata(
        title="A Christmas Carol in Prose; Being a Ghost Story of Christmas " * 3, authors=["Charles Dickens"]
    )
    image = draw_cover(meta)
    ground = palette(meta.title)["panel"]
    # the rows just inside the panel's frame are untouched panel colour: no text spilled over it
    for y in (PANEL[1] + 40, PANEL[3] - 40):
        row = image.crop((PANEL[0] + 40, y, PANEL[2] - 40, y + 1))
        assert row.getcolors() == [(PANEL[2] - PANEL[0] - 80, ground)]


def test_font_is_bundled_small_with_its_licence():
    assert FONT_PATH.exists() and FONT_PATH.stat().st_size < 1_000_000
    licence = (FONT_PATH.parent / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence and "Georg Duffner" in licence


def _image_bytes(size, mode="RGB", fmt="PNG", **save) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, (10, 120, 200) if mode == "RGB" else None).save(out, fmt, **save)
    return out.getvalue()


def test_readers_cover_kept_when_fine():
    data = _image_bytes((800, 1200), fmt="JPEG", quality=80)
    assert cover_picture(data) == (data, "image/jpeg")
    data = _image_bytes((600, 900))
    assert cover_picture(data) == (data, "image/png")


def test_readers_cover_converted_when_needed():
    big, media_type = cover_picture(_image_bytes((3000, 4800)))
    image = Image.open(io.BytesIO(big))
    assert media_type == "image/jpeg" and image.format == "JPEG" and image.size == (1600, 2560)
    cmyk = _image_bytes((400, 600), mode="CMYK", fmt="JPEG")
    data, media_type = cover_picture(cmyk)
    assert Image.open(io.BytesIO(data)).mode == "RGB" and media_type == "image/jpeg"
    data, media_type = cover_picture(_image_bytes((300, 450), fmt="BMP"))
    assert media_type == "image/jpeg" and Image.open(io.BytesIO(data)).format == "JPEG"


@pytest.mark.parametrize("data", [b"", b"not an image at all", b"\x89PNG\r\n\x1a\n broken"])
def test_not_an_image_is_a_clean_error(data):
    with pytest.raises(Fic2EpubError) as err:
        cover_picture(data)
    assert "\n" not in str(err.value) and "cover" in str(err.value)


def test_cli_cover_option(tmp_path):
    picture = tmp_path / "mine.png"
    picture.write_bytes(_image_bytes((600, 900)))
    out = tmp_path / "book.epub"
    result = runner.invoke(app, ["convert", str(SAMPLE), "-o", str(out), "--cover", str(picture)])
    assert result.exit_code == 0, result.output
    view = EpubView(out.read_bytes())
    assert view.manifest()["cover-image"]["href"] == "images/cover.png"
    assert view.zip.read(view.folder + "images/cover.png") == picture.read_bytes()


def test_cli_cover_not_an_image(tmp_path):
    fake = tmp_path / "cover.png"
    fake.write_text("hello")
    result = runner.invoke(app, ["convert", str(SAMPLE), "-o", str(tmp_path / "b.epub"), "--cover", str(fake)])
    assert result.exit_code != 0
    assert "Traceback" not in result.output and "cover" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "b.epub").exists()


def test_cli_no_cover(tmp_path):
    out = tmp_path / "book.epub"
    result = runner.invoke(app, ["convert", str(SAMPLE), "-o", str(out), "--no-cover"])
    assert result.exit_code == 0, result.output
    view = EpubView(out.read_bytes())
    assert "cover-image" not in view.manifest() and "cover.xhtml" not in str(view.names)
