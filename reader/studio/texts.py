"""An article's texts beside its spoken script: each sentence as its page writes it, and
what its last built episode says (to tell which sentences a build would speak again)."""

from __future__ import annotations

import html
from pathlib import Path

from ..builder.manifest import Entry
from ..errors import UserError
from ..fsutil import safe_join
from ..models import Article


def written_texts(article: Article) -> dict[str, str]:
    """Page id -> the written sentence or heading it marks."""
    texts: dict[str, str] = {}
    for section in article.sections:
        if section.title_id and section.title:
            texts[section.title_id] = section.title
        for paragraph in section.sentences:
            texts.update((sentence.id, sentence.text) for sentence in paragraph)
    return texts


def spoken_in(output: Path, entry: Entry) -> set[str]:
    """The texts the built episode speaks, from its WebVTT (one cue per piece)."""
    assert entry.record is not None
    try:
        vtt = safe_join(output, entry.record.vtt_file).read_text(encoding="utf-8")
    except (OSError, UserError):
        return set()
    said = set()
    for block in vtt.split("\n\n")[1:]:
        lines = block.strip().splitlines()
        if len(lines) >= 3:
            said.add(" ".join(html.unescape(" ".join(lines[2:])).split()))
    return said
