"""Files next to the MP3: WebVTT, JSON chapters, plain transcript (the feed points to them),
and the read-along's sync map (the article's page reads it)."""

from __future__ import annotations

import json
from pathlib import Path

from ..fsutil import write_text_atomic
from ..layout import EpisodeFiles
from ..models import Chapter, Cue, Script


def sidecar_paths(audio: Path) -> tuple[Path, Path, Path]:
    """(<stem>.vtt, <stem>.chapters.json, <stem>.txt) beside the audio file."""
    vtt, chapters, transcript = EpisodeFiles(audio.as_posix()).sidecars
    return Path(vtt), Path(chapters), Path(transcript)


def sync_path(audio: Path) -> Path:
    """<stem>.sync.json beside the audio: which sentence of the page is spoken when."""
    return Path(EpisodeFiles(audio.as_posix()).sync)


def sync_json(cues: tuple[Cue, ...]) -> str:
    """The read-along's timing: for every piece that came from the page, the id of its
    sentence's element and when it is spoken, in seconds. Pieces from nowhere on the page
    (the opening, a code or table note) are listed with id null, so the page knows to mark
    nothing while they play. Compact: it is fetched with the page."""
    data = {
        "version": 1,
        "cues": [
            [cue.source or None, cue.start_ms / 1000, cue.end_ms / 1000] for cue in cues
        ],
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def vtt_timestamp(ms: int) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def _vtt_text(text: str) -> str:
    # WebVTT cue text is HTML-like: escape its three special characters.
    return " ".join(text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").split())


def vtt(cues: tuple[Cue, ...]) -> str:
    blocks = ["WEBVTT"]
    for number, cue in enumerate(cues, start=1):
        blocks.append(
            f"{number}\n{vtt_timestamp(cue.start_ms)} --> {vtt_timestamp(cue.end_ms)}\n"
            f"{_vtt_text(cue.text)}"
        )
    return "\n\n".join(blocks) + "\n"


def chapters_json(chapters: tuple[Chapter, ...]) -> str:
    """Podcasting 2.0 JSON chapters, version 1.2.0 (times in seconds)."""
    data = {
        "version": "1.2.0",
        "chapters": [
            {"startTime": c.start_ms / 1000, "endTime": c.end_ms / 1000, "title": c.title}
            for c in chapters
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def transcript(script: Script) -> str:
    """What is spoken, as plain text: the opening, then each heading and its paragraphs."""
    lines = [" ".join(script.opening), ""]
    for section in script.sections:
        heading = section.title or section.spoken_title
        if heading:
            lines += [heading, ""]
        for paragraph in section.paragraphs:
            if paragraph:
                lines += [" ".join(paragraph), ""]
    return "\n".join(lines).rstrip() + "\n"


def write_sidecars(
    mp3: Path, script: Script, cues: tuple[Cue, ...], chapters: tuple[Chapter, ...]
) -> tuple[Path, Path, Path]:
    vtt_path, chapters_path, transcript_path = sidecar_paths(mp3)
    write_text_atomic(vtt_path, vtt(cues))
    write_text_atomic(chapters_path, chapters_json(chapters))
    write_text_atomic(transcript_path, transcript(script))
    write_text_atomic(sync_path(mp3), sync_json(cues))
    return vtt_path, chapters_path, transcript_path
