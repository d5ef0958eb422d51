"""ID3v2.3 tags with chapters, written with mutagen.

v2.3 rather than v2.4: it is the version podcast players and tag readers most widely
understand. v2.3 has no UTF-8, so text frames are UTF-16.
"""

from __future__ import annotations

from pathlib import Path
from typing import Unpack

from mutagen.id3 import (
    APIC,
    CHAP,
    CTOC,
    ID3,
    TALB,
    TCON,
    TDRC,
    TIT2,
    TKWD,
    TLAN,
    TPE1,
    CTOCFlags,
    Encoding,
)

from ...errors import ConfigError
from ...models import Chapter, calendar_day
from .base import EpisodeTags

_UTF16 = Encoding.UTF16
_NO_OFFSET = 0xFFFFFFFF  # "byte offsets unknown": players use the times


def write_id3(mp3: Path, **episode: Unpack[EpisodeTags]) -> None:
    tags = ID3()
    tags.add(TIT2(encoding=_UTF16, text=[episode["title"]]))
    if episode["artist"]:
        tags.add(TPE1(encoding=_UTF16, text=[episode["artist"]]))
    if episode["album"]:
        tags.add(TALB(encoding=_UTF16, text=[episode["album"]]))
    # Saved as TYER/TDAT in v2.3.
    tags.add(TDRC(encoding=_UTF16, text=[calendar_day(episode["date"]).isoformat()]))
    tags.add(TCON(encoding=_UTF16, text=["Podcast"]))
    if episode.get("keywords"):
        # TKWD: the podcast keywords frame Apple's apps read (comma-separated).
        tags.add(TKWD(encoding=_UTF16, text=[",".join(episode.get("keywords", ()))]))
    language = _iso639_2(episode["lang"])
    if language:
        tags.add(TLAN(encoding=_UTF16, text=[language]))
    if episode["cover"] is not None:
        tags.add(_cover_frame(episode["cover"]))
    _add_chapters(tags, episode["chapters"])
    # mutagen writes v2.4 frames as they are unless converted first (TDRC -> TYER + TDAT).
    tags.update_to_v23()
    tags.save(mp3, v1=0, v2_version=3)


def _iso639_2(lang: str | None) -> str | None:
    """TLAN holds ISO 639-2 codes ("eng"), articles give BCP 47 tags ("en-GB")."""
    if not lang:
        return None
    import langcodes

    try:
        return str(langcodes.Language.get(lang).to_alpha3())
    except (LookupError, ValueError):
        return None


def _cover_frame(cover: Path) -> APIC:
    if not cover.is_file():
        raise ConfigError("cover image not found", path=cover)
    suffix = cover.suffix.lower()
    mime = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}.get(suffix)
    if mime is None:
        raise ConfigError("cover art must be a .jpg or .png image", path=cover)
    return APIC(encoding=_UTF16, mime=mime, type=3, desc="Cover", data=cover.read_bytes())


def _add_chapters(tags: ID3, chapters: tuple[Chapter, ...]) -> None:
    ids = [f"chp{index}" for index in range(len(chapters))]
    tags.add(
        CTOC(
            element_id="toc",
            flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
            child_element_ids=ids,
            sub_frames=[TIT2(encoding=_UTF16, text=["Chapters"])],
        )
    )
    for element_id, chapter in zip(ids, chapters, strict=True):
        tags.add(
            CHAP(
                element_id=element_id,
                start_time=chapter.start_ms,
                end_time=chapter.end_ms,
                start_offset=_NO_OFFSET,
                end_offset=_NO_OFFSET,
                sub_frames=[TIT2(encoding=_UTF16, text=[chapter.title])],
            )
        )
