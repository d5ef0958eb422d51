"""Format-specific article readers. Each turns one decoded file into a list of Blocks.

`reader.load` picks the reader by file suffix, resolves metadata and groups the
blocks into sections; everything format-specific lives here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from ..models import WrittenSentence

BlockKind = Literal["heading", "paragraph", "item", "quote", "caption", "code", "table"]
# Blocks the voice replaces with a short note, said in the article's language (its
# Language's code_note and table_note), given once the language is known (article.py).
NOTES = frozenset({"code", "table"})


@dataclass
class Block:
    """One block of the article body in reading order.

    `text` is clean written text (no markup, markers or URLs); `html` is the same block
    as an HTML fragment for the reading page (sanitised later as a whole). A block with
    `spoken=False` (an author's no-audio region) is shown on the page but never spoken.
    `container` groups consecutive items/quotes, e.g. ("ol", 3), so the page gets one list.
    `sentences` are filled in by reader.load once the title is known: the written sentences,
    each with the id of its element in `html` (reader/load/sentences.py).
    """

    kind: BlockKind
    text: str
    html: str = ""
    level: int = 0
    spoken: bool = True
    container: tuple[str, int] | None = None
    sentences: tuple[WrittenSentence, ...] = ()


@dataclass
class Parsed:
    """What a format reader returns: the blocks and whatever metadata the file itself held."""

    blocks: list[Block]
    meta: dict[str, Any] = field(default_factory=dict)
