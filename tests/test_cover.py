"""cover.jpg: Apple wants a square RGB JPEG or PNG, 1400-3000 px."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from reader.errors import ConfigError
from reader.site import write_site
from reader.site.cover import generated_cover, write_cover

try:  # tests as a package, or as loose modules (pytest's default rootdir import)
    from .site_support import site_config
except ImportError:
    from site_support import site_config  # type: ignore[no-redef]


def image_of(path: Path) -> tuple[tuple[int, int], str, str | None]:
    with Image.open(path) as image:
        return image.size, image.mode, image.format


def test_generated_cover_when_none_is_configured(tmp_path: Path) -> None:
    config = site_config(tmp_path)
    output = tmp_path / "output"
    write_site(output, config, [])
    assert image_of(output / "cover.jpg") == ((3000, 3000), "RGB", "JPEG")
    with Image.open(output / "cover.jpg") as image:
        colours = image.resize((60, 60)).getcolors(3600) or []
    assert len(colours) > 2  # the title is drawn on it, not just a flat colour


def test_generated_cover_is_not_redrawn_for_the_same_title(tmp_path: Path) -> None:
    config = site_config(tmp_path)
    assert config.podcast is not None
    cover = write_cover(tmp_path / "output", config.podcast)
    before = cover.stat().st_mtime_ns, cover.read_bytes()
    write_cover(tmp_path / "output", config.podcast)
    assert (cover.stat().st_mtime_ns, cover.read_bytes()) == before


def test_a_second_site_with_the_same_title_reuses_the_drawing(tmp_path: Path) -> None:
    config = site_config(tmp_path)
    assert config.podcast is not None
    generated_cover.cache_clear()
    one = write_cover(tmp_path / "one", config.podcast)
    two = write_cover(tmp_path / "two", config.podcast)
    assert one.read_bytes() == two.read_bytes()
    assert generated_cover.cache_info().misses == 1  # drawn once, for both


def test_configured_rgba_png_becomes_an_rgb_jpeg(tmp_path: Path) -> None:
    Image.new("RGBA", (1400, 1400), (200, 30, 30, 128)).save(tmp_path / "art.png")
    config = site_config(tmp_path, extra='image = "art.png"\n')
    write_site(tmp_path / "output", config, [])
    assert image_of(tmp_path / "output" / "cover.jpg") == ((1400, 1400), "RGB", "JPEG")


def test_configured_rgb_jpeg_is_published_unchanged(tmp_path: Path) -> None:
    Image.new("RGB", (2000, 2000), (10, 120, 90)).save(tmp_path / "art.jpg", quality=80)
    config = site_config(tmp_path, extra='image = "art.jpg"\n')
    write_site(tmp_path / "output", config, [])
    assert (tmp_path / "output" / "cover.jpg").read_bytes() == (tmp_path / "art.jpg").read_bytes()


def test_a_larger_square_is_scaled_down_to_3000(tmp_path: Path) -> None:
    Image.new("RGB", (3200, 3200), (10, 120, 90)).save(tmp_path / "art.jpg")
    config = site_config(tmp_path, extra='image = "art.jpg"\n')
    write_site(tmp_path / "output", config, [])
    assert image_of(tmp_path / "output" / "cover.jpg") == ((3000, 3000), "RGB", "JPEG")


@pytest.mark.parametrize(
    ("size", "message"),
    [((1600, 1400), "must be square"), ((800, 800), "at least 1400x1400")],
)
def test_unusable_configured_image_is_a_config_error(tmp_path: Path, size: tuple[int, int],
                                                     message: str) -> None:
    Image.new("RGB", size).save(tmp_path / "art.png")
    config = site_config(tmp_path, extra='image = "art.png"\n')
    with pytest.raises(ConfigError, match=message) as caught:
        write_site(tmp_path / "output", config, [])
    assert "[podcast] image" in str(caught.value) and "art.png" in str(caught.value)


def test_not_an_image(tmp_path: Path) -> None:
    (tmp_path / "art.jpg").write_text("not an image")
    config = site_config(tmp_path, extra='image = "art.jpg"\n')
    with pytest.raises(ConfigError, match="cannot read it as an image"):
        write_site(tmp_path / "output", config, [])
