"""cover.jpg: the configured image (checked, converted to RGB JPEG) or a generated one."""

from __future__ import annotations

import functools
import hashlib
import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, UnidentifiedImageError

from ..config import PodcastConfig
from ..errors import ConfigError
from ..fsutil import write_bytes_atomic
from ..layout import COVER_NAME
from ..podcast_rules import COVER_MAX_SIDE, COVER_MIN_SIDE

GENERATED_SIDE = COVER_MAX_SIDE  # the largest a directory takes
_DESIGN_VERSION = "1"  # bump when the generated design changes, so covers are redrawn


def write_cover(output: Path, podcast: PodcastConfig) -> Path:
    target = output / COVER_NAME
    if podcast.image is not None:
        data = configured_cover(podcast.image)
    else:
        key = _generation_key(podcast.title)
        if _comment_of(target) == key:
            return target  # drawing 3000x3000 costs time; the same title gives the same image
        data = generated_cover(podcast.title, comment=key)
    if not target.is_file() or target.read_bytes() != data:
        write_bytes_atomic(target, data)
    return target


def configured_cover(image_path: Path, setting: str = "[podcast] image") -> bytes:
    """The configured image as an RGB JPEG; an error naming the setting if it cannot serve."""
    try:
        with Image.open(image_path) as image:
            image.load()
            source_format = image.format
            width, height = image.size
            converted = _to_rgb(image)
    except (OSError, UnidentifiedImageError) as exc:
        message = f"{setting}: cannot read it as an image ({exc})"
        raise ConfigError(message, path=image_path) from exc
    if width != height:
        raise ConfigError(f"{setting} is {width}x{height}; podcast covers must be square",
                          path=image_path)
    if width < COVER_MIN_SIDE:
        raise ConfigError(f"{setting} is {width}x{height}; podcast covers must be at least "
                          f"{COVER_MIN_SIDE}x{COVER_MIN_SIDE}", path=image_path)
    if source_format == "JPEG" and converted is None and width <= COVER_MAX_SIDE:
        return image_path.read_bytes()  # already right: publish the author's bytes unchanged
    with Image.open(image_path) as image:
        rgb = converted or image.convert("RGB")
        if width > COVER_MAX_SIDE:
            rgb = rgb.resize((COVER_MAX_SIDE, COVER_MAX_SIDE), Image.Resampling.LANCZOS)
        return _jpeg(rgb)


def _to_rgb(image: Image.Image) -> Image.Image | None:
    """None if already RGB; transparency goes onto white (JPEG has no alpha)."""
    if image.mode == "RGB":
        return None
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _jpeg(image: Image.Image, comment: str = "") -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90, optimize=True, comment=comment.encode("utf-8"))
    return buffer.getvalue()


def _generation_key(title: str) -> str:
    digest = hashlib.sha256(f"{_DESIGN_VERSION}\n{title}".encode()).hexdigest()[:16]
    return f"read-or-listen cover {digest}"


def _comment_of(path: Path) -> str | None:
    try:
        with Image.open(path) as image:  # reads the header only
            comment = image.info.get("comment", b"")
    except (OSError, UnidentifiedImageError):
        return None
    return comment.decode("utf-8", "replace") if isinstance(comment, bytes) else str(comment)


def _colours(title: str) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """A dark background picked from the title (stable), and a light accent."""
    palette = [((31, 58, 95), (242, 201, 76)), ((84, 35, 54), (250, 215, 160)),
               ((24, 78, 70), (236, 240, 200)), ((52, 40, 92), (255, 190, 140)),
               ((90, 48, 20), (250, 236, 200)), ((30, 30, 36), (240, 160, 112))]
    return palette[hashlib.sha256(title.encode()).digest()[0] % len(palette)]


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont,
          width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


# A process that builds many sites (the studio, a test run) draws each title once: drawing
# and encoding 3,000 x 3,000 pixels costs about 60 ms of CPU every time.
@functools.lru_cache(maxsize=8)
def generated_cover(title: str, *, comment: str = "") -> bytes:
    """A 3000x3000 RGB JPEG: the title, large, on a plain colour (Pillow's bundled font)."""
    side = GENERATED_SIDE
    background, accent = _colours(title)
    image = Image.new("RGB", (side, side), background)
    draw = ImageDraw.Draw(image)
    margin = side // 10
    text_width = side - 2 * margin
    size = 360
    while True:
        font = ImageFont.load_default(size=size)
        lines = _wrap(draw, title, font, text_width)
        too_wide = any(draw.textlength(line, font=font) > text_width for line in lines)
        if (len(lines) * size * 1.2 <= side * 0.6 and not too_wide) or size <= 80:
            break
        size = int(size * 0.88)
    assert isinstance(font, ImageFont.FreeTypeFont)
    line_height = int(size * 1.2)
    top = (side - line_height * len(lines)) // 2
    for index, line in enumerate(lines):
        draw.text((margin, top + index * line_height), line, font=font, fill=(255, 255, 255))
    draw.rectangle((margin, margin, margin + side // 6, margin + side // 60), fill=accent)
    small = ImageFont.load_default(size=side // 25)
    draw.text((margin, side - margin - side // 25), "Read or Listen", font=small, fill=accent)
    return _jpeg(image, comment)
